"""Shrinking for the conformance kit: find the smallest case of a scenario on which an engine still disagrees.

Hypothesis draws cases from the scenario's strategy (:func:`generators.strategies.scenario_cases`), keeps those on
which the engine's payer order differs from cobsim's, and shrinks toward the simplest such family.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, find, settings
from hypothesis.errors import NoSuchExample

from cobsim.conform.engines import Engine, EngineError
from cobsim.engine import solve
from cobsim.io import case_to_data
from cobsim.model.case import Case
from generators.produce import expected_of
from generators.scenarios import CATALOGUE
from generators.strategies import scenario_cases


@dataclass
class Shrunk:
    """A smaller fixture on which the engine disagrees, next to the failing case it came from."""

    source_id: str
    scenario: str
    case: dict[str, Any]  #: with cobsim's ``expected``
    engine_order: list[str] | None
    size: tuple[int, int, int]  #: people, coverages, bytes of JSON
    source_size: tuple[int, int, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.source_id,
            "scenario": self.scenario,
            "id": self.case["id"],
            "expected_order": self.case["expected"]["order"],
            "engine_order": self.engine_order,
            "people_coverages_bytes": list(self.size),
            "from_people_coverages_bytes": list(self.source_size),
            "smaller": self.size < self.source_size,
        }


def size_of(case: dict[str, Any]) -> tuple[int, int, int]:
    body = {k: v for k, v in case.items() if k not in ("expected", "meta")}
    return len(case.get("people", [])), len(case.get("coverages", [])), len(json.dumps(body, sort_keys=True))


def _engine_order(engine: Engine, data: dict[str, Any]) -> list[str] | None:
    try:
        answer = engine.answer(data)
    except EngineError:
        return None
    order = answer.get("order") if isinstance(answer, dict) else None
    return order if isinstance(order, list) else None


def shrink(
    engine: Engine, source: dict[str, Any], scenario: str, *, max_examples: int = 300, seed: int = 0
) -> Shrunk | None:
    """The simplest case of ``scenario`` on which ``engine``'s order differs from cobsim's; None if none is found."""
    if scenario not in CATALOGUE:
        return None

    def sent(case: Case) -> dict[str, Any]:
        data = case_to_data(case)
        data.pop("expected", None)
        return data

    def disagrees(case: Case) -> bool:
        return _engine_order(engine, sent(case)) != list(solve(case).order)

    try:
        found = find(
            scenario_cases(scenario),
            disagrees,
            settings=settings(
                max_examples=max_examples,
                database=None,
                derandomize=seed == 0,
                suppress_health_check=list(HealthCheck),
            ),
        )
    except NoSuchExample:
        return None
    data = sent(found)
    data["id"] = f"shrunk-{source.get('id', scenario)}"
    data["claim"]["id"] = f"{data['id']}-claim"
    engine_order = _engine_order(engine, data)
    data["expected"] = expected_of(solve(found))
    data["meta"] = {
        **(data.get("meta") or {}),
        "scenario": scenario,
        "source": f"shrunk by cobsim conform from the failing case {source.get('id')}",
        "synthetic": True,
    }
    return Shrunk(str(source.get("id")), scenario, data, engine_order, size_of(data), size_of(source))
