"""Documented misconceptions (domain reference §7 of both rule files), as quiz distractors with feedback.

Each misconception states the wrong belief and the correction, and says how a trainee holding it would answer a
given case: the payer order they would give, the date they would compute, the rule they would name, the
questionnaire answer, remittance amount or claim content they would pick. A distractor is built only when the
belief *applies to this case* - when it leads to an answer that differs from the right one - and its feedback
(:meth:`Misconception.why_here`) says why that reading is wrong here, with the fact of the case that shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from cobsim.engine import solve
from cobsim.medicare import add_months, aged_entitlement_start, attains_age_on, esrd_periods, month_start
from cobsim.model.case import Case, Coverage
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    GROUP_HEALTH_PLAN_KINDS,
    INJURY_KINDS,
    MEDICARE_KINDS,
    NO_FAULT_KINDS,
    TRICARE_KINDS,
    CobProvision,
    CoverageBasis,
    CoverageKind,
    DecreeSubject,
    MemberRelationship,
    RelationshipKind,
    Sex,
)
from cobsim.rules.context import Context
from cobsim.rules.registry import RULES_BY_ID
from cobsim.services.facts import Names, day, dollars, first_name, full_name, month, plain
from cobsim.trace import Determination, Step

Ranks = tuple[tuple[str, ...], ...]
"""A payer order: coverage ids by rank; a rank of several shares equally."""


# ------------------------------------------------------------------------------------------------ the scene


class Scene:
    """A case and its determination, with the lookups the misconceptions need."""

    def __init__(self, case: Case, det: Determination, names: Names | None = None) -> None:
        self.case = case
        self.det = det
        self.names = names or Names(case)

    @cached_property
    def ctx(self) -> Context:
        return Context(self.case)

    @cached_property
    def ranks(self) -> Ranks:
        out: dict[int, list[str]] = {}
        for p in self.det.positions:
            out.setdefault(p.rank, []).append(p.coverage)
        return tuple(tuple(sorted(v)) for _, v in sorted(out.items()))

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(c for r in self.ranks for c in r)

    @cached_property
    def covs(self) -> dict[str, Coverage]:
        return {c.id: c for c in self.case.coverages if c.member == self.case.claim.patient}

    def cov(self, cid: str) -> Coverage:
        return self.case.coverage(cid)

    def name(self, cid: str) -> str:
        return self.names(cid)

    def person(self, pid: str) -> str:
        return full_name(self.case.person(pid))

    @cached_property
    def excluded(self) -> tuple[str, ...]:
        return tuple(e.coverage for e in self.det.excluded)

    def step(self, a: str, b: str) -> Step | None:
        """The step that ordered (or tied) coverages ``a`` and ``b``."""
        pair = {a, b}
        for s in self.det.steps:
            if s.outcome in ("decided", "tie", "indeterminate") and set(s.coverages) == pair:
                return s
        return None

    @cached_property
    def deciding(self) -> tuple[Step, ...]:
        return tuple(s for s in self.det.steps if s.outcome in ("decided", "tie", "excluded"))

    @cached_property
    def deciding_rules(self) -> frozenset[str]:
        return frozenset(s.rule for s in self.deciding)

    def rule_step(self, rule_id: str) -> Step | None:
        return next((s for s in self.deciding if s.rule == rule_id), None)

    def explain(self, step: Step | None) -> str:
        return plain(step.explanation, self.case, self.names) if step is not None else ""

    def kinds(self, kinds: frozenset[CoverageKind], ids: tuple[str, ...] | None = None) -> list[str]:
        return [c for c in (ids if ids is not None else self.order) if self.cov(c).kind in kinds]

    @property
    def patient(self) -> str:
        return self.case.claim.patient

    @cached_property
    def child_plans(self) -> list[Coverage]:
        return [self.cov(c) for c in self.order if self.cov(c).relationship is MemberRelationship.CHILD]


def flat(ranks: Ranks) -> tuple[str, ...]:
    return tuple(c for r in ranks for c in r)


def as_ranks(order: tuple[str, ...]) -> Ranks:
    return tuple((c,) for c in order)


def _front(order: tuple[str, ...], chosen: list[str]) -> Ranks | None:
    if not chosen:
        return None
    new = tuple(chosen) + tuple(c for c in order if c not in chosen)
    return as_ranks(new)


def _back(order: tuple[str, ...], chosen: list[str]) -> Ranks | None:
    if not chosen:
        return None
    new = tuple(c for c in order if c not in chosen) + tuple(chosen)
    return as_ranks(new)


# ------------------------------------------------------------------------------------------------ the record

OrderMaker = Callable[[Scene], Ranks | None]
AnswerMaker = Callable[[Scene, str], str | None]
DateMaker = Callable[[Scene, str], date | None]
Why = Callable[[Scene], str]


@dataclass(frozen=True)
class Misconception:
    """A wrong belief, its correction, and how a trainee holding it would answer a case."""

    id: str
    belief: str  #: the wrong belief, as a trainee would say it
    correction: str  #: the rule, in one sentence
    rules: tuple[str, ...]  #: rule ids it misreads
    order: OrderMaker | None = None  #: the payer order a holder gives (order, position and next-action questions)
    answer: AnswerMaker | None = None  #: the option a holder picks, by question topic (rule, MSP, remittance...)
    date: DateMaker | None = None  #: the date a holder computes (date questions)
    here: Why | None = None  #: why the belief is wrong in this case, naming the fact that shows it

    def why_here(self, scene: Scene, value: object = None, topic: str = "") -> str:
        """The feedback for a trainee who picked this misconception's option (``value``: the option's answer,
        ``topic``: what the question asks): the correction, then the fact of this case that shows it."""
        specific = self.here(scene) if self.here is not None else ""
        if not specific:
            specific = _topical(scene, value, topic) or _specific(scene, value, self)
        return f"{self.correction} {specific}".strip()


def _topical(scene: Scene, value: object, topic: str) -> str:
    """The fact that decides a remittance, claim or questionnaire question."""
    if topic.startswith("remit-code:"):
        code = topic.split(":", 1)[1]
        return f"Here {code} means: {CODE_MEANINGS.get(code, '')}." if code in CODE_MEANINGS else ""
    if topic.startswith("remit"):
        amounts = _remit_amounts(scene)
        if amounts is None:
            return ""
        return (
            f"Here the PR adjustments (the patient's responsibility) add up to {dollars(amounts['PR'])} and the CO "
            f"adjustments (the contractual write-off) to {dollars(amounts['CO'])}; the allowed amount was "
            f"{dollars(amounts['allowed'])} and the payer paid {dollars(amounts['paid'])}."
        )
    if topic.startswith("claim:"):
        right = claim_key(scene, topic.split(":", 1)[1])
        return f"Here the claim must carry: {CLAIM_OPTIONS[right]}." if right else ""
    if topic.startswith("msp:"):
        right = topic.split(":", 1)[1]
        step = next((s for s in scene.deciding if msp_key(scene, s.rule) == right), None)
        lead = f'Here the answer that decides is "{MSP_OPTIONS[right]}"' if right in MSP_OPTIONS else ""
        return f"{lead}. {scene.explain(step)}" if step is not None and lead else (lead + "." if lead else "")
    return ""


def _inverted(scene: Scene, wrong: Ranks) -> tuple[str, str] | None:
    """The first pair the wrong order puts the other way round (right first, then wrong first)."""
    right = scene.order
    pos = {c: i for i, c in enumerate(flat(wrong))}
    for i, a in enumerate(right):
        for b in right[i + 1 :]:
            if a in pos and b in pos and pos[b] < pos[a]:
                return a, b
    return None


def _specific(scene: Scene, value: object, m: Misconception) -> str:
    """Why an answer is wrong in this case, from the trace."""
    if isinstance(value, tuple) and value and all(isinstance(r, tuple) for r in value):
        wrong: Ranks = value
        taking = set(scene.order)
        extra = [c for c in flat(wrong) if c not in taking]
        if extra:
            step = next((s for s in scene.det.steps if s.outcome == "excluded" and s.coverages == (extra[0],)), None)
            if step is not None:
                return f"Here: {scene.explain(step)}"
        missing = [c for c in scene.order if c not in set(flat(wrong))]
        if missing:
            first = scene.order[0]
            return (
                f"Here {scene.name(missing[0])} takes part too: it is in force on the date of service and covers "
                f"this service, so it pays after {scene.name(first)}, working from its EOB."
            )
        if len(wrong) < len(scene.ranks) or any(len(r) > 1 for r in wrong):
            step = scene.step(*scene.ranks[0][:1], *scene.ranks[1][:1]) if len(scene.ranks) > 1 else None
            return f"Here a rule decides: {scene.explain(step)}" if step else ""
        pair = _inverted(scene, wrong)
        if pair is None and any(len(r) > 1 for r in scene.ranks):
            tie = next((s for s in scene.det.steps if s.outcome == "tie"), None)
            return f"Here: {scene.explain(tie)}" if tie else ""
        if pair is not None:
            step = scene.step(*pair)
            if step is not None:
                return f"Here: {scene.explain(step)}"
    if isinstance(value, str) and value in _rule_titles():
        deciding = [x for x in scene.deciding if x.outcome == "decided"]
        target = next((x for x in deciding if set(m.rules) & {x.rule}), deciding[0] if deciding else None)
        if target is not None:
            return (
                f"{RULES_BY_ID[value].title} is not the rule that decides this pair. The rules are asked in order and "
                f"the first that applies decides: {scene.explain(target)}"
            )
    steps = [x for x in scene.deciding if set(m.rules) & {x.rule}] or list(scene.deciding)
    if steps:
        return f"Here: {scene.explain(steps[0])}"
    return ""


def _rule_titles() -> frozenset[str]:
    return frozenset(RULES_BY_ID)


# ------------------------------------------------------------------------------------------------ order makers


def _older_parent_first(s: Scene) -> Ranks | None:
    kids = s.child_plans
    if len(kids) < 2 or "naic.birthday" not in s.deciding_rules:
        return None
    births = {c.id: s.case.person(c.subscriber).birth_date for c in kids}
    if len(set(births.values())) < len(births):
        return None
    oldest = min(kids, key=lambda c: births[c.id])
    return _front(s.order, [oldest.id])


def _why_birthday(s: Scene) -> str:
    step = s.rule_step("naic.birthday") or s.rule_step("naic.same_birthday_longer_parent_coverage")
    return f"The year of birth never counts. {s.explain(step)}" if step else ""


def _father_first(s: Scene) -> Ranks | None:
    fathers = [
        c.id
        for c in s.child_plans
        if s.case.person(c.subscriber).sex is Sex.M
        and s.case.parental_kind(c.subscriber, c.member) is RelationshipKind.PARENT
    ]
    return _front(s.order, fathers[:1])


def _why_father(s: Scene) -> str:
    step = s.rule_step("naic.birthday")
    if step is not None:
        return f"No plan here uses the old gender rule, so the birthday rule decides. {s.explain(step)}"
    return ""


def _stepparent_last(s: Scene) -> Ranks | None:
    steps = [c.id for c in s.child_plans if s.case.parental_kind(c.subscriber, c.member) is RelationshipKind.STEPPARENT]
    return _back(s.order, steps)


def _custodial_first(s: Scene) -> Ranks | None:
    arr = s.case.arrangement(s.patient)
    if arr is None or arr.custodial_parent is None:
        return None
    return _front(s.order, [c.id for c in s.child_plans if c.subscriber == arr.custodial_parent])


def _why_custodial(s: Scene) -> str:
    step = s.rule_step("naic.court_decree") or s.rule_step("naic.birthday")
    return f"Custody alone does not decide here. {s.explain(step)}" if step else ""


def _own_plan_last(s: Scene) -> Ranks | None:
    if "naic.nondependent_first" not in s.deciding_rules:
        return None
    own = [c for c in s.order if s.cov(c).relationship is MemberRelationship.SELF and s.cov(c).kind in COMMERCIAL_KINDS]
    return _back(s.order, own)


def _basis_back(*bases: CoverageBasis) -> OrderMaker:
    def move(s: Scene) -> Ranks | None:
        return _back(s.order, [c for c in s.order if s.cov(c).effective_basis in bases])

    return move


def _oldest_policy_first(s: Scene) -> Ranks | None:
    commercial = [c for c in s.order if s.cov(c).kind in COMMERCIAL_KINDS]
    if len(commercial) < 2 or len({s.cov(c).start for c in commercial}) < len(commercial):
        return None  # plans that began the same day: the belief does not say which is older
    ordered = sorted(commercial, key=lambda c: (s.cov(c).start, c))
    it = iter(ordered)
    new = tuple(next(it) if c in commercial else c for c in s.order)
    return as_ranks(new)


def _excess_last(s: Scene) -> Ranks | None:
    return _back(s.order, [c for c in s.order if s.cov(c).cob is CobProvision.EXCESS])


def _kind_front(kinds: frozenset[CoverageKind]) -> OrderMaker:
    def move(s: Scene) -> Ranks | None:
        return _front(s.order, s.kinds(kinds))

    return move


def _kind_back(kinds: frozenset[CoverageKind]) -> OrderMaker:
    def move(s: Scene) -> Ranks | None:
        return _back(s.order, s.kinds(kinds))

    return move


def _medicare_first_at_65(s: Scene) -> Ranks | None:
    if not s.ctx.medicare_status.aged or s.ctx.medicare_status.esrd is not None:
        return None
    if "msp.working_aged" not in s.deciding_rules:
        return None
    return _front(s.order, s.kinds(MEDICARE_KINDS))


def _employer_before_medicare(s: Scene) -> Ranks | None:
    rules = {
        "msp.not_current_employment",
        "msp.small_employer",
        "msp.disability_small_employer",
        "msp.individual_coverage",
    }
    if not rules & s.deciding_rules:
        return None
    ghps = [c for c in s.order if s.cov(c).kind in COMMERCIAL_KINDS]
    medicare = s.kinds(MEDICARE_KINDS)
    if not ghps or not medicare:
        return None
    return _back(s.order, medicare + [c for c in s.order if s.cov(c).kind is CoverageKind.MEDIGAP])


def _disability_20(s: Scene) -> Ranks | None:
    step = s.rule_step("msp.disability_small_employer")
    if step is None:
        return None
    ghp = next((c for c in step.coverages if s.cov(c).kind in GROUP_HEALTH_PLAN_KINDS), None)
    if ghp is None or s.cov(ghp).employer is None:
        return None
    emp = s.case.employer(s.cov(ghp).employer or "")
    if emp.year(s.case.claim.service_date.year - 1).typical_employees < 20:
        return None
    return _front(s.order, [ghp])


def _working_aged_100(s: Scene) -> Ranks | None:
    step = s.rule_step("msp.working_aged")
    if step is None:
        return None
    ghp = next((c for c in step.coverages if s.cov(c).kind in GROUP_HEALTH_PLAN_KINDS), None)
    if ghp is None or s.cov(ghp).employer is None:
        return None
    emp = s.case.employer(s.cov(ghp).employer or "")
    if emp.employees > 100:
        return None
    return _front(s.order, s.kinds(MEDICARE_KINDS))


def _esrd_medicare_front(s: Scene) -> Ranks | None:
    step = s.rule_step("msp.esrd_coordination_period")
    if step is None:
        return None
    return _front(s.order, s.kinds(MEDICARE_KINDS))


def _esrd_plan_again(s: Scene) -> Ranks | None:
    step = s.rule_step("msp.esrd_after_coordination")
    if step is None:
        return None
    ghps = [c for c in step.coverages if s.cov(c).effective_basis is CoverageBasis.ACTIVE]
    return _front(s.order, ghps)


def _esrd_dual_gets_period(s: Scene) -> Ranks | None:
    step = s.rule_step("msp.esrd_dual_entitlement")
    if step is None:
        return None
    return _front(s.order, [c for c in step.coverages if s.cov(c).kind in GROUP_HEALTH_PLAN_KINDS])


def _reversal_ignored(s: Scene) -> Ranks | None:
    step = s.rule_step("naic.medicare_reversal")
    if step is None:
        return None
    own = [c for c in s.order if s.cov(c).relationship is MemberRelationship.SELF and s.cov(c).kind in COMMERCIAL_KINDS]
    return _front(s.order, own)


def _birthday_for_spouses(s: Scene) -> Ranks | None:
    step = s.rule_step("naic.nondependent_first")
    if step is None:
        return None
    spouse_plans = [
        c
        for c in step.coverages
        if s.cov(c).relationship in (MemberRelationship.SPOUSE, MemberRelationship.DOMESTIC_PARTNER)
    ]
    own = [c for c in step.coverages if s.cov(c).relationship is MemberRelationship.SELF]
    if len(spouse_plans) != 1 or len(own) != 1:
        return None
    mine = s.case.person(s.patient).birth_date
    theirs = s.case.person(s.cov(spouse_plans[0]).subscriber).birth_date
    if (theirs.month, theirs.day) >= (mine.month, mine.day):
        return None
    return _front(s.order, spouse_plans)


def _why_birthday_spouses(s: Scene) -> str:
    step = s.rule_step("naic.nondependent_first")
    return f"The birthday rule is only for children. {s.explain(step)}" if step else ""


def _medicaid_first(s: Scene) -> Ranks | None:
    return _front(s.order, s.kinds(frozenset({CoverageKind.MEDICAID, CoverageKind.CHIP})))


def _ihs_before_medicaid(s: Scene) -> Ranks | None:
    if not s.kinds(frozenset({CoverageKind.MEDICAID})):
        return None
    ihs = s.kinds(frozenset({CoverageKind.IHS}))
    if not ihs:
        return None
    medicaid = s.kinds(frozenset({CoverageKind.MEDICAID}))[0]
    order = [c for c in s.order if c not in ihs]
    at = order.index(medicaid)
    return as_ranks(tuple(order[:at] + ihs + order[at:]))


def _crime_victim_first(s: Scene) -> Ranks | None:
    return _front(s.order, s.kinds(frozenset({CoverageKind.CRIME_VICTIM})))


def _medigap_first(s: Scene) -> Ranks | None:
    return _front(s.order, s.kinds(frozenset({CoverageKind.MEDIGAP})))


def _tricare_first(s: Scene) -> Ranks | None:
    tri = s.kinds(TRICARE_KINDS | {CoverageKind.CHAMPVA})
    if not tri or not [c for c in s.order if s.cov(c).kind in COMMERCIAL_KINDS | MEDICARE_KINDS]:
        return None
    return _front(s.order, tri)


def _va_pays_with_medicare(s: Scene) -> Ranks | None:
    """The VA bills Medicare: Medicare takes part in VA-authorized care, before the VA."""
    medicare = [e.coverage for e in s.det.excluded if e.rule == "va.medicare_cannot_pay"]
    if not medicare:
        return None
    return as_ranks(tuple(medicare) + s.order)


def _injury_payer_back(s: Scene) -> Ranks | None:
    return _back(s.order, [c for c in s.order if s.cov(c).kind in INJURY_KINDS])


def _health_plan_pays_work_injury(s: Scene) -> Ranks | None:
    if "injury.workers_comp_exclusive" not in s.deciding_rules:
        return None
    excluded = [e.coverage for e in s.det.excluded if e.rule == "injury.workers_comp_exclusive"]
    health = [c for c in excluded if s.cov(c).kind in COMMERCIAL_KINDS | MEDICARE_KINDS]
    if not health:
        return None
    return as_ranks(tuple(health) + s.order)


def _no_fault_always_first(s: Scene) -> Ranks | None:
    rules = {"injury.michigan_coordinated_pip", "injury.nj_health_primary_election"}
    if rules & s.deciding_rules:
        return _front(s.order, s.kinds(NO_FAULT_KINDS))
    owner = [e.coverage for e in s.det.excluded if e.rule == "injury.nj_motorcycle_owner_operator"]
    if owner:
        return as_ranks(tuple(owner) + s.order)
    return None


def _denied_still_first(s: Scene) -> Ranks | None:
    out = [e.coverage for e in s.det.excluded if e.rule == "injury.payer_denied_or_exhausted"]
    return as_ranks(tuple(out) + s.order) if out else None


def _unrelated_injury_first(s: Scene) -> Ranks | None:
    out = [e.coverage for e in s.det.excluded if e.rule == "injury.unrelated_claim"]
    return as_ranks(tuple(out) + s.order) if out else None


def _liability_first(s: Scene) -> Ranks | None:
    out = [e.coverage for e in s.det.excluded if e.rule == "injury.liability_pays_at_settlement"]
    return as_ranks(tuple(out) + s.order) if out else None


def _excluded_back(rule_id: str) -> OrderMaker:
    """The holder counts a coverage the rule leaves out, after the others."""

    def move(s: Scene) -> Ranks | None:
        out = [e.coverage for e in s.det.excluded if e.rule == rule_id]
        return as_ranks(s.order + tuple(out)) if out and s.order else None

    return move


def _excluded_front(rule_id: str) -> OrderMaker:
    def move(s: Scene) -> Ranks | None:
        out = [e.coverage for e in s.det.excluded if e.rule == rule_id]
        return as_ranks(tuple(out) + s.order) if out else None

    return move


def _only_primary(s: Scene) -> Ranks | None:
    if len(s.order) < 2 or len(s.ranks[0]) > 1:
        return None
    return ((s.order[0],),)


def _share(s: Scene) -> Ranks | None:
    if len(s.order) != 2 or len(s.ranks) != 2:
        return None
    if not all(s.cov(c).kind in COMMERCIAL_KINDS for c in s.order):
        return None
    return (tuple(sorted(s.order)),)


def _unshare(s: Scene) -> Ranks | None:
    """Shared: the holder orders by the longest coverage / first card anyway."""
    if len(s.ranks) < 1 or len(s.ranks[0]) < 2:
        return None
    return as_ranks(s.order)


def _same_birthday_alphabetical(s: Scene) -> Ranks | None:
    if "naic.same_birthday_longer_parent_coverage" not in s.deciding_rules or len(s.child_plans) < 2:
        return None
    first = min(s.child_plans, key=lambda c: full_name(s.case.person(c.subscriber)))
    return _front(s.order, [first.id])


def _child_covered_longest(s: Scene) -> Ranks | None:
    if "naic.same_birthday_longer_parent_coverage" not in s.deciding_rules or len(s.child_plans) < 2:
        return None
    first = min(s.child_plans, key=lambda c: (c.start, c.id))
    return _front(s.order, [first.id])


def _carrier_change_resets(s: Scene) -> Ranks | None:
    step = s.rule_step("naic.longer_coverage")
    if step is None:
        return None
    covs = [s.cov(c) for c in step.coverages]
    if not any(c.history for c in covs):
        return None
    first = min(covs, key=lambda c: (c.start, c.id))
    return _front(s.order, [first.id])


def _decree_binds_at_once(s: Scene) -> Ranks | None:
    arr = s.case.arrangement(s.patient)
    if arr is None or arr.decree is None or len(arr.decree.responsible) != 1:
        return None
    if "naic.court_decree" in s.deciding_rules:
        return None
    if arr.decree.subject is DecreeSubject.GENERAL_FINANCIAL_SUPPORT:
        return None
    resp = arr.decree.responsible[0]
    return _front(s.order, [c.id for c in s.child_plans if c.subscriber == resp])


def _support_decree_counts(s: Scene) -> Ranks | None:
    arr = s.case.arrangement(s.patient)
    if arr is None or arr.decree is None or arr.decree.subject is not DecreeSubject.GENERAL_FINANCIAL_SUPPORT:
        return None
    if len(arr.decree.responsible) != 1:
        return None
    resp = arr.decree.responsible[0]
    return _front(s.order, [c.id for c in s.child_plans if c.subscriber == resp])


def _guardian_last(s: Scene) -> Ranks | None:
    caretakers = (RelationshipKind.GUARDIAN, RelationshipKind.GRANDPARENT, RelationshipKind.FOSTER_PARENT)
    plans = [c.id for c in s.child_plans if s.case.parental_kind(c.subscriber, c.member) in caretakers]
    others = [c for c in s.child_plans if c.id not in plans]
    if not plans or not others:
        return None
    return _back(s.order, plans)


def _fehb_first(s: Scene) -> Ranks | None:
    fehb = [
        c for c in s.order if s.cov(c).kind is CoverageKind.FEHB and s.cov(c).effective_basis is CoverageBasis.RETIRED
    ]
    if not fehb or not s.kinds(MEDICARE_KINDS):
        return None
    return _front(s.order, fehb)


def _individual_before_medicare(s: Scene) -> Ranks | None:
    if "msp.individual_coverage" not in s.deciding_rules:
        return None
    return _front(s.order, s.kinds(frozenset({CoverageKind.INDIVIDUAL, CoverageKind.STUDENT})))


def _starts_today_not_counted(s: Scene) -> Ranks | None:
    on = s.case.claim.service_date
    new = [c for c in s.order if s.cov(c).start == on]
    if not new or len(s.order) < 2:
        return None
    rest = tuple(c for c in s.order if c not in new)
    return as_ranks(rest)


def _active_duty_coordinates(s: Scene) -> Ranks | None:
    out = [e.coverage for e in s.det.excluded if e.rule == "tricare.active_duty_only"]
    return as_ranks(tuple(out) + s.order) if out else None


def _closed_panel_pays(s: Scene) -> Ranks | None:
    out = [e.coverage for e in s.det.excluded if e.rule == "naic.closed_panel_non_panel_provider"]
    return as_ranks(tuple(out) + s.order) if out else None


def _nonpanel_pays_nothing(s: Scene) -> Ranks | None:
    if "naic.closed_panel_non_panel_provider" not in s.deciding_rules:
        return None
    return ()


# ------------------------------------------------------------------------------------------------ answer makers
#
# ``answer(scene, topic)`` returns the option id a holder would pick for a question topic: ``rule:<a>:<b>`` (the
# rule that orders coverage a before b), ``msp`` (the questionnaire answer), ``remit-patient`` / ``remit-writeoff``
# (remittance amounts, as text), ``claim:<coverage>`` (what the claim to that payer carries).


def _rule_topic(topic: str) -> tuple[str, str] | None:
    parts = topic.split(":")
    if len(parts) != 3 or parts[0] != "rule":
        return None
    return parts[1], parts[2]


def _confuse_rule(right: frozenset[str], wrong: str) -> AnswerMaker:
    def pick(s: Scene, topic: str) -> str | None:
        pair = _rule_topic(topic)
        if pair is None:
            return None
        step = s.step(*pair)
        if step is None or step.rule not in right:
            return None
        return wrong

    return pick


def _disability_rule_for_aged(s: Scene, topic: str) -> str | None:
    pair = _rule_topic(topic)
    if pair is None:
        return None
    step = s.step(*pair)
    if step is None:
        return None
    return {
        "msp.working_aged": "msp.disability_large_group_plan",
        "msp.small_employer": "msp.disability_small_employer",
    }.get(step.rule)


def _aged_rule_for_disability(s: Scene, topic: str) -> str | None:
    pair = _rule_topic(topic)
    if pair is None:
        return None
    step = s.step(*pair)
    if step is None:
        return None
    return {
        "msp.disability_large_group_plan": "msp.working_aged",
        "msp.disability_small_employer": "msp.small_employer",
    }.get(step.rule)


def _longer_coverage_rule(s: Scene, topic: str) -> str | None:
    pair = _rule_topic(topic)
    if pair is None:
        return None
    step = s.step(*pair)
    first, second = pair
    a, b = s.cov(first), s.cov(second)
    if step is None or step.rule == "naic.longer_coverage" or not step.rule.startswith(("naic.", "msp.")):
        return None
    if a.continuous_start() >= b.continuous_start():
        return None  # length of coverage would not give the stated order: not a plausible pick
    return "naic.longer_coverage"


def _esrd_as_working_aged(s: Scene, topic: str) -> str | None:
    pair = _rule_topic(topic)
    if pair is None:
        return None
    step = s.step(*pair)
    if step is None or step.rule != "msp.esrd_coordination_period":
        return None
    if s.ctx.medicare_status.aged:
        return "msp.working_aged"
    return "msp.disability_large_group_plan"


def _gender_rule_pick(s: Scene, topic: str) -> str | None:
    pair = _rule_topic(topic)
    if pair is None:
        return None
    step = s.step(*pair)
    if step is None or step.rule != "naic.birthday":
        return None
    first = s.cov(pair[0])
    if s.case.person(first.subscriber).sex is not Sex.M:
        return None
    return "naic.gender_rule"


def _custodial_rule_pick(s: Scene, topic: str) -> str | None:
    pair = _rule_topic(topic)
    if pair is None:
        return None
    step = s.step(*pair)
    arr = s.case.arrangement(s.patient)
    if step is None or arr is None or step.rule not in ("naic.court_decree", "naic.birthday"):
        return None
    if s.cov(pair[0]).subscriber != arr.custodial_parent:
        return None
    return "naic.custodial_parent"


def _any(*makers: AnswerMaker) -> AnswerMaker:
    """The first maker's answer that applies."""

    def pick(s: Scene, topic: str) -> str | None:
        for make in makers:
            v = make(s, topic)
            if v is not None:
                return v
        return None

    return pick


