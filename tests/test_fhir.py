"""FHIR R4: bundles construct with the fhir.resources R4B models, pass cobsim's own checks (one focal insurance),
say they are synthetic, carry prior-payer payments the CARIN way, and import back to the same determination."""

from __future__ import annotations

import base64
import copy
import json
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from cobsim import solve
from cobsim.claims import simulate
from cobsim.errors import InvalidInput
from cobsim.fhir import bundle_data, bundle_json, case_bundle, check_bundle
from cobsim.fhir.bundle import EXT_COB_FACTS
from cobsim.fhir.importer import case_from_bundle, read_bundle
from cobsim.io import case_to_data, parse_case, read_case
from cobsim.model.case import Case
from cobsim.render import determination_data
from generators.produce import Options, generate
from tests.conftest import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.json"))
THREE = EXAMPLES / "claims" / "claims-three-payers-spouse-medicare-retiree.json"


def bundle_of(case: Case) -> dict[str, Any]:
    det = solve(case)
    data: dict[str, Any] = json.loads(bundle_json(case, det, simulate(case, det)), parse_float=Decimal)
    return data


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_every_example_bundle_constructs_and_passes_the_checks(path: Any) -> None:
    case = read_case(path)
    det = solve(case)
    model = case_bundle(case, det, simulate(case, det))
    assert model.type == "collection"
    assert check_bundle(model.model_dump(mode="json")) == []


def test_three_payer_bundle_has_coverage_order_one_focal_and_an_eob_per_payer() -> None:
    bundle = bundle_of(read_case(THREE))
    coverages = {c["id"]: c for c in resources(bundle, "Coverage")}
    assert {k: v["order"] for k, v in coverages.items()} == {"eva-plan": 1, "bo-medicare": 2, "bo-retiree": 3}
    assert coverages["eva-plan"]["relationship"]["coding"][0]["code"] == "spouse"
    assert coverages["eva-plan"]["subscriber"]["reference"] == "RelatedPerson/eva"
    (claim,) = resources(bundle, "Claim")
    assert [(i["sequence"], i["focal"]) for i in claim["insurance"]] == [(1, True), (2, False), (3, False)]
    eobs = {e["insurer"]["reference"]: e for e in resources(bundle, "ExplanationOfBenefit")}
    assert len(eobs) == 3
    medicare = eobs["Organization/payer-bo-medicare"]
    assert [i["focal"] for i in medicare["insurance"]] == [True, False, False]
    assert medicare["payment"]["amount"]["value"] == Decimal("80.0")
    adjudication = {
        a["category"]["coding"][0]["code"]: a["amount"]["value"]
        for a in medicare["item"][0]["adjudication"]
        if a["category"]["coding"][0]["code"] != "adjustmentreason"
    }
    assert adjudication["priorpayerpaid"] == Decimal("320.0")  # CARIN Blue Button: what the prior payer paid
    assert adjudication["benefit"] == Decimal("80.0")
    assert adjudication["submitted"] == Decimal("500.0")
    related = resources(bundle, "RelatedPerson")
    assert related[0]["relationship"][0]["coding"][0]["code"] == "SPS"


def test_every_resource_says_it_is_synthetic() -> None:
    bundle = bundle_of(read_case(THREE))
    for item in [bundle, *(e["resource"] for e in bundle["entry"])]:
        codes = {s["code"] for s in item["meta"]["security"]}
        assert "HTEST" in codes, item["resourceType"]
        assert item["meta"]["tag"][0]["code"] == "synthetic"


def test_own_checks_catch_two_focal_insurances_and_dangling_references() -> None:
    case = read_case(THREE)
    det = solve(case)
    data = bundle_data(case, det, simulate(case, det))
    broken = copy.deepcopy(data)
    claim = next(e["resource"] for e in broken["entry"] if e["resource"]["resourceType"] == "Claim")
    claim["insurance"][1]["focal"] = True
    assert any("2 focal insurances" in p for p in check_bundle(broken))
    broken = copy.deepcopy(data)
    broken["entry"] = [e for e in broken["entry"] if e["resource"].get("id") != "bo-medicare"]
    assert any("not in the bundle" in p for p in check_bundle(broken))
    broken = copy.deepcopy(data)
    eob = next(e["resource"] for e in broken["entry"] if e["resource"]["resourceType"] == "ExplanationOfBenefit")
    eob["item"][0]["adjudication"][-1]["amount"]["value"] = Decimal("1.00")
    assert any("benefit + adjustments != submitted" in p for p in check_bundle(broken))


