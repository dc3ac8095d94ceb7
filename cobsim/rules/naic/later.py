"""NAIC §6D(3)-(6): active before inactive, continuation coverage last, longer before shorter, share equally."""

from __future__ import annotations

from typing import Literal

from cobsim.model.case import Coverage
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    GROUP_HEALTH_PLAN_KINDS,
    CoverageBasis,
)
from cobsim.rules import citations as c
from cobsim.rules.base import (
    ONLY_2005,
    Decided,
    OrderOutcome,
    Pairs,
    RuleKind,
    Tie,
    rule,
)
from cobsim.rules.context import Context
from cobsim.rules.naic.common import BETWEEN_PLANS, STATE, both_commercial

# ------------------------------------------------------------------------------------------------- R3-R6


def _omitted(ctx: Context, a: Coverage, b: Coverage, which: Literal["active_inactive", "continuation"]) -> bool:
    return any(which in x.cob_omits for x in (a, b))


@rule(
    "naic.active_before_inactive",
    title="Active employee before retired or laid-off employee",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_ACTIVE_INACTIVE, c.NAIC_RULE_IGNORED),
    clauses=("ignored",),
    speaks_for=(Pairs(GROUP_HEALTH_PLAN_KINDS, GROUP_HEALTH_PLAN_KINDS),),
)
def active_before_inactive(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """The plan covering the person as an active employee (or as a dependent of one) pays before the plan
    covering the person as a retired or laid-off employee (or as a dependent of one). The rule is ignored when
    the other plan does not have it and the plans disagree, and it does not apply when the non-dependent rule
    can decide (MDL-120 §6D(3))."""
    ba, bb = a.effective_basis, b.effective_basis
    if ba is None or bb is None or a.relationship.dependent != b.relationship.dependent:
        return None
    inactive = (CoverageBasis.RETIRED, CoverageBasis.LAID_OFF)
    if ba is CoverageBasis.ACTIVE and bb in inactive:
        first, second = a, b
    elif bb is CoverageBasis.ACTIVE and ba in inactive:
        first, second = b, a
    else:
        return None
    if _omitted(ctx, a, b, "active_inactive"):
        lacking = a if "active_inactive" in a.cob_omits else b
        ctx.note(
            active_before_inactive,
            (a.id, b.id),
            f"{ctx.plan(lacking)} has no active/retired rule, so the rule is ignored and the next rule decides",
            clause="ignored",
        )
        return None
    status = (second.effective_basis or CoverageBasis.RETIRED).value.replace("_", " ")
    role = "employee" if not first.relationship.dependent else "dependent of an employee"
    return Decided(
        first.id,
        second.id,
        f"{ctx.plan(first)} covers {ctx.name(ctx.patient.id)} as an active {role}; {ctx.plan(second)} covers them "
        f"through {status} status, so the active coverage pays first",
    )


@rule(
    "naic.continuation_last",
    title="COBRA or state continuation after other coverage",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_CONTINUATION, c.NAIC_RULE_IGNORED),
    clauses=("ignored",),
    speaks_for=(Pairs(GROUP_HEALTH_PLAN_KINDS, COMMERCIAL_KINDS),),
)
def continuation_last(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """If a person on COBRA or state continuation is also covered under another plan as an employee, member,
    subscriber or retiree (or as a dependent of one), the other plan pays first. Ignored when the other plan
    lacks the rule and the plans disagree; not applied when the non-dependent rule decides (MDL-120 §6D(4))."""
    if not both_commercial(a, b):
        return None
    ca = a.effective_basis is not None and a.effective_basis.continuation
    cb = b.effective_basis is not None and b.effective_basis.continuation
    if ca == cb:
        return None
    if _omitted(ctx, a, b, "continuation"):
        lacking = a if "continuation" in a.cob_omits else b
        ctx.note(
            continuation_last,
            (a.id, b.id),
            f"{ctx.plan(lacking)} has no continuation-coverage rule, so the rule is ignored and the next rule decides",
            clause="ignored",
        )
        return None
    cont, other = (a, b) if ca else (b, a)
    kind = "COBRA" if cont.effective_basis is CoverageBasis.COBRA else "state continuation"
    return Decided(
        other.id,
        cont.id,
        f"{ctx.plan(cont)} is {kind} coverage and {ctx.plan(other)} is not, so the continuation coverage pays second",
    )


@rule(
    "naic.longer_coverage",
    title="Longer before shorter coverage",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_LONGER, c.NAIC_SUCCESSIVE_PLANS),
    clauses=("successive",),
    speaks_for=BETWEEN_PLANS,
)
def longer_coverage(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """The plan that has covered the person longer pays first. Length runs from the person's first date under
    the plan; successive plans count as one when the second began within 24 hours of the first ending, and a
    change of carrier, administrator or benefits does not start a new plan (MDL-120 §6D(5))."""
    if not both_commercial(a, b):
        return None
    sa, sb = a.continuous_start(), b.continuous_start()
    if sa == sb:
        return None
    first, second = (a, b) if sa < sb else (b, a)
    s1, s2 = min(sa, sb), max(sa, sb)
    carried = " (counting earlier periods of the same plan)" if first.history and s1 < first.start else ""
    return Decided(
        first.id,
        second.id,
        f"{ctx.plan(first)} has covered {ctx.name(ctx.patient.id)} since {s1}{carried}, {ctx.plan(second)} only since "
        f"{s2}: the plan that has covered the person longer pays first",
        clause="successive" if carried else "",
    )


@rule(
    "naic.share_equally",
    title="No rule decides: share the allowable expense equally",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_SHARE_EQUALLY,),
    rulesets=ONLY_2005,
    speaks_for=BETWEEN_PLANS,
)
def share_equally(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """If none of the rules decides, the plans share the allowable expense equally, and neither pays more than
    it would have paid as the primary plan (MDL-120 §6D(6)). The pre-2005 model has no such rule: there the pair
    is reported as indeterminate."""
    if not both_commercial(a, b):
        return None
    return Tie(
        f"no order rule separates {ctx.plan(a)} and {ctx.plan(b)}: they share the allowable expense equally, "
        "each paying no more than it would have as primary"
    )
