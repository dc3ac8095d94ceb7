"""The app's boundary: uploads and pastes are sized before anything parses them, and the pasted text is kept."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from cobsim.model.limits import MAX_CASE_BYTES, MAX_UPLOAD_MB
from cobsim.services.upload import read_submission
from tests.app.test_pages import button, start
from tests.conftest import EXAMPLES, ROOT

GOOD = (EXAMPLES / "naic" / "c02-birthday-rule.json").read_text()


def test_the_upload_cap_is_the_case_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert (MAX_UPLOAD_MB - 1) * 2**20 < MAX_CASE_BYTES <= MAX_UPLOAD_MB * 2**20
    explore = (ROOT / "ui" / "explore.py").read_text()
    assert "max_upload_size=MAX_UPLOAD_MB" in explore


def test_an_upload_over_the_limit_is_refused_before_parsing() -> None:
    big = b"{" + b" " * MAX_CASE_BYTES + b"}"
    said = read_submission(big, "")
    assert said.case is None
    assert said.error == (
        "The uploaded file is 1,000,002 bytes; a case may be at most 1,000,000 bytes. "
        "Put many cases in a .jsonl file for the command line."
    )


def test_a_paste_over_the_limit_is_refused_and_counted_in_bytes() -> None:
    text = '{"title": "' + "é" * 500_000 + '"}'  # 500,013 characters, 1,000,013 bytes
    said = read_submission(None, text)
    assert said.error is not None
    assert said.error.startswith("The pasted text is 1,000,013 bytes; a case may be at most 1,000,000 bytes.")
    assert "Your text is kept in the box" in said.error


def test_uploads_and_pastes_go_through_the_one_reader() -> None:
    said = read_submission(b"\xef\xbb\xbf" + GOOD.encode(), "ignored when a file is given")
    assert said.case is not None
    assert said.text == GOOD
    said = read_submission(GOOD.encode("utf-16"), "")
    assert said.error == "That case cannot be read: the document is UTF-16 or UTF-32 text; save it as UTF-8"
    said = read_submission(None, GOOD.replace('"id": "c02', '"id": "c02", "id": "dup', 1))
    assert said.error is not None
    assert "the key 'id' appears twice" in said.error
    assert read_submission(None, "  ").warning == "Give a file or paste a case first."


@pytest.mark.usefixtures("db")
def test_the_page_refuses_a_long_paste_and_keeps_the_text() -> None:
    at = start()
    at.switch_page("ui/explore.py").run()
    long_text = GOOD[:-2] + ', "title": "' + "a" * MAX_CASE_BYTES + '"}'
    at.text_area(key="explore_paste").input(long_text)
    button(at, "Load").click().run()
    assert not at.exception
    assert "a case may be at most 1,000,000 bytes" in at.error[0].value
    assert "Your text is kept in the box" in at.error[0].value
    assert at.text_area(key="explore_paste").value == long_text
    at.text_area(key="explore_paste").input(GOOD)
    button(at, "Load").click().run()
    assert not at.error
    assert json.loads(at.session_state["explore_case"])["id"] == json.loads(GOOD)["id"]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "progress.db"
    monkeypatch.setenv("COBSIM_DB", str(path))
    return path
