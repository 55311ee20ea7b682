"""listening to and downloading call recordings

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Roles of tenants created before this revision get ``recordings.listen`` as the matrix has it (spec part 7
# A1.8); new tenants get it from the matrix itself. A role granted it by hand already keeps its value.
_KEY = 'recordings.listen'
_VALUES = {
    'employee': 'SELF',
    'senior_employee': 'OWN+CTRL',
    'group_head': 'OWN+CTRL',
    'company_head': 'ALL',
    'accountant': 'SELF',
    'marketer': 'ALL',
    'administrator': 'ALL',
}


def upgrade() -> None:
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
        {'role_id': role_id, 'key': _KEY, 'value': _VALUES.get(code, 'N')}
        for role_id, code in bind.execute(
            sa.select(roles.c.id, roles.c.code).where(roles.c.id.not_in(granted))
        )
    ]
    if rows:
        op.bulk_insert(grants, rows)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM role_permissions WHERE key = 'recordings.listen'"))
