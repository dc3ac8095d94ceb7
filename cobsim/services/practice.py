"""The practice loop: a worked example, then a lesson's questions from easy to hard, hints, retries with new
cases, the lesson-complete summary, and spaced review of the rules met.

A **sitting** is one pass through a lesson. Sitting 0 uses the class's questions for the lesson; a retry opens
sitting 1, 2, ... whose questions are new cases for the same slots (``Quiz.question(..., attempt=N)``), so a
graded question is never shown again as fresh. Within a sitting the slots are asked in order of the scenario's
difficulty (1-5; the slot number breaks ties), so difficulty rises through the lesson.

A lesson is **passed** when a completed sitting scored at least the lesson's pass mark *and* every rule that sitting
asked about is mastered (:mod:`cobsim.services.review`: last answer right, FSRS retrievability at least 0.90).
A trainee who scraped the pass mark but got a rule wrong last passes once a review gets that rule right.

The functions at the top (:func:`hint_for`, :func:`rules_of`, :func:`facts_of`, :func:`question_for_rule`,
:func:`worked_example`) adapt to the quiz's richer API where it exists (``Question.hint``, ``Question.rules``,
``Question.facts``, ``Quiz.question_for_rule``, ``Quiz.worked_example``) and fall back on today's API otherwise;
the pages call only these.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cobsim.engine import solve
from cobsim.errors import CobsimError, InvalidInput
from cobsim.model.case import Case
from cobsim.rules.registry import RULES_BY_ID
from cobsim.services import clock as clocks
from cobsim.services import review
from cobsim.services.curriculum import Lesson
from cobsim.services.quiz import Grade, Question, Quiz, order_text
from cobsim.services.store import Answer, ProgressStore, Trainee
from cobsim.trace import Determination

REVIEW_ATTEMPTS = 1_000  #: review questions use attempt numbers from here on, far above any retry of a lesson
MAX_RETRIES = 900  #: sittings per lesson (a trainee never gets near it; it keeps review attempts apart)


def _seed(*parts: object) -> int:
    return int.from_bytes(hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest(), "big")


# ------------------------------------------------------------------------------------------------ adapters


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    group: str = ""


@dataclass(frozen=True)
class ExampleStep:
    rule: str
    title: str
    explanation: str
    citation: str


@dataclass(frozen=True)
class WorkedExample:
    """A case solved step by step: what a trainee reads before the first question of a sitting."""

    title: str
    case: Case
    determination: Determination
    answer: str  #: the payer order, in words
    steps: tuple[ExampleStep, ...]


def _deciding(det: Determination) -> Any:
    if len(det.positions) < 2:
        return None
    pair = {det.positions[0].coverage, det.positions[1].coverage}
    return next((s for s in det.steps if s.outcome in ("decided", "tie") and set(s.coverages) == pair), None)


def hint_for(question: Question) -> str:
    """The fact that decides the question (``Question.hint`` where the quiz gives one)."""
    given = getattr(question, "hint", None)
    if isinstance(given, str) and given:
        return given
    step = _deciding(question.determination)
    if step is not None:
        return f"Look at what decides between the first two payers: {step.explanation}"
    excluded = question.determination.excluded
    if excluded:
        return f"Check which coverage takes part at all: {excluded[0].reason}"
    return "Read each card's dates and the patient's relationship to the subscriber first."


def rules_of(question: Question) -> tuple[str, ...]:
    """The rules a question is about (``Question.rules`` where the quiz gives them)."""
    given = getattr(question, "rules", None)
    if isinstance(given, tuple) and given:
        return tuple(str(r) for r in given)
    return (question.rule,)


def facts_of(question: Question) -> tuple[Fact, ...]:
    """The question's facts as (label, value, group), where the quiz gives them; else none."""
    given = getattr(question, "facts", None) or ()
    return tuple(Fact(str(f.label), str(f.value), str(getattr(f, "group", "") or "")) for f in given)


def template_of(question: Question) -> str:
    """The question's template for item statistics: lesson / kind / scenario."""
    scenario = question.case.meta.scenario or "case"
    return f"{question.lesson}/{question.kind.value}/{scenario}"


