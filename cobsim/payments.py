"""Adjudication in payer order: each payer's payment per line, its EOB, the patient's balance, the write-off.

The primary pays as if no other coverage existed. Each later payer receives the earlier payers' results on the
line (allowed, paid, deductible) and pays by its method (:mod:`cobsim.rules.payment_methods`): standard COB,
non-duplication, carve-out, benefit reserve, Medicare's 42 CFR 411.33, Medicaid's lesser-of, TRICARE's lower of
three, Medigap, or "remaining balance" for programs that pay what others leave.

What the patient still owes after each payer (documented model; the sources fix the endpoints, not every path):

* The provider may collect no more than the most restrictive limit any payer so far imposes: a contracted
  plan's allowed amount (for a secondary, the allowable expense it coordinated against), Medicare's approved
  amount on an assigned claim (or OTAF / the higher allowed when Medicare is secondary), a workers' comp fee
  schedule, 115% of TRICARE's allowed amount for a non-participating provider. Medicaid's payment is payment in
  full (the patient owes at most its nominal copay). A payer outside its network imposes no limit (balance
  billing up to the charge).
* Adding a payer never raises what the patient owes: the patient's liability after payer k is the lesser of
  (liability before k minus k's payment) and (the collectible limit minus everything paid).
* Accumulators: each payer credits to its deductible - and, a documented choice, to its out-of-pocket total -
  what it would have credited with no other coverage (MDL-120 §7A says so of the deductible).
* Copays apply before the deductible and are not subject to it (a documented choice; plans differ).
* A plan paid by capitation pays nothing per claim; its services count at their value as a benefit paid for the
  payers after it (MDL-120 §3A), and the provider writes that value off (CO-24).
* A plan that the Medicare Secondary Payer rules put after Medicare pays, for a patient without Part B, as if
  Part B had paid; the patient owes the estimated Part B payment (PR-22) (``pay.as_if_medicare_part_b``).

Rounding: every calculated figure (coinsurance, a payment) is rounded half-up to the cent once, per line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from cobsim.model.case import BenefitDesign, Case, ClaimLine, Coverage
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    MEDICARE_KINDS,
    NO_FAULT_KINDS,
    AllowableExpense,
    ClaimSetting,
    CobMethod,
    CoverageKind,
    RuleSet,
)
from cobsim.model.money import ZERO, money, percent_of
from cobsim.rules import payment_methods as pm
from cobsim.rules import state_payment_methods as spm
from cobsim.rules.base import Decided, Rule
from cobsim.rules.context import Context
from cobsim.rules.medicare_coverage import limiting_charge_rate
from cobsim.rules.params import param
from cobsim.rules.registry import ORDER_RULES
from cobsim.trace import PayerEob, Payments

#: Kinds whose payment needs an allowed amount on each covered line.
NEEDS_ALLOWED = frozenset(
    {
        *COMMERCIAL_KINDS,
        *MEDICARE_KINDS,
        CoverageKind.MEDICAID,
        CoverageKind.CHIP,
        CoverageKind.TRICARE,
        CoverageKind.TRICARE_FOR_LIFE,
        CoverageKind.CHAMPVA,
        CoverageKind.WORKERS_COMP,
        CoverageKind.BLACK_LUNG,
        *NO_FAULT_KINDS,
    }
)
#: Kinds whose cost sharing must be stated (no safe default); TRICARE for a member on active duty has none by law.
NEEDS_BENEFITS = frozenset(
    {
        *COMMERCIAL_KINDS,
        CoverageKind.MEDICARE_ADVANTAGE,
        CoverageKind.TRICARE,
        CoverageKind.TRICARE_FOR_LIFE,
        CoverageKind.CHAMPVA,
    }
)
NO_COST_SHARE = frozenset(
    {CoverageKind.WORKERS_COMP, CoverageKind.BLACK_LUNG, CoverageKind.MEDICAID, CoverageKind.CHIP}
)
REMAINING = frozenset(
    {
        CoverageKind.TRICARE_SUPPLEMENT,
        CoverageKind.CRIME_VICTIM,
        CoverageKind.IHS,
        CoverageKind.VA,
        CoverageKind.LIABILITY,
        *NO_FAULT_KINDS,
    }
)
#: Kinds that pay first under their own terms (workers' comp, black lung, no-fault).
_INJURY_PAYERS = (CoverageKind.WORKERS_COMP, CoverageKind.BLACK_LUNG, *sorted(NO_FAULT_KINDS))
#: Plans that pay as if Medicare Part B had paid when the patient has none (``pm.AS_IF_PART_B`` says why).
AS_IF_PART_B_KINDS = frozenset({CoverageKind.GROUP, CoverageKind.INDIVIDUAL, CoverageKind.STUDENT})
#: Office and outpatient visit codes (new and established patients), for Medigap plan N's office-visit copay.
OFFICE_VISIT_CODES = frozenset({"99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215"})

_METHOD_RULES: dict[CobMethod, Rule] = {
    CobMethod.STANDARD: pm.standard_cob,
    CobMethod.NON_DUPLICATION: pm.non_duplication,
    CobMethod.CARVE_OUT: pm.carve_out,
    CobMethod.CARVE_OUT_REMAINDER: pm.carve_out_remainder,
    CobMethod.BENEFIT_RESERVE: pm.benefit_reserve,
    CobMethod.MEDICAID: pm.medicaid_lesser_of,
    CobMethod.TRICARE: pm.tricare_secondary,
    CobMethod.MEDIGAP: pm.medigap,
    CobMethod.REMAINING_BALANCE: pm.remaining_balance,
}


@dataclass
class Terms:
    """A coverage's benefit terms with the defaults filled in."""

    coverage: Coverage
    deductible: Decimal
    coinsurance: Decimal
    copay: Decimal
    oop_remaining: Decimal | None
    contracted: bool
    pricing: str
    ae_mode: AllowableExpense
    secondary_contract_permits: bool
    participating: bool
    pays_medicare_deductible: bool
    secondary_method: Rule
    primary_method: Rule
    ded_remaining: Decimal = ZERO
    reserve: Decimal = ZERO
    limit_remaining: Decimal | None = None
    deductible_credited: Decimal = ZERO
    reserve_touched: bool = False
    nonpar_cap: Decimal = Decimal("1.15")
    active_duty: bool = False
    medigap_plan: str | None = None
    medigap_oop_remaining: Decimal | None = None
    office_copay: Decimal = ZERO
    emergency_copay_left: Decimal = ZERO
    part_b: PartBStandIn | None = None  #: the patient has no Part B and this plan pays as if it had paid
    law: str | None = None  #: the state whose law governs its payment (its rules cite that state's code)
    choices: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)  #: the method's reasons its lines used
    limiting_charge: Decimal | None = None  #: Medicare without assignment: the limiting charge rate (1395w-4(g))
    label: str = ""  #: the coverage's label (``Coverage.label``), read once


