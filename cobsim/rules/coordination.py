"""General rules: whether a coverage is in force and covers the service, and how pairwise answers combine.

* Participation: a coverage takes part only if it is in force on the service date and covers the kind of
  service (medical, dental, vision, pharmacy) the claim is for.
* Combining: every pair of taking-part coverages is ordered by the first rule that speaks to it; the pairwise
  answers are joined into one order. If they cannot all hold (a cycle), the answer backed by the weaker
  authority gives way - federal law over state regulation over plan terms - and the trace says which.
"""

from __future__ import annotations

from cobsim.model.case import Coverage
from cobsim.rules import citations as c
from cobsim.rules.base import Annotation, Authority, Excluded, RuleKind, rule
from cobsim.rules.context import Context


@rule(
    "coordination.in_force",
    title="Coverage in force on the service date",
    kind=RuleKind.PARTICIPATION,
    authority=Authority.PLAN,
    cite=(c.NAIC_PLAN_DEFINITION,),
)
def in_force(ctx: Context, cov: Coverage) -> Excluded | None:
    """A coverage pays only for services on or after its start date and on or before its end date."""
    if cov.in_force(ctx.on):
        return None
    if ctx.on < cov.start:
        return Excluded(f"{ctx.plan(cov)} starts on {cov.start}, after the service date {ctx.on}")
    return Excluded(f"{ctx.plan(cov)} ended on {cov.end}, before the service date {ctx.on}")


@rule(
    "coordination.service_covered",
    title="Coverage includes the kind of service",
    kind=RuleKind.PARTICIPATION,
    authority=Authority.PLAN,
    cite=(c.NAIC_PLAN_DEFINITION,),
)
def service_covered(ctx: Context, cov: Coverage) -> Excluded | None:
    """A dental-only or vision-only plan coordinates only with like benefits; a coverage takes part only in
    claims for a kind of service it includes."""
    category = ctx.case.claim.category
    if category in cov.services:
        return None
    return Excluded(f"{ctx.plan(cov)} does not include {category.value} benefits")


@rule(
    "coordination.primary_pays_as_if_alone",
    title="The primary plan pays as if no other plan existed",
    kind=RuleKind.NOTE,
    authority=Authority.STATE,
    cite=(c.NAIC_PRIMARY_AS_IF_ALONE,),
)
def primary_pays_as_if_alone(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """The primary plan pays or provides its benefits as if the secondary plan or plans did not exist (MDL-120
    §6A(1))."""
    if len(order) < 2 or not ctx.settled or (ctx.ranks and len(ctx.ranks[0]) > 1):
        return []
    return [Annotation(order[0].id, "primary: pays its benefits as if no other coverage existed")]


@rule(
    "coordination.more_than_two_payers",
    title="Tertiary and later payers take every earlier payer into account",
    kind=RuleKind.NOTE,
    authority=Authority.STATE,
    cite=(c.NAIC_MORE_THAN_TWO,),
)
def more_than_two_payers(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """With more than two plans the same rules rank the secondary plans against each other, and each later plan
    takes into account the benefits of every plan ranked ahead of it (MDL-120 §6A(4))."""
    if len(order) < 3 or not ctx.settled:
        return []
    out: list[Annotation] = []
    ahead = 0
    for rank in ctx.ranks:
        if ahead >= 2:
            out.extend(
                Annotation(x.id, f"payer {ahead + 1}: considers what the {ahead} payers ahead of it paid") for x in rank
            )
        ahead += len(rank)
    return out


@rule(
    "coordination.stronger_authority_prevails",
    title="Federal law prevails over a conflicting state or plan order",
    kind=RuleKind.NOTE,
    authority=Authority.FEDERAL,
    cite=(c.MSP_PREEMPTS, c.NAIC_MEDICARE_REVERSAL),
)
def stronger_authority_prevails(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """When pairwise answers cannot all hold, the one backed by federal law prevails over state regulation, and
    state regulation over plan terms: "Medicare benefits are secondary to benefits payable by a primary payer
    even if State law or the primary payer states that its benefits are secondary" (42 CFR 411.32(a)(1)). The
    engine applies this when it joins pairwise answers; the trace shows each answer that gave way."""
    return []


@rule(
    "coordination.no_rule",
    title="No rule orders the two coverages",
    kind=RuleKind.NOTE,
    authority=Authority.PLAN,
    cite=(c.NAIC_SHARE_EQUALLY,),
)
def no_rule(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """When no rule of any family speaks to a pair of coverages, the engine reports the pair as indeterminate
    rather than guess."""
    return []


@rule(
    "coordination.rule_loop",
    title="Rules of equal authority contradict each other: the order is indeterminate",
    kind=RuleKind.NOTE,
    authority=Authority.STATE,
    cite=(c.MORE_THAN_TWO_PLANS_PAIRWISE,),
    choice=(
        "When pairwise answers of equal authority form a loop (A before B before C before A), no source says which "
        "gives way; the engine reports the coverages of the loop as sharing one rank with the order indeterminate, "
        "rather than break the loop by the order in which it asks the rules."
    ),
)
def rule_loop(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """With more than two plans the rules are applied pair by pair, and a plan "may be primary as to one and may
    be secondary as to another" (Ohio R.C. 3902.12; MDL-120 §6A(4)); when the pairwise answers of rules of equal
    authority cannot all hold, the engine says the order among those coverages is indeterminate and names the
    loop."""
    return []


PARTICIPATION = (in_force, service_covered)
NOTES = (primary_pays_as_if_alone, more_than_two_payers)
ENGINE = (stronger_authority_prevails, no_rule, rule_loop)
