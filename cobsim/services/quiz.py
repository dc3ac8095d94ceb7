"""Quiz questions from a lesson, and their grading.

A question is built from a generated case (the caller supplies the function that makes cases, so this module
does not import the generators), solved by the engine. Wrong options come from the documented misconceptions
(:mod:`cobsim.services.misconceptions`); grading names the rule, its citation, and the misconception behind a
wrong answer. Questions are deterministic: the same class code, lesson and question number give the same case
and the same options to every trainee.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import permutations

from cobsim.engine import solve
from cobsim.errors import CobsimError, InvalidInput
from cobsim.model.case import Case, Coverage
from cobsim.model.codes import MEDICARE_KINDS, CoverageBasis, CoverageKind, DeterminationStatus, MemberRelationship
from cobsim.rules.base import RuleKind
from cobsim.rules.registry import RULES_BY_ID
from cobsim.services.curriculum import Curriculum, Lesson, QuestionKind
from cobsim.services.misconceptions import BY_ID, MISCONCEPTIONS, Misconception
from cobsim.trace import Determination, Step

#: (scenario, variant or None for any, seed, with payments) -> a case
CaseSource = Callable[[str, str | None, int, bool], Case]

ACTIONS: dict[str, str] = {
    "bill-wc": "Bill the workers' compensation carrier directly; do not bill the health plan for the injury",
    "attach-eob": "Bill the primary first, then send the secondary its claim with the primary's EOB (payment details) attached",
    "crossover": "Bill Medicare only: it crosses the claim over to the supplemental payer, so do not send a paper claim",
    "ask-decree": "Before billing, ask for the custody arrangement and any court decree about the child's health care",
    "check-size": "Confirm the employer's size (20+ employees; 100+ for disability) before deciding who to bill first",
    "bill-only-one": "Bill the one payer that takes part; the other coverage does not pay on this claim",
}
ACTION_WRONG_BECAUSE: dict[str, str] = {
    "bill-wc": "There is no workers' compensation claim for these services.",
    "attach-eob": "A secondary needs the primary's EOB, but here something else comes first.",
    "crossover": "Crossover happens when Medicare is primary and a supplemental payer follows; that is not this case.",
    "ask-decree": "The custody situation is already known here.",
    "check-size": "Employer size does not decide this case.",
    "bill-only-one": "More than one payer takes part in this claim.",
}


@dataclass(frozen=True)
class Choice:
    key: str
    text: str
    correct: bool
    misconception: str | None = None  #: id of the misconception behind this wrong option


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
    secondary: str | None = None  #: payment questions: the coverage whose payment is asked
    expected_amounts: tuple[Decimal, Decimal] | None = None  #: payment questions: (secondary pays, patient owes)

    @property
    def correct_choice(self) -> Choice | None:
        return next((c for c in self.choices if c.correct), None)


@dataclass(frozen=True)
class Grade:
    correct: bool
    given: str
    correct_answer: str
    rule: str
    rule_title: str
    citation: str
    explanation: str
    misconception: Misconception | None = None


def _seed(*parts: object) -> int:
    digest = hashlib.blake2b(":".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _name(case: Case, cov: Coverage) -> str:
    if cov.subscriber == case.claim.patient:
        whose = "own"
    else:
        person = case.person(cov.subscriber)
        whose = f"{(person.name or person.id).split(' ')[0]}'s"
    return f"{cov.label} ({whose} {cov.kind.value.replace('_', ' ')})"


def order_text(case: Case, order: tuple[str, ...]) -> str:
    return " → ".join(f"{i}. {_name(case, case.coverage(c))}" for i, c in enumerate(order, start=1))


def _deciding_step(det: Determination) -> Step | None:
    """The step that ordered the first two payers (the one a trainee must find)."""
    if len(det.positions) < 2:
        return None
    pair = {det.positions[0].coverage, det.positions[1].coverage}
    for s in det.steps:
        if s.outcome in ("decided", "tie") and set(s.coverages) == pair:
            return s
    return None


def _citation(step: Step) -> str:
    return "; ".join(f"{c.source} {c.pinpoint}".strip() for c in step.citations)


class Quiz:
    """Builds and grades the questions of a curriculum."""

    def __init__(self, curriculum: Curriculum, source: CaseSource) -> None:
        self.curriculum = curriculum
        self.source = source

    # ---------------------------------------------------------------------------------------- build

    def question(self, lesson_id: str, class_code: int, index: int, *, attempt: int = 0) -> Question:
        """Question ``index`` of a lesson for a class (deterministic).

        ``attempt`` 0 is the slot's first case; ``attempt`` N > 0 draws a new case for the same slot (same
        scenarios, new variant and seed), deterministic from (class, lesson, index, attempt). Its id ends in
        ``-aN`` so a retry never reuses the id of a question already graded.
        """
        lesson = self.curriculum.lesson(lesson_id)
        if not 0 <= index < lesson.questions:
            raise InvalidInput(f"lesson '{lesson_id}' has questions 0 to {lesson.questions - 1}, not {index}")
        if attempt < 0:
            raise InvalidInput(f"attempt is 0 or more, not {attempt}")
        salt: tuple[int, ...] = (attempt,) if attempt else ()  # attempt 0 keeps the seeds (and cases) of before
        qid = f"{lesson_id}-{class_code}-{index}" + (f"-a{attempt}" if attempt else "")
        rng = random.Random(_seed("quiz", class_code, lesson_id, index, *salt))  # noqa: S311  (seeded on purpose: reproducible)
        kinds = list(lesson.question_kinds)
        preferred = kinds[index % len(kinds)]
        for tries in range(40):
            ref = rng.choices(lesson.scenarios, weights=[s.weight for s in lesson.scenarios])[0]
            variant = rng.choice(ref.variants) if ref.variants else None
            kind = preferred if tries < 20 else rng.choice(kinds)
            case = self.source(
                ref.name,
                variant,
                _seed("case", class_code, lesson_id, index, *salt, tries),
                kind is QuestionKind.PAYMENT,
            )
            det = solve(case)
            built = self._build(lesson, index, kind, case=case, det=det, rng=rng, qid=qid)
            if built is not None:
                return built
        raise CobsimError(f"lesson '{lesson_id}': could not build question {index} from its scenarios")

    def _build(
        self,
        lesson: Lesson,
        index: int,
        kind: QuestionKind,
        *,
        case: Case,
        det: Determination,
        rng: random.Random,
        qid: str,
    ) -> Question | None:
        if det.status is DeterminationStatus.INDETERMINATE and kind is not QuestionKind.NEXT_ACTION:
            return None
        step = _deciding_step(det)
        patient = case.person(case.claim.patient)
        who = patient.name or patient.id
        if kind is QuestionKind.ORDER:
            if len(det.order) < 2 or step is None:
                return None
            choices = self._order_choices(case, det, lesson, rng)
            prompt = f"{who} has the coverage shown on the cards. In what order do the payers pay this claim?"
            return Question(qid, lesson.id, index, kind, prompt, case, det, step.rule, choices)
        if kind is QuestionKind.RULE:
            if step is None:
                return None
            first = case.coverage(det.positions[0].coverage)
            second = case.coverage(det.positions[1].coverage)
            choices = self._rule_choices(step.rule, lesson, rng)
            prompt = f"{_name(case, first)} pays before {_name(case, second)}. Which rule decides that?"
            return Question(qid, lesson.id, index, kind, prompt, case, det, step.rule, choices)
        if kind is QuestionKind.PAYMENT:
            pay = det.payments
            if pay is None or not pay.complete or len(pay.eobs) < 2:
                return None
            secondary = pay.eobs[1]
            prompt = (
                f"The primary's EOB is shown. How much does {secondary.label} [{secondary.coverage}] pay, and how much "
                f"does {who} still owe after all payers?"
            )
            return Question(
                qid,
                lesson.id,
                index,
                kind,
                prompt,
                case,
                det,
                secondary.method,
                (),
                secondary.coverage,
                (secondary.paid, pay.patient),
            )
        action, rule = self._next_action(case, det)
        options = [action, *rng.sample([a for a in ACTIONS if a != action], 3)]
        rng.shuffle(options)
        choices = tuple(Choice(a, ACTIONS[a], a == action, None if a == action else f"action:{a}") for a in options)
        prompt = f"The claim for {who}'s visit is ready. What does the biller do next?"
        return Question(qid, lesson.id, index, QuestionKind.NEXT_ACTION, prompt, case, det, rule, choices)

    def _order_choices(self, case: Case, det: Determination, lesson: Lesson, rng: random.Random) -> tuple[Choice, ...]:
        correct = det.order
        wrong: dict[tuple[str, ...], str | None] = {}
        preferred = [m for m in MISCONCEPTIONS if set(m.rules) & set(lesson.rules)] + list(MISCONCEPTIONS)
        for m in preferred:
            if m.reorder is None:
                continue
            order = m.reorder(case, correct)
            if order is not None and order != correct and order not in wrong:
                wrong[order] = m.id
            if len(wrong) >= 3:
                break
        others = [p for p in permutations(correct) if p != correct and p not in wrong]
        rng.shuffle(others)
        for p in others:
            if len(wrong) >= 3:
                break
            wrong[p] = None
        options: list[tuple[str, bool, str | None]] = [(order_text(case, correct), True, None)]
        options += [(order_text(case, o), False, m) for o, m in wrong.items()]
        names = [_name(case, case.coverage(c)) for c in correct]
        if len(options) < 4:
            options.append((f"Only {names[0]} pays; the other coverage does not coordinate", False, None))
        if len(options) < 4:
            options.append((f"{' and '.join(names)} split the claim equally", False, None))
        rng.shuffle(options)
        return tuple(Choice(f"o{i}", text, ok, m) for i, (text, ok, m) in enumerate(options))

    def _rule_choices(self, rule_id: str, lesson: Lesson, rng: random.Random) -> tuple[Choice, ...]:
        candidates = [r for r in lesson.rules if r != rule_id and RULES_BY_ID[r].kind is RuleKind.ORDER]
        family = rule_id.split(".", maxsplit=1)[0]
        candidates += [
            r.id
            for r in RULES_BY_ID.values()
            if r.kind is RuleKind.ORDER and r.id.startswith(family) and r.id != rule_id
        ]
        candidates = list(dict.fromkeys(candidates))
        rng.shuffle(candidates)
        options = [rule_id, *candidates[:3]]
        rng.shuffle(options)
        return tuple(
            Choice(r, RULES_BY_ID[r].title, r == rule_id, None if r == rule_id else f"rule:{r}") for r in options
        )

    def _next_action(self, case: Case, det: Determination) -> tuple[str, str]:
        kinds = [case.coverage(c).kind for c in det.order]
        if det.status is DeterminationStatus.INDETERMINATE and any("custody" in r for r in det.reasons):
            return "ask-decree", "naic.birthday"
        if kinds and kinds[0] is CoverageKind.WORKERS_COMP:
            return "bill-wc", "injury.workers_comp_exclusive"
        step = _deciding_step(det)
        size_rules = {
            "msp.working_aged",
            "msp.small_employer",
            "msp.disability_large_group_plan",
            "msp.disability_small_employer",
        }
        if step is not None and step.rule in size_rules:
            return "check-size", step.rule
        if len(kinds) >= 2 and kinds[0] is CoverageKind.MEDICARE:
            second = case.coverage(det.order[1])
            crossover = second.kind in (CoverageKind.MEDIGAP, CoverageKind.MEDICAID, CoverageKind.TRICARE_FOR_LIFE) or (
                second.effective_basis is CoverageBasis.RETIRED
            )
            if crossover:
                return "crossover", step.rule if step else "medigap.after_medicare"
        if len(kinds) >= 2:
            return "attach-eob", step.rule if step else "coordination.more_than_two_payers"
        rule = det.excluded[0].rule if det.excluded else "coordination.in_force"
        return "bill-only-one", rule

    # ---------------------------------------------------------------------------------------- grade

    def grade(self, question: Question, answer: str | tuple[str, str]) -> Grade:
        """Grade an answer: a choice key, or (secondary pays, patient owes) as text for payment questions.

        Raises:
            InvalidInput: the answer is not one of the choices, or amounts are not money.
        """
        det = question.determination
        rule = RULES_BY_ID[question.rule]
        step = _deciding_step(det)
        explanation = step.explanation if step is not None else det.steps[0].explanation if det.steps else ""
        citation = _citation(step) if step is not None else str(rule.citation)
        if question.kind is QuestionKind.PAYMENT:
            return self._grade_payment(question, answer, rule.id, rule.title, str(rule.citation))
        if not isinstance(answer, str):
            raise InvalidInput("give the key of one of the choices")
        chosen = next((c for c in question.choices if c.key == answer), None)
        if chosen is None:
            raise InvalidInput(f"{answer!r} is not one of the choices")
        right = question.correct_choice
        assert right is not None
        misconception = None
        if not chosen.correct and chosen.misconception and chosen.misconception in BY_ID:
            misconception = BY_ID[chosen.misconception]
        if question.kind is QuestionKind.RULE and not chosen.correct:
            wrong_rule = RULES_BY_ID[chosen.key]
            explanation = f"{explanation} ({wrong_rule.title} does not decide this pair: {wrong_rule.summary})"
        if question.kind is QuestionKind.NEXT_ACTION:
            if not chosen.correct:
                explanation = f"{ACTION_WRONG_BECAUSE[chosen.key]} {explanation}".strip()
            if question.rule in RULES_BY_ID:
                citation = str(RULES_BY_ID[question.rule].citation)
        return Grade(
            correct=chosen.correct,
            given=chosen.text,
            correct_answer=right.text,
            rule=rule.id,
            rule_title=rule.title,
            citation=citation,
            explanation=explanation,
            misconception=misconception,
        )

    def _grade_payment(self, q: Question, answer: str | tuple[str, str], rule: str, title: str, citation: str) -> Grade:
        if isinstance(answer, str) or len(answer) != 2:
            raise InvalidInput("give two amounts: what the secondary pays and what the patient owes")
        try:
            paid, owes = (Decimal(a.replace("$", "").replace(",", "").strip()) for a in answer)
        except (InvalidOperation, AttributeError):
            raise InvalidInput(f"amounts must be dollars and cents, for example 160.00 (got {answer!r})") from None
        assert q.expected_amounts is not None
        want_paid, want_owes = q.expected_amounts
        correct = paid.quantize(Decimal("0.01")) == want_paid and owes.quantize(Decimal("0.01")) == want_owes
        pay = q.determination.payments
        assert pay is not None
        eob = next(e for e in pay.eobs if e.coverage == q.secondary)
        explanation = next(
            (s.explanation for s in q.determination.steps if s.outcome == "paid" and q.secondary in s.coverages), ""
        )
        misconception = None
        if not correct:
            left = pay.eobs[0].patient_after
            if paid == left and left != want_paid:
                misconception = BY_ID["secondary-pays-leftover"]
            elif eob.method == "pay.medicare_secondary":
                misconception = BY_ID["medicare-secondary-is-a-supplement"]
        return Grade(
            correct=correct,
            given=f"secondary pays ${paid:,.2f}, patient owes ${owes:,.2f}",
            correct_answer=f"secondary pays ${want_paid:,.2f}, patient owes ${want_owes:,.2f}",
            rule=rule,
            rule_title=title,
            citation=citation,
            explanation=explanation,
            misconception=misconception,
        )


def biller_view(case: Case, det: Determination, *, show_primary_eob: bool) -> dict[str, object]:
    """What a biller sees: registration, insurance cards, and (optionally) the primary's EOB."""
    patient = case.person(case.claim.patient)
    cards = []
    for cov in sorted((c for c in case.coverages if c.member == patient.id), key=lambda c: c.id):
        sub = case.person(cov.subscriber)
        card: dict[str, object] = {
            "coverage": cov.id,
            "payer": cov.label,
            "kind": cov.kind.value.replace("_", " "),
            "member id": cov.member_id or (cov.medicare.mbi if cov.medicare and cov.medicare.mbi else ""),
            "subscriber": sub.name or sub.id,
            "relationship to subscriber": cov.relationship.value.replace("_", " "),
            "effective": cov.start.isoformat() + (f" to {cov.end.isoformat()}" if cov.end else ""),
        }
        if cov.employer:
            employer = case.employer(cov.employer)
            card["employer"] = f"{employer.name or employer.id} ({employer.employees} employees)"
        if cov.effective_basis is not None and cov.effective_basis is not CoverageBasis.ACTIVE:
            card["status"] = cov.effective_basis.value.replace("_", " ")
        if cov.kind in MEDICARE_KINDS and cov.medicare is not None:
            parts = [p for p, on in (("A", cov.medicare.part_a), ("B", cov.medicare.part_b)) if on]
            card["parts"] = ", ".join(parts)
        cards.append(card)
    people = []
    for p in case.people:
        rel = "patient" if p.id == patient.id else _relation(case, patient.id, p.id)
        people.append(
            {"name": p.name or p.id, "born": p.birth_date.isoformat(), "sex": p.sex.value, "relationship": rel}
        )
    view: dict[str, object] = {
        "patient": patient.name or patient.id,
        "service date": case.claim.service_date.isoformat(),
        "people": people,
        "cards": cards,
    }
    arr = case.arrangement(patient.id)
    if arr is not None:
        custody = arr.parents_status.value.replace("_", " ")
        if arr.custodial_parent:
            custody += f"; lives with {case.person(arr.custodial_parent).name or arr.custodial_parent}"
        if arr.joint_custody:
            custody += "; joint custody"
        if arr.decree and arr.decree.responsible:
            names = ", ".join(case.person(r).name or r for r in arr.decree.responsible)
            custody += f"; court decree: {names} responsible for health care"
        view["parents"] = custody
    if case.claim.injury is not None:
        inj = case.claim.injury
        view["accident"] = (
            f"{inj.kind.value.replace('_', ' ')}"
            + (f" in {inj.state}" if inj.state else "")
            + ("" if inj.related else " (this visit is unrelated)")
        )
    if show_primary_eob and det.payments is not None and det.payments.complete and det.payments.eobs:
        eob = det.payments.eobs[0]
        view["primary EOB"] = [
            {
                "line": pl.line,
                "billed": f"{pl.billed:,.2f}",
                "allowed": f"{pl.allowed:,.2f}" if pl.allowed is not None else "",
                "deductible": f"{pl.deductible:,.2f}",
                "coinsurance": f"{pl.coinsurance:,.2f}",
                "copay": f"{pl.copay:,.2f}",
                "paid": f"{pl.paid:,.2f}",
                "patient responsibility": f"{pl.patient_after:,.2f}",
                "adjustments": " ".join(f"{a.group}-{a.reason} {a.amount:,.2f}" for a in pl.adjustments),
            }
            for pl in eob.lines
        ]
        view["secondary benefits"] = _benefits_text(case, det)
    return view