@dataclass
class PartBStandIn:
    """Medicare Part B as a plan that pays after it estimates it, for a patient without Part B."""

    medicare: Terms  #: Medicare's terms (its deductible accumulates over the claim's lines)
    before: frozenset[str]  #: the payers that would pay before Medicare (plans primary to it, injury payers)
    why: str  #: why the Medicare Secondary Payer rules put Medicare first, with the rule id


#: A coverage's benefits when it states none (the model's defaults).
_NO_BENEFITS = BenefitDesign()
#: Dated parameters by name and day: the payments read the same few for every coverage of a claim.
_param = lru_cache(maxsize=1024)(param)


def _terms(case: Case, cov: Coverage, ruleset: RuleSet, override: RuleSet | None) -> Terms:
    """``cov``'s terms on the claim (``override`` is :func:`spm.plan_override` of the case and ``ruleset``)."""
    b = cov.benefits or _NO_BENEFITS
    setting = case.claim.setting
    inpatient = setting is ClaimSetting.INPATIENT
    on = case.claim.service_date
    medigap = pm.MEDIGAP_PLANS.get(b.medigap_plan) if b.medigap_plan else None
    if cov.kind is CoverageKind.MEDICARE:
        year_param = "medicare.part_a_deductible" if inpatient else "medicare.part_b_deductible"
        deductible = b.deductible if b.deductible is not None else _param(year_param, on)
        part_b = _param("medicare.part_b_coinsurance", on)
        coinsurance = b.coinsurance if b.coinsurance is not None else (ZERO if inpatient else part_b)
        contracted = True  # an assigned Medicare claim: the approved amount is payment in full
    elif cov.kind in NO_COST_SHARE or (cov.kind is CoverageKind.TRICARE and cov.active_duty):
        deductible, coinsurance, contracted = ZERO, ZERO, True
    elif medigap is not None and medigap.high_deductible:
        deductible = b.deductible if b.deductible is not None else _param("medigap.high_deductible", on)
        coinsurance, contracted = ZERO, False
    else:
        deductible = b.deductible or ZERO
        coinsurance = b.coinsurance or ZERO
        contracted = b.network == "in" and b.pricing in ("negotiated", "capitation")
    capitated = cov.kind in COMMERCIAL_KINDS and b.network == "in" and b.pricing == "capitation"
    if cov.kind in COMMERCIAL_KINDS:
        # the plan's own method if it states one, else its governing state's rule, else its edition's default; a
        # capitated plan pays no per-claim amount unless its state's rule says how it coordinates (N.J.A.C. 28.7(e)6)
        governed = spm.payment_law(case, cov, override)
        law = governed.law
        state_rule = None if b.method is not None else governed.rule
        if capitated and state_rule is not spm.nj_secondary:
            secondary = pm.capitation_secondary
        elif state_rule is not None:
            secondary = state_rule
        else:
            default = CobMethod.BENEFIT_RESERVE if governed.edition is RuleSet.PRE_2005 else CobMethod.STANDARD
            secondary = _METHOD_RULES[b.method or default]
    else:
        law = spm.governing_law(case, cov, ruleset)
        secondary = _program_secondary(cov.kind, setting)
    if cov.kind is CoverageKind.MEDICARE:
        first = pm.medicare_primary
    elif capitated:
        first = pm.capitation
    elif cov.kind is CoverageKind.TRICARE and cov.active_duty:
        first = pm.tricare_active_duty
    elif cov.kind in _INJURY_PAYERS:
        first = pm.injury_payer
    elif cov.kind in REMAINING or cov.kind is CoverageKind.MEDIGAP:
        first = pm.remaining_balance
    else:
        first = pm.primary
    limit = spm.injury_limit(case, cov)  # the case's limit, else a Michigan PIP level chosen after the 2019 reform
    terms = Terms(
        coverage=cov,
        deductible=deductible,
        coinsurance=coinsurance,
        copay=b.copay,
        oop_remaining=None if b.oop_max is None else b.oop_max - b.oop_met,
        contracted=contracted,
        pricing=b.pricing,
        ae_mode=b.allowable_expense,
        secondary_contract_permits=b.secondary_contract_permits,
        participating=b.participating,
        pays_medicare_deductible=b.pays_medicare_deductible,
        secondary_method=secondary,
        primary_method=first,
        ded_remaining=max(ZERO, deductible - b.deductible_met),
        reserve=b.reserve,
        limit_remaining=limit,
        nonpar_cap=_param("medicare.tricare_nonparticipating_cap", on),
        active_duty=cov.active_duty,
        medigap_plan=b.medigap_plan,
        law=law,
        limiting_charge=limiting_charge_rate(case, cov),
        label=cov.label,
    )
    if medigap is not None:
        _medigap_limits(terms, medigap, b, case)
    return terms


