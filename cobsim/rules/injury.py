"""Injury payers: workers' compensation, Federal Black Lung, no-fault (PIP, MedPay) and liability.

They take part only in claims for services related to the injury they cover, and then usually pay first
(SEED004: "These types of insurances usually pay first for services related to the specific procedure and
related reason"). State options change the order against commercial health plans - Michigan coordinated PIP,
New Jersey's health-primary election, New Jersey motorcycle owner-operators - but never against Medicare or
Medicaid (42 CFR 411.32(a)(1)).
"""

from __future__ import annotations

from cobsim.model.case import Coverage, Injury
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    INJURY_KINDS,
    MEDICARE_KINDS,
    NO_FAULT_KINDS,
    AccidentRole,
    CoverageKind,
    InjuryKind,
    PipOption,
    PrimaryPayerStatus,
)
from cobsim.rules import citations as c
from cobsim.rules.base import Annotation, Authority, Decided, Excluded, OrderOutcome, RuleKind, rule
from cobsim.rules.context import Context

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
    cite=(c.INJURY_SEED, c.MSP_STATUTE),
)
def unrelated_claim(ctx: Context, cov: Coverage) -> Excluded | None:
    """Workers' comp, black lung, no-fault, liability and crime-victim programs pay only for services that treat
    the injury or illness they cover; for anything else they drop out and the other payers follow their usual
    order."""
    covers = COVERS.get(cov.kind)
    if covers is None:
        return None
    injury = ctx.case.claim.injury
    if injury is None:
        return Excluded(f"{ctx.plan(cov)} is {_kind_name(cov.kind)}, and this claim is not for an injury it covers")
    if not answers_for(cov.kind, injury):
        return Excluded(
            f"{ctx.plan(cov)} is {_kind_name(cov.kind)}, which does not cover a {injury.kind.value.replace('_', ' ')} "
            "injury"
        )
    if not injury.related:
        return Excluded(
            f"{ctx.plan(cov)} is {_kind_name(cov.kind)}, and these services do not treat the injury it covers"
        )
    return None


@rule(
    "injury.payer_denied_or_exhausted",
    title="Injury payer denied the claim or its limit is used up",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.MSP_CONDITIONAL,),
)
def payer_denied_or_exhausted(ctx: Context, cov: Coverage) -> Excluded | None:
    """An injury payer that has denied the claim, or whose benefit limit is exhausted, does not pay; the next
    payers pay (Medicare conditionally, recovering if the denial is reversed: 42 CFR 411.45, 411.53)."""
    status = cov.injury_status
    if cov.kind not in INJURY_KINDS or status is None:
        return None
    if status is PrimaryPayerStatus.DENIED:
        return Excluded(f"{ctx.plan(cov)} denied the claim, so the next payers pay")
    if status is PrimaryPayerStatus.EXHAUSTED:
        return Excluded(f"{ctx.plan(cov)}'s benefit limit for this accident is used up, so the next payers pay")
    return None


@rule(
    "injury.nj_motorcycle_owner_operator",
    title="New Jersey: auto insurance is not primary for a motorcycle owner-operator",
    kind=RuleKind.PARTICIPATION,
    authority=STATE,
    cite=(c.NJ_MOTORCYCLE,),
)
def nj_motorcycle_owner_operator(ctx: Context, cov: Coverage) -> Excluded | None:
    """In New Jersey auto insurance does not pay first for a motorcycle accident of the motorcycle's
    owner-operator; the health plan is primary. Passengers submit to their auto carrier."""
    injury = ctx.case.claim.injury
    if cov.kind not in NO_FAULT_KINDS or injury is None or injury.kind is not InjuryKind.MOTORCYCLE:
        return None
    if ctx.injury_state != "NJ" or injury.role is not AccidentRole.OWNER_OPERATOR:
        return None
    return Excluded(
        f"in New Jersey {ctx.plan(cov)} is not primary for the owner-operator of a motorcycle: the health plan pays"
    )


@rule(
    "injury.workers_comp_exclusive",
    title="Work injury: health plans do not pay what workers' comp covers",
    kind=RuleKind.PARTICIPATION,
    authority=STATE,
    cite=(c.WC_SEED,),
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
    cite=(c.MSP_LIABILITY_PROMPT, c.MSP_LIABILITY, c.LIABILITY_SUBROGATION),
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
    cite=(c.WC_SEED, c.MSP_STATUTE),
    choice="A work-related auto accident: workers' comp is put before no-fault, as most states order them.",
)
def workers_comp_first(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """Workers' compensation pays first for a work-related injury or illness: before health plans, no-fault,
    Medicare, TRICARE and Medicaid (42 USC 1395y(b)(2)(A); SEED004)."""
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
    )


