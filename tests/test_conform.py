"""The conformance kit: transports, grading, engine faults, reports, baselines and shrinking."""

from __future__ import annotations

import json
import sys
import textwrap
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
from typer.testing import CliRunner

from cobsim.cli import app, load_plugins
from cobsim.conform import CommandEngine, HttpEngine, PythonEngine, read_fixtures, run
from cobsim.conform.report import report_data, write_html, write_json, write_junit
from cobsim.conform.run import Fixture, grade
from cobsim.errors import InvalidInput
from cobsim.services.fixtures import build_zip
from generators.produce import Options, generate_lines, regenerate
from tests.conftest import ROOT

ENGINES = ROOT / "examples" / "engines"
SCHEMAS = ROOT / "cobsim" / "conform" / "schemas"
ADAPTER = f"{sys.executable} {ENGINES / 'cobsim_adapter.py'}"
NAIVE = f"{sys.executable} {ENGINES / 'naive_engine.py'}"


@pytest.fixture(scope="module")
def mix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fixtures") / "mix.jsonl"
    path.write_text("".join(generate_lines(["all"], 120, 11, options=Options(payments="mixed"))), encoding="utf-8")
    return path


def _fixture(scenario: str, variant: str, seed: int = 5, payments: str = "never") -> Fixture:
    data = regenerate(scenario, variant, seed, Options(payments=payments))
    expected = data.pop("expected")
    return Fixture(data, expected, f"{scenario}/{variant}")


# ------------------------------------------------------------------------------------------- transports


def test_cobsim_through_the_command_protocol_passes_every_case(mix: Path) -> None:
    engine = CommandEngine(ADAPTER)
    try:
        result = run(engine, read_fixtures(mix), source=str(mix))
    finally:
        engine.close()
    assert result.counts() == {"pass": 120}
    assert engine.handshake.name == "cobsim"


def test_cobsim_in_process_passes_every_case(mix: Path) -> None:
    engine = PythonEngine(f"{ENGINES / 'cobsim_adapter.py'}:answer")
    assert run(engine, read_fixtures(mix), source="mix").counts() == {"pass": 120}


@pytest.fixture
def http_engine() -> Iterator[str]:
    adapter = PythonEngine(f"{ENGINES / 'cobsim_adapter.py'}:answer")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = json.dumps(adapter.answer(json.loads(body))).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/answer"
    server.shutdown()
    server.server_close()


def test_cobsim_over_http_passes_every_case(mix: Path, http_engine: str) -> None:
    assert run(HttpEngine(http_engine), read_fixtures(mix), source="mix").counts() == {"pass": 120}


def test_an_unreachable_http_engine_is_an_error_not_a_crash(mix: Path) -> None:
    fixtures = list(read_fixtures(mix))[:3]
    result = run(HttpEngine("http://127.0.0.1:9/none", timeout=2), iter(fixtures), source="mix")
    assert [r.status for r in result.results] == ["error"] * 3
    assert "no answer from" in result.results[0].reason


# ------------------------------------------------------------------------------------------- the naive engine


@pytest.mark.parametrize(
    ("scenario", "variant", "status", "broken"),
    [
        ("married-parents-birthday", "older-parent-second", "fail", "naic.birthday"),
        ("medicare-working-aged", "employees-20", "fail", "msp.working_aged"),
        ("dual-eligible", "medicare-medicaid", "pass", None),
        ("spouse-plans", "wife-is-patient", "pass", None),
        ("medicaid-last", "employer-plan", "pass", None),
        ("medicare-working-aged", "employees-19", "pass", None),
    ],
)
def test_the_naive_engine_fails_exactly_where_it_is_wrong(
    scenario: str, variant: str, status: str, broken: str | None
) -> None:
    engine = PythonEngine(f"{ENGINES / 'naive_engine.py'}:answer")
    result = run(engine, iter([_fixture(scenario, variant)]), source="one").results[0]
    assert result.status == status, result.reason
    if broken is not None:
        assert broken in result.broken