PairTest = Callable[[Scene, Coverage, Coverage, Step], bool]


def _rule_pick(wrong: str, when: PairTest) -> AnswerMaker:
    """The holder names ``wrong`` for the pair (first, second) when ``when`` says the belief gives the same order."""

    def pick(s: Scene, topic: str) -> str | None:
        pair = _rule_topic(topic)
        if pair is None:
            return None
        step = s.step(*pair)
        if step is None or step.rule == wrong:
            return None
        return wrong if when(s, s.cov(pair[0]), s.cov(pair[1]), step) else None

    return pick


def _older_subscriber_first(s: Scene, a: Coverage, b: Coverage, step: Step) -> bool:
    kids = a.relationship is MemberRelationship.CHILD and b.relationship is MemberRelationship.CHILD
    return kids and s.case.person(a.subscriber).birth_date < s.case.person(b.subscriber).birth_date


def _spouse_birthday_first(s: Scene, a: Coverage, b: Coverage, step: Step) -> bool:
    if step.rule != "naic.nondependent_first" or a.relationship is not MemberRelationship.SELF:
        return False
    if b.relationship not in (MemberRelationship.SPOUSE, MemberRelationship.DOMESTIC_PARTNER):
        return False
    mine = s.case.person(a.member).birth_date
    theirs = s.case.person(b.subscriber).birth_date
    return (mine.month, mine.day) < (theirs.month, theirs.day)


