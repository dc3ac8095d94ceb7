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

Rounding: every calculated figure (coinsurance, a payment) is rounded half-up to the cent once, per line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

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
from cobsim.rules.base import Rule
from cobsim.rules.medicare_coverage import limiting_charge_rate
from cobsim.rules.params import param
from cobsim.trace import Adjustment, LineBalance, PayerEob, PayerLine, Payments

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
#: Kinds whose cost sharing must be stated (no safe default).
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
    limiting_charge: Decimal | None = None  #: Medicare without assignment: the limiting charge rate (1395w-4(g))


def _terms(case: Case, cov: Coverage, ruleset: RuleSet) -> Terms:
    b = cov.benefits or BenefitDesign()
    setting = case.claim.setting
    inpatient = setting is ClaimSetting.INPATIENT
    if cov.kind is CoverageKind.MEDICARE:
        year_param = "medicare.part_a_deductible" if inpatient else "medicare.part_b_deductible"
        deductible = b.deductible if b.deductible is not None else param(year_param, case.claim.service_date)
        coinsurance = b.coinsurance if b.coinsurance is not None else (ZERO if inpatient else Decimal("0.20"))
        contracted = True  # an assigned Medicare claim: the approved amount is payment in full
    elif cov.kind in NO_COST_SHARE:
        deductible, coinsurance, contracted = ZERO, ZERO, True
    else:
        deductible = b.deductible or ZERO
        coinsurance = b.coinsurance or ZERO
        contracted = b.network == "in" and b.pricing in ("negotiated", "capitation")
    if cov.kind in COMMERCIAL_KINDS:
        default = CobMethod.BENEFIT_RESERVE if ruleset is RuleSet.PRE_2005 else CobMethod.STANDARD
        method = b.method or default
        secondary = _METHOD_RULES[method]
    elif cov.kind in MEDICARE_KINDS:
        secondary = (
            pm.medicare_secondary if setting is ClaimSetting.PROFESSIONAL else pm.medicare_secondary_institutional
        )
    elif cov.kind in (CoverageKind.MEDICAID, CoverageKind.CHIP):
        secondary = pm.medicaid_lesser_of
    elif cov.kind in (CoverageKind.TRICARE, CoverageKind.TRICARE_FOR_LIFE, CoverageKind.CHAMPVA):
        secondary = pm.tricare_secondary
    elif cov.kind is CoverageKind.MEDIGAP:
        secondary = pm.medigap
    elif cov.kind in (CoverageKind.WORKERS_COMP, CoverageKind.BLACK_LUNG):
        secondary = pm.injury_payer
    else:
        secondary = pm.remaining_balance
    if cov.kind is CoverageKind.MEDICARE:
        first = pm.medicare_primary
    elif cov.kind in (CoverageKind.WORKERS_COMP, CoverageKind.BLACK_LUNG, *NO_FAULT_KINDS):
        first = pm.injury_payer
    elif cov.kind in REMAINING or cov.kind is CoverageKind.MEDIGAP:
        first = pm.remaining_balance
    else:
        first = pm.primary
    limit = cov.injury_terms.limit if cov.injury_terms is not None else None
    return Terms(
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
        nonpar_cap=param("medicare.tricare_nonparticipating_cap", case.claim.service_date),
        limiting_charge=limiting_charge_rate(case, cov),
    )


@dataclass(frozen=True)
class CostShare:
    normal: Decimal
    deductible: Decimal
    coinsurance: Decimal
    copay: Decimal

    @property
    def total(self) -> Decimal:
        return self.deductible + self.coinsurance + self.copay


def cost_share(t: Terms, allowed: Decimal | None, covered: bool) -> CostShare:
    """The payer's normal benefit on a line: allowed less copay, deductible and coinsurance, within the OOP max."""
    if not covered or allowed is None or allowed == ZERO:
        return CostShare(ZERO, ZERO, ZERO, ZERO)
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
    paid_total: Decimal = ZERO
    collectible: Decimal = ZERO
    patient: Decimal = ZERO


