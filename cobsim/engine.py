"""``solve(case) -> Determination``: who pays, in what order, and why.

The engine is pure: it reads a case and returns a determination; it does no I/O and reads no clock.

1. Participation: each participation rule, in registry order, may exclude coverages of the patient (not in
   force, not covering the service, an injury payer for an unrelated claim, Medicare for VA-authorized care...).
2. Pairs: every pair of remaining coverages is put to the order rules in registry order; the first rule that
   speaks decides the pair (or declares a tie, or says it cannot decide and why).
3. Joining (:mod:`cobsim.join`): answers are taken strongest authority first; one that contradicts answers of
   strictly stronger authority gives way and the trace says which law prevails; answers of equal authority that
   contradict each other form a loop, reported as indeterminate with the loop named. The ranks are the
   topological generations of what is left: coverages in one generation share a rank.
4. Notes: note rules annotate the final positions (conditional Medicare payment, subrogation, "primary pays as
   if alone").
5. Payments: when the claim has lines, each payer pays in order by its method (:mod:`cobsim.payments`).

Each stage is one function below; they hand their results on in a small ``_Stages`` record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import NamedTuple

from cobsim._version import __version__
from cobsim.biller import biller_notes, next_steps
from cobsim.errors import UnsupportedCase
from cobsim.join import Edge, join
from cobsim.model.case import Case, Coverage
from cobsim.model.codes import DeterminationStatus, RuleSet
from cobsim.model.limits import MAX_COVERAGES_PER_PATIENT
from cobsim.model.money import ZERO
from cobsim.payments import adjudicate
from cobsim.rules.base import Authority, Citation, Decided, Indeterminate, OrderOutcome, Rule, Tie
from cobsim.rules.context import Context, indexed
from cobsim.rules.registry import (
    NOTE_RULES,
    ORDER_RULES,
    PARTICIPATION_RULES,
    RULES_BY_ID,
)
from cobsim.trace import CitationOut, Determination, Exclusion, Payments, Position, Step, StepOutcome

_CITATIONS: dict[tuple[str, tuple[str, ...]], tuple[CitationOut, ...]] = {}


def _citations(rule: Rule, clauses: tuple[str, ...] = ("",)) -> tuple[CitationOut, ...]:
    """The sources of the reasons a step used, primary sources first (cached per rule and reasons)."""
    key = (rule.id, clauses)
    cached = _CITATIONS.get(key)
    if cached is None:
        found: dict[tuple[str, str], Citation] = {}
        for clause in clauses:
            for c in rule.citations_for(clause):
                found.setdefault((c.source, c.pinpoint), c)
        ordered = sorted(found.values(), key=lambda c: c.kind.rank)
        cached = _CITATIONS[key] = tuple(CitationOut(**c.as_dict()) for c in ordered)
    return cached


_CLAUSES: dict[tuple[str, str | tuple[str, ...]], tuple[tuple[str, ...], tuple[CitationOut, ...]]] = {}


def _clauses(rule: Rule, clause: str | tuple[str, ...]) -> tuple[tuple[str, ...], tuple[CitationOut, ...]]:
    """The ids of the reasons a step used and their sources (cached per rule and reasons)."""
    key = (rule.id, clause)
    found = _CLAUSES.get(key)
    if found is None:
        clauses = (clause,) if isinstance(clause, str) else clause
        found = _CLAUSES[key] = (tuple(rule.clause_id(c) for c in clauses), _citations(rule, clauses))
    return found


def _step(
    rule: Rule,
    coverages: Iterable[str],
    outcome: StepOutcome,
    explanation: str,
    *,
    first: str | None = None,
    choice: str | None = None,
    clause: str | tuple[str, ...] = "",
    citations: tuple[CitationOut, ...] | None = None,
) -> Step:
    clause_ids, cited = _clauses(rule, clause)
    return Step(
        rule=rule.id,
        clauses=clause_ids,
        title=rule.title,
        citations=cited if citations is None else citations,
        coverages=tuple(coverages),
        outcome=outcome,
        explanation=_sentence(explanation),
        first=first,
        choice=choice,
    )


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


class _Pair(NamedTuple):
    a: Coverage
    b: Coverage
    rule: Rule | None
    outcome: OrderOutcome


_AUTHORITY_WORDS = {Authority.FEDERAL: "federal law", Authority.STATE: "state regulation", Authority.PLAN: "plan terms"}


@dataclass
class _Stages:
    """What the stages of one ``solve`` call hand to each other."""

    ctx: Context
    steps: list[Step]
    taking_part: list[Coverage] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    pairs: list[_Pair] = field(default_factory=list)
    ranks: tuple[tuple[str, ...], ...] = ()
    status: DeterminationStatus = DeterminationStatus.DETERMINED
    reasons: list[str] = field(default_factory=list)

    def flag(self, status: DeterminationStatus, reason: str) -> None:
        """Record a reason; indeterminate outranks shared, which outranks determined."""
        if status is DeterminationStatus.INDETERMINATE or self.status is DeterminationStatus.DETERMINED:
            self.status = status
        self.reasons.append(_sentence(reason))


def solve(
    case: Case,
    *,
    ruleset: RuleSet | None = None,
    disabled: Iterable[str] = (),
    on: date | None = None,
) -> Determination:
    """Decide the payer order of ``case``, and its payments when the claim has lines.

    Args:
        case: the case (see :class:`cobsim.model.Case`).
        ruleset: the NAIC edition to apply; defaults to the case's own ``ruleset``.
        disabled: rule ids to switch off (knock-out experiments; a disabled rule is skipped as if absent).
        on: decide as of another service date (timelines); defaults to the claim's service date.

    Returns:
        The determination: positions, exclusions, status, the trace and the payments.

    Raises:
        KeyError: a name in ``disabled`` is not a rule id.
        UnsupportedCase: the patient has more coverages than the engine decides
            (:data:`cobsim.model.limits.MAX_COVERAGES_PER_PATIENT`).
    """
    disabled = frozenset(disabled)
    for rule_id in disabled:
        if rule_id not in RULES_BY_ID:
            raise KeyError(f"cannot disable '{rule_id}': there is no such rule")
    if on is not None:
        case = case.with_service_date(on)
    ctx = Context(case, ruleset=ruleset, disabled=disabled, order_rules=ORDER_RULES)
    if len(ctx.candidates) > MAX_COVERAGES_PER_PATIENT:
        raise UnsupportedCase(
            f"case '{case.id}': the patient has {len(ctx.candidates)} coverages; cobsim decides at most "
            f"{MAX_COVERAGES_PER_PATIENT} coverages per patient"
        )
    run = _Stages(ctx, steps=[])
    _participation(run)
    _pairs(run)
    _join(run)
    positions = _positions(run)
    payments = _payments(run)
    steps = run.steps
    choices = tuple(dict.fromkeys(s.choice for s in steps if s.choice))  # after the payment steps
    if not positions:
        run.reasons.append("No coverage of the patient takes part in this claim: the patient is responsible.")
    return Determination(
        next_steps=_next_steps(run),
        case_id=case.id,
        service_date=ctx.on,
        ruleset=ctx.ruleset,
        status=run.status,
        positions=positions,
        excluded=tuple(run.exclusions),
        steps=tuple(steps),
        reasons=tuple(dict.fromkeys(run.reasons)),
        choices=choices,
        payments=payments,
        engine_version=__version__,
    )


# ---------------------------------------------------------------------------------------------- 1. participation


_ENABLED: dict[tuple[RuleSet, frozenset[str]], tuple[tuple[Rule, ...], tuple[Rule, ...]]] = {}


def _enabled(ctx: Context) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """The participation and note rules enabled under the context's edition, in registry order (cached)."""
    key = (ctx.ruleset, ctx.disabled)
    found = _ENABLED.get(key)
    if found is None:
        if len(_ENABLED) > 256:  # knock-out experiments disable many sets: keep the cache bounded
            _ENABLED.clear()
        found = _ENABLED[key] = (
            tuple(r for r in PARTICIPATION_RULES if ctx.enabled(r)),
            tuple(r for r in NOTE_RULES if ctx.enabled(r)),
        )
    return found