def test_the_naive_engine_puts_medicaid_before_tricare() -> None:
    case = _fixture("tricare-with-employer-plan", "retiree-civilian-job").case
    engine = PythonEngine(f"{ENGINES / 'naive_engine.py'}:answer")
    medicaid = {
        "id": "member-medicaid",
        "kind": "medicaid",
        "member": case["claim"]["patient"],
        "payer": "State Medicaid (synthetic)",
        "start": "2000-01-01",
    }
    case["coverages"].append(medicaid)
    order = engine.answer(case)["order"]
    tricare = next(c["id"] for c in case["coverages"] if c["kind"] == "tricare")
    assert order.index("member-medicaid") < order.index(tricare)


def test_amounts_beyond_the_tolerance_fail_and_within_it_pass() -> None:
    fx = _fixture("spouse-plans", "wife-is-patient", payments="always")
    pays = dict(fx.expected["payments"])
    cov = next(iter(pays))
    off = {**pays, cov: str(Decimal(pays[cov]) + Decimal("0.01"))}
    answer = {"id": fx.id, "order": fx.expected["order"], "payments": off}
    assert grade(fx, answer, Decimal("0.00"))[0] == "fail"
    assert grade(fx, answer, Decimal("0.01"))[0] == "pass"
    status, _, diff = grade(fx, {**answer, "payments": pays}, Decimal(0))
    assert (status, diff) == ("pass", [])


def test_an_engine_that_supports_fewer_families_skips_the_rest() -> None:
    engine = PythonEngine(f"{ENGINES / 'cobsim_adapter.py'}:answer")
    engine.handshake = engine.handshake.__class__("naic-only", "1", frozenset({"naic"}))
    fixtures = [_fixture("spouse-plans", "wife-is-patient"), _fixture("medicare-working-aged", "employees-20")]
    statuses = [r.status for r in run(engine, iter(fixtures), source="two").results]
    assert statuses == ["pass", "skip"]


# ------------------------------------------------------------------------------------------- broken engines

FAULTY = textwrap.dedent(
    """
    import json, os, sys, time
    sys.path.insert(0, {engines!r})
    from cobsim_adapter import answer
    mode, marker = sys.argv[1], sys.argv[2]
    print(json.dumps({{"protocol": "cobsim-conform/1", "name": "faulty-" + mode}}), flush=True)
    for line in sys.stdin:
        case = json.loads(line)
        first = not os.path.exists(marker)
        if first:
            open(marker, "w").close()
        if first and mode == "crash":
            sys.exit(3)
        if first and mode == "hang":
            time.sleep(60)
        if first and mode == "flood":
            sys.stdout.write("x" * 3_000_000)
            sys.stdout.flush()
            time.sleep(60)
        if first and mode == "garbage":
            print("this is not json", flush=True)
            continue
        if first and mode == "other-id":
            print(json.dumps({{"id": "some-other-case", "order": []}}), flush=True)
            continue
        print(json.dumps(answer(case)), flush=True)
    """
)


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("crash", "closed its output (exit code 3)"),
        ("hang", "no answer within 2 s"),
        ("flood", "longer than 1,000,000 bytes"),
        ("garbage", "not JSON"),
        ("other-id", "the answer is for case 'some-other-case'"),
    ],
)
def test_a_broken_engine_is_an_error_and_the_run_goes_on(mix: Path, tmp_path: Path, mode: str, reason: str) -> None:
    script = tmp_path / "faulty.py"
    script.write_text(FAULTY.format(engines=str(ENGINES)), encoding="utf-8")
    engine = CommandEngine(f"{sys.executable} {script} {mode} {tmp_path / 'marker'}", timeout=2)
    fixtures = list(read_fixtures(mix))[:4]
    try:
        result = run(engine, iter(fixtures), source="mix")
    finally:
        engine.close()
    assert [r.status for r in result.results] == ["error", "pass", "pass", "pass"]
    assert reason in result.results[0].reason


def test_an_engine_that_cannot_start_is_refused(tmp_path: Path) -> None:
    from cobsim.conform import EngineError

    with pytest.raises(EngineError, match="cannot start"):
        CommandEngine(str(tmp_path / "no-such-engine"))
    script = tmp_path / "silent.py"
    script.write_text("print('hello')\n", encoding="utf-8")
    with pytest.raises(EngineError, match="handshake"):
        CommandEngine(f"{sys.executable} {script}")


# ------------------------------------------------------------------------------------------- input and reports


