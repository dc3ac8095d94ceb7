"""Engine-wide invariants, checked on arbitrary valid cases (hypothesis)."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from cobsim import solve
from cobsim.model.case import Case
from cobsim.model.codes import INJURY_KINDS, MEDICARE_KINDS, CoverageKind
from cobsim.rules.injury import answers_for
from cobsim.trace import Determination
from tests.strategies import arbitrary_cases


def _signature(det: Determination) -> tuple[object, ...]:
    return (
        det.order,
        det.status,
        tuple(sorted((e.coverage, e.rule) for e in det.excluded)),
        tuple(sorted((p.coverage, p.rank, p.conditional) for p in det.positions)),
        tuple(sorted((s.rule, s.outcome, s.coverages) for s in det.steps)),
    )


@given(arbitrary_cases())
def test_order_is_a_permutation_of_the_coverages_that_take_part(case: Case) -> None:
    det = solve(case)
    mine = {c.id for c in case.coverages if c.member == case.claim.patient}
    ordered = list(det.order)
    excluded = [e.coverage for e in det.excluded]
    assert len(ordered) == len(set(ordered))
    assert set(ordered).isdisjoint(excluded)
    assert set(ordered) | set(excluded) == mine
    ranks = [p.rank for p in det.positions]
    assert ranks == sorted(ranks)
    assert not ranks or ranks[0] == 1


@given(arbitrary_cases(), st.randoms(use_true_random=False))
def test_listing_order_does_not_matter(case: Case, rng: random.Random) -> None:
    def shuffled(items: tuple[object, ...]) -> tuple[object, ...]:
        out = list(items)
        rng.shuffle(out)
        return tuple(out)

    other = case.model_copy(
        update={
            "people": shuffled(case.people),
            "relationships": shuffled(case.relationships),
            "coverages": shuffled(case.coverages),
            "employers": shuffled(case.employers),
            "children": shuffled(case.children),
        }
    )
    assert _signature(solve(case)) == _signature(solve(other))


@given(arbitrary_cases())
def test_deterministic(case: Case) -> None:
    assert solve(case) == solve(case)


@given(arbitrary_cases())
def test_medicaid_is_never_ahead_of_another_payer(case: Case) -> None:
    det = solve(case)
    kinds = [case.coverage(cid).kind for cid in det.order]
    last_resort = {CoverageKind.IHS, CoverageKind.CRIME_VICTIM, CoverageKind.MEDICAID, CoverageKind.CHIP}
    for i, kind in enumerate(kinds):
        if kind in (CoverageKind.MEDICAID, CoverageKind.CHIP):
            assert all(k in last_resort for k in kinds[i + 1 :]), kinds


@given(arbitrary_cases())
def test_medigap_is_never_ahead_of_medicare(case: Case) -> None:
    det = solve(case)
    kinds = [case.coverage(cid).kind for cid in det.order]
    if CoverageKind.MEDIGAP in kinds:
        assert CoverageKind.MEDICARE in kinds
        assert kinds.index(CoverageKind.MEDICARE) < kinds.index(CoverageKind.MEDIGAP)


@given(arbitrary_cases())
def test_injury_payers_never_take_part_in_unrelated_claims(case: Case) -> None:
    det = solve(case)
    injury = case.claim.injury
    for cid in det.order:
        kind = case.coverage(cid).kind
        if kind in INJURY_KINDS or kind is CoverageKind.CRIME_VICTIM:
            assert injury is not None
            assert injury.related
            assert answers_for(kind, injury)


@given(arbitrary_cases())
def test_every_step_cites_a_source_and_reads_as_a_sentence(case: Case) -> None:
    det = solve(case)
    for step in det.steps:
        assert step.citations
        assert step.explanation[:1].isupper()
        assert step.explanation.endswith(".")
        assert "\n" not in step.explanation


@given(arbitrary_cases())
def test_medicare_is_never_ahead_of_a_plan_an_msp_rule_made_primary(case: Case) -> None:
    det = solve(case)
    for step in det.steps:
        if step.rule.startswith("msp.") and step.outcome == "decided" and step.first is not None:
            first = case.coverage(step.first)
            if first.kind not in MEDICARE_KINDS:
                other = next(c for c in step.coverages if c != step.first)
                if other in det.order and step.first in det.order:
                    assert det.order.index(step.first) <= det.order.index(other)


@given(arbitrary_cases())
def test_determinations_are_valid_models(case: Case) -> None:
    """The engine builds its output without re-validation; the output must still be exactly valid."""
    det = solve(case)
    assert Determination.model_validate(det.model_dump()) == det
