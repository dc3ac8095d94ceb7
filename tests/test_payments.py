"""Payment formulas against the published numbers of the domain reference, each test naming its source.

P1-P7: 42 CFR 411.33(b) and the Noridian/First Coast MSP examples (government payers §5.1); A1-A4: 411.33(e)
(§5.2, constructed); M1-M6: Medicaid lesser-of (§2.3); T1-T7: TRICARE (§3.2); RC-1/RC-2: the reference claims of
order-of-benefits §4 under every method; seed 004's knee arthroscopy; NJ 11:4-28.7(e) illustrations (§4.9);
equal shares (§4.8); the benefit reserve (§4.3). Issue 10's payment defects: Medigap plan letters and MACRA
(42 U.S.C. 1395ss(z)), active-duty TRICARE, paying as if Part B had paid, capitation, the allowable expense's
sentences (the cases themselves are in tests/cases/pay_defects_*.yaml).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, get_args

import pytest
import yaml

from cobsim import solve
from cobsim.errors import InvalidCase
from cobsim.io import parse_case
from cobsim.model.coverage import PART_B_DEDUCTIBLE_PLANS, MedigapPlan
from cobsim.rules import payment_methods as pm
from cobsim.trace import Determination, Payments
from tests.conftest import CASES

D = Decimal


def person(pid: str, birth: str, sex: str = "F", **extra: Any) -> dict[str, Any]:
    return {"id": pid, "name": pid.title(), "birth_date": birth, "sex": sex, **extra}


def cov(cid: str, kind: str, member: str, subscriber: str, rel: str, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": cid,
        "kind": kind,
        "member": member,
        "subscriber": subscriber,
        "relationship": rel,
        "start": extra.pop("start", "2015-01-01"),
    }
    if kind == "group":
        out["employer"] = extra.pop("employer", "big")
    out.update(extra)
    return out


def build(
    coverages: list[dict[str, Any]],
    lines: list[dict[str, Any]],
    *,
    patient: dict[str, Any] | None = None,
    setting: str = "professional",
    ruleset: str = "naic-2005",
    service: str = "2025-06-02",
) -> dict[str, Any]:
    pat = patient or person("pat", "1980-01-01")
    return {
        "id": "pay",
        "ruleset": ruleset,
        "people": [pat, person("sp", "1979-05-05", "M")],
        "relationships": [{"kind": "spouse", "a": pat["id"], "b": "sp"}],
        "employers": [{"id": "big", "employees": 500}, {"id": "small", "employees": 5}],
        "coverages": coverages,
        "claim": {"patient": pat["id"], "service_date": service, "setting": setting, "lines": lines},
    }


def line(billed: str, allowed: dict[str, str], lid: str = "1", **extra: Any) -> dict[str, Any]:
    return {"id": lid, "code": "G0001", "billed": billed, "allowed": allowed, **extra}


def pay(raw: dict[str, Any]) -> tuple[Determination, Payments]:
    det = solve(parse_case(raw))
    assert det.payments is not None
    assert det.payments.complete, det.payments.reasons
    return det, det.payments


def check_balances(p: Payments) -> None:
    for b in p.lines:
        assert sum(b.paid.values(), D(0)) + b.patient + b.write_off == b.billed
    for eob in p.eobs:
        for pl in eob.lines:
            assert pl.paid + sum((a.amount for a in pl.adjustments), D(0)) == pl.billed, eob.coverage


# ------------------------------------------------------------------------------- Medicare secondary, 411.33(a)

AGED = person("pat", "1955-03-10")


def msp_case(*, billed: str, ma: str, pa: str, coins: str, contracted: bool, ded_met: str = "257.00") -> dict[str, Any]:
    primary_benefits = {
        "coinsurance": coins,
        "network": "in" if contracted else "out",
        "pricing": "negotiated" if contracted else "ucr",
    }
    return build(
        [
            cov("ghp", "group", "pat", "pat", "self", benefits=primary_benefits),
            cov("mc", "medicare", "pat", "pat", "self", start="2020-03-01", benefits={"deductible_met": ded_met}),
        ],
        [line(billed, {"ghp": pa, "mc": ma})],
        patient=AGED,
    )


@pytest.mark.parametrize(
    ("name", "billed", "ma", "pa", "coins", "contracted", "ded_met", "medicare_pays", "patient"),
    [
        # name, B, MA, PA, primary coinsurance, OTAF?, Part B deductible met, expected Medicare, expected patient
        ("P1 42 CFR 411.33(b)", "175.00", "125.00", "150.00", "0.20", False, "257.00", "30.00", "0.00"),
        ("P2 Noridian JD DME ex.1", "500.00", "375.00", "500.00", "0.20", False, "257.00", "100.00", "0.00"),
        ("P3 Noridian JD DME ex.2", "300.00", "250.00", "200.00", "0.20", False, "257.00", "90.00", "0.00"),
        ("P4 Noridian MSP and deductible", "150.00", "120.00", "150.00", "0.20", False, "157.00", "16.00", "14.00"),
        ("P5 P3 with OTAF $200", "300.00", "250.00", "200.00", "0.20", True, "257.00", "40.00", "0.00"),
        (
            "P6 primary paid OTAF in full, 411.32(b)",
            "175.00",
            "125.00",
            "150.00",
            "0.00",
            True,
            "257.00",
            "0.00",
            "0.00",
        ),
    ],
)
def test_medicare_secondary_published_examples(
    name: str,
    billed: str,
    ma: str,
    pa: str,
    coins: str,
    contracted: bool,
    ded_met: str,
    medicare_pays: str,
    patient: str,
) -> None:
    det, p = pay(msp_case(billed=billed, ma=ma, pa=pa, coins=coins, contracted=contracted, ded_met=ded_met))
    assert det.order == ("ghp", "mc"), name
    assert p.paid["mc"] == D(medicare_pays), name
    assert p.patient == D(patient), name
    assert p.eobs[1].method == "pay.medicare_secondary"
    check_balances(p)


def test_p7_primary_paid_nothing_medicare_pays_as_primary() -> None:
    """P7: the primary applied the whole claim to its deductible; Medicare pays what it would as primary ($100)."""
    raw = msp_case(billed="175.00", ma="125.00", pa="150.00", coins="0.20", contracted=True)
    raw["coverages"][0]["benefits"]["deductible"] = "1000.00"
    _, p = pay(raw)
    assert p.paid["ghp"] == D("0.00")
    assert p.paid["mc"] == D("100.00")


@pytest.mark.parametrize(
    ("name", "gross", "charges", "primary_allowed", "contracted", "primary_pays", "medicare_pays"),
    [
        ("A1", "10000.00", "25000.00", "9000.00", True, "8000.00", "1000.00"),
        ("A2", "10000.00", "12000.00", "3000.00", False, "3000.00", "7000.00"),
        ("A3", "10000.00", "30000.00", "12000.00", True, "11000.00", "0.00"),
    ],
)
def test_medicare_secondary_institutional_411_33_e(
    name: str, gross: str, charges: str, primary_allowed: str, contracted: bool, primary_pays: str, medicare_pays: str
) -> None:
    """Government payers §5.2 (2025 Part A deductible $1,676): the lowest of four amounts."""
    deductible = str(D(primary_allowed) - D(primary_pays))
    raw = build(
        [
            cov(
                "ghp",
                "group",
                "pat",
                "pat",
                "self",
                benefits={
                    "deductible": deductible,
                    "network": "in" if contracted else "out",
                    "pricing": "negotiated" if contracted else "ucr",
                },
            ),
            cov("mc", "medicare", "pat", "pat", "self", start="2020-03-01"),
        ],
        [line(charges, {"ghp": primary_allowed, "mc": gross})],
        patient=AGED,
        setting="inpatient",
    )
    _, p = pay(raw)
    assert p.paid["ghp"] == D(primary_pays), name
    assert p.paid["mc"] == D(medicare_pays), name
    assert p.eobs[1].method == "pay.medicare_secondary_institutional"
    check_balances(p)


def test_a4_primary_denied_medicare_pays_as_primary() -> None:
    """A4: with no primary payment Medicare pays gross less the Part A deductible: $6,000 - $1,676 = $4,324."""
    raw = build(
        [cov("mc", "medicare", "pat", "pat", "self", start="2020-03-01")],
        [line("9000.00", {"mc": "6000.00"})],
        patient=AGED,
        setting="inpatient",
    )
    _, p = pay(raw)
    assert p.paid["mc"] == D("4324.00")
    assert p.patient == D("1676.00")


# ------------------------------------------------------------------------------------------- Medicaid §2.3


def dual(medicaid_rate: str, *, medicare_allowed: str = "100.00", ded_met: str = "257.00") -> dict[str, Any]:
    return build(
        [
            cov("mc", "medicare", "pat", "pat", "self", start="2020-03-01", benefits={"deductible_met": ded_met}),
            cov("mcd", "medicaid", "pat", "pat", "self"),
        ],
        [line("250.00", {"mc": medicare_allowed, "mcd": medicaid_rate})],
        patient=AGED,
    )


@pytest.mark.parametrize(
    ("name", "rate", "medicare_allowed", "ded_met", "medicare_pays", "medicaid_pays"),
    [
        ("M1", "90.00", "100.00", "257.00", "80.00", "10.00"),
        ("M2", "75.00", "100.00", "257.00", "80.00", "0.00"),
        ("M3", "150.00", "200.00", "0.00", "0.00", "150.00"),
    ],
)
def test_medicaid_after_medicare_lesser_of(
    name: str, rate: str, medicare_allowed: str, ded_met: str, medicare_pays: str, medicaid_pays: str
) -> None:
    _, p = pay(dual(rate, medicare_allowed=medicare_allowed, ded_met=ded_met))
    assert p.paid["mc"] == D(medicare_pays), name
    assert p.paid["mcd"] == D(medicaid_pays), name
    assert p.patient == D("0.00"), f"{name}: Medicaid's payment is payment in full (1396a(n)(3))"
    check_balances(p)


@pytest.mark.parametrize(
    ("name", "rate", "medicaid_pays"), [("M4", "100.00", "0.00"), ("M5", "140.00", "20.00"), ("M6", "200.00", "30.00")]
)
def test_medicaid_after_commercial(name: str, rate: str, medicaid_pays: str) -> None:
    """M4-M6: billed $200, commercial allowed $150 paid $120 (cost share $30)."""
    raw = build(
        [
            cov("ghp", "group", "pat", "pat", "self", benefits={"coinsurance": "0.20"}),
            cov("mcd", "medicaid", "pat", "pat", "self"),
        ],
        [line("200.00", {"ghp": "150.00", "mcd": rate})],
    )
    _, p = pay(raw)
    assert p.paid["ghp"] == D("120.00")
    assert p.paid["mcd"] == D(medicaid_pays), name
    assert p.patient == D("0.00")
    check_balances(p)


# -------------------------------------------------------------------------------------------- TRICARE §3.2


def tricare_case(
    *,
    billed: str,
    ohi_allowed: str,
    ohi_benefits: dict[str, Any],
    tricare_allowed: str,
    tricare_benefits: dict[str, Any],
) -> dict[str, Any]:
    return build(
        [
            cov("ohi", "group", "pat", "pat", "self", benefits=ohi_benefits),
            cov("tri", "tricare", "pat", "pat", "self", benefits=tricare_benefits),
        ],
        [line(billed, {"ohi": ohi_allowed, "tri": tricare_allowed})],
    )


def test_t1_participating_pays_beneficiary_liability() -> None:
    raw = tricare_case(
        billed="200.00",
        ohi_allowed="150.00",
        ohi_benefits={"coinsurance": "0.20"},
        tricare_allowed="125.00",
        tricare_benefits={"coinsurance": "0.20"},
    )
    _, p = pay(raw)
    assert (p.paid["ohi"], p.paid["tri"], p.patient) == (D("120.00"), D("30.00"), D("0.00"))
    check_balances(p)


def test_t2_tricare_pays_no_more_than_alone() -> None:
    raw = tricare_case(
        billed="200.00",
        ohi_allowed="200.00",
        ohi_benefits={"copay": "20.00"},
        tricare_allowed="150.00",
        tricare_benefits={"deductible": "150.00", "deductible_met": "10.00"},
    )
    _, p = pay(raw)
    assert (p.paid["ohi"], p.paid["tri"]) == (D("180.00"), D("10.00"))


def test_t3_nonparticipating_ohi_paid_over_115_percent() -> None:
    raw = tricare_case(
        billed="200.00",
        ohi_allowed="150.00",
        ohi_benefits={"coinsurance": "0.20", "network": "out", "pricing": "ucr"},
        tricare_allowed="100.00",
        tricare_benefits={"participating": False, "coinsurance": "0.20"},
    )
    _, p = pay(raw)
    assert p.paid["ohi"] == D("120.00")
    assert p.paid["tri"] == D("0.00")
    assert p.patient == D("0.00"), "paid in full: the provider may not bill the beneficiary"


def test_t4_nonparticipating_115_percent_cap() -> None:
    raw = tricare_case(
        billed="115.00",
        ohi_allowed="100.00",
        ohi_benefits={"coinsurance": "0.30", "network": "out", "pricing": "ucr"},
        tricare_allowed="100.00",
        tricare_benefits={"participating": False, "coinsurance": "0.20"},
    )
    _, p = pay(raw)
    assert (p.paid["ohi"], p.paid["tri"], p.patient) == (D("70.00"), D("45.00"), D("0.00"))


def test_t5_tricare_for_life_pays_medicare_coinsurance() -> None:
    raw = build(
        [
            cov("mc", "medicare", "pat", "pat", "self", start="2020-03-01", benefits={"deductible_met": "257.00"}),
            cov("tfl", "tricare_for_life", "pat", "pat", "self", benefits={"coinsurance": "0.25"}),
        ],
        [line("100.00", {"mc": "100.00", "tfl": "100.00"})],
        patient=AGED,
    )
    _, p = pay(raw)
    assert (p.paid["mc"], p.paid["tfl"], p.patient) == (D("80.00"), D("20.00"), D("0.00"))


def test_t7_tfl_first_when_medicare_does_not_cover() -> None:
    """Overseas: Medicare covers nothing, TFL pays as primary: 75% of $300 = $225, the beneficiary $75."""
    raw = build(
        [
            cov("mc", "medicare", "pat", "pat", "self", start="2020-03-01"),
            cov("tfl", "tricare_for_life", "pat", "pat", "self", benefits={"coinsurance": "0.25"}),
        ],
        [line("300.00", {"mc": "0.00", "tfl": "300.00"}, covered={"mc": False})],
        patient=AGED,
    )
    _, p = pay(raw)
    assert (p.paid["mc"], p.paid["tfl"], p.patient) == (D("0.00"), D("225.00"), D("75.00"))


# ------------------------------------------------------------------------------- commercial methods, RC-1/2


def rc(primary_coins: str, method: str | None = None, **secondary: Any) -> dict[str, Any]:
    sec: dict[str, Any] = {"deductible": "100.00", "coinsurance": "0.10", **secondary}
    if method:
        sec["method"] = method
    return build(
        [
            cov("p", "group", "pat", "pat", "self", benefits={"coinsurance": primary_coins}),
            cov("s", "group", "pat", "sp", "spouse", benefits=sec),
        ],
        [line("1000.00", {"p": "800.00", "s": "800.00"})],
    )


RC1, RC2 = "0.20", "0.50"


@pytest.mark.parametrize(
    ("name", "primary_coins", "method", "primary_pays", "secondary_pays", "patient"),
    [
        ("RC-1 standard", RC1, None, "640.00", "160.00", "0.00"),
        ("RC-2 standard", RC2, None, "400.00", "400.00", "0.00"),
        ("RC-1 non-duplication", RC1, "non_duplication", "640.00", "0.00", "160.00"),
        ("RC-2 non-duplication", RC2, "non_duplication", "400.00", "230.00", "170.00"),
        ("RC-1 carve-out", RC1, "carve_out", "640.00", "0.00", "160.00"),
        ("RC-2 carve-out", RC2, "carve_out", "400.00", "230.00", "170.00"),
        (
            "RC-2 carve-out remainder (deductible on the remainder)",
            RC2,
            "carve_out_remainder",
            "400.00",
            "270.00",
            "130.00",
        ),
        ("RC-1 benefit reserve", RC1, "benefit_reserve", "640.00", "160.00", "0.00"),
    ],
)
def test_reference_claims_under_each_method(
    name: str, primary_coins: str, method: str | None, primary_pays: str, secondary_pays: str, patient: str
) -> None:
    """Order of benefits §4.2-4.5: B = 1,000; both plans in network at 800; secondary deductible 100, 90%."""
    _, p = pay(rc(primary_coins, method))
    assert p.paid["p"] == D(primary_pays), name
    assert p.paid["s"] == D(secondary_pays), name
    assert p.patient == D(patient), name
    assert p.write_off == D("200.00"), f"{name}: the contractual adjustment"
    check_balances(p)


def test_standard_cob_credits_the_secondary_deductible() -> None:
    """MDL-120 §7A: RC-1's secondary pays $160 but credits $100 to its deductible."""
    _, p = pay(rc(RC1))
    assert p.eobs[1].deductible_credited == D("100.00")
    assert [(a.group, a.reason) for a in p.eobs[1].lines[0].adjustments] == [("OA", "23"), ("CO", "45")]


