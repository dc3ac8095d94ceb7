"""The kinds of quiz question: what each asks, its right answer on any case, and its options.

Every kind is a *topic* (``order``, ``rule:<a>:<b>``, ``position:2``, ``amount:<coverage>``, ``aged-start``,
``msp:<medicare>:<plan>``, ``remit-patient``, ``claim:<coverage>``, ``action``) and two functions:

* :func:`answer_key` - the right answer to the topic for *any* case and its determination (``None`` when the
  question no longer makes sense). The answerability check re-solves perturbed cases and compares this key.
* a builder - the prompt, the options (the right one and one per misconception that applies to the case),
  and the rules the question exercises.
"""

from __future__ import annotations

import random
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cobsim.engine import solve
from cobsim.medicare import aged_entitlement_start, esrd_periods
from cobsim.model.case import Case
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    CROSSOVER_KINDS,
    MEDICARE_KINDS,
    CoverageBasis,
    CoverageKind,
    DeterminationStatus,
)
from cobsim.rules.registry import RULES_BY_ID
from cobsim.services.curriculum import QuestionKind
from cobsim.services.facts import day, first_name, full_name, month
from cobsim.services.misconceptions import (
    BY_ID,
    CLAIM_OPTIONS,
    CODE_MEANINGS,
    MISCONCEPTIONS,
    MSP_OPTIONS,
    Misconception,
    Ranks,
    Scene,
    claim_key,
    flat,
    msp_key,
    remit_codes,
    remit_key,
)
from cobsim.trace import Determination, Step

# ------------------------------------------------------------------------------------------------ options


@dataclass(frozen=True)
class Option:
    """One option while a question is built: its text, the value it stands for, and the belief behind it."""

    text: str
    value: Hashable
    correct: bool
    misconception: str | None = None
    why: str = ""


@dataclass
class Built:
    """A question's content, before the quiz gives it an id and its facts."""

    kind: QuestionKind
    topic: str
    prompt: str
    rule: str
    rules: tuple[str, ...]
    options: list[Option] = field(default_factory=list)
    money: bool = False
    secondary: str | None = None
    expected_amounts: tuple[Decimal, Decimal] | None = None
    focus: tuple[Step, ...] = ()  #: the steps whose facts decide (hint and explanation)


# ------------------------------------------------------------------------------------------------ actions

Action = tuple[str, tuple[str, ...]]


def _crossover(scene: Scene, first: str, second: str) -> bool:
    a, b = scene.cov(first), scene.cov(second)
    if a.kind is not CoverageKind.MEDICARE:
        return False
    return b.kind in CROSSOVER_KINDS or b.effective_basis is CoverageBasis.RETIRED


def action_for(scene: Scene, ranks: Ranks) -> Action:
    """What the biller does for a payer order (the right one, or the one a misconception gives)."""
    order = flat(ranks)
    if not order:
        return ("self-pay", ())
    if len(ranks[0]) > 1:
        return ("share", tuple(sorted(ranks[0])))
    first = order[0]
    kind = scene.cov(first).kind
    if kind is CoverageKind.WORKERS_COMP and first not in scene.excluded:
        return ("wc", (first,))
    if len(order) == 1:
        return ("only", (first,))
    if _crossover(scene, order[0], order[1]) and len(order) == 2:
        return ("crossover", order[:2])
    return ("eob", order)


def right_action(scene: Scene) -> Action | None:
    det = scene.det
    if det.status is DeterminationStatus.INDETERMINATE:
        rules = {s.rule for s in det.steps if s.outcome == "indeterminate"}
        reasons = " ".join(det.reasons).lower()
        if "msp.basis_unknown" in rules:
            return ("ask-msp", ())
        if "naic.same_birthday_longer_parent_coverage" in rules:
            return ("ask-since", ())
        if "custody" in reasons:
            return ("ask-decree", ())
        if "coordination.no_rule" in rules or "coordination.rule_loop" in rules:
            return ("ask-plans", ())
        return None
    conditional = [p.coverage for p in det.positions if p.conditional]
    if conditional:
        return ("conditional", (conditional[0],))
    if any(s.rule == "injury.subrogation" for s in det.steps) and scene.order:
        return ("subrogation", (scene.order[0],))
    return action_for(scene, scene.ranks)


