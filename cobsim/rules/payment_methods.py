"""Payment formulas: what a payer pays on one claim line, given what the payers before it did.

Each method is a rule with a citation and a pure function of a :class:`LineInput`. Amounts are ``Decimal``
dollars; every figure a formula produces is rounded half-up to the cent (:func:`cobsim.model.money.money`).
Variables follow the domain reference §4.1: ``B`` billed, ``A`` this payer's allowed amount, ``N`` its normal
benefit (what it would pay with no other coverage), ``AE`` the allowable expense, ``P`` what earlier payers paid.

What counts as "paid" for the payers after a coverage (``Prior.paid``) is its cash payment, except for a plan paid
by capitation, whose services count at their value (MDL-120 §3A: the reasonable cash value of a service is both an
allowable expense and a benefit paid), and for Medicare's payment *estimated* for a patient without Part B, which
only the plan that coordinates against it sees (``Prior.estimated``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Any

from cobsim.model.codes import AllowableExpense, CoverageKind
from cobsim.model.money import ZERO, money
from cobsim.rules import citations as c
from cobsim.rules.base import Authority, Rule, RuleKind, rule

PAYMENT = RuleKind.PAYMENT


@dataclass(frozen=True)
class Prior:
    """What one earlier payer did on the line."""

    coverage: str
    kind: CoverageKind
    allowed: Decimal | None
    paid: Decimal  #: what counts as paid for the later payers (cash; capitated services at their value)
    contracted: bool  #: the provider is in this payer's network and priced by contract
    pricing: str
    deductible: Decimal = ZERO  #: deductible applied in this payer's normal benefit
    coinsurance: Decimal = ZERO  #: coinsurance and copay applied in this payer's normal benefit
    estimated: bool = False  #: not a payment: what Medicare Part B would have paid (the patient has no Part B)
    label: str = ""  #: how sentences name the payer ("Acme PPO"), beside its id

    @property
    def named(self) -> str:
        """The payer as sentences name a coverage: ``Label [id]``."""
        return f"{self.label} [{self.coverage}]" if self.label else f"[{self.coverage}]"


@dataclass(frozen=True)
class MedigapBenefit:
    """What one standardized Medigap plan letter pays of Medicare's cost sharing (shares of 1)."""

    part_a_deductible: Decimal
    part_b_deductible: Decimal
    coinsurance: Decimal  #: Part A and Part B coinsurance and copayments
    excess: bool = False  #: Part B excess charges (above Medicare's approved amount)
    high_deductible: bool = False  #: pays nothing until the beneficiary has paid the high deductible
    oop_limit: str | None = None  #: parameter of the annual out-of-pocket limit (plans K and L)
    copays: bool = False  #: plan N: up to $20 per office visit and $50 per emergency room visit


_ALL, _HALF, _THREE_QUARTERS = Decimal("1"), Decimal("0.5"), Decimal("0.75")
#: The standardized plans sold since June 2010 (MDL-651 §8.1; CMS "Choosing a Medigap Policy" chart). Plans C, F
#: and high-deductible F pay the Part B deductible and are closed to people newly eligible from 2020 (1395ss(z)).
MEDIGAP_PLANS: dict[str, MedigapBenefit] = {
    "A": MedigapBenefit(ZERO, ZERO, _ALL),
    "B": MedigapBenefit(_ALL, ZERO, _ALL),
    "C": MedigapBenefit(_ALL, _ALL, _ALL),
    "D": MedigapBenefit(_ALL, ZERO, _ALL),
    "F": MedigapBenefit(_ALL, _ALL, _ALL, excess=True),
    "F-HD": MedigapBenefit(_ALL, _ALL, _ALL, excess=True, high_deductible=True),
    "G": MedigapBenefit(_ALL, ZERO, _ALL, excess=True),
    "G-HD": MedigapBenefit(_ALL, ZERO, _ALL, excess=True, high_deductible=True),
    "K": MedigapBenefit(_HALF, ZERO, _HALF, oop_limit="medigap.plan_k_out_of_pocket_limit"),
    "L": MedigapBenefit(_THREE_QUARTERS, ZERO, _THREE_QUARTERS, oop_limit="medigap.plan_l_out_of_pocket_limit"),
    "M": MedigapBenefit(_HALF, ZERO, _ALL),
    "N": MedigapBenefit(_ALL, ZERO, _ALL, copays=True),
}


@dataclass(frozen=True)
class LineInput:
    """Everything a formula may use for one payer on one line."""

    billed: Decimal
    allowed: Decimal | None  #: this payer's allowed amount (None: not given / not needed)
    normal: Decimal  #: N: what this payer would pay with no other coverage
    deductible: Decimal  #: deductible applied in N
    coinsurance_rate: Decimal
    deductible_remaining: Decimal  #: before this line
    contracted: bool
    pricing: str
    ae_mode: AllowableExpense
    secondary_contract_permits: bool
    participating: bool
    institutional: bool
    priors: tuple[Prior, ...] = field(default=())
    patient_before: Decimal = ZERO  #: the patient's remaining liability after the earlier payers
    reserve: Decimal = ZERO
    limit_remaining: Decimal | None = None
    pays_medicare_deductible: bool = False  #: format 1.0 Medigap field, read when no plan letter is given
    nonpar_cap: Decimal = Decimal("1.15")
    share_count: int = 1  #: plans sharing this rank equally (MDL-120 §6D(6))
    share_index: int = 0
    share_basis: Decimal | None = None  #: the allowable expense the tied plans share
    group_prior_paid: Decimal = ZERO  #: what payers ahead of the tied group paid
    cost_share: Decimal = ZERO  #: this payer's own cost sharing on the line (deductible, copay, coinsurance)
    active_duty: bool = False  #: TRICARE for a member on active duty
    part_a: bool = False  #: an inpatient (Medicare Part A) claim
    medigap_plan: str | None = None  #: the Medigap plan letter (None: read pays_medicare_deductible)
    medigap_deductible_remaining: Decimal = ZERO  #: high-deductible plans F and G: what is left of it
    medigap_oop_remaining: Decimal | None = None  #: plans K and L: what is left of the out-of-pocket limit
    office_visit: bool = False  #: the line is an office visit (plan N copay)
    emergency_copay_left: Decimal = ZERO  #: plan N: what is left of the emergency-room copay on this claim
    office_copay: Decimal = ZERO  #: plan N: the most it leaves the patient per office visit
    own_method: Callable[[LineInput], Result] | None = None  #: the plan's own COB formula (pay as if Part B paid)
    kind: CoverageKind | None = None  #: the kind of coverage paying (which program's paragraph applies)
    law: str | None = None  #: the state whose law governs this payer's payment, when a state profile does

    @cached_property
    def prior_paid(self) -> Decimal:
        """P: what the earlier payers paid (worked out once per input)."""
        return sum((p.paid for p in self.priors), ZERO)

    @classmethod
    def of(cls, values: dict[str, Any]) -> LineInput:
        """The input with these values, which name every field (the payment engine builds one per payer and line):
        equal to ``LineInput(**values)``, without the frozen dataclass's setattr per field."""
        x = object.__new__(cls)
        x.__dict__.update(values)
        return x