def _missing(case: Case, order: list[Coverage]) -> list[str]:
    out: list[str] = []
    for cov in order:
        if cov.kind in NEEDS_BENEFITS and cov.benefits is None:
            out.append(f"coverage '{cov.id}' has no benefits (deductible, coinsurance, network) for the payment engine")
        if cov.benefits is not None and cov.benefits.method is not None and cov.kind not in COMMERCIAL_KINDS:
            out.append(
                f"coverage '{cov.id}' is {cov.kind.value}, which pays by its own law; only commercial plans choose a "
                "COB method"
            )
        if cov.kind in NEEDS_ALLOWED:
            for line in case.claim.lines:
                if line.covered.get(cov.id, True) and cov.id not in line.allowed:
                    out.append(f"claim line '{line.id}' has no allowed amount for coverage '{cov.id}'")
    return out


def adjudicate(
    case: Case, ranks: list[list[Coverage]], ruleset: RuleSet
) -> tuple[Payments, list[tuple[Rule, PayerEob, str]]]:
    """Pay the claim by ``ranks`` (payers in order; a rank of several shares equally). Returns the payments and,
    per payer, the method rule, the EOB and a sentence."""
    claim = case.claim
    billed = claim.billed
    order = [cov for rank in ranks for cov in rank]
    missing = _missing(case, order)
    if missing:
        return Payments(complete=False, reasons=tuple(missing), billed=billed, patient=ZERO, write_off=ZERO), []
    terms = [_terms(case, cov, ruleset) for cov in order]
    groups: list[tuple[int, int]] = [(len(rank), i) for rank in ranks for i in range(len(rank))]
    per_payer: list[list[PayerLine]] = [[] for _ in order]
    sentences: list[list[str]] = [[] for _ in order]
    methods: list[Rule] = []
    for k, t in enumerate(terms):
        if groups[k][0] > 1:
            methods.append(pm.share_equally)
        else:
            methods.append(t.primary_method if k == 0 else t.secondary_method)
    balances: list[LineBalance] = []
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
                case, line, k, t, methods[k], state=state, tie=(count, index, share_basis, group_prior)
            )
            per_payer[k].append(pl)
            sentences[k].append(f"line {line.id}: {sentence}")
            paid_by[t.coverage.id] = pl.paid
        balances.append(
            LineBalance(
                line=line.id,
                billed=line.billed,
                paid=paid_by,
                patient=state.patient,
                write_off=money(line.billed - state.paid_total - state.patient),
            )
        )
    eobs: list[tuple[Rule, PayerEob, str]] = []
    for k, t in enumerate(terms):
        lines = tuple(per_payer[k])
        eob = PayerEob(
            coverage=t.coverage.id,
            label=t.coverage.label,
            rank=k + 1,
            method=methods[k].id,
            paid=sum((pl.paid for pl in lines), ZERO),
            patient_after=sum((pl.patient_after for pl in lines), ZERO),
            deductible_credited=t.deductible_credited,
            reserve_after=t.reserve if t.reserve_touched else None,
            lines=lines,
        )
        if len(claim.lines) == 1:
            text = sentences[k][0].split(": ", 1)[1]
        else:
            text = f"pays ${eob.paid:,.2f} in all - " + "; ".join(sentences[k])
        eobs.append((methods[k], eob, text))
    payments = Payments(
        complete=True,
        eobs=tuple(e for _, e, _ in eobs),
        lines=tuple(balances),
        billed=billed,
        paid={e.coverage: e.paid for _, e, _ in eobs},
        patient=sum((b.patient for b in balances), ZERO),
        write_off=sum((b.write_off for b in balances), ZERO),
    )
    return payments, eobs


