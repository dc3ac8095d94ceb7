"""NAIC order-of-benefit rules for commercial plans (MDL-120, 2005, and the pre-2005 model).

The rules compare two plans that both meet the model's definition of "plan" (group, individual, student and
FEHB coverage) and are asked in the regulation's order; the first that decides wins (MDL-120 §6D). Government
programs and injury payers are ordered by their own families before these rules are asked. The modules follow the
regulation's sections: :mod:`.general` (§3, §6A-B), :mod:`.nondependent` (§6D(1)), :mod:`.dependent_child`
(§6D(2)) and :mod:`.later` (§6D(3)-(6)).

Documented choices where the sources are silent ([U] in the domain reference) are named in the rule's
``choice`` and appear in the trace whenever they are used.
"""

from __future__ import annotations

from cobsim.rules.naic.dependent_child import (
    birthday,
    counts_as_parent,
    court_decree,
    custodial_parent,
    gender_rule,
    married_dependent_child,
    non_parents_as_parents,
    same_birthday,
    situation,
    subscriber_since,
)
from cobsim.rules.naic.general import (
    closed_panel_non_panel_provider,
    individual_policy_not_a_plan,
    noncomplying_plan_primary,
)
from cobsim.rules.naic.later import active_before_inactive, continuation_last, longer_coverage, share_equally
from cobsim.rules.naic.nondependent import medicare_reversal, nondependent_first

PARTICIPATION = (closed_panel_non_panel_provider,)
ORDER = (
    individual_policy_not_a_plan,
    noncomplying_plan_primary,
    medicare_reversal,
    nondependent_first,
    court_decree,
    gender_rule,
    birthday,
    same_birthday,
    custodial_parent,
    married_dependent_child,
    active_before_inactive,
    continuation_last,
    longer_coverage,
    share_equally,
)
NOTES = (non_parents_as_parents,)

__all__ = [
    "NOTES",
    "ORDER",
    "PARTICIPATION",
    "active_before_inactive",
    "birthday",
    "closed_panel_non_panel_provider",
    "continuation_last",
    "counts_as_parent",
    "court_decree",
    "custodial_parent",
    "gender_rule",
    "individual_policy_not_a_plan",
    "longer_coverage",
    "married_dependent_child",
    "medicare_reversal",
    "non_parents_as_parents",
    "noncomplying_plan_primary",
    "nondependent_first",
    "same_birthday",
    "share_equally",
    "situation",
    "subscriber_since",
]