def question_for_rule(quiz: Quiz, rule: str, class_code: int, seed: int, *, prefer: Sequence[str] = ()) -> Question:
    """A new question about ``rule`` (``Quiz.question_for_rule`` where the quiz has it).

    The fallback draws new cases (attempt numbers from :data:`REVIEW_ATTEMPTS` up) until a question is about the
    rule: first from the ``prefer`` lessons (where the trainee met the rule), then the lessons that teach it, then
    any lesson.

    Raises:
        InvalidInput: no lesson can ask about the rule.
    """
    native = getattr(quiz, "question_for_rule", None)
    if callable(native):
        built = native(rule, seed)
        if isinstance(built, Question):
            return built
    rng = random.Random(seed)  # noqa: S311  (seeded on purpose: reproducible)
    preferred = [lesson for lesson in quiz.curriculum.lessons if lesson.id in prefer]
    teaching = [lesson for lesson in quiz.curriculum.lessons if rule in lesson.rules]
    pools = [
        (pool, tries)
        for pool, tries in ((preferred, 400), (teaching, 200), (list(quiz.curriculum.lessons), 200))
        if pool
    ]
    for pool, tries in pools:  # a rare rule (2% of a lesson's cases) is found within 400 draws 9,997 times in 10,000
        for _ in range(tries):
            lesson = rng.choice(pool)
            attempt = REVIEW_ATTEMPTS + rng.randrange(1, 10**9)
            try:
                q = quiz.question(lesson.id, class_code, rng.randrange(lesson.questions), attempt=attempt)
            except CobsimError:
                continue
            if rule in rules_of(q):
                return q
    raise InvalidInput(f"no lesson can ask a question about rule '{rule}'")


def worked_example(quiz: Quiz, lesson_id: str, class_code: int, attempt: int = 0) -> WorkedExample:
    """The worked example that opens a sitting (``Quiz.worked_example`` where the quiz has it).

    The fallback solves a case of the lesson's first scenario and lists its trace.
    """
    native = getattr(quiz, "worked_example", None)
    built: Any = native(lesson_id, class_code, attempt) if callable(native) else None
    if built is not None and hasattr(built, "case") and hasattr(built, "determination"):
        case, det = built.case, built.determination
    else:
        # the lesson's main scenario (highest weight, first listed on a tie), on a case where two payers take part
        lesson = quiz.curriculum.lesson(lesson_id)
        ref = sorted(lesson.scenarios, key=lambda r: -r.weight)[0]
        for tries in range(8):
            variant = ref.variants[(attempt + tries) % len(ref.variants)] if ref.variants else None
            case = quiz.source(ref.name, variant, _seed("example", class_code, lesson_id, attempt, tries), False)
            det = solve(case)
            if len(det.positions) >= 2:
                break
    steps = tuple(
        ExampleStep(
            s.rule,
            s.title,
            s.explanation,
            "; ".join(f"{c.source} {c.pinpoint}".strip() for c in s.citations),
        )
        for s in det.steps
        if s.outcome != "note"
    )
    answer = order_text(case, det.order) if det.order else "No coverage takes part; the patient pays."
    return WorkedExample(case.title or case.id, case, det, answer, steps)


# --------------------------------------------------------------------------------------------- the loop


@dataclass(frozen=True)
class Miss:
    question: str
    rule: str
    rule_title: str
    given: str
    expected: str
    explanation: str


@dataclass(frozen=True)
class LessonState:
    """Where a trainee stands in a lesson."""

    lesson: Lesson
    sitting_id: int
    attempt: int
    example_seen: bool
    order: tuple[int, ...]  #: slots in the order they are asked (easy to hard)
    answered: frozenset[int]  #: slots already graded in this sitting
    right: int
    passed: bool  #: the lesson is passed (in this or an earlier sitting)

    @property
    def position(self) -> int | None:
        """Index into ``order`` of the next question, or None when the sitting is complete."""
        return next((p for p, slot in enumerate(self.order) if slot not in self.answered), None)

    @property
    def complete(self) -> bool:
        return self.position is None

    @property
    def total(self) -> int:
        return len(self.order)


@dataclass(frozen=True)
class SittingResult:
    right: int
    total: int
    pass_mark: float
    score_ok: bool
    unmastered: tuple[str, ...]  #: rules of this sitting not mastered now
    passed: bool
    misses: tuple[Miss, ...]


