"""``--shrink``: find a smaller case of a failing scenario on which the engine still disagrees.

The search itself needs the scenario strategies, which live in ``generators`` (cobsim never imports them). The
generators package plugs its shrinker in through the ``cobsim.commands`` entry point by calling
:func:`register_shrinker`. The kit gives the shrinker a *judge* - "does the engine still fail this case on the same
part?" - built from the same transport, track, tolerance and conventions as the run, so a smaller case is graded
exactly as the original was. An engine error is never a disagreement: a crash is not shrunk into a smaller crash.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

from cobsim.conform.engines import Engine, ask
from cobsim.conform.fixtures import Fixture
from cobsim.conform.grading import Settings, grade, reference_message, skip_before_sending
from cobsim.conform.protocol import message
from cobsim.conform.run import Result


class Shrinker(Protocol):
    """Searches ``scenario`` for the simplest case (with cobsim's ``expected``) on which ``disagrees`` holds."""

    def __call__(
        self,
        source: dict[str, Any],
        scenario: str,
        part: str,
        disagrees: Callable[[dict[str, Any]], bool],
        *,
        max_examples: int,
    ) -> dict[str, Any] | None: ...


_loaders: list[Callable[[], Shrinker]] = []


def register_shrinker(loader: Callable[[], Shrinker]) -> None:
    """Plug a shrinker in; ``loader`` is called only when ``--shrink`` is used (it may import heavy things)."""
    _loaders[:] = [loader]


def shrinker() -> Shrinker | None:
    return _loaders[0]() if _loaders else None


def size_of(case: dict[str, Any]) -> tuple[int, int, int]:
    """People, coverages and bytes of JSON of a case (without its expected answer and meta)."""
    body = {k: v for k, v in case.items() if k not in ("expected", "meta")}
    people, coverages = case.get("people", []), case.get("coverages", [])
    return (
        len(people) if isinstance(people, list) else 0,
        len(coverages) if isinstance(coverages, list) else 0,
        len(json.dumps(body, sort_keys=True, default=str)),
    )


def judge(engine: Engine, settings: Settings, part: str) -> Callable[[dict[str, Any]], bool]:
    """True when ``engine`` fails a case (a dict with ``expected``) on ``part``; False on a pass, skip or error."""

    def disagrees(case: dict[str, Any]) -> bool:
        data = dict(case)
        expected = data.pop("expected")
        fx = Fixture(data, expected, "shrinking")
        if skip_before_sending(fx, settings) is not None:
            return False
        ref = reference_message(fx) if settings.track == "payments" else None
        reply = ask(engine, fx.id, message(fx.case, settings.track, settings.protocol, ref))
        g = grade(fx, reply, settings, explain=False)
        return g.status == "fail" and g.parts.get(part) == "fail"

    return disagrees


def failing_part(result: Result) -> str:
    return "order" if result.parts.get("order") == "fail" else "amounts"


def shrink_failures(
    engine: Engine, settings: Settings, failing: dict[str, Result], *, max_examples: int = 300
) -> list[dict[str, Any]]:
    """For each failing scenario's first failing case (``failing``: scenario -> result with its case), the smallest
    case found; each entry holds the case under ``"case"``."""
    found_by = shrinker()
    if found_by is None:
        raise RuntimeError("no shrinker is installed (the generators package provides one)")
    out = []
    for scenario, result in failing.items():
        if result.case is None:
            continue
        source = {**result.case, "expected": result.expected}
        part = failing_part(result)
        case = found_by(source, scenario, part, judge(engine, settings, part), max_examples=max_examples)
        if case is None:
            continue
        out.append(
            {
                "from": result.id,
                "scenario": scenario,
                "part": part,
                "id": case["id"],
                "expected": {k: case["expected"].get(k) for k in ("status", "order", "payments", "patient_owes")},
                "people_coverages_bytes": list(size_of(case)),
                "from_people_coverages_bytes": list(size_of(source)),
                "smaller": size_of(case) < size_of(source),
                "case": case,
            }
        )
    return out
