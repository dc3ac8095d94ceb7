"""The shrinker behind ``cobsim conform --shrink``: the simplest case of a scenario on which an engine still fails.

Hypothesis draws cases from the scenario's strategy (:func:`generators.strategies.scenario_cases`; with claim lines
when the failure is on the amounts), keeps those the kit's judge says the engine fails on the same part (payer order
or amounts), and shrinks toward the simplest such family. The kit owns the judging (:mod:`cobsim.conform.shrinking`);
this module only searches. It plugs into the kit through the ``cobsim.commands`` entry point (``generators.cli``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, find, settings
from hypothesis.errors import NoSuchExample

from cobsim.engine import solve
from cobsim.io import case_to_data
from cobsim.model.case import Case
from generators.produce import expected_of
from generators.scenarios import CATALOGUE
from generators.strategies import scenario_cases


def _fixture(case: Case, case_id: str) -> dict[str, Any]:
    data = case_to_data(case)
    data.pop("expected", None)
    data["id"] = case_id
    data["claim"]["id"] = f"{case_id}-claim"
    data["expected"] = expected_of(solve(case))
    return data


def shrink(
    source: dict[str, Any],
    scenario: str,
    part: str,
    disagrees: Callable[[dict[str, Any]], bool],
    *,
    max_examples: int = 300,
) -> dict[str, Any] | None:
    """The simplest case of ``scenario`` (with cobsim's expected answer) on which ``disagrees`` holds; None if the
    search finds none in ``max_examples`` draws (or the scenario is not in the catalogue)."""
    if scenario not in CATALOGUE:
        return None
    case_id = f"shrunk-{source.get('id', scenario)}"
    try:
        found = find(
            scenario_cases(scenario, payments=True if part == "amounts" else None),
            lambda case: disagrees(_fixture(case, case_id)),
            settings=settings(
                max_examples=max_examples, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
            ),
        )
    except NoSuchExample:
        return None
    data = _fixture(found, case_id)
    data["meta"] = {
        **(data.get("meta") or {}),
        "scenario": scenario,
        "source": f"shrunk by cobsim conform from the failing case {source.get('id')} ({part})",
        "synthetic": True,
    }
    return data