def _program_secondary(kind: CoverageKind, setting: ClaimSetting) -> Rule:
    """How a coverage that is not a commercial plan pays when it is not first: by its program's own law."""
    if kind in MEDICARE_KINDS:
        return pm.medicare_secondary if setting is ClaimSetting.PROFESSIONAL else pm.medicare_secondary_institutional
    if kind in (CoverageKind.MEDICAID, CoverageKind.CHIP):
        return pm.medicaid_lesser_of
    if kind in (CoverageKind.TRICARE, CoverageKind.TRICARE_FOR_LIFE, CoverageKind.CHAMPVA):
        return pm.tricare_secondary
    if kind is CoverageKind.MEDIGAP:
        return pm.medigap
    if kind in (CoverageKind.WORKERS_COMP, CoverageKind.BLACK_LUNG):
        return pm.injury_payer
    return pm.remaining_balance


def _medigap_limits(t: Terms, plan: pm.MedigapBenefit, b: BenefitDesign, case: Case) -> None:
    """Plans K and L: what is left of the year's out-of-pocket limit; plan N: its office and emergency copays."""
    on = case.claim.service_date
    if plan.oop_limit is not None:
        t.medigap_oop_remaining = max(ZERO, _param(plan.oop_limit, on) - b.oop_met)
    if plan.copays:
        t.office_copay = _param("medigap.plan_n_office_visit_copay", on)
        if case.claim.emergency and case.claim.setting is not ClaimSetting.INPATIENT:
            t.emergency_copay_left = _param("medigap.plan_n_emergency_room_copay", on)


StandIns = dict[str, tuple[Coverage, frozenset[str], str]]


