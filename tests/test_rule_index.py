"""The rule index never changes an answer: it only spares rules that cannot speak.

Order rules declare the shapes of pair they can speak for (``Rule.speaks_for``: the two coverages' kinds and
relationships) and participation rules the kinds of coverage they can exclude (``Rule.excludes``); the engine puts
a pair, or a coverage, only to the rules whose declaration fits. Two checks over a large catalogue (generated cases
of several seeds, every example and every YAML case):

* the same answers: every pair of every case gets the same rule and the same outcome (and the same notes) from the
  index as from asking every active order rule in registry order, under the case's own editions and under each
  edition forced; and whole determinations are equal with the index on and off;
* honest declarations: every rule is put to every pair (and every participation rule to every coverage) outside
  its declaration, and must not speak. A rule that speaks outside its declaration is a failure even when an
  earlier rule happens to answer the pair first, so a wrong declaration is caught before it can matter.

The last tests narrow one declaration on purpose and show that both checks catch it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import cache
from itertools import permutations

import pytest

from cobsim import solve
from cobsim.io import loads_json, parse_case
from cobsim.model.case import Case
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    GROUP_HEALTH_PLAN_KINDS,
    MEDICARE_KINDS,
    CoverageKind,
    MemberRelationship,
    RuleSet,
)
from cobsim.rules.base import Authority, Pairs, Rule, RuleKind
from cobsim.rules.base import rule as make_rule
from cobsim.rules.context import Context, RuleIndex, rule_index
from cobsim.rules.registry import NOTE_RULES, ORDER_RULES, PARTICIPATION_RULES
from generators.produce import Options, dumps_line, generate
from tests.conftest import EXAMPLES, YAML_CASES

SEEDS = (1, 7, 11)
PER_SEED = 3000
#: None: each plan's own edition (the engine's default); then each edition forced, as ``solve(ruleset=...)`` does
RULESETS: tuple[RuleSet | None, ...] = (None, *RuleSet)


@cache
def fixed_corpus() -> tuple[Case, ...]:
    """Every YAML case and every example."""
    cases = [parse_case(raw) for _, raw in YAML_CASES]
    cases += [parse_case(json.loads(p.read_text(), parse_float=Decimal)) for p in sorted(EXAMPLES.rglob("*.json"))]
    return tuple(cases)


@cache
def generated(seed: int, count: int = PER_SEED) -> tuple[Case, ...]:
    """``count`` generated cases of the whole catalogue, parsed from their JSONL lines (the generator's own check of
    each story against the engine is off, so that these checks, not the generator, say what a broken index does)."""
    options = Options(check_story=False)
    return tuple(parse_case(loads_json(dumps_line(raw))) for raw in generate(["all"], count, seed, options=options))


# ------------------------------------------------------------------------------------------------ the checks


def answers(case: Case, ruleset: RuleSet | None, order_rules: tuple[Rule, ...]) -> tuple[object, ...]:
    """Every ordered pair of the patient's coverages put to ``first_decision`` on a fresh context: the rule id and
    outcome of each, then the notes the rules recorded."""
    ctx = Context(case, ruleset=ruleset, order_rules=order_rules)
    out: list[object] = []
    for a, b in permutations(ctx.candidates, 2):
        rule, outcome = ctx.first_decision(a, b)
        out.append((a.id, b.id, rule.id if rule is not None else None, outcome))
    out.append(tuple((n.rule.id, n.coverages, n.text, n.choice, n.clause) for n in ctx.notes))
    return tuple(out)


def answer_differences(cases: Iterable[Case], order_rules: tuple[Rule, ...] = ORDER_RULES) -> list[str]:
    """Where the index answers a pair differently from asking every rule (an empty list: never)."""
    problems = []
    for case in cases:
        for ruleset in RULESETS:
            with rule_index(False):
                plain = answers(case, ruleset, order_rules)
            with rule_index(True):
                fast = answers(case, ruleset, order_rules)
            if plain != fast:
                diff = next(f"{x} != {y}" for x, y in zip(plain, fast, strict=True) if x != y)
                problems.append(f"{case.id} (ruleset {ruleset}): all rules {diff} indexed")
    return problems


def declaration_breaches(
    cases: Iterable[Case],
    order_rules: Sequence[Rule] = ORDER_RULES,
    participation_rules: Sequence[Rule] = PARTICIPATION_RULES,
    note_rules: Sequence[Rule] = NOTE_RULES,
    editions: Sequence[RuleSet] = tuple(RuleSet),
    involving: str | None = None,
) -> list[str]:
    """Every rule put to every pair (order rules) or coverage (participation rules) outside its declaration, under
    each edition: the ones that spoke anyway (an empty list: every declaration holds). ``involving`` limits the
    pairs and coverages to those with that coverage id."""
    problems = []
    for case in cases:
        root = Context(case, order_rules=tuple(order_rules))
        for edition in editions:
            # one private view per edition: what a rule records there (notes, answers of other pairs it asked
            # about) changes no later answer, and never reaches the root context
            view = root.private_view(edition)
            for a, b in permutations(root.candidates, 2):
                if involving is not None and involving not in (a.id, b.id):
                    continue
                shape = (a.kind, a.relationship, b.kind, b.relationship)
                for rule in order_rules:
                    if rule.may_speak(*shape):
                        continue
                    outcome = rule.func(view, a, b)
                    if outcome is not None:
                        problems.append(
                            f"{case.id}: {rule.id} speaks for {a.id} ({a.kind}, {a.relationship}) and {b.id} "
                            f"({b.kind}, {b.relationship}) under {edition}, outside its declaration: {outcome}"
                        )
            present = [c.kind for c in root.candidates]  # the view's coverages taking part
            for cov in root.candidates:
                if involving is not None and cov.id != involving:
                    continue
                for rule in participation_rules:
                    if rule.may_exclude(cov.kind, present):
                        continue
                    excluded = rule.func(view, cov)
                    if excluded is not None:
                        problems.append(
                            f"{case.id}: {rule.id} excludes {cov.id} ({cov.kind}) under {edition}, outside its "
                            f"declaration: {excluded}"
                        )
            # the note rules, on the patient's coverages as one order (each its own rank)
            order = root.candidates
            view.ranks = tuple((c,) for c in order)
            for rule in note_rules:
                if rule.needs is None or not rule.needs.isdisjoint(present):
                    continue
                notes = rule.func(view, order)
                if notes:
                    problems.append(
                        f"{case.id}: {rule.id} annotates an order of {sorted(present)} under {edition}, without the "
                        f"kinds it needs: {notes}"
                    )
    return problems


def determination_differences(cases: Iterable[Case], rulesets: Sequence[RuleSet | None] = (None,)) -> list[str]:
    """Cases whose whole determination (order, trace, payments) differs with the index on and off."""
    problems = []
    for case in cases:
        for ruleset in rulesets:
            with rule_index(False):
                plain = solve(case, ruleset=ruleset)
            with rule_index(True):
                fast = solve(case, ruleset=ruleset)
            if plain != fast:
                problems.append(f"{case.id} (ruleset {ruleset}): the determination differs with the index")
    return problems


def _show(problems: list[str]) -> str:
    return f"{len(problems)} problems, first: " + "; ".join(problems[:5])


# ------------------------------------------------------------------------------------------- the catalogue


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_catalogue_same_answers_with_the_index(seed: int) -> None:
    cases = generated(seed)
    assert len(cases) == PER_SEED
    problems = answer_differences(cases)
    assert not problems, _show(problems)
    problems = determination_differences(cases)
    assert not problems, _show(problems)


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_catalogue_no_rule_speaks_outside_its_declaration(seed: int) -> None:
    problems = declaration_breaches(generated(seed))
    assert not problems, _show(problems)


def test_examples_and_yaml_cases_same_answers_with_the_index() -> None:
    cases = fixed_corpus()
    assert len(cases) > 100
    problems = answer_differences(cases)
    assert not problems, _show(problems)
    problems = determination_differences(cases, RULESETS)
    assert not problems, _show(problems)


def test_examples_and_yaml_cases_no_rule_speaks_outside_its_declaration() -> None:
    problems = declaration_breaches(fixed_corpus())
    assert not problems, _show(problems)


def test_the_catalogue_reaches_pairs_of_many_shapes() -> None:
    """The checks mean something only if the corpus holds many kinds of pair: most kinds meet most others."""
    kinds: set[frozenset[CoverageKind]] = set()
    for case in (*fixed_corpus(), *generated(1, 1000)):
        cands = [c for c in case.coverages if c.member == case.patient.id]
        kinds.update(frozenset({a.kind, b.kind}) for a, b in permutations(cands, 2))
    assert len(kinds) >= 60, sorted(sorted(k) for k in kinds)


# ------------------------------------------------------------------------------------------- the index itself


def test_a_rule_without_a_declaration_is_asked_for_every_pair() -> None:
    undeclared = [r for r in ORDER_RULES if r.speaks_for is None]
    index = RuleIndex(ORDER_RULES)
    case = fixed_corpus()[0]
    cov = case.coverages[0]
    for kind_a in CoverageKind:
        for kind_b in CoverageKind:
            for rel in MemberRelationship:
                a = cov.model_copy(update={"kind": kind_a, "relationship": rel})
                b = cov.model_copy(update={"kind": kind_b, "id": "other"})
                asked = index.for_pair(a, b)
                assert all(r in asked for r in undeclared)
                # the rules kept are the registry's, in its order
                assert list(asked) == [r for r in ORDER_RULES if r in asked]
    with rule_index(False):
        assert index.for_pair(cov, cov) == ORDER_RULES


def test_declarations_belong_to_the_right_kind_of_rule() -> None:
    for r in ORDER_RULES:
        assert r.excludes is None, r.id
        assert r.needs is None, r.id
    for r in PARTICIPATION_RULES:
        assert r.speaks_for is None, r.id
    for r in NOTE_RULES:
        assert r.speaks_for is None, r.id
        assert r.excludes is None, r.id
    assert sum(r.speaks_for is not None for r in ORDER_RULES) >= len(ORDER_RULES) - 2
    cite = PARTICIPATION_RULES[0].citations
    with pytest.raises(ValueError, match="only an order rule"):
        make_rule("x.y", title="x", kind=RuleKind.NOTE, authority=Authority.PLAN, cite=cite, speaks_for=())
    with pytest.raises(ValueError, match="only a participation rule"):
        make_rule("x.y", title="x", kind=RuleKind.ORDER, authority=Authority.PLAN, cite=cite, excludes=frozenset())
    with pytest.raises(ValueError, match="only a participation or note rule"):
        make_rule("x.y", title="x", kind=RuleKind.ORDER, authority=Authority.PLAN, cite=cite, needs=frozenset())


# ------------------------------------------------------------------------------- the checks can fail


def _narrowed(rule_id: str, shapes: tuple[Pairs, ...]) -> tuple[Rule, ...]:
    return tuple(replace(r, speaks_for=shapes) if r.id == rule_id else r for r in ORDER_RULES)


def test_a_wrong_declaration_is_caught() -> None:
    """Working aged declared for Medicare against FEHB only (it speaks for employer group plans too): the
    declaration check names it, and the index then answers differently from asking every rule."""
    broken = _narrowed("msp.working_aged", (Pairs(MEDICARE_KINDS, frozenset({CoverageKind.FEHB})),))
    cases = fixed_corpus()
    breaches = declaration_breaches(cases, order_rules=broken)
    assert breaches
    assert all("msp.working_aged speaks for" in b for b in breaches)
    assert answer_differences(cases, order_rules=broken)


def test_a_wrong_relationship_is_caught() -> None:
    """A declaration wider than the rule's guard is harmless (the birthday rule declared for any two coverages);
    one that leaves out the relationship the rule speaks for (the birthday rule declared for spouses' group
    plans, when it speaks for a child's) is caught."""
    wide = _narrowed("naic.birthday", (Pairs(frozenset(CoverageKind), frozenset(CoverageKind)),))
    assert not answer_differences(fixed_corpus()[:40], order_rules=wide)
    narrow = _narrowed(
        "naic.birthday",
        (Pairs(GROUP_HEALTH_PLAN_KINDS, GROUP_HEALTH_PLAN_KINDS, frozenset({MemberRelationship.SPOUSE})),),
    )
    assert declaration_breaches(fixed_corpus(), order_rules=narrow)


def test_a_wrong_participation_declaration_is_caught() -> None:
    broken = tuple(
        replace(r, excludes=frozenset({CoverageKind.MEDICARE})) if r.id == "coordination.in_force" else r
        for r in PARTICIPATION_RULES
    )
    breaches = declaration_breaches(fixed_corpus(), participation_rules=broken)
    assert breaches
    assert all("coordination.in_force excludes" in b for b in breaches)
    # a rule that needs a kind of coverage it does not need to speak
    broken = tuple(
        replace(r, needs=frozenset({CoverageKind.CHAMPVA})) if r.id == "coordination.service_covered" else r
        for r in PARTICIPATION_RULES
    )
    breaches = declaration_breaches(fixed_corpus(), participation_rules=broken)
    assert breaches
    assert all("coordination.service_covered excludes" in b for b in breaches)


def test_a_wrong_note_declaration_is_caught() -> None:
    """The primary-pays-as-if-alone note declared as needing a TRICARE plan in the order (it annotates any order
    of two or more with a settled primary)."""
    broken = tuple(
        replace(r, needs=frozenset({CoverageKind.TRICARE})) if r.id == "coordination.primary_pays_as_if_alone" else r
        for r in NOTE_RULES
    )
    breaches = declaration_breaches(fixed_corpus(), note_rules=broken)
    assert breaches
    assert all("coordination.primary_pays_as_if_alone annotates" in b for b in breaches)


def with_kind(case: Case, coverage_id: str, kind: CoverageKind, relationship: MemberRelationship | None) -> Case:
    """``case`` with one coverage turned into another kind (and relationship), unvalidated: a shape of pair the
    catalogue may never hold, to put to the rules' guards."""
    update: dict[str, object] = {"kind": kind}
    if relationship is not None:
        update["relationship"] = relationship
    coverages = [c.model_copy(update=update) if c.id == coverage_id else c for c in case.coverages]
    return case.model_copy(update={"coverages": coverages})


def test_declarations_hold_for_every_kind_of_pair() -> None:
    """The catalogue reaches only some pairs of kinds; here each coverage of each example and YAML case is turned
    into every other kind (and, for the plans, every relationship) in turn, and every rule is put to the pairs
    outside its declaration."""
    checked = 0
    problems: list[str] = []
    for case in fixed_corpus():
        for cov in case.coverages:
            if cov.member != case.patient.id:
                continue
            for kind in CoverageKind:
                rels = MemberRelationship if kind in COMMERCIAL_KINDS else (None,)
                for rel in rels:
                    problems += declaration_breaches(
                        [with_kind(case, cov.id, kind, rel)], editions=(RuleSet.NAIC_2005,), involving=cov.id
                    )
                    checked += 1
    assert checked > 5000
    assert not problems, _show(problems)
