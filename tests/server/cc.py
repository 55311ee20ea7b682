"""Helpers for the contact-center tests: an app with a recording switch, the demo queue numbers, and the
switch's side of a call (the domain entry points, driven directly)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.server.core.config import ServerSettings
from app.server.core.db import Database
from app.server.main import create_app
from app.server.models import Call, Employee, Group, Offer, Tenant
from app.server.services.acd import AcdEngine
from app.server.services.switch_port import CommandLogSwitch
from tests.server.conftest import TEST_SETTINGS, Api, FakeClock, TestClient

SALES_NUMBER, SUPPORT_NUMBER = "74950000001", "74950000002"
_refs = itertools.count(1)


@dataclass
class CC:
    api: Api
    engine: AcdEngine
    switch: CommandLogSwitch
    clock: FakeClock
    tenant_id: int
    groups: dict[str, int]
    ids: dict[str, int]
    tokens: dict[str, str]

    def session(self, login: str, status: str = "online") -> str:
        token = self.api.token(login, status=status)
        self.tokens[login] = token
        return token

    def arrive(
        self, number: str = SALES_NUMBER, caller: str = "+79990000001", *, hidden: bool = False
    ) -> str:
        ref = f"leg-{next(_refs)}"
        self.engine.customer_call_arrived(
            tenant_id=self.tenant_id,
            queue_number=number,
            caller_number=caller,
            call_id=ref,
            number_hidden=hidden,
        )
        return ref

    def call_id(self, ref: str) -> int:
        with self.engine._db.reading() as session:
            return session.execute(select(Call.id).where(Call.switch_ref == ref)).scalar_one()

    def ringing(self, ref: str) -> list[str]:
        """Logins the call rings at now, from the offers in the database."""
        call_id = self.call_id(ref)
        names = {v: k for k, v in self.ids.items()}
        with self.engine._db.reading() as session:
            rows = session.execute(
                select(Offer.employee_id).where(Offer.call_id == call_id, Offer.result.is_(None))
            ).scalars()
            return sorted(names[e] for e in rows)

    def offer_results(self, ref: str) -> list[tuple[str, str | None]]:
        call_id = self.call_id(ref)
        names = {v: k for k, v in self.ids.items()}
        with self.engine._db.reading() as session:
            rows = session.execute(
                select(Offer.employee_id, Offer.result).where(Offer.call_id == call_id).order_by(Offer.id)
            )
            return [(names[e], r) for e, r in rows]

    def token(self, ref: str, login: str) -> str:
        """The one-time token the switch was told to expect for this operator (the latest)."""
        found = [
            c.args[1]
            for c in self.switch.named("offer_ready")
            if c.call_ref == ref and c.args[0] == self.ids[login]
        ]
        assert found, f"no offer of {ref} to {login}"
        return str(found[-1])

    def answer(self, ref: str, login: str) -> bool:
        return self.engine.operator_leg_answered(self.token(ref, login))

    def distribution(self, group: str, **settings: Any) -> None:
        admin = self.tokens.get("admin") or self.session("admin")
        body = {**self.api.get(f"/groups/{self.groups[group]}/distribution", admin).json(), **settings}
        response = self.api.put(f"/groups/{self.groups[group]}/distribution", admin, body)
        assert response.status_code == 200, response.text

    def tick(self, **delta: float) -> None:
        self.clock.advance(**delta)
        self.engine.tick()


def open_cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    """For a fixture: the demo tenant with every group on zero post-call work unless a test sets it."""
    cc, client = build_cc(db, clock)
    for group in cc.groups:
        cc.distribution(group, wrapup_seconds=0)
    try:
        yield cc
    finally:
        client.close()


def build_cc(db: Database, clock: FakeClock) -> tuple[CC, TestClient]:
    switch = CommandLogSwitch()
    app = create_app(
        ServerSettings(**{**TEST_SETTINGS, "heartbeat_seconds": 0.3}), db=db, clock=clock, switch=switch
    )
    client = TestClient(app)
    with db.reading() as session:
        tenant_id = session.execute(select(Tenant.id)).scalar_one()
        groups = dict(session.execute(select(Group.name, Group.id)).all())
        ids = {login.split("/")[-1]: i for login, i in session.execute(select(Employee.login, Employee.id))}
    cc = CC(Api(client, app), app.state.ctx.acd, switch, clock, tenant_id, groups, ids, {})
    return cc, client