def test_benefit_reserve_pays_a_later_claim_the_secondary_does_not_cover() -> None:
    """§4.3: after RC-1 the reserve is $470; a second claim of $300 the secondary does not cover, primary pays
    $150: the reserve pays $150 and falls to $320. Standard 2005 COB pays nothing."""
    _, first = pay(rc(RC1, "benefit_reserve"))
    assert first.eobs[1].reserve_after == D("470.00")

    def second(method: str) -> Payments:
        raw = build(
            [
                cov("p", "group", "pat", "pat", "self", benefits={"coinsurance": "0.50"}),
                cov(
                    "s",
                    "group",
                    "pat",
                    "sp",
                    "spouse",
                    benefits={"coinsurance": "0.10", "method": method, "reserve": "470.00"},
                ),
            ],
            [line("300.00", {"p": "300.00"}, covered={"s": False})],
        )
        return pay(raw)[1]

    reserve = second("benefit_reserve")
    assert reserve.paid == {"p": D("150.00"), "s": D("150.00")}
    assert reserve.eobs[1].reserve_after == D("320.00")
    assert second("standard").paid["s"] == D("0.00")


def test_pre_2005_ruleset_defaults_to_the_benefit_reserve() -> None:
    raw = rc(RC1)
    raw["ruleset"] = "pre-2005"
    _, p = pay(raw)
    assert p.eobs[1].method == "pay.benefit_reserve"


