"""Money invariants of the payment engine, on arbitrary cases with claim lines (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cobsim import solve
from cobsim.io import parse_case
from cobsim.model.case import Case
from cobsim.model.codes import ClaimSetting
from cobsim.model.money import money
from cobsim.rules.payment_methods import MEDIGAP_PLANS
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
    "pay.as_if_medicare_part_b",
    "pay.capitation",
    "pay.capitation_secondary",
    "pay.tricare_active_duty",
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


# ----------------------------------------------------------------------- focused strategies (issue 10 defects)


def _money(draw: st.DrawFn, low: int, high: int) -> str:
    return f"{draw(st.decimals(low, high, places=2, allow_nan=False, allow_infinity=False)):.2f}"


def _lines(draw: st.DrawFn, ids: list[str]) -> list[dict[str, Any]]:
    lines = []
    for i in range(draw(st.integers(1, 3))):
        billed = draw(st.integers(20, 5000))
        allowed = {cid: _money(draw, 5, billed) for cid in ids}
        covered = {cid: False for cid in ids if draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans())}
        code = draw(st.sampled_from(["G0001", "99213", "99214", "36415"]))
        lines.append({"id": str(i + 1), "code": code, "billed": f"{billed}.00", "allowed": allowed, "covered": covered})
    return lines


def _plan_benefits(draw: st.DrawFn) -> dict[str, Any]:
    deductible = draw(st.sampled_from(["0.00", "250.00", "1000.00"]))
    network = draw(st.sampled_from(["in", "in", "out"]))
    benefits: dict[str, Any] = {
        "network": network,
        "pricing": "negotiated" if network == "in" else "ucr",
        "deductible": deductible,
        "deductible_met": draw(st.sampled_from(["0.00", deductible])),
        "coinsurance": draw(st.sampled_from(["0", "0.1", "0.2", "0.3", "0.5"])),
        "copay": draw(st.sampled_from(["0.00", "25.00"])),
    }
    if draw(st.booleans()):
        benefits["oop_max"] = "1500.00"
        benefits["oop_met"] = draw(st.sampled_from(["0.00", "1400.00"]))
    return benefits


def _case(draw: st.DrawFn, people: list[dict[str, Any]], coverages: list[dict[str, Any]], **claim: Any) -> Case:
    ids = [c["id"] for c in coverages if c["kind"] not in ("medigap",)]
    return parse_case(
        {
            "id": "prop",
            "people": people,
            "relationships": [{"kind": "spouse", "a": people[0]["id"], "b": people[1]["id"]}]
            if len(people) > 1
            else [],
            "employers": [{"id": "big", "employees": 500}, {"id": "other", "employees": 300}],
            "coverages": coverages,
            "claim": {"patient": people[0]["id"], "service_date": "2025-06-02", "lines": _lines(draw, ids), **claim},
        }
    )


@st.composite
def active_duty_cases(draw: st.DrawFn) -> Case:
    """A service member on active duty with TRICARE, and perhaps a civilian plan that does not take part."""
    coverages: list[dict[str, Any]] = [
        {
            "id": "tri",
            "kind": "tricare",
            "member": "m",
            "subscriber": "m",
            "relationship": "self",
            "start": "2015-01-01",
            "active_duty": True,
            "benefits": {"participating": draw(st.booleans())},
        }
    ]
    if draw(st.booleans()):
        coverages.append(
            {
                "id": "job",
                "kind": "group",
                "member": "m",
                "subscriber": "m",
                "relationship": "self",
                "start": "2015-01-01",
                "employer": "big",
                "benefits": _plan_benefits(draw),
            }
        )
    return _case(draw, [{"id": "m", "birth_date": "1995-05-05", "sex": "M"}], coverages)


@st.composite
def non_duplication_cases(draw: st.DrawFn) -> Case:
    """A worker's own plan, then the spouse's plan paying by non-duplication or carve-out."""
    secondary = {
        **_plan_benefits(draw),
        "method": draw(st.sampled_from(sorted(m.split(".")[1] for m in NON_DUPLICATING))),
    }
    coverages = [
        {
            "id": "own",
            "kind": "group",
            "member": "w",
            "subscriber": "w",
            "relationship": "self",
            "start": "2015-01-01",
            "employer": "big",
            "benefits": _plan_benefits(draw),
        },
        {
            "id": "sp",
            "kind": "group",
            "member": "w",
            "subscriber": "s",
            "relationship": "spouse",
            "start": "2016-01-01",
            "employer": "other",
            "benefits": secondary,
        },
    ]
    people = [{"id": "w", "birth_date": "1980-01-01", "sex": "F"}, {"id": "s", "birth_date": "1979-01-01", "sex": "M"}]
    return _case(draw, people, coverages)


@st.composite
def medigap_cases(draw: st.DrawFn) -> Case:
    """Medicare and a Medigap policy of any letter the person may hold, perhaps behind a working-aged plan."""
    before_macra = draw(st.booleans())
    letters = sorted(MEDIGAP_PLANS) if before_macra else sorted(k for k in MEDIGAP_PLANS if k not in ("C", "F", "F-HD"))
    letter = draw(st.sampled_from(letters))
    gap: dict[str, Any] = {"medigap_plan": letter}
    if letter.endswith("-HD"):
        gap["deductible_met"] = draw(st.sampled_from(["0.00", "2800.00", "2870.00"]))
    if letter in ("K", "L"):
        gap["oop_met"] = draw(st.sampled_from(["0.00", "3600.00", "7210.00"]))
    coverages: list[dict[str, Any]] = [
        {
            "id": "mc",
            "kind": "medicare",
            "member": "p",
            "subscriber": "p",
            "relationship": "self",
            "start": "2021-01-01",
            "benefits": {"deductible_met": draw(st.sampled_from(["0.00", "100.00", "257.00"]))},
        },
        {
            "id": "gap",
            "kind": "medigap",
            "member": "p",
            "subscriber": "p",
            "relationship": "self",
            "start": "2021-01-01",
            "benefits": gap,
        },
    ]
    if draw(st.booleans()):
        coverages.append(
            {
                "id": "job",
                "kind": "group",
                "member": "p",
                "subscriber": "p",
                "relationship": "self",
                "start": "2010-01-01",
                "employer": "big",
                "benefits": _plan_benefits(draw),
            }
        )
    birth = "1950-03-03" if before_macra else "1958-03-03"
    setting = draw(st.sampled_from(["professional", "outpatient", "inpatient"]))
    return _case(
        draw, [{"id": "p", "birth_date": birth, "sex": "F"}], coverages, setting=setting, emergency=draw(st.booleans())
    )


NON_DUPLICATING = {"pay.non_duplication", "pay.carve_out", "pay.carve_out_remainder"}


@given(active_duty_cases())
def test_an_active_duty_member_owes_nothing_on_covered_lines(case: Case) -> None:
    """10 U.S.C. 1075a(a)(1): no cost sharing for a member on active duty; the provider is paid TRICARE's allowed
    amount and may not bill the member for covered care."""
    det, p = payments_of(case)
    assert det.order == ("tri",)
    for line, balance in zip(case.claim.lines, p.lines, strict=True):
        if line.covered.get("tri", True):
            assert balance.patient == ZERO, (line.id, balance)
            assert balance.paid["tri"] == min(line.allowed["tri"], line.billed)


@given(non_duplication_cases())
def test_a_non_duplication_secondary_never_pays_more_than_the_patient_still_owes(case: Case) -> None:
    """Non-duplication and carve-out pay N - P, never more than the patient's remaining responsibility after the
    earlier payers (issue 10: a secondary paid $578.80 where the patient owed $305.40)."""
    _, p = payments_of(case)
    primary, secondary = p.eobs
    assert secondary.method in NON_DUPLICATING
    for before, line in zip(primary.lines, secondary.lines, strict=True):
        assert line.paid <= before.patient_after, line


@given(medigap_cases())
def test_medigap_pays_the_medicare_deductible_by_its_plan_letter(case: Case) -> None:
    """A plan letter that does not pay the deductible Medicare applied (the Part B deductible for all but C and F;
    the Part A deductible for plan A; half of it for K and M, a quarter for L) leaves the patient at least that
    share; plans that pay it in full (and are not high-deductible) pay at least the deductible left."""
    _, p = payments_of(case)
    assume(p.eobs[-1].method == "pay.medigap")
    letter = case.coverage("gap").benefits.medigap_plan  # type: ignore[union-attr]
    plan = MEDIGAP_PLANS[letter]  # type: ignore[index]
    part_a = case.claim.setting is ClaimSetting.INPATIENT
    share = plan.part_a_deductible if part_a else plan.part_b_deductible
    medicare = next(e for e in p.eobs if e.coverage == "mc")
    for i, line in enumerate(p.eobs[-1].lines):
        before = p.eobs[-2].lines[i].patient_after
        deductible_left = min(medicare.lines[i].deductible, before)
        kept = deductible_left - money(deductible_left * share)
        if share < 1 and plan.oop_limit is None:
            assert line.patient_after >= kept, (letter, line)
        if share == 1 and not plan.high_deductible:
            assert line.paid >= deductible_left, (letter, line)
