"""AppTest: the Explore page shows the claim's life and offers its files; the fixture page adds x12/ and fhir/."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cobsim.services.fixtures import verify_zip
from tests.conftest import EXAMPLES, ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "progress.db"
    monkeypatch.setenv("COBSIM_DB", str(path))
    return path


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.text_input(key="signin_name").input("Dana Lee")
    at.text_input(key="signin_class").input("0")
    next(b for b in at.button if b.label == "Start").click().run()
    return at


def test_explore_shows_the_claim_timeline_and_offers_the_files(db: Path) -> None:
    at = start()
    at.switch_page("ui/explore.py").run()
    case = (EXAMPLES / "claims" / "claims-co22-rebill-working-aged.json").read_text()
    at.text_area(key="explore_paste").input(case)
    next(b for b in at.button if b.label == "Load").click().run()
    assert not at.exception
    assert any(s.value == "The claim's life" for s in at.subheader)
    timeline = at.table[-1].value
    assert list(timeline["step"])[:3] == ["intake", "submit", "deny"]
    assert any("CO-22" in text for text in timeline["what happens"])
    assert any("$0.00" in m.value and "writes off" in m.value for m in at.markdown)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download every file (ZIP)" in labels
    assert any("837P" in label for label in labels)
    assert any("fhir" in label for label in labels)


def test_fixture_zip_with_claim_files(db: Path) -> None:
    at = start()
    at.switch_page("ui/fixtures.py").run()
    at.number_input(key="fx_count").set_value(6)
    at.selectbox(key="fx_payments").set_value("always")
    at.multiselect(key="fx_interchange").set_value(["x12", "fhir"])
    next(b for b in at.button if b.label == "Build the fixture set").click().run()
    assert not at.exception
    data = at.session_state["fx_zip"]
    manifest = verify_zip(data)
    assert manifest["interchange"]["files"]["fhir"] == 6
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("x12/") and "837" in n for n in names)