def _pay_line(
    case: Case,
    line: ClaimLine,
    k: int,
    t: Terms,
    method: Rule,
    *,
    state: _LineState,
    tie: tuple[int, int, Decimal | None, Decimal],
) -> tuple[PayerLine, str]:
    cov = t.coverage
    covered = line.covered.get(cov.id, True)
    given = line.allowed.get(cov.id)
    # a payer allows the lesser of the charge and its fee
    allowed = min(given, line.billed) if given is not None else None
    share = cost_share(t, allowed, covered)
    x = pm.LineInput(
        billed=line.billed,
        allowed=allowed if covered else None,
        normal=share.normal,
        deductible=share.deductible,
        coinsurance_rate=t.coinsurance,
        deductible_remaining=t.ded_remaining,
        contracted=t.contracted,
        pricing=t.pricing,
        ae_mode=t.ae_mode,
        secondary_contract_permits=t.secondary_contract_permits,
        participating=t.participating,
        institutional=case.claim.setting is not ClaimSetting.PROFESSIONAL,
        priors=tuple(state.priors),
        patient_before=state.patient,
        reserve=t.reserve,
        limit_remaining=t.limit_remaining,
        pays_medicare_deductible=t.pays_medicare_deductible,
        nonpar_cap=t.nonpar_cap,
        share_count=tie[0],
        share_index=tie[1],
        share_basis=tie[2],
        group_prior_paid=tie[3],
    )
    if not covered and method not in (pm.remaining_balance, pm.medigap, pm.benefit_reserve):
        result = pm.Result(ZERO, "does not cover this line")
    else:
        result = method.func(x)
    paid = result.paid
    # accumulators (credited as without other coverage)
    credited = result.deductible_credited if result.deductible_credited is not None else share.deductible
    t.ded_remaining = max(ZERO, t.ded_remaining - credited)
    t.deductible_credited += credited
    if t.oop_remaining is not None:
        t.oop_remaining = max(ZERO, t.oop_remaining - share.total)
    if result.reserve_after is not None:
        t.reserve = result.reserve_after
        t.reserve_touched = True
    if t.limit_remaining is not None:
        t.limit_remaining = max(ZERO, t.limit_remaining - paid)
    prior_paid = state.paid_total
    state.paid_total += paid
    # the provider's collection limit
    limit = _collection_limit(cov, t, allowed, result=result, k=k, state=state, covered=covered)
    if limit is not None:
        state.collectible = min(state.collectible, limit)
    if cov.kind in (CoverageKind.MEDICAID, CoverageKind.CHIP):
        state.collectible = min(state.collectible, state.paid_total + share.copay)
    before = state.patient
    state.patient = money(max(ZERO, min(before - paid, state.collectible - state.paid_total)))
    adjustments = _adjustments(
        line.billed,
        k,
        t,
        allowed=allowed,
        share=share,
        paid=paid,
        prior_paid=prior_paid,
        patient_after=state.patient,
        covered=covered,
    )
    state.priors.append(
        pm.Prior(
            coverage=cov.id,
            kind=cov.kind,
            allowed=allowed if covered else None,
            paid=paid,
            contracted=t.contracted,
            pricing=t.pricing,
            deductible=share.deductible,
        )
    )
    return (
        PayerLine(
            line=line.id,
            billed=line.billed,
            allowed=allowed if covered else None,
            allowable_expense=result.allowable_expense,
            normal_benefit=share.normal,
            deductible=share.deductible,
            coinsurance=share.coinsurance,
            copay=share.copay,
            prior_paid=prior_paid,
            paid=paid,
            patient_after=state.patient,
            adjustments=adjustments,
        ),
        result.because,
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
    if cov.kind in (CoverageKind.TRICARE, CoverageKind.TRICARE_FOR_LIFE, CoverageKind.CHAMPVA):
        if not t.participating:
            return money(allowed * Decimal("1.15"))
        return None
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
    prior_paid: Decimal,
    patient_after: Decimal,
    covered: bool,
) -> tuple[Adjustment, ...]:
    """X12 adjustments that balance the line: billed = paid + OA-23 (what earlier payers paid) + the patient's
    part (PR-1 deductible, PR-3 copay, PR-2 coinsurance, then PR-96 not covered, PR-119 benefit maximum or PR-45
    above the allowance) + the provider's write-off (CO-45)."""
    out: list[Adjustment] = []

    def add(group: Literal["CO", "PR", "OA"], reason: str, amount: Decimal) -> None:
        if amount > ZERO:
            out.append(Adjustment(group=group, reason=reason, amount=money(amount)))

    if k:
        add("OA", "23", prior_paid)
    rest = billed - prior_paid - paid
    patient = min(patient_after, rest)
    left = patient
    for reason, amount in (("1", share.deductible), ("3", share.copay), ("2", share.coinsurance)):
        part = min(amount, left) if covered else ZERO
        add("PR", reason, part)
        left -= part
    if not covered:
        add("PR", "96", left)
    elif t.limit_remaining is not None and allowed is not None and paid < share.normal:
        add("PR", "119", left)
    else:
        add("PR", "45", left)
    add("CO", "45" if covered else "96", rest - patient)
    return tuple(out)