def _basis_second(*bases: CoverageBasis) -> PairTest:
    def test(s: Scene, a: Coverage, b: Coverage, step: Step) -> bool:
        return b.effective_basis in bases and a.effective_basis not in bases

    return test


def _stepparent_second(s: Scene, a: Coverage, b: Coverage, step: Step) -> bool:
    kind = s.case.parental_kind
    return kind(b.subscriber, b.member) is RelationshipKind.STEPPARENT and (
        kind(a.subscriber, a.member) is not RelationshipKind.STEPPARENT
    )


def _adult_pair(s: Scene, a: Coverage, b: Coverage, step: Step) -> bool:
    """Two plans of an adult (not both covering a child) that the non-dependent rule or a later rule ordered."""
    if a.relationship is MemberRelationship.CHILD and b.relationship is MemberRelationship.CHILD:
        return False
    return a.kind in COMMERCIAL_KINDS and b.kind in COMMERCIAL_KINDS


def _naic_for_all(s: Scene, topic: str) -> str | None:
    """Government programs, Medicare and injury payers ordered as if they were two commercial plans."""
    pair = _rule_topic(topic)
    if pair is None:
        return None
    step = s.step(*pair)
    if step is None or step.rule.startswith("naic."):
        return None
    a, b = s.cov(pair[0]), s.cov(pair[1])
    if a.kind in COMMERCIAL_KINDS and b.kind in COMMERCIAL_KINDS:
        return None
    if a.continuous_start() < b.continuous_start():
        return "naic.longer_coverage"
    if a.relationship is MemberRelationship.SELF and b.relationship.dependent:
        return "naic.nondependent_first"
    return None


