"""The command line: every command on real files, and clear errors (exit 2) for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from cobsim.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.json"))
BIRTHDAY = EXAMPLES / "naic" / "c02-birthday-rule.json"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_solve_and_explain_every_example(path: Path) -> None:
    code, output = run("solve", str(path))
    assert code == 0, output
    assert "expected answer: matches" in output
    code, text = run("explain", str(path))
    assert code == 0, text
    assert "Payer order:" in text or "No coverage takes part" in text
    assert "Rule " in text


def test_solve_json_is_the_determination() -> None:
    code, output = run("solve", str(BIRTHDAY), "--json")
    assert code == 0
    data = json.loads(output)
    assert data["order"] == ["dad-plan", "mom-plan"]
    assert data["deciding_rules"] == ["naic.birthday"]
    assert data["steps"][0]["citations"][0]["pinpoint"] == "§6D(2)(a)(i)"


def test_explain_names_the_rule_and_citation() -> None:
    code, text = run("explain", str(BIRTHDAY))
    assert code == 0
    assert "February 1" in text
    assert "naic.birthday" in text
    assert "NAIC MDL-120 (2005) §6D(2)(a)(i)" in text


def test_schema_is_valid_2020_12_and_accepts_every_example() -> None:
    code, output = run("schema")
    assert code == 0
    schema = json.loads(output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for path in EXAMPLE_FILES:
        errors = list(validator.iter_errors(json.loads(path.read_text())))
        assert not errors, f"{path}: {errors[0].message}"


def test_validate_reports_one_line_per_bad_case(tmp_path: Path) -> None:
    good = json.loads(BIRTHDAY.read_text())
    bad = dict(good, id="bad-one")
    bad["claim"] = dict(good["claim"], patient="nobody")
    lines = [json.dumps(good), json.dumps(bad), "{not json", ""]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines))
    code, output = run("validate", str(path))
    assert code == 1
    assert f"{path}:2: case 'bad-one': the claim names patient 'nobody'" in output
    assert f"{path}:3: not valid JSON" in output
    assert "1 valid, 2 invalid" in output


def test_validate_good_files_exit_zero() -> None:
    code, output = run("validate", *map(str, EXAMPLE_FILES))
    assert code == 0, output
    assert f"{len(EXAMPLE_FILES)} valid, 0 invalid" in output


def test_check_compares_expected_answers(tmp_path: Path) -> None:
    code, output = run("check", *map(str, EXAMPLE_FILES))
    assert code == 0, output
    wrong = json.loads(BIRTHDAY.read_text())
    wrong["expected"]["order"] = ["mom-plan", "dad-plan"]
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(wrong))
    code, output = run("check", str(path))
    assert code == 1
    assert "order ['dad-plan', 'mom-plan'] != expected ['mom-plan', 'dad-plan']" in output


def test_missing_file_and_bad_case_exit_2_with_a_sentence(tmp_path: Path) -> None:
    code, output = run("solve", str(tmp_path / "nope.json"))
    assert code == 2
    assert "cannot read" in output
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "x", "people": [], "claim": {}}')
    code, output = run("explain", str(broken))
    assert code == 2
    assert "case 'x'" in output
    assert "Traceback" not in output


def test_rules_lists_every_rule() -> None:
    from cobsim.rules.registry import ALL_RULES

    code, output = run("rules")
    assert code == 0
    for r in ALL_RULES:
        assert r.id in output


def test_rules_prints_the_text_of_every_documented_choice() -> None:
    import json

    from cobsim.rules.registry import ALL_RULES

    code, output = run("rules", "--json")
    assert code == 0
    listed = {r["id"]: r for r in json.loads(output)}
    for r in ALL_RULES:
        assert listed[r.id]["choices"] == list(r.choices)
    custody = listed["naic.custodial_parent"]["choices"]
    assert len(custody) == 2
    assert any("one list" in c for c in custody)


def test_timeline_rejects_bad_dates() -> None:
    code, output = run("timeline", str(BIRTHDAY), "--from", "2025-13", "--to", "2026-01")
    assert code == 2
    assert "is not a date" in output
    code, output = run("timeline", str(BIRTHDAY), "--from", "2026-01", "--to", "2025-01")
    assert code == 2
    assert "before it starts" in output


def test_timeline_shows_the_30_month_esrd_coordination_period_exactly() -> None:
    code, output = run(
        "timeline",
        str(EXAMPLES / "medicare" / "esrd-coordination-period.json"),
        "--from",
        "2025-03",
        "--to",
        "2028-01",
        "--json",
    )
    assert code == 0, output
    months = json.loads(output)
    first = [m["order"][0] for m in months]
    ghp_first_with_medicare = [m["month"] for m in months if len(m["order"]) == 2 and "medicare" not in m["order"][0]]
    assert len(ghp_first_with_medicare) == 30
    assert ghp_first_with_medicare[0] == "2025-06"
    assert ghp_first_with_medicare[-1] == "2027-11"
    assert "medicare" in first[months.index(next(m for m in months if m["month"] == "2027-12"))]
    changed = [m for m in months if m["changed"]]
    assert [m["month"] for m in changed] == ["2025-06", "2027-12"]
    assert changed[1]["deciding_rule"] == "msp.esrd_after_coordination"