def _part_b_stand_ins(case: Case, order: list[Coverage], ruleset: RuleSet, context: Context | None) -> StandIns:
    """Plans that pay as if Medicare Part B had paid: for a Part B claim of a patient whose Original Medicare has no
    Part B on the service date, each group plan or individual or student policy that the Medicare Secondary Payer
    rules put after Medicare. Maps the plan's id to the Medicare coverage, the payers that would pay before
    Medicare (plans primary to Medicare, injury payers) and the MSP rule's reason."""
    if case.claim.setting is ClaimSetting.INPATIENT:
        return {}
    ctx = context or Context(case, ruleset=ruleset, order_rules=ORDER_RULES)
    card = ctx.medicare_card
    if card is None or card.kind is not CoverageKind.MEDICARE or ctx.part_b():
        return {}
    out: StandIns = {}
    for cov in order:
        b = cov.benefits
        if cov.kind not in AS_IF_PART_B_KINDS or (b is not None and b.pricing == "capitation"):
            continue
        msp_rule, outcome = ctx.medicare_vs(cov)
        if msp_rule is None or not (isinstance(outcome, Decided) and outcome.first == card.id):
            continue
        before = set()
        for other in order:
            if other.id == cov.id:
                break
            _, vs = ctx.first_decision(card, other)
            if isinstance(vs, Decided) and vs.first == other.id:
                before.add(other.id)
        out[cov.id] = (card, frozenset(before), f"{outcome.because} ({msp_rule.id})")
    return out


class CostShare(NamedTuple):
    """A payer's normal benefit on a line and the member's cost sharing in it."""

    normal: Decimal
    deductible: Decimal
    coinsurance: Decimal
    copay: Decimal

    @property
    def total(self) -> Decimal:
        return self.deductible + self.coinsurance + self.copay


_NO_SHARE = CostShare(ZERO, ZERO, ZERO, ZERO)


def cost_share(t: Terms, allowed: Decimal | None, covered: bool) -> CostShare:
    """The payer's normal benefit on a line: allowed less copay, deductible and coinsurance, within the OOP max."""
    if not covered or allowed is None or allowed == ZERO:
        return _NO_SHARE
    copay = min(t.copay, allowed)
    ded = min(t.ded_remaining, allowed - copay)
    coins = percent_of(allowed - copay - ded, t.coinsurance)
    if t.oop_remaining is not None and copay + ded + coins > t.oop_remaining:
        excess = copay + ded + coins - t.oop_remaining
        cut = min(coins, excess)
        coins, excess = coins - cut, excess - cut
        cut = min(copay, excess)
        copay, excess = copay - cut, excess - cut
        ded -= min(ded, excess)
    return CostShare(money(allowed - copay - ded - coins), ded, coins, copay)


@dataclass
class _LineState:
    priors: list[pm.Prior] = field(default_factory=list)
    paid_total: Decimal = ZERO  #: cash paid by the payers so far
    credited_total: Decimal = ZERO  #: what counts as paid (cash plus capitated services at their value)
    collectible: Decimal = ZERO
    patient: Decimal = ZERO


def _missing(case: Case, order: list[Coverage], stand_ins: StandIns) -> list[str]:
    out: list[str] = []
    for cov in order:
        b = cov.benefits
        active_duty = cov.kind is CoverageKind.TRICARE and cov.active_duty
        if cov.kind in NEEDS_BENEFITS and b is None and not active_duty:
            out.append(f"coverage '{cov.id}' has no benefits (deductible, coinsurance, network) for the payment engine")
        if b is not None and b.method is not None and cov.kind not in COMMERCIAL_KINDS:
            out.append(
                f"coverage '{cov.id}' is {cov.kind.value}, which pays by its own law; only commercial plans choose a "
                "COB method"
            )
        if active_duty and b is not None and (b.deductible or b.coinsurance or b.copay or b.oop_max):
            out.append(
                f"coverage '{cov.id}' is TRICARE for a member on active duty, who has no cost sharing "
                "(10 U.S.C. 1075a(a)(1)): leave out its deductible, coinsurance, copay and out-of-pocket maximum"
            )
        if cov.kind is CoverageKind.MEDIGAP and (
            b is None or (b.medigap_plan is None and "pays_medicare_deductible" not in b.model_fields_set)
        ):
            out.append(
                f"coverage '{cov.id}' is a Medigap policy without its plan letter (benefits.medigap_plan: A, B, C, D, "
                "F, F-HD, G, G-HD, K, L, M or N), which decides what it pays"
            )
        if cov.kind in NEEDS_ALLOWED:
            for line in case.claim.lines:
                if line.covered.get(cov.id, True) and cov.id not in line.allowed:
                    out.append(f"claim line '{line.id}' has no allowed amount for coverage '{cov.id}'")
        if cov.id in stand_ins:
            card = stand_ins[cov.id][0]
            for line in case.claim.lines:
                if line.covered.get(card.id, True) and card.id not in line.allowed:
                    out.append(
                        f"claim line '{line.id}' has no Medicare approved amount for coverage '{card.id}', which "
                        f"'{cov.id}' needs to pay as if Part B had paid (the patient has no Part B)"
                    )
    return out


