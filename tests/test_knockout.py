"""Knock-out: disabling any deciding rule changes the answer of some case in the corpus.

A rule that could be deleted without changing any answer is either untested or dead. For each participation
rule, order rule, and note rule the order rules consult (guardians as parents), some YAML case or example must
get a different order, status or set of exclusions when that rule alone is switched off.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

import pytest

from cobsim import solve
from cobsim.io import parse_case
from cobsim.model.case import Case
from cobsim.rules.registry import ORDER_RULES, PARTICIPATION_RULES, RULES_BY_ID
from cobsim.trace import Determination
from tests.conftest import EXAMPLES, YAML_CASES

CONSULTED_NOTE_RULES = (
    "naic.non_parents_as_parents",
    # jurisdiction rules the order rules consult: switching one off switches the state's profile (or the
    # plan-document rule, or the cross-edition choice) off. Texas's and Washington's order notes are not here: their
    # edition is the default's, so they change no order (Washington's difference is a payment rule).
    "nj.order_rules",
    "ny.order_rules",
    "ca.order_rules",
    "jurisdiction.plan_document",
    "jurisdiction.editions_disagree",
)
KNOCKABLE = sorted({r.id for r in (*PARTICIPATION_RULES, *ORDER_RULES)} | set(CONSULTED_NOTE_RULES))


@cache
def corpus() -> tuple[tuple[Case, Determination], ...]:
    cases = [parse_case(raw) for _, raw in YAML_CASES]
    cases += [parse_case(json.loads(p.read_text(), parse_float=Decimal)) for p in sorted(EXAMPLES.rglob("*.json"))]
    return tuple((c, solve(c)) for c in cases)


def _answer(det: Determination) -> tuple[object, ...]:
    return (det.order, det.status, frozenset(e.coverage for e in det.excluded))


@pytest.mark.parametrize("rule_id", KNOCKABLE)
def test_disabling_the_rule_changes_some_answer(rule_id: str) -> None:
    assert rule_id in RULES_BY_ID
    for case, det in corpus():
        if rule_id not in det.rules_used:
            continue
        if _answer(solve(case, disabled={rule_id})) != _answer(det):
            return
    pytest.fail(f"no case changes its answer when {rule_id} is disabled")
