"""Payment formulas: what a payer pays on one claim line, given what the payers before it did.

Each method is a rule with a citation and a pure function of a :class:`LineInput`. Amounts are ``Decimal``
dollars; every figure a formula produces is rounded half-up to the cent (:func:`cobsim.model.money.money`).
Variables follow the domain reference §4.1: ``B`` billed, ``A`` this payer's allowed amount, ``N`` its normal
benefit (what it would pay with no other coverage), ``AE`` the allowable expense, ``P`` what earlier payers paid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cobsim.model.codes import AllowableExpense, Confidence, CoverageKind
from cobsim.model.money import ZERO, money
from cobsim.rules.base import Authority, Citation, Rule, RuleKind, rule
from cobsim.rules.citations import MSP_STATUTE, NAIC_PRIMARY_AS_IF_ALONE

PAYMENT = RuleKind.PAYMENT

MDL_7 = Citation("NAIC MDL-120 (2005)", "§7A (effect on the benefits of this plan)", None, Confidence.VERIFIED)
MDL_3A = Citation("NAIC MDL-120 (2005)", "§3A (allowable expense)", None, Confidence.VERIFIED)
TX_3505 = Citation(
    "28 TAC 3.3505",
    "(c), (e), (f)",
    "https://www.law.cornell.edu/regulations/texas/28-Tex-Admin-Code-SS-3-3505",
    Confidence.VERIFIED,
)
NJ_28_7 = Citation(
    "N.J.A.C. 11:4-28.7",
    "(e)1",
    "https://regulations.justia.com/states/new-jersey/title-11/chapter-4/subchapter-28/section-11-4-28-7",
    Confidence.VERIFIED,
)
NON_DUP = Citation("Erie Insurance glossary", "non-duplication of benefits", None, Confidence.VERIFIED)
OPENDENTAL = Citation(
    "Open Dental manual", "COB: Carve Out", "https://opendental.com/manual/cob.html", Confidence.VERIFIED
)
DENTRIX_MOB = Citation(
    "Dentrix Ascend community", "maintenance of benefits (post 360047007534)", None, Confidence.VERIFIED
)
IL_2009_50 = Citation("Ill. Admin. Code tit. 50", "§2009.50(a)-(b) (benefit reserve)", None, Confidence.VERIFIED)
CFR_411_33A = Citation(
    "42 CFR 411.33", "(a)-(b)", "https://www.law.cornell.edu/cfr/text/42/411.33", Confidence.VERIFIED
)
CFR_411_32B = Citation("42 CFR 411.32", "(b)", "https://www.law.cornell.edu/cfr/text/42/411.32", Confidence.VERIFIED)
CFR_411_33E = Citation("42 CFR 411.33", "(e)", "https://www.law.cornell.edu/cfr/text/42/411.33", Confidence.VERIFIED)
MEDICARE_PART_B = Citation(
    "42 U.S.C. 1395l", "(a)(1), (b) (Part B deductible and 80% payment)", None, Confidence.VERIFIED
)
MEDICAID_LESSER = Citation("405 IAC 1-18-2; 42 U.S.C. 1396a(n)(2)-(3)", "lesser-of payment", None, Confidence.VERIFIED)
MEDICAID_PIF = Citation("42 U.S.C. 1396a(a)(25)(C)", "no balance billing of the beneficiary", None, Confidence.VERIFIED)
TRICARE_PAY = Citation(
    "Health Net Federal Services", "How TRICARE calculates payment with OHI", None, Confidence.SECONDARY
)
TFL_PAY = Citation(
    "10 U.S.C. 1086(d)(3)", "TRICARE For Life pays out-of-pocket costs after Medicare", None, Confidence.VERIFIED
)
MEDIGAP_PAY = Citation(
    "Horizon BCBSNJ provider manual", "Medicare supplement pays after Medicare", None, Confidence.VERIFIED
)
WC_FEE = Citation(
    "State workers' compensation fee schedules", "no balance billing of the injured worker", None, Confidence.MODEL
)


@dataclass(frozen=True)
class Prior:
    """What one earlier payer did on the line."""

    coverage: str
    kind: CoverageKind
    allowed: Decimal | None
    paid: Decimal
    contracted: bool  #: the provider is in this payer's network and priced by contract
    pricing: str
    deductible: Decimal = ZERO


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
    pays_medicare_deductible: bool = False
    nonpar_cap: Decimal = Decimal("1.15")
    share_count: int = 1  #: plans sharing this rank equally (MDL-120 §6D(6))
    share_index: int = 0
    share_basis: Decimal | None = None  #: the allowable expense the tied plans share
    group_prior_paid: Decimal = ZERO  #: what payers ahead of the tied group paid

    @property
    def prior_paid(self) -> Decimal:
        return sum((p.paid for p in self.priors), ZERO)


@dataclass(frozen=True)
class Result:
    """What a formula decided for one payer on one line."""

    paid: Decimal
    because: str
    allowable_expense: Decimal | None = None
    reserve_after: Decimal | None = None
    deductible_credited: Decimal | None = None
    patient_cap: Decimal | None = None  #: the most the member may owe after this payer (a state rule's limit)


def _d(x: Decimal) -> str:
    return f"${x:,.2f}"


def _cap(x: LineInput, amount: Decimal) -> Decimal:
    """Never negative, never more than is left of the bill."""
    left = max(ZERO, x.billed - x.prior_paid)
    return money(min(max(ZERO, amount), left))


def _normal_less_prior(x: LineInput) -> Decimal:
    """max(0, N - P): the arithmetic of non-duplication and of carve-out in its common meaning."""
    return _cap(x, x.normal - x.prior_paid)


def allowable_expense(x: LineInput) -> tuple[Decimal, str]:
    """The allowable expense a secondary uses under standard COB, by its option (domain reference §4.7)."""
    priors = [p for p in x.priors if p.allowed is not None]
    first = priors[0] if priors else None
    own = x.allowed
    medicare = next((p for p in x.priors if p.kind in (CoverageKind.MEDICARE, CoverageKind.MEDICARE_ADVANTAGE)), None)
    mode = x.ae_mode
    if first is None or first.allowed is None:
        return (own if own is not None else x.billed), "no earlier payer priced the line: this plan's own allowance"
    if mode is AllowableExpense.BILLED:
        return x.billed, "the billed charge (old usual-and-customary practice)"
    if mode is AllowableExpense.SECONDARY_ALLOWED and own is not None:
        return own, "this plan's own allowed amount"
    if mode is AllowableExpense.PRIMARY_CONTRACT_CAP:
        return first.allowed, "the primary's contractual fee (N.J.A.C. 11:4-28.7(e)1)"
    if mode is AllowableExpense.HIGHEST_NEGOTIATED:
        return max(
            [p.allowed for p in priors if p.allowed is not None] + ([own] if own is not None else [])
        ), "the highest allowed amount"
    if mode is AllowableExpense.PRIMARY_ARRANGEMENT:
        if x.secondary_contract_permits and x.contracted and own is not None:
            return own, "this plan's contracted fee, which its provider contract makes the allowable expense"
        return first.allowed, "the primary plan's payment arrangement"
    # NAIC default (MDL-120 §3A)
    if medicare is not None and medicare.allowed is not None:
        return medicare.allowed, "Medicare's allowed amount, Medicare having paid first"
    if own is None:
        return first.allowed, "the primary plan's allowed amount (this plan does not price the line)"
    if first.contracted and x.contracted:
        return max(first.allowed, own), "the higher of the negotiated fees (both plans contract with the provider)"
    if not first.contracted and not x.contracted:
        return min(max(first.allowed, own), x.billed), "the higher of the two usual-and-customary allowances"
    if x.secondary_contract_permits and x.contracted:
        return own, "this plan's contracted fee, which its provider contract makes the allowable expense"
    return first.allowed, "the primary plan's payment arrangement (one plan contracts, the other does not)"


# ------------------------------------------------------------------------------------------------ methods


def _normal_benefit(x: LineInput) -> Result:
    """What a payer pays with no other coverage (its normal benefit, within its limits)."""
    paid = _cap(x, x.normal)
    return Result(paid, f"pays its normal benefit {_d(paid)}", deductible_credited=x.deductible)


@rule(
    "pay.primary",
    title="Primary pays its normal benefit",
    kind=PAYMENT,
    authority=Authority.STATE,
    cite=(NAIC_PRIMARY_AS_IF_ALONE,),
)
def primary(x: LineInput) -> Result:
    """The primary payer pays as if no other coverage existed: its allowed amount less the member's deductible,
    copay and coinsurance (MDL-120 §6A(1))."""
    return _normal_benefit(x)


@rule(
    "pay.standard_cob",
    title="Standard COB: lesser of the normal benefit and the allowable expense not yet paid",
    kind=PAYMENT,
    authority=Authority.STATE,
    cite=(MDL_7, MDL_3A, TX_3505),
)
def standard_cob(x: LineInput) -> Result:
    """The secondary calculates what it would have paid with no other coverage and applies it to the allowable
    expense left unpaid, so that all plans together pay no more than the allowable expense; it credits to its
    deductible what it would have credited without other coverage (MDL-120 §7A): S = min(N, max(0, AE - P))."""
    ae, why = allowable_expense(x)
    unpaid = max(ZERO, ae - x.prior_paid)
    paid = _cap(x, min(x.normal, unpaid))
    return Result(
        paid,
        f"pays the lesser of its normal benefit {_d(x.normal)} and the allowable expense not yet paid "
        f"({_d(ae)} - {_d(x.prior_paid)} = {_d(unpaid)}; allowable expense = {why}): {_d(paid)}",
        allowable_expense=ae,
        deductible_credited=x.deductible,
    )


@rule(
    "pay.non_duplication",
    title="Non-duplication: normal benefit minus what earlier payers paid",
    kind=PAYMENT,
    authority=Authority.PLAN,
    cite=(NON_DUP,),
)
def non_duplication(x: LineInput) -> Result:
    """The secondary pays the difference, if any, between what the earlier payers paid and what it would have
    paid as primary: S = max(0, N - P). The member keeps the secondary's cost sharing."""
    paid = _normal_less_prior(x)
    return Result(
        paid,
        f"pays its normal benefit less what was already paid: {_d(x.normal)} - {_d(x.prior_paid)} = {_d(paid)}",
        deductible_credited=x.deductible,
    )