def _benefits_text(case: Case, det: Determination) -> list[dict[str, str]]:
    out = []
    for p in det.positions[1:]:
        cov = case.coverage(p.coverage)
        b = cov.benefits
        allowed = ", ".join(
            f"line {line.id}: {line.allowed[cov.id]:,.2f}" for line in case.claim.lines if cov.id in line.allowed
        )
        row = {"coverage": f"{cov.label} [{cov.id}]", "allowed": allowed}
        if b is not None:
            row["deductible"] = f"{b.deductible or 0:,.2f} (met {b.deductible_met:,.2f})"
            row["coinsurance"] = f"{(b.coinsurance or 0) * 100:.0f}%"
            row["copay"] = f"{b.copay:,.2f}"
            row["method"] = (b.method.value if b.method else "standard").replace("_", " ")
            row["network"] = b.network
        out.append(row)
    return out


def _relation(case: Case, patient: str, other: str) -> str:
    if other in case.partner_ids(patient, include_former=True):
        return "spouse or partner"
    kind = case.parental_kind(other, patient)
    if kind is not None:
        return kind.value.replace("_", " ")
    if case.parental_kind(patient, other) is not None:
        return "child"
    for c in case.coverages:
        if c.member == patient and c.subscriber == other and c.relationship is not MemberRelationship.SELF:
            return f"subscriber ({c.relationship.value})"
    return "family"