def test_seed_004_knee_arthroscopy() -> None:
    """Seed 004: primary allows $2,500, $500 to the deductible, 20% coinsurance ($400): it pays $1,600 and the
    $900 goes to the out-of-network secondary, which covers it in full when its normal benefit allows."""
    raw = build(
        [
            cov("p", "group", "pat", "pat", "self", benefits={"deductible": "500.00", "coinsurance": "0.20"}),
            cov(
                "s",
                "group",
                "pat",
                "sp",
                "spouse",
                benefits={"network": "out", "pricing": "ucr", "coinsurance": "0.30"},
            ),
        ],
        [line("4000.00", {"p": "2500.00", "s": "3200.00"})],
    )
    _, p = pay(raw)
    assert p.paid == {"p": D("1600.00"), "s": D("900.00")}
    assert p.eobs[0].patient_after == D("900.00")
    assert p.patient == D("0.00")
    # with its own deductible and coinsurance left the secondary's normal benefit is less, and the patient pays the rest
    raw["coverages"][1]["benefits"].update(deductible="2500.00")
    raw["claim"]["lines"][0]["allowed"]["s"] = "2800.00"
    _, p = pay(raw)
    assert p.paid["s"] == D("210.00")  # (2,800 - 2,500) x 70%
    assert p.patient == D("690.00")


