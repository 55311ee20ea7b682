"""settings tabs (quick answers, screen-pop requests, post-call conditions, section visibility)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Roles of tenants created before this revision get the new permission key as the matrix has it
# (administrators: ALL, everyone else: CTRL); new tenants get it from the matrix itself.
_KEY = 'settings.post_call'


def upgrade() -> None:
    op.create_table('quick_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('category', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_quick_answers_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['quick_answers.id'], name=op.f('fk_quick_answers_parent_id_quick_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_quick_answers_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quick_answers')),
    )
    op.create_index(op.f('ix_quick_answers_tenant_id'), 'quick_answers', ['tenant_id'], unique=False)
    op.create_table('screen_pop_settings',
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_screen_pop_settings_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('employee_id', name=op.f('pk_screen_pop_settings')),
    )
    with op.batch_alter_table('employees') as batch:
        batch.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    roles = sa.table('roles', sa.column('id', sa.Integer()), sa.column('code', sa.String()))
    grants = sa.table(
        'role_permissions',
        sa.column('role_id', sa.Integer()),
        sa.column('key', sa.String()),
        sa.column('value', sa.String()),
    )
    bind = op.get_bind()
    rows = [
        {'role_id': role_id, 'key': _KEY, 'value': 'ALL' if code == 'administrator' else 'CTRL'}
        for role_id, code in bind.execute(sa.select(roles.c.id, roles.c.code))
    ]
    if rows:
        op.bulk_insert(grants, rows)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM role_permissions WHERE key = 'settings.post_call'"))
    with op.batch_alter_table('employees') as batch:
        batch.drop_column('deleted_at')
    op.drop_table('screen_pop_settings')
    op.drop_index(op.f('ix_quick_answers_tenant_id'), table_name='quick_answers')
    op.drop_table('quick_answers')
