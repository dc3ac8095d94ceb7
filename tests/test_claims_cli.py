"""`cobsim claims`, `cobsim export` and `cobsim import-fhir` on real files; fixture ZIPs with x12/ and fhir/."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cobsim.cli import app
from cobsim.services.fixtures import build_zip, verify_zip
from generators.produce import Options, generate_lines
from tests.conftest import EXAMPLES

runner = CliRunner()
CLAIMS = EXAMPLES / "claims"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("name", "steps"),
    [
        ("claims-medicare-crossover-medigap", ["intake", "submit", "remit", "crossover", "patient_bill"]),
        ("claims-co22-rebill-working-aged", ["submit", "deny", "rebill", "remit", "patient_bill"]),
        ("claims-three-payers-spouse-medicare-retiree", ["submit", "remit", "patient_bill"]),
        ("claims-pended-cob-questionnaire", ["submit", "pend", "release", "remit"]),
    ],
)
def test_claims_shows_each_step_with_its_source(name: str, steps: list[str]) -> None:
    code, output = run("claims", str(CLAIMS / f"{name}.json"), "--json")
    assert code == 0, output
    life = json.loads(output)
    kinds = [e["kind"] for e in life["events"]]
    for step in steps:
        assert step in kinds, (name, step, kinds)
    assert all(e["source"] for e in life["events"])
    code, table = run("claims", str(CLAIMS / f"{name}.json"))
    assert code == 0
    assert "the claim's life" in table
    assert "source" in table


def test_claims_send_first_option_and_its_errors() -> None:
    path = str(EXAMPLES / "payments" / "p1-medicare-secondary-411-33b.json")
    code, output = run("claims", path, "--send-first", "hal-medicare", "--json")
    assert code == 0
    assert json.loads(output)["remittances"][0]["status"] == "4"
    code, output = run("claims", path, "--send-first", "nobody")
    assert code == 2
    assert "not a coverage" in output


def test_export_writes_validated_x12_fhir_and_json(tmp_path: Path) -> None:
    pytest.importorskip("pyx12")
    cases = tmp_path / "cases.jsonl"
    cases.write_text("".join(generate_lines(["medigap", "three-or-more-plans"], 4, 3, options=Options("always"))))
    out = tmp_path / "out"
    code, output = run(
        "export", str(cases), "--format", "x12", "--format", "fhir", "--format", "json", "--out", str(out), "--validate"
    )
    assert code == 0, output
    assert "validation: 0 invalid, 0 unbalanced" in output
    assert len(list((out / "fhir").glob("*.json"))) == 4
    assert len(list((out / "json").glob("*.json"))) == 4
    assert list((out / "x12").rglob("*837P*.x12"))


def test_export_refuses_bad_options(tmp_path: Path) -> None:
    code, output = run("export", str(CLAIMS / "claims-limiting-charge.json"), "--format", "pdf", "--out", str(tmp_path))
    assert code == 2
    assert "give x12, fhir or json" in output
    code, output = run("export", str(CLAIMS / "claims-limiting-charge.json"), "--format", "x12")
    assert code == 2
    assert "--out" in output


def test_import_fhir_round_trips_an_exported_bundle(tmp_path: Path) -> None:
    out = tmp_path / "out"
    source = CLAIMS / "claims-three-payers-spouse-medicare-retiree.json"
    assert run("export", str(source), "--format", "fhir", "--out", str(out))[0] == 0
    bundle = next((out / "fhir").glob("*.json"))
    case_file = tmp_path / "case.json"
    code, output = run("import-fhir", str(bundle), "--out", str(case_file))
    assert code == 0, output
    assert "carried every fact" in output
    code, output = run("solve", str(case_file), "--json")
    assert json.loads(output)["order"] == ["eva-plan", "bo-medicare", "bo-retiree"]


def test_import_fhir_names_missing_facts_and_refuses_bad_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("export", str(CLAIMS / "claims-co22-rebill-working-aged.json"), "--format", "fhir", "--out", str(out))
    bundle_path = next((out / "fhir").glob("*.json"))
    data = json.loads(bundle_path.read_text())
    for entry in data["entry"]:
        entry["resource"].pop("extension", None)
    bundle_path.write_text(json.dumps(data))
    code, output = run("import-fhir", str(bundle_path))
    assert code == 0
    assert "does not carry these COB facts" in output
    assert "employer and its size" in output
    bad = tmp_path / "bad.json"
    bad.write_text('{"resourceType": "Patient"}')
    code, output = run("import-fhir", str(bad))
    assert code == 2
    assert "not a FHIR Bundle" in output
    code, output = run("import-fhir", str(tmp_path / "missing.json"))
    assert code == 2
    assert "cannot read" in output


def test_fixture_zip_carries_x12_and_fhir_folders_and_the_manifest_checks_them() -> None:
    lines = list(
        generate_lines(["medigap", "spouse-plan-medicare-retiree-three-payers"], 4, 9, options=Options("always"))
    )
    data = build_zip(lines, seed=9, scenarios=["x"], faker_version="x", interchange=("x12", "fhir"))
    manifest = verify_zip(data)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("x12/") for n in names)
    assert any(n.startswith("fhir/") for n in names)
    listed = set(manifest["files"])
    assert {n for n in names if n.startswith(("x12/", "fhir/"))} <= listed
    assert manifest["interchange"]["files"]["fhir"] == 4
    assert data == build_zip(lines, seed=9, scenarios=["x"], faker_version="x", interchange=("x12", "fhir"))
    # a changed X12 file fails the manifest check
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename.startswith("x12/") and b"CLP*" in content:
                content = content.replace(b"CLP*", b"CLP*X", 1)
            dst.writestr(info, content)
    with pytest.raises(ValueError, match="checksum"):
        verify_zip(buffer.getvalue())


def test_export_zip_from_a_jsonl(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text("".join(generate_lines(["medigap"], 2, 1, options=Options("always"))))
    target = tmp_path / "fixtures.zip"
    code, output = run("export", str(cases), "--format", "x12", "--zip", str(target))
    assert code == 0, output
    manifest = verify_zip(target.read_bytes())
    assert manifest["interchange"]["formats"] == ["x12"]
    assert manifest["count"] == 2