def test_nj_e1_primary_contract_cap() -> None:
    """§4.9 (e)1: A_P 100, P 80; A_S 90, N_S 72 -> S = 20, total 100 = A_P, patient 0."""
    raw = build(
        [
            cov("p", "group", "pat", "pat", "self", benefits={"coinsurance": "0.20"}),
            cov(
                "s",
                "group",
                "pat",
                "sp",
                "spouse",
                benefits={"coinsurance": "0.20", "allowable_expense": "primary_contract_cap"},
            ),
        ],
        [line("150.00", {"p": "100.00", "s": "90.00"})],
    )
    _, p = pay(raw)
    assert (p.paid["p"], p.paid["s"], p.patient) == (D("80.00"), D("20.00"), D("0.00"))


def test_nj_e2_primary_ucr_secondary_up_to_billed() -> None:
    """§4.9 (e)2: B 1,000; primary UCR 800 at 80% pays 640; secondary fee 700 at 80% (N 560) pays min(360, 560)."""
    raw = build(
        [
            cov(
                "p", "group", "pat", "pat", "self", benefits={"coinsurance": "0.20", "network": "out", "pricing": "ucr"}
            ),
            cov("s", "group", "pat", "sp", "spouse", benefits={"coinsurance": "0.20", "allowable_expense": "billed"}),
        ],
        [line("1000.00", {"p": "800.00", "s": "700.00"})],
    )
    _, p = pay(raw)
    assert (p.paid["p"], p.paid["s"], p.patient) == (D("640.00"), D("360.00"), D("0.00"))


