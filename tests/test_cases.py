"""Every YAML case in tests/cases and every example in examples/: the engine must give the expected answer."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from cobsim import solve
from cobsim.cli import expected_problems
from cobsim.io import parse_case
from tests.conftest import EXAMPLES, YAML_CASES


def _check(raw: dict[str, Any]) -> None:
    case = parse_case(raw)
    assert case.expected is not None, f"{case.id} has no expected answer"
    det = solve(case)
    problems = expected_problems(case, det)
    assert not problems, f"{case.id}: " + "; ".join(problems)


@pytest.mark.parametrize(("name", "raw"), YAML_CASES, ids=[n for n, _ in YAML_CASES])
def test_yaml_case(name: str, raw: dict[str, Any]) -> None:
    _check(raw)


EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.json"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[str(p.relative_to(EXAMPLES)) for p in EXAMPLE_FILES])
def test_example(path: Any) -> None:
    _check(json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal))
