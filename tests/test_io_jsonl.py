"""Reading case files: JSONL streamed line by line, every bad line reported with its number, a summary always,
exit 1 for bad lines and 2 for a file that cannot be read or holds no case; nothing raw reaches the terminal."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from cobsim.cli import app
from cobsim.errors import InvalidInput
from cobsim.io import read_case, read_cases
from cobsim.model.limits import MAX_CASE_BYTES
from tests.conftest import EXAMPLES

runner = CliRunner()
GOOD = json.loads((EXAMPLES / "naic" / "c02-birthday-rule.json").read_text())


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def jsonl(tmp_path: Path, *lines: str | bytes, name: str = "cases.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\n".join(x if isinstance(x, bytes) else x.encode() for x in lines))
    return path


def test_every_bad_line_is_reported_with_its_number_and_the_summary_is_printed(tmp_path: Path) -> None:
    bad = dict(GOOD, id="bad-one", claim=dict(GOOD["claim"], patient="nobody"))
    path = jsonl(tmp_path, json.dumps(GOOD), "", json.dumps(bad), "{not json", json.dumps(GOOD), "   ")
    code, output = run("validate", str(path))
    assert code == 1
    lines = output.splitlines()
    assert lines[0].startswith(f"{path}:3: case 'bad-one'")
    assert lines[1].startswith(f"{path}:4: not valid JSON")
    assert lines[-1] == "2 valid, 2 invalid"
    code, output = run("check", str(path))
    assert code == 1
    assert output.splitlines()[-1] == "2 cases checked, 0 differ, 2 invalid"


def test_a_line_too_long_is_reported_and_the_lines_after_it_are_read(tmp_path: Path) -> None:
    huge = b'{"id": "' + b"x" * (MAX_CASE_BYTES + 10) + b'"}'
    path = jsonl(tmp_path, json.dumps(GOOD), huge, json.dumps(GOOD))
    code, output = run("validate", str(path))
    assert code == 1
    assert f"{path}:2: the line is 1,000,020 bytes; a case may be at most 1,000,000 bytes" in output
    assert output.splitlines()[-1] == "2 valid, 1 invalid"


def test_crlf_lines_and_a_byte_order_mark_on_any_line_are_read(tmp_path: Path) -> None:
    text = json.dumps(GOOD)
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode() + b"\r\n" + b"\xef\xbb\xbf" + text.encode() + b"\r\n")
    code, output = run("validate", str(path))
    assert code == 0, output
    assert output.splitlines()[-1] == "2 valid, 0 invalid"


@pytest.mark.parametrize(
    ("content", "said"),
    [(b"", "is empty: it holds no case"), (b"\n \n\t\n" * 3, "has only blank lines (9): it holds no case")],
    ids=["empty", "blank"],
)
def test_an_empty_or_blank_file_exits_2_with_a_sentence(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "nothing.jsonl"
    path.write_bytes(content)
    for command in ("validate", "check"):
        code, output = run(command, str(path))
        assert code == 2, output
        assert f"{path} {said}" in output
        assert "could not be read" in output.splitlines()[-1]
    empty_json = tmp_path / "nothing.json"
    empty_json.write_bytes(b"  \n")
    code, output = run("validate", str(empty_json))
    assert code == 2
    assert "is empty: it holds no case" in output


def test_a_missing_file_or_a_folder_exits_2_with_a_sentence_and_no_traceback(tmp_path: Path) -> None:
    for command in ("validate", "check", "solve", "explain"):
        code, output = run(command, str(tmp_path / "missing.jsonl"))
        assert code == 2, (command, output)
        assert "cannot read" in output
        assert "No such file" in output
        assert "Traceback" not in output
    code, output = run("check", str(tmp_path))
    assert code == 2
    assert "Is a directory" in output


def test_a_readable_file_and_a_missing_one_still_give_a_summary(tmp_path: Path) -> None:
    good = jsonl(tmp_path, json.dumps(GOOD))
    code, output = run("validate", str(good), str(tmp_path / "missing.json"))
    assert code == 2
    assert output.splitlines()[-1] == "1 valid, 0 invalid, 1 file could not be read"


def test_reading_is_streamed_in_constant_memory(tmp_path: Path) -> None:
    """20 MB of blank lines and cases: the reader holds one line at a time."""
    path = tmp_path / "big.jsonl"
    line = json.dumps(GOOD).encode()
    with path.open("wb") as f:
        for _ in range(40):
            f.write(b"\n" * 500_000)
            f.write(line + b"\n")
    tracemalloc.start()
    try:
        entries = sum(1 for entry in read_cases(path) if entry.case is not None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert entries == 40
    assert peak < 5_000_000, f"peak {peak:,} bytes"


def test_read_case_wants_exactly_one(tmp_path: Path) -> None:
    path = jsonl(tmp_path, json.dumps(GOOD), json.dumps(GOOD))
    with pytest.raises(InvalidInput, match="holds more than one case"):
        read_case(path)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_CASE_BYTES + 1))
    with pytest.raises(InvalidInput, match="more than 1,000,000 bytes"):
        read_case(big)


def test_the_console_never_gets_raw_control_characters(tmp_path: Path) -> None:
    hostile = dict(GOOD, id="x\x1b]0;pwned\x07\x1b[2J\u202e\ud800")
    text = json.dumps(hostile)  # ASCII escapes: the reader turns them into the characters
    path = jsonl(tmp_path, text, name="hostile\x1b[31m.jsonl")
    code, output = run("validate", str(path))
    assert code == 1
    assert "\x1b" not in output
    assert "\u202e" not in output
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\u202e\\ud800" in output
    assert "hostile\\x1b[31m.jsonl:1" in output
    single = tmp_path / "hostile.json"
    single.write_text(text)
    for command in ("solve", "explain"):
        code, output = run(command, str(single))
        assert code == 2
        assert "\x1b" not in output


def test_the_real_command_line_prints_escapes_and_summaries(tmp_path: Path) -> None:
    """Through the installed console script, with its real stdout and stderr (encoding included)."""
    hostile = dict(GOOD, id="bad\ud800\x1b[2J")
    path = jsonl(tmp_path, json.dumps(GOOD), json.dumps(hostile), b"\xff\xfe{")
    cobsim = Path(sys.executable).with_name("cobsim")
    done = subprocess.run([str(cobsim), "validate", str(path)], capture_output=True, timeout=120, check=False)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in out + done.stderr.decode("utf-8", "replace")
    assert "\x1b" not in out
    assert out.splitlines()[-1] == "1 valid, 2 invalid"
    assert f"{path}:3: the document is UTF-16 or UTF-32 text; save it as UTF-8" in out
    done = subprocess.run(
        [str(cobsim), "check", str(tmp_path / "nope.jsonl")], capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr + done.stdout
    assert b"cannot read" in done.stdout


@given(
    lines=st.lists(
        st.sampled_from(["", " ", "\t \r", "{not json", "[]", '{"id": 1}', "ok", "\x0c", "x" * 40]), max_size=30
    ),
    block=st.integers(1, 64),
    trailing_newline=st.booleans(),
)
def test_the_block_reader_numbers_lines_like_a_plain_split(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], block: int, trailing_newline: bool
) -> None:
    """Blocks of any size give the same entries, with the same line numbers, as splitting the whole file."""
    import cobsim.io as io_module

    path = tmp_path_factory.mktemp("blocks") / "lines.jsonl"
    path.write_text("\n".join(lines) + ("\n" if trailing_newline else ""))
    expected = [f"{path}:{n}" for n, text in enumerate(lines, start=1) if text.strip(" \t\r\n\x0b\x0c")]
    saved = io_module._BLOCK
    io_module._BLOCK = block
    try:
        if expected:
            assert [entry.where for entry in read_cases(path)] == expected
        else:
            with pytest.raises(InvalidInput, match="holds no case"):
                list(read_cases(path))
    finally:
        io_module._BLOCK = saved