def test_share_equally_each_capped_at_its_normal_benefit() -> None:
    """§4.8: AE 1,000; plan A N = 800, plan B N = 400 -> A 500, B 400, patient 100 (no re-allocation)."""
    raw = build(
        [
            cov("a", "group", "pat", "pat", "self", benefits={"coinsurance": "0.20"}),
            cov("b", "group", "pat", "pat", "self", employer="small", benefits={"coinsurance": "0.60"}),
        ],
        [line("1200.00", {"a": "1000.00", "b": "1000.00"})],
    )
    det, p = pay(raw)
    assert det.status.value == "shared"
    assert (p.paid["a"], p.paid["b"], p.patient) == (D("500.00"), D("400.00"), D("100.00"))
    assert {e.method for e in p.eobs} == {"pay.share_equally"}


def test_medigap_pays_the_part_b_deductible_by_plan_letter() -> None:
    """42 U.S.C. 1395ss(p), (w); MDL-651 §8.1: plan G pays the coinsurance but not the Part B deductible, plan F
    both (a patient who attained 65 before 2020 may hold F, 1395ss(z))."""

    def case(letter: str, ded_met: str) -> Payments:
        raw = build(
            [
                cov("mc", "medicare", "pat", "pat", "self", start="2015-03-01", benefits={"deductible_met": ded_met}),
                cov("gap", "medigap", "pat", "pat", "self", benefits={"medigap_plan": letter}),
            ],
            [line("150.00", {"mc": "100.00"})],
            patient=BEFORE_2020,
        )
        return pay(raw)[1]

    met = case("G", "257.00")
    assert (met.paid["mc"], met.paid["gap"], met.patient) == (D("80.00"), D("20.00"), D("0.00"))
    plan_g = case("G", "0.00")
    assert (plan_g.paid["mc"], plan_g.paid["gap"], plan_g.patient) == (D("0.00"), D("0.00"), D("100.00"))
    plan_f = case("F", "0.00")
    assert (plan_f.paid["gap"], plan_f.patient) == (D("100.00"), D("0.00"))


