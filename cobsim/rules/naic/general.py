"""NAIC general rules (MDL-120 §3 definition of plan, §6A(2) closed panels, §6B non-complying plans).

A plan whose order rules are not consistent with the regulation (no COB provision, an "excess" clause, the gender rule
under the 2005 model) pays first; the pre-2005 model leaves individual policies out of "plan"."""

from __future__ import annotations

from cobsim.model.case import Coverage
from cobsim.model.codes import (
    GROUP_HEALTH_PLAN_KINDS,
    CobProvision,
    CoverageKind,
    DependentRule,
    RuleSet,
)
from cobsim.rules import citations as c
from cobsim.rules.base import (
    ONLY_PRE_2005,
    Decided,
    Excluded,
    Indeterminate,
    OrderOutcome,
    Pairs,
    RuleKind,
    Tie,
    rule,
)
from cobsim.rules.context import Context
from cobsim.rules.naic.common import BETWEEN_PLANS, STATE, both_commercial
from cobsim.rules.naic.dependent_child import gender_conflict

# ------------------------------------------------------------------------------------------------- G2


@rule(
    "naic.closed_panel_non_panel_provider",
    title="Closed-panel plan and a non-panel provider",
    kind=RuleKind.PARTICIPATION,
    authority=STATE,
    cite=(c.NAIC_CLOSED_PANEL,),
)
def closed_panel_non_panel_provider(ctx: Context, cov: Coverage) -> Excluded | None:
    """A closed-panel plan pays nothing for non-emergency care from a provider outside its panel; the other
    plan then pays as if it were primary (MDL-120 §6A(2))."""
    if not cov.closed_panel or cov.benefits is None or cov.benefits.network != "out":
        return None
    if ctx.case.claim.emergency:
        return None
    return Excluded(
        f"{ctx.plan(cov)} is a closed-panel plan and the provider is not in its panel, so it pays nothing for "
        "this non-emergency care; the next plan pays as if it were primary"
    )


# ------------------------------------------------------------------------------------------ pre-2005 §1.1