@dataclass(frozen=True)
class Result:
    """What a formula decided for one payer on one line."""

    paid: Decimal
    because: str
    allowable_expense: Decimal | None = None
    reserve_after: Decimal | None = None
    deductible_credited: Decimal | None = None
    credited: Decimal | None = None  #: what counts as paid for later payers, when not the cash payment
    patient_cap: Decimal | None = None  #: the most the patient may owe after this payer (capitation)
    estimated_other: Decimal = ZERO  #: Medicare Part B's estimated payment the patient owes (no Part B)
    oop_credited: Decimal | None = None  #: credited to this payer's out-of-pocket limit (Medigap K and L)
    copay_kept: Decimal = ZERO  #: Medigap plan N: the copay it left the patient on this line
    choice: str | None = None  #: the documented choice this line relied on, where sources are silent
    clause: str = ""  #: which of the method's reasons (paragraphs) this line used; picks the citations


def _d(x: Decimal) -> str:
    return f"${x:,.2f}"


def _state_clause(x: LineInput, states: tuple[str, ...]) -> str:
    """The clause of the state whose law governs the payer, if the rule has one for it (``"tx"``, ``"nj"``)."""
    law = (x.law or "").lower()
    return law if law in states else ""


def _cap(x: LineInput, amount: Decimal) -> Decimal:
    """Never negative, never more than is left of the bill."""
    left = max(ZERO, x.billed - x.prior_paid)
    return money(min(max(ZERO, amount), left))


def _normal_less_prior(x: LineInput) -> tuple[Decimal, str]:
    """max(0, N - P), never more than the patient still owes: the arithmetic of non-duplication and of carve-out
    in its common meaning. Paying more would pay the provider beyond what it may collect after the earlier payers
    (an in-network primary's contract caps the total at its allowed amount)."""
    amount = _cap(x, x.normal - x.prior_paid)
    if amount > x.patient_before:
        return money(x.patient_before), f", capped at the patient's remaining responsibility {_d(x.patient_before)}"
    return amount, ""


MEDICARE_FIRST_AE = (
    "Where Medicare paid first, a secondary plan under the NAIC default takes Medicare's approved amount as the "
    "allowable expense: on an assigned claim the provider may collect no more (42 U.S.C. 1395u(b)(3)(B)(ii)), and "
    "MDL-120 §3A excludes what a provider is barred by law from charging; the model does not name Medicare here."
)


def allowable_expense(x: LineInput) -> tuple[Decimal, str, str | None, str]:
    """The allowable expense a secondary uses under standard COB, by its option (domain reference §4.7), with the
    sentence that says which, the documented choice it rests on (if any) and the reason (clause) of standard COB
    whose sources say it: "" for the plan's own allowance or an option it chose, ``ae_usual``, ``ae_negotiated``,
    ``ae_arrangement`` for the examples of MDL-120 §3, ``ae_medicare`` and ``ae_nj_cap``.

    The NAIC default follows MDL-120 §3A on the first payer that priced the line: the higher of two negotiated
    fees, the higher of two usual-and-customary allowances, or the first payer's arrangement when one plan
    contracts and the other does not. Medicare's approved amount is used only where Medicare paid first.
    """
    priors = [p for p in x.priors if p.allowed is not None]
    first = priors[0] if priors else None
    own = x.allowed
    mode = x.ae_mode
    if first is None or first.allowed is None:
        if own is not None:
            return own, "this plan's own allowed amount (no earlier payer priced the line)", None, ""
        return (
            x.billed,
            "the billed charge (no earlier payer priced the line and this plan gives no allowance)",
            None,
            "",
        )
    who = f"the first payer's ({first.named})"
    if mode is AllowableExpense.BILLED:
        return x.billed, "the billed charge (old usual-and-customary practice)", None, ""
    if mode is AllowableExpense.SECONDARY_ALLOWED and own is not None:
        return own, "this plan's own allowed amount", None, ""
    if mode is AllowableExpense.PRIMARY_CONTRACT_CAP:
        kind = "contractual fee" if first.contracted else "allowed amount"
        return first.allowed, f"{who} {kind}, which caps the total (N.J.A.C. 11:4-28.7(e)1)", None, "ae_nj_cap"
    if mode is AllowableExpense.HIGHEST_NEGOTIATED:
        return (
            max([p.allowed for p in priors if p.allowed is not None] + ([own] if own is not None else [])),
            "the highest allowed amount",
            None,
            "",
        )
    if mode is AllowableExpense.PRIMARY_ARRANGEMENT:
        if x.secondary_contract_permits and x.contracted and own is not None:
            return (
                own,
                "this plan's contracted fee, which its provider contract makes the allowable expense",
                None,
                "ae_arrangement",
            )
        return first.allowed, f"{who} payment arrangement", None, "ae_arrangement"
    # NAIC default (MDL-120 §3A)
    if first.kind in (CoverageKind.MEDICARE, CoverageKind.MEDICARE_ADVANTAGE):
        if first.estimated:
            why = "Medicare's approved amount, as if Medicare had paid first (a documented choice)"
        else:
            why = (
                "Medicare's approved amount: Medicare paid first, and the provider may collect no more on an "
                "assigned claim (a documented choice)"
            )
        return first.allowed, why, MEDICARE_FIRST_AE, "ae_medicare"
    if own is None:
        return first.allowed, f"{who} allowed amount (this plan does not price the line)", None, ""
    if first.contracted and x.contracted:
        return (
            max(first.allowed, own),
            "the higher of the negotiated fees (both plans contract with the provider)",
            None,
            "ae_negotiated",
        )
    if not first.contracted and not x.contracted:
        return (
            min(max(first.allowed, own), x.billed),
            "the higher of the two usual-and-customary allowances",
            None,
            "ae_usual",
        )
    if x.secondary_contract_permits and x.contracted:
        return (
            own,
            "this plan's contracted fee, which its provider contract makes the allowable expense",
            None,
            "ae_arrangement",
        )
    return first.allowed, f"{who} payment arrangement (one plan contracts, the other does not)", None, "ae_arrangement"


