"""error reports

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Roles of tenants created before this revision get the new permission key as the matrix has it
# (administrators: ALL, everyone else: N); new tenants get it from the matrix itself.
_KEY = 'error_reports.view'


def upgrade() -> None:
    op.create_table('error_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=True),
    sa.Column('problem_id', sa.String(length=20), nullable=False),
    sa.Column('client_report_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('logs', sa.Text(), nullable=False),
    sa.Column('crash', sa.Boolean(), nullable=False),
    sa.Column('client_version', sa.String(length=200), nullable=False),
    sa.Column('system', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_error_reports_employee_id_employees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_error_reports_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_error_reports')),
    sa.UniqueConstraint('problem_id', name=op.f('uq_error_reports_problem_id')),
    sa.UniqueConstraint('tenant_id', 'client_report_id', name=op.f('uq_error_reports_tenant_id_client_report_id')),
    )
    op.create_index(op.f('ix_error_reports_tenant_id'), 'error_reports', ['tenant_id'], unique=False)
    roles = sa.table('roles', sa.column('id', sa.Integer()), sa.column('code', sa.String()))
    grants = sa.table(
        'role_permissions',
        sa.column('role_id', sa.Integer()),
        sa.column('key', sa.String()),
        sa.column('value', sa.String()),
    )
    bind = op.get_bind()
    granted = sa.select(grants.c.role_id).where(grants.c.key == _KEY)
    rows = [
        {'role_id': role_id, 'key': _KEY, 'value': 'ALL' if code == 'administrator' else 'N'}
        for role_id, code in bind.execute(
            sa.select(roles.c.id, roles.c.code).where(roles.c.id.not_in(granted))
        )
    ]
    if rows:
        op.bulk_insert(grants, rows)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM role_permissions WHERE key = 'error_reports.view'"))
    op.drop_index(op.f('ix_error_reports_tenant_id'), table_name='error_reports')
    op.drop_table('error_reports')
