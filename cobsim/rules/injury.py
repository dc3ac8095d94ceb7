"""Injury payers: workers' compensation, Federal Black Lung, no-fault (PIP, MedPay) and liability.

They take part only in claims for services related to the injury they cover, and then usually pay first: Medicare
does not pay to the extent workers' compensation, liability or no-fault insurance pays (42 U.S.C.
1395y(b)(2)(A)(ii)), and state no-fault laws make PIP primary to other health benefits. State options change the order against commercial health plans - Michigan coordinated PIP,
New Jersey's health-primary election, New Jersey motorcycle owner-operators - but never against Medicare or
Medicaid (42 CFR 411.32(a)(1)).
"""

from __future__ import annotations

from decimal import Decimal

from cobsim.model.case import Coverage, Injury
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    INJURY_KINDS,
    MEDICARE_KINDS,
    NO_FAULT_KINDS,
    AccidentRole,
    CoverageKind,
    InjuryKind,
    PipMedical,
    PipOption,
    PrimaryPayerStatus,
)
from cobsim.rules import citations as c
from cobsim.rules.base import (
    ANY_KIND,
    Annotation,
    Authority,
    Decided,
    Excluded,
    OrderOutcome,
    Pairs,
    RuleKind,
    rule,
)
from cobsim.rules.context import Context
from cobsim.rules.params import param

FEDERAL = Authority.FEDERAL
STATE = Authority.STATE

#: Which injuries each injury payer answers for.
COVERS: dict[CoverageKind, frozenset[InjuryKind]] = {
    CoverageKind.WORKERS_COMP: frozenset({InjuryKind.WORK}),
    CoverageKind.BLACK_LUNG: frozenset({InjuryKind.BLACK_LUNG}),
    CoverageKind.AUTO_PIP: frozenset({InjuryKind.AUTO, InjuryKind.MOTORCYCLE}),
    CoverageKind.AUTO_MEDPAY: frozenset({InjuryKind.AUTO, InjuryKind.MOTORCYCLE}),
    CoverageKind.LIABILITY: frozenset(
        {
            InjuryKind.AUTO,
            InjuryKind.MOTORCYCLE,
            InjuryKind.PREMISES,
            InjuryKind.OTHER_ACCIDENT,
            InjuryKind.CRIME,
        }
    ),
    CoverageKind.CRIME_VICTIM: frozenset({InjuryKind.CRIME}),
}


def answers_for(kind: CoverageKind, injury: Injury) -> bool:
    """Whether an injury payer of ``kind`` answers for ``injury`` (workers' comp also for a work-related accident)."""
    if kind is CoverageKind.WORKERS_COMP and injury.work_related:
        return True
    return injury.kind in COVERS.get(kind, frozenset())


def _kind_name(kind: CoverageKind) -> str:
    return {
        CoverageKind.WORKERS_COMP: "workers' compensation",
        CoverageKind.BLACK_LUNG: "the Federal Black Lung Program",
        CoverageKind.AUTO_PIP: "no-fault personal injury protection (PIP)",
        CoverageKind.AUTO_MEDPAY: "auto medical payments coverage",
        CoverageKind.LIABILITY: "liability insurance",
        CoverageKind.CRIME_VICTIM: "crime-victim compensation",
    }.get(kind, kind.value)


# ------------------------------------------------------------------------------------------ participation


@rule(
    "injury.unrelated_claim",
    title="Injury payers take part only for related services",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.MSP_INJURY_PAYERS, c.PALMETTO_WC_RELATED, c.BLACK_LUNG_MEDICARE, c.BLACK_LUNG, c.CRIME_VICTIM_RELATED),
    clauses=("black_lung", "crime_victim"),
    excludes=frozenset(COVERS),
)
def unrelated_claim(ctx: Context, cov: Coverage) -> Excluded | None:
    """Workers' comp, black lung, no-fault, liability and crime-victim programs pay only for services that treat
    the injury or illness they cover; for anything else they drop out and the other payers follow their usual
    order."""
    covers = COVERS.get(cov.kind)
    if covers is None:
        return None
    clause = {CoverageKind.BLACK_LUNG: "black_lung", CoverageKind.CRIME_VICTIM: "crime_victim"}.get(cov.kind, "")
    injury = ctx.case.claim.injury
    if injury is None:
        return Excluded(
            f"{ctx.plan(cov)} is {_kind_name(cov.kind)}, and this claim is not for an injury it covers", clause=clause
        )
    if not answers_for(cov.kind, injury):
        return Excluded(
            f"{ctx.plan(cov)} is {_kind_name(cov.kind)}, which does not cover a {injury.kind.value.replace('_', ' ')} "
            "injury",
            clause=clause,
        )
    if not injury.related:
        return Excluded(
            f"{ctx.plan(cov)} is {_kind_name(cov.kind)}, and these services do not treat the injury it covers",
            clause=clause,
        )
    return None


