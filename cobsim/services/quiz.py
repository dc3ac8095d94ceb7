"""Quiz questions from a lesson, and their grading.

A question is built from a generated case (the caller supplies the function that makes cases, so this module
does not import the generators), solved by the engine. The question carries the facts its answer depends on:
the cards, the people and the claim, and a facts panel with every fact a deciding step of the trace read
(:mod:`cobsim.services.facts`). Wrong options come from the documented misconceptions that apply to the case
(:mod:`cobsim.services.misconceptions`), each with feedback saying why that reading is wrong here. Grading names
the rule, its primary-source citation and the misconception behind a wrong answer, and for money walks the
claim payer by payer. Questions are deterministic: the same class code, lesson, question number and attempt give
the same case and the same options to every trainee.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from cobsim.engine import solve
from cobsim.errors import CobsimError, InvalidInput
from cobsim.model.case import Case
from cobsim.model.codes import MEDICARE_KINDS, CoverageBasis, CoverageKind, DeterminationStatus
from cobsim.rules.registry import ALL_RULES, RULES_BY_ID
from cobsim.services.curriculum import Curriculum, QuestionKind
from cobsim.services.facts import (
    Fact,
    Names,
    base_facts,
    benefit_facts,
    day,
    detail_facts,
    dollars,
    full_name,
    plain,
    remittance_facts,
    screen_keys,
    step_keys,
    trace_keys,
)
from cobsim.services.misconceptions import (
    AMOUNT_MISCONCEPTIONS,
    BY_ID,
    MISCONCEPTIONS,
    Misconception,
    Scene,
    why_aged,
    why_esrd,
)
from cobsim.services.question_kinds import BUILDERS, MONEY_KINDS, Built, Setting, answer_key
from cobsim.services.question_kinds import order_text as ranks_text
from cobsim.trace import CitationOut, Determination, PayerEob, Step

#: (scenario, variant or None for any, seed, with payments) -> a case
CaseSource = Callable[[str, str | None, int, bool], Case]

#: Attempt numbers from here on are review questions about one rule: REVIEW_ATTEMPTS + rule index x
#: _REVIEW_SEEDS + seed (far above any retry of a lesson and above the practice loop's own review range).
REVIEW_ATTEMPTS = 2_000_000_000
_REVIEW_SEEDS = 1_000_000
_RULE_INDEX = {r.id: i for i, r in enumerate(ALL_RULES)}


@dataclass(frozen=True)
class Choice:
    key: str
    text: str
    correct: bool
    misconception: str | None = None  #: id of the misconception behind this wrong option
    why: str = ""  #: why this option is wrong here (trainee words), empty for the right one
    value: object = None  #: the answer the option stands for (an order, a rule id, a date...); not trainee text


@dataclass(frozen=True)
class Question:
    id: str
    lesson: str
    index: int
    kind: QuestionKind
    prompt: str
    case: Case
    determination: Determination
    rule: str  #: the rule the question is about
    choices: tuple[Choice, ...] = ()
    secondary: str | None = None  #: payment and remittance questions: the coverage whose money is asked
    expected_amounts: tuple[Decimal, Decimal] | None = None  #: payment questions: (that payer pays, patient owes)
    facts: tuple[Fact, ...] = ()  #: everything the trainee sees of the case (cards and the facts panel)
    hint: str | None = None  #: one sentence revealing the fact that decides
    rules: tuple[str, ...] = ()  #: every rule id the question exercises
    topic: str = ""  #: what is asked (the answerability check re-derives the answer from it)
    shown: frozenset[str] = frozenset()  #: keys of the case facts on screen (printed or shown by silence)
    attempt: int = 0
    scenario: str = ""
    variant: str = ""

    @property
    def correct_choice(self) -> Choice | None:
        return next((c for c in self.choices if c.correct), None)

    @property
    def cards(self) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.card is not None)

    @property
    def panel(self) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.card is None)

    @property
    def answer(self) -> Hashable | None:
        """The right answer, as :func:`key_of` computes it for this question's own case."""
        return key_of(self, self.case, self.determination)


