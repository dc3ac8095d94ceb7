"""The case: the facts of one claim for one patient, as a biller collects them.

A case holds the people and how they are related, the children's custody and court decrees, employers and their
size, employment, every coverage any of them holds, the claim, and optionally the expected answer (which makes
the same file a golden fixture). Models are frozen pydantic models that refuse unknown fields; cross-references
(a subscriber who is not in the case, a decree naming a stranger) are checked when the case is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from cobsim.model.codes import (
    EMPLOYER_KINDS,
    EXCLUSIVE_GROUPS,
    GROUP_HEALTH_PLAN_KINDS,
    INJURY_KINDS,
    MEDICARE_KINDS,
    PARENTAL_KINDS,
    PARTNER_KINDS,
    AccidentRole,
    AllowableExpense,
    ClaimSetting,
    CobMethod,
    CobProvision,
    CoverageBasis,
    CoverageKind,
    DecreeSubject,
    DependentRule,
    DeterminationStatus,
    EmploymentStatus,
    InjuryKind,
    MemberRelationship,
    ParentsStatus,
    PipOption,
    PrimaryPayerStatus,
    RelationshipKind,
    RuleSet,
    ServiceCategory,
    Sex,
)
from cobsim.model.money import Money, Rate

SCHEMA_VERSION = "1.0"

#: How a coverage without a payer name is named in sentences.
KIND_NAMES: dict[CoverageKind, str] = {
    CoverageKind.GROUP: "group plan",
    CoverageKind.INDIVIDUAL: "individual policy",
    CoverageKind.STUDENT: "student health plan",
    CoverageKind.FEHB: "FEHB plan",
    CoverageKind.MEDICARE: "Medicare",
    CoverageKind.MEDICARE_ADVANTAGE: "Medicare Advantage plan",
    CoverageKind.MEDIGAP: "Medigap policy",
    CoverageKind.MEDICAID: "Medicaid",
    CoverageKind.CHIP: "CHIP",
    CoverageKind.TRICARE: "TRICARE",
    CoverageKind.TRICARE_FOR_LIFE: "TRICARE For Life",
    CoverageKind.TRICARE_SUPPLEMENT: "TRICARE supplement",
    CoverageKind.CHAMPVA: "CHAMPVA",
    CoverageKind.VA: "VA health care",
    CoverageKind.IHS: "Indian Health Service",
    CoverageKind.WORKERS_COMP: "workers' compensation",
    CoverageKind.BLACK_LUNG: "Federal Black Lung Program",
    CoverageKind.AUTO_PIP: "auto PIP",
    CoverageKind.AUTO_MEDPAY: "auto MedPay",
    CoverageKind.LIABILITY: "liability insurance",
    CoverageKind.CRIME_VICTIM: "crime-victim compensation",
}

#: An identifier inside a case: letters, digits, '_', '-', '.'; never ':' (it breaks DOT graph ids).
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
#: Free text a person typed (names, notes). Control characters are refused; nothing is ever rendered as HTML.
Text = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]*$")]
LongText = Annotated[str, StringConstraints(max_length=2000, pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]*$")]

_SYNTHETIC_SSN = re.compile(r"^(9\d\d|000|666)-\d\d-\d{4}$")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


# --------------------------------------------------------------------------------------------------- people


class EsrdCourse(_Model):
    """One course of end-stage renal disease treatment (a new course after a break is a new record)."""

    dialysis_start: date | None = Field(None, description="first day of a regular course of dialysis")
    dialysis_end: date | None = Field(None, description="day regular dialysis stopped (not for a transplant)")
    self_dialysis_training_start: date | None = Field(
        None, description="start of a self-dialysis training program in a Medicare-approved facility"
    )
    transplant_date: date | None = None
    transplant_preparation_admission: date | None = Field(
        None, description="inpatient admission to an approved transplant center to prepare for the transplant"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.dialysis_start is None and self.transplant_date is None:
            raise ValueError("an ESRD course needs a dialysis_start or a transplant_date")
        if self.dialysis_start and self.dialysis_end and self.dialysis_end < self.dialysis_start:
            raise ValueError(f"dialysis ends on {self.dialysis_end}, before it starts on {self.dialysis_start}")
        if self.self_dialysis_training_start and self.dialysis_start is None:
            raise ValueError("self_dialysis_training_start needs a dialysis_start")
        if (
            self.transplant_preparation_admission
            and self.transplant_date
            and self.transplant_preparation_admission > self.transplant_date
        ):
            raise ValueError("the transplant preparation admission is after the transplant")
        return self


class MedicareFacts(_Model):
    """What a person's Medicare entitlement rests on, besides age (which comes from the birth date)."""

    disability_entitlement_start: date | None = Field(
        None, description="first day of Medicare entitlement on the basis of disability"
    )
    ssdi_entitlement_start: date | None = Field(
        None,
        description="first month of Social Security disability benefits; Medicare starts in the 25th month",
    )
    esrd: tuple[EsrdCourse, ...] = Field((), description="courses of ESRD treatment, oldest first")

    @model_validator(mode="after")
    def _check(self) -> Self:
        starts = [c.dialysis_start or c.transplant_date for c in self.esrd]
        if starts != sorted(s for s in starts if s is not None):
            raise ValueError("ESRD courses must be listed oldest first")
        return self


