"""post-call work after an operator's connected outbound call

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 08:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('post_call_work', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outbound_call_id', sa.Integer(), nullable=True))
        batch_op.alter_column('call_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f('fk_post_call_work_outbound_call_id_outbound_calls'),
            'outbound_calls', ['outbound_call_id'], ['id'], ondelete='CASCADE',
        )


def downgrade() -> None:
    op.execute('DELETE FROM post_call_work WHERE call_id IS NULL')
    with op.batch_alter_table('post_call_work', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_post_call_work_outbound_call_id_outbound_calls'), type_='foreignkey')
        batch_op.alter_column('call_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('outbound_call_id')