@dataclass(frozen=True)
class Grade:
    correct: bool
    given: str
    correct_answer: str
    rule: str
    rule_title: str
    citation: str  #: primary sources, in trainee text
    explanation: str  #: why the right answer is right, in trainee words
    misconception: Misconception | None = None
    why: str = ""  #: why the chosen option is wrong here, with the fact that shows it
    walk: tuple[str, ...] = ()  #: money questions: the claim payer by payer
    instructors: str = ""  #: rule ids, misconception id, scenario - for the "for instructors" line only


@dataclass(frozen=True)
class WorkedStep:
    title: str
    text: str
    citation: str
    rule: str  #: for instructors


@dataclass(frozen=True)
class WorkedExample:
    """A solved case to open a lesson: the facts, the steps in the order the rules were asked, the answer."""

    lesson: str
    case: Case
    determination: Determination
    facts: tuple[Fact, ...]
    steps: tuple[WorkedStep, ...]
    answer: str
    rule: str


def order_text(case: Case, order: tuple[str, ...]) -> str:
    """A payer order given as coverage ids, in trainee words: ``1. A → 2. B``."""
    names = Names(case)
    return " → ".join(f"{i}. {names(c)}" for i, c in enumerate(order, start=1))


def key_of(question: Question, case: Case, det: Determination) -> Hashable | None:
    """The right answer to ``question``'s topic on any case (the answerability check perturbs the case)."""
    return answer_key(question.kind, question.topic, (case, det))


# ------------------------------------------------------------------------------------------------ words


_SECONDARY_SOURCES = re.compile(
    r"seed \d|blog|forum|quick tips|glossary|faq|community|insure\.com|medicare interactive|dentrix|open dental|"
    r"lawinsider|missing piece|upcounsel|wisconsin dental|erie insurance|health net|triwest|cgs,|bcbsm",
    re.IGNORECASE,
)


def primary_citations(citations: tuple[CitationOut, ...] | list[CitationOut]) -> str:
    """Citations for trainee text: primary sources (statute, CFR, NAIC model section, CMS or SSA manual, state
    rule, payer manual); a secondary source only when it is the only one."""
    cites = list(citations)
    primary = [c for c in cites if not _SECONDARY_SOURCES.search(f"{c.source} {c.pinpoint}") and c.confidence != "S"]
    if primary:
        return "; ".join(f"{c.source} {c.pinpoint}".strip() for c in primary)
    out = []
    for c in cites:
        # a source that names a statute next to a secondary source ("MCL 500.3109a; BCBSM (seed 003)"): keep
        # the statute; the pinpoint belonged to the secondary part, so it goes with it
        parts = [p for p in c.source.split("; ") if not _SECONDARY_SOURCES.search(p) and "(seed" not in p]
        if parts and len(parts) < len(c.source.split("; ")):
            out.append("; ".join(parts))
    if out:
        return "; ".join(out)
    first = cites[0] if cites else None
    return f"{first.source} {first.pinpoint}".strip() if first is not None else ""


def _rule_citation(rule_id: str) -> str:
    rule = RULES_BY_ID[rule_id]
    return primary_citations([CitationOut(**c.as_dict()) for c in rule.citations])


