"""Identity, the practice loop and spaced review, through the services (no streamlit)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from cobsim.errors import InvalidInput
from cobsim.services import clock as clocks
from cobsim.services import review
from cobsim.services.curriculum import load_curriculum
from cobsim.services.identity import clean_class_code, clean_name, hash_secret, verify_secret
from cobsim.services.practice import Practice, hint_for, question_for_rule, rules_of, worked_example
from cobsim.services.quiz import Question, Quiz
from cobsim.services.store import ProgressStore, Trainee
from ui.state import case_source

LESSON = "who-pays-first-subscriber"
N = load_curriculum().lesson(LESSON).questions


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    return Quiz(load_curriculum(), case_source)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def practice(quiz: Quiz, tmp_path: Path, clock: Clock) -> Iterator[Practice]:
    store = ProgressStore(tmp_path / "p.db", clock=clock)
    yield Practice(quiz, store, clock=clock)
    store.dispose()


def right(q: Question) -> str | tuple[str, str]:
    if q.correct_choice is not None:
        return q.correct_choice.key
    assert q.expected_amounts is not None
    return (str(q.expected_amounts[0]), str(q.expected_amounts[1]))


def wrong(q: Question) -> str | tuple[str, str]:
    if q.correct_choice is not None:
        return next(c.key for c in q.choices if not c.correct)
    return ("0.01", "99999")


def sit(p: Practice, t: Trainee, lesson: str, answers: list[bool], *, hinted: bool = False) -> list[Question]:
    asked = []
    for ok in answers:
        state = p.state(t, lesson)
        q = p.current(t, state)
        assert q is not None
        asked.append(q)
        p.answer(t, state, q, right(q) if ok else wrong(q), hinted=hinted)
    return asked


# --------------------------------------------------------------------------------------------- identity


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("  Ana   María ", "Ana María"),
        ("Zoë O'Brien-Núñez", "Zoë O'Brien-Núñez"),
        ("D’Angelo", "D’Angelo"),
        ("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai"),
        ("J. R. Smith", "J. R. Smith"),
        ("Ёлка", "Ёлка"),
        ("a" * 80, "a" * 80),
    ],
)
def test_names_a_trainee_may_have(typed: str, shown: str) -> None:
    assert clean_name(typed).display == shown


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Enter your name"),
        ("   ", "Enter your name"),
        ("a" * 81, "at most 80 characters; this one has 81"),
        ("Eve<script>", "not less-than sign"),
        ("[x](http://e.invalid)", "not left square bracket"),
        ("**bold**", "not asterisk"),
        ("R2D2", "not digit two"),
        ("bell\x07", "not a control character"),
    ],
)
def test_other_names_get_one_plain_sentence(typed: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says.replace("(", r"\(")):
        clean_name(typed)


def test_names_compare_without_case_and_class_codes_are_numbers() -> None:
    assert clean_name("ÉLODIE").key == clean_name("élodie").key
    assert clean_class_code(" 0042 ") == 42
    for bad in ("", "12a", "-1", "1000000", "４２"):
        with pytest.raises(InvalidInput, match="whole number"):
            clean_class_code(bad)


def test_secrets_are_salted_hashes() -> None:
    a, b = hash_secret("2580"), hash_secret("2580")
    assert a != b
    assert verify_secret("2580", a)
    assert verify_secret("2580", b)
    assert not verify_secret("2581", a)
    with pytest.raises(InvalidInput, match="scrypt"):
        verify_secret("x", "plain-text")


def test_the_test_clock_file_moves_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "now"
    path.write_text("2026-03-02T09:00:00")
    monkeypatch.setenv(clocks.TEST_CLOCK_ENV, str(path))
    assert clocks.now() == datetime(2026, 3, 2, 9, tzinfo=UTC)
    path.write_text("2026-03-03T09:00:00+00:00")
    assert clocks.now() == datetime(2026, 3, 3, 9, tzinfo=UTC)
    with clocks.frozen(datetime(2030, 1, 1, tzinfo=UTC)):
        assert clocks.now().year == 2030
    path.write_text("yesterday")
    with pytest.raises(InvalidInput, match="ISO 8601"):
        clocks.now()


# ------------------------------------------------------------------------------------------------- loop


def test_a_sitting_opens_with_a_worked_example_solved_step_by_step(practice: Practice) -> None:
    t = practice.store.sign_in("Dana Lee", 0)
    state = practice.state(t, LESSON)
    assert (state.attempt, state.example_seen, state.position) == (0, False, 0)
    example = practice.example(t, state)
    assert len(example.determination.positions) >= 2
    assert example.steps
    assert example.steps[0].citation
    assert "1." in example.answer
    practice.example_seen(state)
    assert practice.state(t, LESSON).example_seen


def test_difficulty_rises_within_a_lesson(practice: Practice, quiz: Quiz) -> None:
    mixed = [
        lesson
        for lesson in quiz.curriculum.lessons
        if len({quiz.question(lesson.id, 0, i).case.meta.difficulty for i in range(lesson.questions)}) > 1
    ]
    assert mixed, "some lesson must mix scenario levels"
    lesson = mixed[0]
    order = practice.plan(lesson.id, 0, 0)
    levels = [quiz.question(lesson.id, 0, slot).case.meta.difficulty or 3 for slot in order]
    assert levels == sorted(levels)
    assert levels[0] < levels[-1]
    assert order != tuple(range(lesson.questions))  # not simply the slot order


def test_a_failed_lesson_is_retried_with_new_cases_and_then_passed(practice: Practice) -> None:
    t = practice.store.sign_in("Dana Lee", 0)
    first = sit(practice, t, LESSON, [False] * N)
    state = practice.state(t, LESSON)
    result = practice.result(t, state)
    assert (result.right, result.total, result.passed) == (0, N, False)
    assert len(result.misses) == N
    assert all(m.explanation and m.expected for m in result.misses)
    assert practice.current(t, state) is None  # a graded question is never offered again as fresh
    with pytest.raises(InvalidInput, match="finish this sitting"):
        practice.retry(t, practice.quiz.curriculum.lessons[1].id)  # nothing sat there yet: sitting 0 is open

    state = practice.retry(t, LESSON)
    assert (state.attempt, state.position, state.example_seen) == (1, 0, False)
    second = sit(practice, t, LESSON, [True] * N)
    assert not {q.id for q in first} & {q.id for q in second}
    assert len({q.case.id for q in second} & {q.case.id for q in first}) == 0  # new cases, not only new ids
    assert [q.index for q in second] == [q.index for q in first]  # the same slots
    result = practice.result(t, practice.state(t, LESSON))
    assert (result.right, result.passed, result.misses) == (8, True, ())
    assert LESSON in practice.store.passes(t.id)


def test_mastery_gates_the_pass_until_a_review_gets_the_rule_right(practice: Practice, clock: Clock) -> None:
    t = practice.store.sign_in("Dana Lee", 0)
    state = practice.state(t, LESSON)
    missed_rule = practice.question(LESSON, 0, state.order[-1], 0).rule
    assert practice.quiz.curriculum.lesson(LESSON).pass_mark <= (N - 1) / N
    sit(practice, t, LESSON, [True] * (N - 1) + [False])  # makes the pass mark, but the last answer is wrong
    result = practice.result(t, practice.state(t, LESSON))
    assert result.score_ok
    assert missed_rule in result.unmastered
    assert not result.passed
    assert LESSON not in practice.store.passes(t.id)
    assert practice.missed_rules(t, LESSON, 0) == [missed_rule]

    q = practice.review_question(t, missed_rule)
    assert missed_rule in rules_of(q)
    assert q.id not in {practice.question(LESSON, 0, s, 0).id for s in range(N)}
    practice.answer_review(t, q, right(q), hinted=False)
    assert LESSON in practice.store.passes(t.id)


def test_a_hint_is_recorded_and_rates_the_card_hard(practice: Practice) -> None:
    t = practice.store.sign_in("Dana Lee", 0)
    q = sit(practice, t, LESSON, [True], hinted=True)[0]
    assert hint_for(q)
    saved = practice.store.answer_for(t.id, q.id)
    assert saved is not None
    assert saved.hinted
    assert practice.store.cards(t.id)[0].last_rating == int(Rating.Hard)


def test_reviews_fall_due_the_next_day_with_a_fresh_case_each_time(practice: Practice, clock: Clock) -> None:
    t = practice.store.sign_in("Dana Lee", 0)
    sit(practice, t, LESSON, [False, True])
    assert practice.due(t) == []  # nothing is due the same day
    clock.now += timedelta(days=1)
    due = practice.due(t)
    assert due
    rule = due[0].rule
    seen = set()
    for _ in range(3):
        q = practice.review_question(t, rule)
        assert q.id not in seen
        seen.add(q.id)
        practice.answer_review(t, q, right(q), hinted=False)
    assert rule not in {c.rule for c in practice.due(t)}
    card = next(c for c in practice.cards(t) if c.rule == rule)
    assert card.mastered
    assert card.due > clock.now


def test_mastery_follows_fsrs_retrievability() -> None:
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    good = review.schedule("naic.birthday", correct=True, hinted=False, when=now)(None)
    assert review.view(good, now).mastered
    later = review.view(good, now + timedelta(days=30))
    assert later.retrievability < review.MASTERY_RETRIEVABILITY
    assert not later.mastered
    assert later.is_due
    missed = review.schedule("naic.birthday", correct=False, hinted=False, when=now)(good)
    assert not review.view(missed, now).mastered


def test_trainees_never_share_a_sitting(practice: Practice) -> None:
    a = practice.store.sign_in("Dana Lee", 0)
    b = practice.store.sign_in("Dana Lee", 1)
    c = practice.store.sign_in("Sam Roe", 0)
    sit(practice, a, LESSON, [True, True, False])
    assert practice.state(a, LESSON).answered
    assert not practice.state(b, LESSON).answered
    assert not practice.state(c, LESSON).answered


def test_every_rule_a_lesson_asks_about_can_be_reviewed(quiz: Quiz) -> None:
    met: dict[str, str] = {}
    for lesson in quiz.curriculum.lessons:
        for i in range(lesson.questions):
            met.setdefault(quiz.question(lesson.id, 0, i).rule, lesson.id)
    for i, (rule, lesson_id) in enumerate(sorted(met.items())):
        q = question_for_rule(quiz, rule, 0, seed=i, prefer=[lesson_id])
        assert rule in rules_of(q), rule


def test_the_worked_example_differs_by_attempt(quiz: Quiz) -> None:
    a = worked_example(quiz, LESSON, 0, 0)
    b = worked_example(quiz, LESSON, 0, 1)
    assert a.case.id != b.case.id
