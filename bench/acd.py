"""ACD offer latency with 1,000 operators and 500 waiting calls, against a trivial database write.

    .venv/bin/python bench/acd.py [--operators 1000] [--waiting 500] [--samples 300] [--runs 3]
                                  [--database URL --runs 1]

Three figures, all measured in the same run on the same database:

- decision: the in-memory choice of an operator (``OperatorIndex.pick``, longest idle) among the free
  operators of a group, with every operator free;
- offer: an operator comes on line while 500 calls wait; from the engine learning of the committed status
  change (``AcdEngine.operators_changed``, as the app's after-commit hook calls it) to the offer committed
  with its events and the switch told;
- reference: one trivial write transaction (``UPDATE tenants SET name = ...``) on the same database.

Prints p50 and p99 of each and the ratio of offer p99 to the reference p99, per run (a fresh database
each), then the median p99 of the runs: on a shared machine one run's p99 is often another process's
time slice. The target is offer ≤ 5 ms p99.

What an offer costs (cProfile over 300 offers): the pick is ~0.02 ms; the rest is one write transaction
with two Core statements (the offer row, the call's state) plus the ``call.offered`` and queue events, and
its commit is the largest part. So the offer's p50 is 1.5-2x a trivial write's, and its p99 moves with the
trivial write's p99 from run to run: with the machine kept busy by other work (load 3-10, other engineers'
tests and real-time probes) both p99s were 4-13 ms in each run, the ratio 0.6-2.1x; with Python's cyclic
GC off they were the same, so the tail is the machine's scheduling, not the ACD's code or its garbage.
Read the ratio, not the absolute p99, when the machine is shared.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select, update  # noqa: E402

from app.protocol.calls import Algorithm  # noqa: E402
from app.server.core.db import Database  # noqa: E402
from app.server.events.outbox import Retention  # noqa: E402
from app.server.models import (  # noqa: E402
    DistributionSettings,
    Employee,
    GroupMember,
    QueueNumber,
    Role,
    Tenant,
)
from app.server.services import acd_signals, groups, statuses, tenants  # noqa: E402
from app.server.services.acd import AcdEngine  # noqa: E402
from app.server.services.switch_port import CommandLogSwitch  # noqa: E402

GROUPS = 10


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(microseconds=1)
        return self.now


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _setup(db: Database, operators: int, clock: Clock) -> tuple[int, list[int], list[int]]:
    db.migrate()
    with db.transaction() as session:
        tenant = tenants.create_tenant(session, product_number="900000001", name="Bench", now=clock.now)
        role_id = session.execute(select(Role.id).where(Role.tenant_id == tenant.id)).scalars().first()
        group_ids = [
            groups.create_group(session, tenant.id, f"G{i}", now=clock.now, retention=None).id
            for i in range(GROUPS)
        ]
        employees = [
            Employee(
                tenant_id=tenant.id,
                role_id=role_id,
                login=f"op{i}",
                full_name=f"Operator {i}",
                extension=str(1000 + i),
                status="break",
                status_since=clock.now - timedelta(seconds=operators - i),
                created_at=clock.now,
            )
            for i in range(operators)
        ]
        session.add_all(employees)
        session.flush()
        for i, employee in enumerate(employees):
            session.add(GroupMember(group_id=group_ids[i % GROUPS], employee_id=employee.id))
            if i % 3 == 0:  # a third of the operators serve a second group
                session.add(GroupMember(group_id=group_ids[(i + 1) % GROUPS], employee_id=employee.id))
        for i, group_id in enumerate(group_ids):
            session.add(DistributionSettings(group_id=group_id, tenant_id=tenant.id, ring_timeout_seconds=20))
            session.add(QueueNumber(tenant_id=tenant.id, number=f"7495000{i:04d}", group_id=group_id))
        return tenant.id, group_ids, [e.id for e in employees]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--operators", type=int, default=1000)
    parser.add_argument("--waiting", type=int, default=500)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument(
        "--database", default=None, help="SQLAlchemy URL of an EMPTY database (default: SQLite)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="independent runs (fresh database each); the median p99 is judged"
    )
    args = parser.parse_args()
    if args.database and args.runs > 1:
        parser.error("--database needs --runs 1 (each run needs an empty database)")
    offer_p99s, reference_p99s = [], []
    for run in range(args.runs):
        if args.runs > 1:
            print(f"run {run + 1} of {args.runs}")
        offer_p99, reference_p99 = _run(args)
        offer_p99s.append(offer_p99)
        reference_p99s.append(reference_p99)
    if args.runs > 1:
        offer_p99, reference_p99 = statistics.median(offer_p99s), statistics.median(reference_p99s)
        print(
            f"median of {args.runs} runs: offer p99 {offer_p99:.3f} ms, trivial write p99 "
            f"{reference_p99:.3f} ms, ratio {offer_p99 / reference_p99:.2f}x   (target offer p99 <= 5 ms: "
            f"{'met' if offer_p99 <= 5 else 'NOT met'})"
        )
    return 0


def _run(args: argparse.Namespace) -> tuple[float, float]:
    """One measurement on a fresh database; prints its figures, returns (offer p99, reference p99)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(args.database or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        clock = Clock()
        tenant_id, group_ids, employee_ids = _setup(db, args.operators, clock)
        retention = Retention(count=100_000, hours=24)
        engine = AcdEngine(db=db, clock=clock, retention=retention, switch=CommandLogSwitch())
        engine.load()

        # Every operator on a break: calls wait.
        warmup = 10  # the first offers compile SQLAlchemy's statement cache, as any long-running server has
        # Each measured offer takes one waiting call: start with enough that 500 still wait at the end.
        for i in range(args.waiting + args.samples + warmup):
            engine.customer_call_arrived(
                tenant_id=tenant_id,
                queue_number=f"7495000{i % GROUPS:04d}",
                caller_number=f"+7999{i:07d}",
                call_id=f"c{i}",
            )

        # Offer: operators come on line one at a time; each gets the head call of their groups at once.
        offer: list[float] = []
        for n, employee_id in enumerate(employee_ids[: args.samples + warmup]):
            with db.transaction() as session:
                employee = session.get(Employee, employee_id)
                assert employee is not None
                statuses.set_status(session, employee, "online", now=clock(), retention=retention)
                marks = acd_signals.take(session)  # what the app's after-commit hook hands the engine
            before = len(engine.state.offers)
            started = time.perf_counter()
            engine.operators_changed(marks.employees, marks.tenants, marks.statuses)
            if n >= warmup:
                offer.append((time.perf_counter() - started) * 1000)
            assert len(engine.state.offers) == before + 1, "no offer was made"

        waiting = sum(1 for q in engine.state.queues.values() for c in q if not c.offers)
        # Reference: one trivial write transaction on the same database.
        reference: list[float] = []
        for i in range(args.samples):
            started = time.perf_counter()
            with db.transaction() as session:
                session.execute(update(Tenant).where(Tenant.id == tenant_id).values(name=f"Bench {i}"))
            reference.append((time.perf_counter() - started) * 1000)

        # Decision: with every operator free, the pick alone.
        for op in engine.state.index.operators.values():
            op.status, op.ringing = "online", set()
            engine.state.index.touch(op.employee_id)
        decision: list[float] = []
        for i in range(max(args.samples, 2000)):
            group_id = group_ids[i % GROUPS]
            started = time.perf_counter()
            engine.state.index.pick(group_id, Algorithm.LONGEST_IDLE)
            decision.append((time.perf_counter() - started) * 1000)
        free = len(engine.state.index.free.get(group_ids[0], ()))
        db.dispose()

    print(
        f"ACD bench: {args.operators} operators in {GROUPS} groups, "
        f"at least {waiting} calls waiting, {db.dialect}"
    )
    for name, values in (("decision", decision), ("offer", offer), ("reference", reference)):
        print(
            f"  {name:<10} p50 {statistics.median(values):8.3f} ms   p99 {_pct(values, 0.99):8.3f} ms"
            f"   max {max(values):8.3f} ms"
        )
    print(f"  decision among {free} free operators of one group")
    ratio = _pct(offer, 0.99) / _pct(reference, 0.99)
    print(
        f"  offer p99 / trivial write p99 = {ratio:.2f}x   (target offer p99 <= 5 ms: "
        f"{'met' if _pct(offer, 0.99) <= 5 else 'NOT met'})"
    )
    return _pct(offer, 0.99), _pct(reference, 0.99)


if __name__ == "__main__":
    raise SystemExit(main())