@rule(
    "pay.carve_out",
    title="Carve-out (same formula as non-duplication)",
    kind=PAYMENT,
    authority=Authority.PLAN,
    cite=(OPENDENTAL, NON_DUP),
)
def carve_out(x: LineInput) -> Result:
    """In most usage "carve-out" means the normal benefit with the earlier payments carved out:
    S = max(0, c x (A - D) - P), which is non-duplication (Open Dental: "Secondary InsEst = (Secondary Allowed -
    Secondary Deductible) * Secondary Percentage - PaidOther")."""
    paid = _normal_less_prior(x)
    return Result(
        paid,
        f"carves the earlier payments out of its normal benefit: {_d(x.normal)} - {_d(x.prior_paid)} = {_d(paid)}",
        deductible_credited=x.deductible,
    )


@rule(
    "pay.carve_out_remainder",
    title="Carve-out on the remainder (maintenance of benefits)",
    kind=PAYMENT,
    authority=Authority.PLAN,
    cite=(DENTRIX_MOB,),
    choice=(
        "Sources do not say how the deductible applies when the cost share is applied to the remainder; the "
        "engine applies the plan's remaining deductible to the remainder before its payment percentage."
    ),
)
def carve_out_remainder(x: LineInput) -> Result:
    """The other meaning of carve-out (Dentrix "maintenance of benefits"): the earlier payments are taken off the
    plan's allowed amount first, and the plan's payment percentage applies to what remains:
    S = (1 - c) x max(0, A - P - D), never more than the plan's normal benefit."""
    own = x.allowed or ZERO
    remainder = max(ZERO, own - x.prior_paid)
    ded = min(x.deductible_remaining, remainder)
    share = money((remainder - ded) * (1 - x.coinsurance_rate))
    paid = _cap(x, min(share, x.normal))
    return Result(
        paid,
        f"applies its payment percentage to the remainder of its allowed amount: ({_d(own)} - {_d(x.prior_paid)} - "
        f"deductible {_d(ded)}) x {1 - x.coinsurance_rate:.0%} = {_d(paid)}",
        deductible_credited=ded,
    )


