"""Money invariants of the payment engine, on arbitrary cases with claim lines (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings

from cobsim import solve
from cobsim.model.case import Case
from tests.strategies import arbitrary_cases

ZERO = Decimal("0.00")
CAPPED_BY_NORMAL = {
    "pay.standard_cob",
    "pay.non_duplication",
    "pay.carve_out",
    "pay.carve_out_remainder",
    "pay.medicare_secondary",
    "pay.medicare_secondary_institutional",
    "pay.medicaid_lesser_of",
    "pay.tricare_secondary",
    "pay.share_equally",
    "pay.primary",
    "pay.medicare_primary",
}
COORDINATING = {
    "pay.primary",
    "pay.standard_cob",
    "pay.non_duplication",
    "pay.carve_out",
    "pay.carve_out_remainder",
    "pay.share_equally",
}


def payments_of(case: Case):  # type: ignore[no-untyped-def]
    det = solve(case)
    assume(det.payments is not None and det.payments.complete)
    assert det.payments is not None
    return det, det.payments


@given(arbitrary_cases(payments=True))
def test_payments_patient_and_write_off_add_up_to_billed(case: Case) -> None:
    _, p = payments_of(case)
    for b in p.lines:
        assert sum(b.paid.values(), ZERO) + b.patient + b.write_off == b.billed
        assert b.patient >= ZERO
        assert b.write_off >= ZERO
    assert sum(p.paid.values(), ZERO) + p.patient + p.write_off == p.billed


@given(arbitrary_cases(payments=True))
def test_every_eob_line_balances_and_no_payment_is_negative(case: Case) -> None:
    _, p = payments_of(case)
    for eob in p.eobs:
        for pl in eob.lines:
            assert pl.paid >= ZERO
            assert all(a.amount > ZERO for a in pl.adjustments)
            assert pl.paid + sum((a.amount for a in pl.adjustments), ZERO) == pl.billed


@given(arbitrary_cases(payments=True))
def test_no_payer_pays_more_than_it_would_as_primary(case: Case) -> None:
    _, p = payments_of(case)
    for eob in p.eobs:
        if eob.method in CAPPED_BY_NORMAL:
            for pl in eob.lines:
                assert pl.paid <= pl.normal_benefit, (eob.coverage, eob.method, pl)


@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(arbitrary_cases(payments=True))
def test_total_paid_never_exceeds_the_allowable_expense(case: Case) -> None:
    """Where every payer coordinates by the commercial methods, the payers together pay no more than the highest
    allowable expense any of them used (or the highest allowed amount)."""
    _, p = payments_of(case)
    assume(p.eobs and all(e.method in COORDINATING for e in p.eobs))
    for i, b in enumerate(p.lines):
        bound = max(max(pl.allowable_expense or ZERO, pl.allowed or ZERO) for e in p.eobs for pl in [e.lines[i]])
        assert sum(b.paid.values(), ZERO) <= bound


@given(arbitrary_cases(payments=True))
def test_each_later_payer_never_raises_what_the_patient_owes(case: Case) -> None:
    _, p = payments_of(case)
    for i in range(len(p.lines)):
        owed = [e.lines[i].patient_after for e in p.eobs]
        assert owed == sorted(owed, reverse=True)


@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(arbitrary_cases(payments=True))
def test_adding_the_last_payer_never_raises_the_patient_balance(case: Case) -> None:
    det, p = payments_of(case)
    assume(len(det.order) >= 2 and len(det.positions[-1].shares_with) == 0)
    last = det.order[-1]
    without = case.model_copy(update={"coverages": tuple(c for c in case.coverages if c.id != last)})
    smaller = solve(without)
    assume(smaller.order == det.order[:-1] and smaller.payments is not None and smaller.payments.complete)
    assert smaller.payments is not None
    assert p.patient <= smaller.payments.patient


@given(arbitrary_cases(payments=True))
def test_payment_models_are_valid(case: Case) -> None:
    from cobsim.trace import Determination

    det = solve(case)
    assert Determination.model_validate(det.model_dump()) == det
