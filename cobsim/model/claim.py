"""The claim being coordinated: its service date, setting, injury and service lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, ClassVar, Self

from pydantic import Field, model_validator

from cobsim.model.base import Day, Flag, Id, StateCode, pattern_type, whole_number
from cobsim.model.base import FrozenModel as _Model
from cobsim.model.billing import BillingHistory, ForeignCareException, Icd10, Provider
from cobsim.model.codes import AccidentRole, ClaimSetting, InjuryKind, ServiceCategory
from cobsim.model.limits import MAX_CLAIM_LINES, MAX_COVERAGES, MAX_UNITS
from cobsim.model.money import Money

#: A procedure or revenue code: 1 to 8 capital letters or digits.
ServiceCode = Annotated[
    str, pattern_type("[A-Z0-9]{1,8}", "a service code (1 to 8 capital letters or digits)", "G0001")
]


class Injury(_Model):
    """The accident or illness a claim treats, when it is not ordinary illness."""

    kind: InjuryKind
    accident_date: Day | None = None
    state: StateCode | None = Field(None, description="state whose no-fault law applies (MI, NJ...)")
    role: AccidentRole | None = Field(None, description="the patient's role in a vehicle accident")
    work_related: Flag = Field(
        False, description="the accident happened in the course of employment (an auto accident at work, say)"
    )
    related: Flag = Field(True, description="the claim's services treat this injury")


class ClaimLine(_Model):
    """One service line of the claim."""

    id: Id
    code: ServiceCode = Field(
        description="HCPCS Level II, revenue code or a visibly synthetic code (CPT descriptions are not used)"
    )
    units: Annotated[int, whole_number(1, MAX_UNITS)] = 1
    billed: Money
    allowed: dict[Id, Money] = Field(
        default_factory=dict,
        max_length=MAX_COVERAGES,
        description=(
            "each coverage's allowed amount for this line: its contracted rate in network, its allowance out of "
            "network, Medicare's fee schedule amount (or the gross DRG/APC payment on an institutional claim), "
            "Medicaid's rate"
        ),
    )
    covered: dict[Id, Flag] = Field(
        default_factory=dict, max_length=MAX_COVERAGES, description="false for a coverage that excludes this line"
    )


class Claim(_Model):
    """The claim being coordinated."""

    id: Id = "claim"
    patient: Id
    service_date: Day
    category: ServiceCategory = ServiceCategory.MEDICAL
    setting: ClaimSetting = ClaimSetting.PROFESSIONAL
    injury: Injury | None = None
    emergency: Flag = False
    va_authorized: Flag = Field(False, description="furnished in a VA facility or authorized by the VA")
    service_connected: Flag = Field(False, description="the VA care is for a service-connected condition")
    lines: tuple[ClaimLine, ...] = Field((), max_length=MAX_CLAIM_LINES, description="the service lines")
    # --- format 1.1: billing facts and facts Medicare coverage turns on ---
    provider: Provider | None = Field(None, description="format 1.1: the billing provider and its Medicare standing")
    diagnoses: tuple[Icd10, ...] = Field((), description="format 1.1: ICD-10-CM codes, principal first")
    billing: BillingHistory | None = Field(
        None, description="format 1.1: what the biller did and saw (submission, remittance dates, a pended claim)"
    )
    outside_us: Flag = Field(
        False, description="format 1.1: the care was furnished outside the United States (42 USC 1395y(a)(4))"
    )
    outside_us_exception: ForeignCareException | None = Field(
        None, description="format 1.1: the narrow case in which Medicare pays for care abroad (42 CFR 424.122-124)"
    )
    medicare_days_exhausted: Flag = Field(
        False,
        description=(
            "format 1.1: inpatient claim: the patient has used up the Medicare Part A hospital days of the benefit "
            "period and the lifetime reserve days (42 USC 1395d(a)(1))"
        ),
    )
    medicare_excluded_service: Flag = Field(
        False,
        description=(
            "format 1.1: the service is one Medicare excludes by statute (routine physicals, dental, hearing aids, "
            "cosmetic surgery... 42 USC 1395y(a)): Medicare takes no part in the claim"
        ),
    )

    #: Fields new in format 1.1 (a case using them must say ``schema_version: "1.1"``).
    FORMAT_1_1_FIELDS: ClassVar[tuple[str, ...]] = (
        "provider",
        "diagnoses",
        "billing",
        "outside_us",
        "outside_us_exception",
        "medicare_days_exhausted",
        "medicare_excluded_service",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        ids = [line.id for line in self.lines]
        if len(set(ids)) != len(ids):
            raise ValueError("two claim lines have the same id")
        if self.outside_us_exception is not None and not self.outside_us:
            raise ValueError("outside_us_exception applies only to care outside the U.S. (set outside_us true)")
        return self

    @property
    def billed(self) -> Decimal:
        return sum((line.billed for line in self.lines), Decimal("0.00"))
