"""The order in which rules are asked. Order is data: a test pins these tuples.

Participation rules run first, in this order, each seeing the coverages still taking part. Then every pair of
taking-part coverages is put to the order rules, in this order, until one speaks. Note rules run last, on the
final order. Families own disjoint kinds of pairs, so the order across families matters only where a pair
could be claimed by two of them (an injury payer against Medicaid, say), and there it follows the statutory
ladder: injury payers, last-resort programs, TRICARE and the VA, Medigap, the Medicare Secondary Payer rules,
then the NAIC rules in the order of MDL-120 §6D.
"""

from __future__ import annotations

from cobsim.rules import (
    coordination,
    government,
    injury,
    jurisdictions,
    medicare_coverage,
    msp,
    naic,
    payment_methods,
    state_payment_methods,
)
from cobsim.rules.base import Rule

PARTICIPATION_RULES: tuple[Rule, ...] = (
    *coordination.PARTICIPATION,
    *injury.PARTICIPATION,
    *government.PARTICIPATION,
    *medicare_coverage.PARTICIPATION,
    *naic.PARTICIPATION,
    *injury.LATE_PARTICIPATION,
    *government.LATE_PARTICIPATION,
)

ORDER_RULES: tuple[Rule, ...] = (
    *injury.ORDER,
    *government.ORDER,
    *msp.ORDER,
    *naic.ORDER,
)

NOTE_RULES: tuple[Rule, ...] = (
    *coordination.NOTES,
    *injury.NOTES,
    *government.NOTES,
    *naic.NOTES,
    *jurisdictions.NOTES,
)

ENGINE_RULES: tuple[Rule, ...] = coordination.ENGINE

PAYMENT_RULES: tuple[Rule, ...] = (*payment_methods.METHODS, *state_payment_methods.METHODS)

ALL_RULES: tuple[Rule, ...] = (*PARTICIPATION_RULES, *ORDER_RULES, *NOTE_RULES, *ENGINE_RULES, *PAYMENT_RULES)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in ALL_RULES}

if len(RULES_BY_ID) != len(ALL_RULES):  # pragma: no cover - a programming error caught at import
    raise RuntimeError("two rules share an id")


def rule(rule_id: str) -> Rule:
    """The rule with id ``rule_id``."""
    try:
        return RULES_BY_ID[rule_id]
    except KeyError:
        known = ", ".join(sorted(RULES_BY_ID))
        raise KeyError(f"no rule '{rule_id}'; rules are: {known}") from None