class Address(_Model):
    line1: Text
    city: Text
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    postal_code: Annotated[str, StringConstraints(pattern=r"^\d{5}$")]


class Person(_Model):
    """A person in the case: the patient, a subscriber, a parent, a spouse."""

    id: Id
    name: Text | None = None
    birth_date: date
    sex: Sex
    ssn: str | None = Field(None, description="synthetic only: area 9xx, 000 or 666 (never issued)")
    address: Address | None = None
    medicare: MedicareFacts | None = Field(None, description="disability and ESRD facts for Medicare")

    @field_validator("ssn")
    @classmethod
    def _synthetic_ssn(cls, value: str | None) -> str | None:
        if value is not None and not _SYNTHETIC_SSN.match(value):
            raise ValueError(
                "cobsim holds synthetic people only: an SSN must be in a never-issued area "
                "(9xx, 000 or 666) and written NNN-NN-NNNN"
            )
        return value


class PartnerRelationship(_Model):
    """Two adults who are spouses or domestic partners (``former`` for a divorced spouse)."""

    kind: Literal[RelationshipKind.SPOUSE, RelationshipKind.DOMESTIC_PARTNER]
    a: Id
    b: Id
    former: bool = Field(False, description="true for a former (divorced) spouse or partner")


class ParentalRelationship(_Model):
    """An adult who raises a child: parent, stepparent, guardian, grandparent or foster parent."""

    kind: Literal[
        RelationshipKind.PARENT,
        RelationshipKind.STEPPARENT,
        RelationshipKind.GUARDIAN,
        RelationshipKind.GRANDPARENT,
        RelationshipKind.FOSTER_PARENT,
    ]
    parent: Id
    child: Id


Relationship = Annotated[PartnerRelationship | ParentalRelationship, Field(discriminator="kind")]


class DecreeKnowledge(_Model):
    """When a plan learned of a court decree's health care terms (MDL-120: "actual knowledge")."""

    coverage: Id
    since: date
    benefits_paid_before_in_plan_year: bool = Field(
        False,
        description=(
            "the plan paid the child's benefits earlier in the plan year in which it learned of the decree: "
            "the decree rule does not apply to it for that plan year"
        ),
    )
    plan_year_end: date | None = Field(
        None,
        description="last day of the plan year in which the plan learned of the decree (default: 31 December)",
    )

    def applies_on(self, on: date) -> bool:
        """Whether the decree binds this plan for a service on ``on`` (MDL-120 §6D(2)(b)(i))."""
        if on < self.since:
            return False
        if self.benefits_paid_before_in_plan_year:
            year_end = self.plan_year_end or date(self.since.year, 12, 31)
            return on > year_end
        return True