BEFORE_2020 = person("pat", "1950-02-11")


def medigap_case(birth: str, benefits: dict[str, Any], **patient: Any) -> dict[str, Any]:
    return build(
        [
            cov("mc", "medicare", "pat", "pat", "self", start="2021-03-01"),
            cov("gap", "medigap", "pat", "pat", "self", start="2021-03-01", benefits=benefits),
        ],
        [line("150.00", {"mc": "100.00"})],
        patient=person("pat", birth, **patient),
    )


@pytest.mark.parametrize("benefits", [{"medigap_plan": "F"}, {"medigap_plan": "C"}, {"medigap_plan": "F-HD"}])
def test_macra_refuses_plans_c_and_f_for_someone_newly_eligible(benefits: dict[str, Any]) -> None:
    """42 U.S.C. 1395ss(z): born 2 January 1955, the person attains 65 on 1 January 2020 (42 CFR 411.170(c)) and is
    newly eligible: no policy paying the Part B deductible may be sold to them. Born a day earlier, they attained 65
    on 31 December 2019 and may hold plan F."""
    with pytest.raises(InvalidCase) as err:
        parse_case(medigap_case("1955-01-02", benefits))
    message = str(err.value)
    assert "coverage 'gap'" in message
    assert "1395ss(z)" in message
    assert "2020-01-01" in message
    assert parse_case(medigap_case("1955-01-01", benefits)).coverage("gap").benefits is not None


def test_macra_does_not_refuse_someone_entitled_by_disability_before_2020() -> None:
    """1395ss(z)(2)(B): entitled to Part A on the basis of disability before 2020 - not newly eligible."""
    raw = medigap_case("1960-05-05", {"medigap_plan": "F"}, medicare={"disability_entitlement_start": "2018-04-01"})
    assert parse_case(raw).coverage("gap").benefits is not None
    later = medigap_case("1960-05-05", {"medigap_plan": "F"}, medicare={"disability_entitlement_start": "2020-04-01"})
    with pytest.raises(InvalidCase):
        parse_case(later)


def test_macra_refuses_the_format_1_0_field_for_someone_newly_eligible() -> None:
    """pays_medicare_deductible: true means plan C or F by the field's own definition."""
    with pytest.raises(InvalidCase, match="pays_medicare_deductible: true"):
        parse_case(medigap_case("1958-02-11", {"pays_medicare_deductible": True}))
    assert parse_case(medigap_case("1958-02-11", {"pays_medicare_deductible": False}))


def test_plan_letter_and_the_superseded_field_must_agree() -> None:
    with pytest.raises(InvalidCase, match="superseded by medigap_plan"):
        parse_case(medigap_case("1950-02-11", {"medigap_plan": "G", "pays_medicare_deductible": True}))
    assert parse_case(medigap_case("1950-02-11", {"medigap_plan": "F", "pays_medicare_deductible": True}))


