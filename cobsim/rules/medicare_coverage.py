"""What Original Medicare covers at all: care abroad, exhausted hospital days, excluded services, the limiting charge.

These are not order-of-benefit rules. When Medicare does not cover a claim, it does not take part in it: it is not
a primary or secondary that pays $0, and the next payer pays as if Medicare were absent (its own normal benefit,
as primary). Published cases state these facts (format 1.1: ``claim.outside_us``, ``claim.medicare_days_exhausted``,
``claim.medicare_excluded_service``), so they are participation rules here.

The limiting charge is a payment fact: a provider that does not take assignment on a Medicare claim may charge the
patient no more than 115% of Medicare's fee schedule amount for non-participating providers (42 USC 1395w-4(g)).
:func:`limiting_charge_rate` gives the rate the payment engine uses as the provider's collection limit.
"""

from __future__ import annotations

from decimal import Decimal

from cobsim.model.case import Case, Coverage
from cobsim.model.codes import ClaimSetting, CoverageKind
from cobsim.rules import citations as c
from cobsim.rules.base import Authority, Excluded, RuleKind, rule
from cobsim.rules.context import Context
from cobsim.rules.params import param

FEDERAL = Authority.FEDERAL
_ORIGINAL_MEDICARE = frozenset({CoverageKind.MEDICARE})


def _original_medicare(cov: Coverage) -> bool:
    return cov.kind is CoverageKind.MEDICARE


@rule(
    "medicare.outside_us",
    title="Medicare does not pay for care outside the United States",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.MEDICARE_OUTSIDE_US, c.MEDICARE_OUTSIDE_US_CFR, c.MEDICARE_FOREIGN_EXCEPTIONS),
    excludes=_ORIGINAL_MEDICARE,
)
def outside_us(ctx: Context, cov: Coverage) -> Excluded | None:
    """Original Medicare makes no payment for items and services furnished outside the United States, except in
    three narrow cases (42 CFR 424.122-424.124): an emergency where a foreign hospital is closer, travel between
    Alaska and another state through Canada, and a U.S. resident whose nearest hospital is abroad. Without one of
    them Medicare takes no part and the other coverage pays as if Medicare were absent."""
    claim = ctx.case.claim
    if not _original_medicare(cov) or not claim.outside_us or claim.outside_us_exception is not None:
        return None
    return Excluded(
        f"the care was furnished outside the United States and none of the narrow exceptions applies, so "
        f"{ctx.plan(cov)} makes no payment and takes no part in this claim"
    )


@rule(
    "medicare.benefit_days_exhausted",
    title="Medicare Part A hospital days used up",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.MEDICARE_DAYS_LIMIT, c.MEDICARE_DAYS_CFR),
    excludes=_ORIGINAL_MEDICARE,
)
def benefit_days_exhausted(ctx: Context, cov: Coverage) -> Excluded | None:
    """Part A pays for up to 90 days of inpatient hospital care in a benefit period plus 60 lifetime reserve days;
    once they are used up, Medicare pays nothing for further inpatient days, and the next coverage pays for them as
    primary. Physician and outpatient claims (Part B) are not affected."""
    claim = ctx.case.claim
    if not _original_medicare(cov) or not claim.medicare_days_exhausted:
        return None
    if claim.setting is not ClaimSetting.INPATIENT:
        return None
    return Excluded(
        f"the patient has used up the Part A hospital days of the benefit period and the lifetime reserve days, so "
        f"{ctx.plan(cov)} pays nothing for these inpatient days and takes no part in this claim"
    )


@rule(
    "medicare.excluded_service",
    title="A service Medicare excludes by statute",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.MEDICARE_EXCLUSIONS, c.MEDICARE_EXCLUSIONS_CFR),
    excludes=_ORIGINAL_MEDICARE,
)
def excluded_service(ctx: Context, cov: Coverage) -> Excluded | None:
    """Medicare does not cover services the statute excludes (routine physical checkups, most dental care, hearing
    aids, cosmetic surgery, personal comfort items...). For such a service Original Medicare is not a payer that
    pays $0: it takes no part, and the other coverage pays its own benefit as primary."""
    if not _original_medicare(cov) or not ctx.case.claim.medicare_excluded_service:
        return None
    return Excluded(f"Medicare excludes this service by statute, so {ctx.plan(cov)} takes no part in this claim")


def medicare_assigned(case: Case, cov: Coverage) -> bool:
    """Whether the provider takes assignment on this Medicare claim: the claim's provider facts (format 1.1) when
    given, else the coverage's ``benefits.participating``."""
    provider = case.claim.provider
    if provider is not None:
        if provider.accepts_assignment is not None:
            return provider.accepts_assignment
        if provider.medicare_participating:
            return True
    return cov.benefits.participating if cov.benefits is not None else True


def limiting_charge_rate(case: Case, cov: Coverage) -> Decimal | None:
    """The limiting charge as a multiple of Medicare's allowed amount when the provider does not take assignment
    (None when it does: the approved amount is then payment in full). The allowed amount given for such a
    provider is the fee schedule amount for non-participating providers."""
    if cov.kind is not CoverageKind.MEDICARE or medicare_assigned(case, cov):
        return None
    return param("medicare_coverage.limiting_charge_rate", case.claim.service_date)


PARTICIPATION = (outside_us, benefit_days_exhausted, excluded_service)

__all__ = [
    "PARTICIPATION",
    "benefit_days_exhausted",
    "excluded_service",
    "limiting_charge_rate",
    "medicare_assigned",
    "outside_us",
]
