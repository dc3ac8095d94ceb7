"""Engines that misbehave on purpose: whatever an engine does, the kit finishes the run, writes all three reports,
records the fault as the case's ``error`` with its reason (or refuses in one line, exit 2), leaves no process behind,
and keeps its memory bounded.

Time limits here are generous: a healthy answer takes milliseconds and the limit is seconds; only a hang waits for
its limit. None of these tests measures speed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from cobsim.conform import CommandEngine, read_fixtures, run
from tests.conform.common import HERE, HOSTILE, PY, SLOW, START, alive, cli, generate, group_gone, report, started
from tests.conform.hostile_engine import IN_TURN
from tests.conform.hostile_http import HostileServer


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("three") / "three.jsonl", 3, 8, payments="always")


REASONS = {
    "crash": "the engine closed its output (exit code 3)",
    "hang": f"no answer within {SLOW:g} s",
    "flood": "the answer is longer than 1,000,000 bytes",
    "garbage": "the answer is not JSON",
    "other-id": "the answer is for case 'some-other-case'",
    "nan": "is not an amount: 'NaN'",
    "snan": "is not an amount: 'sNaN'",
    "huge": "is not an amount: '1e999999999'",
    "huge-number": "is not an amount: '1E+999999999'",
    "nan-token": "the answer is not JSON (NaN is not JSON)",
    "nested": "nested too deeply",
    "surrogate": "the engine reported an error: lone \\udc80 surrogate",
    "control": "the engine reported an error: \\x1b[2J\\x1b[31mred\\x00 <b>&amp;</b> \\x07bell\\u202e",
    "not-utf8": "the answer is not UTF-8 text",
    "list": "the answer is not a JSON object",
    "fork-holder": f"no answer within {SLOW:g} s",
    "stray": "a stray or repeated line",
}


def conform(fixtures: Path, out: Path, *args: str) -> Any:
    return cli(str(fixtures), "-o", str(out), "--timeout", str(SLOW), "--start-timeout", str(START), *args)


def assert_reports(out: Path) -> dict[str, Any]:
    for name in ("report.json", "junit.xml", "report.html"):
        assert (out / name).stat().st_size > 0, name
    ET.parse(out / "junit.xml")  # well-formed, whatever the engine wrote
    return report(out)


@pytest.mark.parametrize("mode", IN_TURN)
def test_each_fault_is_one_case_error_with_its_reason_and_the_run_goes_on(
    three: Path, tmp_path: Path, mode: str
) -> None:
    state = tmp_path / "state"
    result = conform(three, tmp_path / "out", "--engine-cmd", f"{HOSTILE} {mode} {state}")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    data = assert_reports(tmp_path / "out")
    statuses = [c["status"] for c in data["cases"]]
    hit = 1 if mode == "stray" else 0  # a repeated line is charged to the case waiting after it
    assert statuses == ["pass" if i != hit else "error" for i in range(3)], [c["reason"] for c in data["cases"]]
    assert REASONS[mode] in data["cases"][hit]["reason"]
    pids = started(state)
    assert pids
    assert not [p for p in pids if alive(p)], "the kit left an engine process behind"


def test_answers_are_matched_by_id_not_by_position(three: Path, tmp_path: Path) -> None:
    result = conform(three, tmp_path / "out", "--engine-cmd", f"{HOSTILE} swap {tmp_path / 'state'}")
    assert result.exit_code == 0, result.output
    assert [c["status"] for c in report(tmp_path / "out")["cases"]] == ["pass"] * 3


def test_each_process_group_is_killed_after_a_fault_and_at_the_end(three: Path, tmp_path: Path) -> None:
    engine = CommandEngine(f"{HOSTILE} fork-holder {tmp_path}", timeout=SLOW, start_timeout=START)
    try:
        result = run(engine, read_fixtures(three))
    finally:
        engine.close()
    assert [r.status for r in result.results] == ["error", "pass", "pass"]
    assert engine.restarts == 1
    assert len(engine.pids) == 2  # the first group (with the child that held the pipe) and the restarted one
    assert all(group_gone(pgid) for pgid in engine.pids)
    assert len(started(tmp_path)) == 3


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("bad-handshake", "the handshake is not JSON"),
        ("no-handshake", "no handshake within 3 s"),
        ("silent-exit", "the engine ended before its handshake (exit code 0)"),
    ],
)
def test_an_engine_that_fails_to_start_is_refused_in_one_line_and_killed(
    three: Path, tmp_path: Path, mode: str, reason: str
) -> None:
    state = tmp_path / "state"
    result = cli(
        str(three), "-o", str(tmp_path / "out"), "--start-timeout", "3", "--engine-cmd", f"{HOSTILE} {mode} {state}"
    )
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert reason in errors[0]
    data = assert_reports(tmp_path / "out")
    assert reason in data["fatal"]
    assert not [p for p in started(state) if alive(p)]


def test_stderr_is_kept_bounded_to_its_last_64_kb(three: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    result = conform(three, tmp_path / "out", "--engine-cmd", f"{HOSTILE} stderr-flood {state}")
    assert result.exit_code == 0, result.output
    data = assert_reports(tmp_path / "out")
    assert data["engine"]["stderr_bytes"] > 20_000_000
    kept = (tmp_path / "out" / data["engine_stderr"]).read_text(encoding="utf-8")
    assert len(kept.encode()) <= 66_000
    assert kept.rstrip().endswith("last words of the engine")


def test_engine_text_is_escaped_in_the_console_the_xml_and_the_html(three: Path, tmp_path: Path) -> None:
    for mode in ("control", "surrogate"):
        out = tmp_path / mode
        result = conform(three, out, "--engine-cmd", f"{HOSTILE} {mode} {tmp_path / ('state-' + mode)}")
        assert result.exit_code == 1
        assert "\x1b" not in result.output
        assert "\x00" not in result.output
        root = ET.parse(out / "junit.xml").getroot()
        errors = root.findall("testsuite/testcase/error")
        assert len(errors) == 1
        html = (out / "report.html").read_text(encoding="utf-8")
        assert "\x1b" not in html
        if mode == "control":
            assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in html
            assert "\\x1b[2J" in errors[0].get("message", "")
        else:
            assert "lone \\udc80 surrogate" in html


# ------------------------------------------------------------------------------------------- in-process


def exits(message: dict[str, Any]) -> Any:
    sys.exit(0)


def raises(message: dict[str, Any]) -> Any:
    raise KeyError("no such coverage")


def nan_float(message: dict[str, Any]) -> Any:
    return {"id": message["case"]["id"], "order": [], "payments": {"x": float("nan")}}


def circular(message: dict[str, Any]) -> Any:
    answer: dict[str, Any] = {"id": message["case"]["id"]}
    answer["order"] = [answer]
    return answer


def not_json(message: dict[str, Any]) -> Any:
    return {"id": message["case"]["id"], "order": {1, 2}}


HANDSHAKE = {"protocol": "cobsim-conform/2", "name": "in-process-hostile"}


@pytest.mark.parametrize(
    ("function", "reason"),
    [
        ("exits", "the engine called sys.exit(0)"),
        ("raises", "KeyError: 'no such coverage'"),
        ("nan_float", "cannot be written as JSON"),
        ("circular", "cannot be written as JSON"),
        ("not_json", "cannot be written as JSON"),
    ],
)
def test_an_in_process_engine_fault_is_an_error_of_the_case(
    three: Path, tmp_path: Path, function: str, reason: str
) -> None:
    result = cli(str(three), "-o", str(tmp_path), "--engine-python", f"{__file__}:{function}")
    assert result.exit_code == 1, result.output
    data = assert_reports(tmp_path)
    assert [c["status"] for c in data["cases"]] == ["error"] * 3
    assert reason in data["cases"][0]["reason"]


def test_an_in_process_engine_that_exits_on_import_is_refused(three: Path, tmp_path: Path) -> None:
    engine = tmp_path / "bye.py"
    engine.write_text("import sys\nsys.exit(0)\n", encoding="utf-8")
    result = cli(str(three), "-o", str(tmp_path / "out"), "--engine-python", f"{engine}:answer")
    assert result.exit_code == 2
    assert "cannot import" in result.output
    assert_reports(tmp_path / "out")


# ------------------------------------------------------------------------------------------- HTTP

HTTP_REASONS = {
    "bad-status": "the reply is not valid HTTP",
    "many-headers": "the reply has 153 headers; the kit accepts 100",
    "long-header": "a header line longer than 8,192 bytes",
    "drip-body": f"no complete answer within {SLOW:g} s",
    "drip-head": f"no complete answer within {SLOW:g} s",
    "redirect-other": "redirected to another origin",
    "server-error": "HTTP 500: boom \\x1b[2J",
    "close": "the reply is not valid HTTP",
    "huge-body": "longer than 1,000,000 bytes",
}


@pytest.mark.parametrize("mode", sorted(HTTP_REASONS))
def test_a_hostile_http_reply_is_one_case_error(three: Path, tmp_path: Path, mode: str) -> None:
    server = HostileServer(mode)
    try:
        result = conform(three, tmp_path, "--engine-url", server.url)
    finally:
        server.close()
    assert result.exit_code == 1, result.output
    data = assert_reports(tmp_path)
    assert [c["status"] for c in data["cases"]] == ["error", "pass", "pass"]
    assert HTTP_REASONS[mode] in data["cases"][0]["reason"]


def test_a_same_origin_redirect_is_followed(three: Path, tmp_path: Path) -> None:
    server = HostileServer("redirect-same")
    try:
        result = conform(three, tmp_path, "--engine-url", server.url)
    finally:
        server.close()
    assert result.exit_code == 0, result.output


# ------------------------------------------------------------------------------------------- one kit process


def measured(tmp_path: Path, *args: str) -> tuple[int, int, str]:
    """Run the CLI in its own process; returns (exit code, peak RSS of the kit in KiB, stderr)."""
    peak = tmp_path / "peak"
    proc = subprocess.run(
        [PY, str(HERE / "measure.py"), str(peak), "conform", *args],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return proc.returncode, int(peak.read_text(encoding="utf-8")), proc.stderr


def test_every_fault_in_turn_in_one_bounded_kit_process(tmp_path: Path) -> None:
    fixtures = generate(tmp_path / "many.jsonl", 30, 9, payments="always")
    state = tmp_path / "state"
    out = tmp_path / "out"
    code, peak_kib, stderr = measured(
        tmp_path,
        str(fixtures),
        "--engine-cmd",
        f"{HOSTILE} all {state}",
        "-o",
        str(out),
        "--timeout",
        str(SLOW),
        "--start-timeout",
        str(START),
    )
    assert code == 1, stderr
    assert "Traceback" not in stderr
    data = assert_reports(out)
    reasons = [c["reason"] for c in data["cases"] if c["status"] == "error"]
    for mode in IN_TURN:
        assert any(REASONS[mode] in r for r in reasons), mode
    # one error per fault; the case with a repeated line passes and the case after it carries the error
    assert data["summary"]["error"] == len(IN_TURN)
    assert data["summary"]["pass"] == 30 - len(IN_TURN)
    assert not [p for p in started(state) if alive(p)]
    assert peak_kib < 200 * 1024


def test_200_answers_of_900_kb_stay_under_200_mb(tmp_path: Path) -> None:
    fixtures = generate(tmp_path / "two-hundred.jsonl", 200, 12)
    out = tmp_path / "out"
    state = tmp_path / "state"
    code, peak_kib, stderr = measured(
        tmp_path, str(fixtures), "--engine-cmd", f"{HOSTILE} big {state}", "-o", str(out), "--start-timeout", str(START)
    )
    assert code == 0, stderr
    data = assert_reports(out)
    assert data["summary"]["pass"] == 200
    assert all(c["actual_bytes"] > 900_000 and c["actual"] is None for c in data["cases"])
    assert (out / "report.json").stat().st_size < 5_000_000  # answers are not copied into the report
    assert peak_kib < 200 * 1024, f"peak RSS {peak_kib / 1024:.0f} MB"
    (tmp_path / "peak-mb.txt").write_text(f"{peak_kib / 1024:.1f}\n", encoding="utf-8")
    print(json.dumps({"peak_rss_mb": round(peak_kib / 1024, 1)}))
