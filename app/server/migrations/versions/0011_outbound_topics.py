"""topics, a comment and the recording of an operator's call out

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 11:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbound_calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wrapup_comment', sa.String(length=2000), server_default='', nullable=False))
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outbound_call_id', sa.Integer(), nullable=True))
        batch_op.alter_column('call_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_recordings_outbound_call_id'), ['outbound_call_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_recordings_outbound_call_id_outbound_calls'),
            'outbound_calls', ['outbound_call_id'], ['id'], ondelete='CASCADE',
        )
    op.create_table('outbound_call_topics',
    sa.Column('outbound_call_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['outbound_call_id'], ['outbound_calls.id'], name=op.f('fk_outbound_call_topics_outbound_call_id_outbound_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_outbound_call_topics_employee_id_employees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_outbound_call_topics_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('outbound_call_id', 'topic_id', name=op.f('pk_outbound_call_topics'))
    )


def downgrade() -> None:
    op.drop_table('outbound_call_topics')
    op.execute('DELETE FROM recordings WHERE call_id IS NULL')
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_recordings_outbound_call_id_outbound_calls'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_recordings_outbound_call_id'))
        batch_op.alter_column('call_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('outbound_call_id')
    with op.batch_alter_table('outbound_calls', schema=None) as batch_op:
        batch_op.drop_column('wrapup_comment')