@rule(
    "injury.payer_denied_or_exhausted",
    title="Injury payer denied the claim or its limit is used up",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(
        c.MSP_WC_DENIED,
        c.MSP_DENIED_PAYS,
        c.MSP_NO_FAULT_DENIED,
        c.MSP_NO_FAULT_DENIED_PAYS,
        c.MSP_CONDITIONAL_STATUTE,
        c.PALMETTO_EXHAUSTED,
    ),
    clauses=("no_fault", "liability", "exhausted"),
    excludes=INJURY_KINDS,
)
def payer_denied_or_exhausted(ctx: Context, cov: Coverage) -> Excluded | None:
    """An injury payer that has denied the claim, or whose benefit limit is exhausted, does not pay; the next
    payers pay (Medicare conditionally, recovering if the denial is reversed: workers' comp 42 CFR 411.43(d), 411.45;
    no-fault 411.51(d), 411.53; liability 42 U.S.C. 1395y(b)(2)(B)(i); on exhaustion, the Medicare contractors'
    instructions)."""
    status = cov.injury_status
    if cov.kind not in INJURY_KINDS or status is None:
        return None
    if status is PrimaryPayerStatus.DENIED:
        return Excluded(
            f"{ctx.plan(cov)} denied the claim, so the next payers pay",
            clause={"no_fault": "no_fault", "liability": "liability"}.get(_PAYER_FAMILY.get(cov.kind, ""), ""),
        )
    if status is PrimaryPayerStatus.EXHAUSTED:
        return Excluded(
            f"{ctx.plan(cov)}'s benefit limit for this accident is used up, so the next payers pay", clause="exhausted"
        )
    return None


@rule(
    "injury.nj_motorcycle_owner_operator",
    title="New Jersey: auto insurance is not primary for a motorcycle owner-operator",
    kind=RuleKind.PARTICIPATION,
    authority=STATE,
    cite=(c.NJ_AUTOMOBILE_INJURY, c.NJ_AUTOMOBILE_DEFINITION, c.NJ_MOTORCYCLE),
    excludes=NO_FAULT_KINDS,
)
def nj_motorcycle_owner_operator(ctx: Context, cov: Coverage) -> Excluded | None:
    """In New Jersey auto insurance does not pay first for a motorcycle accident of the motorcycle's
    owner-operator; the health plan is primary (a motorcycle is not an "automobile", N.J.S.A. 39:6A-2(a); the
    split between owner-operator and passenger is the Horizon BCBSNJ manual's). Passengers submit to their auto
    carrier."""
    injury = ctx.case.claim.injury
    if cov.kind not in NO_FAULT_KINDS or injury is None or injury.kind is not InjuryKind.MOTORCYCLE:
        return None
    if injury.role is not AccidentRole.OWNER_OPERATOR or ctx.auto_choice(cov, "motorcycle_owner_operator_pip") is None:
        return None
    state = ctx.auto_profile(cov).name
    return Excluded(
        f"in {state} {ctx.plan(cov)} is not primary for the owner-operator of a motorcycle: the health plan pays"
    )