def _participation(run: _Stages) -> None:
    """Each participation rule, in registry order, may exclude coverages still taking part.

    With the rule index on, a rule is put only to the coverages of the kinds it declares it can exclude
    (:attr:`Rule.excludes`), and only while a coverage of a kind it needs takes part (:attr:`Rule.needs`); every
    rule sees the coverages still taking part as ``ctx.participating``."""
    ctx = run.ctx
    taking_part = list(ctx.candidates)
    ctx.participating = tuple(taking_part)
    use_index = indexed()
    kinds = {c.kind for c in taking_part}
    for rule in _enabled(ctx)[0]:
        only = rule.excludes if use_index else None
        if only is not None and only.isdisjoint(kinds):
            continue
        if use_index and rule.needs is not None and rule.needs.isdisjoint(kinds):
            continue
        for cov in ctx.participating:  # the coverages taking part when the rule starts
            if only is not None and cov.kind not in only:
                continue
            out = rule.func(ctx, cov)
            if out is None:
                continue
            taking_part.remove(cov)
            ctx.participating = tuple(taking_part)
            kinds = {c.kind for c in taking_part}
            run.exclusions.append(
                Exclusion(coverage=cov.id, label=ctx.label(cov), rule=rule.id, reason=_sentence(out.because))
            )
            run.steps.append(_step(rule, (cov.id,), "excluded", out.because, choice=out.choice, clause=out.clause))
    run.taking_part = taking_part