@rule(
    "naic.individual_policy_not_a_plan",
    title="Pre-2005: an individual policy is not a 'plan'; the group plan pays first",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.OLD_MODEL_INDIVIDUAL,),
    rulesets=ONLY_PRE_2005,
    choice=(
        "Under the pre-2005 model the group plan does not coordinate with an individual policy; the engine lists "
        "the group plan first and the individual policy after it, which pays under its own terms."
    ),
    speaks_for=(Pairs(frozenset({CoverageKind.INDIVIDUAL}), GROUP_HEALTH_PLAN_KINDS),),
)
def individual_policy_not_a_plan(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """The pre-2005 model and many plan documents leave individual and family policies out of the definition of
    "plan" (former Mont. Admin. R. 6.6.2403(1)(d)), so a group plan pays as if the individual policy did not
    exist."""
    kinds = {a.kind, b.kind}
    if CoverageKind.INDIVIDUAL not in kinds or not kinds & GROUP_HEALTH_PLAN_KINDS:
        return None
    group, individual = (a, b) if a.kind is not CoverageKind.INDIVIDUAL else (b, a)
    if group.kind is CoverageKind.INDIVIDUAL:
        return None
    return Decided(
        group.id,
        individual.id,
        f"under the pre-2005 rules {ctx.plan(individual)} is an individual policy, not a 'plan' the group plan "
        f"coordinates with, so {ctx.plan(group)} pays first as if alone",
        choice=individual_policy_not_a_plan.choice,
    )


# ------------------------------------------------------------------------------ two "excess" clauses (§6B)


def _two_excess(ctx: Context, a: Coverage, b: Coverage, reading: str) -> str | None:
    """The forum state's name when both plans have excess clauses and its courts read them as ``reading``."""
    if not both_commercial(a, b) or a.cob is not CobProvision.EXCESS or b.cob is not CobProvision.EXCESS:
        return None
    forum = ctx.forum(a, b)
    entry = forum.entry("two_excess_clauses", ctx.on)
    if entry is None or entry.value != reading:
        return None
    return forum.name


@rule(
    "ks.two_excess_clauses",
    title="Kansas: two 'excess' clauses are harmonized - the employee's own plan pays first",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.KS_RIVERSIDE,),
    speaks_for=BETWEEN_PLANS,
)
def ks_two_excess_clauses(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """When two plans each say they are secondary, Kansas courts do not leave the person without a primary plan:
    they harmonize the clauses, and the plan that covers the person as an employee is primary and the plan
    covering them as a dependent secondary (Blue Cross & Blue Shield of Kansas v. Riverside Hospital, 237 Kan. 829
    (1985), reversing a 50/50 split)."""
    state = _two_excess(ctx, a, b, "employee_plan_first")
    if state is None:
        return None
    who = ctx.name(ctx.patient.id)
    if a.relationship.dependent == b.relationship.dependent:
        role = "a dependent" if a.relationship.dependent else "the employee or subscriber"
        return Indeterminate(
            f"both {ctx.plan(a)} and {ctx.plan(b)} say they are secondary; {state} courts make the plan covering "
            f"the person as an employee primary, but both cover {who} as {role}, so that reading does not separate "
            "them"
        )
    own, dep = (a, b) if not a.relationship.dependent else (b, a)
    return Decided(
        own.id,
        dep.id,
        f"both plans say they are secondary ('excess' clauses); {state} courts harmonize such clauses rather than "
        f"leave {who} without a primary plan: {ctx.plan(own)}, which covers {who} as the employee or subscriber, "
        f"pays first and {ctx.plan(dep)} (dependent coverage) second",
    )


@rule(
    "ca.two_excess_clauses",
    title="California: two plans that each say the other pays split the cost equally",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.CA_KAISER_LIFEGUARD,),
    choice=(
        "Kaiser v. Lifeguard splits the cost in half; the engine pays each plan half the allowable expense, never "
        "more than its normal benefit (the share-equally payment)."
    ),
    speaks_for=BETWEEN_PLANS,
)
def ca_two_excess_clauses(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """When two plans each say the other must pay, California courts give neither clause effect and split the
    cost: each plan is responsible for one-half - even where one plan covers the person as an employee and the
    other as a dependent (Kaiser Foundation Health Plan v. Lifeguard, 18 Cal.App.4th 1753 (1993))."""
    state = _two_excess(ctx, a, b, "share_equally")
    if state is None:
        return None
    return Tie(
        f"both {ctx.plan(a)} and {ctx.plan(b)} say the other plan pays first ('excess' clauses); {state} courts give "
        "neither clause effect and split the cost: each plan pays one-half of the allowable expense",
        choice=ca_two_excess_clauses.choice,
    )


def _noncomplying(ctx: Context, x: Coverage, other: Coverage) -> str | None:
    if x.cob is CobProvision.NONE:
        return f"{ctx.plan(x)} has no coordination of benefits provision"
    if x.cob is CobProvision.EXCESS:
        return f"{ctx.plan(x)} says it is always secondary (an 'excess' clause the regulation does not allow)"
    if ctx.ruleset is RuleSet.NAIC_2005 and x.dependent_rule is DependentRule.GENDER and gender_conflict(ctx, x, other):
        return f"{ctx.plan(x)} still uses the gender rule, which the 2005 model dropped"
    return None


@rule(
    "naic.noncomplying_plan_primary",
    title="A plan without consistent COB rules is primary",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(
        c.NAIC_NONCOMPLYING,
        c.NAIC_COMPLYING_PAYS_AS_SECONDARY,
        c.OLD_MODEL_NONCOMPLYING,
        c.NAIC_NONCOMPLYING_PAYS,
        c.KS_RIVERSIDE,
        c.CA_KAISER_LIFEGUARD,
    ),
    clauses=("both_say_complying_first", "no_cob_before_excess", "both_noncomplying", "pre2005"),
    choice=(
        "Two plans that both lack consistent rules are not ordered by the regulation: the engine reports the "
        "pair as indeterminate (unless the forum state's courts have chosen a reading: Kansas, the employee's "
        "own plan first; California, an equal split), except that a plan with no COB provision at all pays "
        "before an 'excess' plan."
    ),
    speaks_for=BETWEEN_PLANS,
)
def noncomplying_plan_primary(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A plan whose order-of-benefit provisions are not consistent with the regulation (no COB provision, an
    "excess" or "always secondary" clause, or - under the 2005 model - the gender rule) is always primary,
    unless both plans' provisions say the complying plan is primary (MDL-120 §6B(1)). The complying plan then
    pays only what it would pay as secondary (MDL-120 §9B; under the pre-2005 model Ill. 50 IAC 2009.60(b))."""
    if not both_commercial(a, b):
        return None
    na, nb = _noncomplying(ctx, a, b), _noncomplying(ctx, b, a)
    if na is None and nb is None:
        return None
    if na is not None and nb is not None:
        none_a, none_b = a.cob is CobProvision.NONE, b.cob is CobProvision.NONE
        if none_a != none_b and CobProvision.EXCESS in (a.cob, b.cob):
            first, second = (a, b) if none_a else (b, a)
            return Decided(
                first.id,
                second.id,
                f"{ctx.plan(first)} has no COB provision and pays regardless; {ctx.plan(second)}'s excess clause "
                "makes it pay after",
                choice=noncomplying_plan_primary.choice,
                clause="no_cob_before_excess",
            )
        return Indeterminate(
            f"{na}, and {nb}: the regulation orders a complying plan against a non-complying one, not two "
            "non-complying plans, and courts differ (Kansas puts the employee's own plan first, California splits "
            "the cost in half); give the case's state to apply its courts' reading",
            choice=noncomplying_plan_primary.choice,
            clause="both_noncomplying",
        )
    x, y, why = (a, b, na) if na is not None else (b, a, nb)
    assert why is not None
    if x.cob is CobProvision.EXCESS:
        # The excess plan itself says the other plan is primary; if the complying plan's own rules agree,
        # both plans say the complying plan is primary and §6B(1)'s exception applies.
        naic_rule, view = ctx.first_decision(a, b, family="naic", skip=frozenset({"naic.noncomplying_plan_primary"}))
        if isinstance(view, Decided) and view.first == y.id and naic_rule is not None:
            return Decided(
                y.id,
                x.id,
                f"{why}, but both plans' provisions say {ctx.plan(y)} pays first ({naic_rule.title.lower()}), "
                "so it is primary",
                clause="both_say_complying_first",
            )
    return Decided(
        x.id,
        y.id,
        f"{why}, so it pays first; {ctx.plan(y)}, which follows the regulation, pays only what it would pay "
        "as the secondary plan",
        clause="pre2005" if ctx.ruleset is RuleSet.PRE_2005 else "",
    )