@rule(
    "pay.benefit_reserve",
    title="Pre-2005 COB with a benefit reserve (credit savings)",
    kind=PAYMENT,
    authority=Authority.STATE,
    cite=(IL_2009_50, NJ_28_7),
)
def benefit_reserve(x: LineInput) -> Result:
    """Under the pre-2005 model the secondary reduces its benefits so that all plans pay no more than the
    allowable expense over the claim determination period, records the reduction (N - S) as a benefit reserve,
    and draws on the reserve to pay later allowable expenses not otherwise paid in the same period:
    base = min(N, AE - P); draw = min(reserve, AE - P - base); S = base + draw."""
    ae, why = allowable_expense(x)
    unpaid = max(ZERO, ae - x.prior_paid)
    base = min(x.normal, unpaid)
    draw = min(x.reserve, max(ZERO, unpaid - base))
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
    )


@rule(
    "pay.medicare_primary",
    title="Medicare as primary: 80% of the fee schedule after the deductible (Part B); DRG less deductible (Part A)",
    kind=PAYMENT,
    authority=Authority.FEDERAL,
    cite=(MEDICARE_PART_B,),
)
def medicare_primary(x: LineInput) -> Result:
    """Medicare pays the fee schedule amount less the unmet deductible, times 80% for Part B services; for an
    inpatient claim it pays the gross amount less the Part A deductible."""
    return _normal_benefit(x)