def adjudicate(
    case: Case, ranks: list[list[Coverage]], ruleset: RuleSet, *, context: Context | None = None
) -> tuple[Payments, list[tuple[Rule, PayerEob, str, tuple[str, ...]]]]:
    """Pay the claim by ``ranks`` (payers in order; a rank of several shares equally). Returns the payments and,
    per payer, the method rule (carrying the documented choices its lines used), the EOB, a sentence and the
    method's reasons (clauses) its lines used.

    ``context`` is the engine's own context, so that the order rules the payments consult (would Medicare have
    paid before this plan?) see the same disabled rules and rule set; without it a fresh one is built.

    The lines and adjustments are plain records while the claim is paid; the output models (:class:`Payments`
    and the EOBs in it) are validated once, from those records, at the end."""
    claim = case.claim
    billed = claim.billed
    order = [cov for rank in ranks for cov in rank]
    stand_ins = _part_b_stand_ins(case, order, ruleset, context)
    missing = _missing(case, order, stand_ins)
    if missing:
        return Payments(complete=False, reasons=tuple(missing), billed=billed, patient=ZERO, write_off=ZERO), []
    override = spm.plan_override(case, ruleset)
    terms = [_terms(case, cov, ruleset, override) for cov in order]
    groups: list[tuple[int, int]] = [(len(rank), i) for rank in ranks for i in range(len(rank))]
    per_payer: list[list[_Record]] = [[] for _ in order]
    sentences: list[list[str]] = [[] for _ in order]
    methods: list[Rule] = []
    for k, t in enumerate(terms):
        if groups[k][0] > 1:
            methods.append(pm.share_equally)
        elif t.coverage.id in stand_ins:
            card, before, why = stand_ins[t.coverage.id]
            t.part_b = PartBStandIn(_terms(case, card, ruleset, override), before, why)
            methods.append(pm.as_if_medicare_part_b)
        else:
            methods.append(t.primary_method if k == 0 else t.secondary_method)
    setting = claim.setting
    claim_facts = _ClaimFacts(
        institutional=setting is not ClaimSetting.PROFESSIONAL, part_a=setting is ClaimSetting.INPATIENT
    )
    balances: list[_Record] = []
    for line in claim.lines:
        state = _LineState(collectible=line.billed, patient=line.billed)
        paid_by: dict[str, Decimal] = {}
        group_prior = ZERO
        for k, t in enumerate(terms):
            count, index = groups[k]
            if index == 0:
                group_prior = state.paid_total
            share_basis = None
            if count > 1:
                tied = [line.allowed.get(x.coverage.id) for x in terms[k - index : k - index + count]]
                share_basis = max((a for a in tied if a is not None), default=ZERO)
            pl, sentence = _pay_line(
                claim_facts, line, k, t, methods[k], state=state, tie=(count, index, share_basis, group_prior)
            )
            per_payer[k].append(pl)
            sentences[k].append(f"line {line.id}: {sentence}")
            paid_by[t.coverage.id] = pl["paid"]
        balances.append(
            {
                "line": line.id,
                "billed": line.billed,
                "paid": paid_by,
                "patient": state.patient,
                "write_off": money(line.billed - state.paid_total - state.patient),
            }
        )
    eob_records: list[_Record] = []
    texts: list[str] = []
    for k, t in enumerate(terms):
        lines = per_payer[k]
        paid = sum((pl["paid"] for pl in lines), ZERO)
        eob_records.append(
            {
                "coverage": t.coverage.id,
                "label": t.label,
                "rank": k + 1,
                "method": methods[k].id,
                "paid": paid,
                "patient_after": sum((pl["patient_after"] for pl in lines), ZERO),
                "deductible_credited": t.deductible_credited,
                "reserve_after": t.reserve if t.reserve_touched else None,
                "lines": lines,
            }
        )
        if len(claim.lines) == 1:
            texts.append(sentences[k][0].split(": ", 1)[1])
        else:
            texts.append(f"pays ${paid:,.2f} in all - " + "; ".join(sentences[k]))
    payments = Payments.model_validate(
        {
            "complete": True,
            "eobs": eob_records,
            "lines": balances,
            "billed": billed,
            "paid": {e["coverage"]: e["paid"] for e in eob_records},
            "patient": sum((b["patient"] for b in balances), ZERO),
            "write_off": sum((b["write_off"] for b in balances), ZERO),
        }
    )
    eobs: list[tuple[Rule, PayerEob, str, tuple[str, ...]]] = []
    for k, (t, eob) in enumerate(zip(terms, payments.eobs, strict=True)):
        method = methods[k]
        used = list(dict.fromkeys(c for c in (method.choice, *t.choices) if c))
        if used and used != [method.choice]:
            method = replace(method, choice=" ".join(used))
        eobs.append((method, eob, texts[k], tuple(dict.fromkeys(t.clauses)) or ("",)))
    return payments, eobs


