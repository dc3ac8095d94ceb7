"""X12 5010: every 837 and 835 validates with pyx12 4.0.0 (through its API) and balances, on the examples and on
generated cases of every scenario, sent as they are, first to the wrong payer, and as institutional claims."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from cobsim import solve
from cobsim.claims import simulate
from cobsim.io import parse_case, read_case
from cobsim.model.case import Case
from cobsim.x12 import x12_files
from cobsim.x12.balance import balance_problems
from cobsim.x12.validate import validate_x12
from generators.produce import Options, generate
from tests.conftest import EXAMPLES

pytest.importorskip("pyx12")

EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.json"))


def files_of(case: Case) -> dict[str, str]:
    det = solve(case)
    return x12_files(case, simulate(case, det), det)


def check(files: dict[str, str], where: str) -> None:
    for name, text in files.items():
        verdict = validate_x12(text)
        assert verdict.ok, f"{where} {name}: {verdict.errors}\n{text}"
        problems = balance_problems(text)
        assert not problems, f"{where} {name}: {problems}\n{text}"
        assert "*T*:~" in text.splitlines()[0], "ISA15 must be T (test data)"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_every_example_validates_and_balances(path: Any) -> None:
    check(files_of(read_case(path)), path.name)


@cache
def generated() -> tuple[dict[str, Any], ...]:
    """One case of every scenario, with lines and payments."""
    return tuple(generate(["all"], 51, 20261202, options=Options(payments="always")))


def variants(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The case as generated, sent first to its last payer, and as an outpatient and an inpatient claim."""
    out = [("as-is", data)]
    order = data["expected"]["order"]
    if len(order) > 1:
        wrong = json.loads(json.dumps(data))
        wrong["schema_version"] = "1.1"
        wrong["claim"]["billing"] = {"sent_first_to": order[-1]}
        out.append(("wrong-payer-first", wrong))
    for setting in ("outpatient", "inpatient"):
        inst = json.loads(json.dumps(data))
        inst["claim"]["setting"] = setting
        inst.pop("expected")
        out.append((setting, inst))
    return out


@pytest.mark.parametrize("index", range(0, 51, 3))
def test_generated_cases_validate_and_balance(index: int) -> None:
    for data in generated()[index : index + 3]:
        for label, variant in variants(data):
            check(files_of(parse_case(variant)), f"{data['id']} ({label})")


def test_secondary_837p_carries_the_primarys_adjudication() -> None:
    files = files_of(read_case(EXAMPLES / "claims" / "claims-co22-rebill-working-aged.json"))
    names = list(files)
    assert names == [
        "01-837P-ann-medicare.x12",
        "01-835-ann-medicare.x12",
        "02-837P-ann-group.x12",
        "02-835-ann-group.x12",
        "03-837P-ann-medicare.x12",
        "03-835-ann-medicare.x12",
    ]
    claim = files["03-837P-ann-medicare.x12"].splitlines()
    assert "SBR*S*18***12****MB~" in claim  # Medicare secondary: SBR05 12 (working aged), SBR09 MB
    assert "SBR*P*18*******12~" in claim  # 2320: the primary, its filing indicator from the case (PPO)
    assert "AMT*D*160~" in claim
    assert "NM1*PR*2*BAYSIDE HEALTH PLAN (SYNTHETIC)*****PI*SYNBAY01~" in claim  # 2330B
    assert "SVD*SYNBAY01*160*HC:G0002**1~" in claim  # 2430
    assert "CAS*PR*2*40~" in claim
    assert "CAS*CO*45*100~" in claim
    assert any(s.startswith("DTP*573*D8*") for s in claim)
    assert any(s.startswith("NTE*ADD*SYNTHETIC") for s in claim)
    denial = files["01-835-ann-medicare.x12"]
    assert "CLP*" in denial
    assert "*4*300*0*0*" in denial
    assert "CAS*CO*22*300~" in denial
    assert "MOA***MA04~" in denial
    remit = files["03-835-ann-medicare.x12"]
    assert "CAS*OA*23*160~" in remit