class Decree(_Model):
    """A court decree about a child's health care."""

    responsible: tuple[Id, ...] = Field(
        (), description="the parent(s) the decree makes responsible; two ids when both are responsible"
    )
    subject: DecreeSubject = DecreeSubject.HEALTH_CARE_EXPENSES
    issued: date | None = None
    known_to: tuple[DecreeKnowledge, ...] = Field((), description="which plans know of the decree, and since when")

    @model_validator(mode="after")
    def _check(self) -> Self:
        if len(set(self.responsible)) != len(self.responsible):
            raise ValueError("a parent is named twice in the decree")
        if len(self.responsible) > 2:
            raise ValueError("a decree names one responsible parent, or both")
        return self


class ChildArrangement(_Model):
    """The situation of a dependent child's parents: together or apart, custody, court decree."""

    child: Id
    parents_status: ParentsStatus
    custodial_parent: Id | None = Field(
        None,
        description=(
            "the parent awarded custody, or without a decree the one the child lives with more than half of "
            "the calendar year"
        ),
    )
    joint_custody: bool = Field(False, description="a decree grants joint custody")
    equal_residence: bool = Field(
        False, description="no custody decree and the child lives with each parent half of the year"
    )
    decree: Decree | None = None


# ------------------------------------------------------------------------------------------------ employers


class EmployerYear(_Model):
    """An employer's size in one calendar year, as the Medicare Secondary Payer tests count it."""

    year: int = Field(ge=1966, le=2100)
    typical_employees: int = Field(ge=0, description="employees on a typical business day (100-employee test)")
    weeks_with_20_or_more: int | None = Field(
        None,
        ge=0,
        le=53,
        description="calendar weeks in which the employer had 20 or more employees on each working day",
    )
    twentieth_week_start: date | None = Field(
        None, description="first day of the 20th such week, when the test was first met during this year"
    )


class Employer(_Model):
    """An employer (or union) that sponsors or contributes to a group health plan."""

    id: Id
    name: Text | None = None
    employees: int = Field(ge=0, description="employees now, full and part time, whole employer group counted")
    history: tuple[EmployerYear, ...] = Field((), description="size by calendar year, where it changed")
    federal: bool = Field(False, description="the federal government (FEHB)")

    @model_validator(mode="after")
    def _check(self) -> Self:
        years = [y.year for y in self.history]
        if len(set(years)) != len(years):
            raise ValueError("a calendar year appears twice in the employer's history")
        return self

    def year(self, year: int) -> EmployerYear:
        """The employer's size in ``year``: the history entry, or today's size when the year is not listed."""
        for entry in self.history:
            if entry.year == year:
                return entry
        return EmployerYear(
            year=year,
            typical_employees=self.employees,
            weeks_with_20_or_more=52 if self.employees >= 20 else 0,
        )


class MultiEmployerPlan(_Model):
    """A multi-employer or multiple-employer plan (union health and welfare fund, state employee program)."""

    id: Id
    name: Text | None = None
    employers: tuple[Id, ...] = Field(min_length=1)
    small_employer_exception: bool = Field(
        False,
        description="the plan elected 42 USC 1395y(b)(1)(A)(iii): Medicare primary for members of <20 employers",
    )


class Employment(_Model):
    """A person's employment with an employer."""

    person: Id
    employer: Id
    status: EmploymentStatus
    start: date | None = None
    end: date | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"employment ends on {self.end}, before it starts on {self.start}")
        return self


# ------------------------------------------------------------------------------------------------ coverages


class CoveragePeriod(_Model):
    """An earlier period of the same plan (other carrier, administrator or benefit design)."""

    start: date
    end: date
    carrier: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"the period ends on {self.end}, before it starts on {self.start}")
        return self


class MedicareCard(_Model):
    """What the Medicare card and the eligibility check say."""

    part_a: bool = True
    part_b: bool = True
    part_b_start: date | None = Field(None, description="when Part B began, if later than Part A")
    mbi: str | None = Field(None, description="a visibly fake Medicare id (starts with 'FAKE' or '0')")


class InjuryPayerTerms(_Model):
    """Terms of a workers' comp, no-fault, med-pay, liability or black lung coverage."""

    status: PrimaryPayerStatus = PrimaryPayerStatus.PAYING
    pip_option: PipOption | None = Field(None, description="Michigan: coordinated or uncoordinated PIP")
    health_primary_election: bool = Field(
        False,
        description="New Jersey: the named insured elected health insurance as primary (N.J.S.A. 39:6A-4.3)",
    )
    limit: Money | None = Field(None, description="benefit limit left for this accident")