def test_a_plan_letter_belongs_to_medigap_only() -> None:
    raw = rc(RC1)
    raw["coverages"][0]["benefits"]["medigap_plan"] = "G"
    with pytest.raises(InvalidCase, match="medigap_plan belongs to a Medigap policy only"):
        parse_case(raw)


def test_medigap_without_its_plan_letter_is_named_not_guessed() -> None:
    det = solve(parse_case(medigap_case("1958-02-11", {})))
    assert det.payments is not None
    assert not det.payments.complete
    assert "coverage 'gap' is a Medigap policy without its plan letter" in det.payments.reasons[0]


def test_medigap_plan_table_matches_the_model() -> None:
    """Every letter the case format accepts has a benefit row, and the letters that pay the Part B deductible are
    exactly those MACRA closes."""
    assert set(pm.MEDIGAP_PLANS) == set(get_args(MedigapPlan))
    assert {k for k, v in pm.MEDIGAP_PLANS.items() if v.part_b_deductible > 0} == PART_B_DEDUCTIBLE_PLANS


def test_medigap_plan_n_keeps_one_emergency_room_copay_per_claim() -> None:
    """Plan N leaves up to $50 per emergency room visit (not two $50s for two lines of one visit)."""
    raw = build(
        [
            cov("mc", "medicare", "pat", "pat", "self", start="2021-03-01", benefits={"deductible_met": "257.00"}),
            cov("gap", "medigap", "pat", "pat", "self", start="2021-03-01", benefits={"medigap_plan": "N"}),
        ],
        [line("300.00", {"mc": "200.00"}, lid="1"), line("300.00", {"mc": "200.00"}, lid="2")],
        patient=person("pat", "1958-02-11"),
        setting="outpatient",
    )
    raw["claim"]["emergency"] = True
    _, p = pay(raw)
    assert p.paid["mc"] == D("320.00")
    assert p.paid["gap"] == D("30.00")  # $80 coinsurance less one $50 copay
    assert p.patient == D("50.00")


def test_active_duty_cost_sharing_is_refused_with_the_statute() -> None:
    raw = build(
        [cov("tri", "tricare", "pat", "pat", "self", active_duty=True, benefits={"deductible": "150.00"})],
        [line("250.00", {"tri": "180.00"})],
    )
    det = solve(parse_case(raw))
    assert det.payments is not None
    assert not det.payments.complete
    assert "10 U.S.C. 1075a(a)(1)" in det.payments.reasons[0]


def no_part_b(lines: list[dict[str, Any]]) -> dict[str, Any]:
    return build(
        [
            cov("ret", "group", "pat", "pat", "self", basis="retired", benefits={"coinsurance": "0.20"}),
            cov("mc", "medicare", "pat", "pat", "self", start="2018-01-01", medicare={"part_b": False}),
        ],
        lines,
        patient=BEFORE_2020,
    )


def test_paying_as_if_part_b_paid_needs_medicares_approved_amount() -> None:
    det = solve(parse_case(no_part_b([line("1000.00", {"ret": "800.00"})])))
    assert det.payments is not None
    assert not det.payments.complete
    assert "no Medicare approved amount for coverage 'mc'" in det.payments.reasons[0]


def test_paying_as_if_part_b_paid_applies_the_part_b_deductible_once_per_claim() -> None:
    """Two lines of $300 approved: Part B would pay 80% x ($300 - $257) = $34.40, then 80% x $300 = $240."""
    det, p = pay(no_part_b([line("500.00", {"ret": "400.00", "mc": "300.00"}, lid=i) for i in ("1", "2")]))
    first, second = p.eobs[0].lines
    assert (first.paid, second.paid) == (D("265.60"), D("60.00"))  # min(320, 300 - 34.40), min(320, 300 - 240)
    assert ("PR", "22", D("34.40")) in [(a.group, a.reason, a.amount) for a in first.adjustments]
    assert ("PR", "22", D("240.00")) in [(a.group, a.reason, a.amount) for a in second.adjustments]
    assert p.patient == D("800.00") - D("325.60")
    assert pm.AS_IF_PART_B in " ".join(det.choices)
    check_balances(p)