@rule(
    "injury.black_lung_first",
    title="Federal Black Lung Program first for black lung services",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.BLACK_LUNG,),
)
def black_lung_first(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """For services related to black lung disease the provider bills the Department of Labor's Federal Black
    Lung Program before Medicare or any other payer; unrelated services go to Medicare as usual."""
    pair = _injury_pair(a, b, frozenset({CoverageKind.BLACK_LUNG}))
    if pair is None:
        return None
    bl, other = pair
    return Decided(
        bl.id,
        other.id,
        f"these services treat black lung disease, so {ctx.plan(bl)} pays before {ctx.plan(other)}",
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
    cite=(c.MICHIGAN_PIP,),
)
def michigan_coordinated_pip(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """Under a Michigan no-fault policy with coordinated benefits the person's health plan pays first and PIP
    pays what it leaves; a self-funded ERISA plan is not coordinated with (PIP pays first), and neither are
    Medicare and Medicaid (MCL 500.3109a)."""
    pair = _no_fault_vs_commercial(a, b)
    if pair is None or ctx.injury_state != "MI":
        return None
    pip, plan = pair
    terms = pip.injury_terms
    if terms is None or terms.pip_option is not PipOption.COORDINATED:
        return None
    if plan.self_funded:
        ctx.note(
            michigan_coordinated_pip,
            (pip.id, plan.id),
            f"{ctx.plan(plan)} is a self-funded ERISA plan, which a coordinated Michigan PIP policy does not "
            "coordinate with: PIP pays first",
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
    cite=(c.NJ_HEALTH_PRIMARY,),
)
def nj_health_primary(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A New Jersey named insured may elect health insurance as primary for auto injuries: the health plan pays
    first and PIP pays what it leaves, up to the PIP limit (N.J.S.A. 39:6A-4.3(d)). The election is not
    available to a household with Medicare or Medicaid."""
    pair = _no_fault_vs_commercial(a, b)
    if pair is None or ctx.injury_state != "NJ":
        return None
    pip, plan = pair
    if pip.injury_terms is None or not pip.injury_terms.health_primary_election:
        return None
    if ctx.household_has(frozenset({CoverageKind.MEDICARE, CoverageKind.MEDICARE_ADVANTAGE, CoverageKind.MEDICAID})):
        ctx.note(
            nj_health_primary,
            (pip.id,),
            "the health-primary election is not available to a household with Medicare or Medicaid, so PIP stays "
            "primary",
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
    cite=(c.INJURY_SEED, c.NO_FAULT_MSP, c.MSP_PREEMPTS),
)
def no_fault_first(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """No-fault insurance (auto PIP, medical payments coverage) pays first for accident-related services: before
    health plans unless a state option says otherwise, and always before Medicare, TRICARE and Medicaid
    (42 CFR 411.50-411.54; 10 USC 1095(h))."""
    pair = _injury_pair(a, b, NO_FAULT_KINDS)
    if pair is None or pair[1].kind in INJURY_KINDS:
        return None
    pip, other = pair
    return Decided(
        pip.id,
        other.id,
        f"the claim is for an accident injury, so {_kind_name(pip.kind)} {ctx.plan(pip)} pays before {ctx.plan(other)}",
    )


@rule(
    "injury.pip_before_medpay",
    title="PIP before MedPay",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.INJURY_SEED,),
    choice="Both PIP and auto medical payments coverage: the engine puts PIP first (sources silent).",
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
    cite=(c.MSP_LIABILITY_PROMPT, c.INJURY_SEED),
    choice=(
        "A liable party's insurer that pays promptly and a no-fault policy on the same accident: no-fault pays "
        "first (it pays whoever is at fault) and the liability insurer pays what it leaves (sources silent)."
    ),
)
def liability_paying_first(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """When the liable party's insurer has accepted the claim and pays promptly, it is the primary payer:
    Medicare may not pay where payment "can reasonably be expected to be made promptly" under liability insurance
    (42 U.S.C. 1395y(b)(2)(A)(ii)) and pays only secondary to it; health plans, Medicaid and TRICARE follow it too
    (SEED004: liability pays first for the related services). Workers' comp, when the injury is work-related,
    comes before it."""
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
        )
    if other.kind in INJURY_KINDS:
        return None
    return Decided(
        liab.id,
        other.id,
        f"{ctx.plan(liab)}, the liable party's insurer, has accepted the claim and pays promptly, so it pays before "
        f"{ctx.plan(other)}",
    )


# ------------------------------------------------------------------------------------------------ notes


@rule(
    "msp.conditional_payment",
    title="Medicare pays conditionally when an injury payer is slow, contested or pays at settlement",
    kind=RuleKind.NOTE,
    authority=FEDERAL,
    cite=(c.MSP_CONDITIONAL, c.MSP_LIABILITY),
)
def conditional_payment(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """When workers' comp or no-fault has denied the claim or not paid within 120 days, or a liability claim is
    pending, Medicare may pay conditionally and must be repaid from the primary payer's later payment
    (42 CFR 411.45, 411.53; POMS HI 00620.175)."""
    injury = ctx.case.claim.injury
    if injury is None or not injury.related:
        return []
    reasons = []
    for x in ctx.candidates:
        if COVERS.get(x.kind) is None or not answers_for(x.kind, injury) or x.kind is CoverageKind.CRIME_VICTIM:
            continue
        status = x.injury_status
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


PARTICIPATION = (unrelated_claim, payer_denied_or_exhausted, nj_motorcycle_owner_operator)
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
