"""contact-center call operations and recordings

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # E3: transfers with consultation, conferences and transfers to a number
    with op.batch_alter_table("transfers") as batch:
        batch.add_column(sa.Column("mode", sa.String(20), nullable=False, server_default="blind"))
        batch.add_column(sa.Column("to_number", sa.String(200), nullable=True))
        batch.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
    # E2: every recording's length and whether it is a voicemail
    with op.batch_alter_table("recordings") as batch:
        batch.add_column(sa.Column("seconds", sa.Float(), nullable=True))
        batch.add_column(sa.Column("voicemail", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # E2: every recording's length and whether it is a voicemail
    with op.batch_alter_table("recordings") as batch:
        batch.drop_column("voicemail")
        batch.drop_column("seconds")
    # E3: transfers with consultation, conferences and transfers to a number
    with op.batch_alter_table("transfers") as batch:
        batch.drop_column("ended_at")
        batch.drop_column("to_number")
        batch.drop_column("mode")