@cache
def generated_cases() -> tuple[Case, ...]:
    return tuple(parse_case(d) for d in generate(["all"], 100, 77, options=Options(payments="mixed")))


@pytest.mark.parametrize("start", range(0, 100, 20))
def test_exported_bundles_of_100_cases_import_to_the_same_determination(start: int) -> None:
    for case in generated_cases()[start : start + 20]:
        det = solve(case)
        imported = read_bundle(bundle_json(case, det, simulate(case, det)))
        assert imported.complete
        assert imported.missing == []
        assert determination_data(solve(imported.case)) == determination_data(det), case.id
        original = case_to_data(case)
        original.pop("expected", None)
        again = case_to_data(imported.case)
        for key in ("people", "coverages", "claim", "employers", "children", "employment", "meta"):
            assert again.get(key) == original.get(key), (case.id, key)
        key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731  (spouse a/b and order are not facts)
        assert sorted(map(key, again.get("relationships", []))) == sorted(
            map(key, original.get("relationships", []))
        ) or {frozenset((r.get("a"), r.get("b"))) for r in again.get("relationships", [])} == {
            frozenset((r.get("a"), r.get("b"))) for r in original.get("relationships", [])
        }


def test_a_vendor_bundle_without_cob_facts_imports_and_names_what_is_missing() -> None:
    bundle = bundle_of(read_case(THREE))
    for entry in bundle["entry"]:
        entry["resource"].pop("extension", None)
    imported = case_from_bundle(bundle)
    assert not imported.complete
    text = " ".join(imported.missing)
    assert "employer and its size" in text
    assert "basis of Medicare entitlement" in text
    assert "custody" in text
    case = imported.case
    assert {c.id for c in case.coverages} == {"eva-plan", "bo-medicare", "bo-retiree"}
    assert case.coverage("eva-plan").subscriber == "eva"
    assert any(getattr(r, "kind", None) == "spouse" for r in case.relationships)
    assert [line.billed for line in case.claim.lines] == [Decimal("500.00")]


def test_kind_is_read_from_the_payment_typology_when_the_cobsim_code_is_absent() -> None:
    bundle = bundle_of(read_case(THREE))
    for r in (e["resource"] for e in bundle["entry"]):
        r.pop("extension", None)
        if r["resourceType"] == "Coverage":
            r["type"]["coding"] = [c for c in r["type"]["coding"] if "coverage-kind" not in c["system"]]
    imported = case_from_bundle(bundle)
    assert imported.case.coverage("bo-medicare").kind.value == "medicare"
    assert any("payment typology code" in m for m in imported.missing)


def test_cob_facts_hold_only_what_fhir_does_not_carry() -> None:
    bundle = bundle_of(read_case(THREE))
    (claim,) = resources(bundle, "Claim")
    ext = next(x for x in claim["extension"] if x["url"] == EXT_COB_FACTS)
    facts = json.loads(base64.b64decode(ext["valueAttachment"]["data"]))
    assert all(set(p) <= {"id", "medicare"} for p in facts["people"])  # names, births, sex come from Patient
    for cov in facts["coverages"]:
        assert "start" not in cov
        assert "member" not in cov
        assert "subscriber" not in cov
    assert all("billed" not in line and "code" not in line for line in facts["claim"]["lines"])
    assert "expected" not in facts


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"resourceType": "Patient"}, "not a FHIR Bundle"),
        ({"resourceType": "Bundle", "type": "collection", "entry": []}, "0 Patient"),
        (
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"resource": {"resourceType": "Patient", "id": "p"}}],
            },
            "no birthDate",
        ),
        (
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"resource": {"resourceType": "Patient", "id": "a_b"}}],
            },
            "refuse",
        ),
    ],
)
def test_bad_bundles_are_refused_with_a_sentence(data: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        case_from_bundle(data)


def test_not_json_is_refused() -> None:
    with pytest.raises(InvalidInput, match="not valid JSON"):
        read_bundle("{")
