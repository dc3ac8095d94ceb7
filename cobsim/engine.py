"""``solve(case) -> Determination``: who pays, in what order, and why.

The engine is pure: it reads a case and returns a determination; it does no I/O and reads no clock.

1. Participation: each participation rule, in registry order, may exclude coverages of the patient (not in
   force, not covering the service, an injury payer for an unrelated claim, Medicare for VA-authorized care...).
2. Pairs: every pair of remaining coverages is put to the order rules in registry order; the first rule that
   speaks decides the pair (or declares a tie, or says it cannot decide and why).
3. Joining: the pairwise answers become a directed graph. Answers are added strongest authority first; one
   that would close a cycle gives way and is reported. The ranks are the graph's topological generations:
   coverages in one generation share a rank.
4. Notes: note rules annotate the final positions (conditional Medicare payment, subrogation, "primary pays as
   if alone").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import networkx as nx

from cobsim._version import __version__
from cobsim.model.case import Case, Coverage
from cobsim.model.codes import DeterminationStatus, RuleSet
from cobsim.model.money import ZERO
from cobsim.payments import adjudicate
from cobsim.rules.base import Decided, Indeterminate, OrderOutcome, Rule, Tie
from cobsim.rules.context import Context
from cobsim.rules.registry import (
    NOTE_RULES,
    ORDER_RULES,
    PARTICIPATION_RULES,
    RULES_BY_ID,
)
from cobsim.trace import CitationOut, Determination, Exclusion, Payments, Position, Step, StepOutcome

_CITATIONS: dict[str, tuple[CitationOut, ...]] = {}


def _citations(rule: Rule) -> tuple[CitationOut, ...]:
    cached = _CITATIONS.get(rule.id)
    if cached is None:
        cached = _CITATIONS[rule.id] = tuple(CitationOut(**c.as_dict()) for c in rule.citations)
    return cached


def _step(
    rule: Rule,
    coverages: Iterable[str],
    outcome: StepOutcome,
    explanation: str,
    *,
    first: str | None = None,
    choice: str | None = None,
) -> Step:
    return Step(
        rule=rule.id,
        title=rule.title,
        citations=_citations(rule),
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


@dataclass(frozen=True)
class _Pair:
    a: Coverage
    b: Coverage
    rule: Rule | None
    outcome: OrderOutcome


def solve(
    case: Case,
    *,
    ruleset: RuleSet | None = None,
    disabled: Iterable[str] = (),
    on: date | None = None,
) -> Determination:
    """Decide the payer order of ``case``.

    Args:
        case: the case (see :class:`cobsim.model.Case`).
        ruleset: the NAIC edition to apply; defaults to the case's own ``ruleset``.
        disabled: rule ids to switch off (knock-out experiments; a disabled rule is skipped as if absent).
        on: decide as of another service date (timelines); defaults to the claim's service date.

    Returns:
        The determination: positions, exclusions, status and the trace.

    Raises:
        KeyError: a name in ``disabled`` is not a rule id.
    """
    disabled = frozenset(disabled)
    for rule_id in disabled:
        if rule_id not in RULES_BY_ID:
            raise KeyError(f"cannot disable '{rule_id}': there is no such rule")
    if on is not None:
        case = case.with_service_date(on)
    ctx = Context(case, ruleset=ruleset, disabled=disabled, order_rules=ORDER_RULES)
    steps: list[Step] = []

    # 1. participation
    taking_part = list(ctx.candidates)
    exclusions: list[Exclusion] = []
    for rule in PARTICIPATION_RULES:
        if not ctx.enabled(rule):
            continue
        for cov in list(taking_part):
            ctx.participating = tuple(taking_part)
            out = rule.func(ctx, cov)
            if out is None:
                continue
            taking_part.remove(cov)
            exclusions.append(Exclusion(coverage=cov.id, label=cov.label, rule=rule.id, reason=_sentence(out.because)))
            steps.append(_step(rule, (cov.id,), "excluded", out.because, choice=out.choice))
    ctx.participating = tuple(taking_part)

    # 2. pairs
    pairs = [_Pair(a, b, *ctx.first_decision(a, b)) for a, b in combinations(taking_part, 2)]

    # 3. joining
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(c.id for c in taking_part)
    index = {r.id: i for i, r in enumerate(ORDER_RULES)}
    decided = [p for p in pairs if isinstance(p.outcome, Decided) and p.rule is not None]
    decided.sort(
        key=lambda p: (
            -int(p.rule.authority),  # type: ignore[union-attr]
            index[p.rule.id],  # type: ignore[union-attr]
            p.a.id,
            p.b.id,
        )
    )
    overridden: list[tuple[_Pair, list[str]]] = []
    for p in decided:
        assert isinstance(p.outcome, Decided)
        if nx.has_path(graph, p.outcome.second, p.outcome.first):
            overridden.append((p, nx.shortest_path(graph, p.outcome.second, p.outcome.first)))
        else:
            graph.add_edge(p.outcome.first, p.outcome.second, rule=p.rule.id)  # type: ignore[union-attr]
    generations = [sorted(g) for g in nx.topological_generations(graph)]
    rank_of = {cid: i for i, gen in enumerate(generations) for cid in gen}

    by_id = {c.id: c for c in taking_part}
    reasons: list[str] = []
    status = DeterminationStatus.DETERMINED

    def pos_key(p: _Pair) -> tuple[int, int, str, str]:
        ra, rb = rank_of[p.a.id], rank_of[p.b.id]
        return (min(ra, rb), max(ra, rb), p.a.id, p.b.id)

    overridden_pairs = {id(p) for p, _ in overridden}
    for p in sorted(pairs, key=pos_key):
        ids = (p.a.id, p.b.id)
        out = p.outcome
        if p.rule is None or out is None:
            rule = RULES_BY_ID["coordination.no_rule"]
            text = f"no rule orders {ctx.plan(p.a)} and {ctx.plan(p.b)}"
            steps.append(_step(rule, ids, "indeterminate", text))
            if rank_of[p.a.id] == rank_of[p.b.id]:
                status = DeterminationStatus.INDETERMINATE
                reasons.append(_sentence(text))
            continue
        if isinstance(out, Decided):
            if id(p) in overridden_pairs:
                continue
            steps.append(_step(p.rule, ids, "decided", out.because, first=out.first, choice=out.choice))
        elif isinstance(out, Tie):
            steps.append(_step(p.rule, ids, "tie", out.because, choice=out.choice))
            if rank_of[p.a.id] == rank_of[p.b.id]:
                if status is DeterminationStatus.DETERMINED:
                    status = DeterminationStatus.SHARED
                reasons.append(_sentence(out.because))
        elif isinstance(out, Indeterminate):
            steps.append(_step(p.rule, ids, "indeterminate", out.because, choice=out.choice))
            if rank_of[p.a.id] == rank_of[p.b.id]:
                status = DeterminationStatus.INDETERMINATE
                reasons.append(_sentence(out.because))
    for p, path in overridden:
        assert isinstance(p.outcome, Decided)
        assert p.rule is not None
        chain = " -> ".join(ctx.plan(by_id[x]) for x in path)
        steps.append(
            _step(
                p.rule,
                (p.a.id, p.b.id),
                "overridden",
                f"{p.outcome.because}; but stronger rules already order {chain}, so this answer gives way",
                choice=p.outcome.choice,
            )
        )
        steps.append(
            _step(
                RULES_BY_ID["coordination.stronger_authority_prevails"],
                (p.a.id, p.b.id),
                "note",
                f"the {p.rule.title.lower()} answer conflicts with rules of stronger authority, which prevail",
            )
        )

    for note in ctx.notes:
        steps.append(_step(note.rule, note.coverages, "note", note.text, choice=note.choice))

    # 4. positions and notes
    order = [by_id[cid] for gen in generations for cid in gen]
    ctx.ranks = tuple(tuple(by_id[cid] for cid in gen) for gen in generations)
    ctx.settled = status is DeterminationStatus.DETERMINED
    annotations: dict[str, list[str]] = {c.id: [] for c in order}
    conditional: set[str] = set()
    for rule in NOTE_RULES:
        if not ctx.enabled(rule):
            continue
        for ann in rule.func(ctx, tuple(order)):
            annotations[ann.coverage].append(ann.text)
            if ann.conditional:
                conditional.add(ann.coverage)
            steps.append(_step(rule, (ann.coverage,), "note", ann.text))
    positions = tuple(
        Position(
            coverage=cov.id,
            rank=rank_of[cov.id] + 1,
            label=cov.label,
            shares_with=tuple(x for x in generations[rank_of[cov.id]] if x != cov.id),
            conditional=cov.id in conditional,
            notes=tuple(annotations[cov.id]),
        )
        for cov in order
    )
    if not positions:
        reasons.append("No coverage of the patient takes part in this claim: the patient is responsible.")

    # 5. payments
    payments = None
    if case.claim.lines:
        if status is DeterminationStatus.INDETERMINATE:
            payments = Payments(
                complete=False,
                reasons=("The payer order is indeterminate, so the payments cannot be computed.",),
                billed=case.claim.billed,
                patient=ZERO,
                write_off=ZERO,
            )
        else:
            ranks = [[by_id[cid] for cid in gen] for gen in generations]
            payments, eobs = adjudicate(case, ranks, ctx.ruleset)
            for method, eob, sentence in eobs:
                cov = by_id[eob.coverage]
                steps.append(
                    _step(
                        method,
                        (eob.coverage,),
                        "paid",
                        f"{ctx.plan(cov)} {sentence}",
                        choice=method.choice,
                    )
                )

    choices = tuple(dict.fromkeys(s.choice for s in steps if s.choice))  # after the payment steps
    return Determination(
        case_id=case.id,
        service_date=ctx.on,
        ruleset=ctx.ruleset,
        status=status,
        positions=positions,
        excluded=tuple(exclusions),
        steps=tuple(steps),
        reasons=tuple(dict.fromkeys(reasons)),
        choices=choices,
        payments=payments,
        engine_version=__version__,
    )