class BenefitDesign(_Model):
    """A coverage's benefits for this claim, as of the service date (used by the payment engine).

    Allowed amounts are per claim line (``claim.lines[].allowed``); everything else here applies to the whole
    claim. Accumulators (``deductible_met``, ``oop_met``, ``reserve``) are as they stood before this claim.
    """

    network: Literal["in", "out"] = Field("in", description="the provider's status with this plan")
    pricing: Literal["negotiated", "ucr", "capitation"] = Field(
        "negotiated", description="how the plan sets allowed amounts: contracted fees, usual and customary, capitation"
    )
    deductible: Money | None = Field(
        None, description="annual deductible (Medicare: the Part A or Part B deductible of the year when not given)"
    )
    deductible_met: Money = Field(Decimal("0"), description="deductible already met this year")
    coinsurance: Rate | None = Field(
        None, description="the member's share after the deductible, 0.20 = 20% (Medicare Part B: 0.20 when not given)"
    )
    copay: Money = Field(Decimal("0"), description="copay per claim line")
    oop_max: Money | None = Field(None, description="out-of-pocket maximum")
    oop_met: Money = Field(Decimal("0"), description="out-of-pocket amount already met this year")
    method: CobMethod | None = Field(None, description="how the plan pays when another payer paid first")
    allowable_expense: AllowableExpense = Field(
        AllowableExpense.NAIC, description="which allowed amount caps this plan as secondary (standard COB)"
    )
    reserve: Money = Field(Decimal("0"), description="benefit reserve carried into this claim (pre-2005 method)")
    participating: bool = Field(
        True, description="Medicare: the provider accepts assignment; TRICARE: participating provider"
    )
    pays_medicare_deductible: bool = Field(
        False, description="Medigap: the policy also pays the Part B deductible (plans C and F)"
    )
    secondary_contract_permits: bool = Field(
        False,
        description=(
            "mixed pricing: the provider's contract with this (secondary) plan sets its own fee as the allowable "
            "expense (MDL-120 §3A(5)(d) exception)"
        ),
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.deductible is not None and self.deductible_met > self.deductible:
            raise ValueError(f"deductible_met ({self.deductible_met}) is more than the deductible ({self.deductible})")
        if self.oop_max is not None and self.oop_met > self.oop_max:
            raise ValueError(f"oop_met ({self.oop_met}) is more than the out-of-pocket maximum ({self.oop_max})")
        return self


class Coverage(_Model):
    """One person's coverage under one plan or program."""

    id: Id
    kind: CoverageKind
    member: Id = Field(description="the person covered")
    subscriber: Id = Field(description="whose coverage it is: the policyholder, employee or beneficiary")
    relationship: MemberRelationship = Field(description="the member's relationship to the subscriber")
    payer: Text | None = Field(None, description="payer or carrier name as on the card")
    plan_name: Text | None = None
    member_id: Text | None = None
    group_number: Text | None = None
    employer: Id | None = Field(None, description="the employer through which the subscriber holds a group plan")
    multi_employer_plan: Id | None = None
    basis: CoverageBasis | None = Field(
        None, description="the subscriber's status for an employer plan: active, retired, laid off, COBRA..."
    )
    policy: Id | None = Field(
        None,
        description="the enrollment this record belongs to: a family's records under one policy share it",
    )
    subscriber_since: date | None = Field(
        None, description="when the subscriber's own coverage under this plan began (same-birthday tie-break)"
    )
    start: date = Field(description="this person's first date under this plan (the current period)")
    end: date | None = None
    history: tuple[CoveragePeriod, ...] = Field(
        (), description="earlier periods of the same plan, most recent last (carrier or TPA changes)"
    )
    cob: CobProvision = CobProvision.NAIC
    cob_omits: tuple[Literal["active_inactive", "continuation"], ...] = Field(
        (),
        description="order rules this plan's COB provision lacks (older plans): R3 active/inactive, R4 COBRA",
    )
    dependent_rule: DependentRule = DependentRule.BIRTHDAY
    closed_panel: bool = Field(False, description="an HMO-style plan that pays only its panel's providers")
    self_funded: bool = Field(False, description="a self-funded ERISA plan (matters for Michigan no-fault)")
    services: tuple[ServiceCategory, ...] = Field(
        (ServiceCategory.MEDICAL, ServiceCategory.PHARMACY),
        description="benefit categories the coverage includes",
    )
    medicare: MedicareCard | None = None
    active_duty: bool = Field(False, description="TRICARE: the member is an active-duty service member")
    injury_terms: InjuryPayerTerms | None = None
    benefits: BenefitDesign | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"Coverage '{self.id}' ends on {self.end}, before it starts on {self.start}")
        if (self.relationship is MemberRelationship.SELF) != (self.member == self.subscriber):
            raise ValueError(
                f"Coverage '{self.id}': relationship 'self' means the member is the subscriber "
                f"(member '{self.member}', subscriber '{self.subscriber}', relationship '{self.relationship}')"
            )
        if self.basis is not None and self.kind not in GROUP_HEALTH_PLAN_KINDS:
            raise ValueError(f"Coverage '{self.id}': basis applies to group plans and FEHB only, not to {self.kind}")
        if self.kind in EMPLOYER_KINDS and self.employer is None and self.multi_employer_plan is None:
            raise ValueError(f"Coverage '{self.id}': a group plan needs an employer or a multi_employer_plan")
        if self.medicare is not None and self.kind not in MEDICARE_KINDS:
            raise ValueError(f"Coverage '{self.id}': medicare card details belong to Medicare coverage only")
        if self.injury_terms is not None and self.kind not in INJURY_KINDS:
            raise ValueError(f"Coverage '{self.id}': injury_terms belong to injury coverage only")
        if self.active_duty and self.kind is not CoverageKind.TRICARE:
            raise ValueError(f"Coverage '{self.id}': active_duty applies to TRICARE only")
        previous_end: date | None = None
        for period in self.history:
            if period.end > self.start:
                raise ValueError(f"Coverage '{self.id}': an earlier period ends after the current one starts")
            if previous_end is not None and period.start < previous_end:
                raise ValueError(f"Coverage '{self.id}': earlier periods overlap or are not oldest first")
            previous_end = period.end
        if len(set(self.services)) != len(self.services):
            raise ValueError(f"Coverage '{self.id}': a service category is listed twice")
        return self

    @property
    def effective_basis(self) -> CoverageBasis | None:
        """The basis for an employer plan (active when not stated), None for other coverage."""
        if self.kind in GROUP_HEALTH_PLAN_KINDS:
            return self.basis or CoverageBasis.ACTIVE
        return None

    def continuous_start(self) -> date:
        """First day of continuous coverage under this plan, counting earlier periods of the same plan that
        ended no more than one day (24 hours) before the next began (MDL-120 §6D(5)(b)-(c))."""
        start = self.start
        for period in reversed(self.history):
            if (start - period.end).days <= 1:
                start = period.start
            else:
                break
        return start

    def in_force(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)

    @property
    def label(self) -> str:
        """Short human name: payer and plan, else the kind of coverage ("Medicare", "group plan")."""
        parts = [p for p in (self.payer, self.plan_name) if p]
        return " ".join(parts) if parts else KIND_NAMES[self.kind]