def test_allowable_expense_sentences_say_which_payer_was_first() -> None:
    """The sentence names the first payer's arrangement when Medicare paid second, and says Medicare paid first
    (a documented choice) only when it did."""
    second = AE_CASES["ae-medicare-second-uses-first-payers-arrangement-both-ucr"]
    det = solve(parse_case(second))
    text = " ".join(s.explanation for s in det.steps if s.rule == "pay.standard_cob")
    assert "Medicare" not in text.split("allowable expense =")[1]
    assert pm.MEDICARE_FIRST_AE not in det.choices
    first = solve(parse_case(AE_CASES["ae-medicare-first-keeps-medicare-approved-amount"]))
    text = " ".join(s.explanation for s in first.steps if s.rule == "pay.standard_cob")
    assert "Medicare paid first" in text
    assert "documented choice" in text
    assert any(pm.MEDICARE_FIRST_AE in c for c in first.choices)


def test_capitation_is_written_off_as_co_24() -> None:
    det = solve(parse_case(CAP_CASES["capitated-plan-alone-member-owes-copay"]))
    assert det.payments is not None
    adjustments = [(a.group, a.reason, a.amount) for a in det.payments.eobs[0].lines[0].adjustments]
    assert adjustments == [("PR", "3", D("20.00")), ("CO", "24", D("130.00")), ("CO", "45", D("100.00"))]


def _cases(name: str) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in yaml.safe_load((CASES / name).read_text(encoding="utf-8"))}


AE_CASES = _cases("pay_defects_allowable_expense.yaml")
CAP_CASES = _cases("pay_defects_capitation.yaml")


def test_multi_line_claim_applies_the_deductible_once() -> None:
    raw = build(
        [cov("p", "group", "pat", "pat", "self", benefits={"deductible": "150.00", "coinsurance": "0.20"})],
        [line("200.00", {"p": "100.00"}, lid="1"), line("300.00", {"p": "200.00"}, lid="2")],
    )
    _, p = pay(raw)
    first, second = p.eobs[0].lines
    assert (first.deductible, first.paid) == (D("100.00"), D("0.00"))
    assert (second.deductible, second.coinsurance, second.paid) == (D("50.00"), D("30.00"), D("120.00"))
    assert p.eobs[0].deductible_credited == D("150.00")


def test_missing_inputs_are_named_not_guessed() -> None:
    raw = rc(RC1)
    del raw["claim"]["lines"][0]["allowed"]["s"]
    del raw["coverages"][0]["benefits"]
    det = solve(parse_case(raw))
    assert det.payments is not None
    assert not det.payments.complete
    assert "coverage 'p' has no benefits" in " ".join(det.payments.reasons)
    assert "claim line '1' has no allowed amount for coverage 's'" in " ".join(det.payments.reasons)


def test_government_programs_cannot_choose_a_cob_method() -> None:
    raw = dual("90.00")
    raw["coverages"][1]["benefits"] = {"method": "standard"}
    det = solve(parse_case(raw))
    assert det.payments is not None
    assert not det.payments.complete
    assert "pays by its own law" in det.payments.reasons[0]


def test_medicare_tertiary_after_two_primaries() -> None:
    """Government payers §5.3: with two payers primary to Medicare, 411.33 uses their payments added together
    (PP) and the highest primary allowed amount. Two jobs with large employers at 70: A allowed $150 and paid
    $60; B allowed $100 and paid $10; Medicare $125 - lowest of $200-$70, $100, max($125, $150)-$70: $80."""
    raw = build(
        [
            cov(
                "a",
                "group",
                "pat",
                "pat",
                "self",
                start="2010-01-01",
                benefits={"coinsurance": "0.6", "network": "out", "pricing": "ucr"},
            ),
            cov(
                "b",
                "group",
                "pat",
                "pat",
                "self",
                start="2018-01-01",
                benefits={"deductible": "50.00", "coinsurance": "0.8", "network": "out", "pricing": "ucr"},
            ),
            cov("mc", "medicare", "pat", "pat", "self", start="2020-03-01", benefits={"deductible_met": "257.00"}),
        ],
        [line("200.00", {"a": "150.00", "b": "100.00", "mc": "125.00"})],
        patient=AGED,
    )
    det, p = pay(raw)
    assert det.order == ("a", "b", "mc")
    assert (p.paid["a"], p.paid["b"], p.paid["mc"]) == (D("60.00"), D("10.00"), D("80.00"))
    assert p.eobs[2].lines[0].prior_paid == D("70.00")
    check_balances(p)


def test_every_line_choice_names_a_payment_rule() -> None:
    assert set(pm.LINE_CHOICES) <= {r.id for r in pm.METHODS}
    assert all(text.strip() for texts in pm.LINE_CHOICES.values() for text in texts)
