"""Month-by-month payer order: how the answer changes with the service date.

For each month between two dates the case is solved as of the first day of the month (or the given day of the
first month), and changes of order are explained by the rule that now decides the primary position.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cobsim.engine import solve
from cobsim.errors import InvalidInput
from cobsim.medicare import add_months, months_between
from cobsim.model.case import Case
from cobsim.model.codes import RuleSet
from cobsim.trace import Determination

MAX_MONTHS = 600


@dataclass(frozen=True)
class Month:
    month: date
    order: tuple[str, ...]
    status: str
    deciding_rule: str | None
    changed: bool
    change: str | None

    def as_data(self) -> dict[str, Any]:
        return {
            "month": f"{self.month:%Y-%m}",
            "date": self.month.isoformat(),
            "order": list(self.order),
            "status": self.status,
            "deciding_rule": self.deciding_rule,
            "changed": self.changed,
            "change": self.change,
        }


def _primary_rule(det: Determination) -> str | None:
    primary = det.primary
    if primary is None:
        return None
    for s in det.steps:
        if s.outcome == "decided" and s.first == primary:
            return s.rule
    return None


def timeline(case: Case, start: date, end: date, *, ruleset: RuleSet | None = None) -> list[Month]:
    """The payer order on the first day of every month from ``start`` to ``end`` (inclusive).

    Raises:
        InvalidInput: ``end`` is before ``start``, or the span is longer than 50 years.
    """
    if end < start:
        raise InvalidInput(f"the timeline ends ({end}) before it starts ({start})")
    span = months_between(start, end) + 1
    if span > MAX_MONTHS:
        raise InvalidInput(f"a timeline may cover at most {MAX_MONTHS} months (asked for {span})")
    months: list[Month] = []
    previous: Determination | None = None
    for i in range(span):
        on = start if i == 0 else add_months(start, i)
        det = solve(case, ruleset=ruleset, on=on)
        changed = previous is not None and (det.order != previous.order or det.status != previous.status)
        change = None
        if changed:
            rule = _primary_rule(det)
            why = next((s.explanation for s in det.steps if s.outcome == "decided" and s.first == det.primary), None)
            if why is None and det.excluded:
                why = det.excluded[-1].reason
            change = f"{rule}: {why}" if rule else why
        months.append(
            Month(
                month=on,
                order=det.order,
                status=det.status.value,
                deciding_rule=_primary_rule(det),
                changed=changed,
                change=change,
            )
        )
        previous = det
    return months
