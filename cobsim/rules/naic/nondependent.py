"""NAIC §6D(1): the non-dependent rule and its Medicare reversal."""

from __future__ import annotations

from cobsim.model.case import Coverage
from cobsim.model.codes import MemberRelationship, RuleSet
from cobsim.rules import citations as c
from cobsim.rules.base import (
    Decided,
    OrderOutcome,
    RuleKind,
    rule,
)
from cobsim.rules.context import Context
from cobsim.rules.naic.common import BETWEEN_PLANS, STATE, both_commercial

# ------------------------------------------------------------------------------------------------- R1


@rule(
    "naic.medicare_reversal",
    title="Medicare beneficiary: dependent plan before own plan when Medicare sits between them",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_MEDICARE_REVERSAL, c.OLD_MODEL_MEDICARE_REVERSAL),
    clauses=("pre2005",),
    speaks_for=BETWEEN_PLANS,
)
def medicare_reversal(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """If the person is a Medicare beneficiary and, under the Medicare Secondary Payer rules, Medicare is
    secondary to the plan covering the person as a dependent and primary to the plan covering the person as
    other than a dependent (a retiree plan), the order between those two plans is reversed (MDL-120 §6D(1)(b))."""
    if not both_commercial(a, b) or ctx.medicare_card is None:
        return None
    dep, own = (a, b) if a.relationship.dependent and not b.relationship.dependent else (b, a)
    if not (dep.relationship.dependent and not own.relationship.dependent):
        return None
    medicare = ctx.medicare_card
    _, vs_dep = ctx.medicare_vs(dep)
    _, vs_own = ctx.medicare_vs(own)
    if (
        isinstance(vs_dep, Decided)
        and vs_dep.first == dep.id
        and isinstance(vs_own, Decided)
        and vs_own.first == medicare.id
    ):
        return Decided(
            dep.id,
            own.id,
            f"{ctx.name(ctx.patient.id)} has Medicare, which pays after {ctx.plan(dep)} (the dependent coverage) "
            f"but before {ctx.plan(own)} (own coverage), so the usual order is reversed: the dependent plan pays "
            "first, then Medicare, then the person's own plan",
            clause="pre2005" if ctx.ruleset is RuleSet.PRE_2005 else "",
        )
    return None


@rule(
    "naic.nondependent_first",
    title="Non-dependent before dependent",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_NONDEPENDENT, c.NAIC_PLAN_INCLUDES_NON_GROUP),
    clauses=("child_own_plan",),
    speaks_for=BETWEEN_PLANS,
)
def nondependent_first(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """The plan that covers the person other than as a dependent (employee, member, subscriber, policyholder,
    retiree, or former employee on continuation) pays before the plan that covers the person as a dependent
    (MDL-120 §6D(1)(a)). A child's own job or school plan - a "plan" under §3, which covers the child other than as
    a dependent - therefore pays before a parent's plan."""
    if not both_commercial(a, b):
        return None
    if a.relationship.dependent == b.relationship.dependent:
        return None
    own, dep = (a, b) if not a.relationship.dependent else (b, a)
    who = ctx.name(ctx.patient.id)
    return Decided(
        own.id,
        dep.id,
        f"{who} is the subscriber of {ctx.plan(own)} and is covered as a {dep.relationship.value.replace('_', ' ')} "
        f"on {ctx.plan(dep)}: the plan that covers the person as the employee or subscriber pays first",
        clause="child_own_plan" if dep.relationship is MemberRelationship.CHILD else "",
    )