# ------------------------------------------------------------------------------------------------ methods


def _normal_benefit(x: LineInput, clause: str = "") -> Result:
    """What a payer pays with no other coverage (its normal benefit, within its limits)."""
    paid = _cap(x, x.normal)
    return Result(paid, f"pays its normal benefit {_d(paid)}", deductible_credited=x.deductible, clause=clause)


@rule(
    "pay.primary",
    title="Primary pays its normal benefit",
    kind=PAYMENT,
    authority=Authority.STATE,
    cite=(c.NAIC_PRIMARY_AS_IF_ALONE, c.TX_PRIMARY_AS_IF_ALONE, c.NJ_PRIMARY_AS_IF_ALONE),
    clauses=("tx", "nj"),
)
def primary(x: LineInput) -> Result:
    """The primary payer pays as if no other coverage existed: its allowed amount less the member's deductible,
    copay and coinsurance (MDL-120 §6A(1); for a plan Texas or New Jersey law governs, 28 TAC 3.3507(a)(1) or
    N.J.A.C. 11:4-28.6(a)1)."""
    return _normal_benefit(x, _state_clause(x, ("tx", "nj")))


@rule(
    "pay.standard_cob",
    title="Standard COB: lesser of the normal benefit and the allowable expense not yet paid",
    kind=PAYMENT,
    authority=Authority.STATE,
    cite=(
        c.NAIC_SECONDARY_CALCULATION,
        c.NAIC_AE_COVERED,
        c.NAIC_AE_USUAL,
        c.NAIC_AE_NEGOTIATED,
        c.NAIC_AE_ARRANGEMENT,
        c.NAIC_AE_BARRED,
        c.ASSIGNMENT,
        c.NJ_28_7_E1,
        c.TX_ALLOWABLE_EXPENSE,
    ),
    clauses=("ae_usual", "ae_negotiated", "ae_arrangement", "ae_medicare", "ae_nj_cap", "tx"),
)
def standard_cob(x: LineInput) -> Result:
    """The secondary calculates what it would have paid with no other coverage and applies it to the allowable
    expense left unpaid, so that all plans together pay no more than the allowable expense; it credits to its
    deductible what it would have credited without other coverage (MDL-120 §7A): S = min(N, max(0, AE - P)). The
    allowable expense follows MDL-120 §3 (for a plan Texas law governs, 28 TAC 3.3505)."""
    ae, why, choice, regime = allowable_expense(x)
    if x.law == "TX" and regime in ("", "ae_usual", "ae_negotiated", "ae_arrangement"):
        regime = "tx"
    unpaid = max(ZERO, ae - x.prior_paid)
    paid = _cap(x, min(x.normal, unpaid))
    return Result(
        paid,
        f"pays the lesser of its normal benefit {_d(x.normal)} and the allowable expense not yet paid "
        f"({_d(ae)} - {_d(x.prior_paid)} = {_d(unpaid)}; allowable expense = {why}): {_d(paid)}",
        allowable_expense=ae,
        deductible_credited=x.deductible,
        choice=choice,
        clause=regime,
    )


@rule(
    "pay.non_duplication",
    title="Non-duplication: normal benefit minus what earlier payers paid",
    kind=PAYMENT,
    authority=Authority.PLAN,
    cite=(c.WA_UMP_NONDUPLICATION, c.NAIC_AE_BARRED),
    clauses=("capped",),
)
def non_duplication(x: LineInput) -> Result:
    """The secondary pays the difference, if any, between what the earlier payers paid and what it would have
    paid as primary: S = max(0, N - P), and never more than the patient still owes after them (an in-network
    primary's contract caps what the provider may collect). The member keeps the secondary's cost sharing."""
    paid, capped = _normal_less_prior(x)
    return Result(
        paid,
        f"pays its normal benefit less what was already paid: {_d(x.normal)} - {_d(x.prior_paid)}{capped}: {_d(paid)}",
        deductible_credited=x.deductible,
        clause="capped" if capped else "",
    )


@rule(
    "pay.carve_out",
    title="Carve-out (same formula as non-duplication)",
    kind=PAYMENT,
    authority=Authority.PLAN,
    cite=(c.WA_UMP_NONDUPLICATION, c.OPENDENTAL, c.NAIC_AE_BARRED),
    clauses=("capped",),
)
def carve_out(x: LineInput) -> Result:
    """In most usage "carve-out" means the normal benefit with the earlier payments carved out:
    S = max(0, c x (A - D) - P), which is non-duplication (Open Dental: "Secondary InsEst = (Secondary Allowed -
    Secondary Deductible) * Secondary Percentage - PaidOther"), never more than the patient still owes."""
    paid, capped = _normal_less_prior(x)
    return Result(
        paid,
        f"carves the earlier payments out of its normal benefit: {_d(x.normal)} - {_d(x.prior_paid)}{capped}: "
        f"{_d(paid)}",
        deductible_credited=x.deductible,
        clause="capped" if capped else "",
    )


@rule(
    "pay.carve_out_remainder",
    title="Carve-out on the remainder (maintenance of benefits)",
    kind=PAYMENT,
    authority=Authority.PLAN,
    cite=(c.DENTRIX_MOB,),
    choice=(
        "Sources do not say how the deductible applies when the cost share is applied to the remainder; the "
        "engine applies the plan's remaining deductible to the remainder before its payment percentage."
    ),
)
def carve_out_remainder(x: LineInput) -> Result:
    """The other meaning of carve-out (Dentrix "maintenance of benefits"): the earlier payments are taken off the
    plan's allowed amount first, and the plan's payment percentage applies to what remains:
    S = (1 - c) x max(0, A - P - D), never more than the plan's normal benefit nor than the patient still owes.
    A vendor's forum post is the only source found for this formula; no regulation or plan document read defines
    it."""
    own = x.allowed or ZERO
    remainder = max(ZERO, own - x.prior_paid)
    ded = min(x.deductible_remaining, remainder)
    share = money((remainder - ded) * (1 - x.coinsurance_rate))
    paid = _cap(x, min(share, x.normal))
    capped = ""
    if paid > x.patient_before:
        paid = money(x.patient_before)
        capped = f", capped at the patient's remaining responsibility {_d(x.patient_before)}"
    return Result(
        paid,
        f"applies its payment percentage to the remainder of its allowed amount: ({_d(own)} - {_d(x.prior_paid)} - "
        f"deductible {_d(ded)}) x {1 - x.coinsurance_rate:.0%}{capped} = {_d(paid)}",
        deductible_credited=ded,
    )