def action_text(scene: Scene, action: Action) -> str:
    verb, t = action
    n = scene.name
    if verb == "eob":
        text = f"Bill {n(t[0])} first; when its EOB comes back, send {n(t[1])} the claim with that EOB attached"
        if len(t) > 2:
            text += f"; then send {n(t[2])} the claim with both EOBs"
        return text
    if verb == "crossover":
        return (
            f"Bill {n(t[0])} only: Medicare passes the claim to {n(t[1])} itself (crossover), so send no separate claim"
        )
    if verb == "only":
        return f"Bill {n(t[0])} only: no other coverage takes part in this claim"
    if verb == "wc":
        return f"Bill the workers' compensation carrier, {n(t[0])}, directly; do not bill the health plan"
    if verb == "share":
        return f"Bill {' and '.join(n(x) for x in t)} at the same time: they share the allowable expense equally"
    if verb == "self-pay":
        return "Bill the patient: none of the coverages takes part in this claim"
    if verb == "ask-msp":
        return "Before billing, complete the Medicare Secondary Payer questionnaire: ask why the patient has Medicare"
    if verb == "ask-since":
        return "Before billing, ask when each parent's own coverage under their plan began"
    if verb == "ask-decree":
        return "Before billing, ask for the custody arrangement and any court decree about the child's health care"
    if verb == "ask-plans":
        return "Before billing, ask both plans to agree on an order: no rule decides between them"
    if verb == "conditional":
        return f"Bill {n(t[0])}: it pays now, conditionally, and is repaid if the injury payer pays later"
    if verb == "subrogation":
        return f"Bill {n(t[0])} now: it pays and recovers its payment from the liability settlement later"
    if verb == "no-eob":
        return f"Send the claim to {' and '.join(n(x) for x in t)} at the same time; no EOB needs to be attached"
    if verb == "paper":
        return f"Bill {n(t[0])}, then mail {n(t[1])} a paper claim with Medicare's EOB"
    if verb == "health-then-wc":
        return f"Bill {n(t[0])}; workers' compensation pays it back later"
    if verb == "wait-settlement":
        return "Hold the claim until the liability insurer settles"
    raise ValueError(f"no text for action {verb}")


#: Misconceptions that change what the biller does without changing the order.
def action_misconceptions(scene: Scene, right: Action) -> list[tuple[Misconception, Action]]:
    verb, t = right
    out: list[tuple[Misconception, Action]] = []
    if verb == "eob":
        out.append((BY_ID["secondary-without-eob"], ("no-eob", t)))
    if verb == "crossover":
        out.append((BY_ID["paper-after-crossover"], ("paper", t)))
    if verb == "subrogation":
        out.append((BY_ID["liability-pays-first"], ("wait-settlement", ())))
    if verb == "wc":
        health = [c for c in scene.excluded if scene.cov(c).kind in COMMERCIAL_KINDS | MEDICARE_KINDS]
        if health:
            out.append((BY_ID["health-plan-pays-work-injury"], ("health-then-wc", (health[0],))))
    return out


# ------------------------------------------------------------------------------------------------ answer keys


def ranks_of(det: Determination) -> Ranks:
    out: dict[int, list[str]] = {}
    for p in det.positions:
        out.setdefault(p.rank, []).append(p.coverage)
    return tuple(tuple(sorted(v)) for _, v in sorted(out.items()))


def pair_step(det: Determination, a: str, b: str) -> Step | None:
    for s in det.steps:
        if s.outcome in ("decided", "tie") and set(s.coverages) == {a, b}:
            return s
    return None


def _medicare_pair(scene: Scene) -> tuple[str, str] | None:
    """The pair of Medicare and a group plan the Medicare Secondary Payer rules ordered (or an injury payer / VA
    exclusion that placed Medicare)."""
    for s in scene.det.steps:
        if s.outcome not in ("decided", "indeterminate") or len(s.coverages) != 2:
            continue
        a, b = s.coverages
        ka, kb = scene.cov(a).kind, scene.cov(b).kind
        if (ka in MEDICARE_KINDS) != (kb in MEDICARE_KINDS) and msp_key(scene, s.rule) is not None:
            return (a, b) if ka in MEDICARE_KINDS else (b, a)
    return None


