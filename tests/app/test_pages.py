"""AppTest for every page, each asserting a domain result (streamlit.testing)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from cobsim.services import clock as clocks
from cobsim.services.curriculum import load_curriculum
from cobsim.services.fixtures import verify_zip
from cobsim.services.identity import hash_secret
from cobsim.services.practice import Practice
from cobsim.services.quiz import Question, Quiz
from cobsim.services.store import ProgressStore
from tests.conftest import EXAMPLES, ROOT
from ui.state import case_source

APP = str(ROOT / "app.py")
LESSON = "who-pays-first-subscriber"
PASSWORD = "correct horse battery"
N = load_curriculum().lesson(LESSON).questions


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "progress.db"
    monkeypatch.setenv("COBSIM_DB", str(path))
    monkeypatch.delenv("COBSIM_INSTRUCTOR_PASSWORD", raising=False)
    monkeypatch.delenv("COBSIM_INSTRUCTOR_PASSWORD_HASH", raising=False)
    with clocks.frozen(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)):
        yield path


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    return Quiz(load_curriculum(), case_source)


def start(name: str | None = "Dana Lee", code: str = "0", pin: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if name is not None:
        at.text_input(key="signin_name").input(name)
        at.text_input(key="signin_class").input(code)
        if pin:
            at.text_input(key="signin_pin").input(pin)
        button(at, "Start").click().run()
    return at


def button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


def has_button(at: AppTest, label: str) -> bool:
    return any(b.label == label for b in at.button)


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "success", "error", "warning", "info") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def shown_question(at: AppTest, quiz: Quiz) -> Question:
    """The question on screen, from its item id (the page shows it; tests and trainees can quote it)."""
    item = next(c.value for c in at.caption if str(c.value).startswith("Item "))
    qid = str(item).removeprefix("Item ")
    lesson = next(x for x in quiz.curriculum.lessons if qid.startswith(x.id + "-"))
    rest = qid.removeprefix(lesson.id + "-").split("-")
    attempt = int(rest[2][1:]) if len(rest) > 2 else 0
    return quiz.question(lesson.id, int(rest[0]), int(rest[1]), attempt=attempt)


def answer(at: AppTest, q: Question, *, right: bool) -> None:
    radio = next(r for r in at.radio if r.key and r.key.startswith(f"choice-{q.id}-"))
    key = q.correct_choice.key if right and q.correct_choice else next(c.key for c in q.choices if c.correct == right)
    radio.set_value(key)
    button(at, "Check answer").click().run()


def test_practise_asks_for_a_name_on_the_page_first(db: Path) -> None:
    at = start(name=None)
    assert not at.exception
    assert at.text_input(key="signin_name").label == "Your name"  # in the main area: a phone sees it first
    assert "Sign in to practise" in texts(at)


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("x" * 62 + "<>", "not less-than sign"),
        ("[link](http://e.invalid)", "not left square bracket"),
        ("", "Enter your name"),
    ],
)
def test_a_bad_name_gets_one_sentence_not_a_traceback(db: Path, name: str, says: str) -> None:
    at = start(name=name)
    assert not at.exception
    assert says in at.error[0].value.replace("\\", "")  # shown escaped: Markdown never interprets it
    assert not ProgressStore(db).roster()


def test_the_name_goes_in_the_url_and_a_reload_keeps_it(db: Path) -> None:
    at = start(name="  Zoë   O'Brien ", code="7")
    assert not at.exception
    assert at.query_params["name"] == "Zoë O'Brien"
    assert at.query_params["class"] == "7"
    reload = AppTest.from_file(APP, default_timeout=60)
    reload.query_params["name"] = "zoë o'brien"
    reload.query_params["class"] = "7"
    reload.run()
    assert not reload.exception
    assert "Signed in as **Zoë O'Brien**, class 7" in reload.sidebar.markdown[0].value
    assert reload.button(key="switch_trainee")
    assert [t.name for t in ProgressStore(db).roster(7)] == ["Zoë O'Brien"]


def test_a_pin_protects_the_name(db: Path) -> None:
    at = start(name="Dana Lee", code="3", pin="2580")
    assert not at.exception
    assert "(PIN)" in at.sidebar.markdown[0].value
    other = AppTest.from_file(APP, default_timeout=60)
    other.query_params["name"] = "dana lee"
    other.query_params["class"] = "3"
    other.run()
    assert "enter the PIN" in other.error[0].value.replace("\\", "")
    assert not other.sidebar.markdown or "Signed in" not in other.sidebar.markdown[0].value
    other.text_input(key="signin_pin").input("1111")
    button(other, "Start").click().run()
    assert "That PIN is wrong" in other.error[0].value.replace("\\", "")
    other.text_input(key="signin_pin").input("2580")
    button(other, "Start").click().run()
    assert "Signed in as **Dana Lee**" in other.sidebar.markdown[0].value


def test_a_lesson_opens_with_a_worked_example_then_grades_and_saves(db: Path, quiz: Quiz) -> None:
    at = start()
    assert not at.exception
    assert at.subheader[0].value == "Worked example"
    assert "So the order is" in texts(at)
    button(at, "Start the questions").click().run()
    q = shown_question(at, quiz)
    assert q.lesson == LESSON
    answer(at, q, right=True)
    assert not at.exception
    assert at.success[0].value == "Right."
    assert any(q.rule in m.value for m in at.markdown)
    assert at.get("graphviz_chart")
    store = ProgressStore(db)
    dana = store.find("Dana Lee", 0)
    assert dana is not None
    assert [(a.question, a.correct) for a in store.answers(trainee_id=dana.id)] == [(q.id, True)]
    assert not has_button(at, "Check answer")  # a graded question is never offered again

    button(at, "Next question").click().run()
    q2 = shown_question(at, quiz)
    assert q2.id != q.id
    answer(at, q2, right=False)
    assert not at.exception
    assert at.error[0].value.startswith("Not quite. You answered:")
    assert [a.correct for a in store.answers(trainee_id=dana.id)] == [True, False]


def test_the_hint_is_shown_and_recorded(db: Path, quiz: Quiz) -> None:
    at = start()
    button(at, "Start the questions").click().run()
    q = shown_question(at, quiz)
    button(at, "Show a hint").click().run()
    assert not at.exception
    assert at.info[0].value.startswith("Hint:")
    answer(at, q, right=True)
    store = ProgressStore(db)
    dana = store.find("Dana Lee", 0)
    assert dana is not None
    saved = store.answer_for(dana.id, q.id)
    assert saved is not None
    assert saved.hinted


def test_a_failed_lesson_is_retried_with_new_cases_and_misses_explained(db: Path, quiz: Quiz) -> None:
    at = start()
    button(at, "Start the questions").click().run()
    first_ids = []
    for i in range(N):
        q = shown_question(at, quiz)
        first_ids.append(q.id)
        answer(at, q, right=False)
        button(at, "See your result" if i == N - 1 else "Next question").click().run()
    assert not at.exception
    assert f"Lesson complete: 0 of {N} right" in at.warning[0].value
    assert sum("Why:" in m.value for m in at.markdown) == N  # every miss with its explanation
    assert has_button(at, "Review my misses")
    assert any(b.label.startswith("Next lesson:") for b in at.button)
    button(at, "Practise again with new cases").click().run()
    assert at.subheader[0].value == "Worked example"  # a new sitting opens with a new example
    button(at, "Start the questions").click().run()
    q = shown_question(at, quiz)
    assert q.id not in first_ids
    assert q.id.endswith("-a1")


def test_review_my_misses_serves_a_fresh_case_for_a_missed_rule(db: Path, quiz: Quiz) -> None:
    store = ProgressStore(db)
    practice = Practice(quiz, store)
    dana = store.sign_in("Dana Lee", 0)
    for _ in range(N):
        st8 = practice.state(dana, LESSON)
        q = practice.current(dana, st8)
        assert q is not None
        practice.answer(dana, st8, q, next(c.key for c in q.choices if not c.correct), hinted=False)
    at = start()
    assert f"Lesson complete: 0 of {N} right" in at.warning[0].value
    button(at, "Review my misses").click().run()
    assert not at.exception
    assert "to review" in texts(at)
    q = shown_question(at, quiz)
    assert q.id.split("-a")[-1].isdigit()
    assert int(q.id.split("-a")[-1]) > 1000  # a review case, never a lesson's graded one


def test_state_never_leaks_between_trainees_in_one_tab(db: Path, quiz: Quiz) -> None:
    at = start(name="Dana Lee")
    button(at, "Start the questions").click().run()
    q = shown_question(at, quiz)
    button(at, "Show a hint").click().run()
    answer(at, q, right=True)
    assert at.success[0].value == "Right."
    button(at, "Switch trainee").click().run()
    at.text_input(key="signin_name").input("Sam Roe")
    button(at, "Start").click().run()
    assert not at.exception
    assert at.subheader[0].value == "Worked example"  # Sam starts from the start, sees nothing of Dana's
    assert not at.success
    button(at, "Start the questions").click().run()
    assert shown_question(at, quiz).id == q.id  # same class, same first question ...
    assert not at.info  # ... but Dana's revealed hint is not Sam's
    assert has_button(at, "Check answer")


def test_progress_shows_only_the_trainees_own_answers(db: Path) -> None:
    store = ProgressStore(db)
    practice = Practice(Quiz(load_curriculum(), case_source), store)
    dana, sam = store.sign_in("Dana Lee", 0), store.sign_in("Sam Roe", 0)
    for who, n in ((dana, 3), (sam, 1)):
        for _ in range(n):
            st8 = practice.state(who, LESSON)
            q = practice.current(who, st8)
            assert q is not None
            practice.answer(who, st8, q, q.choices[0].key, hinted=False)
    at = start("Dana Lee")
    at.switch_page("ui/progress.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Answers"] == "3"
    assert "For instructors" not in texts(at)
    assert not at.get("download_button")  # no class CSV on a trainee's page


def test_the_instructor_page_is_closed_without_a_password(db: Path) -> None:
    at = start()
    at.switch_page("ui/instructor.py").run()
    assert not at.exception
    assert "COBSIM_INSTRUCTOR_PASSWORD" in at.info[0].value
    assert not at.get("download_button")
    assert not at.text_input


def test_the_instructor_sees_the_roster_after_the_password(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COBSIM_INSTRUCTOR_PASSWORD_HASH", hash_secret(PASSWORD))
    store = ProgressStore(db)
    store.sign_in("Zoë O'Brien", 4)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("ui/instructor.py").run()
    at.text_input(key="instructor_password").input("wrong password")
    button(at, "Open").click().run()
    assert at.error[0].value == "That password is not right."
    assert not at.get("download_button")
    at.text_input(key="instructor_password").input(PASSWORD)
    button(at, "Open").click().run()
    assert not at.exception
    assert "Zoë O'Brien" in texts(at)
    labels = {b.label for b in at.get("download_button")}
    assert {"Download the class summary (CSV)", "Download the answer log (CSV)", "Moodle XML", "GIFT"} <= labels


def test_explore_refuses_a_bad_upload_without_a_traceback(db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
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


def test_explore_shows_the_order_trace_graph_and_the_chain_as_text(db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("ui/explore.py").run()
    good = (EXAMPLES / "naic" / "c08-step-parents-four-plans.json").read_text()
    at.text_area(key="explore_paste").input(good)
    button(at, "Load").click().run()
    assert not at.exception
    chain, family = at.get("graphviz_chart")[:2]
    assert "ordered by" in chain.proto.spec
    assert "naic.custodial_parent" in chain.proto.spec
    assert "rankdir=TB" in chain.proto.spec
    assert "fontsize=16" in chain.proto.spec
    assert "1. " in chain.proto.alt  # the text alternative travels with the chart
    assert "subscriber" in family.proto.spec
    assert any("patient $" in m.value for m in at.markdown)
    assert any(m.value.startswith("1. ") and "the patient owes" in m.value for m in at.markdown)


def test_fixture_zip_manifest_checksums_match(db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
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
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("ui/explore.py").run()
    at.text_area(key="explore_paste").input(json.dumps(raw))
    button(at, "Load").click().run()
    assert not at.exception
    heading = at.subheader[0].value
    assert "\\*\\*bold\\*\\*" in heading
    assert "\\<script\\>" in heading
    assert "\\[link\\]\\(http" in heading


def test_explore_refuses_a_case_that_is_too_large(db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("ui/explore.py").run()
    at.text_area(key="explore_paste").input('{"id": "x", "title": "' + "a" * 1_100_000 + '"}')
    button(at, "Load").click().run()
    assert not at.exception
    assert "a case may be at most 1,000,000 bytes" in at.error[0].value