@rule(
    "pay.benefit_reserve",
    title="Pre-2005 COB with a benefit reserve (credit savings)",
    kind=PAYMENT,
    authority=Authority.STATE,
    cite=(c.IL_2009_50, c.NJ_28_7_A, c.NJ_28_7_C, c.NJ_CLAIM_PERIOD, c.ASSIGNMENT),
    clauses=("nj", "ae_medicare"),
)
def benefit_reserve(x: LineInput) -> Result:
    """Under the pre-2005 model the secondary reduces its benefits so that all plans pay no more than the
    allowable expense over the claim determination period, records the reduction (N - S) as a benefit reserve,
    and draws on the reserve to pay later allowable expenses not otherwise paid in the same period:
    base = min(N, AE - P); draw = min(reserve, AE - P - base), never more than the patient still owes after the
    base payment (the reserve pays expenses "not otherwise paid"); S = base + draw (Ill. 50 IAC 2009.50; for a plan
    New Jersey law governs, N.J.A.C. 11:4-28.7(a), (c))."""
    ae, why, choice, regime = allowable_expense(x)
    clause = "ae_medicare" if regime == "ae_medicare" else "nj" if x.law == "NJ" else ""
    unpaid = max(ZERO, ae - x.prior_paid)
    base = min(x.normal, unpaid)
    draw = min(x.reserve, max(ZERO, unpaid - base), max(ZERO, x.patient_before - base))
    paid = _cap(x, base + draw)
    reserve_after = money(x.reserve - draw + (x.normal - base))
    return Result(
        paid,
        f"pays {_d(base)} (the lesser of its normal benefit {_d(x.normal)} and the unpaid allowable expense "
        f"{_d(unpaid)}; {why}) plus {_d(draw)} from its benefit reserve; the reserve goes from {_d(x.reserve)} to "
        f"{_d(reserve_after)}",
        allowable_expense=ae,
        reserve_after=reserve_after,
        deductible_credited=x.deductible,
        choice=choice,
        clause=clause,
    )


@rule(
    "pay.medicare_primary",
    title="Medicare as primary: 80% of the fee schedule after the deductible (Part B); DRG less deductible (Part A)",
    kind=PAYMENT,
    authority=Authority.FEDERAL,
    cite=(c.MEDICARE_PART_B, c.MEDICARE_PART_A),
    clauses=("part_a",),
)
def medicare_primary(x: LineInput) -> Result:
    """Medicare pays the fee schedule amount less the unmet deductible, times 80% for Part B services (42 U.S.C.
    1395l(a)(1), (b)); for an inpatient claim it pays the gross amount less the Part A deductible (1395e(a)(1))."""
    return _normal_benefit(x, "part_a" if x.part_a else "")


@rule(
    "pay.medicare_secondary",
    title="Medicare secondary payment: the lowest of three amounts",
    kind=PAYMENT,
    authority=Authority.FEDERAL,
    cite=(c.CFR_411_33A, c.CFR_411_32B),
    clauses=("full_payment",),
)
def medicare_secondary(x: LineInput) -> Result:
    """Medicare as secondary pays the lowest of (1) the actual charge - or the amount the provider is obligated to
    accept as payment in full (OTAF), if less - minus the primary payment; (2) what Medicare would pay as primary;
    (3) the higher of Medicare's fee schedule amount and the primary's allowable charge, minus the primary payment
    (42 CFR 411.33(a)). It pays nothing when the provider must accept the primary payment as payment in full
    (411.32(b)). With two primaries, their payments are added (Medicare tertiary)."""
    pp = x.prior_paid
    otaf = _otaf(x)
    if otaf is not None and pp >= otaf:
        return Result(
            ZERO,
            f"the provider must accept {_d(pp)} from the primary as payment in full (OTAF {_d(otaf)}), so Medicare "
            "pays nothing (42 CFR 411.32(b))",
            deductible_credited=x.deductible,
            clause="full_payment",
        )
    ceiling = min(x.billed, otaf) if otaf is not None else x.billed
    a1 = ceiling - pp
    a2 = x.normal
    primary_allowed = max((p.allowed for p in x.priors if p.allowed is not None), default=ZERO)
    own = x.allowed or ZERO
    a3 = max(own, primary_allowed) - pp
    paid = _cap(x, min(a1, a2, a3))
    which = "the amount the provider must accept" if otaf is not None else "the charge"
    return Result(
        paid,
        f"pays the lowest of (1) {which} less the primary payment {_d(a1)}, (2) what it would pay as primary "
        f"{_d(a2)}, (3) the higher of its fee schedule amount and the primary's allowed amount less the primary "
        f"payment {_d(a3)}: {_d(paid)}",
        allowable_expense=max(own, primary_allowed),
        deductible_credited=x.deductible,
    )


@rule(
    "pay.medicare_secondary_institutional",
    title="Medicare secondary payment for institutional claims: the lowest of four amounts",
    kind=PAYMENT,
    authority=Authority.FEDERAL,
    cite=(c.CFR_411_33E, c.CFR_411_32B),
)
def medicare_secondary_institutional(x: LineInput) -> Result:
    """For services Medicare pays on a basis other than a fee schedule (inpatient DRG, outpatient APC) Medicare as
    secondary pays the lowest of: its gross payment minus deductible and coinsurance; its gross payment minus the
    primary payment; the charges (or OTAF) minus the primary payment; the charges (or OTAF) minus deductible and
    coinsurance (42 CFR 411.33(e))."""
    gross = x.allowed or ZERO
    dc = gross - x.normal
    otaf = _otaf(x)
    charges = min(x.billed, otaf) if otaf is not None else x.billed
    pp = x.prior_paid
    amounts = (gross - dc, gross - pp, charges - pp, charges - dc)
    paid = _cap(x, min(amounts))
    return Result(
        paid,
        f"pays the lowest of gross less deductible and coinsurance {_d(amounts[0])}, gross less the primary payment "
        f"{_d(amounts[1])}, charges less the primary payment {_d(amounts[2])}, charges less deductible and "
        f"coinsurance {_d(amounts[3])}: {_d(paid)}",
        allowable_expense=gross,
        deductible_credited=x.deductible,
    )


