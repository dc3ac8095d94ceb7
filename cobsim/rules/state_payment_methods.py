"""States' own secondary-payment rules for the insured plans their law governs.

The payment engine (:mod:`cobsim.payments`) asks :func:`state_secondary_method` which rule a commercial coverage
pays by when it is secondary and states no method of its own: its governing state's rule
(:mod:`cobsim.rules.jurisdictions`), else the default of its edition (standard COB under the 2005 model, the
benefit reserve under the pre-2005 model). Self-funded ERISA and FEHB plans are never governed by these rules.

* New Jersey, N.J.A.C. 11:4-28.7 (operative 2003-01-01): paragraph (e)1-7 by how each plan pays and the
  provider's networks, else paragraph (a).
* Washington, WAC 284-51-230 (effective 2007-07-09): pay so that all plans together pay 100% of the allowable
  expense, with no "lesser of the normal benefit" cap.

Variables follow :mod:`cobsim.rules.payment_methods`: ``B`` billed, ``A_P`` the primary's allowed amount, ``P`` what
earlier payers paid, ``R_P`` the member's remaining liability after them, ``N`` this plan's normal benefit,
``CS_S`` this plan's own cost sharing (its allowed amount less ``N``). Amounts are rounded half-up to the cent.
A tertiary plan classifies the claim by the primary (the first payer) and pays against everything paid before it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from cobsim.model.case import Case, Coverage
from cobsim.model.codes import COMMERCIAL_KINDS, CoverageKind, PipMedical, RuleSet
from cobsim.model.money import ZERO, money
from cobsim.rules import citations as c
from cobsim.rules import jurisdictions as jur
from cobsim.rules import payment_methods as pm
from cobsim.rules.base import Authority, Rule, RuleKind, rule
from cobsim.rules.params import param


def _d(x: Decimal) -> str:
    return f"${x:,.2f}"


def _within_bill(x: pm.LineInput, amount: Decimal) -> Decimal:
    """Never negative, never more than is left of the bill."""
    return money(min(max(ZERO, amount), max(ZERO, x.billed - x.prior_paid)))


# ------------------------------------------------------------------------------------------- New Jersey


@rule(
    "pay.nj_secondary",
    title="New Jersey insured plan as secondary (N.J.A.C. 11:4-28.7)",
    kind=RuleKind.PAYMENT,
    authority=Authority.STATE,
    cite=(
        c.NJ_28_7_A,
        c.NJ_28_7_E1,
        c.NJ_28_7_E2,
        c.NJ_28_7_E3,
        c.NJ_28_7_E4_E7,
        c.NJ_28_7_E5,
        c.NJ_28_7_E6,
        c.NJ_SECONDARY_OPERATIVE,
        c.NJ_HEALTH_AFTER_PIP,
        c.NAIC_SECONDARY_CALCULATION,
    ),
    clauses=("a", "e1", "e2", "e3", "e4_e7", "e5", "e6", "after_pip", "non_health_primary"),
)
def nj_secondary(x: pm.LineInput) -> pm.Result:
    """A New Jersey insured plan that is secondary pays by how the plans pay and where the provider contracts
    (N.J.A.C. 11:4-28.7, operative 2003-01-01). (e)1 both on contracted fees, provider in both networks: the
    member's cost sharing under the primary up to its own normal benefit, S = min(R_P, N); the provider collects
    no more than the primary's contracted fee and the member owes no more than the secondary's cost sharing. (e)2
    primary usual and customary, secondary contracted: S = min(B - P, N), applied first to the primary's cost
    sharing. (e)3 primary contracted, secondary usual and customary: S = min(R_P, N). (e)4, (e)7 the primary
    covers nothing: pay as if primary. (e)5 primary capitated: S = min(R_P, N). (e)6 a capitated secondary pays its
    capitation and the member owes nothing. (a) both usual and customary: S = min(N, B - P) with a benefit reserve.
    The paragraph speaks of a primary and a secondary plan: a third plan is classified by the primary and pays
    against everything paid before it, and a plan following a primary that is not a health benefits plan under
    N.J.A.C. 11:4-28 (no-fault, Medicare) pays standard COB; both are documented choices its sentence names."""
    result = _nj_paragraph(x)
    if len(x.priors) > 1:
        tail = " (a third plan: the claim is classified by the primary, a documented choice)"
        return replace(result, because=result.because + tail)
    return result


def _nj_paragraph(x: pm.LineInput) -> pm.Result:
    priors = list(x.priors)
    if not priors:
        paid = _within_bill(x, x.normal)
        return pm.Result(paid, f"pays its normal benefit {_d(paid)}", deductible_credited=x.deductible)
    first = priors[0]
    n, pp, rp = x.normal, x.prior_paid, x.patient_before
    own_share = max(ZERO, (x.allowed or ZERO) - n)
    if x.pricing == "capitation" and x.contracted:
        return pm.Result(
            ZERO,
            "is a capitated plan and the provider is in its network: it pays its capitation, not a per-claim "
            "amount, and the member owes nothing for this eligible service (N.J.A.C. 11:4-28.7(e)6)",
            patient_cap=ZERO,
            deductible_credited=ZERO,
            credited=money(
                max(ZERO, x.patient_before)
            ),  # what it relieves the member of counts as paid for later payers
            clause="e6",
        )
    if first.kind not in COMMERCIAL_KINDS:
        result = pm.standard_cob.func(x)
        return pm.Result(
            result.paid,
            "follows a primary that is not a health benefits plan under N.J.A.C. 11:4-28, so standard COB applies "
            "(a documented choice): " + result.because,
            allowable_expense=result.allowable_expense,
            deductible_credited=result.deductible_credited,
            clause="after_pip"
            if first.kind in (CoverageKind.AUTO_PIP, CoverageKind.AUTO_MEDPAY)
            else "non_health_primary",
        )
    if first.allowed is None:
        paid = _within_bill(x, n)
        return pm.Result(
            paid,
            f"the primary does not cover this service (an HMO and an out-of-network provider), so it pays as if it "
            f"were primary: its normal benefit {_d(paid)} (N.J.A.C. 11:4-28.7(e)4, (e)7)",
            deductible_credited=x.deductible,
            clause="e4_e7",
        )
    a_p = first.allowed
    if first.contracted and x.contracted:
        paid = _within_bill(x, min(rp, n))
        if first.pricing == "capitation":
            return pm.Result(
                paid,
                f"the primary pays by capitation and the provider is in both networks, so it pays the member's cost "
                f"sharing under the primary {_d(rp)} up to its normal benefit {_d(n)}: {_d(paid)} "
                "(N.J.A.C. 11:4-28.7(e)5)",
                allowable_expense=a_p,
                deductible_credited=x.deductible,
                clause="e5",
            )
        return pm.Result(
            paid,
            f"both plans pay contracted fees and the provider is in both networks, so it pays the member's cost "
            f"sharing under the primary {_d(rp)} up to its normal benefit {_d(n)}: {_d(paid)}; the provider collects "
            f"no more than the primary's contracted fee {_d(a_p)} and the member owes no more than this plan's own "
            f"cost sharing {_d(own_share)} (N.J.A.C. 11:4-28.7(e)1)",
            allowable_expense=a_p,
            patient_cap=own_share,
            deductible_credited=x.deductible,
            clause="e1",
        )
    if x.contracted:  # primary on usual and customary, this plan on contracted fees
        unpaid = max(ZERO, x.billed - pp)
        paid = _within_bill(x, min(unpaid, n))
        primary_share = max(ZERO, a_p - first.paid)
        left = max(ZERO, primary_share - paid)
        cap = min(left, own_share) if primary_share > ZERO else min(own_share, max(ZERO, x.billed - pp - paid))
        return pm.Result(
            paid,
            f"the primary pays usual and customary amounts and this plan contracted fees, so it pays the billed "
            f"charge less the primary's payment {_d(unpaid)} up to its normal benefit {_d(n)}: {_d(paid)}, applied "
            f"first to the member's cost sharing under the primary; the member owes {_d(cap)} at most "
            "(N.J.A.C. 11:4-28.7(e)2)",
            allowable_expense=x.billed,
            patient_cap=cap,
            deductible_credited=x.deductible,
            clause="e2",
        )
    if first.contracted:  # primary contracted, this plan on usual and customary
        paid = _within_bill(x, min(rp, n))
        return pm.Result(
            paid,
            f"the primary pays contracted fees and the provider is in its network, and this plan pays usual and "
            f"customary amounts: it pays the member's cost sharing under the primary {_d(rp)} up to its normal "
            f"benefit {_d(n)}: {_d(paid)} (N.J.A.C. 11:4-28.7(e)3)",
            allowable_expense=a_p,
            deductible_credited=x.deductible,
            clause="e3",
        )
    unpaid = max(ZERO, x.billed - pp)
    base = min(n, unpaid)
    draw = min(x.reserve, max(ZERO, unpaid - base))
    paid = _within_bill(x, base + draw)
    reserve_after = money(x.reserve - draw + (n - base))
    return pm.Result(
        paid,
        f"both plans pay usual and customary amounts, so it pays the billed charge less the primary's payment "
        f"{_d(unpaid)} up to its normal benefit {_d(n)} ({_d(base)}) plus {_d(draw)} from its benefit reserve: "
        f"{_d(paid)}; the reserve goes from {_d(x.reserve)} to {_d(reserve_after)} (N.J.A.C. 11:4-28.7(a))",
        allowable_expense=x.billed,
        reserve_after=reserve_after,
        deductible_credited=x.deductible,
        clause="a",
    )


# ------------------------------------------------------------------------------------------- Washington


@rule(
    "pay.wa_secondary",
    title="Washington plan as secondary: all plans together pay 100% of the allowable expense (WAC 284-51-230)",
    kind=RuleKind.PAYMENT,
    authority=Authority.STATE,
    cite=(c.WA_SECONDARY_PAYMENT, c.WA_HUNDRED_PERCENT, c.ASSIGNMENT),
    clauses=("ae_medicare",),
    choice=(
        "The plans in a case carry no annual maximum benefit, so nothing stops a Washington secondary short of the "
        "unpaid allowable expense, and the rule's deductible ceiling (no more than the higher of the two "
        "deductibles) is met because the member owes none."
    ),
)
def wa_secondary(x: pm.LineInput) -> pm.Result:
    """A Washington plan that is secondary pays an amount that, with what the primary paid, makes 100% of the
    allowable expense - there is no "lesser of its normal benefit" cap - but never more than its maximum benefit
    plus accrued savings; the enrollee never bears a deductible greater than the higher of the two plans'
    deductibles (WAC 284-51-230(1); RCW 48.21.200(1)): S = AE - P."""
    ae, why, choice, regime = pm.allowable_expense(x)
    unpaid = max(ZERO, ae - x.prior_paid)
    paid = _within_bill(x, unpaid)
    return pm.Result(
        paid,
        f"pays the allowable expense not yet paid so that 100% of it is paid ({_d(ae)} - {_d(x.prior_paid)} = "
        f"{_d(unpaid)}; allowable expense = {why}), with no cap at its normal benefit {_d(x.normal)}: {_d(paid)} "
        "(WAC 284-51-230(1))",
        allowable_expense=ae,
        deductible_credited=x.deductible,
        choice=choice,
        clause="ae_medicare" if regime == "ae_medicare" else "",
    )


METHODS: tuple[Rule, ...] = (nj_secondary, wa_secondary)

_BY_CHOICE: dict[str, Rule] = {"nj_28_7": nj_secondary, "wa_284_51_230": wa_secondary}


# ------------------------------------------------------------------------------------------- selection


def _override(case: Case, ruleset: RuleSet) -> RuleSet | None:
    on = case.claim.service_date
    return jur.edition_override(case, ruleset, on)


@dataclass(frozen=True, slots=True)
class PaymentLaw:
    """What the law governing a commercial coverage says of its payment, from one look-up of that law."""

    rule: Rule | None  #: its state's own secondary-payment rule (:func:`state_secondary_method`)
    edition: RuleSet  #: the edition it applies (:func:`plan_edition`)
    law: str | None  #: the state whose law governs its payment (:func:`governing_law`)


def plan_override(case: Case, ruleset: RuleSet) -> RuleSet | None:
    """The edition every plan without its own must apply, if the decision's ``ruleset`` or the case sets one
    (:func:`cobsim.rules.jurisdictions.edition_override` on the service date): the same for every coverage of a
    case, so the payment engine asks once and passes it to :func:`payment_law`."""
    return _override(case, ruleset)


def payment_law(case: Case, cov: Coverage, override: RuleSet | None) -> PaymentLaw:
    """:func:`state_secondary_method`, :func:`plan_edition` and :func:`governing_law` of a commercial coverage at
    once: the three read the same governance of ``cov``, looked up here once (``override`` from
    :func:`plan_override`)."""
    value, g, _ = jur.secondary_payment(case, cov, on=case.claim.service_date, override=override)
    law = g.profile.code if g.basis == "state" and not g.profile.is_default else None
    return PaymentLaw(_BY_CHOICE.get(value), g.edition, law)


def state_secondary_method(case: Case, cov: Coverage, ruleset: RuleSet) -> Rule | None:
    """The secondary-payment rule of the state whose law governs ``cov`` on the service date, or None when its
    governing law has none of its own (the default profile, a self-funded or FEHB plan).

    ``ruleset`` is the case-level edition the engine decided under (an explicit override or the case's state's).
    """
    value, _, _ = jur.secondary_payment(case, cov, on=case.claim.service_date, override=_override(case, ruleset))
    return _BY_CHOICE.get(value)


_PIP_LIMITS = {
    PipMedical.LIMIT_500K: "michigan.pip_medical_limit_500k",
    PipMedical.LIMIT_250K: "michigan.pip_medical_limit_250k",
    PipMedical.EXCLUDED_250K: "michigan.pip_medical_limit_250k",
    PipMedical.LIMIT_50K_MEDICAID: "michigan.pip_medical_limit_50k",
}


def injury_limit(case: Case, cov: Coverage) -> Decimal | None:
    """What is left of an injury payer's limit for the accident: the case's ``limit`` if given; else, for a Michigan
    PIP policy issued or renewed after 2020-07-01, the PIP medical level chosen (MCL 500.3107c(1)), taken as not yet
    used by earlier claims of the accident; else no limit."""
    terms = cov.injury_terms
    if terms is None:
        return None
    if terms.limit is not None:
        return terms.limit
    name = _PIP_LIMITS.get(terms.pip_medical) if terms.pip_medical is not None else None
    if name is None or cov.kind is not CoverageKind.AUTO_PIP:
        return None
    if jur.auto_entry(case, cov, "pip_reform_2019", case.claim.service_date) is None:
        return None
    return param(name, terms.policy_issued or case.claim.service_date)


def governing_law(case: Case, cov: Coverage, ruleset: RuleSet) -> str | None:
    """The state whose law governs how ``cov`` pays, when a state profile does: an insured plan's governing state
    (not a self-funded or FEHB plan's), a no-fault policy's state; None for the default profile and other payers.
    The payment rules cite that state's own code on that state's clause only."""
    if cov.kind in COMMERCIAL_KINDS:
        g = jur.govern(case, cov, on=case.claim.service_date, override=_override(case, ruleset))
        return g.profile.code if g.basis == "state" and not g.profile.is_default else None
    if cov.kind in (CoverageKind.AUTO_PIP, CoverageKind.AUTO_MEDPAY, CoverageKind.WORKERS_COMP):
        prof = jur.auto_profile(case, cov)
        return None if prof.is_default else prof.code
    return None


def plan_edition(case: Case, cov: Coverage, ruleset: RuleSet) -> RuleSet:
    """The edition ``cov`` applies (its own, the override, or its governing law's), for its default method."""
    return jur.govern(case, cov, on=case.claim.service_date, override=_override(case, ruleset)).edition
