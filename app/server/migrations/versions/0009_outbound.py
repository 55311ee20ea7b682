"""operators' outbound calls through trunks

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 06:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outbound_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('trunk_id', sa.Integer(), nullable=True),
    sa.Column('switch_ref', sa.String(length=64), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('caller_id', sa.String(length=32), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=30), nullable=True),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trunk_id'], ['trunks.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('switch_ref')
    )
    op.create_index('ix_outbound_calls_tenant_started', 'outbound_calls', ['tenant_id', 'started_at'], unique=False)
    op.create_index(op.f('ix_outbound_calls_employee_id'), 'outbound_calls', ['employee_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_outbound_calls_employee_id'), table_name='outbound_calls')
    op.drop_index('ix_outbound_calls_tenant_started', table_name='outbound_calls')
    op.drop_table('outbound_calls')