def _msp_rule(scene: Scene) -> str | None:
    pair = _medicare_pair(scene)
    if pair is not None:
        for s in scene.det.steps:
            if s.outcome in ("decided", "indeterminate") and set(s.coverages) == set(pair):
                return s.rule
    medicare = [c for c in scene.covs if scene.cov(c).kind in MEDICARE_KINDS]
    for e in scene.det.excluded:
        if e.coverage in medicare and e.rule in ("injury.workers_comp_exclusive", "va.medicare_cannot_pay"):
            return e.rule
    for s in scene.det.steps:
        if s.outcome == "decided" and s.rule.startswith("injury.") and set(s.coverages) & set(medicare):
            return s.rule
    return None


def answer_key(kind: QuestionKind, topic: str, case_det: tuple[object, Determination]) -> Hashable | None:
    """The right answer to a question topic for a case and its determination."""
    case, det = case_det
    assert isinstance(case, Case)
    scene = Scene(case, det)
    if kind is QuestionKind.ORDER:
        if det.status is DeterminationStatus.INDETERMINATE or len(det.positions) < 2:
            return None
        return scene.ranks
    if kind is QuestionKind.POSITION:
        rank = int(topic.split(":")[1])
        if det.status is not DeterminationStatus.DETERMINED:
            return None
        return tuple(sorted(p.coverage for p in det.positions if p.rank == rank)) or None
    if kind is QuestionKind.RULE:
        _, a, b = topic.split(":")
        step = pair_step(det, a, b)
        if step is None or step.outcome != "decided" or step.first != a:
            return None
        return step.rule
    if kind is QuestionKind.NEXT_ACTION:
        return right_action(scene)
    if kind is QuestionKind.PAYMENT:
        cid = topic.split(":")[1]
        pay = det.payments
        if pay is None or not pay.complete:
            return None
        eob = next((e for e in pay.eobs if e.coverage == cid), None)
        return (eob.paid, pay.patient, eob.rank) if eob is not None else None
    if kind is QuestionKind.DATE:
        return date_key(scene, topic)
    if kind is QuestionKind.MSP:
        rule = _msp_rule(scene)
        return msp_key(scene, rule) if rule is not None else None
    if kind is QuestionKind.REMITTANCE:
        return remit_key(scene, topic)
    if kind is QuestionKind.SECONDARY_CLAIM:
        return claim_key(scene, topic.split(":", 1)[1])
    raise ValueError(kind)


def date_key(scene: Scene, topic: str) -> date | None:
    patient = scene.case.person(scene.patient)
    if topic == "aged-start":
        return aged_entitlement_start(patient.birth_date)
    periods = esrd_periods(patient.medicare)
    if not periods:
        return None
    if topic == "esrd-start":
        return periods[0].start
    if topic == "coordination-end":
        return periods[0].coordination_end
    return None


# ------------------------------------------------------------------------------------------------ words


def order_text(scene: Scene, ranks: Ranks) -> str:
    """A payer order as an option: ``1. A -> 2. B``; a shared rank reads "A and B share equally"."""
    all_covs = set(scene.covs)
    taking = set(flat(ranks))
    if len(ranks) == 1 and len(ranks[0]) == 1:
        others = sorted(all_covs - taking)
        out = f"Only {scene.name(ranks[0][0])} pays"
        if others:
            out += (
                f"; {' and '.join(scene.name(o) for o in others)} {'does' if len(others) == 1 else 'do'} not take part"
            )
        return out
    parts = []
    for i, r in enumerate(ranks, start=1):
        if len(r) == 1:
            parts.append(f"{i}. {scene.name(r[0])}")
        else:
            parts.append(f"{i}. {' and '.join(scene.name(x) for x in r)} share equally")
    return " → ".join(parts)


def _lesson_first(
    items: list[tuple[Misconception, object]], preferred: tuple[str, ...], rules: tuple[str, ...]
) -> list[tuple[Misconception, object]]:
    def rank(item: tuple[Misconception, object]) -> tuple[int, int]:
        m = item[0]
        if m.id in preferred:
            return (0, preferred.index(m.id))
        if set(m.rules) & set(rules):
            return (1, 0)
        return (2, 0)

    return sorted(items, key=rank)


