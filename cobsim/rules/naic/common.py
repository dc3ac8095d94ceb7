"""Helpers shared by the NAIC rule modules."""

from __future__ import annotations

from datetime import date

from cobsim.model.case import Coverage
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
)
from cobsim.rules.base import (
    Authority,
)

STATE = Authority.STATE


def both_commercial(a: Coverage, b: Coverage) -> bool:
    return a.kind in COMMERCIAL_KINDS and b.kind in COMMERCIAL_KINDS


def month_day(d: date) -> tuple[int, int]:
    return (d.month, d.day)


def birthday_text(d: date) -> str:
    return f"{d:%B} {d.day}"