def _rule_swap(mapping: dict[str, str]) -> AnswerMaker:
    def pick(s: Scene, topic: str) -> str | None:
        pair = _rule_topic(topic)
        if pair is None:
            return None
        step = s.step(*pair)
        return mapping.get(step.rule) if step is not None else None

    return pick


def _msp_map(mapping: dict[str, str], when: Callable[[Scene], bool] | None = None) -> AnswerMaker:
    """The questionnaire answer a holder picks, by the right one."""

    def pick(s: Scene, topic: str) -> str | None:
        if not topic.startswith("msp:") or (when is not None and not when(s)):
            return None
        return mapping.get(topic.split(":", 1)[1])

    return pick


def _aged(s: Scene) -> bool:
    return s.ctx.medicare_status.aged


# MSP questionnaire options (CMS model questionnaire, MSP Manual ch. 3 §20.2.1)
MSP_OPTIONS: dict[str, str] = {
    "msp-basis": "Part III: why the patient has Medicare (age, disability or kidney failure)",
    "msp-size-20": "Part IV: does the employer have 20 or more employees?",
    "msp-size-100": "Part V: does the employer have 100 or more employees?",
    "msp-current-aged": "Part IV: is the group plan coverage through the patient's or the spouse's current job?",
    "msp-current-disability": "Part V: is the group plan coverage through the current job of the patient or a family member?",
    "msp-esrd-period": "Part VI: is the service within the 30-month coordination period?",
    "msp-esrd-dual": "Part VI: was Medicare already paying first (by age or disability) when kidney failure began?",
    "msp-group": "Part IV/V: is the other coverage an employer group health plan at all (not an individual policy)?",
    "msp-work": "Part I: is the illness or injury work-related (workers' compensation)?",
    "msp-va": "Part I: did the VA authorize this care?",
    "msp-black-lung": "Part I: is the care for black lung disease (Federal Black Lung Program)?",
    "msp-no-fault": "Part II: is the care for an accident covered by no-fault or auto insurance?",
    "msp-liability": "Part II: is a liability insurer responsible for the accident?",
    "msp-age-only": "Part III: is the patient 65 or older? (Nothing else needs asking.)",
    "msp-plan-members": "Part IV: how many employees are enrolled in the employer's health plan?",
}

MSP_KEY_OF_RULE: dict[str, str] = {
    "msp.basis_unknown": "msp-basis",
    "msp.working_aged": "msp-size-20",
    "msp.small_employer": "msp-size-20",
    "msp.disability_large_group_plan": "msp-size-100",
    "msp.disability_small_employer": "msp-size-100",
    "msp.esrd_coordination_period": "msp-esrd-period",
    "msp.esrd_after_coordination": "msp-esrd-period",
    "msp.esrd_dual_entitlement": "msp-esrd-dual",
    "msp.individual_coverage": "msp-group",
    "injury.workers_comp_first": "msp-work",
    "injury.workers_comp_exclusive": "msp-work",
    "va.medicare_cannot_pay": "msp-va",
    "injury.black_lung_first": "msp-black-lung",
    "injury.no_fault_first": "msp-no-fault",
    "injury.liability_pays_at_settlement": "msp-liability",
}


def msp_key(s: Scene, rule_id: str) -> str | None:
    """The questionnaire answer that decides, given the rule that placed Medicare."""
    if rule_id == "msp.not_current_employment":
        return "msp-current-disability" if s.ctx.medicare_status.disability else "msp-current-aged"
    return MSP_KEY_OF_RULE.get(rule_id)


def _msp_swap(right: frozenset[str], wrong: str) -> AnswerMaker:
    def pick(s: Scene, topic: str) -> str | None:
        if not topic.startswith("msp:"):
            return None
        return wrong if topic.split(":", 1)[1] in right else None

    return pick


# remittance and secondary-claim topics


def _remit_amounts(s: Scene) -> dict[str, Decimal] | None:
    pay = s.det.payments
    if pay is None or not pay.complete or not pay.eobs:
        return None
    eob = pay.eobs[0]
    total: dict[str, Decimal] = {"PR": Decimal("0"), "CO": Decimal("0"), "OA": Decimal("0")}
    allowed = Decimal("0")
    for pl in eob.lines:
        for a in pl.adjustments:
            total[a.group] = total.get(a.group, Decimal("0")) + a.amount
        allowed += pl.allowed or Decimal("0")
    billed = sum((pl.billed for pl in eob.lines), Decimal("0"))
    return {"PR": total["PR"], "CO": total["CO"], "allowed": allowed, "paid": eob.paid, "billed": billed}


#: What an adjustment on a remittance means (group code and claim adjustment reason code, X12 code lists).
CODE_MEANINGS: dict[str, str] = {
    "PR-1": "The patient's deductible: it goes to the next payer or the patient",
    "PR-2": "The patient's coinsurance: it goes to the next payer or the patient",
    "PR-3": "The patient's copay: it goes to the next payer or the patient",
    "PR-45": "The charge above this payer's allowance, which an out-of-network provider may bill to the patient",
    "PR-96": "A charge this payer does not cover: the patient's responsibility",
    "PR-119": "The benefit maximum is reached: the patient's responsibility",
    "CO-45": "The charge above the contracted fee: the provider writes it off and bills no one",
    "CO-96": "A charge this payer does not cover, which the provider writes off under its contract",
    "OA-23": "What earlier payers already paid on the line",
}


def remit_codes(s: Scene) -> list[str]:
    """The adjustment codes on the primary's remittance, in order of appearance."""
    pay = s.det.payments
    if pay is None or not pay.complete or not pay.eobs:
        return []
    seen: dict[str, None] = {}
    for pl in pay.eobs[0].lines:
        for a in pl.adjustments:
            seen.setdefault(f"{a.group}-{a.reason}", None)
    return [c for c in seen if c in CODE_MEANINGS]


def remit_key(s: Scene, topic: str) -> str | None:
    if topic.startswith("remit-code:"):
        code = topic.split(":", 1)[1]
        return code if code in remit_codes(s) else None
    amounts = _remit_amounts(s)
    if amounts is None:
        return None
    if topic == "remit-patient":
        return dollars(amounts["PR"])
    if topic == "remit-writeoff":
        return dollars(amounts["CO"])
    return None


def _code_as(mapping: dict[str, str]) -> AnswerMaker:
    """The meaning a holder reads into a code (an option id: the code whose meaning they give)."""

    def pick(s: Scene, topic: str) -> str | None:
        if not topic.startswith("remit-code:"):
            return None
        return mapping.get(topic.split(":", 1)[1])

    return pick


def _remit_swap(s: Scene, topic: str) -> str | None:
    amounts = _remit_amounts(s)
    if amounts is None:
        return None
    if topic == "remit-patient":
        return dollars(amounts["CO"])
    if topic == "remit-writeoff":
        return dollars(amounts["PR"])
    return None


def _remit_co_billable(s: Scene, topic: str) -> str | None:
    amounts = _remit_amounts(s)
    if amounts is None or topic != "remit-patient":
        return None
    return dollars(amounts["PR"] + amounts["CO"])


def _remit_allowed_is_owed(s: Scene, topic: str) -> str | None:
    amounts = _remit_amounts(s)
    if amounts is None:
        return None
    if topic == "remit-patient":
        return dollars(amounts["allowed"])
    if topic == "remit-writeoff":
        return dollars(amounts["billed"] - amounts["paid"])
    return None


