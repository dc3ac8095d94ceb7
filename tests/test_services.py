"""The app's service layer, without streamlit: quiz building and grading, progress store, fixture ZIPs, form
builder. The progress store has its own file, tests/test_store.py."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from cobsim.errors import InvalidCase, InvalidInput
from cobsim.io import parse_case
from cobsim.model.case import Case
from cobsim.services.builder import FormCoverage, FormInput, FormPerson, build_from_form
from cobsim.services.curriculum import Curriculum, Lesson, QuestionKind, ScenarioRef
from cobsim.services.fixtures import build_zip, verify_zip
from cobsim.services.quiz import Quiz
from generators.identity import FAKER_VERSION
from generators.produce import Options, build_case, generate_lines
from generators.scenarios import CATALOGUE


def source(scenario: str, variant: str | None, seed: int, payments: bool) -> Case:
    sc = CATALOGUE[scenario]
    return parse_case(
        build_case(
            sc,
            variant or sc.variants[seed % len(sc.variants)],
            seed,
            Options(payments="always" if payments else "never"),
        )
    )


def lesson(
    kinds: tuple[QuestionKind, ...], scenario: str = "married-parents-birthday", variants: tuple[str, ...] = ()
) -> Lesson:
    return Lesson(
        id="test-lesson",
        title="Test lesson",
        level=1,
        sequence=1,
        summary="A lesson for the tests of the quiz service.",
        objectives=("one", "two"),
        explanation="x" * 200,
        rules=("naic.birthday",),
        scenarios=(ScenarioRef(name=scenario, variants=variants),),
        question_kinds=kinds,
        questions=6,
        pass_mark=0.75,
    )


def quiz_for(kind: QuestionKind, scenario: str = "married-parents-birthday", variants: tuple[str, ...] = ()) -> Quiz:
    return Quiz(Curriculum(lessons=(lesson((kind,), scenario, variants),)), source)


def test_order_question_grades_right_and_wrong_with_the_misconception() -> None:
    quiz = quiz_for(QuestionKind.ORDER, variants=("older-parent-second",))
    q = quiz.question("test-lesson", 3, 0)
    assert q.kind is QuestionKind.ORDER
    assert len(q.choices) == 4
    right = q.correct_choice
    assert right is not None
    graded = quiz.grade(q, right.key)
    assert graded.correct
    assert graded.rule == "naic.birthday"
    assert "6D(2)(a)(i)" in graded.citation
    wrong = next(c for c in q.choices if c.misconception == "older-parent")
    bad = quiz.grade(q, wrong.key)
    assert not bad.correct
    assert bad.misconception is not None
    assert "month and day" in bad.misconception.correction
    assert bad.correct_answer == right.text


def test_questions_are_the_same_for_the_same_class_code() -> None:
    quiz = quiz_for(QuestionKind.ORDER)
    a, b = quiz.question("test-lesson", 42, 2), quiz.question("test-lesson", 42, 2)
    assert a.case == b.case
    assert a.choices == b.choices
    assert quiz.question("test-lesson", 43, 2).case != a.case


def test_rule_question() -> None:
    quiz = quiz_for(QuestionKind.RULE, scenario="medicare-working-aged")
    q = quiz.question("test-lesson", 1, 0)
    right = q.correct_choice
    assert right is not None
    assert right.key in ("msp.working_aged", "msp.small_employer")
    wrong = next(c for c in q.choices if not c.correct)
    graded = quiz.grade(q, wrong.key)
    assert not graded.correct
    assert "does not decide this pair" in graded.explanation


def test_payment_question_grades_amounts_to_the_cent() -> None:
    quiz = quiz_for(QuestionKind.PAYMENT, scenario="spouse-plans")
    q = quiz.question("test-lesson", 5, 0)
    assert q.expected_amounts is not None
    paid, owes = q.expected_amounts
    assert quiz.grade(q, (f"{paid}", f"${owes:,.2f}")).correct
    wrong = quiz.grade(q, (str(paid + Decimal("0.01")), str(owes)))
    assert not wrong.correct
    with pytest.raises(InvalidInput, match="dollars and cents"):
        quiz.grade(q, ("lots", "0"))


def test_next_action_for_a_work_injury_is_to_bill_workers_comp() -> None:
    quiz = quiz_for(QuestionKind.NEXT_ACTION, scenario="workers-comp", variants=("work-injury",))
    q = quiz.question("test-lesson", 0, 0)
    right = q.correct_choice
    assert right is not None
    assert right.key == "bill-wc"
    other = next(c for c in q.choices if not c.correct)
    assert not quiz.grade(q, other.key).correct


def test_unknown_lesson_and_choice_are_refused() -> None:
    quiz = quiz_for(QuestionKind.ORDER)
    with pytest.raises(InvalidInput, match="no lesson"):
        quiz.question("nope", 0, 0)
    with pytest.raises(InvalidInput, match="has questions 0 to 5"):
        quiz.question("test-lesson", 0, 6)
    q = quiz.question("test-lesson", 0, 0)
    with pytest.raises(InvalidInput, match="not one of the choices"):
        quiz.grade(q, "zz")


# --------------------------------------------------------------------------------------------- fixtures


def test_fixture_zip_manifest_checksums_match_and_bytes_are_stable() -> None:
    def make() -> bytes:
        lines = generate_lines(["married-parents-birthday", "medicaid-last"], 30, 4)
        return build_zip(
            lines, seed=4, scenarios=["married-parents-birthday", "medicaid-last"], faker_version=FAKER_VERSION
        )

    data = make()
    assert data == make()
    manifest = verify_zip(data)
    assert manifest["count"] == 30
    assert manifest["synthetic"] is True
    assert manifest["faker_version"] == FAKER_VERSION
    assert manifest["cases_per_scenario"] == {"married-parents-birthday": 15, "medicaid-last": 15}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "SYNTHETIC" in zf.read("README.txt").decode()
        first = json.loads(zf.read("cases.jsonl").decode().splitlines()[0])
        assert first["expected"]["order"]
        assert json.loads(zf.read("case.schema.json"))["$schema"].endswith("2020-12/schema")


def test_a_tampered_zip_fails_verification() -> None:
    data = build_zip(generate_lines(["medicaid-last"], 3, 1), seed=1, scenarios=["medicaid-last"], faker_version="x")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            dst.writestr(item, content + b"\n" if item.filename == "cases.jsonl" else content)
    with pytest.raises(ValueError, match="checksum"):
        verify_zip(buffer.getvalue())


# ---------------------------------------------------------------------------------------------- builder


def test_form_builder_makes_a_divorced_family_case() -> None:
    form = FormInput(
        people=[
            FormPerson(role="patient", name="Kim", birth_date=date(2014, 2, 2), sex="F"),
            FormPerson(role="mother", name="Ana", birth_date=date(1985, 9, 9), sex="F"),
            FormPerson(role="father", name="Ben", birth_date=date(1983, 1, 1), sex="M"),
        ],
        coverages=[
            FormCoverage(holder="father", start=date(2016, 1, 1), employer_size=40),
            FormCoverage(holder="mother", start=date(2018, 1, 1), employer_size=400),
        ],
        service_date=date(2025, 6, 2),
        parents_status="divorced",
        custodial="mother",
    )
    from cobsim import solve

    det = solve(build_from_form(form))
    assert det.order == ("mother-group-2", "father-group-1")
    assert det.deciding_rules == ("naic.custodial_parent",)


def test_form_builder_reports_a_coverage_of_someone_missing() -> None:
    form = FormInput(
        people=[FormPerson(role="patient", name="Kim", birth_date=date(2014, 2, 2))],
        coverages=[FormCoverage(holder="spouse", start=date(2016, 1, 1))],
        service_date=date(2025, 6, 2),
    )
    with pytest.raises(InvalidCase, match="held by the spouse, who is not in the form"):
        build_from_form(form)
