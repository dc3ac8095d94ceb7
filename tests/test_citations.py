"""Citations per reason: every step cites the sources of the reason it gave, primary sources first."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

import pytest

from cobsim import solve
from cobsim.io import parse_case
from cobsim.rules.base import SourceKind
from cobsim.rules.registry import ALL_RULES
from cobsim.trace import Determination
from tests.conftest import EXAMPLES, YAML_CASES


@cache
def corpus() -> tuple[Determination, ...]:
    raws = [raw for _, raw in YAML_CASES]
    raws += [json.loads(p.read_text(), parse_float=Decimal) for p in sorted(EXAMPLES.rglob("*.json"))]
    return tuple(solve(parse_case(r)) for r in raws)


def test_every_step_cites_at_least_one_source_for_its_reason() -> None:
    for det in corpus():
        for s in det.steps:
            assert s.citations, f"{det.case_id}: step {s.rule} {s.clauses} has no citation"
            assert s.clauses, f"{det.case_id}: step {s.rule} names no reason"


def test_primary_sources_come_first() -> None:
    ranks = {k.value: k.rank for k in SourceKind}
    for det in corpus():
        for s in det.steps:
            order = [ranks[c.kind] for c in s.citations]
            assert order == sorted(order), f"{det.case_id}: {s.rule} lists a secondary source before a primary one"


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.id for r in ALL_RULES])
def test_the_main_reason_of_every_rule_has_a_source(rule: object) -> None:
    from cobsim.rules.base import Rule

    assert isinstance(rule, Rule)
    assert rule.citations_for(""), f"{rule.id}: no citation backs its main reason"