#: What the claim to a later payer must carry.
CLAIM_OPTIONS: dict[str, str] = {
    "claim-cob": (
        "The earlier payer's adjudication: what it paid and each adjustment with its group and reason code, per line "
        "(the 837's other-payer loops 2320/2430), as on its EOB"
    ),
    "claim-tertiary": (
        "The adjudication of both earlier payers - each one's payment and adjustments - so the third payer counts "
        "everything already paid"
    ),
    "claim-crossover": (
        "Nothing: Medicare forwards the claim to this payer itself (crossover, remark MA18); do not send a "
        "separate claim"
    ),
    "claim-msp-12": "The primary's adjudication, and the Medicare Secondary Payer type 12 (working aged)",
    "claim-msp-13": "The primary's adjudication, and the Medicare Secondary Payer type 13 (ESRD coordination period)",
    "claim-msp-43": "The primary's adjudication, and the Medicare Secondary Payer type 43 (disabled, large group plan)",
    "claim-msp-14": "The primary's adjudication, and the Medicare Secondary Payer type 14 (no-fault insurance)",
    "claim-msp-15": "The primary's adjudication, and the Medicare Secondary Payer type 15 (workers' compensation)",
    "claim-no-eob": "Only the billed charges: the secondary works out its share from its own allowed amount",
    "claim-balance": "Only the balance the primary left: the secondary pays what is left",
    "claim-paper": "A paper claim with Medicare's EOB attached, sent by the provider after Medicare pays",
}

_MSP_TYPE_OF_RULE = {
    "msp.working_aged": "claim-msp-12",
    "msp.esrd_coordination_period": "claim-msp-13",
    "msp.disability_large_group_plan": "claim-msp-43",
    "injury.no_fault_first": "claim-msp-14",
    "injury.workers_comp_first": "claim-msp-15",
}


def claim_key(s: Scene, cid: str) -> str | None:
    """What the claim to coverage ``cid`` (a later payer) must carry."""
    order = s.order
    if cid not in order or order.index(cid) == 0 or any(len(r) > 1 for r in s.ranks):
        return None
    at = order.index(cid)
    cov = s.cov(cid)
    before = s.cov(order[at - 1])
    if cov.kind is CoverageKind.MEDICARE:
        step = s.step(order[at - 1], cid)
        rule = step.rule if step is not None else ""
        return _MSP_TYPE_OF_RULE.get(rule)
    if before.kind is CoverageKind.MEDICARE and at == 1 and _crossover_kind(cov):
        return "claim-crossover"
    if at >= 2:
        return "claim-tertiary"
    return "claim-cob"


def _crossover_kind(cov: Coverage) -> bool:
    return cov.kind in (CoverageKind.MEDIGAP, CoverageKind.MEDICAID, CoverageKind.TRICARE_FOR_LIFE) or (
        cov.effective_basis is CoverageBasis.RETIRED
    )


def _claim_pick(option: str, when: Callable[[str], bool]) -> AnswerMaker:
    def pick(s: Scene, topic: str) -> str | None:
        if not topic.startswith("claim:"):
            return None
        right = claim_key(s, topic.split(":", 1)[1])
        if right is None or not when(right) or right == option:
            return None
        return option

    return pick


def _claim_wrong_msp_type(s: Scene, topic: str) -> str | None:
    if not topic.startswith("claim:"):
        return None
    right = claim_key(s, topic.split(":", 1)[1])
    swap = {"claim-msp-12": "claim-msp-43", "claim-msp-43": "claim-msp-12", "claim-msp-13": "claim-msp-12"}
    return swap.get(right or "")


# amount topics: ``amount:<coverage>`` -> the payment a holder computes, as text


def _amount_eob(s: Scene, topic: str) -> tuple[object, object] | None:
    if not topic.startswith("amount:"):
        return None
    pay = s.det.payments
    if pay is None or not pay.complete:
        return None
    cid = topic.split(":", 1)[1]
    eob = next((e for e in pay.eobs if e.coverage == cid), None)
    if eob is None or eob.rank == 1:
        return None
    before = next(e for e in pay.eobs if e.rank == eob.rank - 1)
    return eob, before


def _amount_leftover(s: Scene, topic: str, *, medicare: bool) -> str | None:
    """What the earlier payers left the patient: the holder pays all of it."""
    found = _amount_eob(s, topic)
    if found is None:
        return None
    eob, before = found
    is_medicare = eob.method in ("pay.medicare_secondary", "pay.medicare_secondary_institutional")  # type: ignore[attr-defined]
    if is_medicare != medicare:
        return None
    left = before.patient_after  # type: ignore[attr-defined]
    return None if left == eob.paid else dollars(left)  # type: ignore[attr-defined]


def _amount_up_to_billed(s: Scene, topic: str) -> str | None:
    """The normal benefit, capped by the billed charge less what was paid (not by the allowable expense)."""
    found = _amount_eob(s, topic)
    if found is None:
        return None
    eob, _ = found
    if eob.method != "pay.standard_cob":  # type: ignore[attr-defined]
        return None
    total = Decimal("0")
    for pl in eob.lines:  # type: ignore[attr-defined]
        total += min(pl.normal_benefit, max(Decimal("0"), pl.billed - pl.prior_paid))
    return None if total == eob.paid else dollars(total)  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------------------ date makers


def _aged_birthday_month(s: Scene, topic: str) -> date | None:
    if topic != "aged-start":
        return None
    born = s.case.person(s.patient).birth_date
    return month_start(attains_age_on(born, 65) + timedelta(days=1))


def _aged_on_birthday(s: Scene, topic: str) -> date | None:
    if topic != "aged-start":
        return None
    return attains_age_on(s.case.person(s.patient).birth_date, 65) + timedelta(days=1)


def _aged_month_after(s: Scene, topic: str) -> date | None:
    if topic != "aged-start":
        return None
    return add_months(attains_age_on(s.case.person(s.patient).birth_date, 65) + timedelta(days=1), 1)


def _first_course(s: Scene) -> tuple[date | None, date | None, date | None]:
    facts = s.case.person(s.patient).medicare
    if facts is None or not facts.esrd:
        return None, None, None
    c = facts.esrd[0]
    return c.dialysis_start, c.self_dialysis_training_start, c.transplant_date


def _esrd_dialysis_month(s: Scene, topic: str) -> date | None:
    dialysis, _, _ = _first_course(s)
    if topic != "esrd-start" or dialysis is None:
        return None
    return month_start(dialysis)


def _esrd_90_days(s: Scene, topic: str) -> date | None:
    dialysis, _, _ = _first_course(s)
    if topic != "esrd-start" or dialysis is None:
        return None
    return (
        add_months(dialysis + timedelta(days=90), 1)
        if (dialysis + timedelta(days=90)).day != 1
        else (dialysis + timedelta(days=90))
    )


def _esrd_training_second_month(s: Scene, topic: str) -> date | None:
    dialysis, training, _ = _first_course(s)
    if topic != "esrd-start" or dialysis is None or training is None:
        return None
    return add_months(dialysis, 1)


def _esrd_transplant_month(s: Scene, topic: str) -> date | None:
    _, _, transplant = _first_course(s)
    if topic != "esrd-start" or transplant is None:
        return None
    return month_start(transplant)


def _coordination_from_dialysis(s: Scene, topic: str) -> date | None:
    dialysis, _, _ = _first_course(s)
    if topic != "coordination-end" or dialysis is None:
        return None
    return add_months(dialysis, 30) - timedelta(days=1)


def _coordination_one_month_late(s: Scene, topic: str) -> date | None:
    if topic != "coordination-end":
        return None
    periods = esrd_periods(s.case.person(s.patient).medicare)
    if not periods:
        return None
    return add_months(periods[0].start, 31) - timedelta(days=1)


def why_aged(s: Scene) -> str:
    born = s.case.person(s.patient).birth_date
    attains = attains_age_on(born, 65)
    start = aged_entitlement_start(born)
    return (
        f"{first_name(s.case.person(s.patient))} was born {day(born)}, so attains 65 on {day(attains)} - the day "
        f"before the birthday - and Medicare by age begins on the first day of that month: {day(start)}."
    )


def why_esrd(s: Scene) -> str:
    periods = esrd_periods(s.case.person(s.patient).medicare)
    if not periods:
        return ""
    p = periods[0]
    return f"Here {p.how}; the 30-month coordination period runs from {month(p.start)} to {day(p.coordination_end)}."


# ------------------------------------------------------------------------------------------------ rule order


def _rule_order_skipped(s: Scene, topic: str) -> str | None:
    """Another rule that would order the pair if the deciding rule were not asked first."""
    pair = _rule_topic(topic)
    if pair is None:
        return None
    step = s.step(*pair)
    if step is None:
        return None
    other = solve(s.case, disabled=(step.rule,))
    alt = next(
        (x for x in other.steps if x.outcome == "decided" and set(x.coverages) == set(pair)),
        None,
    )
    if alt is None or alt.rule == step.rule or alt.first != pair[0]:
        return None  # a later rule that gives the other order does not "fit" the stated order
    return alt.rule


def _why_rule_order(s: Scene) -> str:
    return ""


# ------------------------------------------------------------------------------------------------ catalogue