def _seed(*parts: object) -> int:
    digest = hashlib.blake2b(":".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


# ------------------------------------------------------------------------------------------------ hints


def _hint(scene: Scene, built: Built) -> str | None:
    """One sentence revealing the fact that decides."""
    case = scene.case
    rule = built.rule
    step = next((s for s in built.focus if s.rule == rule), built.focus[0] if built.focus else None)
    patient = case.person(case.claim.patient)
    if built.kind is QuestionKind.DATE:
        if built.topic == "aged-start":
            return f"A person attains an age the day before the birthday; {patient.name} was born {day(patient.birth_date)}."
        return "Count calendar months from the month dialysis began (or the training or transplant month), not days."
    if built.kind is QuestionKind.REMITTANCE:
        return "Group code PR is the patient's responsibility; CO is the provider's contractual write-off."
    if built.kind is QuestionKind.SECONDARY_CLAIM:
        return "A later payer works from the earlier payer's adjudication - unless Medicare forwards the claim itself."
    if built.kind is QuestionKind.PAYMENT:
        return "Start with the primary's normal benefit; each later payer applies its own method to what is left."
    if built.kind is QuestionKind.MSP:
        return (
            "Go through the questionnaire in order: accidents and work injuries first, then why the patient has "
            "Medicare, then the group plan questions for that reason."
        )
    if rule.startswith(("msp.working_aged", "msp.small_employer")):
        return "Check whether the plan rests on a current job of the patient or spouse, and the employer's size this year and last (20 or more)."
    if rule.startswith("msp.disability"):
        return "For Medicare by disability the employer needs 100 or more employees in the previous calendar year."
    if rule.startswith("msp.esrd"):
        return "Work out when ESRD Medicare began and whether the service falls in its 30-month coordination period."
    if rule in ("msp.not_current_employment",):
        return "Look at what the group plan coverage rests on: a current job, or retirement or COBRA."
    if rule == "naic.birthday":
        return "Compare the parents' birthdays by month and day only."
    if rule == "naic.same_birthday_longer_parent_coverage":
        return "The parents share a birthday: compare how long each plan has covered the parent."
    if rule in ("naic.court_decree", "naic.custodial_parent"):
        return "Read the custody line: is there a decree about health care, and does that parent's plan know of it?"
    if rule == "naic.nondependent_first":
        return "Find the plan on which the patient is the subscriber, not a dependent."
    if step is not None:
        keys = step_keys(case, step)
        if keys:
            facts = detail_facts(case, scene.det, keys, scene.names)
            if facts:
                f = facts[0]
                return f"The deciding fact: {f.label} - {f.value}."
        return f"The deciding rule here: {RULES_BY_ID[step.rule].title}."
    return None


# ------------------------------------------------------------------------------------------------ the quiz


class Quiz:
    """Builds and grades the questions of a curriculum."""

    def __init__(self, curriculum: Curriculum, source: CaseSource) -> None:
        self.curriculum = curriculum
        self.source = source
        self._first = lru_cache(maxsize=2048)(self._question)

    # ---------------------------------------------------------------------------------------- build

    def question(self, lesson_id: str, class_code: int, index: int, *, attempt: int = 0) -> Question:
        """Question ``index`` of a lesson for a class (deterministic). ``attempt`` 0 is the slot's question;
        a later attempt draws a new case for the same slot from the same scenario family."""
        lesson = self.curriculum.lesson(lesson_id)
        if not 0 <= index < lesson.questions:
            raise InvalidInput(f"lesson '{lesson_id}' has questions 0 to {lesson.questions - 1}, not {index}")
        if attempt < 0:
            raise InvalidInput(f"attempt must be 0 or more, not {attempt}")
        return self._first(lesson_id, class_code, index, attempt)

    def _question(self, lesson_id: str, class_code: int, index: int, attempt: int) -> Question:
        lesson = self.curriculum.lesson(lesson_id)
        if attempt >= REVIEW_ATTEMPTS:  # a review question about one rule (see question_for_rule)
            code = attempt - REVIEW_ATTEMPTS
            rule_index, seed = divmod(code, _REVIEW_SEEDS)
            if index != 0 or rule_index >= len(ALL_RULES):
                raise InvalidInput(f"attempt {attempt} is not a review question of slot {index}")
            about = self._about(ALL_RULES[rule_index].id, seed, lesson_id, class_code)
            if about is None:
                raise CobsimError(f"lesson '{lesson_id}' has no question about rule '{ALL_RULES[rule_index].id}'")
            return about
        kinds = list(lesson.question_kinds)
        preferred = kinds[index % len(kinds)]
        qid = f"{lesson_id}-{class_code}-{index}" + (f"-a{attempt}" if attempt else "")
        if attempt == 0:
            rng = random.Random(_seed("quiz", class_code, lesson_id, index))  # noqa: S311  (seeded: reproducible)
            refs = None
        else:
            rng = random.Random(_seed("quiz", class_code, lesson_id, index, "attempt", attempt))  # noqa: S311
            first = self._first(lesson_id, class_code, index, 0)
            refs = [r for r in lesson.scenarios if r.name == first.scenario] or None
        for tries in range(40):
            pool = refs if refs is not None and tries < 20 else list(lesson.scenarios)
            ref = rng.choices(pool, weights=[s.weight for s in pool])[0]
            variant = rng.choice(ref.variants) if ref.variants else None
            kind = preferred if tries < 20 else rng.choice(kinds)
            seed = (
                _seed("case", class_code, lesson_id, index, tries)
                if attempt == 0
                else (_seed("case", class_code, lesson_id, index, tries, "attempt", attempt))
            )
            case = self.source(ref.name, variant, seed, kind in MONEY_KINDS)
            det = solve(case)
            setting = Setting(lesson.rules, lesson.misconceptions, rng)
            built = BUILDERS[kind](Scene(case, det), setting)
            if built is not None:
                return self._finish(
                    built,
                    lesson=lesson.id,
                    index=index,
                    qid=qid,
                    case=case,
                    det=det,
                    attempt=attempt,
                    scenario=ref.name,
                )
        raise CobsimError(f"lesson '{lesson_id}': could not build question {index} from its scenarios")

    def question_for_rule(self, rule_id: str, seed: int) -> Question:
        """A fresh question whose subject is ``rule_id``, drawn from the scenarios of the lessons that teach it
        (then of any lesson). Used to review a rule a trainee got wrong.

        The question is an attempt of slot 0 of the lesson it came from (class 0) with an attempt number that
        encodes the rule and the seed (:data:`REVIEW_ATTEMPTS` and up), so ``question(lesson, 0, 0, attempt=N)``
        rebuilds it from its id.

        Raises:
            InvalidInput: no such rule.
            CobsimError: no lesson's scenarios reach the rule.
        """
        if rule_id not in RULES_BY_ID:
            raise InvalidInput(f"no rule '{rule_id}'; `cobsim rules` lists them")
        lessons = [x for x in self.curriculum.lessons if rule_id in x.rules]
        lessons += [x for x in self.curriculum.lessons if x not in lessons]
        for lesson in lessons:
            built = self._about(rule_id, seed % _REVIEW_SEEDS, lesson.id, 0)
            if built is not None:
                return built
        raise CobsimError(f"no lesson's scenarios give a question about rule '{rule_id}'")

    def _about(self, rule_id: str, seed: int, lesson_id: str, class_code: int) -> Question | None:
        """A question about ``rule_id`` from one lesson's scenarios (deterministic), or None."""
        lesson = self.curriculum.lesson(lesson_id)
        attempt = REVIEW_ATTEMPTS + _RULE_INDEX[rule_id] * _REVIEW_SEEDS + seed
        rng = random.Random(_seed("review", rule_id, seed, lesson.id, class_code))  # noqa: S311  (reproducible)
        refs = list(lesson.scenarios)
        rng.shuffle(refs)
        kinds = _kinds_for(rule_id)
        money = rule_id.startswith("pay.")
        for ref in refs:
            variants: list[str | None] = list(ref.variants) or [None]
            # a lesson that names no variants draws them from the seed: enough draws to meet every variant
            for tries in range(12 if ref.variants else 40):
                variant = variants[tries % len(variants)]
                case_seed = _seed("review", rule_id, seed, lesson.id, ref.name, tries, class_code)
                case = self.source(ref.name, variant, case_seed, money)
                det = solve(case)
                if rule_id not in {s.rule for s in det.steps}:
                    continue
                scene = Scene(case, det)
                for kind in kinds:
                    setting = Setting(lesson.rules, lesson.misconceptions, rng, subject=rule_id, min_options=2)
                    built = BUILDERS[kind](scene, setting)
                    if built is not None and built.rule == rule_id:
                        return self._finish(
                            built,
                            lesson=lesson.id,
                            index=0,
                            qid=f"{lesson.id}-{class_code}-0-a{attempt}",
                            case=case,
                            det=det,
                            attempt=attempt,
                            scenario=ref.name,
                        )
        return None

    def worked_example(self, lesson_id: str, class_code: int, attempt: int = 0) -> WorkedExample:
        """A solved case from the lesson's scenarios, with the steps in trainee words, to open the lesson."""
        lesson = self.curriculum.lesson(lesson_id)
        rng = random.Random(_seed("example", class_code, lesson_id, attempt))  # noqa: S311
        best: tuple[Case, Determination] | None = None
        for tries in range(30):
            ref = rng.choices(lesson.scenarios, weights=[s.weight for s in lesson.scenarios])[0]
            variant = rng.choice(ref.variants) if ref.variants else None
            money = QuestionKind.PAYMENT in lesson.question_kinds
            case = self.source(ref.name, variant, _seed("example", class_code, lesson_id, attempt, tries), money)
            det = solve(case)
            if det.status is DeterminationStatus.INDETERMINATE or not det.positions:
                continue
            best = best or (case, det)
            if set(det.deciding_rules) & set(lesson.rules):
                best = (case, det)
                break
        if best is None:
            raise CobsimError(f"lesson '{lesson_id}': no worked example could be built")
        case, det = best
        names = Names(case)
        scene = Scene(case, det, names)
        money = det.payments is not None and det.payments.complete
        facts = base_facts(case, names) + detail_facts(case, det, trace_keys(case, det, money=money), names)
        if money:
            facts += benefit_facts(case, names)
        steps = tuple(
            WorkedStep(
                _step_title(s, scene),
                plain(s.explanation, case, names),
                primary_citations(s.citations),
                s.rule,
            )
            for s in det.steps
            if s.outcome in ("excluded", "decided", "tie", "paid")
            or (s.outcome == "note" and s.rule != "coordination.primary_pays_as_if_alone")
        )
        main = next((s.rule for s in det.steps if s.outcome == "decided"), det.steps[0].rule if det.steps else "")
        return WorkedExample(lesson.id, case, det, tuple(facts), steps, ranks_text(scene, scene.ranks), main)

    def _finish(
        self,
        built: Built,
        *,
        lesson: str,
        index: int,
        qid: str,
        case: Case,
        det: Determination,
        attempt: int,
        scenario: str,
    ) -> Question:
        names = Names(case)
        scene = Scene(case, det, names)
        facts = base_facts(case, names)
        money = built.money or built.kind in MONEY_KINDS
        facts += detail_facts(case, det, trace_keys(case, det, money=money), names)
        if built.kind is QuestionKind.PAYMENT:
            facts += benefit_facts(case, names)
        pay = det.payments
        if money and pay is not None and pay.complete and pay.eobs and built.kind is QuestionKind.REMITTANCE:
            crossover = len(det.order) > 1 and _medicare_crossover(scene)
            facts += remittance_facts(case, pay.eobs[0], names, crossover=crossover)
        choices = tuple(
            Choice(f"o{i}", o.text, o.correct, o.misconception, o.why, o.value) for i, o in enumerate(built.options)
        )
        rules = tuple(dict.fromkeys((built.rule, *built.rules)))
        return Question(
            id=qid,
            lesson=lesson,
            index=index,
            kind=built.kind,
            prompt=built.prompt,
            case=case,
            determination=det,
            rule=built.rule,
            choices=choices,
            secondary=built.secondary,
            expected_amounts=built.expected_amounts,
            facts=tuple(facts),
            hint=_hint(scene, built),
            rules=rules,
            topic=built.topic,
            shown=screen_keys(facts, case),
            attempt=attempt,
            scenario=scenario,
            variant=case.meta.variant or "",
        )

    # ---------------------------------------------------------------------------------------- grade

    def grade(self, question: Question, answer: str | tuple[str, str]) -> Grade:
        """Grade an answer: a choice key, or (that payer pays, patient owes) as text for payment questions.

        Raises:
            InvalidInput: the answer is not one of the choices, or amounts are not money.
        """
        scene = Scene(question.case, question.determination)
        rule = RULES_BY_ID[question.rule]
        explanation = explain(question, scene)
        citation = _citation_for(question)
        instructors = _instructors(question)
        if question.kind is QuestionKind.PAYMENT:
            return self._grade_payment(
                question, answer, scene=scene, explanation=explanation, citation=citation, instructors=instructors
            )
        if not isinstance(answer, str):
            raise InvalidInput("give the key of one of the choices")
        chosen = next((c for c in question.choices if c.key == answer), None)
        if chosen is None:
            raise InvalidInput(f"{answer!r} is not one of the choices")
        right = question.correct_choice
        if right is None:  # pragma: no cover - every choice question has one right option
            raise CobsimError(f"question {question.id} has no right option")
        misconception = BY_ID.get(chosen.misconception or "") if not chosen.correct else None
        if misconception is not None:
            instructors += f" · misconception: {misconception.id}"
        return Grade(
            correct=chosen.correct,
            given=chosen.text,
            correct_answer=right.text,
            rule=rule.id,
            rule_title=rule.title,
            citation=citation,
            explanation=explanation,
            misconception=misconception,
            why=chosen.why,
            instructors=instructors,
        )

    def _grade_payment(
        self,
        q: Question,
        answer: str | tuple[str, str],
        *,
        scene: Scene,
        explanation: str,
        citation: str,
        instructors: str,
    ) -> Grade:
        if isinstance(answer, str) or len(answer) != 2:
            raise InvalidInput("give two amounts: what the payer pays and what the patient owes")
        try:
            paid, owes = (Decimal(a.replace("$", "").replace(",", "").strip()) for a in answer)
        except (InvalidOperation, AttributeError):
            raise InvalidInput(f"amounts must be dollars and cents, for example 160.00 (got {answer!r})") from None
        if not (paid.is_finite() and owes.is_finite()):
            raise InvalidInput(f"amounts must be dollars and cents, for example 160.00 (got {answer!r})")
        if q.expected_amounts is None or q.secondary is None:  # pragma: no cover - built with them
            raise CobsimError(f"question {q.id} has no expected amounts")
        want_paid, want_owes = q.expected_amounts
        paid_ok = paid.quantize(Decimal("0.01")) == want_paid
        owes_ok = owes.quantize(Decimal("0.01")) == want_owes
        correct = paid_ok and owes_ok
        pay = q.determination.payments
        assert pay is not None
        name = scene.name(q.secondary)
        verdict = (
            f"{name} pays {dollars(want_paid)} - you said {dollars(paid)}: {'right' if paid_ok else 'not right'}. "
            f"After all payers the patient owes {dollars(want_owes)} - you said {dollars(owes)}: "
            f"{'right' if owes_ok else 'not right'}."
        )
        misconception = None if correct else _money_misconception(q, scene, paid)
        why = misconception.why_here(scene) if misconception is not None else ""
        if misconception is not None:
            instructors += f" · misconception: {misconception.id}"
        rule = RULES_BY_ID[q.rule]
        return Grade(
            correct=correct,
            given=f"{name} pays {dollars(paid)}, the patient owes {dollars(owes)}",
            correct_answer=f"{name} pays {dollars(want_paid)}, the patient owes {dollars(want_owes)}",
            rule=rule.id,
            rule_title=rule.title,
            citation=citation,
            explanation=explanation,
            misconception=misconception,
            why=why,
            walk=(verdict, *money_walk(scene)),
            instructors=instructors,
        )


def _kinds_for(rule_id: str) -> list[QuestionKind]:
    rule = RULES_BY_ID[rule_id]
    kind = rule.kind.value
    if kind == "payment":
        return [QuestionKind.PAYMENT, QuestionKind.REMITTANCE, QuestionKind.SECONDARY_CLAIM]
    if kind == "order":
        return [
            QuestionKind.RULE,
            QuestionKind.POSITION,
            QuestionKind.ORDER,
            QuestionKind.MSP,
            QuestionKind.NEXT_ACTION,
            QuestionKind.SECONDARY_CLAIM,
            QuestionKind.DATE,
        ]
    if kind == "participation":
        return [QuestionKind.ORDER, QuestionKind.NEXT_ACTION, QuestionKind.MSP]
    return [QuestionKind.NEXT_ACTION, QuestionKind.ORDER, QuestionKind.SECONDARY_CLAIM, QuestionKind.POSITION]


def _medicare_crossover(scene: Scene) -> bool:
    order = scene.order
    if len(order) < 2 or scene.cov(order[0]).kind not in MEDICARE_KINDS:
        return False
    nxt = scene.cov(order[1])
    return nxt.kind in (CoverageKind.MEDIGAP, CoverageKind.MEDICAID, CoverageKind.TRICARE_FOR_LIFE) or (
        nxt.effective_basis is CoverageBasis.RETIRED
    )


def _step_title(step: Step, scene: Scene) -> str:
    names = [scene.name(c) for c in step.coverages if any(c == x.id for x in scene.case.coverages)]
    what = {
        "excluded": "does not take part",
        "decided": "ordered",
        "tie": "share equally",
        "paid": "pays",
        "note": "note",
        "indeterminate": "cannot be ordered",
        "overridden": "gives way",
        "skipped": "skipped",
    }[step.outcome]
    return f"{RULES_BY_ID[step.rule].title}: {' and '.join(names)} {what}".strip()


def _citation_for(q: Question) -> str:
    step = next(
        (
            s
            for s in q.determination.steps
            if s.rule == q.rule and s.outcome in ("decided", "tie", "excluded", "paid", "indeterminate", "note")
        ),
        None,
    )
    if step is not None:
        return primary_citations(step.citations)
    return _rule_citation(q.rule)


def _instructors(q: Question) -> str:
    others = [r for r in q.rules if r != q.rule]
    text = f"rule {q.rule}"
    if others:
        text += f" · also in the trace: {', '.join(others)}"
    text += f" · scenario {q.scenario}" + (f" / {q.variant}" if q.variant else "")
    return text


#: Note steps whose sentence explains an answer (conditional payment, subrogation, a rule that gave way).
_NOTES_EXPLAINED = frozenset(
    {
        "msp.conditional_payment",
        "injury.subrogation",
        "coordination.stronger_authority_prevails",
        "naic.non_parents_as_parents",
        "msp.medicare_advantage_stands_in",
        "fehb.employer_plan",
    }
)


def explain(q: Question, scene: Scene) -> str:
    """Why the right answer is right, in trainee words, from the trace."""
    case, det = q.case, q.determination
    names = scene.names
    if q.kind is QuestionKind.DATE:
        return why_aged(scene) if q.topic == "aged-start" else why_esrd(scene)
    if q.kind is QuestionKind.REMITTANCE:
        pay = det.payments
        assert pay is not None
        eob = pay.eobs[0]
        return remittance_reading(eob, scene)
    if q.kind is QuestionKind.SECONDARY_CLAIM:
        return claim_reading(q, scene)
    if q.kind is QuestionKind.PAYMENT:
        return " ".join(plain(s.explanation, case, names) for s in det.steps if s.outcome == "paid")
    if q.kind is QuestionKind.RULE:
        _, a, b = q.topic.split(":")
        step = scene.step(a, b)
        return plain(step.explanation, case, names) if step else ""
    if q.kind is QuestionKind.MSP:
        step = next((s for s in det.steps if s.rule == q.rule), None)
        return plain(step.explanation, case, names) if step else ""
    parts = []
    for s in det.steps:
        shown_note = s.outcome == "note" and s.rule in _NOTES_EXPLAINED
        if s.outcome in ("excluded", "decided", "tie", "indeterminate", "overridden") or shown_note:
            parts.append(plain(s.explanation, case, names))
    text = " ".join(dict.fromkeys(parts))
    if q.kind is QuestionKind.NEXT_ACTION and det.status is DeterminationStatus.INDETERMINATE:
        text += " The engine cannot order these payers from the facts on file, so the biller asks before billing."
    return text


def remittance_reading(eob: PayerEob, scene: Scene) -> str:
    pr: dict[str, Decimal] = {}
    co = Decimal("0")
    for pl in eob.lines:
        for a in pl.adjustments:
            if a.group == "PR":
                pr[a.reason] = pr.get(a.reason, Decimal("0")) + a.amount
            elif a.group == "CO":
                co += a.amount
    words = {
        "1": "deductible",
        "2": "coinsurance",
        "3": "copay",
        "96": "not covered",
        "119": "benefit maximum",
        "45": "above the allowance",
    }
    parts = [f"PR-{r} ({words.get(r, 'patient responsibility')}) {dollars(v)}" for r, v in sorted(pr.items())]
    total = sum(pr.values(), Decimal("0"))
    text = (
        f"Group code PR marks the patient's responsibility: {', '.join(parts) or 'none'} - {dollars(total)} in all, "
        "which goes to the next payer or the patient. "
        f"Group code CO (contractual obligation, reason 45: charge above the contracted fee) is the provider's "
        f"write-off: {dollars(co)}; it may not be billed to anyone."
    )
    return text


def claim_reading(q: Question, scene: Scene) -> str:
    cid = q.topic.split(":", 1)[1]
    key = q.answer
    name = scene.name(cid)
    if key == "claim-crossover":
        return (
            f"Medicare is primary and {name} is a supplemental payer with a crossover agreement: Medicare forwards the "
            "claim and its adjudication itself (remark MA18 on Medicare's remittance)."
        )
    if key == "claim-tertiary":
        return (
            f"{name} pays third and takes every earlier payer into account (MDL-120 §6A(4)): the claim carries both "
            "earlier payers' adjudications."
        )
    if isinstance(key, str) and key.startswith("claim-msp"):
        code = key.rsplit("-", 1)[1]
        return (
            "Medicare as secondary needs the primary's payment and the reason Medicare is secondary: the MSP "
            f"insurance type {code} on the claim (837 SBR05). "
            + " ".join(plain(s.explanation, q.case, scene.names) for s in q.determination.steps if s.rule == q.rule)
        )
    return (
        f"{name} works out its payment from the primary's adjudication (its normal benefit against what was already "
        "paid), so the claim carries the primary's paid amount and every adjustment with group and reason codes, "
        "as on the primary's EOB (837 loops 2320/2430)."
    )


def money_walk(scene: Scene) -> list[str]:
    """The claim payer by payer: allowable expense, normal benefit, payment, write-off, what the patient owes."""
    pay = scene.det.payments
    if pay is None or not pay.complete:
        return []
    out = []
    for eob in pay.eobs:
        allowed = sum((pl.allowed or Decimal("0") for pl in eob.lines), Decimal("0"))
        ae = sum((pl.allowable_expense or Decimal("0") for pl in eob.lines), Decimal("0"))
        normal = sum((pl.normal_benefit for pl in eob.lines), Decimal("0"))
        ded = sum((pl.deductible for pl in eob.lines), Decimal("0"))
        coins = sum((pl.coinsurance for pl in eob.lines), Decimal("0"))
        copay = sum((pl.copay for pl in eob.lines), Decimal("0"))
        prior = sum((pl.prior_paid for pl in eob.lines), Decimal("0"))
        role = "primary" if eob.rank == 1 else f"payer {eob.rank}"
        method = RULES_BY_ID[eob.method].title
        parts = [f"{scene.name(eob.coverage)} ({role}; {method})"]
        if allowed or normal:  # a payer of the remaining balance has no allowed amount or benefit of its own
            parts.append(
                f"allowed {dollars(allowed)}"
                + (f", allowable expense {dollars(ae)}" if ae and ae != allowed else "")
                + f"; normal benefit {dollars(normal)} (copay {dollars(copay)}, deductible {dollars(ded)}, "
                f"coinsurance {dollars(coins)})"
            )
        if eob.rank > 1:
            parts.append(f"already paid by earlier payers {dollars(prior)}")
        parts.append(f"pays {dollars(eob.paid)}; the patient owes {dollars(eob.patient_after)} after it.")
        text = parts[0] + ": " + "; ".join(parts[1:])
        out.append(text)
    out.append(
        f"Billed {dollars(pay.billed)} = payers {dollars(sum(pay.paid.values(), Decimal('0')))} + patient "
        f"{dollars(pay.patient)} + provider write-off {dollars(pay.write_off)}."
    )
    return out


def _money_misconception(q: Question, scene: Scene, paid: Decimal) -> Misconception | None:
    """The money misconception whose amount the trainee typed, if any."""
    topic = q.topic
    for m in MISCONCEPTIONS:
        if m.id not in AMOUNT_MISCONCEPTIONS or m.answer is None:
            continue
        value = m.answer(scene, topic)
        if value is not None and value == dollars(paid):
            return m
    return None


# ------------------------------------------------------------------------------------------------ legacy view


def biller_view(case: Case, det: Determination, *, show_primary_eob: bool) -> dict[str, object]:
    """What a biller sees, as a plain dictionary (kept for scripts; the app renders :class:`Question.facts`)."""
    names = Names(case)
    facts = base_facts(case, names)
    if show_primary_eob and det.payments is not None and det.payments.complete and det.payments.eobs:
        facts += remittance_facts(case, det.payments.eobs[0], names)
        facts += benefit_facts(case, names)
    view: dict[str, object] = {
        "patient": full_name(case.person(case.claim.patient)),
        "service date": case.claim.service_date.isoformat(),
    }
    groups: dict[str, list[dict[str, str]]] = {}
    for f in facts:
        groups.setdefault(f.group, []).append({"label": f.label, "value": f.value})
    view["facts"] = groups
    return view


__all__ = [
    "REVIEW_ATTEMPTS",
    "CaseSource",
    "Choice",
    "Grade",
    "Question",
    "Quiz",
    "WorkedExample",
    "WorkedStep",
    "biller_view",
    "key_of",
    "money_walk",
    "order_text",
    "primary_citations",
]