@rule(
    "pay.medicare_secondary",
    title="Medicare secondary payment: the lowest of three amounts",
    kind=PAYMENT,
    authority=Authority.FEDERAL,
    cite=(CFR_411_33A, CFR_411_32B, MSP_STATUTE),
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
    cite=(CFR_411_33E, CFR_411_32B),
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
    cite=(MEDICAID_LESSER, MEDICAID_PIF),
)
def medicaid_lesser_of(x: LineInput) -> Result:
    """Medicaid pays nothing if the third parties paid at least its rate; otherwise the lesser of its rate minus
    the third-party payments and the patient's remaining cost sharing. The provider accepts that as payment in
    full: the patient owes no more than Medicaid's nominal copay (42 USC 1396a(a)(25)(C), 1396a(n))."""
    rate = x.allowed or ZERO
    tpl = x.prior_paid
    if tpl >= rate:
        return Result(ZERO, f"third parties paid {_d(tpl)}, at least its rate {_d(rate)}, so Medicaid pays nothing")
    paid = _cap(x, min(rate - tpl, x.patient_before, x.normal))
    return Result(
        paid,
        f"pays the lesser of its rate less prior payments ({_d(rate)} - {_d(tpl)} = {_d(rate - tpl)}) and the "
        f"patient's remaining cost share {_d(x.patient_before)}, never more than it pays alone: {_d(paid)}",
        allowable_expense=rate,
    )