def test_institutional_medicare_secondary_uses_a_value_code_not_sbr05() -> None:
    files = files_of(read_case(EXAMPLES / "payments" / "a1-medicare-secondary-inpatient-411-33e.json"))
    claim = files["02-837I-hal-medicare.x12"]
    assert "HI*BE:12:::8000~" in claim
    assert "SBR*S*18*******MA~" in claim


def test_crossover_835_names_the_supplemental_payer_and_no_837_goes_to_it() -> None:
    files = files_of(read_case(EXAMPLES / "claims" / "claims-medicare-crossover-medigap.json"))
    assert [n for n in files if "837" in n] == ["01-837P-hal-medicare.x12"]
    remit = files["01-835-hal-medicare.x12"]
    assert "*19*200*80*20*MB*" in remit
    assert "NM1*TT*2*EVERGREEN SENIOR MUTUAL (SYNTHETIC)*****PI*SYNEVG01~" in remit
    assert "MOA***MA18~" in remit


def test_tertiary_claim_lists_two_prior_payers() -> None:
    files = files_of(read_case(EXAMPLES / "claims" / "claims-three-payers-spouse-medicare-retiree.json"))
    claim = files["03-837P-bo-retiree.x12"]
    assert claim.count("\nSVD*") == 2
    assert "\nSBR*T*18***" in claim
    assert "\nSBR*P*01*" in claim  # the spouse's plan: the patient is the subscriber's spouse
    assert "\nSBR*S*18***12****MB~" in claim  # Medicare, not primary: SBR05 and SBR09 MB


def test_same_case_gives_the_same_bytes() -> None:
    case = read_case(EXAMPLES / "claims" / "claims-three-payers-spouse-medicare-retiree.json")
    assert files_of(case) == files_of(case)


def test_the_checks_catch_broken_files() -> None:
    files = files_of(read_case(EXAMPLES / "payments" / "p1-medicare-secondary-411-33b.json"))
    claim = files["02-837P-hal-medicare.x12"]
    assert not validate_x12(claim.replace("OI***Y***Y~\n", "")).ok
    assert not validate_x12(claim.replace("SBR*S*18", "SBR*Q*18")).ok
    assert balance_problems(claim.replace("AMT*D*120~", "AMT*D*121~"))
    assert balance_problems(claim.replace("SVD*SYN37FA77*120", "SVD*SYN37FA77*110"))
    remit = files["02-835-hal-medicare.x12"]
    assert balance_problems(remit.replace("BPR*I*30*", "BPR*I*31*"))
    assert balance_problems(remit.replace("CAS*OA*23*120~", "CAS*OA*23*100~"))


def test_cached_maps_give_the_same_verdicts_as_fresh_ones() -> None:
    rng = random.Random(5)
    texts = [t for p in EXAMPLE_FILES[:12] for t in files_of(read_case(p)).values()]
    broken = [t.replace("CAS*", "CAS*ZZ", 1) for t in texts] + [t.replace("DMG*D8*", "DMG*D9*", 1) for t in texts]
    sample = rng.sample(texts, 3) + rng.sample(broken, 3)
    cached = [(v.ok, v.errors) for v in map(validate_x12, sample)]
    fresh = [(v.ok, v.errors) for v in (validate_x12(t, cache_maps=False) for t in sample)]
    assert cached == fresh
    assert any(not ok for ok, _ in cached)
    assert any(ok for ok, _ in cached)


def test_money_in_files_matches_the_engine() -> None:
    case = read_case(EXAMPLES / "claims" / "claims-three-payers-spouse-medicare-retiree.json")
    det = solve(case)
    assert det.payments is not None
    files = files_of(case)
    for cov, paid in det.payments.paid.items():
        remit = next(t for n, t in files.items() if n.endswith(f"835-{cov}.x12"))
        clp = next(s for s in remit.split("~") if s.strip().startswith("CLP*")).split("*")
        assert Decimal(clp[4]) == paid