class Practice:
    """The practice loop and spaced review over a quiz and a progress store."""

    def __init__(self, quiz: Quiz, store: ProgressStore, *, clock: clocks.Clock | None = None) -> None:
        self.quiz = quiz
        self.store = store
        self.clock = clock or clocks.now
        self._question = lru_cache(maxsize=1024)(self._build)  # a class shares its lesson questions
        self._for_rule = lru_cache(maxsize=512)(self._build_for_rule)

    def _build_for_rule(self, rule: str, class_code: int, seed: int, prefer: tuple[str, ...]) -> Question:
        return question_for_rule(self.quiz, rule, class_code, seed, prefer=prefer)

    def _build(self, lesson_id: str, class_code: int, index: int, attempt: int) -> Question:
        return self.quiz.question(lesson_id, class_code, index, attempt=attempt)

    def question(self, lesson_id: str, class_code: int, index: int, attempt: int) -> Question:
        """A lesson question (cached: questions are deterministic)."""
        return self._question(lesson_id, class_code, index, attempt)

    def plan(self, lesson_id: str, class_code: int, attempt: int) -> tuple[int, ...]:
        """The slots of a sitting, easiest scenario first (slot number breaks ties)."""
        lesson = self.quiz.curriculum.lesson(lesson_id)

        def level(slot: int) -> int:
            return self.question(lesson_id, class_code, slot, attempt).case.meta.difficulty or 3

        return tuple(sorted(range(lesson.questions), key=lambda slot: (level(slot), slot)))

    # ---------------------------------------------------------------------------------------- sittings

    def state(self, trainee: Trainee, lesson_id: str) -> LessonState:
        """The trainee's current sitting of a lesson (opening sitting 0 on first visit)."""
        lesson = self.quiz.curriculum.lesson(lesson_id)
        sitting = self.store.sitting(trainee.id, lesson_id) or self.store.open_sitting(
            trainee.id, lesson_id, 0, lesson.questions
        )
        done = self.store.answers(trainee_id=trainee.id, lesson=lesson_id, attempt=sitting.attempt, source="lesson")
        return LessonState(
            lesson=lesson,
            sitting_id=sitting.id,
            attempt=sitting.attempt,
            example_seen=sitting.example_seen,
            order=self.plan(lesson_id, trainee.class_code, sitting.attempt),
            answered=frozenset(a.slot for a in done),
            right=sum(a.correct for a in done),
            passed=lesson_id in self.store.passes(trainee.id),
        )

    def example(self, trainee: Trainee, state: LessonState) -> WorkedExample:
        return worked_example(self.quiz, state.lesson.id, trainee.class_code, state.attempt)

    def example_seen(self, state: LessonState) -> None:
        self.store.example_seen(state.sitting_id)

    def current(self, trainee: Trainee, state: LessonState) -> Question | None:
        """The next question of the sitting, or None when it is complete."""
        position = state.position
        if position is None:
            return None
        return self.question(state.lesson.id, trainee.class_code, state.order[position], state.attempt)

    def answer(
        self, trainee: Trainee, state: LessonState, question: Question, answer: str | tuple[str, str], *, hinted: bool
    ) -> Grade:
        """Grade and save an answer in the sitting, and move the rule's review card.

        A question already graded keeps its first grade (a second tab or a double click changes nothing).

        Raises:
            InvalidInput: the answer is not one of the choices, or not money.
        """
        if question.lesson != state.lesson.id or question.index not in state.order:
            raise InvalidInput(f"question {question.id} is not part of this sitting")
        grade = self.quiz.grade(question, answer)
        self._save(trainee, question, grade, hinted=hinted, source="lesson", attempt=state.attempt)
        after = self.state(trainee, state.lesson.id)
        if after.complete and after.attempt == state.attempt:
            self.store.complete_sitting(state.sitting_id, after.right)
            self.result(trainee, after)  # records the pass when it is earned
        return grade

    def _save(
        self, trainee: Trainee, question: Question, grade: Grade, *, hinted: bool, source: str, attempt: int
    ) -> bool:
        now = self.clock()
        record = Answer(
            trainee_id=trainee.id,
            class_code=trainee.class_code,
            source=source,
            lesson=question.lesson,
            attempt=attempt,
            slot=question.index,
            question=question.id,
            template=template_of(question),
            kind=question.kind.value,
            rule=grade.rule,
            correct=grade.correct,
            hinted=hinted,
            given=grade.given,
            expected=grade.correct_answer,
            explanation=grade.explanation,
            misconception=grade.misconception.id if grade.misconception else None,
        )
        return bool(
            self.store.record(record, review.schedule(grade.rule, correct=grade.correct, hinted=hinted, when=now))
        )

    def result(self, trainee: Trainee, state: LessonState) -> SittingResult:
        """The score of a sitting, its misses with explanations, and whether the lesson is passed by it."""
        done = self.store.answers(trainee_id=trainee.id, lesson=state.lesson.id, attempt=state.attempt, source="lesson")
        right = sum(a.correct for a in done)
        total = state.total
        score_ok = state.complete and right / total >= state.lesson.pass_mark
        now = self.clock()
        cards = {c.rule: review.view(c, now) for c in self.store.cards(trainee.id)}
        rules = tuple(dict.fromkeys(a.rule for a in done))
        unmastered = tuple(r for r in rules if r not in cards or not cards[r].mastered)
        passed = score_ok and not unmastered
        if passed:
            self.store.mark_passed(trainee.id, state.lesson.id, state.attempt)
        misses = tuple(
            Miss(
                a.question,
                a.rule,
                RULES_BY_ID[a.rule].title if a.rule in RULES_BY_ID else a.rule,
                a.given,
                a.expected,
                a.explanation,
            )
            for a in done
            if not a.correct
        )
        return SittingResult(right, total, state.lesson.pass_mark, score_ok, unmastered, passed or state.passed, misses)

    def retry(self, trainee: Trainee, lesson_id: str) -> LessonState:
        """Open the next sitting of a completed lesson: new cases for every slot.

        Raises:
            InvalidInput: the current sitting is not complete, or the retry limit is reached.
        """
        state = self.state(trainee, lesson_id)
        if not state.complete:
            raise InvalidInput("finish this sitting before starting the lesson again")
        if state.attempt + 1 >= MAX_RETRIES:
            raise InvalidInput(f"a lesson can be sat at most {MAX_RETRIES} times")
        self.store.open_sitting(trainee.id, lesson_id, state.attempt + 1, state.lesson.questions)
        return self.state(trainee, lesson_id)

    def next_lesson(self, lesson_id: str, assigned: Sequence[str] = ()) -> Lesson | None:
        """The lesson after this one (among the assigned ones when the class has assignments)."""
        lessons = [x for x in self.quiz.curriculum.lessons if not assigned or x.id in assigned]
        ids = [x.id for x in lessons]
        if lesson_id in ids:
            i = ids.index(lesson_id)
            return lessons[i + 1] if i + 1 < len(lessons) else None
        later = [x for x in lessons if x.sequence > self.quiz.curriculum.lesson(lesson_id).sequence]
        return later[0] if later else None

    # ------------------------------------------------------------------------------------------ review

    def cards(self, trainee: Trainee) -> list[review.CardView]:
        return review.views(self.store.cards(trainee.id), self.clock())

    def due(self, trainee: Trainee) -> list[review.CardView]:
        """The rules due for review now, most overdue first."""
        return review.due(self.store.cards(trainee.id), self.clock())

    def review_question(self, trainee: Trainee, rule: str) -> Question:
        """A fresh case about ``rule``: new for every review of the card."""
        reviews = next((c.reviews for c in self.store.cards(trainee.id) if c.rule == rule), 0)
        met = [a.lesson for a in self.store.answers(trainee_id=trainee.id) if a.rule == rule]
        return self._for_rule(
            rule, trainee.class_code, _seed("review", trainee.key, rule, reviews), tuple(dict.fromkeys(met))
        )

    def answer_review(
        self, trainee: Trainee, question: Question, answer: str | tuple[str, str], *, hinted: bool
    ) -> Grade:
        """Grade a review answer, move the card, and record any lesson pass it completes."""
        grade = self.quiz.grade(question, answer)
        self._save(trainee, question, grade, hinted=hinted, source="review", attempt=_attempt_of(question))
        self.recheck_passes(trainee)
        return grade

    def recheck_passes(self, trainee: Trainee) -> list[str]:
        """Lessons whose last completed sitting made the pass mark and whose rules are now mastered: passed."""
        passed = self.store.passes(trainee.id)
        newly = []
        for lesson in self.quiz.curriculum.lessons:
            if lesson.id in passed:
                continue
            sitting = self.store.sitting(trainee.id, lesson.id)
            if sitting is None:
                continue
            if sitting.completed is None and sitting.attempt > 0:
                sitting = next(
                    (s for s in reversed(self.store.sittings(trainee.id, lesson.id)) if s.completed is not None), None
                )
                if sitting is None:
                    continue
            state = LessonState(
                lesson=lesson,
                sitting_id=sitting.id,
                attempt=sitting.attempt,
                example_seen=sitting.example_seen,
                order=tuple(range(lesson.questions)),
                answered=frozenset(
                    a.slot
                    for a in self.store.answers(
                        trainee_id=trainee.id, lesson=lesson.id, attempt=sitting.attempt, source="lesson"
                    )
                ),
                right=0,
                passed=False,
            )
            if state.complete and self.result(trainee, state).passed:
                newly.append(lesson.id)
        return newly

    def missed_rules(self, trainee: Trainee, lesson_id: str, attempt: int) -> list[str]:
        """The rules missed in a sitting, for "review my misses"."""
        done = self.store.answers(trainee_id=trainee.id, lesson=lesson_id, attempt=attempt, source="lesson")
        return list(dict.fromkeys(a.rule for a in done if not a.correct))


def _attempt_of(question: Question) -> int:
    tail = question.id.rsplit("-a", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 0
