"""Helpers shared by the NAIC rule modules."""

from __future__ import annotations

from datetime import date

from cobsim.model.case import Coverage
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    MemberRelationship,
)
from cobsim.rules.base import (
    ANY_KIND,
    Authority,
    Pairs,
)

STATE = Authority.STATE
#: Two plans in the NAIC model's sense (group, individual, student, FEHB): the pairs most NAIC rules speak for.
BETWEEN_PLANS = (Pairs(COMMERCIAL_KINDS, COMMERCIAL_KINDS),)
#: Two coverages that both cover the patient as a child (the §6D(2) rules, which check no kind).
BETWEEN_CHILD_COVERAGES = (Pairs(ANY_KIND, ANY_KIND, frozenset({MemberRelationship.CHILD})),)


def both_commercial(a: Coverage, b: Coverage) -> bool:
    return a.kind in COMMERCIAL_KINDS and b.kind in COMMERCIAL_KINDS


def month_day(d: date) -> tuple[int, int]:
    return (d.month, d.day)


def birthday_text(d: date) -> str:
    return f"{d:%B} {d.day}"
