"""Hypothesis strategies over the scenario catalogue, for property tests of cobsim and of other COB engines.

The same scenario builders that write fixtures draw here from a hypothesis-controlled ``random.Random``
(``st.randoms``), so a failing example shrinks toward the simplest family that shows it. Each strategy yields a
validated :class:`cobsim.Case` (without an expected answer: compare your engine with ``cobsim.solve``).

Examples:
    A differential test of another engine against cobsim::

        from hypothesis import given, settings
        from cobsim import solve
        from generators.strategies import cases

        @settings(max_examples=500, deadline=None)
        @given(cases())
        def test_my_engine_agrees(case):
            assert my_engine(case).payer_order == list(solve(case).order)
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st

from cobsim.io import parse_case
from cobsim.model.case import Case
from generators.identity import Identity
from generators.produce import add_payments, format_version
from generators.scenarios import CATALOGUE

#: Scenarios about families and commercial plans (no government payer, no injury).
FAMILY_SCENARIOS = tuple(name for name, sc in sorted(CATALOGUE.items()) if sc.rules and sc.rules[0].startswith("naic."))


def _check_names(names: Iterable[str]) -> tuple[str, ...]:
    names = tuple(names)
    unknown = [n for n in names if n not in CATALOGUE]
    if unknown:
        raise ValueError(f"unknown scenario(s) {unknown}; known: {sorted(CATALOGUE)}")
    if not names:
        raise ValueError("give at least one scenario")
    return names


def scenario_cases(
    name: str, *, variants: Iterable[str] | None = None, payments: bool | None = None
) -> st.SearchStrategy[Case]:
    """Cases of one scenario. ``variants`` narrows the variants; ``payments`` forces (True) or forbids (False)
    claim lines with payments (default: either)."""
    (name,) = _check_names([name])
    sc = CATALOGUE[name]
    chosen = tuple(variants) if variants is not None else sc.variants
    bad = [v for v in chosen if v not in sc.variants]
    if bad or not chosen:
        raise ValueError(f"scenario {name} has variants {list(sc.variants)}, not {bad or 'none'}")
    pay = st.booleans() if payments is None else st.just(payments)

    @st.composite
    def build(draw: st.DrawFn) -> Case:
        variant = draw(st.sampled_from(chosen))
        rng: random.Random = draw(st.randoms(use_true_random=False))
        built = sc.build(rng, Identity(rng), variant)
        data: dict[str, Any] = built.case
        data["id"] = f"{name}-hypothesis"
        if draw(pay):
            add_payments(rng, data)
        return parse_case({"schema_version": format_version(data), **data})

    return build()


def cases(*, scenarios: Iterable[str] | None = None, payments: bool | None = None) -> st.SearchStrategy[Case]:
    """Cases of any scenario (or of those named)."""
    names = _check_names(scenarios) if scenarios is not None else tuple(sorted(CATALOGUE))
    return st.one_of([scenario_cases(n, payments=payments) for n in names])


def families(*, payments: bool | None = None) -> st.SearchStrategy[Case]:
    """Cases of the family scenarios: spouses, children of married, divorced and blended families, jobs."""
    return cases(scenarios=FAMILY_SCENARIOS, payments=payments)


def _hypothesis_setup_hook() -> None:
    """Registered through the ``hypothesis`` entry point: ``st.from_type(Case)`` draws from :func:`cases`."""
    st.register_type_strategy(Case, cases())
