"""two-factor authentication

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('two_factor_secrets',
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('enabled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_step', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_two_factor_secrets_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('employee_id', name=op.f('pk_two_factor_secrets')),
    )
    op.create_table('two_factor_challenges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=True),
    sa.Column('remember', sa.Boolean(), nullable=False),
    sa.Column('client', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_two_factor_challenges_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_two_factor_challenges')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_two_factor_challenges_token_hash')),
    )
    op.create_index(op.f('ix_two_factor_challenges_employee_id'), 'two_factor_challenges', ['employee_id'], unique=False)
    op.create_index(op.f('ix_two_factor_challenges_expires_at'), 'two_factor_challenges', ['expires_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_two_factor_challenges_expires_at'), table_name='two_factor_challenges')
    op.drop_index(op.f('ix_two_factor_challenges_employee_id'), table_name='two_factor_challenges')
    op.drop_table('two_factor_challenges')
    op.drop_table('two_factor_secrets')