MISCONCEPTIONS: tuple[Misconception, ...] = (
    # --- children of parents (order-of-benefits §7: 1-6, 25)
    Misconception(
        "older-parent",
        "The older parent's plan pays first.",
        "The birthday rule looks at the month and day only: the parent whose birthday comes first in the calendar year; the year never counts.",
        ("naic.birthday",),
        order=_older_parent_first,
        here=_why_birthday,
        answer=_rule_pick("naic.birthday", _older_subscriber_first),
    ),
    Misconception(
        "father-first",
        "The father's plan always pays first.",
        "That is the old gender rule. Today the birthday rule applies; the gender rule decides only where a plan still uses it and the old rules apply.",
        ("naic.birthday", "naic.gender_rule"),
        order=_father_first,
        answer=_gender_rule_pick,
        here=_why_father,
    ),
    Misconception(
        "same-birthday-alphabetical",
        "When both parents share a birthday, the parent whose name comes first alphabetically pays first.",
        "The alphabetical tie-break is Canadian. In the US the plan that has covered the parent longer pays first.",
        ("naic.same_birthday_longer_parent_coverage",),
        order=_same_birthday_alphabetical,
    ),
    Misconception(
        "child-covered-longest",
        "With the same birthday, the plan that has covered the child longer pays first.",
        "The tie-break compares how long each plan has covered the parent, not the child.",
        ("naic.same_birthday_longer_parent_coverage",),
        order=_child_covered_longest,
    ),
    Misconception(
        "custodial-always",
        "The custodial parent's plan is always primary.",
        "A court decree making a parent responsible for health care controls, whoever has custody, once that parent's plan knows of it; joint custody or both parents responsible means the birthday rule.",
        ("naic.court_decree", "naic.birthday"),
        order=_custodial_first,
        answer=_custodial_rule_pick,
        here=_why_custodial,
    ),
    Misconception(
        "decree-binds-at-once",
        "A court decree binds the parent's plan from the day it is signed.",
        "The decree rule binds a plan only once the plan has actual knowledge of the decree, and not for a plan year in which it already paid the child's claims.",
        ("naic.court_decree",),
        order=_decree_binds_at_once,
    ),
    Misconception(
        "support-decree-decides",
        "Any child-support decree decides whose plan pays first.",
        "Only a decree about the child's health care expenses or coverage decides; a decree of general financial support says nothing about health care.",
        ("naic.court_decree",),
        order=_support_decree_counts,
    ),
    Misconception(
        "stepparent-last",
        "A stepparent's plan pays last.",
        "The custodial parent's spouse comes before the parent without custody.",
        ("naic.custodial_parent",),
        order=_stepparent_last,
        answer=_rule_pick("naic.custodial_parent", _stepparent_second),
    ),
    Misconception(
        "guardian-after-parents",
        "A guardian's or grandparent's plan always pays after a parent's plan.",
        "Adults who raise the child in place of a parent are treated as parents by the dependent-child rules.",
        ("naic.non_parents_as_parents",),
        order=_guardian_last,
    ),
    # --- subscribers, jobs (§7: 7-12)
    Misconception(
        "own-plan-secondary",
        "A child's (or spouse's) own job plan is secondary to the family plan they are also on.",
        "The plan that covers the person as the employee or subscriber pays before the plan that covers them as a dependent.",
        ("naic.nondependent_first",),
        order=_own_plan_last,
    ),
    Misconception(
        "birthday-rule-for-spouses",
        "The birthday rule also decides between an adult's plans (a spouse's plan, a second job).",
        "The birthday rule is for children only. For an adult, the plan that covers the person as the subscriber pays first, then the active/retired, COBRA and length-of-coverage rules decide.",
        ("naic.nondependent_first", "naic.birthday"),
        order=_birthday_for_spouses,
        here=_why_birthday_spouses,
        answer=_rule_pick("naic.birthday", _adult_pair),
    ),
    Misconception(
        "cobra-always-secondary",
        "COBRA is always secondary.",
        "COBRA pays after other coverage only when the non-dependent rule does not decide: COBRA held as the former employee beats coverage as a dependent.",
        ("naic.continuation_last", "naic.nondependent_first"),
        order=_basis_back(CoverageBasis.COBRA, CoverageBasis.STATE_CONTINUATION),
        answer=_rule_pick(
            "naic.continuation_last", _basis_second(CoverageBasis.COBRA, CoverageBasis.STATE_CONTINUATION)
        ),
    ),
    Misconception(
        "retiree-always-secondary",
        "Retiree coverage is always secondary.",
        "The active/retired rule does not override the non-dependent rule: a retiree's own plan beats dependent coverage on a spouse's plan (unless the Medicare reversal applies).",
        ("naic.active_before_inactive", "naic.nondependent_first"),
        order=_basis_back(CoverageBasis.RETIRED, CoverageBasis.LAID_OFF),
        answer=_rule_pick("naic.active_before_inactive", _basis_second(CoverageBasis.RETIRED, CoverageBasis.LAID_OFF)),
    ),
    Misconception(
        "cobra-is-inactive",
        "COBRA coverage counts as retired coverage under the active/retired rule.",
        "COBRA and state continuation have a rule of their own (MDL-120 §6D(4)); the active/retired rule (§6D(3)) is about retired and laid-off employees.",
        ("naic.continuation_last", "naic.active_before_inactive"),
        answer=_rule_swap({"naic.continuation_last": "naic.active_before_inactive"}),
    ),
    Misconception(
        "state-options-alike",
        "Michigan's coordinated PIP and New Jersey's health-primary election are the same rule.",
        "They are two state laws: in Michigan the policyholder chooses coordinated PIP (MCL 500.3109a); in New Jersey the named insured elects health insurance as primary (N.J.S.A. 39:6A-4.3(d)).",
        ("injury.michigan_coordinated_pip", "injury.nj_health_primary_election"),
        answer=_rule_swap(
            {
                "injury.michigan_coordinated_pip": "injury.nj_health_primary_election",
                "injury.nj_health_primary_election": "injury.michigan_coordinated_pip",
            }
        ),
    ),
    Misconception(
        "oldest-policy-wins",
        "The policy that has been in effect longest always pays first.",
        "Length of coverage decides only after the dependent, active/retired and COBRA rules; it is measured from the person's first date under the plan.",
        ("naic.longer_coverage", "naic.active_before_inactive"),
        order=_oldest_policy_first,
        answer=_longer_coverage_rule,
    ),
    Misconception(
        "carrier-change-resets",
        "A change of insurance carrier starts the plan's coverage over.",
        "A change of carrier, administrator or benefits does not start a new plan: length of coverage counts the earlier periods.",
        ("naic.longer_coverage",),
        order=_carrier_change_resets,
    ),
    Misconception(
        "starts-today-not-counted",
        "A plan that starts on the day of the visit does not cover that visit yet.",
        "A plan is in force from its start date through its end date, both days included.",
        ("coordination.in_force",),
        order=_starts_today_not_counted,
    ),
    Misconception(
        "share-when-alike",
        "When both plans look alike, they split the claim equally.",
        "Plans share the allowable expense only when no order rule decides; otherwise the first rule that applies puts one plan first.",
        ("naic.share_equally",),
        order=_share,
    ),
    Misconception(
        "shared-still-ordered",
        "Some plan is always primary: take the first card.",
        "When no order rule separates two plans, they share the allowable expense equally, each paying no more than it would as primary (MDL-120 §6D(6)).",
        ("naic.share_equally",),
        order=_unshare,
    ),
    Misconception(
        "only-one-plan",
        "A patient can use only one insurance: the second plan never pays.",
        "Every coverage in force that covers the service takes part; the secondary pays after the primary, from the primary's EOB.",
        ("coordination.more_than_two_payers", "coordination.primary_pays_as_if_alone"),
        order=_only_primary,
    ),
    Misconception(
        "rule-order-skipped",
        "Any rule that fits the two plans can decide; the order of the rules does not matter.",
        "The rules are asked in a fixed order and the first one that applies decides (MDL-120 §6D); a later rule is never reached.",
        ("naic.nondependent_first", "naic.birthday", "naic.longer_coverage"),
        answer=_rule_order_skipped,
    ),
    # --- plans that break the rules (§7: 12, 17)
    Misconception(
        "excess-plan-secondary",
        "A plan that says it is 'always secondary' gets to be secondary.",
        "Under the NAIC rules a plan without consistent COB provisions is primary; the complying plan pays first only what it would pay as secondary.",
        ("naic.noncomplying_plan_primary",),
        order=_excess_last,
    ),
    Misconception(
        "closed-panel-pays-anyway",
        "The HMO pays first even when the member saw a provider outside its panel.",
        "A closed-panel plan pays nothing for non-emergency care outside its panel; the other plan then pays as if it were primary.",
        ("naic.closed_panel_non_panel_provider",),
        order=_closed_panel_pays,
    ),
    Misconception(
        "dental-plan-coordinates",
        "Every plan on the patient's cards takes part in every claim.",
        "A dental-only or vision-only plan coordinates only with like benefits; a plan that ended, or has not started, does not take part.",
        ("coordination.service_covered", "coordination.in_force"),
        order=lambda s: _excluded_back("coordination.service_covered")(s) or _excluded_back("coordination.in_force")(s),
    ),
    # --- Medicare (government payers §7)
    Misconception(
        "medicare-always-primary-at-65",
        "Medicare is always primary once you turn 65.",
        "A group plan through the person's or spouse's current job, with an employer of 20 or more employees, pays before Medicare.",
        ("msp.working_aged",),
        order=_medicare_first_at_65,
        answer=_msp_map(
            {
                "msp-size-20": "msp-age-only",
                "msp-current-aged": "msp-age-only",
                "msp-esrd-period": "msp-age-only",
                "msp-group": "msp-age-only",
                "msp-esrd-dual": "msp-age-only",
            },
            _aged,
        ),
    ),
    Misconception(
        "employer-plan-always-first",
        "The employer plan always pays before Medicare.",
        "Retiree, COBRA and small-employer (under 20; under 100 for disability) plans pay after Medicare, except during an ESRD coordination period.",
        ("msp.not_current_employment", "msp.small_employer", "msp.disability_small_employer"),
        order=_employer_before_medicare,
        answer=_any(
            _msp_map(
                {
                    "msp-current-aged": "msp-size-20",
                    "msp-current-disability": "msp-size-100",
                    "msp-group": "msp-current-aged",
                }
            ),
            _rule_swap(
                {
                    "msp.not_current_employment": "msp.small_employer",
                    "msp.esrd_after_coordination": "msp.small_employer",
                }
            ),
        ),
    ),
    Misconception(
        "working-aged-uses-100",
        "Medicare is primary if the employer has 100 or fewer employees.",
        "The working-aged test uses 20 employees; 100 is the disability test.",
        ("msp.working_aged", "msp.small_employer"),
        order=_working_aged_100,
        answer=_any(
            _disability_rule_for_aged, _msp_map({"msp-size-20": "msp-size-100", "msp-esrd-period": "msp-size-100"})
        ),
    ),
    Misconception(
        "disability-uses-20",
        "The disability rule also uses the 20-employee test.",
        "For Medicare by disability the group plan must be a large plan: 100 or more employees in the previous calendar year.",
        ("msp.disability_large_group_plan", "msp.disability_small_employer"),
        order=_disability_20,
        answer=_any(_aged_rule_for_disability, _msp_map({"msp-size-100": "msp-size-20"})),
    ),
    Misconception(
        "count-plan-members",
        "Count only the employees enrolled in the health plan.",
        "Count all employees, full and part time - the number of employees, not the number of people on the plan.",
        ("msp.working_aged", "msp.disability_large_group_plan"),
        answer=_msp_map({"msp-size-20": "msp-plan-members", "msp-size-100": "msp-plan-members"}),
    ),
    Misconception(
        "naic-rules-decide-medicare",
        "The NAIC rules (own plan first, longer coverage) also order Medicare, government programs and injury payers.",
        "The NAIC rules order commercial plans only; Medicare's place is set by the Medicare Secondary Payer rules, and government programs and injury payers by their own laws.",
        ("msp.working_aged", "msp.not_current_employment"),
        answer=_naic_for_all,
    ),
    Misconception(
        "assume-disability",
        "A person under 65 with Medicare has it because of a disability; no need to ask.",
        "Under 65, Medicare may rest on disability or on kidney failure (ESRD), and different rules follow: ask why the person has Medicare (questionnaire Part III).",
        ("msp.basis_unknown",),
        answer=_msp_map({"msp-basis": "msp-size-100"}),
    ),
    Misconception(
        "disability-spouse-only",
        "For Medicare by disability only the patient's or the spouse's job counts.",
        "For disability any family member's current job counts (a parent's, say); for the working aged only the patient's or the spouse's.",
        ("msp.disability_large_group_plan", "msp.not_current_employment"),
        answer=_msp_map({"msp-size-100": "msp-current-aged", "msp-current-disability": "msp-current-aged"}),
    ),
    Misconception(
        "msp-type-not-needed",
        "Medicare as secondary needs only the primary's EOB.",
        "The claim must also say why Medicare is secondary (the MSP insurance type: 12 working aged, 13 ESRD, 43 disabled, 14 no-fault, 15 workers' comp); without it Medicare rejects the claim.",
        ("msp.working_aged", "msp.esrd_coordination_period", "msp.disability_large_group_plan"),
        answer=_claim_pick("claim-cob", lambda right: right.startswith("claim-msp")),
    ),
    Misconception(
        "medigap-can-be-primary",
        "A Medigap policy can pay first.",
        "A Medicare supplement is never primary: it pays Medicare's cost sharing after Medicare.",
        ("medigap.after_medicare",),
        order=_medigap_first,
    ),
    Misconception(
        "medigap-without-medicare",
        "A Medigap policy pays when Medicare does not.",
        "A supplement pays only Medicare's cost sharing: when Medicare does not take part in the claim, it has nothing to pay.",
        ("medigap.needs_medicare",),
        order=_excluded_back("medigap.needs_medicare"),
    ),
    Misconception(
        "medicare-part-missing-pays",
        "Medicare pays every claim of a person who has a Medicare card.",
        "Part A pays hospital stays and Part B doctors' and outpatient claims; without the part for the setting, Medicare has no benefit for the claim.",
        ("medicare.part_not_enrolled",),
        order=_excluded_back("medicare.part_not_enrolled"),
    ),
    Misconception(
        "individual-before-medicare",
        "An individual or student policy pays before Medicare, like an employer plan.",
        "The Medicare Secondary Payer rules make only group plans primary to Medicare; an individual policy pays after Medicare.",
        ("msp.individual_coverage",),
        order=_individual_before_medicare,
        answer=_msp_map({"msp-group": "msp-size-20"}),
    ),
    Misconception(
        "fehb-annuitant-first",
        "FEHB pays first for retirees because it is federal coverage.",
        "A retired federal annuitant's FEHB pays after Medicare; only an active employee's FEHB pays first.",
        ("msp.not_current_employment", "fehb.employer_plan"),
        order=_fehb_first,
    ),
    Misconception(
        "reversal-ignored",
        "The person's own plan always pays before the plan they are a dependent on, Medicare or not.",
        "With Medicare between them, the order is reversed: the spouse's active plan, then Medicare, then the person's own retiree plan (MDL-120 §6D(1)(b)).",
        ("naic.medicare_reversal",),
        order=_reversal_ignored,
    ),
    Misconception(
        "esrd-only-large-active-plans",
        "The ESRD coordination period applies only to active employees of large employers.",
        "Any group health plan - active, retiree or COBRA, any employer size - pays first for the 30 months.",
        ("msp.esrd_coordination_period",),
        order=_esrd_medicare_front,
        answer=_any(
            _esrd_as_working_aged, _msp_map({"msp-esrd-period": "msp-size-20", "msp-esrd-dual": "msp-size-20"})
        ),
        here=why_esrd,
    ),
    Misconception(
        "esrd-plan-primary-again",
        "After the 30 months a working-aged group plan becomes primary again.",
        "After the coordination period Medicare pays first, even while the person still works.",
        ("msp.esrd_after_coordination",),
        order=_esrd_plan_again,
        here=why_esrd,
    ),
    Misconception(
        "esrd-dual-gets-period",
        "A retiree whose Medicare already paid first gets 30 months of plan-first when kidney failure begins.",
        "If Medicare was already primary (by age or disability) in the month before ESRD eligibility, it stays primary: no coordination period.",
        ("msp.esrd_dual_entitlement",),
        order=_esrd_dual_gets_period,
        answer=_msp_map({"msp-esrd-dual": "msp-esrd-period"}),
    ),
    Misconception(
        "esrd-starts-with-dialysis",
        "ESRD Medicare (and the 30 months) start when dialysis starts.",
        "Entitlement starts the first day of the third month after the month dialysis began (earlier only with self-dialysis training or a transplant); the 30 months count from there.",
        ("msp.esrd_coordination_period",),
        date=lambda s, t: _esrd_dialysis_month(s, t) or _coordination_from_dialysis(s, t),
        here=why_esrd,
    ),
    Misconception(
        "esrd-count-90-days",
        "Count 90 days from the first dialysis.",
        "Count calendar months, not days: dialysis at any time in March gives Medicare from June 1.",
        ("msp.esrd_coordination_period",),
        date=_esrd_90_days,
        here=why_esrd,
    ),
    Misconception(
        "training-second-month",
        "Self-dialysis training moves the start to the second month of dialysis.",
        "Training begun in the qualifying period waives the whole wait: Medicare starts with the month dialysis began.",
        ("msp.esrd_coordination_period",),
        date=_esrd_training_second_month,
        here=why_esrd,
    ),
    Misconception(
        "transplant-month-always",
        "ESRD Medicare for a transplant always begins in the transplant month.",
        "It begins in the month of the preparatory hospital stay when the transplant follows within two months (or two months before a later transplant).",
        ("msp.esrd_coordination_period",),
        date=_esrd_transplant_month,
        here=why_esrd,
    ),
    Misconception(
        "coordination-31-months",
        "The coordination period ends at the end of the 31st month.",
        "It lasts 30 months counted from the first month of ESRD entitlement; month 31 is already Medicare-first.",
        ("msp.esrd_after_coordination",),
        date=_coordination_one_month_late,
        here=why_esrd,
    ),
    Misconception(
        "medicare-birthday-month",
        "Medicare by age always starts in the month of the 65th birthday.",
        "A person attains 65 the day before the birthday, so someone born on the 1st is entitled from the month before.",
        ("msp.working_aged",),
        date=_aged_birthday_month,
        here=why_aged,
    ),
    Misconception(
        "medicare-on-birthday",
        "Medicare by age starts on the 65th birthday.",
        "It starts on the first day of the month in which the person attains 65.",
        ("msp.working_aged",),
        date=_aged_on_birthday,
        here=why_aged,
    ),
    Misconception(
        "medicare-month-after",
        "Medicare by age starts the month after the 65th birthday.",
        "It starts on the first day of the month in which the person attains 65 - not the month after.",
        ("msp.working_aged",),
        date=_aged_month_after,
        here=why_aged,
    ),
    # --- last-resort programs, military and VA
    Misconception(
        "medicaid-first",
        "Medicaid can pay first.",
        "Medicaid is the payer of last resort: every other coverage, TRICARE and Medicare included, pays before it.",
        ("medicaid.last",),
        order=_medicaid_first,
    ),
    Misconception(
        "ihs-before-medicaid",
        "The Indian Health Service pays before Medicaid.",
        "IHS is the payer of last resort, after Medicaid, Medicare and private insurance (25 U.S.C. 1623(b)).",
        ("ihs.last_resort",),
        order=_ihs_before_medicaid,
        answer=_rule_swap({"ihs.last_resort": "medicaid.last", "crime_victim.last": "medicaid.last"}),
    ),
    Misconception(
        "crime-victim-first",
        "Crime-victim compensation pays before the patient's insurance.",
        "A state crime-victim program pays only what Medicare, Medicaid, TRICARE and other coverage do not (34 U.S.C. 20102(e)).",
        ("crime_victim.last",),
        order=_crime_victim_first,
    ),
    Misconception(
        "tricare-first",
        "TRICARE (or CHAMPVA) pays before an employer plan or Medicare because it is federal.",
        "TRICARE and CHAMPVA pay after all other health coverage except Medicaid and a few programs; active-duty members use TRICARE only.",
        ("tricare.after_other_coverage", "champva.after_other_coverage"),
        order=_tricare_first,
        answer=_rule_swap({"champva.after_other_coverage": "tricare.after_other_coverage"}),
    ),
    Misconception(
        "active-duty-coordinates",
        "An active-duty member's other health plan pays first, like anyone else's.",
        "Active-duty service members use TRICARE only: their other coverage does not take part.",
        ("tricare.active_duty_only",),
        order=_active_duty_coordinates,
    ),
    Misconception(
        "tricare-without-part-b",
        "TRICARE For Life pays after Medicare Part A alone.",
        "With Medicare Part A, TRICARE requires Part B (10 U.S.C. 1086(d)); without it TRICARE does not pay.",
        ("tricare.part_b_required",),
        order=_excluded_back("tricare.part_b_required"),
    ),
    Misconception(
        "va-bills-medicare",
        "The VA bills Medicare for a veteran's care.",
        "Medicare cannot pay for care the VA furnished or authorized; the VA pays it.",
        ("va.medicare_cannot_pay",),
        order=_va_pays_with_medicare,
        answer=_msp_map({"msp-va": "msp-age-only"}),
    ),
    Misconception(
        "va-covers-everything",
        "VA health care pays for any care a veteran gets.",
        "The VA pays only for care it furnished or authorized; for other care the veteran's other coverage pays.",
        ("va.authorized_care",),
        order=_excluded_back("va.authorized_care"),
    ),
    Misconception(
        "service-connected-coordinates",
        "A veteran's health plan pays first even for a service-connected condition.",
        "The VA pays in full for care of a service-connected condition; no other payer is billed.",
        ("va.service_connected",),
        order=_excluded_front("va.service_connected"),
    ),
    # --- injuries
    Misconception(
        "health-plan-pays-work-injury",
        "The health plan pays for a work injury and workers' comp reimburses it.",
        "Bill the workers' compensation carrier directly: health plans exclude care that workers' comp covers.",
        ("injury.workers_comp_exclusive", "injury.workers_comp_first"),
        order=_health_plan_pays_work_injury,
        answer=_msp_map({"msp-work": "msp-current-aged"}),
    ),
    Misconception(
        "health-plan-first-after-accidents",
        "After a car accident the health plan always pays first.",
        "No-fault (PIP) pays first unless a state option says otherwise (Michigan coordinated PIP, New Jersey's election) - and never behind Medicare or Medicaid.",
        ("injury.no_fault_first",),
        order=lambda s: _injury_payer_back(s) if "injury.no_fault_first" in s.deciding_rules else None,
    ),
    Misconception(
        "no-fault-always-first",
        "No-fault auto insurance always pays first for an accident.",
        "Michigan coordinated PIP and New Jersey's health-primary election put the health plan first, and in New Jersey auto insurance is not primary for a motorcycle owner-operator.",
        ("injury.michigan_coordinated_pip", "injury.nj_health_primary_election", "injury.nj_motorcycle_owner_operator"),
        order=_no_fault_always_first,
        answer=_msp_map({"msp-liability": "msp-no-fault", "msp-work": "msp-no-fault"}),
    ),
    Misconception(
        "denied-payer-still-first",
        "Once an injury payer is on file it must pay first, even after it denied the claim.",
        "A denied claim or a used-up limit goes to the next payers; Medicare pays conditionally and recovers if the denial is reversed (42 CFR 411.45, 411.53).",
        ("injury.payer_denied_or_exhausted", "msp.conditional_payment"),
        order=_denied_still_first,
    ),
    Misconception(
        "injury-payer-every-visit",
        "An injury payer pays first for every visit of an injured patient.",
        "Workers' comp, no-fault and liability pay only for services that treat the injury they cover.",
        ("injury.unrelated_claim",),
        order=_unrelated_injury_first,
    ),
    Misconception(
        "liability-pays-first",
        "The at-fault party's liability insurer pays the bills first.",
        "Liability insurance pays at settlement; the patient's health payers pay now and recover from the settlement (Medicare conditionally).",
        ("injury.liability_pays_at_settlement", "injury.subrogation"),
        order=_liability_first,
        answer=_msp_map({"msp-liability": "msp-no-fault"}),
    ),
    Misconception(
        "medicare-before-injury-payers",
        "Medicare pays before workers' comp, black lung or no-fault because it is federal.",
        "Workers' comp, the Black Lung Program and no-fault pay first for the services they cover (42 U.S.C. 1395y(b)(2)).",
        ("injury.workers_comp_first", "injury.black_lung_first", "injury.no_fault_first"),
        order=lambda s: (
            _front(s.order, s.kinds(MEDICARE_KINDS))
            if {"injury.workers_comp_first", "injury.black_lung_first", "injury.no_fault_first"} & s.deciding_rules
            else None
        ),
        answer=_msp_map({"msp-work": "msp-age-only", "msp-no-fault": "msp-age-only", "msp-black-lung": "msp-age-only"}),
    ),
    # --- remittances and claims (§7 21; X12 code lists)
    Misconception(
        "pr-is-write-off",
        "Adjustments with group code PR are written off by the provider.",
        "PR means patient responsibility (deductible, coinsurance, copay): it is billed to the patient or the next payer; CO (contractual obligation) is what the provider writes off.",
        ("pay.primary",),
        answer=_any(
            _remit_swap,
            _code_as({"PR-1": "CO-45", "PR-2": "CO-45", "PR-3": "CO-45", "PR-45": "CO-45", "PR-96": "CO-96"}),
        ),
    ),
    Misconception(
        "reason-codes-alike",
        "Reason codes 1, 2 and 3 all mean the same thing: the patient's share.",
        "Each reason code says which part of the patient's share it is: 1 deductible, 2 coinsurance, 3 copay - the next payer and the patient's deductible counter need to know which.",
        ("pay.primary",),
        answer=_code_as({"PR-1": "PR-2", "PR-2": "PR-1", "PR-3": "PR-2"}),
    ),
    Misconception(
        "co-is-billable",
        "Everything the primary did not pay can be billed to the patient.",
        "A contracted provider may not bill the CO (contractual) adjustment; only the PR amounts are the patient's.",
        ("pay.primary", "pay.standard_cob"),
        answer=_any(_remit_co_billable, _code_as({"CO-45": "PR-45", "CO-96": "PR-96"})),
    ),
    Misconception(
        "allowed-is-owed",
        "The allowed amount is what the patient owes (or what the provider writes off is billed minus paid).",
        "The allowed amount is the payer's price for the service: the payer paid part of it and the patient owes the PR part.",
        ("pay.primary",),
        answer=_remit_allowed_is_owed,
    ),
    Misconception(
        "secondary-without-eob",
        "Send the secondary its claim at the same time as the primary; it does not need the primary's EOB.",
        "The secondary needs the primary's adjudication (paid amount and adjustments, in the 837's COB loops) to work out what it owes.",
        ("coordination.primary_pays_as_if_alone", "coordination.more_than_two_payers"),
        answer=_claim_pick(
            "claim-no-eob", lambda right: right in ("claim-cob", "claim-tertiary") or right.startswith("claim-msp")
        ),
    ),
    Misconception(
        "secondary-pays-leftover",
        "The secondary pays whatever the primary left.",
        "Standard COB pays the lesser of the secondary's own normal benefit and the allowable expense left unpaid; non-duplication pays only what its normal benefit exceeds the primary payment.",
        ("pay.standard_cob", "pay.non_duplication", "pay.carve_out"),
        answer=lambda s, t: (
            _claim_pick("claim-balance", lambda right: right in ("claim-cob",))(s, t)
            or _amount_leftover(s, t, medicare=False)
        ),
    ),
    Misconception(
        "paper-after-crossover",
        "After Medicare pays, send the supplement a paper claim with Medicare's EOB.",
        "When Medicare crosses the claim over (remark MA18), the supplemental payer receives it automatically; a second claim is a duplicate.",
        ("medigap.after_medicare", "medicaid.last"),
        answer=_claim_pick("claim-paper", lambda right: right == "claim-crossover"),
    ),
    Misconception(
        "tertiary-needs-one-eob",
        "The third payer needs only the secondary's EOB.",
        "A later payer takes every earlier payer into account (MDL-120 §6A(4)): send each earlier payer's adjudication.",
        ("coordination.more_than_two_payers",),
        answer=_claim_pick("claim-cob", lambda right: right == "claim-tertiary"),
    ),
    Misconception(
        "msp-type-mixed-up",
        "Any Medicare Secondary Payer type will do on the claim to Medicare.",
        "The MSP type says why Medicare is secondary: 12 working aged (20+ employer), 43 disabled with a large group plan (100+), 13 ESRD coordination period.",
        ("msp.working_aged", "msp.disability_large_group_plan", "msp.esrd_coordination_period"),
        answer=_claim_wrong_msp_type,
    ),
    Misconception(
        "medicare-secondary-is-a-supplement",
        "Medicare as secondary pays the primary's leftover deductible and coinsurance, like a supplement.",
        "Medicare pays the lowest of three amounts (42 CFR 411.33); it is not a supplement.",
        ("pay.medicare_secondary", "pay.medicare_secondary_institutional"),
        answer=lambda s, t: _amount_leftover(s, t, medicare=True),
    ),
    Misconception(
        "secondary-up-to-billed",
        "The secondary coordinates up to the billed charge.",
        "Amounts a contracted provider must write off are not an allowable expense; the secondary coordinates up to the allowable expense.",
        ("pay.standard_cob",),
        answer=_amount_up_to_billed,
    ),
)

