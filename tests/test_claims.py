"""The claim's life: crossover, the wrong payer first, three payers, a pended claim, timely filing, determinism,
and the format 1.1 facts that drive them."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cobsim.claims import simulate
from cobsim.claims.timely import window
from cobsim.errors import CobsimError, InvalidCase
from cobsim.io import parse_case, read_case
from cobsim.model.case import Case, Coverage
from tests.conftest import EXAMPLES

CLAIMS = EXAMPLES / "claims"


def example(name: str) -> Case:
    return read_case(CLAIMS / f"{name}.json")


def raw(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CLAIMS / f"{name}.json").read_text(), parse_float=Decimal)
    return data


def test_medicare_crossover_sends_no_provider_claim_to_the_supplement() -> None:
    life = simulate(example("claims-medicare-crossover-medigap"))
    assert life.status == "complete"
    medicare, medigap = life.submissions
    assert (medicare.how, medigap.how) == ("claim", "crossover")
    assert medigap.sent == life.remittance("hal-medicare").received  # type: ignore[union-attr]
    first = life.remittance("hal-medicare")
    assert first is not None
    assert first.status == "19"  # processed as primary, forwarded
    assert first.remarks == ("MA18",)
    assert first.crossed_over_to == ("hal-medigap",)
    assert first.received == date(2025, 6, 19)  # the date the biller saw, from claim.billing.remittances
    kinds = [e.kind for e in life.events]
    assert "crossover" in kinds
    crossover = next(e for e in life.events if e.kind == "crossover")
    assert "COBA" in crossover.source
    assert "MA18" in crossover.source


def test_without_a_crossover_agreement_the_provider_bills_the_supplement() -> None:
    data = raw("claims-medicare-crossover-medigap")
    data["coverages"][1]["crossover"] = False
    life = simulate(parse_case(data))
    assert [s.how for s in life.submissions] == ["claim", "claim"]
    medicare = life.remittance("hal-medicare")
    assert medicare is not None
    assert medicare.status == "1"
    assert not medicare.remarks


def test_claim_sent_to_the_wrong_payer_comes_back_co22_and_is_rebilled() -> None:
    life = simulate(example("claims-co22-rebill-working-aged"))
    wrong, primary, secondary = life.submissions
    assert (wrong.coverage, wrong.rank) == ("ann-medicare", 0)
    denial = life.answering(wrong)
    assert denial is not None
    assert denial.status == "4"
    assert denial.paid == 0
    assert {a.group + "-" + a.reason for ln in denial.lines for a in ln.adjustments} == {"CO-22"}
    assert denial.remarks == ("MA04",)
    assert (primary.coverage, primary.how, primary.sequence) == ("ann-group", "rebill", "P")
    assert primary.sent > denial.received
    assert (secondary.coverage, secondary.sequence, secondary.msp_type) == ("ann-medicare", "S", "12")
    assert secondary.prior == ("ann-group",)
    final = life.remittance("ann-medicare")
    assert final is not None
    assert final.paid == Decimal("40.00")
    assert final.status == "2"
    assert [e.kind for e in life.events].count("rebill") == 1


def test_a_payer_that_does_not_take_part_denies_with_carc_109() -> None:
    data = raw("claims-medicare-outside-us")
    data["claim"]["lines"] = [
        {
            "id": "1",
            "code": "0120",
            "billed": "1000.00",
            "allowed": {"ruth-retiree": "800.00", "ruth-medicare": "700.00"},
        }
    ]
    data["coverages"][1]["benefits"] = {"network": "in", "coinsurance": "0.20"}
    data["claim"]["billing"] = {"sent_first_to": "ruth-medicare"}
    life = simulate(parse_case(data))
    denial = life.remittances[0]
    assert denial.coverage == "ruth-medicare"
    assert {a.reason for ln in denial.lines for a in ln.adjustments} == {"109"}


def test_three_payers_are_p_s_t_and_the_tertiary_carries_both_priors() -> None:
    life = simulate(example("claims-three-payers-spouse-medicare-retiree"))
    assert [s.sequence for s in life.submissions] == ["P", "S", "T"]
    assert life.submissions[2].prior == ("eva-plan", "bo-medicare")
    assert [r.status for r in life.remittances] == ["1", "2", "3"]
    assert [r.paid for r in life.remittances] == [Decimal("320.00"), Decimal("80.00"), Decimal("0.00")]
    assert life.patient_owes == Decimal("0.00")


def test_claim_is_pended_until_the_questionnaire_arrives_then_released() -> None:
    life = simulate(example("claims-pended-cob-questionnaire"))
    pend = next(e for e in life.events if e.kind == "pend")
    release = next(e for e in life.events if e.kind == "release")
    assert pend.coverage == release.coverage == "mom-plan"
    assert release.on == date(2025, 5, 2)
    assert pend.on < release.on
    primary = life.remittance("mom-plan")
    assert primary is not None
    assert primary.received > release.on
    assert life.status == "complete"


def test_claim_stays_pending_while_the_questionnaire_is_missing() -> None:
    data = raw("claims-pended-cob-questionnaire")
    del data["claim"]["billing"]["questionnaire_received"]
    life = simulate(parse_case(data))
    assert life.status == "pending"
    assert life.remittances == ()
    assert "questionnaire" in life.reasons[0]


def test_secondary_window_runs_from_the_prior_remittance_the_biller_saw() -> None:
    data = raw("claims-pended-cob-questionnaire")
    del data["claim"]["billing"]["pended_by"]
    del data["claim"]["billing"]["questionnaire_received"]
    # the primary answered late: 90 days after 2025-10-01 runs past 180 days from the service (2025-10-04)
    data["claim"]["billing"]["remittances"] = {"mom-plan": "2025-10-01"}
    life = simulate(parse_case(data))
    secondary = life.submissions[1]
    assert secondary.deadline == date(2025, 12, 30)
    assert "remittance of 2025-10-01" in secondary.deadline_source
    answer = life.remittance("dad-plan")
    assert answer is not None
    assert answer.status == "2"


def test_a_claim_sent_after_its_window_is_denied_co29() -> None:
    data = raw("claims-pended-cob-questionnaire")
    del data["claim"]["billing"]["pended_by"]
    del data["claim"]["billing"]["questionnaire_received"]
    data["claim"]["billing"]["submitted"] = "2025-10-05"  # 181 days after the service on 2025-04-07
    life = simulate(parse_case(data))
    denial = life.remittance("mom-plan")
    assert denial is not None
    assert denial.status == "4"
    assert {a.group + "-" + a.reason for ln in denial.lines for a in ln.adjustments} == {"CO-29"}
    assert any(e.kind == "late" for e in life.events)
    assert life.remittance("dad-plan") is None
    data["claim"]["billing"]["submitted"] = "2025-10-04"  # the last day: in time
    life = simulate(parse_case(data))
    first = life.remittance("mom-plan")
    assert first is not None
    assert first.status == "1"


def test_medicare_as_secondary_is_not_extended_by_a_late_primary() -> None:
    data = raw("claims-three-payers-spouse-medicare-retiree")
    data["claim"]["billing"] = {"remittances": {"eva-plan": "2026-09-20"}}  # after 2025-09-15 + 365 days
    life = simulate(parse_case(data))
    medicare = life.remittance("bo-medicare")
    assert medicare is not None
    assert medicare.status == "4"
    assert {a.reason for ln in medicare.lines for a in ln.adjustments} == {"29"}


@pytest.mark.parametrize(
    ("kind", "prior", "expected"),
    [
        ("medicare", None, date(2026, 3, 10)),
        ("medicare", date(2026, 1, 1), date(2026, 3, 10)),  # Medicare's year is not extended by a prior payer
        ("group", None, date(2025, 9, 6)),
        ("group", date(2025, 6, 1), date(2025, 9, 6)),  # 180 days from service still later than 90 after remit
        ("group", date(2025, 6, 9), date(2025, 9, 7)),  # 90 days after the remittance: later by a day
        ("medicaid", None, date(2026, 3, 10)),
        ("medicaid", date(2025, 9, 12), date(2026, 3, 11)),  # 180 days after the Medicare remittance
        ("tricare", None, date(2026, 3, 10)),
        ("fehb", None, date(2026, 12, 31)),
        ("workers_comp", None, date(2026, 3, 10)),
    ],
)
def test_timely_filing_windows_on_both_sides(kind: str, prior: date | None, expected: date) -> None:
    cov = Coverage.model_validate(
        {
            "id": "c",
            "kind": kind,
            "member": "p",
            "subscriber": "p",
            "relationship": "self",
            "start": "2020-01-01",
            **({"employer": "e"} if kind == "group" else {}),
        }
    )
    assert window(cov, date(2025, 3, 10), prior).deadline == expected


def test_same_case_and_seed_give_the_same_life_and_another_seed_other_dates() -> None:
    case = read_case(EXAMPLES / "payments" / "p1-medicare-secondary-411-33b.json")
    a, b, c = simulate(case, seed=1), simulate(case, seed=1), simulate(case, seed=2)
    assert a == b
    assert [e.on for e in a.events] != [e.on for e in c.events]
    assert [r.paid for r in a.remittances] == [r.paid for r in c.remittances]


def test_every_example_with_lines_balances_and_ends_with_the_engines_patient_balance() -> None:
    from cobsim import solve

    for path in sorted(EXAMPLES.rglob("*.json")):
        case = read_case(path)
        det = solve(case)
        life = simulate(case, det)
        for rem in life.remittances:
            assert not rem.balance_problems(), (path.name, rem.coverage, rem.balance_problems())
        if life.status == "complete" and life.patient_owes is not None:
            last = life.remittances[-1]
            assert last.patient == life.patient_owes, path.name


def test_a_case_without_lines_or_coverage_is_not_billable() -> None:
    life = simulate(read_case(EXAMPLES / "naic" / "c02-birthday-rule.json"))
    assert life.status == "not_billable"
    assert "no service lines" in life.reasons[0]
    assert life.events[0].kind == "intake"


# ------------------------------------------------------------------------------------- format 1.1


def test_format_1_1_fields_need_schema_version_1_1() -> None:
    data = raw("claims-co22-rebill-working-aged")
    data["schema_version"] = "1.0"
    with pytest.raises(InvalidCase, match=r"new in case format 1.1.*schema_version"):
        parse_case(data)
    del data["schema_version"]
    with pytest.raises(InvalidCase, match=r"coverages\[0\].payer_id"):
        parse_case(data)


def test_format_1_0_cases_still_read() -> None:
    case = read_case(EXAMPLES / "naic" / "c02-birthday-rule.json")
    assert case.schema_version == "1.0"
    assert case.format_1_1_fields() == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["claim"]["billing"].update(sent_first_to="nobody"), "names coverage 'nobody'"),
        (
            lambda d: d["claim"]["billing"].update(remittances={"ann-group": "2025-03-01"}),
            "before the claim was submitted",
        ),
        (lambda d: d["claim"].update(outside_us_exception="emergency_closer"), "outside_us"),
        (
            lambda d: d["claim"].update(provider={"medicare_participating": True, "accepts_assignment": False}),
            "participating provider accepts assignment",
        ),
        (lambda d: d["coverages"][0].update(claim_filing_indicator="XX"), "claim_filing_indicator"),
    ],
)
def test_billing_facts_are_checked(change: Any, message: str) -> None:
    data = raw("claims-co22-rebill-working-aged")
    change(data)
    with pytest.raises(InvalidCase, match=message):
        parse_case(data)


def test_a_remittance_dated_before_its_claim_is_refused_with_a_sentence() -> None:
    data = raw("claims-co22-rebill-working-aged")
    data["claim"]["billing"]["remittances"] = {"ann-group": "2025-03-13"}  # before the rebill goes out
    with pytest.raises(CobsimError, match="before the claim was sent"):
        simulate(parse_case(data))


def test_limiting_charge_applies_only_without_assignment(tmp_path: Path) -> None:
    from cobsim import solve

    data = raw("claims-limiting-charge")
    paid = solve(parse_case(data)).payments
    assert paid is not None
    assert paid.patient == Decimal("33.25")
    data["claim"]["provider"]["accepts_assignment"] = True
    paid = solve(parse_case(data)).payments
    assert paid is not None
    assert paid.patient == Decimal("19.00")