def _pick(
    right: Option,
    candidates: list[Option],
    rng: random.Random,
    *,
    most: int = 3,
) -> list[Option]:
    """The right option and up to ``most`` distinct wrong ones (in the order given), shuffled."""
    chosen = [right]
    seen = {right.value}
    for c in candidates:
        if c.value in seen or c.text == right.text:
            continue
        chosen.append(c)
        seen.add(c.value)
        if len(chosen) > most:
            break
    rng.shuffle(chosen)
    return chosen


def _wrong(
    scene: Scene, m: Misconception, text: str, value: Hashable, *, why_value: object = None, topic: str = ""
) -> Option:
    return Option(text, value, False, m.id, m.why_here(scene, value if why_value is None else why_value, topic))


# ------------------------------------------------------------------------------------------------ builders


@dataclass(frozen=True)
class Setting:
    """What the builder knows about the lesson and the request."""

    rules: tuple[str, ...]
    misconceptions: tuple[str, ...]
    rng: random.Random
    subject: str | None = None  #: build a question about this rule (review), or None
    min_options: int = 2  #: fewer options (misconceptions that apply) and the builder gives up on the case


def _subject(candidates: list[str], setting: Setting, default: str) -> str | None:
    """The rule a question is about: the requested one (or None if it is not exercised), else the first of the
    lesson's rules among the candidates, else ``default``."""
    if setting.subject is not None:
        return setting.subject if setting.subject in candidates or setting.subject == default else None
    for r in candidates:
        if r in setting.rules:
            return r
    return default


def _rules_used(det: Determination) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for s in det.steps:
        if s.outcome in ("decided", "tie", "excluded", "indeterminate", "paid", "note", "overridden"):
            seen.setdefault(s.rule, None)
    return tuple(seen)


def _primary_step(scene: Scene) -> Step | None:
    ranks = scene.ranks
    if len(ranks) < 2:
        return None
    return scene.step(ranks[0][0], ranks[1][0])


def build_order(scene: Scene, setting: Setting) -> Built | None:
    det = scene.det
    if det.status is DeterminationStatus.INDETERMINATE or len(det.positions) < 2:
        return None
    rules = _rules_used(det)
    main = _primary_step(scene)
    default = main.rule if main is not None else rules[0]
    subject = _subject([r for r in rules if r in setting.rules or r == default] + list(rules), setting, default)
    if subject is None:
        return None
    right = Option(order_text(scene, scene.ranks), scene.ranks, True)
    found = _lesson_first(_orders(scene), setting.misconceptions, setting.rules)
    candidates = [_wrong(scene, m, order_text(scene, v), v) for m, v in found]  # type: ignore[arg-type]
    options = _pick(right, candidates, setting.rng)
    if len(options) < setting.min_options:
        return None
    who = full_name(scene.case.person(scene.patient))
    return Built(
        QuestionKind.ORDER,
        "order",
        f"{who} has the coverage shown. In what order do the payers pay this claim?",
        subject,
        rules,
        options,
        focus=tuple(s for s in det.steps if s.outcome in ("decided", "tie", "excluded")),
    )


def _orders(scene: Scene) -> list[tuple[Misconception, object]]:
    out: list[tuple[Misconception, object]] = []
    for m in MISCONCEPTIONS:
        if m.order is None:
            continue
        v = m.order(scene)
        if v is not None and v != scene.ranks:
            out.append((m, v))
    return out


def build_position(scene: Scene, setting: Setting) -> Built | None:
    det = scene.det
    if det.status is not DeterminationStatus.DETERMINED or len(det.positions) < 3:
        return None
    ranks = scene.ranks
    position = setting.rng.choice((2, 3)) if len(ranks) >= 3 else 2
    if setting.subject is not None:
        for p in (2, 3):
            if p <= len(ranks):
                st = scene.step(ranks[p - 2][0], ranks[p - 1][0])
                if st is not None and st.rule == setting.subject:
                    position = p
    target = ranks[position - 1][0]
    step = scene.step(ranks[position - 2][0], target)
    rules = _rules_used(det)
    default = step.rule if step is not None else "coordination.more_than_two_payers"
    subject = _subject([default, "coordination.more_than_two_payers"], setting, default)
    if subject is None:
        return None
    ordinal = {2: "second", 3: "third"}[position]
    right = Option(scene.name(target), (target,), True)
    candidates = []
    for m, v in _lesson_first(_orders(scene), setting.misconceptions, setting.rules):
        order = flat(v)  # type: ignore[arg-type]
        if len(order) >= position and order[position - 1] != target:
            other = order[position - 1]
            candidates.append(_wrong(scene, m, scene.name(other), (other,), why_value=v))
    options = _pick(right, candidates, setting.rng)
    if len(options) < (setting.min_options if setting.subject else 3):  # a coin toss teaches nothing
        return None
    who = first_name(scene.case.person(scene.patient))
    return Built(
        QuestionKind.POSITION,
        f"position:{position}",
        f"{who} has {len(scene.order)} coverages that take part in this claim. Which one pays {ordinal}?",
        subject,
        rules,
        options,
        focus=tuple(s for s in det.steps if s.outcome in ("decided", "excluded")),
    )