# ------------------------------------------------------------------------------------------------------ 2. pairs


def _pairs(run: _Stages) -> None:
    """Every pair of coverages taking part is put to the order rules; the first rule that speaks answers."""
    ctx = run.ctx
    run.pairs = [_Pair(a, b, *ctx.first_decision(a, b)) for a, b in combinations(run.taking_part, 2)]


# ---------------------------------------------------------------------------------------------------- 3. joining


#: Each order rule's place in the registry: answers join in this order.
_REGISTRY_PLACE: dict[str, int] = {r.id: i for i, r in enumerate(ORDER_RULES)}


def _registry_key(p: _Pair) -> tuple[int, str, str]:
    assert p.rule is not None
    return (_REGISTRY_PLACE[p.rule.id], p.a.id, p.b.id)


def _join(run: _Stages) -> None:
    """Join the pairwise answers (:mod:`cobsim.join`): stronger authority prevails; loops among answers of equal
    authority are indeterminate; ties and undecided pairs on one rank make the order shared or indeterminate."""
    ctx = run.ctx
    decided = [p for p in run.pairs if isinstance(p.outcome, Decided) and p.rule is not None]
    if len(decided) > 1:
        decided.sort(key=_registry_key)
    edges = [
        Edge(p.outcome.first, p.outcome.second, int(p.rule.authority), i)  # type: ignore[union-attr]
        for i, p in enumerate(decided)
    ]
    joined = join([c.id for c in run.taking_part], edges)
    run.ranks = joined.ranks
    rank_of = {cid: i for i, gen in enumerate(joined.ranks) for cid in gen}
    by_id = {c.id: c for c in run.taking_part}
    #: the decided pairs whose answer gave way (their step comes with the stronger answers, below)
    gave_way = {id(decided[g.edge.payload]) for g in joined.gave_way}

    def pos_key(p: _Pair) -> tuple[int, int, str, str]:
        ra, rb = rank_of[p.a.id], rank_of[p.b.id]
        return (min(ra, rb), max(ra, rb), p.a.id, p.b.id)

    steps = run.steps
    for p in sorted(run.pairs, key=pos_key) if len(run.pairs) > 1 else run.pairs:
        ids = (p.a.id, p.b.id)
        out = p.outcome
        same_rank = rank_of[p.a.id] == rank_of[p.b.id]
        if p.rule is None or out is None:
            text = f"no rule orders {ctx.plan(p.a)} and {ctx.plan(p.b)}"
            steps.append(_step(RULES_BY_ID["coordination.no_rule"], ids, "indeterminate", text))
            if same_rank:
                run.flag(DeterminationStatus.INDETERMINATE, text)
        elif isinstance(out, Decided):
            if id(p) not in gave_way:
                steps.append(
                    _step(p.rule, ids, "decided", out.because, first=out.first, choice=out.choice, clause=out.clause)
                )
        elif isinstance(out, Tie):
            steps.append(_step(p.rule, ids, "tie", out.because, choice=out.choice, clause=out.clause))
            if same_rank:
                run.flag(DeterminationStatus.SHARED, out.because)
        elif isinstance(out, Indeterminate):
            steps.append(_step(p.rule, ids, "indeterminate", out.because, choice=out.choice, clause=out.clause))
            if same_rank:
                run.flag(DeterminationStatus.INDETERMINATE, out.because)
    for g in joined.gave_way:
        p = decided[g.edge.payload]
        assert isinstance(p.outcome, Decided)
        assert p.rule is not None
        chain = " -> ".join(ctx.plan(by_id[x]) for x in g.path)
        stronger = [decided[e.payload] for e in g.via]
        weakest = min(Authority(e.authority) for e in g.via)
        run.steps.append(
            _step(
                p.rule,
                (p.a.id, p.b.id),
                "overridden",
                f"{p.outcome.because}; but rules of stronger authority already order {chain}, so this answer gives way",
                choice=p.outcome.choice,
                clause=p.outcome.clause,
            )
        )
        titles = ", ".join(dict.fromkeys(q.rule.title.lower() for q in stronger if q.rule is not None))
        run.steps.append(
            _step(
                RULES_BY_ID["coordination.stronger_authority_prevails"],
                (p.a.id, p.b.id),
                "note",
                f"the {p.rule.title.lower()} answer ({_AUTHORITY_WORDS[p.rule.authority]}) conflicts with "
                f"{_AUTHORITY_WORDS[weakest]} ({titles}), which prevails",
                citations=_prevailing_citations(stronger),
            )
        )
    for loop in joined.loops:
        links = []
        for e in loop.edges:
            q = decided[e.payload]
            assert q.rule is not None
            links.append(f"{ctx.plan(by_id[e.first])} before {ctx.plan(by_id[e.second])} ({q.rule.title.lower()})")
        text = (
            f"the {_AUTHORITY_WORDS[Authority(loop.authority)]} answers form a loop - "
            + "; ".join(links)
            + " - and no rule of the sources says which gives way, so the order among these coverages is "
            "indeterminate"
        )
        run.steps.append(_step(RULES_BY_ID["coordination.rule_loop"], loop.cycle, "indeterminate", text))
        run.flag(DeterminationStatus.INDETERMINATE, text)
    for note in ctx.notes:
        run.steps.append(_step(note.rule, note.coverages, "note", note.text, choice=note.choice, clause=note.clause))


