"""The conformance kit: transports, the example engines, protocol /1 and /2, reports, baselines and shrinking."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema

from cobsim.conform import CommandEngine, EngineError, HttpEngine, PythonEngine, read_fixtures, run
from cobsim.conform.grading import grade, reference_message
from cobsim.conform.protocol import PROTOCOL_1, Handshake, message
from tests.conform.common import (
    ADAPTER,
    ENGINES,
    NAIVE,
    PAYMENTS_ONLY,
    ROOT,
    START,
    cli,
    fixture,
    generate,
    report,
    schema,
)
from tests.conform.hostile_http import HostileServer


@pytest.fixture(scope="module")
def mix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("fixtures") / "mix.jsonl", 156, 11, shared=4)


@pytest.fixture(scope="module")
def statuses(mix: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for fx in read_fixtures(mix):
        counts[fx.status] = counts.get(fx.status, 0) + 1
    return counts


def test_the_mix_has_every_status(statuses: dict[str, int]) -> None:
    assert statuses.get("indeterminate", 0) > 0
    assert statuses.get("shared", 0) > 0


# ------------------------------------------------------------------------------------------- transports


def test_cobsim_through_the_command_protocol_passes_every_case(mix: Path) -> None:
    engine = CommandEngine(ADAPTER, start_timeout=START)
    try:
        result = run(engine, read_fixtures(mix), source=str(mix))
    finally:
        engine.close()
    assert result.counts == {"pass": 160}
    assert engine.handshake.name == "cobsim"
    assert engine.handshake.tracks == ("order", "payments")
    indeterminate = [r for r in result.results if r.expected["status"] == "indeterminate"]
    assert indeterminate
    assert all(r.parts == {"order": "pass"} for r in indeterminate)


def test_cobsim_in_process_passes_every_case(mix: Path) -> None:
    engine = PythonEngine(f"{ENGINES / 'cobsim_adapter.py'}:answer")
    assert run(engine, read_fixtures(mix)).counts == {"pass": 160}


def test_cobsim_over_http_passes_every_case_and_gives_its_handshake_on_get(mix: Path) -> None:
    server = HostileServer("good")
    try:
        engine = HttpEngine(server.url, start_timeout=START)
        assert engine.handshake.name == "cobsim"
        assert engine.handshake.tracks == ("order", "payments")
        assert run(engine, read_fixtures(mix)).counts == {"pass": 160}
        assert run(engine, read_fixtures(mix), track="payments").counts["fail"] == 0
        engine.close()
    finally:
        server.close()


def test_an_unreachable_http_engine_is_refused_in_one_sentence() -> None:
    with pytest.raises(EngineError, match="no answer from"):
        HttpEngine("http://127.0.0.1:9/none", start_timeout=START)


# ------------------------------------------------------------------------------------------- protocol /1


def v1_answer(case: dict[str, Any]) -> dict[str, Any]:
    """A /1 engine: the bare case in, no status out."""
    sys.path.insert(0, str(ENGINES))
    try:
        import cobsim_adapter  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ENGINES))
    reply = cobsim_adapter.answer(case)
    reply.pop("status", None)
    reply.pop("coverages", None)
    return dict(reply)


def test_a_v1_engine_still_works_and_skips_what_v1_cannot_say(mix: Path, statuses: dict[str, int]) -> None:
    engine = PythonEngine(f"{__file__}:v1_answer")
    engine.handshake = Handshake("v1-engine", "1", None, PROTOCOL_1)
    seen: list[dict[str, Any]] = []
    original = engine.answer_one

    def spy(msg: dict[str, Any]) -> Any:
        seen.append(msg)
        return original(msg)

    engine.answer_one = spy  # type: ignore[method-assign]
    result = run(engine, read_fixtures(mix))
    skipped = statuses["indeterminate"] + statuses["shared"]
    assert result.counts == {"pass": 160 - skipped, "skip": skipped}
    assert all("track" not in m and "people" in m for m in seen)  # /1 is sent the bare case, as before
    skips = [r for r in result.results if r.status == "skip"]
    assert all("cobsim-conform/1" in r.reason for r in skips)
    with pytest.raises(ValueError, match="payments track"):
        run(engine, read_fixtures(mix), track="payments")


# ------------------------------------------------------------------------------------------- example engines


@pytest.mark.parametrize(
    ("scenario", "variant", "status", "broken"),
    [
        ("married-parents-birthday", "older-parent-second", "fail", "naic.birthday"),
        ("medicare-working-aged", "employees-20", "fail", "msp.working_aged"),
        ("medicare-basis-unknown", None, "fail", "msp.basis_unknown"),  # the naive engine never says indeterminate
        ("dual-eligible", "medicare-medicaid", "pass", None),
        ("spouse-plans", "wife-is-patient", "pass", None),
        ("medicaid-last", "employer-plan", "pass", None),
        ("medicare-working-aged", "employees-19", "pass", None),
    ],
)
def test_the_naive_engine_fails_exactly_where_it_is_wrong(
    scenario: str, variant: str | None, status: str, broken: str | None
) -> None:
    from generators.scenarios import CATALOGUE

    fx = fixture(scenario, variant or CATALOGUE[scenario].variants[0])
    engine = PythonEngine(f"{ENGINES / 'naive_engine.py'}:answer")
    result = run(engine, iter([fx])).results[0]
    assert result.status == status, result.reason
    if broken is not None:
        assert broken in result.broken


def test_the_naive_engine_puts_medicaid_before_tricare() -> None:
    case = fixture("tricare-with-employer-plan", "retiree-civilian-job").case
    engine = PythonEngine(f"{ENGINES / 'naive_engine.py'}:answer")
    medicaid = {
        "id": "member-medicaid",
        "kind": "medicaid",
        "member": case["claim"]["patient"],
        "payer": "State Medicaid (synthetic)",
        "start": "2000-01-01",
    }
    case["coverages"].append(medicaid)
    order = engine.answer_one({"track": "order", "case": case}).data["order"]
    tricare = next(c["id"] for c in case["coverages"] if c["kind"] == "tricare")
    assert order.index("member-medicaid") < order.index(tricare)


def test_the_payments_only_example_is_graded_on_amounts_only(mix: Path) -> None:
    engine = CommandEngine(PAYMENTS_ONLY, start_timeout=START)
    try:
        assert engine.handshake.tracks == ("payments",)
        with pytest.raises(ValueError, match="not the order track"):
            run(engine, read_fixtures(mix))
        result = run(engine, read_fixtures(mix), track="payments")
    finally:
        engine.close()
    with_amounts = [fx.id for fx in read_fixtures(mix) if fx.has_amounts]
    graded = [r for r in result.results if r.status != "skip"]
    assert sorted(r.id for r in graded) == sorted(with_amounts)
    assert all(r.status == "pass" and r.parts == {"amounts": "pass"} for r in graded)
    assert all("no amounts" in r.reason for r in result.results if r.status == "skip")


def test_the_payments_track_sends_the_reference_order_and_ranks() -> None:
    fx = fixture("longer-vs-shorter", "same-day-share", payments="always")
    assert fx.status == "shared"
    msg = message(fx.case, "payments", "cobsim-conform/2", reference_message(fx))
    jsonschema.validate(msg, schema("message-2.schema.json"))
    ref = msg["reference"]
    assert ref["order"] == fx.order
    assert sorted(ref["ranks"][0]) == sorted(fx.order)  # the two plans share the first rank
    assert "expected" not in msg["case"]


# ------------------------------------------------------------------------------------------- reports


def test_reports_validate_and_show_what_a_qa_lead_needs(mix: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli(str(mix), "--engine-cmd", NAIVE, "-o", str(out), "--start-timeout", str(START))
    assert result.exit_code == 1, result.output
    data = report(out)
    jsonschema.validate(data, schema("report.schema.json"))
    xmlschema.XMLSchema(str(ROOT / "cobsim" / "conform" / "schemas" / "junit.xsd")).validate(str(out / "junit.xml"))
    s = data["summary"]
    assert s["pass_rate"] == round(s["pass"] / (s["pass"] + s["fail"] + s["error"]), 4)
    broken = {b["id"]: b for b in data["broken_rules"]}
    assert "naic.birthday" in broken
    assert "NAIC MDL-120" in broken["naic.birthday"]["citation"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "naic.birthday" in html
    assert "synthetic" in html
    assert "<b>indeterminate</b>" in html  # the expected status is shown
    failing = next(c for c in data["cases"] if c["status"] == "fail" and c["actual"] is not None)
    assert json.dumps(failing["actual"], sort_keys=True)[:40].replace('"', "&#34;") in html.replace("&quot;", "&#34;")
    suite = ET.parse(out / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    assert int(suite.get("failures", "0")) == s["fail"]
    failures = suite.findall("testcase/failure")
    assert any("rules broken" in (f.text or "") for f in failures)


def test_a_long_failing_answer_is_linked_in_full(tmp_path: Path) -> None:
    fx_path = tmp_path / "one.jsonl"
    fx = fixture("married-parents-birthday", "older-parent-second")
    fx_path.write_text(json.dumps({**fx.case, "expected": fx.expected}) + "\n", encoding="utf-8")
    engine = tmp_path / "long.py"
    engine.write_text(
        "import json, sys\n"
        "sys.path.insert(0, " + repr(str(ENGINES)) + ")\n"
        "from naive_engine import HANDSHAKE, answer\n"
        "print(json.dumps(HANDSHAKE), flush=True)\n"
        "for line in sys.stdin:\n"
        "    print(json.dumps({**answer(json.loads(line)), 'note': 'n' * 100000}), flush=True)\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = cli(str(fx_path), "--engine-cmd", f"{sys.executable} {engine}", "-o", str(out))
    assert result.exit_code == 1, result.output
    case = report(out)["cases"][0]
    assert case["actual"] is None
    assert case["actual_file"] == "answers/000000.json"
    kept = json.loads((out / case["actual_file"]).read_text(encoding="utf-8"))
    assert kept["note"] == "n" * 100000
    assert 'href="answers/000000.json"' in (out / "report.html").read_text(encoding="utf-8")


def test_protocol_messages_match_their_schemas(mix: Path) -> None:
    handshake1, answer1 = schema("handshake.schema.json"), schema("answer.schema.json")
    handshake2, answer2 = schema("handshake-2.schema.json"), schema("answer-2.schema.json")
    message2 = schema("message-2.schema.json")
    sys.path.insert(0, str(ENGINES))
    try:
        import cobsim_adapter  # type: ignore[import-not-found]
        import naive_engine  # type: ignore[import-not-found]
        import payments_only  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ENGINES))
    for module in (cobsim_adapter, naive_engine, payments_only):
        jsonschema.validate(module.HANDSHAKE, handshake2)
        Handshake.parse(module.HANDSHAKE)
    for fx in list(read_fixtures(mix))[:40]:
        order = message(fx.case, "order", "cobsim-conform/2", None)
        jsonschema.validate(order, message2)
        jsonschema.validate(cobsim_adapter.answer(order), answer2)
        jsonschema.validate(naive_engine.answer(order), answer2)
        jsonschema.validate(v1_answer(fx.case), answer1)
        if fx.has_amounts and fx.status != "indeterminate":
            pay = message(fx.case, "payments", "cobsim-conform/2", reference_message(fx))
            jsonschema.validate(pay, message2)
            jsonschema.validate(payments_only.answer(pay), answer2)
    jsonschema.validate({"protocol": "cobsim-conform/1", "name": "x"}, handshake1)
    for bad in ({"id": "x", "payments": {"a": "NaN"}}, {"id": "x", "status": "shared", "order": ["a"]}, {"id": "x"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, answer2)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**cobsim_adapter.HANDSHAKE, "conventions": {"rounding": {"mode": "up"}}}, handshake2)


def test_grade_is_usable_from_python(mix: Path) -> None:
    from cobsim.conform import Reply, Settings

    fx = next(f for f in read_fixtures(mix) if f.status == "determined" and len(f.order) > 1)
    settings = Settings.of(Handshake.parse({"protocol": "cobsim-conform/2", "name": "x"}))
    assert grade(fx, Reply(data={"id": fx.id, "order": fx.order}), settings).status == "pass"
    wrong = grade(fx, Reply(data={"id": fx.id, "order": fx.order[::-1]}), settings)
    assert (wrong.status, wrong.parts) == ("fail", {"order": "fail"})


# ------------------------------------------------------------------------------------------- CLI, baseline, shrink


def test_the_conform_command_writes_reports_and_compares_a_baseline(mix: Path, tmp_path: Path) -> None:
    good = cli(str(mix), "--engine-cmd", ADAPTER, "-o", str(tmp_path / "good"), "--start-timeout", str(START))
    assert good.exit_code == 0, good.output
    assert "160 pass" in good.output
    bad = cli(
        str(mix),
        "--engine-python",
        f"{ENGINES / 'naive_engine.py'}:answer",
        "-o",
        str(tmp_path / "bad"),
        "--baseline",
        str(tmp_path / "good" / "report.json"),
    )
    assert bad.exit_code == 1, bad.output
    data = report(tmp_path / "bad")
    assert data["baseline"]["regressed"]
    assert data["baseline"]["fixed"] == []
    assert not (tmp_path / "bad" / ".cases.spool.jsonl").exists()
    for path in ("junit.xml", "report.html"):
        assert (tmp_path / "bad" / path).is_file()


def test_conform_lives_in_the_kit_and_only_the_shrinker_comes_from_the_generators() -> None:
    import typer.main

    import cobsim.cli

    group = typer.main.get_command(cobsim.cli.app)  # `conform` is imported from the kit when named
    assert group.get_command(typer.Context(group), "conform") is not None
    assert not (ROOT / "generators" / "conform_cli.py").exists()
    from cobsim.conform.shrinking import shrinker

    shrink = shrinker()
    assert shrink is not None
    assert shrink.__module__ == "generators.shrink"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "name the engine under test once"),
        (["--engine-cmd", "x", "--engine-url", "http://127.0.0.1:9"], "name the engine under test once"),
        (["--engine-python", "json:dumps", "--tolerance", "-1"], "--tolerance"),
        (["--engine-python", "json:dumps", "--tolerance", "NaN"], "--tolerance"),
        (["--engine-python", "json:dumps", "--timeout", "0"], "must be positive"),
        (["--engine-python", "json:dumps", "--track", "both"], "--track"),
    ],
)
def test_bad_options_are_refused_clearly(mix: Path, args: list[str], message: str) -> None:
    result = cli(str(mix), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine-python", "nope"], "module:function"),
        (["--engine-url", "ftp://x"], "http://"),
        (["--engine-python", "json:no_such_function"], "no function"),
    ],
)
def test_an_engine_that_cannot_be_used_is_one_line_exit_2_and_reports(
    mix: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    result = cli(str(mix), *args, "-o", str(tmp_path))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert report(tmp_path)["fatal"]
    assert (tmp_path / "junit.xml").is_file()
    assert (tmp_path / "report.html").is_file()


def test_the_command_picks_the_payments_track_for_a_payments_only_engine(mix: Path, tmp_path: Path) -> None:
    result = cli(str(mix), "--engine-cmd", PAYMENTS_ONLY, "-o", str(tmp_path), "--start-timeout", str(START))
    assert result.exit_code == 0, result.output
    data = report(tmp_path)
    assert data["track"] == "payments"
    assert set(data["by_family"]) == {"pay"}  # only the part it answered is counted
    refused = cli(str(mix), "--engine-cmd", PAYMENTS_ONLY, "--track", "order", "-o", str(tmp_path / "x"))
    assert refused.exit_code == 2
    assert "not the order track" in refused.output


def test_a_baseline_from_the_first_report_format_still_loads(tmp_path: Path) -> None:
    from cobsim.conform.report import compare, load_baseline

    old = tmp_path / "old.json"
    old.write_text(
        json.dumps(
            {
                "format": "cobsim-conform-report/1",
                "cases": [{"id": "a", "status": "pass"}, {"id": "b", "status": "fail"}],
            }
        ),
        encoding="utf-8",
    )
    assert compare(load_baseline(old), {"a": "fail", "b": "pass"}) == {
        "fixed": ["b"],
        "regressed": ["a"],
        "new": [],
        "gone": [],
    }
    old.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a cobsim conformance report"):
        load_baseline(old)
