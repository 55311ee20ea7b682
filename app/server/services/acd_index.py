"""The in-memory index the ACD decides from: operators, their groups, who is free and eligible per group.

It is a cache of the database (rebuilt at start, refreshed on status, membership and call events); every
decision taken from it is persisted before it takes effect. Picking an operator touches only this index, so
it costs microseconds even with thousands of operators (see ``bench/acd.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from app.protocol.calls import Algorithm
from app.protocol.status import BuiltinStatus
from app.server.services.statuses import BUILTIN_BY_KEY

OFFLINE = BuiltinStatus.OFFLINE.value


@dataclass(slots=True)
class OperatorState:
    employee_id: int
    tenant_id: int
    status: str
    consider_status: bool
    groups: dict[int, int]
    """Group id → the operator's priority in it."""
    idle_since: datetime
    call_id: int | None = None
    """The call the operator is in (talking, holding, transferring); negative: their own outbound call
    through a trunk (MW-19), by its negated id as the call history names it. Either way busy (MW-25)."""
    ringing: set[int] = field(default_factory=set)
    """Offers ringing at the operator now."""
    in_wrapup: bool = False


class OperatorIndex:
    """Operators by id and, per group, the set of those who may get a group call right now."""

    def __init__(self) -> None:
        self.operators: dict[int, OperatorState] = {}
        self.free: dict[int, set[int]] = {}
        self._members: dict[int, list[int]] = {}
        self._rr_last: dict[int, int] = {}
        self._custom_flags: dict[int, dict[str, bool]] = {}
        """Tenant → custom status key → «receives group calls»."""

    # --- status rules --------------------------------------------------------------------------------

    def set_custom_flags(self, tenant_id: int, flags: dict[str, bool]) -> None:
        self._custom_flags[tenant_id] = flags
        for op in self.operators.values():
            if op.tenant_id == tenant_id:
                self._place(op)

    def status_allows(self, op: OperatorState) -> bool:
        """Part 1 §3.1: group calls only in «На линии», «Все звонки» and custom statuses with that flag;
        with «Учитывать статус» off the status is presence only, but an offline operator gets nothing."""
        if op.status == OFFLINE:
            return False
        if not op.consider_status:
            return True
        builtin = BUILTIN_BY_KEY.get(op.status)
        if builtin is not None:
            return builtin.receives_group_calls
        return self._custom_flags.get(op.tenant_id, {}).get(op.status, False)

    def is_free(self, op: OperatorState) -> bool:
        return op.call_id is None and not op.ringing and not op.in_wrapup and self.status_allows(op)

    # --- updates -------------------------------------------------------------------------------------

    def put(self, op: OperatorState) -> None:
        old = self.operators.get(op.employee_id)
        if old is not None:
            for group_id in old.groups:
                self.free.get(group_id, set()).discard(op.employee_id)
                if group_id not in op.groups:
                    members = self._members.get(group_id, [])
                    if op.employee_id in members:
                        members.remove(op.employee_id)
        self.operators[op.employee_id] = op
        for group_id in op.groups:
            members = self._members.setdefault(group_id, [])
            if op.employee_id not in members:
                members.append(op.employee_id)
                members.sort()
        self._place(op)

    def drop(self, employee_id: int) -> None:
        op = self.operators.pop(employee_id, None)
        if op is None:
            return
        for group_id in op.groups:
            self.free.get(group_id, set()).discard(employee_id)
            members = self._members.get(group_id, [])
            if employee_id in members:
                members.remove(employee_id)

    def touch(self, employee_id: int) -> None:
        """Re-evaluate one operator after a change of their call, offers, wrap-up or status."""
        op = self.operators.get(employee_id)
        if op is not None:
            self._place(op)

    def _place(self, op: OperatorState) -> None:
        free = self.is_free(op)
        for group_id in op.groups:
            bucket = self.free.setdefault(group_id, set())
            if free:
                bucket.add(op.employee_id)
            else:
                bucket.discard(op.employee_id)

    # --- decisions -----------------------------------------------------------------------------------

    def pick(self, group_id: int, algorithm: Algorithm, exclude: Iterable[int] = ()) -> list[int]:
        """The operator(s) to offer the group's next call to: one, or every free one for «ring all»."""
        candidates = self.free.get(group_id)
        if not candidates:
            return []
        excluded = set(exclude)
        pool = [e for e in candidates if e not in excluded] if excluded else list(candidates)
        if not pool:
            return []
        ops = self.operators
        if algorithm is Algorithm.RING_ALL:
            return sorted(pool)
        if algorithm is Algorithm.LONGEST_IDLE:
            return [min(pool, key=lambda e: (ops[e].idle_since, e))]
        if algorithm is Algorithm.PRIORITY:
            return [min(pool, key=lambda e: (-ops[e].groups.get(group_id, 0), ops[e].idle_since, e))]
        return [self._round_robin(group_id, set(pool))]

    def _round_robin(self, group_id: int, pool: set[int]) -> int:
        members = self._members.get(group_id, [])
        last = self._rr_last.get(group_id, -1)
        after = [e for e in members if e > last and e in pool]
        chosen = after[0] if after else min(e for e in members if e in pool)
        self._rr_last[group_id] = chosen
        return chosen