#: A line, an adjustment or a balance while the claim is paid: the fields of its output model, by name.
_Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _ClaimFacts:
    """What every line's formula input takes from the claim itself."""

    institutional: bool
    part_a: bool


def _input(
    claim: _ClaimFacts,
    line: ClaimLine,
    t: Terms,
    *,
    allowed: Decimal | None,
    share: CostShare,
    priors: tuple[pm.Prior, ...],
    patient_before: Decimal,
    tie: tuple[int, int, Decimal | None, Decimal] = (1, 0, None, ZERO),
    own_method: Callable[[pm.LineInput], pm.Result] | None = None,
) -> pm.LineInput:
    return pm.LineInput.of(
        {
            "billed": line.billed,
            "allowed": allowed,
            "normal": share.normal,
            "deductible": share.deductible,
            "coinsurance_rate": t.coinsurance,
            "deductible_remaining": t.ded_remaining,
            "contracted": t.contracted,
            "pricing": t.pricing,
            "ae_mode": t.ae_mode,
            "secondary_contract_permits": t.secondary_contract_permits,
            "participating": t.participating,
            "institutional": claim.institutional,
            "priors": priors,
            "patient_before": patient_before,
            "reserve": t.reserve,
            "limit_remaining": t.limit_remaining,
            "pays_medicare_deductible": t.pays_medicare_deductible,
            "nonpar_cap": t.nonpar_cap,
            "share_count": tie[0],
            "share_index": tie[1],
            "share_basis": tie[2],
            "group_prior_paid": tie[3],
            "cost_share": share.total,
            "active_duty": t.active_duty,
            "part_a": claim.part_a,
            "medigap_plan": t.medigap_plan,
            "medigap_deductible_remaining": t.ded_remaining,
            "medigap_oop_remaining": t.medigap_oop_remaining,
            "office_visit": line.code in OFFICE_VISIT_CODES,
            "emergency_copay_left": t.emergency_copay_left,
            "office_copay": t.office_copay,
            "own_method": own_method,
            "kind": t.coverage.kind,
            "law": t.law,
        }
    )


def _allowed(line: ClaimLine, cov: Coverage) -> Decimal | None:
    """A payer allows the lesser of the charge and its fee."""
    given = line.allowed.get(cov.id)
    return min(given, line.billed) if given is not None else None


def _part_b_estimate(claim: _ClaimFacts, line: ClaimLine, stand_in: PartBStandIn, state: _LineState) -> pm.Prior:
    """What Medicare Part B would have paid on the line had the patient taken Part B: its primary payment, or its
    secondary payment (42 CFR 411.33) behind the payers that pay before Medicare."""
    mt = stand_in.medicare
    card = mt.coverage
    covered = line.covered.get(card.id, True)
    allowed = _allowed(line, card) if covered else None
    share = cost_share(mt, allowed, covered)
    before = tuple(p for p in state.priors if p.coverage in stand_in.before)
    if not covered:
        paid = ZERO
    else:
        method = pm.medicare_primary
        if before:
            method = mt.secondary_method
        x = _input(claim, line, mt, allowed=allowed, share=share, priors=before, patient_before=state.patient)
        result = method.func(x)
        paid = result.paid
        mt.ded_remaining = max(ZERO, mt.ded_remaining - share.deductible)
    return pm.Prior(
        coverage=card.id,
        kind=card.kind,
        label=mt.label,
        allowed=allowed,
        paid=paid,
        contracted=True,
        pricing="negotiated",
        deductible=share.deductible,
        coinsurance=share.coinsurance + share.copay,
        estimated=True,
    )