# ---------------------------------------------------------------------------------------------------- claim


class Injury(_Model):
    """The accident or illness a claim treats, when it is not ordinary illness."""

    kind: InjuryKind
    accident_date: date | None = None
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        None, description="state whose no-fault law applies (MI, NJ...)"
    )
    role: AccidentRole | None = Field(None, description="the patient's role in a vehicle accident")
    work_related: bool = Field(
        False, description="the accident happened in the course of employment (an auto accident at work, say)"
    )
    related: bool = Field(True, description="the claim's services treat this injury")


class ClaimLine(_Model):
    """One service line of the claim."""

    id: Id
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{1,8}$")] = Field(
        description="HCPCS Level II, revenue code or a visibly synthetic code (CPT descriptions are not used)"
    )
    units: int = Field(1, ge=1)
    billed: Money
    allowed: dict[Id, Money] = Field(
        default_factory=dict,
        description=(
            "each coverage's allowed amount for this line: its contracted rate in network, its allowance out of "
            "network, Medicare's fee schedule amount (or the gross DRG/APC payment on an institutional claim), "
            "Medicaid's rate"
        ),
    )
    covered: dict[Id, bool] = Field(default_factory=dict, description="false for a coverage that excludes this line")


class Claim(_Model):
    """The claim being coordinated."""

    id: Id = "claim"
    patient: Id
    service_date: date
    category: ServiceCategory = ServiceCategory.MEDICAL
    setting: ClaimSetting = ClaimSetting.PROFESSIONAL
    injury: Injury | None = None
    emergency: bool = False
    va_authorized: bool = Field(False, description="furnished in a VA facility or authorized by the VA")
    service_connected: bool = Field(False, description="the VA care is for a service-connected condition")
    lines: tuple[ClaimLine, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Self:
        ids = [line.id for line in self.lines]
        if len(set(ids)) != len(ids):
            raise ValueError("two claim lines have the same id")
        return self

    @property
    def billed(self) -> Decimal:
        return sum((line.billed for line in self.lines), Decimal("0.00"))


# ------------------------------------------------------------------------------------------ expected answer


class Expected(_Model):
    """The expected answer, which makes a case a golden fixture."""

    order: tuple[Id, ...] = Field(description="coverage ids that pay, primary first")
    status: DeterminationStatus = DeterminationStatus.DETERMINED
    not_taking_part: tuple[Id, ...] | None = Field(None, description="coverages that do not coordinate on the claim")
    rules: tuple[str, ...] = Field((), description="rule ids that must appear in the trace")
    rules_absent: tuple[str, ...] = Field((), description="rule ids that must not appear in the trace")
    conditional: tuple[Id, ...] | None = Field(
        None, description="coverages that pay conditionally (Medicare with a pending injury payer)"
    )
    payments: dict[Id, Money] | None = Field(None, description="what each coverage pays on the claim")
    patient_owes: Money | None = Field(None, description="the patient's final responsibility for the claim")
    write_off: Money | None = Field(None, description="what the provider writes off")
    note: LongText | None = None


class CaseMeta(_Model):
    """Where a case comes from and what it is for."""

    family: Text | None = Field(None, description="the rule family the case exercises")
    confidence: Literal["V", "M", "D", "S", "U", "C"] | None = None
    source: LongText | None = Field(None, description="where the expected answer comes from")
    quote: LongText | None = None
    scenario: Text | None = None
    variant: Text | None = Field(None, description="the scenario variant a generated case was built with")
    difficulty: int | None = Field(None, ge=1, le=5)
    seed: int | None = None
    synthetic: bool = True


# ----------------------------------------------------------------------------------------------------- case


class Case(_Model):
    """A coordination-of-benefits case: the facts of one claim, and optionally the expected answer."""

    schema_version: Literal["1.0"] = "1.0"
    id: Id
    title: LongText | None = None
    ruleset: RuleSet = RuleSet.NAIC_2005
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        None, description="state whose insurance law governs (NJ, MI...), where it matters"
    )
    people: tuple[Person, ...] = Field(min_length=1)
    relationships: tuple[Relationship, ...] = ()
    children: tuple[ChildArrangement, ...] = Field((), description="custody and decrees for dependent children")
    employers: tuple[Employer, ...] = ()
    multi_employer_plans: tuple[MultiEmployerPlan, ...] = ()
    employment: tuple[Employment, ...] = ()
    coverages: tuple[Coverage, ...] = ()
    claim: Claim
    expected: Expected | None = None
    meta: CaseMeta = CaseMeta()

    # -------------------------------------------------------------------------------------- lookups

    def person(self, person_id: str) -> Person:
        for p in self.people:
            if p.id == person_id:
                return p
        raise KeyError(person_id)

    def coverage(self, coverage_id: str) -> Coverage:
        for c in self.coverages:
            if c.id == coverage_id:
                return c
        raise KeyError(coverage_id)

    def employer(self, employer_id: str) -> Employer:
        for e in self.employers:
            if e.id == employer_id:
                return e
        raise KeyError(employer_id)

    def multi_employer_plan(self, plan_id: str) -> MultiEmployerPlan:
        for m in self.multi_employer_plans:
            if m.id == plan_id:
                return m
        raise KeyError(plan_id)

    def arrangement(self, child_id: str) -> ChildArrangement | None:
        for a in self.children:
            if a.child == child_id:
                return a
        return None

    @property
    def patient(self) -> Person:
        return self.person(self.claim.patient)

    def partners(self, person_id: str, *, include_former: bool = False) -> Iterator[PartnerRelationship]:
        for r in self.relationships:
            if isinstance(r, PartnerRelationship) and person_id in (r.a, r.b) and (include_former or not r.former):
                yield r

    def partner_ids(self, person_id: str, *, include_former: bool = False) -> set[str]:
        return {r.b if r.a == person_id else r.a for r in self.partners(person_id, include_former=include_former)}

    def parental(self, child_id: str) -> Iterator[ParentalRelationship]:
        for r in self.relationships:
            if isinstance(r, ParentalRelationship) and r.child == child_id:
                yield r

    def parental_kind(self, adult_id: str, child_id: str) -> RelationshipKind | None:
        for r in self.parental(child_id):
            if r.parent == adult_id:
                return RelationshipKind(r.kind)
        return None

    def with_service_date(self, on: date) -> Case:
        """The same case with the claim moved to another service date (for timelines)."""
        return self.model_copy(update={"claim": self.claim.model_copy(update={"service_date": on})})

    # ----------------------------------------------------------------------------------- validation

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        people = _unique("person", (p.id for p in self.people))
        coverages = _unique("coverage", (c.id for c in self.coverages))
        employers = _unique("employer", (e.id for e in self.employers))
        plans = _unique("multi_employer_plan", (m.id for m in self.multi_employer_plans))
        _unique("child arrangement", (a.child for a in self.children))
        births = {p.id: p.birth_date for p in self.people}

        def need(kind: str, ref: str, where: str) -> None:
            if ref not in people:
                raise ValueError(f"{where} names {kind} '{ref}', who is not among the people of the case")

        for r in self.relationships:
            if isinstance(r, PartnerRelationship):
                need("a person", r.a, f"the {r.kind} relationship")
                need("a person", r.b, f"the {r.kind} relationship")
                if r.a == r.b:
                    raise ValueError(f"'{r.a}' cannot be their own {r.kind}")
            else:
                need("a parent", r.parent, f"the {r.kind} relationship")
                need("a child", r.child, f"the {r.kind} relationship")
                if r.parent == r.child:
                    raise ValueError(f"'{r.parent}' cannot be their own {r.kind}")
                if r.kind is RelationshipKind.PARENT and births[r.child] <= births[r.parent]:
                    raise ValueError(
                        f"child '{r.child}' (born {births[r.child]}) is born before or with "
                        f"parent '{r.parent}' (born {births[r.parent]})"
                    )
        for ep in self.employment:
            need("a person", ep.person, "an employment record")
            if ep.employer not in employers:
                raise ValueError(f"an employment record names employer '{ep.employer}', which is not in the case")
        for m in self.multi_employer_plans:
            for e in m.employers:
                if e not in employers:
                    raise ValueError(f"multi-employer plan '{m.id}' names employer '{e}', which is not in the case")

        for c in self.coverages:
            where = f"coverage '{c.id}'"
            need("member", c.member, where)
            need("subscriber", c.subscriber, where)
            if c.employer is not None and c.employer not in employers:
                raise ValueError(f"{where} names employer '{c.employer}', which is not in the case")
            if c.multi_employer_plan is not None and c.multi_employer_plan not in plans:
                raise ValueError(
                    f"{where} names multi-employer plan '{c.multi_employer_plan}', which is not in the case"
                )
            if c.start < births[c.member]:
                raise ValueError(f"{where} starts on {c.start}, before member '{c.member}' is born")
            self._check_coverage_relationship(c)
            if c.kind is CoverageKind.FEHB and c.employer is not None and not self.employer(c.employer).federal:
                raise ValueError(f"{where} is FEHB but employer '{c.employer}' is not marked federal")

        self._check_exclusive_coverage()

        for a in self.children:
            need("a child", a.child, "a child arrangement")
            adults = {r.parent for r in self.parental(a.child)}
            if a.custodial_parent is not None and a.custodial_parent not in adults:
                raise ValueError(
                    f"the custodial parent of '{a.child}' is '{a.custodial_parent}', who is not a parent, "
                    f"stepparent or guardian of '{a.child}' in the relationships"
                )
            if a.decree is not None:
                for rp in a.decree.responsible:
                    if rp not in adults:
                        raise ValueError(
                            f"the court decree for '{a.child}' names '{rp}', who is not a parent or guardian of "
                            f"'{a.child}' in the relationships"
                        )
                for k in a.decree.known_to:
                    if k.coverage not in coverages:
                        raise ValueError(
                            f"the court decree for '{a.child}' says coverage '{k.coverage}' knows of it, "
                            "but there is no such coverage"
                        )

        need("patient", self.claim.patient, "the claim")
        patient = self.person(self.claim.patient)
        if self.claim.service_date < patient.birth_date:
            raise ValueError(
                f"the service date {self.claim.service_date} is before the patient is born ({patient.birth_date})"
            )
        for line in self.claim.lines:
            for ref in (*line.allowed, *line.covered):
                if ref not in coverages:
                    raise ValueError(f"claim line '{line.id}' names coverage '{ref}', which is not in the case")
        if self.expected is not None:
            for ref in (
                *self.expected.order,
                *(self.expected.not_taking_part or ()),
                *(self.expected.payments or {}),
            ):
                if ref not in coverages:
                    raise ValueError(f"the expected answer names coverage '{ref}', which is not in the case")
            if len(set(self.expected.order)) != len(self.expected.order):
                raise ValueError("the expected order names a coverage twice")
        return self

    def _check_exclusive_coverage(self) -> None:
        for kinds, why in EXCLUSIVE_GROUPS:
            held = sorted((c for c in self.coverages if c.kind in kinds), key=lambda c: (c.member, c.start, c.id))
            for i, x in enumerate(held):
                for y in held[i + 1 :]:
                    if x.member != y.member:
                        continue
                    overlap = (x.end is None or y.start <= x.end) and (y.end is None or x.start <= y.end)
                    if overlap:
                        raise ValueError(
                            f"coverages '{x.id}' ({x.kind}) and '{y.id}' ({y.kind}) of '{x.member}' are in force at "
                            f"the same time: {why}"
                        )

    def _check_coverage_relationship(self, c: Coverage) -> None:
        where = f"coverage '{c.id}'"
        rel = c.relationship
        if rel in (MemberRelationship.SPOUSE, MemberRelationship.DOMESTIC_PARTNER):
            partners = self.partner_ids(c.member, include_former=True)
            if c.subscriber not in partners:
                raise ValueError(
                    f"{where} covers '{c.member}' as the {rel} of '{c.subscriber}', but the relationships do not "
                    "say they are spouses or partners"
                )
        elif rel is MemberRelationship.CHILD:
            kind = self.parental_kind(c.subscriber, c.member)
            if kind is None or kind not in PARENTAL_KINDS:
                raise ValueError(
                    f"{where} covers '{c.member}' as a child of '{c.subscriber}', but the relationships do not say "
                    f"'{c.subscriber}' is a parent, stepparent or guardian of '{c.member}'"
                )


def _unique(kind: str, ids: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"two {kind} records have the id '{i}'")
        seen.add(i)
    return seen


__all__ = [
    "PARTNER_KINDS",
    "SCHEMA_VERSION",
    "Address",
    "BenefitDesign",
    "Case",
    "CaseMeta",
    "ChildArrangement",
    "Claim",
    "ClaimLine",
    "Coverage",
    "CoveragePeriod",
    "Decree",
    "DecreeKnowledge",
    "Employer",
    "EmployerYear",
    "Employment",
    "EsrdCourse",
    "Expected",
    "Id",
    "Injury",
    "InjuryPayerTerms",
    "MedicareCard",
    "MedicareFacts",
    "MultiEmployerPlan",
    "ParentalRelationship",
    "PartnerRelationship",
    "Person",
    "Relationship",
]