def build_rule(scene: Scene, setting: Setting) -> Built | None:
    det = scene.det
    if det.status is DeterminationStatus.INDETERMINATE:
        return None
    ranks = scene.ranks
    pairs: list[tuple[str, str, Step]] = []
    for i in range(len(ranks) - 1):
        if len(ranks[i]) != 1 or len(ranks[i + 1]) != 1:
            continue
        a, b = ranks[i][0], ranks[i + 1][0]
        st = pair_step(det, a, b)
        if st is not None and st.outcome == "decided" and st.first == a:
            pairs.append((a, b, st))
    if not pairs:
        return None
    if setting.subject is not None:
        pairs = [p for p in pairs if p[2].rule == setting.subject]
        if not pairs:
            return None
    else:
        taught = [p for p in pairs if p[2].rule in setting.rules]
        pairs = taught or pairs
    a, b, step = setting.rng.choice(pairs)
    topic = f"rule:{a}:{b}"
    right = Option(RULES_BY_ID[step.rule].title, step.rule, True)
    candidates = []
    for m, v in _lesson_first(
        [(m, m.answer(scene, topic)) for m in MISCONCEPTIONS if m.answer is not None],
        setting.misconceptions,
        setting.rules,
    ):
        if v is None or v == step.rule or v not in RULES_BY_ID:
            continue
        candidates.append(_wrong(scene, m, RULES_BY_ID[str(v)].title, v))
    options = _pick(right, candidates, setting.rng)
    if len(options) < (setting.min_options if setting.subject else 3):  # a coin toss teaches nothing
        return None
    return Built(
        QuestionKind.RULE,
        topic,
        f"{scene.name(a)} pays before {scene.name(b)}. Which rule decides that?",
        step.rule,
        _rules_used(det),
        options,
        focus=(step,),
    )


def build_action(scene: Scene, setting: Setting) -> Built | None:
    right = right_action(scene)
    if right is None:
        return None
    det = scene.det
    rules = _rules_used(det)
    verb = right[0]
    main = {
        "ask-msp": "msp.basis_unknown",
        "ask-since": "naic.same_birthday_longer_parent_coverage",
        "ask-decree": "naic.birthday",
        "ask-plans": next(
            (r for r in ("coordination.rule_loop", "coordination.no_rule") if any(s.rule == r for s in det.steps)),
            "coordination.no_rule",
        ),
        "conditional": "msp.conditional_payment",
        "subrogation": "injury.subrogation",
        "share": "naic.share_equally",
    }.get(verb)
    if main is None:
        if verb in ("only", "wc", "self-pay") and det.excluded:
            main = det.excluded[0].rule
        elif verb == "eob" and len(right[1]) > 2:
            main = "coordination.more_than_two_payers"
        elif verb in ("eob", "crossover"):
            st = _primary_step(scene)
            main = st.rule if st is not None else "coordination.primary_pays_as_if_alone"
        else:
            main = "coordination.in_force"
    candidates_rules = [main] + [r for r in rules if r in setting.rules]
    if verb == "eob":
        candidates_rules.append("coordination.primary_pays_as_if_alone")
    subject = _subject(candidates_rules, setting, main)
    if subject is None:
        return None
    right_opt = Option(action_text(scene, right), right, True)
    candidates: list[Option] = []
    wrong_orders = []
    if det.status is not DeterminationStatus.INDETERMINATE:
        wrong_orders = _lesson_first(_orders(scene), setting.misconceptions, setting.rules)
    for m, v in wrong_orders:
        act = action_for(scene, v)  # type: ignore[arg-type]
        if act != right:
            candidates.append(_wrong(scene, m, action_text(scene, act), act, why_value=v))
    for m, act in action_misconceptions(scene, right):
        candidates.insert(0, _wrong(scene, m, action_text(scene, act), act))
    if verb.startswith("ask-") or verb == "ask-plans":
        # the trainee who does not see the gap bills in card order
        gap = BY_ID["shared-still-ordered"] if verb == "ask-plans" else gap_misconception(verb)
        covs = sorted(scene.covs)
        if len(covs) >= 2 and gap is not None:
            guess: Action = ("eob", tuple(covs[:2]))
            candidates.append(_wrong(scene, gap, action_text(scene, guess), guess))
    options = _pick(right_opt, candidates, setting.rng)
    if len(options) < setting.min_options:
        return None
    who = first_name(scene.case.person(scene.patient))
    return Built(
        QuestionKind.NEXT_ACTION,
        "action",
        f"The claim for {who}'s visit is ready. What does the biller do next?",
        subject,
        rules,
        options,
        focus=tuple(s for s in det.steps if s.outcome in ("decided", "tie", "excluded", "indeterminate")),
    )