def _otaf(x: LineInput) -> Decimal | None:
    """The amount the provider is obligated to accept as payment in full: the primary's contracted allowed amount
    when the provider contracts with the primary (Palmetto: the primary's payment plus patient responsibility)."""
    first = x.priors[0] if x.priors else None
    if first is None or not first.contracted or first.allowed is None or first.paid == ZERO:
        return None
    return first.allowed


@rule(
    "pay.medicaid_lesser_of",
    title="Medicaid as secondary: lesser of its rate minus prior payments and the patient's cost share",
    kind=PAYMENT,
    authority=Authority.FEDERAL,
    cite=(c.MEDICAID_TPL_CFR, c.MEDICAID_PIF, c.MEDICAID_CROSSOVER),
    clauses=("medicare_crossover",),
)
def medicaid_lesser_of(x: LineInput) -> Result:
    """Medicaid pays nothing if the third parties paid at least its rate; otherwise the lesser of its rate minus
    the third-party payments and the patient's remaining cost sharing. The provider accepts that as payment in
    full: the patient owes no more than Medicaid's nominal copay (42 CFR 433.139(b)(1); 42 USC 1396a(a)(25)(C);
    after Medicare, a crossover claim, 1396a(n))."""
    rate = x.allowed or ZERO
    tpl = x.prior_paid
    clause = (
        "medicare_crossover"
        if any(p.kind in (CoverageKind.MEDICARE, CoverageKind.MEDICARE_ADVANTAGE) for p in x.priors)
        else ""
    )
    if tpl >= rate:
        return Result(
            ZERO, f"third parties paid {_d(tpl)}, at least its rate {_d(rate)}, so Medicaid pays nothing", clause=clause
        )
    paid = _cap(x, min(rate - tpl, x.patient_before, x.normal))
    return Result(
        paid,
        f"pays the lesser of its rate less prior payments ({_d(rate)} - {_d(tpl)} = {_d(rate - tpl)}) and the "
        f"patient's remaining cost share {_d(x.patient_before)}, never more than it pays alone: {_d(paid)}",
        allowable_expense=rate,
        clause=clause,
    )


TFL_BOTH_COVER = (
    "TRICARE For Life and a service Medicare also covers: 10 U.S.C. 1086(d)(3)(B) caps TRICARE's payment at what it "
    "would pay alone, and TRICARE's cost table says the beneficiary pays nothing for such a service; the engine reads "
    "the cap as TRICARE's allowed amount with no TRICARE deductible or cost share, so TFL pays Medicare's deductible "
    "and coinsurance."
)


@rule(
    "pay.tricare_secondary",
    title="TRICARE as secondary: the lower of three amounts (115% cap for non-participating providers)",
    kind=PAYMENT,
    authority=Authority.FEDERAL,
    cite=(
        c.TRICARE_LAST_PAY,
        c.TRICARE_LIMITING_CHARGE,
        c.TFL_AFTER_MEDICARE,
        c.TRICARE_MEDICARE_FIRST,
        c.CHAMPVA_LAST,
        c.TRICARE_PAY,
        c.TFL_COSTS,
    ),
    clauses=("medicare", "nonpar_cap", "champva", "tfl_both_cover"),
    extra_choices=(TFL_BOTH_COVER,),
)
def tricare_secondary(x: LineInput) -> Result:
    """TRICARE pays the lower of: the billed amount (115% of the TRICARE allowed amount for a non-participating
    provider) minus the other insurance's payment; what TRICARE would pay without other insurance; the
    beneficiary's liability after the other insurance. A non-participating provider paid more than 115% of the
    TRICARE allowed amount by the other insurance is paid in full. TRICARE For Life pays the out-of-pocket cost
    left after Medicare, up to what it would pay alone (10 USC 1086(d)(3)); CHAMPVA pays the same way (38 USC
    1781(d)(2)-(3)). The three-amount formula is the TRICARE contractor's (Health Net Federal Services). For a service
    both cover TFL leaves the beneficiary nothing to pay (TRICARE's TFL cost table)."""
    medicare_covered = any(p.kind is CoverageKind.MEDICARE and p.allowed is not None for p in x.priors)
    if x.kind is CoverageKind.TRICARE_FOR_LIFE and medicare_covered:
        solo = x.allowed if x.allowed is not None else x.patient_before
        paid = _cap(x, min(x.patient_before, solo))
        return Result(
            paid,
            f"pays the out-of-pocket cost Medicare left {_d(x.patient_before)}, up to TRICARE's allowed amount "
            f"{_d(solo)} (a service Medicare and TRICARE both cover: no TRICARE deductible or cost share): {_d(paid)}",
            clause="tfl_both_cover",
            choice=TFL_BOTH_COVER,
            deductible_credited=ZERO,  # the TRICARE deductible applies to TRICARE-only services
        )
    ohi = x.prior_paid
    if x.kind is CoverageKind.CHAMPVA:
        clause = "champva"
    elif any(p.kind in (CoverageKind.MEDICARE, CoverageKind.MEDICARE_ADVANTAGE) for p in x.priors):
        clause = "medicare"
    elif not x.participating:
        clause = "nonpar_cap"
    else:
        clause = ""
    if x.participating:
        first = x.billed - ohi
        label = "billed less other insurance"
    else:
        cap = money((x.allowed or ZERO) * x.nonpar_cap)
        if ohi >= cap:
            return Result(
                ZERO,
                f"the other insurance paid {_d(ohi)}, more than 115% of TRICARE's allowed amount ({_d(cap)}): the "
                "claim is paid in full and TRICARE pays nothing",
                clause=clause,
            )
        first = cap - ohi
        label = "115% of TRICARE's allowed amount less other insurance"
    paid = _cap(x, min(first, x.normal, x.patient_before))
    return Result(
        paid,
        f"pays the lower of {label} {_d(first)}, what it would pay alone {_d(x.normal)}, and the beneficiary's "
        f"remaining liability {_d(x.patient_before)}: {_d(paid)}",
        clause=clause,
    )