@rule(
    "injury.michigan_no_pip_medical",
    title="Michigan 2019 reform: no PIP medical coverage for this person (Medicare opt-out or exclusion)",
    kind=RuleKind.PARTICIPATION,
    authority=STATE,
    cite=(c.MI_PIP_OPT_OUT, c.MI_PIP_EXCLUSION, c.MI_PIP_LIMITS),
    clauses=("excluded", "reform_date"),
    excludes=frozenset({CoverageKind.AUTO_PIP}),
)
def michigan_no_pip_medical(ctx: Context, cov: Coverage) -> Excluded | None:
    """For a Michigan no-fault policy issued or renewed after 2020-07-01 the named insured chooses the PIP medical
    coverage: a named insured with Medicare Parts A and B may opt out of it altogether (MCL 500.3107d), and under
    the $250,000 option a person with qualified health coverage may be excluded (MCL 500.3109a(2)). A person
    without PIP medical coverage is paid by their health coverage - Medicare first for a Medicare beneficiary. The
    choices do not exist for a policy issued or renewed before the reform."""
    terms = cov.injury_terms
    if cov.kind is not CoverageKind.AUTO_PIP or terms is None:
        return None
    choice = terms.pip_medical
    if choice is None or choice is PipMedical.UNLIMITED:
        return None
    words = {
        PipMedical.OPTED_OUT: "opted out of",
        PipMedical.EXCLUDED_250K: "was excluded from",
    }.get(choice, f"chose the {choice.value.removeprefix('limit_').replace('_', ' ')} level of")
    if ctx.auto_choice(cov, "pip_reform_2019") is None:
        prof = ctx.auto_profile(cov)
        when = f"issued or renewed on {terms.policy_issued}" if terms.policy_issued else "in force on the service date"
        why = (
            f"{ctx.plan(cov)} was {when}, before Michigan's 2019 reform reached it (policies issued or renewed after "
            "2020-07-01), so its PIP medical coverage is unlimited"
            if prof.code == "MI"
            else f"{ctx.plan(cov)} is not a Michigan policy, so Michigan's 2019 choices do not apply to it"
        )
        ctx.note(
            michigan_no_pip_medical,
            (cov.id,),
            f"the case says the named insured {words} PIP medical coverage, but {why}: PIP takes part as usual",
            clause="reform_date",
        )
        return None
    if choice not in (PipMedical.OPTED_OUT, PipMedical.EXCLUDED_250K):
        return None  # a dollar level: PIP takes part up to it (the payment engine applies the limit)
    if terms.policy_issued is None:
        ctx.note(
            michigan_no_pip_medical,
            (cov.id,),
            f"the case does not give {ctx.plan(cov)}'s issue or renewal date; its PIP medical choice is taken as "
            "made on a policy issued or renewed after 2020-07-01",
            clause="reform_date",
        )
    who = ctx.name(ctx.patient.id)
    if choice is PipMedical.OPTED_OUT:
        if cov.subscriber == ctx.patient.id and not (ctx.part_a() and ctx.part_b()):
            ctx.note(
                michigan_no_pip_medical,
                (cov.id,),
                f"the opt-out requires the named insured to have Medicare Parts A and B (MCL 500.3107d), and the "
                f"case shows none for {who}: check the election; the engine follows the policy as written",
            )
        return Excluded(
            f"{ctx.plan(cov)}'s named insured opted out of PIP medical coverage (a Michigan policy issued or renewed "
            "after 2020-07-01, with Medicare Parts A and B), so PIP pays nothing for this care and the health "
            "coverage pays - Medicare first for a Medicare beneficiary"
        )
    if not _qualified_health_coverage(ctx):
        ctx.note(
            michigan_no_pip_medical,
            (cov.id,),
            f"the exclusion requires {who} to have qualified health coverage (Medicare Parts A and B, or health "
            f"coverage that covers auto injuries with a deductible of at most ${_qhc_deductible(ctx):,.0f}), and the "
            "case shows none: check the election; the engine follows the policy as written",
            clause="excluded",
        )
    return Excluded(
        f"{who} is excluded from {ctx.plan(cov)}'s PIP medical coverage under the $250,000 option (a person with "
        "qualified health coverage), so PIP pays nothing for this care and the health coverage pays",
        clause="excluded",
    )


def _qhc_deductible(ctx: Context) -> Decimal:
    return param("michigan.qhc_deductible_max", ctx.on)