def gap_misconception(verb: str) -> Misconception | None:
    return {
        "ask-msp": BY_ID["medicare-always-primary-at-65"],
        "ask-decree": BY_ID["custodial-always"],
        "ask-since": BY_ID["same-birthday-alphabetical"],
    }.get(verb)


def build_amount(scene: Scene, setting: Setting) -> Built | None:
    det = scene.det
    pay = det.payments
    if pay is None or not pay.complete or len(pay.eobs) < 2 or len(pay.eobs[1:]) != len(scene.order[1:]):
        return None
    later = list(pay.eobs[1:])
    if setting.subject is not None:
        choices = [e for e in later if e.method == setting.subject]
    else:
        # a lesson slot asks what the secondary pays (an export to an LMS labels it so); the lesson's own payment
        # rules first
        choices = [later[0]] if later[0].method in setting.rules or not setting.rules else []
    if not choices:
        return None
    eob = setting.rng.choice(choices)
    who = first_name(scene.case.person(scene.patient))
    prompt = (
        f"Every payer's benefits are shown. How much does {scene.name(eob.coverage)} pay, and how much does {who} "
        "still owe after all payers?"
    )
    steps = tuple(s for s in det.steps if s.outcome == "paid")
    return Built(
        QuestionKind.PAYMENT,
        f"amount:{eob.coverage}",
        prompt,
        eob.method,
        _rules_used(det),
        [],
        money=True,
        secondary=eob.coverage,
        expected_amounts=(eob.paid, pay.patient),
        focus=steps,
    )


def build_date(scene: Scene, setting: Setting) -> Built | None:
    patient = scene.case.person(scene.patient)
    if not any(scene.cov(c).kind in MEDICARE_KINDS for c in scene.covs):
        return None
    topics = []
    periods = esrd_periods(patient.medicare)
    if periods:
        topics += ["esrd-start", "coordination-end"]
    else:
        topics.append("aged-start")
    topic = setting.rng.choice(topics)
    right_date = date_key(scene, topic)
    if right_date is None:
        return None
    rules = _rules_used(scene.det)
    msp_rule = _msp_rule(scene)
    main = {
        "aged-start": msp_rule or "msp.working_aged",
        "esrd-start": "msp.esrd_coordination_period",
        "coordination-end": "msp.esrd_after_coordination",
    }[topic]
    subject = _subject([main], setting, main)
    if subject is None:
        return None
    fmt = day
    right = Option(fmt(right_date), right_date, True)
    candidates = []
    for m, v in _lesson_first(
        [(m, m.date(scene, topic)) for m in MISCONCEPTIONS if m.date is not None], setting.misconceptions, setting.rules
    ):
        if isinstance(v, date) and v != right_date:
            candidates.append(_wrong(scene, m, fmt(v), v))
    options = _pick(right, candidates, setting.rng)
    if len(options) < setting.min_options:
        return None
    name = first_name(patient)
    prompt = {
        "aged-start": f"On what date does {name}'s Medicare by age begin?",
        "esrd-start": f"On what date does {name}'s Medicare on the basis of kidney failure (ESRD) begin?",
        "coordination-end": f"On what date does {name}'s 30-month ESRD coordination period end?",
    }[topic]
    return Built(QuestionKind.DATE, topic, prompt, subject, rules, options, focus=())


