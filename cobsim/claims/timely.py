"""Timely filing: the last day a claim may be sent to a payer, from dated parameters with their sources.

A primary's window runs from the date of service. A later payer's window runs from the prior payer's remittance
where its rules say so (commercial plans, Medicaid after Medicare) and from the date of service otherwise (Medicare,
TRICARE): Medicare's one-year limit is not extended because another payer was billed first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cobsim.model.case import Coverage
from cobsim.model.codes import COMMERCIAL_KINDS, MEDICARE_KINDS, CoverageKind
from cobsim.rules.params import parameters


@dataclass(frozen=True)
class Window:
    """The last day to file, and the parameter (with its reference) that sets it."""

    deadline: date
    parameter: str
    reference: str
    measured_from: str  #: "the date of service" or "the prior payer's remittance of YYYY-MM-DD"

    @property
    def source(self) -> str:
        return f"{self.parameter} ({self.reference})"


def _days(name: str, start: date, on: date, measured_from: str) -> Window:
    p = parameters()[f"timely_filing.{name}"]
    return Window(start + timedelta(days=int(p.at(on))), p.name, p.reference, measured_from)


def window(cov: Coverage, service: date, prior_remittance: date | None) -> Window:
    """The timely-filing window of ``cov`` for a claim with date of service ``service``; ``prior_remittance`` is the
    date the previous payer's remittance was received (None for the primary)."""
    after = f"the prior payer's remittance of {prior_remittance}" if prior_remittance else ""
    from_service = "the date of service"
    if cov.kind in MEDICARE_KINDS:
        return _days("medicare_days_from_service", service, service, from_service)
    if cov.kind in (CoverageKind.MEDICAID, CoverageKind.CHIP):
        base = _days("medicaid_days_from_service", service, service, from_service)
        if prior_remittance is None:
            return base
        late = _days("medicaid_days_after_prior_remittance", prior_remittance, service, after)
        return late if late.deadline > base.deadline else base
    if cov.kind in (CoverageKind.TRICARE, CoverageKind.TRICARE_FOR_LIFE):
        return _days("tricare_days_from_service", service, service, from_service)
    if cov.kind is CoverageKind.FEHB:
        p = parameters()["timely_filing.fehb_years_after_service_year"]
        last = date(service.year + int(p.at(service)), 12, 31)
        return Window(last, p.name, p.reference, "the end of the year of service")
    if cov.kind in COMMERCIAL_KINDS:
        if prior_remittance is None:
            return _days("commercial_days_from_service", service, service, from_service)
        base = _days("commercial_days_from_service", service, service, from_service)
        late = _days("commercial_days_after_prior_remittance", prior_remittance, service, after)
        return late if late.deadline > base.deadline else base
    return _days("other_days_from_service", service, service, from_service)