MEDIGAP_LEGACY = (
    "A Medigap policy without a plan letter (format 1.0) pays as that format said: all of Medicare's coinsurance, "
    "and the deductible only when pays_medicare_deductible is true. Give medigap_plan to pay by the plan letter."
)
MEDIGAP_COPAY_LINES = (
    "Plan N's copays: the office-visit copay is taken on lines whose code is an office or outpatient visit "
    "(99202-99205, 99211-99215); the emergency-room copay once per claim marked emergency that is not an inpatient "
    "stay (an admission waives it)."
)
MEDIGAP_KL_LIMIT = (
    "Plans K and L: the beneficiary's share of Medicare's coinsurance and Part A deductible counts toward the "
    "annual out-of-pocket limit; the Part B deductible does not, and it stays the beneficiary's after the limit is "
    "reached (CMS chart: 'after you meet your out-of-pocket yearly limit and your yearly Part B deductible')."
)


@rule(
    "pay.medigap",
    title="Medigap pays Medicare's cost sharing by its plan letter",
    kind=PAYMENT,
    authority=Authority.FEDERAL,
    cite=(c.MEDIGAP_DEFINITION, c.MEDIGAP_LETTERS, c.MEDIGAP_MACRA),
    clauses=("legacy", "no_medicare", "part_b_deductible"),
)
def medigap(x: LineInput) -> Result:
    """A Medicare supplement pays what its standardized plan letter covers of the cost sharing Medicare left:
    the Part A deductible (all plans but A; K 50%, L 75%, M 50%), the Part B deductible (only C and F, closed to
    people newly eligible for Medicare from 2020), the coinsurance (K 50%, L 75%, N less its copays), Part B excess
    charges (F and G); high-deductible F and G pay only after the beneficiary has paid their deductible. It never
    pays before Medicare and nothing on a line Medicare does not cover."""
    medicare = next((p for p in x.priors if p.kind is CoverageKind.MEDICARE and not p.estimated), None)
    if medicare is None or medicare.allowed is None:
        return Result(
            ZERO,
            "pays nothing: Medicare did not cover the line, and a supplement pays only Medicare's cost sharing",
            clause="no_medicare",
        )
    owed = x.patient_before
    ded = min(medicare.deductible, owed)
    coins = min(medicare.coinsurance, owed - ded)
    excess = owed - ded - coins
    if x.medigap_plan is None:
        keep = ZERO if x.pays_medicare_deductible else ded
        paid = _cap(x, owed - keep)
        tail = "" if x.pays_medicare_deductible else f" less the deductible the policy does not cover ({_d(keep)})"
        return Result(
            paid,
            f"pays the cost sharing Medicare left {_d(owed)}{tail}: {_d(paid)}",
            choice=MEDIGAP_LEGACY,
            clause="legacy",
        )
    plan = MEDIGAP_PLANS[x.medigap_plan]
    part = "Part A" if x.part_a else "Part B"
    notes: list[str] = []
    choices: list[str] = []
    # high-deductible F and G: the beneficiary pays Medicare's deductible, then coinsurance, up to the deductible
    absorbed = ZERO
    if plan.high_deductible:
        on_ded = min(x.medigap_deductible_remaining, ded)
        on_coins = min(x.medigap_deductible_remaining - on_ded, coins)
        absorbed = on_ded + on_coins
        ded, coins = ded - on_ded, coins - on_coins
        if absorbed:
            notes.append(f"{_d(absorbed)} goes to the plan's high deductible")
        if x.medigap_deductible_remaining - absorbed > ZERO:
            excess = ZERO
    copay = ZERO
    if plan.copays and coins > ZERO:
        if x.office_visit:
            copay = min(x.office_copay, coins)
            notes.append(f"the patient keeps the office-visit copay {_d(copay)}")
        elif x.emergency_copay_left > ZERO:
            copay = min(x.emergency_copay_left, coins)
            notes.append(f"the patient keeps the emergency-room copay {_d(copay)}")
        if copay:
            choices.append(MEDIGAP_COPAY_LINES)
    ded_share = plan.part_a_deductible if x.part_a else plan.part_b_deductible
    pays_ded = money(ded * ded_share)
    pays_coins = money((coins - copay) * plan.coinsurance)
    pays_excess = excess if plan.excess else ZERO
    oop_credited: Decimal | None = None
    if plan.oop_limit is not None and x.medigap_oop_remaining is not None:
        kept = (coins - copay - pays_coins) + (ded - pays_ded if x.part_a else ZERO)
        over = max(ZERO, kept - x.medigap_oop_remaining)
        oop_credited = kept - over
        if over:
            pays_coins += over
            notes.append(f"the out-of-pocket limit is reached, so it pays {_d(over)} more")
        choices.append(MEDIGAP_KL_LIMIT)
    paid = _cap(x, pays_ded + pays_coins + pays_excess)
    parts = [
        f"{ded_share:.0%} of the {part} deductible {_d(ded)}",
        f"{plan.coinsurance:.0%} of the coinsurance {_d(coins - copay)}",
    ]
    if excess:
        parts.append(f"{'all' if plan.excess else 'none'} of the {_d(excess)} above Medicare's approved amount")
    detail = "; ".join(notes)
    return Result(
        paid,
        f"is Medigap plan {x.medigap_plan}: of the {_d(owed)} Medicare left it pays {', '.join(parts)}"
        + (f" ({detail})" if detail else "")
        + f": {_d(paid)}",
        deductible_credited=absorbed,
        oop_credited=oop_credited,
        copay_kept=copay,
        choice=" ".join(dict.fromkeys(choices)) or None,
        clause="part_b_deductible" if pays_ded > ZERO and not x.part_a else "",
    )


@rule(
    "pay.remaining_balance",
    title="Pays the patient's remaining liability up to its own benefit",
    kind=PAYMENT,
    authority=Authority.PLAN,
    cite=(
        c.NAIC_SECONDARY_CALCULATION,
        c.TRICARE_SUPPLEMENT_NOT_OHI,
        c.NJ_HEALTH_PRIMARY,
        c.MI_COORDINATED_PIP,
        c.MI_FEDERAL_KEMPER,
        c.MN_NO_FAULT_PRIMARY,
        c.CRIME_VICTIM_OTHER_SOURCES,
        c.IHS_LAST,
        c.VA_RECOVERY,
        c.MSP_INJURY_PAYERS,
    ),
    clauses=("tricare_supplement", "pip_nj", "pip_mi", "pip", "crime_victim", "ihs", "va", "liability"),
)
def remaining_balance(x: LineInput) -> Result:
    """Programs that pay what others leave - a TRICARE supplement, a no-fault policy after the health plan or
    workers' comp (New Jersey's health-primary election, N.J.S.A. 39:6A-4.3(d); Michigan coordinated PIP, MCL
    500.3109a), crime-victim compensation, the Indian Health Service, VA-authorized care after a health plan, a
    liable party's insurer - and a plan whose terms say it pays what the others leave, pay the patient's remaining
    liability, up to their benefit limit. That they pay the whole remainder is the engine's model: the sources read
    say only that they pay after the others (for a plan, MDL-120 §7A caps all plans together at the allowable
    expense)."""
    amount = x.patient_before
    if x.limit_remaining is not None:
        amount = min(amount, x.limit_remaining)
    paid = _cap(x, amount)
    limit = f" (limit left {_d(x.limit_remaining)})" if x.limit_remaining is not None else ""
    return Result(
        paid,
        f"pays the patient's remaining liability {_d(x.patient_before)}{limit}: {_d(paid)}",
        clause=_remaining_clause(x),
    )


