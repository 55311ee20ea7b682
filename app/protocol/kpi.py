"""KPI wire models (MW-36..MW-42, spec §2.10–2.12, §3.3): the 19 indicators, their values per object,
the per-user selection and the shared thresholds; and the ``kpi.changed`` event."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

KPI_CHANGED = "kpi.changed"
"""Some indicator value or colour of the tenant changed; clients refetch ``GET /kpi``."""


class ObjectKind(StrEnum):
    CC = "cc"
    """The whole contact center (object id 0)."""
    GROUP = "group"
    OPERATOR = "operator"


class Colour(StrEnum):
    NONE = "none"
    YELLOW = "yellow"
    RED = "red"


class Level(StrEnum):
    YELLOW = "yellow"
    RED = "red"


class Comparator(StrEnum):
    LE = "le"  # «меньше или равно»
    BETWEEN = "between"  # «между»
    GE = "ge"  # «больше или равно»


CC_GROUP = frozenset({ObjectKind.CC, ObjectKind.GROUP})
ALL_KINDS = frozenset(ObjectKind)
OPERATOR_ONLY = frozenset({ObjectKind.OPERATOR})

KPI_SCOPES: dict[int, frozenset[ObjectKind]] = {
    1: CC_GROUP,
    2: CC_GROUP,
    3: CC_GROUP,
    4: CC_GROUP,
    5: CC_GROUP,
    6: CC_GROUP,
    7: CC_GROUP,
    8: CC_GROUP,
    9: ALL_KINDS,
    10: ALL_KINDS,
    11: ALL_KINDS,
    12: ALL_KINDS,
    13: ALL_KINDS,
    14: OPERATOR_ONLY,
    15: ALL_KINDS,
    16: ALL_KINDS,
    17: OPERATOR_ONLY,
    18: OPERATOR_ONLY,
    19: ALL_KINDS,
}
"""Indicator code → the objects it is defined for (the «Scopes» column of §3.3)."""

KPI_UNITS: dict[int, str] = {
    code: unit
    for codes, unit in (
        ((1, 3, 4, 5, 9, 10, 13, 14), "count"),
        ((2, 7, 15, 16), "seconds"),
        ((6, 8, 11, 12, 17, 18, 19), "percent"),
    )
    for code in codes
}


class KpiObject(BaseModel):
    kind: ObjectKind
    id: int
    name: str
    group_ids: list[int] = Field(default_factory=list)
    """For operators: their groups; empty puts them under «Без группы»."""


class KpiValue(BaseModel):
    kind: ObjectKind
    object_id: int
    code: int
    value: float | None
    """None where the formula has no data (a ratio over zero calls)."""
    colour: Colour = Colour.NONE


class KpiSnapshot(BaseModel):
    at: datetime
    period_start: datetime
    objects: list[KpiObject]
    values: list[KpiValue]


class KpiSelectionItem(BaseModel):
    kind: ObjectKind
    object_id: int
    code: int = Field(ge=1, le=19)


class KpiSelection(BaseModel):
    items: list[KpiSelectionItem]


class Threshold(BaseModel):
    kind: ObjectKind
    object_id: int
    code: int = Field(ge=1, le=19)
    level: Level
    comparator: Comparator
    low: float | None = None
    """The value for ≤ and ≥ (and the lower bound of «между»)."""
    high: float | None = None
    """The upper bound of «между»."""


class ThresholdList(BaseModel):
    items: list[Threshold]


class KpiChangedData(BaseModel):
    at: datetime
    objects: list[tuple[ObjectKind, int]]
    """Objects whose values or colours changed."""