def _qualified_health_coverage(ctx: Context) -> bool:
    """Whether the patient has qualified health coverage on the date (MCL 500.3107d): Medicare Parts A and B, or
    commercial health coverage whose individual deductible is at most the threshold (a coverage's exclusion of
    auto injuries is not in the case format: it is taken not to exclude them)."""
    if ctx.part_a() and ctx.part_b():
        return True
    limit = _qhc_deductible(ctx)
    for x in ctx.candidates:
        if x.kind in COMMERCIAL_KINDS and x.in_force(ctx.on):
            deductible = x.benefits.deductible if x.benefits is not None else None
            if deductible is None or deductible <= limit:
                return True
    return False


@rule(
    "injury.workers_comp_exclusive",
    title="Work injury: health plans do not pay what workers' comp covers",
    kind=RuleKind.PARTICIPATION,
    authority=STATE,
    cite=(c.WC_SEED,),
    excludes=COMMERCIAL_KINDS,
    needs=frozenset({CoverageKind.WORKERS_COMP}),
)
def workers_comp_exclusive(ctx: Context, cov: Coverage) -> Excluded | None:
    """Commercial health plans exclude care of work-related injuries that workers' compensation covers ("Always
    bill the workers' compensation carrier directly", Horizon BCBSNJ). Medicare, Medicaid and TRICARE stay in the
    order after the carrier: Medicare does not pay for what workers' comp pays and makes secondary payments under
    42 CFR 411.32-411.33 (411.40(b)), which come to nothing when the provider must accept the carrier's fee
    schedule as payment in full."""
    wc = [x for x in ctx.participating if x.kind is CoverageKind.WORKERS_COMP]
    if not wc or cov.kind not in COMMERCIAL_KINDS:
        return None
    return Excluded(
        f"{ctx.plan(cov)} does not pay for work-related injuries that workers' compensation covers: bill "
        f"{ctx.plan(wc[0])} directly"
    )


@rule(
    "injury.liability_pays_at_settlement",
    title="Liability insurance that pays only at settlement: the health payers pay now",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.MSP_CONDITIONAL_STATUTE, c.MSP_CONDITIONAL_DEFINITION, c.MSP_LIABILITY, c.LIABILITY_SUBROGATION),
    excludes=frozenset({CoverageKind.LIABILITY}),
)
def liability_pays_at_settlement(ctx: Context, cov: Coverage) -> Excluded | None:
    """A liable party's insurance that will not pay promptly - the claim is open and pays only at settlement or
    judgment, the usual case - does not pay this claim now: the patient's health plan pays and recovers from the
    settlement (subrogation), and Medicare pays conditionally and recovers (42 U.S.C. 1395y(b)(2)(B)(i); POMS
    HI 00620.175). Only when no other payer takes part is the claim sent to the liability insurer (a lien). A
    liability insurer that has accepted the claim and pays promptly is primary instead
    (injury.liability_paying_first)."""
    if cov.kind is not CoverageKind.LIABILITY:
        return None
    status = cov.injury_status
    if status is not None and status.prompt:
        return None
    others = [x for x in ctx.participating if x.kind is not CoverageKind.LIABILITY]
    if not others:
        return None
    return Excluded(
        f"{ctx.plan(cov)} pays only at settlement, not promptly: the other payers pay now and recover from the "
        "settlement"
    )


# ------------------------------------------------------------------------------------------------ order


#: Which clause of ``msp.conditional_payment`` each injury payer's kind falls under.
_PAYER_FAMILY = {
    CoverageKind.WORKERS_COMP: "workers_comp",
    CoverageKind.BLACK_LUNG: "workers_comp",
    CoverageKind.AUTO_PIP: "no_fault",
    CoverageKind.AUTO_MEDPAY: "no_fault",
    CoverageKind.LIABILITY: "liability",
}


def _versus(other: Coverage, *, va: bool = False, no_fault: bool = False) -> str:
    """The clause of an injury payer's order rule for the payer it goes before: Medicare, TRICARE, Medicaid (the
    VA and no-fault where the rule says so), else the rule's main reason (health plans and the rest)."""
    if other.kind in MEDICARE_KINDS:
        return "medicare"
    if other.kind in (CoverageKind.TRICARE, CoverageKind.TRICARE_FOR_LIFE):
        return "tricare"
    if other.kind in (CoverageKind.MEDICAID, CoverageKind.CHIP):
        return "medicaid"
    if va and other.kind is CoverageKind.VA:
        return "va"
    if no_fault and other.kind in NO_FAULT_KINDS:
        return "no_fault"
    return ""