@rule(
    "pay.tricare_secondary",
    title="TRICARE as secondary: the lower of three amounts (115% cap for non-participating providers)",
    kind=PAYMENT,
    authority=Authority.FEDERAL,
    cite=(TRICARE_PAY, TFL_PAY),
)
def tricare_secondary(x: LineInput) -> Result:
    """TRICARE pays the lower of: the billed amount (115% of the TRICARE allowed amount for a non-participating
    provider) minus the other insurance's payment; what TRICARE would pay without other insurance; the
    beneficiary's liability after the other insurance. A non-participating provider paid more than 115% of the
    TRICARE allowed amount by the other insurance is paid in full. TRICARE For Life pays the out-of-pocket cost
    left after Medicare, up to what it would pay alone (10 USC 1086(d)(3))."""
    ohi = x.prior_paid
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
            )
        first = cap - ohi
        label = "115% of TRICARE's allowed amount less other insurance"
    paid = _cap(x, min(first, x.normal, x.patient_before))
    return Result(
        paid,
        f"pays the lower of {label} {_d(first)}, what it would pay alone {_d(x.normal)}, and the beneficiary's "
        f"remaining liability {_d(x.patient_before)}: {_d(paid)}",
    )


@rule(
    "pay.medigap",
    title="Medigap pays Medicare's cost sharing",
    kind=PAYMENT,
    authority=Authority.FEDERAL,
    cite=(MEDIGAP_PAY,),
)
def medigap(x: LineInput) -> Result:
    """A Medicare supplement pays the beneficiary's Medicare coinsurance, and the Part B deductible only under
    plans that cover it (C and F); it never pays before Medicare."""
    medicare = next((p for p in x.priors if p.kind is CoverageKind.MEDICARE), None)
    deductible = medicare.deductible if medicare is not None else ZERO
    keep = ZERO if x.pays_medicare_deductible else min(deductible, x.patient_before)
    paid = _cap(x, x.patient_before - keep)
    tail = "" if x.pays_medicare_deductible else f" less the Part B deductible the policy does not cover ({_d(keep)})"
    return Result(paid, f"pays the cost sharing Medicare left {_d(x.patient_before)}{tail}: {_d(paid)}")


@rule(
    "pay.remaining_balance",
    title="Pays the patient's remaining liability up to its own benefit",
    kind=PAYMENT,
    authority=Authority.PLAN,
    cite=(WC_FEE, MEDIGAP_PAY),
)
def remaining_balance(x: LineInput) -> Result:
    """Programs that pay what others leave - a TRICARE supplement, a coordinated PIP policy after the health plan,
    crime-victim compensation, the Indian Health Service, VA-authorized care after a health plan - pay the
    patient's remaining liability, up to their benefit limit."""
    amount = x.patient_before
    if x.limit_remaining is not None:
        amount = min(amount, x.limit_remaining)
    paid = _cap(x, amount)
    limit = f" (limit left {_d(x.limit_remaining)})" if x.limit_remaining is not None else ""
    return Result(paid, f"pays the patient's remaining liability {_d(x.patient_before)}{limit}: {_d(paid)}")


@rule(
    "pay.injury_payer",
    title="Workers' comp, black lung and no-fault pay under their own terms",
    kind=PAYMENT,
    authority=Authority.STATE,
    cite=(WC_FEE,),
)
def injury_payer(x: LineInput) -> Result:
    """Workers' compensation and the Black Lung Program pay their fee schedule amount in full for related care,
    with no cost sharing and no balance billing; no-fault pays its benefit up to the policy limit."""
    amount = x.normal
    if x.limit_remaining is not None:
        amount = min(amount, x.limit_remaining)
    paid = _cap(x, amount)
    limit = f", within the limit left {_d(x.limit_remaining)}" if x.limit_remaining is not None else ""
    return Result(paid, f"pays its own benefit {_d(x.normal)}{limit}: {_d(paid)}", deductible_credited=x.deductible)


@rule(
    "pay.share_equally",
    title="Tied plans share the allowable expense equally",
    kind=PAYMENT,
    authority=Authority.STATE,
    cite=(Citation("NAIC MDL-120 (2005)", "§6D(6)", None, Confidence.MODEL),),
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
)