def _remaining_clause(x: LineInput) -> str:
    if x.kind in (CoverageKind.AUTO_PIP, CoverageKind.AUTO_MEDPAY):
        return {"NJ": "pip_nj", "MI": "pip_mi"}.get(x.law or "", "pip")
    kinds = {
        CoverageKind.TRICARE_SUPPLEMENT: "tricare_supplement",
        CoverageKind.CRIME_VICTIM: "crime_victim",
        CoverageKind.IHS: "ihs",
        CoverageKind.VA: "va",
        CoverageKind.LIABILITY: "liability",
    }
    return kinds.get(x.kind, "") if x.kind is not None else ""  # else a plan whose own terms say so


@rule(
    "pay.injury_payer",
    title="Workers' comp, black lung and no-fault pay under their own terms",
    kind=PAYMENT,
    authority=Authority.STATE,
    cite=(
        c.PALMETTO_WC_IN_FULL,
        c.TX_WC_NO_BALANCE_BILLING,
        c.BLACK_LUNG_CFR,
        c.MSP_INJURY_PAYERS,
        c.NJ_PIP_PRIMARY_REG,
        c.MI_PIP_LIMITS,
    ),
    clauses=("workers_comp_tx", "black_lung", "no_fault", "no_fault_nj", "no_fault_mi"),
)
def injury_payer(x: LineInput) -> Result:
    """Workers' compensation and the Black Lung Program pay their fee schedule amount in full for related care,
    with no cost sharing and no balance billing (the Medicare contractors' instructions; a state's own workers'
    compensation law, e.g. Tex. Lab. Code 413.042; 20 CFR 725.701); no-fault pays its benefit up to the policy
    limit."""
    amount = x.normal
    if x.limit_remaining is not None:
        amount = min(amount, x.limit_remaining)
    paid = _cap(x, amount)
    limit = f", within the limit left {_d(x.limit_remaining)}" if x.limit_remaining is not None else ""
    return Result(
        paid,
        f"pays its own benefit {_d(x.normal)}{limit}: {_d(paid)}",
        deductible_credited=x.deductible,
        clause=_injury_clause(x),
    )


def _injury_clause(x: LineInput) -> str:
    if x.kind is CoverageKind.BLACK_LUNG:
        return "black_lung"
    if x.kind in (CoverageKind.AUTO_PIP, CoverageKind.AUTO_MEDPAY):
        return {"NJ": "no_fault_nj", "MI": "no_fault_mi"}.get(x.law or "", "no_fault")
    if x.kind is CoverageKind.WORKERS_COMP and x.law == "TX":
        return "workers_comp_tx"
    return ""


@rule(
    "pay.share_equally",
    title="Tied plans share the allowable expense equally",
    kind=PAYMENT,
    authority=Authority.STATE,
    cite=(c.NAIC_SHARE_EQUALLY,),
    choice=(
        "The model does not say whether a tied plan's unused share passes to the other plan; it does not. "
        "An odd cent goes to the tied plan whose id sorts first."
    ),
)
def share_equally(x: LineInput) -> Result:
    """When no rule orders two plans, they share the allowable expense equally, and neither pays more than it
    would have paid as primary: S_i = min(N_i, AE / n) (MDL-120 §6D(6); domain reference §4.8)."""
    basis = x.share_basis if x.share_basis is not None else (x.allowed or ZERO)
    pool = max(ZERO, basis - x.group_prior_paid)
    portion = money(pool / x.share_count) if x.share_count else ZERO
    if x.share_index == 0:
        portion = money(pool - portion * (x.share_count - 1))
    paid = _cap(x, min(x.normal, portion))
    return Result(
        paid,
        f"shares the allowable expense {_d(pool)} equally with {x.share_count - 1} other plan(s): the lesser of its "
        f"share {_d(portion)} and its normal benefit {_d(x.normal)} is {_d(paid)}",
        allowable_expense=basis,
        deductible_credited=x.deductible,
    )


CAPITATION_DEFAULT = (
    "Outside New Jersey no rule found says what a member owes when a capitated plan pays second; the engine holds "
    "the member to no more than the capitated plan's own cost sharing for the line (copay, deductible, "
    "coinsurance): the provider's capitation contract bars billing the member beyond it, and MDL-120 §3A counts "
    "the services at their value as a benefit paid. N.J.A.C. 11:4-28.7(e)6 (New Jersey insured plans) leaves the "
    "member nothing to pay."
)


@rule(
    "pay.capitation",
    title="A capitated plan pays no per-claim amount; its services count as a benefit paid",
    kind=PAYMENT,
    authority=Authority.STATE,
    cite=(c.NAIC_SERVICES_VALUE,),
)
def capitation(x: LineInput) -> Result:
    """A plan that pays its provider by capitation (so much per member per month) pays nothing per claim: its
    benefit is the service, which counts at its value - the plan's allowed amount less the member's cost sharing -
    as a benefit paid for any payer after it (MDL-120 §3 "allowable expense"). The member owes the plan's cost
    sharing, which a later payer may pay (in New Jersey, N.J.A.C. 11:4-28.7(e)5, applied by ``pay.nj_secondary``)."""
    value = _cap(x, x.normal)
    return Result(
        ZERO,
        f"pays by capitation, not per claim: nothing on this line; its services count as a benefit of {_d(value)} "
        f"(its allowed amount less the member's cost sharing {_d(x.cost_share)})",
        deductible_credited=x.deductible,
        credited=value,
    )