BY_ID = {m.id: m for m in MISCONCEPTIONS}

#: Money misconceptions recognised from the amounts a trainee types (see the quiz's amount grading).
AMOUNT_MISCONCEPTIONS = ("secondary-pays-leftover", "secondary-up-to-billed", "medicare-secondary-is-a-supplement")


def applying(scene: Scene, *, topic: str | None = None) -> list[tuple[Misconception, object]]:
    """(misconception, the answer a holder gives) for every misconception that applies to the scene.

    Without ``topic``: order answers; with a topic: the option id (``answer``) or the date (``date``)."""
    out: list[tuple[Misconception, object]] = []
    for m in MISCONCEPTIONS:
        value: object = None
        if topic is None:
            if m.order is not None:
                value = m.order(scene)
        else:
            if m.answer is not None:
                value = m.answer(scene, topic)
            if value is None and m.date is not None:
                value = m.date(scene, topic)
        if value is not None:
            out.append((m, value))
    return out


__all__ = [
    "AMOUNT_MISCONCEPTIONS",
    "BY_ID",
    "CLAIM_OPTIONS",
    "CODE_MEANINGS",
    "MISCONCEPTIONS",
    "MSP_OPTIONS",
    "Misconception",
    "Ranks",
    "Scene",
    "claim_key",
    "flat",
    "msp_key",
    "remit_codes",
    "remit_key",
]