def build_msp(scene: Scene, setting: Setting) -> Built | None:
    if not any(scene.cov(c).kind in MEDICARE_KINDS for c in scene.covs):
        return None
    rule = _msp_rule(scene)
    if rule is None:
        return None
    right_key = msp_key(scene, rule)
    if right_key is None:
        return None
    subject = _subject([rule], setting, rule)
    if subject is None:
        return None
    pair = _medicare_pair(scene)
    topic = f"msp:{pair[0]}:{pair[1]}" if pair else "msp:-:-"
    right = Option(MSP_OPTIONS[right_key], right_key, True)
    candidates = []
    for m, v in _lesson_first(
        [(m, m.answer(scene, f"msp:{right_key}")) for m in MISCONCEPTIONS if m.answer is not None],
        setting.misconceptions,
        setting.rules,
    ):
        if isinstance(v, str) and v in MSP_OPTIONS and v != right_key:
            candidates.append(_wrong(scene, m, MSP_OPTIONS[v], v, topic=f"msp:{right_key}"))
    options = _pick(right, candidates, setting.rng)
    if len(options) < setting.min_options:
        return None
    who = first_name(scene.case.person(scene.patient))
    return Built(
        QuestionKind.MSP,
        topic,
        f"{who} has Medicare. On the Medicare Secondary Payer questionnaire, which answer decides whether Medicare "
        "pays first for this claim?",
        subject,
        _rules_used(scene.det),
        options,
        focus=tuple(s for s in scene.det.steps if s.rule == rule),
    )


def build_remittance(scene: Scene, setting: Setting) -> Built | None:
    pay = scene.det.payments
    if pay is None or not pay.complete or not pay.eobs:
        return None
    # a lone payer's remittance is worth reading only when its own payment rule is the subject (active duty: the
    # member owes nothing); otherwise the question is about what passes to the next payer
    if len(scene.order) < 2 and (setting.subject is None or pay.eobs[0].method != setting.subject):
        return None
    codes = remit_codes(scene)
    topics = ["remit-patient", "remit-writeoff"] + [f"remit-code:{c}" for c in codes[:1]]
    topic = setting.rng.choice(topics)
    right_value = remit_key(scene, topic)
    if right_value is None:
        return None
    if topic.startswith("remit-code:"):
        return _remit_code_question(scene, setting, topic, right_value)
    eob = pay.eobs[0]
    main = eob.method
    subject = _subject([main], setting, main)
    if subject is None:
        return None
    right = Option(right_value, right_value, True)
    candidates = []
    for m, v in _lesson_first(
        [(m, m.answer(scene, topic)) for m in MISCONCEPTIONS if m.answer is not None],
        setting.misconceptions,
        setting.rules,
    ):
        if isinstance(v, str) and v.startswith("$") and v != right_value:
            candidates.append(_wrong(scene, m, v, v, topic=topic))
    options = _pick(right, candidates, setting.rng)
    if len(options) < setting.min_options:
        return None
    name = scene.name(eob.coverage)
    prompt = {
        "remit-patient": (
            f"Read the remittance from {name}, the primary. How much of this claim is the patient's responsibility "
            "(to bill to the next payer or the patient)?"
        ),
        "remit-writeoff": (
            f"Read the remittance from {name}, the primary. How much must the provider write off under its "
            "contract with this payer?"
        ),
    }[topic]
    return Built(
        QuestionKind.REMITTANCE,
        topic,
        prompt,
        subject,
        _rules_used(scene.det),
        options,
        money=True,
        secondary=eob.coverage,
        focus=tuple(s for s in scene.det.steps if s.outcome == "paid" and eob.coverage in s.coverages),
    )