#: The methods that pay (or account) on a line the payer does not cover.
_PAY_UNCOVERED = (pm.remaining_balance, pm.medigap, pm.benefit_reserve)


def _pay_line(
    claim: _ClaimFacts,
    line: ClaimLine,
    k: int,
    t: Terms,
    method: Rule,
    *,
    state: _LineState,
    tie: tuple[int, int, Decimal | None, Decimal],
) -> tuple[_Record, str]:
    cov = t.coverage
    covered = line.covered.get(cov.id, True)
    allowed = _allowed(line, cov)
    share = cost_share(t, allowed, covered)
    priors = tuple(state.priors)
    as_if_part_b = method is pm.as_if_medicare_part_b
    if t.part_b is not None and as_if_part_b:
        estimate = _part_b_estimate(claim, line, t.part_b, state)
        ahead = tuple(p for p in priors if p.coverage in t.part_b.before)
        behind = tuple(p for p in priors if p.coverage not in t.part_b.before)
        priors = (*ahead, estimate, *behind)
    x = _input(
        claim,
        line,
        t,
        allowed=allowed if covered else None,
        share=share,
        priors=priors,
        patient_before=state.patient,
        tie=tie,
        own_method=t.secondary_method.func if as_if_part_b else None,
    )
    if not covered and method not in _PAY_UNCOVERED:
        result = pm.Result(ZERO, "does not cover this line")
    else:
        result = method.func(x)
    if result.choice:
        t.choices.append(result.choice)
    t.clauses.append(result.clause)
    paid = result.paid
    credited = result.credited if result.credited is not None else paid
    # accumulators (credited as without other coverage)
    ded_credit = result.deductible_credited if result.deductible_credited is not None else share.deductible
    t.ded_remaining = max(ZERO, t.ded_remaining - ded_credit)
    t.deductible_credited += ded_credit
    if t.oop_remaining is not None:
        t.oop_remaining = max(ZERO, t.oop_remaining - share.total)
    if t.medigap_oop_remaining is not None and result.oop_credited is not None:
        t.medigap_oop_remaining = max(ZERO, t.medigap_oop_remaining - result.oop_credited)
    if t.emergency_copay_left > ZERO and x.emergency_copay_left > ZERO and not x.office_visit:
        # plan N keeps at most one emergency-room copay per claim: what this line kept of it is used up
        t.emergency_copay_left = max(ZERO, t.emergency_copay_left - result.copay_kept)
    if result.reserve_after is not None:
        t.reserve = result.reserve_after
        t.reserve_touched = True
    if t.limit_remaining is not None:
        t.limit_remaining = max(ZERO, t.limit_remaining - paid)
    prior_paid = state.paid_total
    prior_credited = state.credited_total
    state.paid_total += paid
    state.credited_total += credited
    # the provider's collection limit
    limit = _collection_limit(cov, t, allowed, result=result, k=k, state=state, covered=covered)
    if limit is not None:
        state.collectible = min(state.collectible, limit)
    if cov.kind in (CoverageKind.MEDICAID, CoverageKind.CHIP):
        state.collectible = min(state.collectible, state.credited_total + share.copay)
    before = state.patient
    state.patient = money(max(ZERO, min(before - credited, state.collectible - state.credited_total)))
    if result.patient_cap is not None and state.patient > result.patient_cap:
        state.patient = money(result.patient_cap)
        state.collectible = min(state.collectible, state.credited_total + state.patient)
    adjustments = _adjustments(
        line.billed,
        k,
        t,
        allowed=allowed,
        share=share,
        paid=paid,
        prior_credited=prior_credited,
        patient_after=state.patient,
        covered=covered,
        capitation_value=credited - paid,
        estimated_other=result.estimated_other,
    )
    state.priors.append(
        pm.Prior(
            coverage=cov.id,
            kind=cov.kind,
            label=t.label,
            allowed=allowed if covered else None,
            paid=credited,
            contracted=t.contracted,
            pricing=t.pricing,
            deductible=share.deductible,
            coinsurance=share.coinsurance + share.copay,
        )
    )
    return (
        {
            "line": line.id,
            "billed": line.billed,
            "allowed": allowed if covered else None,
            "allowable_expense": result.allowable_expense,
            "normal_benefit": share.normal,
            "deductible": share.deductible,
            "coinsurance": share.coinsurance,
            "copay": share.copay,
            "prior_paid": prior_paid,
            "paid": paid,
            "patient_after": state.patient,
            "adjustments": adjustments,
        },
        (
            f"{result.because} (under the Medicare Secondary Payer rules {t.part_b.why}); the patient owes "
            f"${state.patient:,.2f} on the line"
        )
        if t.part_b
        else result.because,
    )


