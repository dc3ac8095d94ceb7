"""AppTest for every page, each asserting a domain result (streamlit.testing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cobsim.services.curriculum import load_curriculum
from cobsim.services.fixtures import verify_zip
from cobsim.services.quiz import Quiz
from cobsim.services.store import ProgressStore
from tests.conftest import EXAMPLES, ROOT
from ui.state import case_source

APP = str(ROOT / "app.py")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "progress.db"
    monkeypatch.setenv("COBSIM_DB", str(path))
    return path


def start(name: str | None = "Dana Lee", code: int = 0) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if name is not None:
        at.sidebar.text_input(key="trainee").input(name)
        at.sidebar.number_input(key="class_code").set_value(code)
        at.run()
    return at


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def first_question():  # type: ignore[no-untyped-def]
    curriculum = load_curriculum()
    lesson = curriculum.lessons[0]
    return lesson, Quiz(curriculum, case_source).question(lesson.id, 0, 0)


def test_practise_asks_for_a_name_first(db: Path) -> None:
    at = start(name=None)
    assert not at.exception
    assert "Enter your name" in at.info[0].value


def test_a_right_and_a_wrong_answer_are_graded_and_saved(db: Path) -> None:
    lesson, q = first_question()
    at = start()
    assert not at.exception
    assert at.selectbox(key="lesson").value == lesson.id
    right = q.correct_choice
    if right is None:  # a payment question
        assert q.expected_amounts is not None
        at.text_input(key=f"paid-{q.id}").input(str(q.expected_amounts[0]))
        at.text_input(key=f"owes-{q.id}").input(str(q.expected_amounts[1]))
    else:
        at.radio(key=f"choice-{q.id}").set_value(right.key)
    button(at, "Check answer").click().run()
    assert not at.exception
    assert at.success[0].value == "Right."
    assert any(q.rule in m.value for m in at.markdown)
    assert at.get("graphviz_chart")
    store = ProgressStore(db)
    assert [(a.question, a.correct) for a in store.attempts("Dana Lee")] == [(q.id, True)]

    button(at, "Next question").click().run()
    q2 = Quiz(load_curriculum(), case_source).question(lesson.id, 0, 1)
    if q2.correct_choice is None:
        at.text_input(key=f"paid-{q2.id}").input("0.01")
        at.text_input(key=f"owes-{q2.id}").input("99999")
    else:
        wrong = next(c for c in q2.choices if not c.correct)
        at.radio(key=f"choice-{q2.id}").set_value(wrong.key)
    button(at, "Check answer").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Not quite. The answer is:")
    assert [a.correct for a in ProgressStore(db).attempts("Dana Lee")] == [True, False]


def test_progress_is_read_back_by_a_fresh_session(db: Path) -> None:
    store = ProgressStore(db)
    for i, ok in enumerate([True, True, False]):
        store.record(
            "Dana Lee",
            class_code=0,
            lesson="l1",
            question=f"q{i}",
            kind="order",
            rule="naic.birthday",
            correct=ok,
            given="a",
            expected="b",
        )
    at = start()
    at.switch_page("ui/progress.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Answers"] == "3"
    assert metrics["Right"] == "2"
    assert any("Birthday rule" in m.value for m in at.markdown)


def test_explore_refuses_a_bad_upload_without_a_traceback(db: Path) -> None:
    at = start()
    at.switch_page("ui/explore.py").run()
    at.text_area(key="explore_paste").input("{not json")
    button(at, "Load").click().run()
    assert not at.exception
    assert "not valid JSON" in at.error[0].value
    bad = json.loads((EXAMPLES / "naic" / "c02-birthday-rule.json").read_text())
    bad["people"][0]["name"] = "<img src=x onerror=alert(1)>"
    bad["claim"]["patient"] = "nobody"
    at.text_area(key="explore_paste").input(json.dumps(bad))
    button(at, "Load").click().run()
    assert "the claim names patient 'nobody'" in at.error[0].value


def test_explore_shows_the_order_trace_and_graph(db: Path) -> None:
    at = start()
    at.switch_page("ui/explore.py").run()
    good = (EXAMPLES / "naic" / "c08-step-parents-four-plans.json").read_text()
    at.text_area(key="explore_paste").input(good)
    button(at, "Load").click().run()
    assert not at.exception
    chart = at.get("graphviz_chart")[0]
    assert "naic.custodial_parent" in chart.proto.spec
    assert any("patient $" in m.value for m in at.markdown)


def test_fixture_zip_manifest_checksums_match(db: Path) -> None:
    at = start()
    at.switch_page("ui/fixtures.py").run()
    at.number_input(key="fx_count").set_value(24)
    at.number_input(key="fx_seed").set_value(3)
    button(at, "Build the fixture set").click().run()
    assert not at.exception
    data = at.session_state["fx_zip"]
    manifest = verify_zip(data)
    assert manifest["count"] == 24
    assert manifest["seed"] == 3


def test_explore_shows_hostile_text_literally(db: Path) -> None:
    raw = json.loads((EXAMPLES / "naic" / "c02-birthday-rule.json").read_text())
    raw["title"] = "**bold** <script>alert(1)</script> [link](http://example.invalid)"
    raw["people"][0]["name"] = "<img src=x onerror=alert(1)>"
    at = start()
    at.switch_page("ui/explore.py").run()
    at.text_area(key="explore_paste").input(json.dumps(raw))
    button(at, "Load").click().run()
    assert not at.exception
    heading = at.subheader[0].value
    assert "\\*\\*bold\\*\\*" in heading
    assert "\\<script\\>" in heading
    assert "\\[link\\]\\(http" in heading


def test_explore_refuses_a_case_that_is_too_large(db: Path) -> None:
    at = start()
    at.switch_page("ui/explore.py").run()
    at.text_area(key="explore_paste").input('{"id": "x", "title": "' + "a" * 1_100_000 + '"}')
    button(at, "Load").click().run()
    assert not at.exception
    assert "a case may be at most 1,000,000 bytes" in at.error[0].value