def _against_others(kind: CoverageKind) -> tuple[Pairs, ...]:
    """A coverage of ``kind`` against a coverage of any other kind (what :func:`_injury_pair` accepts)."""
    return (Pairs(frozenset({kind}), ANY_KIND - {kind}),)


def _injury_pair(a: Coverage, b: Coverage, kinds: frozenset[CoverageKind]) -> tuple[Coverage, Coverage] | None:
    if a.kind in kinds and b.kind not in kinds:
        return a, b
    if b.kind in kinds and a.kind not in kinds:
        return b, a
    return None


@rule(
    "injury.workers_comp_first",
    title="Workers' compensation pays first for a work injury",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(
        c.WC_SEED,
        c.MSP_INJURY_PAYERS,
        c.MSP_WC_EXCLUSION,
        c.MSP_WC_EXHAUST,
        c.TRICARE_WC_EXCLUSION,
        c.MEDICAID_LAST,
        c.VA_RECOVERY_WC,
        c.MN_NO_FAULT_PRIMARY,
    ),
    clauses=("medicare", "tricare", "medicaid", "va", "no_fault"),
    choice=(
        "A work-related auto accident: workers' comp is put before no-fault, as state no-fault laws do that make "
        "their benefits primary except to workers' compensation (for example Minn. Stat. 65B.61 subd. 1)."
    ),
    speaks_for=_against_others(CoverageKind.WORKERS_COMP),
)
def workers_comp_first(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """Workers' compensation pays first for a work-related injury or illness: before health plans, no-fault,
    Medicare (42 USC 1395y(b)(2)(A)(ii); 42 CFR 411.40(b)(1)(i), 411.43(b)), TRICARE (which does not cover what
    workers' comp can pay), Medicaid (42 USC 1396a(a)(25)(A)); health plans exclude work injuries that workers' comp
    covers."""
    pair = _injury_pair(a, b, frozenset({CoverageKind.WORKERS_COMP}))
    if pair is None:
        return None
    wc, other = pair
    choice = workers_comp_first.choice if other.kind in NO_FAULT_KINDS else None
    return Decided(
        wc.id,
        other.id,
        f"the claim is for a work injury, so workers' compensation {ctx.plan(wc)} pays before {ctx.plan(other)}",
        choice=choice,
        clause=_versus(other, va=True, no_fault=True),
    )


@rule(
    "injury.black_lung_first",
    title="Federal Black Lung Program first for black lung services",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.BLACK_LUNG_CFR, c.BLACK_LUNG_MEDICARE, c.BLACK_LUNG),
    clauses=("medicare",),
    speaks_for=_against_others(CoverageKind.BLACK_LUNG),
)
def black_lung_first(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """For services related to black lung disease the provider bills the Department of Labor's Federal Black
    Lung Program before Medicare or any other payer (20 CFR 725.701(b); 42 CFR 411.40(b)(1)(ii)); unrelated
    services go to Medicare as usual."""
    pair = _injury_pair(a, b, frozenset({CoverageKind.BLACK_LUNG}))
    if pair is None:
        return None
    bl, other = pair
    return Decided(
        bl.id,
        other.id,
        f"these services treat black lung disease, so {ctx.plan(bl)} pays before {ctx.plan(other)}",
        clause="medicare" if other.kind in MEDICARE_KINDS else "",
    )


def _no_fault_vs_commercial(a: Coverage, b: Coverage) -> tuple[Coverage, Coverage] | None:
    pair = _injury_pair(a, b, NO_FAULT_KINDS)
    if pair is None or pair[1].kind not in COMMERCIAL_KINDS:
        return None
    return pair


@rule(
    "injury.michigan_coordinated_pip",
    title="Michigan coordinated PIP: the health plan pays first",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.MI_COORDINATED_PIP, c.MI_FEDERAL_KEMPER, c.MI_FREDERICK_HERRUD),
    clauses=("self_funded",),
    speaks_for=(Pairs(NO_FAULT_KINDS, COMMERCIAL_KINDS),),
)
def michigan_coordinated_pip(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """Under a Michigan no-fault policy with coordinated benefits the person's health plan pays first and PIP
    pays what it leaves (MCL 500.3109a; Federal Kemper, 424 Mich. 537 (1986)); a self-funded ERISA plan's own COB
    clause controls, so PIP pays first against it (Auto Club v. Frederick & Herrud, 443 Mich. 358 (1993)), and
    Medicare and Medicaid are never coordinated with."""
    pair = _no_fault_vs_commercial(a, b)
    if pair is None:
        return None
    pip, plan = pair
    if ctx.auto_choice(pip, "coordinated_pip") is None:
        return None
    terms = pip.injury_terms
    if terms is None or terms.pip_option is not PipOption.COORDINATED:
        return None
    if plan.self_funded:
        ctx.note(
            michigan_coordinated_pip,
            (pip.id, plan.id),
            f"{ctx.plan(plan)} is a self-funded ERISA plan, which a coordinated Michigan PIP policy does not "
            "coordinate with: PIP pays first",
            clause="self_funded",
        )
        return None
    return Decided(
        plan.id,
        pip.id,
        f"{ctx.plan(pip)} is a coordinated Michigan no-fault policy, so {ctx.plan(plan)} pays first and PIP pays "
        "what the health plan leaves",
    )


@rule(
    "injury.nj_health_primary_election",
    title="New Jersey health-primary PIP election",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NJ_HEALTH_PRIMARY, c.NJ_ELECTION_MEDICARE_STATUTE, c.NJ_ELECTION_NOT_FOR_MEDICARE),
    clauses=("medicare_medicaid_household",),
    speaks_for=(Pairs(NO_FAULT_KINDS, COMMERCIAL_KINDS),),
)
def nj_health_primary(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A New Jersey named insured may elect health insurance as primary for auto injuries: the health plan pays
    first and PIP pays what it leaves, up to the PIP limit (N.J.S.A. 39:6A-4.3(d)). The election is not
    available to a household with Medicare or Medicaid."""
    pair = _no_fault_vs_commercial(a, b)
    if pair is None:
        return None
    pip, plan = pair
    if pip.injury_terms is None or not pip.injury_terms.health_primary_election:
        return None
    if ctx.auto_choice(pip, "pip_health_primary_election") is None:
        return None
    if ctx.household_has(frozenset({CoverageKind.MEDICARE, CoverageKind.MEDICARE_ADVANTAGE, CoverageKind.MEDICAID})):
        ctx.note(
            nj_health_primary,
            (pip.id,),
            "the health-primary election is not available to a household with Medicare or Medicaid, so PIP stays "
            "primary",
            clause="medicare_medicaid_household",
        )
        return None
    return Decided(
        plan.id,
        pip.id,
        f"the insured elected health insurance as primary under New Jersey law, so {ctx.plan(plan)} pays first and "
        f"{ctx.plan(pip)} pays what it leaves",
    )


@rule(
    "injury.no_fault_first",
    title="No-fault (PIP, MedPay) pays first for accident injuries",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(
        c.MN_NO_FAULT_PRIMARY,
        c.NJ_HEALTH_SECONDARY_TO_PIP,
        c.NJ_PIP_PRIMARY_REG,
        c.MSP_INJURY_PAYERS,
        c.MSP_NO_FAULT_CFR,
        c.MSP_NO_FAULT_EXHAUST,
        c.MSP_PREEMPTS,
        c.TRICARE_THIRD_PARTY,
        c.MEDICAID_LAST,
    ),
    clauses=("nj", "medicare", "tricare", "medicaid"),
    speaks_for=(Pairs(NO_FAULT_KINDS, ANY_KIND - INJURY_KINDS),),
)
def no_fault_first(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """No-fault insurance (auto PIP, medical payments coverage) pays first for accident-related services: before
    health plans unless a state option says otherwise (state no-fault law: New Jersey health contracts are secondary
    to PIP, N.J.A.C. 11:4-42 App.; Minnesota makes no-fault benefits primary, Minn. Stat. 65B.61), and always
    before Medicare (42 USC 1395y(b)(2)(A)(ii); 42 CFR 411.20(a)(2)(iii), 411.51(b)), TRICARE (10 USC 1095(h)) and
    Medicaid (42 USC 1396a(a)(25))."""
    pair = _injury_pair(a, b, NO_FAULT_KINDS)
    if pair is None or pair[1].kind in INJURY_KINDS:
        return None
    pip, other = pair
    clause = _versus(other)
    if not clause and ctx.auto_profile(pip).code == "NJ":
        clause = "nj"
    return Decided(
        pip.id,
        other.id,
        f"the claim is for an accident injury, so {_kind_name(pip.kind)} {ctx.plan(pip)} pays before {ctx.plan(other)}",
        clause=clause,
    )


@rule(
    "injury.pip_before_medpay",
    title="PIP before MedPay",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.MN_NO_FAULT_PRIMARY,),
    choice=(
        "Both PIP and auto medical payments coverage: the engine puts PIP first; no source found orders them in "
        "general (a state no-fault law such as Minn. Stat. 65B.61 makes its benefits primary to other sources)."
    ),
    speaks_for=(Pairs(frozenset({CoverageKind.AUTO_PIP}), frozenset({CoverageKind.AUTO_MEDPAY})),),
)
def pip_before_medpay(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """When a person has both personal injury protection and medical payments coverage for the same accident,
    PIP pays first and MedPay pays what is left."""
    kinds = {a.kind, b.kind}
    if kinds != {CoverageKind.AUTO_PIP, CoverageKind.AUTO_MEDPAY}:
        return None
    pip, medpay = (a, b) if a.kind is CoverageKind.AUTO_PIP else (b, a)
    return Decided(
        pip.id,
        medpay.id,
        f"{ctx.plan(pip)} (PIP) pays before {ctx.plan(medpay)} (MedPay)",
        choice=pip_before_medpay.choice,
    )


@rule(
    "injury.liability_paying_first",
    title="Liability insurance that pays promptly pays first",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(
        c.INJURY_SEED,
        c.MSP_INJURY_PAYERS,
        c.MSP_CONDITIONAL_STATUTE,
        c.MSP_LIABILITY_CFR,
        c.TRICARE_THIRD_PARTY,
        c.MEDICAID_LAST,
        c.MN_NO_FAULT_PRIMARY,
    ),
    clauses=("medicare", "tricare", "medicaid", "no_fault"),
    choice=(
        "A liable party's insurer that pays promptly and a no-fault policy on the same accident: no-fault pays "
        "first (it pays whoever is at fault) and the liability insurer pays what it leaves (sources silent)."
    ),
    speaks_for=(Pairs(frozenset({CoverageKind.LIABILITY}), (ANY_KIND - INJURY_KINDS) | NO_FAULT_KINDS),),
)
def liability_paying_first(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """When the liable party's insurer has accepted the claim and pays promptly, it is the primary payer:
    Medicare may not pay to the extent payment "can reasonably be expected to be made" under liability insurance
    (42 U.S.C. 1395y(b)(2)(A)(ii)) and pays conditionally only when it will not be made promptly (1395y(b)(2)(B)(i));
    Medicaid (1396a(a)(25)) and TRICARE (10 U.S.C. 1095(h)(1)) follow it too, and so do health plans (seed 004:
    liability pays first for the related services - no primary source found for health plans). Workers' comp,
    when the injury is work-related, comes before it."""
    pair = _injury_pair(a, b, frozenset({CoverageKind.LIABILITY}))
    if pair is None:
        return None
    liab, other = pair
    status = liab.injury_status
    if status is None or not status.prompt:
        return None
    if other.kind in NO_FAULT_KINDS:
        return Decided(
            other.id,
            liab.id,
            f"no-fault {ctx.plan(other)} pays first whoever is at fault, and {ctx.plan(liab)}, the liable party's "
            "insurer, pays what it leaves",
            choice=liability_paying_first.choice,
            clause="no_fault",
        )
    if other.kind in INJURY_KINDS:
        return None
    return Decided(
        liab.id,
        other.id,
        f"{ctx.plan(liab)}, the liable party's insurer, has accepted the claim and pays promptly, so it pays before "
        f"{ctx.plan(other)}",
        clause=_versus(other),
    )


# ------------------------------------------------------------------------------------------------ notes


@rule(
    "msp.conditional_payment",
    title="Medicare pays conditionally when an injury payer is slow, contested or pays at settlement",
    kind=RuleKind.NOTE,
    authority=FEDERAL,
    cite=(
        c.MSP_CONDITIONAL_STATUTE,
        c.MSP_CONDITIONAL_DEFINITION,
        c.MSP_WC_DENIED,
        c.MSP_NO_FAULT_DENIED,
        c.MSP_LIABILITY,
        c.CMS_CONDITIONAL_PAYMENT,
        c.PALMETTO_PROMPTLY,
    ),
    clauses=("workers_comp", "no_fault", "liability"),
    needs=MEDICARE_KINDS,
)
def conditional_payment(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """When workers' comp or no-fault has denied the claim or not paid within 120 days, or a liability claim is
    pending, Medicare may pay conditionally and must be repaid from the primary payer's later payment
    (42 U.S.C. 1395y(b)(2)(B)(i); 42 CFR 411.45, 411.53; POMS HI 00620.175; the 120 days are the Medicare
    contractors' "promptly" period)."""
    injury = ctx.case.claim.injury
    if injury is None or not injury.related:
        return []
    reasons = []
    kinds: set[str] = set()
    for x in ctx.candidates:
        if COVERS.get(x.kind) is None or not answers_for(x.kind, injury) or x.kind is CoverageKind.CRIME_VICTIM:
            continue
        status = x.injury_status
        if status in (PrimaryPayerStatus.DENIED, PrimaryPayerStatus.PENDING_SETTLEMENT, PrimaryPayerStatus.NOT_PROMPT):
            kinds.add(_PAYER_FAMILY.get(x.kind, ""))
        if status is PrimaryPayerStatus.DENIED:
            reasons.append(f"{ctx.plan(x)} denied the claim")
        elif status is PrimaryPayerStatus.PENDING_SETTLEMENT:
            reasons.append(f"{ctx.plan(x)} pays only at settlement")
        elif status is PrimaryPayerStatus.NOT_PROMPT:
            reasons.append(f"{ctx.plan(x)} has not paid within 120 days")
    if not reasons:
        return []
    return [
        Annotation(
            x.id,
            f"Medicare pays conditionally ({'; '.join(reasons)}) and must be repaid from any later payment by that payer",
            conditional=True,
            clause=kinds.pop() if len(kinds) == 1 else "",
        )
        for x in order
        if x.kind in MEDICARE_KINDS
    ]


@rule(
    "injury.subrogation",
    title="Health plans pay and recover from a liability settlement",
    kind=RuleKind.NOTE,
    authority=STATE,
    cite=(c.LIABILITY_SUBROGATION,),
    needs=COMMERCIAL_KINDS,
)
def subrogation(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """When a liable party's insurer will pay at settlement, the health plan pays the claim now and recovers its
    payment from the settlement: subrogation, which is distinct from coordination of benefits."""
    injury = ctx.case.claim.injury
    if injury is None or not injury.related:
        return []
    pending = [
        x
        for x in ctx.candidates
        if x.kind is CoverageKind.LIABILITY
        and answers_for(x.kind, injury)
        and not (x.injury_status or PrimaryPayerStatus.PENDING_SETTLEMENT).prompt
    ]
    if not pending:
        return []
    return [
        Annotation(x.id, "pays now and may recover its payment from the liability settlement (subrogation)")
        for x in order
        if x.kind in COMMERCIAL_KINDS
    ]


PARTICIPATION = (unrelated_claim, payer_denied_or_exhausted, michigan_no_pip_medical, nj_motorcycle_owner_operator)
LATE_PARTICIPATION = (workers_comp_exclusive, liability_pays_at_settlement)
ORDER = (
    workers_comp_first,
    black_lung_first,
    michigan_coordinated_pip,
    nj_health_primary,
    no_fault_first,
    pip_before_medpay,
    liability_paying_first,
)
NOTES = (conditional_payment, subrogation)