@rule(
    "pay.capitation_secondary",
    title="A capitated secondary pays no per-claim amount; the member owes nothing for covered services",
    kind=PAYMENT,
    authority=Authority.STATE,
    cite=(c.NAIC_SERVICES_VALUE, c.NAIC_AE_BARRED),
)
def capitation_secondary(x: LineInput) -> Result:
    """When the plan paying second pays its provider by capitation, it pays its capitation and no per-claim
    amount. New Jersey says the covered person then owes nothing for eligible services (N.J.A.C. 11:4-28.7(e)6,
    applied by ``pay.nj_secondary`` to plans New Jersey law governs); elsewhere the member owes no more than the
    capitated plan's own cost sharing (a documented choice)."""
    cap = money(min(x.patient_before, x.cost_share))
    why = f"the member owes no more than its own cost sharing {_d(x.cost_share)} (a documented choice)"
    choice = CAPITATION_DEFAULT
    relieved = money(max(ZERO, x.patient_before - cap))
    return Result(
        ZERO,
        f"pays by capitation, not per claim: nothing on this line; of the {_d(x.patient_before)} left after the "
        f"earlier payers, {why}: the patient owes {_d(min(cap, x.patient_before))}",
        deductible_credited=x.deductible,
        credited=relieved,
        patient_cap=cap,
        choice=choice,
    )


ACTIVE_DUTY_NONPAR = (
    "No source found says who bears a non-participating provider's charge above the TRICARE allowed amount for a "
    "member on active duty; the SHCP processes the member's claims with no cost-share, copayment or deductible, so "
    "the engine holds the member harmless and shows the excess as the provider's write-off."
)


@rule(
    "pay.tricare_active_duty",
    title="TRICARE for a member on active duty: no cost sharing; the member owes nothing for covered care",
    kind=PAYMENT,
    authority=Authority.FEDERAL,
    cite=(c.TRICARE_AD_NO_COST, c.TRICARE_SHCP, c.TRICARE_PAR, c.TRICARE_LIMITING_CHARGE),
    clauses=("nonpar",),
)
def tricare_active_duty(x: LineInput) -> Result:
    """Members of the uniformed services on active duty have no cost-sharing requirements (10 U.S.C. 1075a(a)(1));
    their civilian claims are processed without a cost-share, copayment or deductible (TRICARE Operations Manual
    ch. 17). TRICARE pays its allowed amount, which a participating or network provider accepts as payment in
    full; the member owes nothing for covered care."""
    paid = _cap(x, x.allowed or ZERO)
    choice = None if x.participating else ACTIVE_DUTY_NONPAR
    tail = (
        "; the provider, which accepts TRICARE's allowed amount as payment in full, may not bill the member"
        if x.participating
        else "; the member is held harmless for the non-participating provider's charge above it (a documented choice)"
    )
    return Result(
        paid,
        f"pays its allowed amount {_d(paid)} with no cost sharing: the member is on active duty{tail}",
        choice=choice,
        clause="" if x.participating else "nonpar",
    )


AS_IF_PART_B = (
    "Applied to group plans and to individual and student policies that the Medicare Secondary Payer rules put "
    "after Medicare (retiree coverage, COBRA, an employer below the size test, coverage through someone else's "
    "job, individual policies), on a physician or outpatient (Part B) claim of a patient whose Medicare record has "
    "no Part B on the service date. The plan estimates what Part B would have paid - 80% of Medicare's approved "
    "amount after the Part B deductible, or Medicare's secondary payment behind a plan or injury payer that pays "
    "before Medicare - and pays as secondary to that estimate by its own COB method; the patient owes the estimate. "
    "Not applied to FEHB plans (no source found that an FEHB plan reduces its benefits for an annuitant without "
    "Part B), to capitated plans, nor where the plan pays before Medicare (working aged with a large employer, the "
    "ESRD coordination period)."
)


@rule(
    "pay.as_if_medicare_part_b",
    title="A plan that pays after Medicare, for a patient without Part B: pays as if Part B had paid",
    kind=PAYMENT,
    authority=Authority.PLAN,
    cite=(c.MEDICARE_PART_B, c.HORIZON_PART_B),
    choice=AS_IF_PART_B,
)
def as_if_medicare_part_b(x: LineInput) -> Result:
    """A plan that the Medicare Secondary Payer rules put after Medicare does not pay Medicare's share for a
    patient who did not take Part B: it "will never pay more than [it] would have if that individual had Medicare
    Part B benefits" (Horizon manual). It pays as secondary to the Part B payment estimated from Medicare's approved
    amount (42 U.S.C. 1395l(a)(1), (b)), and the patient owes what Part B would have paid."""
    estimate = next((p for p in x.priors if p.estimated), None)
    if estimate is None or x.own_method is None:
        raise ValueError("pay.as_if_medicare_part_b needs the estimated Part B payment and the plan's own method")
    inner = x.own_method(x)
    approved = _d(estimate.allowed) if estimate.allowed is not None else "none"
    return replace(
        inner,
        because=(
            f"pays as if Medicare Part B had paid first, since the patient has no Part B: Part B would have paid "
            f"{_d(estimate.paid)} (Medicare's approved amount {approved}, deductible {_d(estimate.deductible)}); "
            f"coordinating with that estimate it {inner.because}; the patient owes what Part B would have paid"
        ),
        estimated_other=estimate.paid,
        clause="",  # the plan's own method's reasons are not this rule's
    )


#: Documented choices a payment rule makes on some lines only (a step names them when a line used one), for
#: listings such as ``cobsim rules``; a rule's own ``choice`` applies whenever it is used.
LINE_CHOICES: dict[str, tuple[str, ...]] = {
    "pay.standard_cob": (MEDICARE_FIRST_AE,),
    "pay.benefit_reserve": (MEDICARE_FIRST_AE,),
    "pay.as_if_medicare_part_b": (MEDICARE_FIRST_AE,),
    "pay.capitation_secondary": (CAPITATION_DEFAULT,),
    "pay.tricare_active_duty": (ACTIVE_DUTY_NONPAR,),
    "pay.medigap": (MEDIGAP_LEGACY, MEDIGAP_COPAY_LINES, MEDIGAP_KL_LIMIT),
}

METHODS: tuple[Rule, ...] = (
    primary,
    standard_cob,
    non_duplication,
    carve_out,
    carve_out_remainder,
    benefit_reserve,
    medicare_primary,
    medicare_secondary,
    medicare_secondary_institutional,
    medicaid_lesser_of,
    tricare_secondary,
    medigap,
    remaining_balance,
    injury_payer,
    share_equally,
    capitation,
    capitation_secondary,
    tricare_active_duty,
    as_if_medicare_part_b,
)