def _prevailing_citations(stronger: list[_Pair]) -> tuple[CitationOut, ...]:
    """The primary citation of each rule whose answers prevail."""
    out: dict[tuple[str, str], CitationOut] = {}
    for q in stronger:
        if q.rule is not None:
            clause = q.outcome.clause if isinstance(q.outcome, Decided) else ""
            c = _citations(q.rule, (clause,))[0]
            out.setdefault((c.source, c.pinpoint), c)
    return tuple(out.values())


# ------------------------------------------------------------------------------------------------------ 4. notes


def _positions(run: _Stages) -> tuple[Position, ...]:
    """Note rules annotate the final positions (conditional payment, subrogation, primary pays as if alone)."""
    ctx = run.ctx
    by_id = {c.id: c for c in run.taking_part}
    ctx.ranks = tuple(tuple(by_id[cid] for cid in gen) for gen in run.ranks)
    order = tuple(cov for gen in ctx.ranks for cov in gen)
    ctx.settled = run.status is DeterminationStatus.DETERMINED
    annotations: dict[str, list[str]] = {c.id: [] for c in order}
    conditional: set[str] = set()
    use_index = indexed()
    kinds = {c.kind for c in order}
    for rule in _enabled(ctx)[1]:
        if use_index and rule.needs is not None and rule.needs.isdisjoint(kinds):
            continue  # it annotates only an order with a coverage of a kind this one lacks (Rule.needs)
        for ann in rule.func(ctx, order):
            annotations[ann.coverage].append(ann.text)
            if ann.conditional:
                conditional.add(ann.coverage)
            run.steps.append(_step(rule, (ann.coverage,), "note", ann.text, clause=ann.clause))
    billing = biller_notes(ctx.case, ctx.ranks, status=run.status, conditional=frozenset(conditional), name=ctx.plan)
    positions = []
    for rank, (ids, gen) in enumerate(zip(run.ranks, ctx.ranks, strict=True), 1):
        for cov in gen:
            positions.append(
                Position(
                    coverage=cov.id,
                    rank=rank,
                    label=ctx.label(cov),
                    shares_with=tuple(x for x in ids if x != cov.id) if len(ids) > 1 else (),
                    conditional=cov.id in conditional,
                    notes=tuple(annotations[cov.id]),
                    for_biller=_sentence(billing[cov.id]),
                )
            )
    return tuple(positions)


def _next_steps(run: _Stages) -> tuple[str, ...]:
    """The questionnaires that would settle an indeterminate order."""
    if run.status is not DeterminationStatus.INDETERMINATE:
        return ()  # what next_steps gives for a decided or shared order
    rank_of = {cid: i for i, gen in enumerate(run.ranks) for cid in gen}
    undecided = [
        (p.a, p.b)
        for p in run.pairs
        if rank_of[p.a.id] == rank_of[p.b.id] and not isinstance(p.outcome, (Decided, Tie))
    ]
    loop = any(s.rule == "coordination.rule_loop" for s in run.steps)
    return tuple(_sentence(x) for x in next_steps(run.ctx.case, run.status, undecided, loop))


# --------------------------------------------------------------------------------------------------- 5. payments


def _payments(run: _Stages) -> Payments | None:
    """Each payer pays in order by its method, when the claim has lines (:mod:`cobsim.payments`)."""
    ctx = run.ctx
    case = ctx.case
    if not case.claim.lines:
        return None
    if run.status is DeterminationStatus.INDETERMINATE:
        return Payments(
            complete=False,
            reasons=("The payer order is indeterminate, so the payments cannot be computed.",),
            billed=case.claim.billed,
            patient=ZERO,
            write_off=ZERO,
        )
    by_id = {c.id: c for c in run.taking_part}
    ranks = [[by_id[cid] for cid in gen] for gen in run.ranks]
    payments, eobs = adjudicate(case, ranks, ctx.ruleset, context=ctx)
    for method, eob, sentence, clauses in eobs:
        cov = by_id[eob.coverage]
        run.steps.append(
            _step(method, (eob.coverage,), "paid", f"{ctx.plan(cov)} {sentence}", choice=method.choice, clause=clauses)
        )
    return payments
