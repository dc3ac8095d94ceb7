"""The instructor's services (password, class report, item statistics, CSV) and the course-platform exports."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from cobsim.errors import InvalidInput
from cobsim.rules.registry import ALL_RULES
from cobsim.services import exports
from cobsim.services.curriculum import load_curriculum
from cobsim.services.identity import hash_secret
from cobsim.services.instructor import (
    ENV_HASH,
    ENV_PLAIN,
    SECRET_PLAIN,
    ClassReport,
    answers_csv,
    check_password,
    item_statistics,
    password_config,
    summary_csv,
)
from cobsim.services.practice import Practice
from cobsim.services.quiz import Quiz
from cobsim.services.store import Answer, ProgressStore
from ui.state import case_source

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
Q = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
LESSON = "who-pays-first-subscriber"
PAYMENT_LESSON = "paying-the-secondary"
ESRD_LESSON = "esrd-coordination-period"


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    return Quiz(load_curriculum(), case_source)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    s = ProgressStore(tmp_path / "p.db", clock=lambda: NOW)
    yield s
    s.dispose()


# -------------------------------------------------------------------------------------------------- password


def test_the_password_comes_from_the_environment_then_secrets() -> None:
    assert password_config({}).hash is None
    hashed = hash_secret("a long passphrase")
    cfg = password_config({ENV_HASH: hashed, ENV_PLAIN: "another password"}, {SECRET_PLAIN: "third password"})
    assert cfg.source == ENV_HASH
    assert check_password("a long passphrase", cfg)
    assert not check_password("another password", cfg)
    plain = password_config({}, {SECRET_PLAIN: "third password"})
    assert plain.hash is not None
    assert "third password" not in plain.hash  # only the hash is kept
    assert check_password("third password", plain)
    assert not check_password("", plain)


def test_a_weak_or_malformed_password_keeps_the_page_closed() -> None:
    short = password_config({ENV_PLAIN: "1234"})
    assert short.hash is None
    assert "shorter than 8" in (short.problem or "")
    bad = password_config({ENV_HASH: "not-a-hash"})
    assert bad.hash is None
    assert "not a password hash" in (bad.problem or "")
    assert not check_password("anything", bad)


# ------------------------------------------------------------------------------------------------ statistics


def _answer(tid: int, template: str, correct: bool, n: int, misconception: str | None = None) -> Answer:
    return Answer(
        trainee_id=tid,
        class_code=1,
        source="lesson",
        lesson=template.split("/", maxsplit=1)[0],
        attempt=0,
        slot=n,
        question=f"{template}-{tid}-{n}",
        template=template,
        kind=template.split("/")[1],
        rule="naic.birthday",
        correct=correct,
        hinted=False,
        given="g",
        expected="e",
        explanation="x",
        misconception=misconception,
    )


def test_item_statistics_find_a_template_that_does_not_discriminate() -> None:
    answers = []
    # five trainees of rising skill: 'good' follows skill, 'bad' goes against it, 'easy' everyone gets right
    for tid, skill in enumerate([0.1, 0.3, 0.5, 0.7, 0.9], start=1):
        for n in range(10):
            answers.append(_answer(tid, "l/order/core", n < skill * 10, n))
        answers.append(_answer(tid, "l/rule/good", skill > 0.5, 100))
        answers.append(_answer(tid, "l/rule/bad", skill < 0.5, 101))
        answers.append(_answer(tid, "l/order/easy", True, 102))
    stats = {s.template: s for s in item_statistics(answers)}
    assert stats["l/rule/good"].discrimination is not None
    assert stats["l/rule/good"].discrimination > 0.5
    assert stats["l/rule/bad"].discrimination is not None
    assert stats["l/rule/bad"].discrimination < 0
    assert "does not separate" in stats["l/rule/bad"].flag
    assert stats["l/rule/good"].flag == ""
    assert stats["l/order/easy"].difficulty == 1.0
    assert stats["l/order/easy"].discrimination is None  # nobody missed it: no correlation to compute
    assert "very easy" in stats["l/order/easy"].flag
    assert (stats["l/rule/good"].lesson, stats["l/rule/good"].kind, stats["l/rule/good"].scenario) == (
        "l",
        "rule",
        "good",
    )
    few = item_statistics([_answer(1, "l/x/y", True, 0), _answer(2, "l/x/y", False, 0)])
    assert few[0].discrimination is None
    assert few[0].flag == "too few trainees yet"


def test_the_class_report_and_its_csvs(store: ProgressStore, quiz: Quiz) -> None:
    practice = Practice(quiz, store, clock=lambda: NOW)
    zoe = store.sign_in("Zoë O'Brien", 5)
    eve = store.sign_in("Eve Adams", 5)
    store.sign_in("Other Class", 6)
    for who, right in ((zoe, True), (eve, False)):
        for _ in range(quiz.curriculum.lesson(LESSON).questions):
            state = practice.state(who, LESSON)
            q = practice.current(who, state)
            assert q is not None
            key = next(c.key for c in q.choices if c.correct == right)
            practice.answer(who, state, q, key, hinted=False)
    report = ClassReport(store, quiz.curriculum, 5, NOW)
    summaries = {s.trainee.name: s for s in report.summaries()}
    assert set(summaries) == {"Zoë O'Brien", "Eve Adams"}
    assert summaries["Zoë O'Brien"].lessons_passed == (LESSON,)
    assert summaries["Eve Adams"].lessons_passed == ()
    assert summaries["Eve Adams"].right == 0
    mastery = {row["trainee"]: row for row in report.mastery()}
    rule = report.rules()[0]
    assert mastery["Zoë O'Brien"][rule] == "mastered"
    assert mastery["Eve Adams"][rule] in ("learning", "due")
    assert report.rule_mastery()[0]["share mastered"] == "50%"
    if any(a.misconception for a in report.answers):
        assert report.misconceptions()[0].trainees == 1

    summary = summary_csv(report)
    assert summary.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(summary.decode("utf-8-sig"))))
    assert {r["trainee"]: r["lessons_passed"] for r in rows} == {"Eve Adams": "0", "Zoë O'Brien": "1"}
    log = answers_csv(report).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(log)))) == 2 * quiz.curriculum.lesson(LESSON).questions
    assert "Other Class" not in log


def test_csv_cells_cannot_run_as_formulas(store: ProgressStore, quiz: Quiz) -> None:
    t = store.sign_in("Dana Lee", 9)
    store.record(
        Answer(t.id, 9, "lesson", "l", 0, 0, "q", "l/o/s", "order", "r", False, False, "=HYPERLINK(1)", "+1", "", None)
    )
    text = answers_csv(ClassReport(store, quiz.curriculum, 9, NOW)).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "'+1" in text


# --------------------------------------------------------------------------------------------------- exports


def test_qti_package_items_have_one_right_answer_and_feedback_per_option(quiz: Quiz) -> None:
    data = exports.qti_package(quiz, LESSON, 0, variants=2)
    assert data == exports.qti_package(quiz, LESSON, 0, variants=2)  # same input, same bytes
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        manifest = ET.fromstring(zf.read("imsmanifest.xml"))
        hrefs = {f.get("href") for f in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}file")}
        assert hrefs <= names
        items = [n for n in names if n.startswith("items/")]
        assert len(items) == 2 * quiz.curriculum.lesson(LESSON).questions
        assert "SYNTHETIC" in zf.read("README.txt").decode().upper()
        for name in items:
            item = ET.fromstring(zf.read(name))
            assert item.tag == f"{Q}assessmentItem"
            choices = [c.get("identifier") for c in item.iter(f"{Q}simpleChoice")]
            correct = [v.text for v in item.iter(f"{Q}value") if v.text in choices]
            assert len(correct) == 1
            feedback = {m.get("identifier") for m in item.iter(f"{Q}modalFeedback")}
            assert feedback == set(choices)
            assert "Synthetic" in ET.tostring(item, encoding="unicode")
        test = ET.fromstring(zf.read("tests/test.xml"))
        assert len(list(test.iter(f"{Q}assessmentItemRef"))) == len(items)


def test_payment_questions_export_as_two_amounts(quiz: Quiz) -> None:
    lesson = quiz.curriculum.lesson(PAYMENT_LESSON)
    payment = [
        quiz.question(PAYMENT_LESSON, 0, i)
        for i in range(lesson.questions)
        if quiz.question(PAYMENT_LESSON, 0, i).kind.value == "payment"
    ]
    assert payment
    q = payment[0]
    assert q.expected_amounts is not None
    with zipfile.ZipFile(io.BytesIO(exports.qti_package(quiz, PAYMENT_LESSON))) as zf:
        item = ET.fromstring(zf.read(f"items/item-{q.id}.xml"))
    values = [Decimal(v.text or "") for d in item.iter(f"{Q}responseDeclaration") for v in d.iter(f"{Q}value")]
    assert values == list(q.expected_amounts)
    assert len(list(item.iter(f"{Q}textEntryInteraction"))) == 2
    moodle = ET.fromstring(exports.moodle_xml(quiz, PAYMENT_LESSON))
    cloze = [x for x in moodle.iter("question") if x.get("type") == "cloze"]
    assert cloze
    text = cloze[0].find("questiontext/text")
    assert text is not None
    assert text.text is not None
    assert text.text.count(":NUMERICAL:=") == 2
    gift = exports.gift(quiz, PAYMENT_LESSON).decode()
    assert f"={q.expected_amounts[0]:.2f}:0.005#" in gift


def test_moodle_xml_has_one_right_answer_and_feedback_on_every_answer(quiz: Quiz) -> None:
    data = exports.moodle_xml(quiz, LESSON, 3)
    assert b"<!-- Synthetic training data" in data
    root = ET.fromstring(data)
    questions = [q for q in root.iter("question") if q.get("type") == "multichoice"]
    assert len(questions) == quiz.curriculum.lesson(LESSON).questions
    for q in questions:
        answers = q.findall("answer")
        assert [a.get("fraction") for a in answers].count("100") == 1
        assert all((a.findtext("feedback/text") or "").strip() for a in answers)


def test_gift_escapes_its_special_characters_and_gives_feedback_per_option(quiz: Quiz) -> None:
    text = exports.gift(quiz, LESSON).decode()
    assert text.startswith("// Synthetic")
    blocks = re.findall(r"^::(.+?)::(.*?) \{\n(.*?)\n\}$", text, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) == quiz.curriculum.lesson(LESSON).questions
    for _title, stem, body in blocks:
        assert not re.search(r"(?<!\\)[{}=~]", stem)  # nothing in the question text opens an answer
        options = [line.strip() for line in body.splitlines() if line.strip()[:1] in "=~"]
        assert sum(o.startswith("=") for o in options) == 1
        assert all(re.search(r"(?<!\\)#.+", o) for o in options)  # feedback after every option


def test_the_handout_has_the_ladder_the_steps_and_for_esrd_a_month_worksheet(quiz: Quiz) -> None:
    page = exports.handout_html(quiz, LESSON)
    assert "<script" not in page
    assert "The payer ladder" in page
    assert "Decision steps" in page
    assert "Synthetic" in page
    ladder = re.findall(r"<code>([a-z_.]+)</code> - ", page)
    order = [r.id for r in ALL_RULES]
    assert ladder == sorted(ladder, key=order.index)
    assert set(ladder) == set(quiz.curriculum.lesson(LESSON).rules)
    assert "ESRD month worksheet" not in page
    esrd = exports.handout_html(quiz, ESRD_LESSON)
    assert "ESRD month worksheet" in esrd
    rows = re.findall(r"<tr><td>(\d+)</td>", esrd)
    assert rows == [str(i) for i in range(1, 37)]
    assert "msp.esrd_coordination_period" in esrd
    assert "@page" in esrd


def test_a_bank_refuses_too_many_variants(quiz: Quiz) -> None:
    with pytest.raises(InvalidInput, match="1 to 5 variants"):
        exports.bank(quiz, LESSON, variants=6)
