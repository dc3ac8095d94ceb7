"""Every question is answerable from what the trainee sees.

For each question of a lesson, every case fact the screen does not show is perturbed or reset (one at a time, then
all at once) and the case is solved again: the right answer must not change. ``COBSIM_ANSWERABILITY_QUESTIONS``
sets how many questions per lesson (the suite's default keeps it quick; the issue's bar is 2,000 per lesson:
``COBSIM_ANSWERABILITY_QUESTIONS=2000 pytest tests/test_quiz_answerability.py`` or
``python scripts/check_answerability.py``).
"""

from __future__ import annotations

import os
import random
from functools import cache

import pytest

from cobsim.model.case import Case
from cobsim.services.answerability import check, survey
from cobsim.services.curriculum import Curriculum, QuestionKind, load_curriculum
from cobsim.services.facts import base_facts, screen_keys
from cobsim.services.quiz import Quiz, key_of

pytest.importorskip("streamlit")
from ui.state import case_source

COUNT = int(os.environ.get("COBSIM_ANSWERABILITY_QUESTIONS", "30"))


@cache
def course() -> Curriculum:
    return load_curriculum()


@cache
def quiz() -> Quiz:
    return Quiz(course(), case_source)


@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in load_curriculum().lessons])
def test_every_question_of_the_lesson_is_answerable(lesson_id: str) -> None:
    lesson = course().lesson(lesson_id)
    result = survey(quiz(), lesson.id, lesson.questions, COUNT, key_of=key_of)
    assert result.questions == COUNT
    assert result.solves > COUNT * 5, "too few perturbations to mean anything"
    assert result.failures == [], f"{lesson_id}: {result.questions - result.answerable} not answerable"
    assert result.answerable == result.questions


def test_the_check_catches_a_question_that_hides_a_deciding_fact() -> None:
    """Strip the facts panel (keep only the cards, people and claim) and the check must fail: the employer's size
    last year decides a disability case, the decree's knowledge date a decree case."""
    caught = {"medicare-disability": 0, "divorce-custody-and-decrees": 0}
    for lesson_id in caught:
        lesson = course().lesson(lesson_id)
        for code in range(3):
            for index in range(lesson.questions):
                q = quiz().question(lesson_id, code, index)
                if q.kind is QuestionKind.DATE:
                    continue
                bare = screen_keys(base_facts(q.case), q.case)
                result = check(q.case, bare, lambda c, d, q=q: key_of(q, c, d), rng=random.Random(index), per_key=6)
                caught[lesson_id] += not result.answerable
    assert all(n > 0 for n in caught.values()), caught


def test_a_fact_on_screen_is_never_perturbed() -> None:
    q = quiz().question("medicare-working-aged", 0, 0)
    seen: list[Case] = []

    def spy(case: Case, det: object) -> object:
        seen.append(case)
        return key_of(q, case, det)  # type: ignore[arg-type]

    check(q.case, q.shown, spy, rng=random.Random(0))
    patient = q.case.claim.patient
    for other in seen:
        assert other.person(patient).birth_date == q.case.person(patient).birth_date
        assert [c.start for c in other.coverages if c.member == patient] == [
            c.start for c in q.case.coverages if c.member == patient
        ]