def _collection_limit(
    cov: Coverage, t: Terms, allowed: Decimal | None, *, result: pm.Result, k: int, state: _LineState, covered: bool
) -> Decimal | None:
    if not covered or allowed is None:
        return None
    if cov.kind is CoverageKind.MEDICARE:
        if t.limiting_charge is not None:  # no assignment: the provider may charge up to the limiting charge
            return money(allowed * t.limiting_charge)
        if k == 0 or result.allowable_expense is None:
            return allowed
        first = state.priors[0] if state.priors else None
        if first is not None and first.contracted and first.allowed is not None and first.paid > ZERO:
            return first.allowed
        return result.allowable_expense
    if cov.kind in (CoverageKind.WORKERS_COMP, CoverageKind.BLACK_LUNG):
        return allowed
    if cov.kind in (CoverageKind.TRICARE, CoverageKind.TRICARE_FOR_LIFE):
        # 32 CFR 199.6: a participating provider accepts the allowed amount as payment in full; a non-participating
        # one may bill up to 115% of it (10 U.S.C. 1079(h)(4)); a member on active duty owes nothing (pm.ACTIVE_DUTY_NONPAR)
        if t.participating or t.active_duty:
            return allowed
        return money(allowed * t.nonpar_cap)
    if cov.kind is CoverageKind.CHAMPVA:
        return None if t.participating else money(allowed * t.nonpar_cap)
    if result.patient_cap is not None:
        return None  # a capitated secondary: the member's limit is its own (pm.capitation_secondary)
    if t.contracted:
        if k == 0 or result.allowable_expense is None:
            return allowed
        return max(result.allowable_expense, allowed)
    return None


def _adjustments(
    billed: Decimal,
    k: int,
    t: Terms,
    *,
    allowed: Decimal | None,
    share: CostShare,
    paid: Decimal,
    prior_credited: Decimal,
    patient_after: Decimal,
    covered: bool,
    capitation_value: Decimal = ZERO,
    estimated_other: Decimal = ZERO,
) -> list[_Record]:
    """X12 adjustments that balance the line: billed = paid + OA-23 (what earlier payers paid or provided) + the
    patient's part (PR-1 deductible, PR-3 copay, PR-2 coinsurance, PR-22 what Medicare Part B would have paid, then
    PR-96 not covered, PR-119 benefit maximum or PR-45 above the allowance) + the provider's write-off (CO-24 what
    a capitation agreement covers, CO-45 the rest). Each is a record of :class:`cobsim.trace.Adjustment`'s fields;
    an amount of zero or less makes none."""
    out: list[_Record] = []
    if k and prior_credited > ZERO:
        out.append({"group": "OA", "reason": "23", "amount": money(prior_credited)})
    rest = billed - prior_credited - paid
    patient = min(patient_after, rest)
    left = patient
    if covered:
        for reason, amount in (("1", share.deductible), ("3", share.copay), ("2", share.coinsurance)):
            part = min(amount, left)
            if part > ZERO:
                out.append({"group": "PR", "reason": reason, "amount": money(part)})
            left -= part
        if estimated_other > ZERO:
            part = min(estimated_other, left)
            if part > ZERO:
                out.append({"group": "PR", "reason": "22", "amount": money(part)})
            left -= part
    if left > ZERO:
        if not covered:
            reason = "96"
        elif t.limit_remaining is not None and allowed is not None and paid < share.normal:
            reason = "119"
        else:
            reason = "45"
        out.append({"group": "PR", "reason": reason, "amount": money(left)})
    written_off = rest - patient
    capitated = min(max(ZERO, capitation_value), written_off) if covered else ZERO
    if capitated > ZERO:
        out.append({"group": "CO", "reason": "24", "amount": money(capitated)})
    if written_off - capitated > ZERO:
        out.append({"group": "CO", "reason": "45" if covered else "96", "amount": money(written_off - capitated)})
    return out
