"""'For the biller' notes: every payer in the order gets one, and an undecided order names the questionnaire."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cobsim import solve
from cobsim.io import parse_case
from cobsim.model.codes import DeterminationStatus
from cobsim.trace import Determination
from tests.conftest import EXAMPLES, YAML_CASES

CASES = dict(YAML_CASES)


def _solve(name: str) -> Determination:
    return solve(parse_case(CASES[name]))


@pytest.mark.parametrize(("name", "raw"), YAML_CASES, ids=[n for n, _ in YAML_CASES])
def test_every_payer_in_the_order_has_a_note(name: str, raw: dict[str, object]) -> None:
    det = solve(parse_case(raw))
    for p in det.positions:
        assert p.for_biller.endswith(".")
        assert p.coverage in p.for_biller  # the note names the payer it is about
    if det.status is DeterminationStatus.INDETERMINATE:
        assert det.next_steps, f"{name}: an undecided order needs a next step"
    else:
        assert det.next_steps == ()


def test_medigap_after_medicare_crosses_over_and_no_paper_claim() -> None:
    det = _solve("msp_other::medigap-never-primary")
    medicare, medigap = det.positions
    assert medicare.for_biller.startswith("Bill Medicare")
    assert "crossover" in medigap.for_biller
    assert "do not send a claim of your own" in medigap.for_biller


def test_secondary_and_tertiary_are_told_to_send_the_earlier_remittances() -> None:
    raw = json.loads((EXAMPLES / "medicare" / "c15-horizon-three-payers.json").read_text(), parse_float=Decimal)
    det = solve(parse_case(raw))
    group, medicare, retiree = det.positions
    assert "first" in group.for_biller
    assert "Medicare Secondary Payer claim" in medicare.for_biller
    assert "remittances from" in retiree.for_biller
    assert group.coverage in retiree.for_biller
    assert medicare.coverage in retiree.for_biller


def test_medicare_basis_unknown_asks_for_the_msp_questionnaire() -> None:
    det = _solve("msp_working_aged::msp-basis-unknown-under-65")
    assert det.status is DeterminationStatus.INDETERMINATE
    assert any("Medicare Secondary Payer questionnaire" in s for s in det.next_steps)
    assert all(p.for_biller.startswith("Hold the claim") for p in det.positions if p.shares_with)


def test_unknown_custody_asks_for_the_decree() -> None:
    det = _solve("naic_dependent_child::birthday-unknown-situation-indeterminate")
    assert any("court decree" in s for s in det.next_steps)


def test_a_rule_loop_sends_the_claim_to_the_plans() -> None:
    det = _solve("engine_joining::married-dependent-child-rules-loop")
    assert any("contradict" in s for s in det.next_steps)


def test_workers_comp_is_billed_directly() -> None:
    det = _solve("injury_workers_comp::injury-wc-paying-medicare-secondary-pays-nothing")
    wc, medicare = det.positions
    assert "workers' compensation claim number" in wc.for_biller
    assert "remittance from" in medicare.for_biller