def _remit_code_question(scene: Scene, setting: Setting, topic: str, code: str) -> Built | None:
    pay = scene.det.payments
    assert pay is not None
    eob = pay.eobs[0]
    subject = _subject([eob.method], setting, eob.method)
    if subject is None:
        return None
    right = Option(CODE_MEANINGS[code], code, True)
    candidates = []
    for m, v in _lesson_first(
        [(m, m.answer(scene, topic)) for m in MISCONCEPTIONS if m.answer is not None],
        setting.misconceptions,
        setting.rules,
    ):
        if isinstance(v, str) and v in CODE_MEANINGS and v != code:
            candidates.append(_wrong(scene, m, CODE_MEANINGS[v], v, topic=topic))
    options = _pick(right, candidates, setting.rng)
    if len(options) < setting.min_options:
        return None
    amount = sum(
        (a.amount for pl in eob.lines for a in pl.adjustments if f"{a.group}-{a.reason}" == code), start=Decimal("0")
    )
    return Built(
        QuestionKind.REMITTANCE,
        topic,
        f"The remittance from {scene.name(eob.coverage)}, the primary, shows the adjustment {code} "
        f"(${amount:,.2f} in all). What does it mean?",
        subject,
        _rules_used(scene.det),
        options,
        money=True,
        secondary=eob.coverage,
        focus=tuple(s for s in scene.det.steps if s.outcome == "paid" and eob.coverage in s.coverages),
    )


def build_claim(scene: Scene, setting: Setting) -> Built | None:
    det = scene.det
    if det.status is not DeterminationStatus.DETERMINED or len(scene.order) < 2:
        return None
    later = list(scene.order[1:])
    setting.rng.shuffle(later)
    for cid in later:
        right_key = claim_key(scene, cid)
        if right_key is None:
            continue
        at = scene.order.index(cid)
        step = scene.step(scene.order[at - 1], cid)
        main = {
            "claim-crossover": step.rule if step is not None else "medigap.after_medicare",
            "claim-tertiary": "coordination.more_than_two_payers",
        }.get(right_key, step.rule if step is not None else "coordination.primary_pays_as_if_alone")
        pay = det.payments
        if right_key == "claim-cob" and pay is not None and pay.complete:
            eob = next((e for e in pay.eobs if e.coverage == cid), None)
            if eob is not None and eob.method in setting.rules:
                main = eob.method
        subject = _subject([main, "coordination.primary_pays_as_if_alone"], setting, main)
        if subject is None:
            continue
        topic = f"claim:{cid}"
        right = Option(CLAIM_OPTIONS[right_key], right_key, True)
        candidates = []
        for m, v in _lesson_first(
            [(m, m.answer(scene, topic)) for m in MISCONCEPTIONS if m.answer is not None],
            setting.misconceptions,
            setting.rules,
        ):
            if isinstance(v, str) and v in CLAIM_OPTIONS and v != right_key:
                candidates.append(_wrong(scene, m, CLAIM_OPTIONS[v], v, topic=topic))
        options = _pick(right, candidates, setting.rng)
        if len(options) < setting.min_options:
            continue
        return Built(
            QuestionKind.SECONDARY_CLAIM,
            topic,
            f"{scene.name(scene.order[at - 1])} has paid. What must the claim to {scene.name(cid)} carry?",
            subject,
            _rules_used(det),
            options,
            focus=tuple(s for s in det.steps if s.outcome == "decided" and cid in s.coverages),
        )
    return None


BUILDERS = {
    QuestionKind.ORDER: build_order,
    QuestionKind.POSITION: build_position,
    QuestionKind.RULE: build_rule,
    QuestionKind.NEXT_ACTION: build_action,
    QuestionKind.PAYMENT: build_amount,
    QuestionKind.DATE: build_date,
    QuestionKind.MSP: build_msp,
    QuestionKind.REMITTANCE: build_remittance,
    QuestionKind.SECONDARY_CLAIM: build_claim,
}

#: Kinds whose questions need the claim's money (lines and benefits).
MONEY_KINDS = frozenset({QuestionKind.PAYMENT, QuestionKind.REMITTANCE})


def knock_out(scene: Scene, rule_id: str) -> Determination:
    return solve(scene.case, disabled=(rule_id,))


__all__ = [
    "BUILDERS",
    "MONEY_KINDS",
    "Action",
    "Built",
    "Option",
    "Setting",
    "action_for",
    "action_misconceptions",
    "action_text",
    "answer_key",
    "date_key",
    "gap_misconception",
    "month",
    "order_text",
    "ranks_of",
    "right_action",
]
