"""Coverages: one person's coverage under one plan or program, with its card, terms and benefits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, model_validator

from cobsim.model.base import Day, Flag, Id, StateCode, Text, pattern_type
from cobsim.model.base import FrozenModel as _Model
from cobsim.model.billing import ClaimFilingIndicator, PayerId
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    EMPLOYER_KINDS,
    GROUP_HEALTH_PLAN_KINDS,
    INJURY_KINDS,
    MEDICARE_KINDS,
    AllowableExpense,
    CobMethod,
    CobProvision,
    CoverageBasis,
    CoverageKind,
    DependentRule,
    MemberRelationship,
    PipMedical,
    PipOption,
    PrimaryPayerStatus,
    RuleSet,
    ServiceCategory,
)
from cobsim.model.limits import MAX_LIST, MAX_MBI_CHARS
from cobsim.model.money import Money, Rate

#: A visibly fake Medicare id: 'FAKE', then up to 16 capital letters, digits or hyphens. A real MBI starts with a
#: digit from 1 to 9 and never has four letters in a row, so no real id has this shape.
FakeMbi = Annotated[
    str,
    pattern_type(
        f"FAKE[A-Z0-9-]{{0,{MAX_MBI_CHARS - 4}}}",
        f"a visibly fake Medicare id ('FAKE' and up to {MAX_MBI_CHARS - 4} capital letters, digits or '-'; "
        "cobsim never holds a real-format MBI)",
        "FAKE-MBI-0001",
    ),
]

#: The standardized Medigap plans sold since June 2010 (42 U.S.C. 1395ss(p), (w); NAIC MDL-651 §8.1), with the
#: high-deductible options of plans F and G. Pre-2010 letters (E, H, I, J) and the waiver states' own plans
#: (Massachusetts, Minnesota, Wisconsin) are not modelled: give ``pays_medicare_deductible`` for those.
MedigapPlan = Literal["A", "B", "C", "D", "F", "F-HD", "G", "G-HD", "K", "L", "M", "N"]
#: Plans that pay the Part B deductible, closed to people newly eligible for Medicare from 2020 (1395ss(z)).
PART_B_DEDUCTIBLE_PLANS: frozenset[str] = frozenset({"C", "F", "F-HD"})

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


class CoveragePeriod(_Model):
    """An earlier period of the same plan (other carrier, administrator or benefit design)."""

    start: Day
    end: Day
    carrier: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"the period ends on {self.end}, before it starts on {self.start}")
        return self


class MedicareCard(_Model):
    """What the Medicare card and the eligibility check say."""

    part_a: Flag = True
    part_b: Flag = True
    part_b_start: Day | None = Field(None, description="when Part B began, if later than Part A")
    mbi: FakeMbi | None = Field(None, description="a visibly fake Medicare id: 'FAKE' and up to 16 more characters")


class InjuryPayerTerms(_Model):
    """Terms of a workers' comp, no-fault, med-pay, liability or black lung coverage."""

    status: PrimaryPayerStatus | None = Field(
        None,
        description=(
            "what the payer has done with the claim; when not given: paying for workers' comp, black lung and "
            "no-fault, pending settlement for liability insurance"
        ),
    )
    pip_option: PipOption | None = Field(None, description="Michigan: coordinated or uncoordinated PIP")
    health_primary_election: Flag = Field(
        False,
        description="New Jersey: the named insured elected health insurance as primary (N.J.S.A. 39:6A-4.3)",
    )
    limit: Money | None = Field(None, description="benefit limit left for this accident")
    policy_issued: Day | None = Field(
        None,
        description=(
            "when the auto policy was issued or last renewed before the accident (Michigan's 2019 no-fault reform "
            "applies to policies issued or renewed after 2020-07-01)"
        ),
    )
    pip_medical: PipMedical | None = Field(
        None,
        description=(
            "Michigan, policies issued or renewed after 2020-07-01: the PIP medical level chosen (unlimited, a "
            "limit, this person excluded under the $250,000 option, or opted out with Medicare Parts A and B)"
        ),
    )