def test_fixtures_come_from_a_zip_too(mix: Path, tmp_path: Path) -> None:
    lines = mix.read_text(encoding="utf-8").splitlines()
    bundle = tmp_path / "set.zip"
    bundle.write_bytes(build_zip(lines, seed=11, scenarios=["all"], faker_version="x"))
    assert [f.id for f in read_fixtures(bundle)] == [f.id for f in read_fixtures(mix)]


@pytest.mark.parametrize(
    ("content", "message"),
    [("not json\n", "not JSON"), ('{"id": "x"}\n', "expected"), ('{"expected": {"order": []}}\n', "'id'")],
)
def test_bad_fixture_files_are_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        list(read_fixtures(path))


def test_reports_validate_and_name_the_broken_rules(mix: Path, tmp_path: Path) -> None:
    engine = CommandEngine(NAIVE)
    try:
        result = run(engine, read_fixtures(mix), source=str(mix))
    finally:
        engine.close()
    counts = result.counts()
    assert counts["fail"] > 0
    assert counts["pass"] > 0
    data = report_data(result)
    write_json(data, tmp_path / "report.json")
    write_junit(result, tmp_path / "junit.xml")
    write_html(data, tmp_path / "report.html")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8")))
    xmlschema.XMLSchema(str(SCHEMAS / "junit.xsd")).validate(str(tmp_path / "junit.xml"))
    broken = {b["id"]: b for b in report["broken_rules"]}
    assert "naic.birthday" in broken
    assert "NAIC MDL-120" in broken["naic.birthday"]["citation"]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "naic.birthday" in html
    assert "synthetic" in html


def test_protocol_messages_match_their_schemas(mix: Path) -> None:
    handshake = json.loads((SCHEMAS / "handshake.schema.json").read_text(encoding="utf-8"))
    answer = json.loads((SCHEMAS / "answer.schema.json").read_text(encoding="utf-8"))
    sys.path.insert(0, str(ENGINES))
    try:
        import cobsim_adapter  # type: ignore[import-not-found]
        import naive_engine  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ENGINES))
    jsonschema.validate(cobsim_adapter.HANDSHAKE, handshake)
    jsonschema.validate(naive_engine.HANDSHAKE, handshake)
    for fx in list(read_fixtures(mix))[:20]:
        jsonschema.validate(cobsim_adapter.answer(fx.case), answer)
        jsonschema.validate(naive_engine.answer(fx.case), answer)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x"}, answer)


# ------------------------------------------------------------------------------------------- CLI, baseline, shrink


def test_the_conform_command_writes_reports_compares_a_baseline_and_shrinks(mix: Path, tmp_path: Path) -> None:
    load_plugins()
    runner = CliRunner()
    good = runner.invoke(app, ["conform", str(mix), "--engine-cmd", ADAPTER, "-o", str(tmp_path / "good")])
    assert good.exit_code == 0, good.output
    assert "120 pass" in good.output
    bad = runner.invoke(
        app,
        [
            "conform",
            str(mix),
            "--engine-python",
            f"{ENGINES / 'naive_engine.py'}:answer",
            "-o",
            str(tmp_path / "bad"),
            "--baseline",
            str(tmp_path / "good" / "report.json"),
            "--shrink",
            "--shrink-limit",
            "2",
        ],
    )
    assert bad.exit_code == 1, bad.output
    report = json.loads((tmp_path / "bad" / "report.json").read_text(encoding="utf-8"))
    assert report["baseline"]["regressed"]
    assert report["baseline"]["fixed"] == []
    assert report["shrunk"]
    assert any(s["smaller"] for s in report["shrunk"])
    shrunk = (tmp_path / "bad" / "shrunk.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(shrunk) == len(report["shrunk"])
    for path in ("junit.xml", "report.html"):
        assert (tmp_path / "bad" / path).is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "name the engine under test once"),
        (["--engine-cmd", "x", "--engine-url", "http://127.0.0.1:9"], "name the engine under test once"),
        (["--engine-python", "nope"], "module:function"),
        (["--engine-url", "ftp://x"], "http://"),
        (["--engine-python", "json:dumps", "--tolerance", "-1"], "--tolerance"),
    ],
)
def test_bad_options_are_refused_clearly(mix: Path, args: list[str], message: str) -> None:
    load_plugins()
    result = CliRunner().invoke(app, ["conform", str(mix), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
