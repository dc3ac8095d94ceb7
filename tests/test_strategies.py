"""The published hypothesis strategies, and the differential test the README shows vendors."""

from __future__ import annotations

import json

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from cobsim import Case, solve
from cobsim.io import case_to_json
from generators.strategies import cases, families, scenario_cases


def vendor_engine(case_json: str) -> list[str]:
    """Stands in for a third-party engine reached over JSON (here: cobsim itself, after a round trip)."""
    from cobsim.io import case_from_json

    return list(solve(case_from_json(case_json)).order)


def older_parent_engine(case: Case) -> list[str]:
    """A wrong engine with the classic mistake: the older parent's plan first."""
    order = list(solve(case).order)
    kids = [c for c in case.coverages if c.id in order and c.relationship.value == "child"]
    if len(kids) == 2:
        older = min(kids, key=lambda c: case.person(c.subscriber).birth_date)
        younger = kids[1] if kids[0] is older else kids[0]
        i, j = order.index(older.id), order.index(younger.id)
        if i > j:
            order[i], order[j] = order[j], order[i]
    return order


@settings(max_examples=40, deadline=None)
@given(cases())
def test_differential_vendor_engine_agrees_with_cobsim(case: Case) -> None:
    assert vendor_engine(case_to_json(case)) == list(solve(case).order)


def test_the_differential_test_catches_a_wrong_engine_with_a_small_example() -> None:
    example = find(
        scenario_cases("married-parents-birthday", variants=["older-parent-second"], payments=False),
        lambda c: older_parent_engine(c) != list(solve(c).order),
        settings=settings(max_examples=200, database=None),
    )
    parents = [p for p in example.people if p.id in ("mother", "father")]
    assert len(parents) == 2


@settings(max_examples=20, deadline=None)
@given(families(payments=True))
def test_family_cases_are_valid_and_pay(case: Case) -> None:
    det = solve(case)
    assert det.payments is not None
    json.loads(case_to_json(case))


def test_from_type_uses_the_registered_strategy() -> None:
    @settings(max_examples=5, deadline=None)
    @given(st.from_type(Case))
    def check(case: Case) -> None:
        assert case.meta.synthetic

    check()


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown scenario"):
        cases(scenarios=["nope"])
    with pytest.raises(ValueError, match="has variants"):
        scenario_cases("married-parents-birthday", variants=["nope"])
