"""kpi selections and thresholds

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 03:35:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('kpi_selections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('object_kind', sa.String(length=10), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_kpi_selections_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_selections')),
    sa.UniqueConstraint('employee_id', 'object_kind', 'object_id', 'code', name=op.f('uq_kpi_selections_employee_id_object_kind_object_id_code')),
    )
    op.create_index(op.f('ix_kpi_selections_employee_id'), 'kpi_selections', ['employee_id'], unique=False)
    op.create_table('kpi_thresholds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('object_kind', sa.String(length=10), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('comparator', sa.String(length=10), nullable=False),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_kpi_thresholds_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_thresholds')),
    sa.UniqueConstraint('tenant_id', 'object_kind', 'object_id', 'code', 'level', name=op.f('uq_kpi_thresholds_tenant_id_object_kind_object_id_code_level')),
    )
    op.create_index(op.f('ix_kpi_thresholds_tenant_id'), 'kpi_thresholds', ['tenant_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_kpi_thresholds_tenant_id'), table_name='kpi_thresholds')
    op.drop_table('kpi_thresholds')
    op.drop_index(op.f('ix_kpi_selections_employee_id'), table_name='kpi_selections')
    op.drop_table('kpi_selections')