class BenefitDesign(_Model):
    """A coverage's benefits for this claim, as of the service date (used by the payment engine).

    Allowed amounts are per claim line (``claim.lines[].allowed``); everything else here applies to the whole
    claim. Accumulators (``deductible_met``, ``oop_met``, ``reserve``) are as they stood before this claim.
    """

    network: Literal["in", "out"] = Field("in", description="the provider's status with this plan")
    pricing: Literal["negotiated", "ucr", "capitation"] = Field(
        "negotiated",
        description=(
            "how the plan pays the provider: contracted fees, usual and customary, or capitation (in network: so much "
            "per member per month, nothing per claim)"
        ),
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
    participating: Flag = Field(
        True, description="Medicare: the provider accepts assignment; TRICARE: participating provider"
    )
    pays_medicare_deductible: Flag = Field(
        False,
        description=(
            "Medigap, format 1.0: the policy also pays the Part B deductible (plans C and F). Superseded by "
            "medigap_plan, which says what the policy pays; still read when no plan letter is given"
        ),
    )
    medigap_plan: MedigapPlan | None = Field(
        None,
        description=(
            "Medigap: the standardized plan letter (A, B, C, D, F, F-HD, G, G-HD, K, L, M, N), which decides which "
            "deductibles and coinsurance the policy pays; F-HD and G-HD are the high-deductible options"
        ),
    )
    secondary_contract_permits: Flag = Field(
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
        if self.medigap_plan is not None and "pays_medicare_deductible" in self.model_fields_set:
            covers = self.medigap_plan in PART_B_DEDUCTIBLE_PLANS
            if covers != self.pays_medicare_deductible:
                raise ValueError(
                    f"medigap_plan '{self.medigap_plan}' {'pays' if covers else 'does not pay'} the Part B "
                    f"deductible, but pays_medicare_deductible is {str(self.pays_medicare_deductible).lower()}; "
                    "pays_medicare_deductible is superseded by medigap_plan, so leave it out"
                )
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
    subscriber_since: Day | None = Field(
        None, description="when the subscriber's own coverage under this plan began (same-birthday tie-break)"
    )
    start: Day = Field(description="this person's first date under this plan (the current period)")
    end: Day | None = None
    history: tuple[CoveragePeriod, ...] = Field(
        (),
        max_length=MAX_LIST,
        description="earlier periods of the same plan, most recent last (carrier or TPA changes)",
    )
    cob: CobProvision = CobProvision.NAIC
    cob_omits: tuple[Literal["active_inactive", "continuation"], ...] = Field(
        (),
        max_length=2,
        json_schema_extra={"uniqueItems": True},
        description="order rules this plan's COB provision lacks (older plans): R3 active/inactive, R4 COBRA",
    )
    dependent_rule: DependentRule = DependentRule.BIRTHDAY
    closed_panel: Flag = Field(False, description="an HMO-style plan that pays only its panel's providers")
    self_funded: Flag = Field(False, description="a self-funded ERISA plan (matters for Michigan no-fault)")
    situs: StateCode | None = Field(
        None,
        description=(
            "the state whose insurance law governs this insured coverage (where the policy was issued for delivery); "
            "defaults to the case's state. A self-funded plan follows its plan document instead"
        ),
    )
    rule_edition: RuleSet | None = Field(
        None,
        description=(
            "the NAIC edition the plan's own order-of-benefit provision follows (its plan document); when not given, "
            "an insured plan follows the law of its situs and a self-funded plan the 2005 model"
        ),
    )
    services: tuple[ServiceCategory, ...] = Field(
        (ServiceCategory.MEDICAL, ServiceCategory.PHARMACY),
        max_length=len(ServiceCategory),
        json_schema_extra={"uniqueItems": True},
        description="benefit categories the coverage includes",
    )
    medicare: MedicareCard | None = None
    active_duty: Flag = Field(False, description="TRICARE: the member is an active-duty service member")
    injury_terms: InjuryPayerTerms | None = None
    benefits: BenefitDesign | None = None
    # --- format 1.1: billing identifiers (cobsim.claims, the X12 and FHIR writers) ---
    payer_id: PayerId | None = Field(None, description="format 1.1: the payer's X12 identifier (NM109 of 2010BB/2330B)")
    claim_filing_indicator: ClaimFilingIndicator | None = Field(
        None, description="format 1.1: SBR09 claim filing indicator; by default derived from the kind of coverage"
    )
    crossover: Flag | None = Field(
        None,
        description=(
            "format 1.1: this supplemental payer has a crossover agreement with Medicare (COBA): Medicare forwards "
            "the processed claim to it and the provider sends no claim of its own; by default Medigap, Medicaid and "
            "CHIP do and others do not"
        ),
    )

    #: Fields new in format 1.1 (a case using them must say ``schema_version: "1.1"``).
    FORMAT_1_1_FIELDS: ClassVar[tuple[str, ...]] = ("payer_id", "claim_filing_indicator", "crossover")

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
        if self.rule_edition is not None and self.kind not in COMMERCIAL_KINDS:
            raise ValueError(
                f"Coverage '{self.id}': rule_edition is the NAIC edition of a health plan's COB provision; "
                f"{self.kind} orders by its own law"
            )
        terms = self.injury_terms
        if terms is not None and terms.pip_medical is not None and self.kind is not CoverageKind.AUTO_PIP:
            raise ValueError(f"Coverage '{self.id}': pip_medical is a choice of an auto PIP policy, not of {self.kind}")
        if self.active_duty and self.kind is not CoverageKind.TRICARE:
            raise ValueError(f"Coverage '{self.id}': active_duty applies to TRICARE only")
        previous_end: Day | None = None
        for period in self.history:
            if period.end > self.start:
                raise ValueError(f"Coverage '{self.id}': an earlier period ends after the current one starts")
            if previous_end is not None and period.start < previous_end:
                raise ValueError(f"Coverage '{self.id}': earlier periods overlap or are not oldest first")
            previous_end = period.end
        if len(set(self.services)) != len(self.services):
            raise ValueError(f"Coverage '{self.id}': a service category is listed twice")
        if len(set(self.cob_omits)) != len(self.cob_omits):
            raise ValueError(f"Coverage '{self.id}': cob_omits lists a rule twice")
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

    @property
    def injury_status(self) -> PrimaryPayerStatus | None:
        """An injury payer's status, with the default for its kind filled in; None for other coverage."""
        if self.kind not in INJURY_KINDS and self.kind is not CoverageKind.CRIME_VICTIM:
            return None
        if self.injury_terms is not None and self.injury_terms.status is not None:
            return self.injury_terms.status
        if self.kind is CoverageKind.LIABILITY:
            return PrimaryPayerStatus.PENDING_SETTLEMENT
        return PrimaryPayerStatus.PAYING

    def in_force(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)

    @property
    def label(self) -> str:
        """Short human name: payer and plan, else the kind of coverage ("Medicare", "group plan")."""
        parts = [p for p in (self.payer, self.plan_name) if p]
        return " ".join(parts) if parts else KIND_NAMES[self.kind]
