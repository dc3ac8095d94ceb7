"""NAIC order-of-benefit rules for commercial plans (MDL-120, 2005, and the pre-2005 model).

The rules compare two plans that both meet the model's definition of "plan" (group, individual, student and
FEHB coverage) and are asked in the regulation's order; the first that decides wins (MDL-120 §6D). Government
programs and injury payers are ordered by their own families before these rules are asked.

Documented choices where the sources are silent ([U] in the domain reference) are named in the rule's
``choice`` and appear in the trace whenever they are used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from cobsim.model.case import Coverage
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    GROUP_HEALTH_PLAN_KINDS,
    CobProvision,
    CoverageBasis,
    CoverageKind,
    DecreeSubject,
    DependentRule,
    MemberRelationship,
    RelationshipKind,
    RuleSet,
    Sex,
)
from cobsim.rules import citations as c
from cobsim.rules.base import (
    ONLY_2005,
    ONLY_PRE_2005,
    Annotation,
    Authority,
    Decided,
    Excluded,
    Indeterminate,
    OrderOutcome,
    RuleKind,
    Tie,
    rule,
)
from cobsim.rules.context import Context

STATE = Authority.STATE


def _commercial(a: Coverage, b: Coverage) -> bool:
    return a.kind in COMMERCIAL_KINDS and b.kind in COMMERCIAL_KINDS


def _md(d: date) -> tuple[int, int]:
    return (d.month, d.day)


def _birthday_text(d: date) -> str:
    return f"{d:%B} {d.day}"


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
    plan then pays as if it were primary (MDL-120 §6A(2); between two closed panels COB does not apply, §7B)."""
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
    cite=(c.OLD_MODEL_INDIVIDUAL, c.NJ_INDIVIDUAL_CONTRACT),
    rulesets=ONLY_PRE_2005,
    choice=(
        "Under the pre-2005 model the group plan does not coordinate with an individual policy; the engine lists "
        "the group plan first and the individual policy after it, which pays under its own terms."
    ),
)
def individual_policy_not_a_plan(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """The pre-2005 model and many plan documents leave individual and family policies out of the definition of
    "plan", so a group plan pays as if the individual policy did not exist; New Jersey individual contracts say
    group coverage is "always the Primary Plan" (domain reference §1.1, §5.2)."""
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


# ------------------------------------------------------------------------------------------------- G5


def _gender_first(ctx: Context, a: Coverage, b: Coverage) -> Coverage | None:
    """The father's plan, when exactly one of the two subscribers is the child's father."""
    fathers = [
        x
        for x in (a, b)
        if ctx.case.person(x.subscriber).sex is Sex.M and ctx.caretaker_kind(x.subscriber) is RelationshipKind.PARENT
    ]
    return fathers[0] if len(fathers) == 1 else None


def _birthday_first(ctx: Context, a: Coverage, b: Coverage) -> Coverage | None:
    da = ctx.case.person(a.subscriber).birth_date
    db = ctx.case.person(b.subscriber).birth_date
    if _md(da) == _md(db):
        return None
    return a if _md(da) < _md(db) else b


def _gender_conflict(ctx: Context, gender_plan: Coverage, other: Coverage) -> bool:
    """Whether the gender rule of ``gender_plan`` and the birthday rule of ``other`` order the pair differently."""
    sit = situation(ctx, gender_plan, other)
    if sit is None or sit.kind not in ("together", "decree_both", "joint", "equal"):
        return False
    if other.dependent_rule is DependentRule.GENDER:
        return False
    g = _gender_first(ctx, gender_plan, other)
    bd = _birthday_first(ctx, gender_plan, other)
    return g is not None and bd is not None and g.id != bd.id


def _noncomplying(ctx: Context, x: Coverage, other: Coverage) -> str | None:
    if x.cob is CobProvision.NONE:
        return f"{ctx.plan(x)} has no coordination of benefits provision"
    if x.cob is CobProvision.EXCESS:
        return f"{ctx.plan(x)} says it is always secondary (an 'excess' clause the regulation does not allow)"
    if (
        ctx.ruleset is RuleSet.NAIC_2005
        and x.dependent_rule is DependentRule.GENDER
        and _gender_conflict(ctx, x, other)
    ):
        return f"{ctx.plan(x)} still uses the gender rule, which the 2005 model dropped"
    return None


@rule(
    "naic.noncomplying_plan_primary",
    title="A plan without consistent COB rules is primary",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_NONCOMPLYING, c.NAIC_NONCOMPLYING_PAYS),
    choice=(
        "Two plans that both lack consistent rules are not ordered by the regulation: the engine reports the "
        "pair as indeterminate, except that a plan with no COB provision at all pays before an 'excess' plan."
    ),
)
def noncomplying_plan_primary(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A plan whose order-of-benefit provisions are not consistent with the regulation (no COB provision, an
    "excess" or "always secondary" clause, or - under the 2005 model - the gender rule) is always primary,
    unless both plans' provisions say the complying plan is primary (MDL-120 §6B(1)). The complying plan then
    pays only what it would pay as secondary (Ill. 50 IAC 2009.60(b))."""
    if not _commercial(a, b):
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
            )
        return Indeterminate(
            f"{na}, and {nb}: the regulation orders a complying plan against a non-complying one, not two "
            "non-complying plans (courts have split the cost or found the insurer primary)",
            choice=noncomplying_plan_primary.choice,
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
            )
    return Decided(
        x.id,
        y.id,
        f"{why}, so it pays first; {ctx.plan(y)}, which follows the regulation, pays only what it would pay "
        "as the secondary plan",
    )


# ------------------------------------------------------------------------------------------------- R1


@rule(
    "naic.medicare_reversal",
    title="Medicare beneficiary: dependent plan before own plan when Medicare sits between them",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_MEDICARE_REVERSAL, c.HORIZON_MSP),
)
def medicare_reversal(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """If the person is a Medicare beneficiary and, under the Medicare Secondary Payer rules, Medicare is
    secondary to the plan covering the person as a dependent and primary to the plan covering the person as
    other than a dependent (a retiree plan), the order between those two plans is reversed (MDL-120 §6D(1)(b))."""
    if not _commercial(a, b) or ctx.medicare_card is None:
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
        )
    return None


@rule(
    "naic.nondependent_first",
    title="Non-dependent before dependent",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_NONDEPENDENT, c.SEED_STUDENT_PLAN),
)
def nondependent_first(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """The plan that covers the person other than as a dependent (employee, member, subscriber, policyholder,
    retiree, or former employee on continuation) pays before the plan that covers the person as a dependent
    (MDL-120 §6D(1)(a)). A child's own job or school plan therefore pays before a parent's plan."""
    if not _commercial(a, b):
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
    )


# ------------------------------------------------------------------------------------------------- R2


SituationKind = Literal["together", "decree_one", "decree_both", "joint", "equal", "apart", "unknown"]


@dataclass(frozen=True)
class Situation:
    """Where a dependent child's parents stand, as far as §6D(2) cares."""

    kind: SituationKind
    inferred: bool = False  #: "together" was inferred from the subscribers being spouses


def situation(ctx: Context, a: Coverage, b: Coverage) -> Situation | None:
    """The dependent-child situation for two plans that both cover the patient as a child, else None."""
    if not (ctx.is_dependent_child(a) and ctx.is_dependent_child(b)):
        return None
    arr = ctx.arrangement
    if arr is None:
        if b.subscriber in ctx.partners(a.subscriber):
            return Situation("together", inferred=True)
        return Situation("unknown")
    if arr.parents_status.together:
        return Situation("together")
    decree = arr.decree
    acts = decree is not None and _decree_acts(ctx, decree.subject)
    if decree is not None and acts and len(decree.responsible) == 2:
        return Situation("decree_both")
    if decree is not None and acts and len(decree.responsible) == 1:
        return Situation("decree_one")
    if arr.joint_custody:
        return Situation("joint")
    if arr.custodial_parent is not None:
        return Situation("apart")
    if arr.equal_residence:
        return Situation("equal")
    return Situation("unknown")


def _decree_acts(ctx: Context, subject: DecreeSubject) -> bool:
    if subject is DecreeSubject.GENERAL_FINANCIAL_SUPPORT:
        return False
    if ctx.ruleset is RuleSet.PRE_2005:
        return subject is DecreeSubject.HEALTH_CARE_EXPENSES
    return True


@rule(
    "naic.non_parents_as_parents",
    title="Guardians and other non-parents are treated as parents",
    kind=RuleKind.NOTE,
    authority=STATE,
    cite=(c.NAIC_NON_PARENTS,),
    rulesets=ONLY_2005,
)
def non_parents_as_parents(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """When a child is covered by individuals who are not the parents (guardians, grandparents, foster
    parents), the dependent-child rules apply as if those individuals were the parents (MDL-120 §6D(2)(c)).
    The dependent-child rules consult this rule; its notes enter the trace when it is used."""
    return []


def counts_as_parent(ctx: Context, adult: str) -> bool:
    """A parent, or (by §6D(2)(c)) a guardian, grandparent or foster parent; never a stepparent."""
    kind = ctx.caretaker_kind(adult)
    if kind is RelationshipKind.PARENT:
        return True
    caretakers = (RelationshipKind.GUARDIAN, RelationshipKind.GRANDPARENT, RelationshipKind.FOSTER_PARENT)
    if kind in caretakers and ctx.enabled(non_parents_as_parents):
        ctx.note(
            non_parents_as_parents,
            (),
            f"{ctx.name(adult)} is {ctx.name(ctx.patient.id)}'s {kind.value.replace('_', ' ')}, not a parent: "
            "the dependent-child rules treat them as a parent",
        )
        return True
    return False


def _decree_plans(ctx: Context) -> tuple[str | None, list[Coverage], bool]:
    """The responsible parent, the plans the decree points to, and whether they are the spouse's plans."""
    arr = ctx.arrangement
    if arr is None or arr.decree is None or len(arr.decree.responsible) != 1:
        return None, [], False
    responsible = arr.decree.responsible[0]
    children = [x for x in ctx.participating if ctx.is_dependent_child(x)]
    own = [x for x in children if x.subscriber == responsible]
    if own:
        return responsible, own, False
    if ctx.ruleset is RuleSet.NAIC_2005:
        spouses = ctx.partners(responsible)
        return responsible, [x for x in children if x.subscriber in spouses], True
    return responsible, [], False


def _knows(ctx: Context, cov: Coverage) -> bool:
    arr = ctx.arrangement
    if arr is None or arr.decree is None:
        return False
    return any(k.coverage == cov.id and k.applies_on(ctx.on) for k in arr.decree.known_to)


@rule(
    "naic.court_decree",
    title="Court decree makes one parent responsible",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_DECREE, c.NAIC_DECREE_KNOWLEDGE),
)
def court_decree(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """For a child whose parents are divorced, separated or not living together: if a court decree makes one
    parent responsible for the child's health care expenses or coverage and that parent's plan has actual
    knowledge of it, that plan is primary; if that parent has no coverage for the child but the parent's spouse
    does, the spouse's plan is primary. The rule does not bind a plan for a plan year in which it paid benefits
    before it learned of the decree (MDL-120 §6D(2)(b)(i))."""
    sit = situation(ctx, a, b)
    if sit is None or sit.kind != "decree_one":
        return None
    responsible, plans, via_spouse = _decree_plans(ctx)
    if responsible is None:
        return None
    ids = {p.id for p in plans}
    if (a.id in ids) == (b.id in ids):
        return None
    x, y = (a, b) if a.id in ids else (b, a)
    if not _knows(ctx, x):
        ctx.note(
            court_decree,
            (x.id,),
            f"a court decree makes {ctx.name(responsible)} responsible for the child's health care, but "
            f"{ctx.plan(x)} had no actual knowledge of it for this service date, so the decree rule does not "
            "bind it yet",
        )
        return None
    whose = f"the spouse of {ctx.name(responsible)}" if via_spouse else ctx.name(responsible)
    return Decided(
        x.id,
        y.id,
        f"a court decree makes {ctx.name(responsible)} responsible for the child's health care and "
        f"{ctx.plan(x)} ({whose}'s plan) knows of it, so it pays first whoever has custody",
    )


@rule(
    "naic.gender_rule",
    title="Gender rule (father's plan first)",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.OLD_MODEL_GENDER, c.HORIZON_GENDER),
    choice=(
        "Where the gender rule cannot name a father (two parents of the same sex, or sex X), the birthday rule is "
        "used instead."
    ),
)
def gender_rule(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """Under the pre-2005 model (kept in New Jersey and other states), if one plan uses the gender rule instead
    of the birthday rule and the two rules disagree, the gender rule decides: the father's plan is primary
    (N.J.A.C. 11:4-28.6(b)4). Two plans that both use the gender rule agree on the father's plan under either
    edition."""
    gender_plans = [x for x in (a, b) if x.dependent_rule is DependentRule.GENDER]
    if not gender_plans:
        return None
    sit = situation(ctx, a, b)
    if sit is None or sit.kind not in ("together", "decree_both", "joint", "equal"):
        return None
    if not (counts_as_parent(ctx, a.subscriber) and counts_as_parent(ctx, b.subscriber)):
        return None
    father = _gender_first(ctx, a, b)
    if father is None:
        return None
    other = b if father is a else a
    both = len(gender_plans) == 2
    if not both:
        if ctx.ruleset is not RuleSet.PRE_2005:
            return None  # under the 2005 model a disagreeing gender-rule plan is non-complying (§6B(1))
        birthday = _birthday_first(ctx, a, b)
        if birthday is not None and birthday.id == father.id:
            return None  # both rules agree: the birthday rule decides
    reason = (
        "both plans use the gender rule"
        if both
        else f"{ctx.plan(gender_plans[0])} uses the gender rule and the birthday rule would give the other answer"
    )
    return Decided(father.id, other.id, f"{reason}, so the father's plan {ctx.plan(father)} pays first")


@rule(
    "naic.birthday",
    title="Birthday rule",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_BIRTHDAY, c.NAIC_DECREE_BOTH, c.WDA_EQUAL_CUSTODY),
    choice=(
        "Parents apart with no decree and the child living half the year with each (no custodial parent): the "
        "model is silent; the engine applies the birthday rule, as for joint custody (Wisconsin DA FAQ)."
    ),
)
def birthday(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """For a dependent child of parents who are married or living together (or divorced with a decree making
    both responsible, or with joint custody), the plan of the parent whose birthday - month and day, never the
    year - falls earlier in the calendar year pays first (MDL-120 §6D(2)(a)(i), (b)(ii)-(iii))."""
    sit = situation(ctx, a, b)
    if sit is None:
        return None
    if not (counts_as_parent(ctx, a.subscriber) and counts_as_parent(ctx, b.subscriber)):
        return None
    child = ctx.name(ctx.patient.id)
    if sit.kind == "unknown":
        return Indeterminate(
            f"both {ctx.plan(a)} and {ctx.plan(b)} cover {child} through a parent, but the case does not say whether "
            "the parents live together or who has custody: ask for the custody arrangement and any court decree"
        )
    choice = None
    parents = all(ctx.caretaker_kind(x.subscriber) is RelationshipKind.PARENT for x in (a, b))
    who = "the parents" if parents else "the adults raising the child (treated as parents)"
    if sit.kind == "together":
        why = f"{who} live together" if not sit.inferred else f"{who} are spouses (so taken to live together)"
    elif sit.kind == "decree_both":
        why = "a court decree makes both parents responsible for the child's health care"
    elif sit.kind == "joint":
        why = "the parents have joint custody and no decree says who is responsible for health care"
    elif sit.kind == "equal":
        why = "the parents are apart with no decree and the child lives equally with each"
        choice = birthday.choice
    else:
        return None
    first = _birthday_first(ctx, a, b)
    if first is None:
        return None
    second = b if first is a else a
    d1 = ctx.case.person(first.subscriber).birth_date
    d2 = ctx.case.person(second.subscriber).birth_date
    return Decided(
        first.id,
        second.id,
        f"{why}, so the birthday rule applies: {ctx.name(first.subscriber)}'s birthday ({_birthday_text(d1)}) comes "
        f"before {ctx.name(second.subscriber)}'s ({_birthday_text(d2)}) in the calendar year, so "
        f"{ctx.plan(first)} pays first (the year of birth does not count)",
        choice=choice,
    )


def subscriber_since(ctx: Context, cov: Coverage) -> date | None:
    """When the subscriber's own coverage under ``cov``'s plan began."""
    if cov.subscriber_since is not None:
        return cov.subscriber_since
    if cov.policy is not None:
        for other in ctx.case.coverages:
            if (
                other.policy == cov.policy
                and other.member == cov.subscriber
                and other.relationship is MemberRelationship.SELF
            ):
                return other.continuous_start()
    return None


@rule(
    "naic.same_birthday_longer_parent_coverage",
    title="Same birthday: the plan that covered the parent longer",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_SAME_BIRTHDAY,),
)
def same_birthday(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """If both parents have the same birthday, the plan that has covered the parent longer is primary
    (MDL-120 §6D(2)(a)(ii)). The comparison is on each parent's own coverage under that plan, not the child's."""
    sit = situation(ctx, a, b)
    if sit is None or sit.kind not in ("together", "decree_both", "joint", "equal"):
        return None
    if not (counts_as_parent(ctx, a.subscriber) and counts_as_parent(ctx, b.subscriber)):
        return None
    da = ctx.case.person(a.subscriber).birth_date
    db = ctx.case.person(b.subscriber).birth_date
    if _md(da) != _md(db):
        return None
    sa, sb = subscriber_since(ctx, a), subscriber_since(ctx, b)
    if sa is None or sb is None:
        missing = a if sa is None else b
        return Indeterminate(
            f"both parents' birthdays fall on {_birthday_text(da)}; the tie goes to the plan that has covered the "
            f"parent longer, but the case does not say when {ctx.name(missing.subscriber)}'s own coverage under "
            f"{ctx.plan(missing)} began (give subscriber_since or the parent's own coverage record)"
        )
    if sa == sb:
        return None
    first, second = (a, b) if sa < sb else (b, a)
    return Decided(
        first.id,
        second.id,
        f"both parents' birthdays fall on {_birthday_text(da)}, so the plan that has covered the parent longer pays "
        f"first: {ctx.plan(first)} has covered {ctx.name(first.subscriber)} since {min(sa, sb)}",
    )


def _tier(ctx: Context, cov: Coverage, custodial: str) -> int | None:
    s = cov.subscriber
    if s == custodial:
        return 1
    if s in ctx.partners(custodial):
        return 2
    if counts_as_parent(ctx, s):
        return 3
    if ctx.ruleset is RuleSet.NAIC_2005:
        parents = {r.parent for r in ctx.case.parental(ctx.patient.id) if r.parent != custodial}
        for p in parents:
            if counts_as_parent(ctx, p) and s in ctx.partners(p):
                return 4
    return None


_TIER_NAMES = {
    1: "the custodial parent",
    2: "the custodial parent's spouse",
    3: "the non-custodial parent",
    4: "the non-custodial parent's spouse",
}


@rule(
    "naic.custodial_parent",
    title="Parents apart, no decree: custodial parent, spouse, other parent, other parent's spouse",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_CUSTODY, c.OLD_MODEL_CUSTODY),
    choice=(
        "After a decree has placed one plan first, the model does not order the other plans; the engine ranks "
        "them by the custody tiers (or by the birthday rule when no parent has custody)."
    ),
)
def custodial_parent(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """For a child of parents who are divorced, separated or not living together, with no decree allocating
    responsibility: the custodial parent's plan, then the plan of the custodial parent's spouse, then the
    non-custodial parent's plan, then the plan of the non-custodial parent's spouse (MDL-120 §6D(2)(b)(iv)).
    The pre-2005 model has the first three tiers only."""
    sit = situation(ctx, a, b)
    if sit is None or sit.kind not in ("apart", "decree_one"):
        return None
    arr = ctx.arrangement
    assert arr is not None
    custodial = arr.custodial_parent
    choice = custodial_parent.choice if sit.kind == "decree_one" else None
    if custodial is None:
        if sit.kind == "decree_one":
            return _remainder_by_birthday(ctx, a, b)
        return None
    ta, tb = _tier(ctx, a, custodial), _tier(ctx, b, custodial)
    if ta is None or tb is None or ta == tb:
        return None
    first, second, t1, t2 = (a, b, ta, tb) if ta < tb else (b, a, tb, ta)
    return Decided(
        first.id,
        second.id,
        f"the parents are apart and no decree allocates health care, so the custody order applies: "
        f"{ctx.plan(first)} is the plan of {_TIER_NAMES[t1]} ({ctx.name(first.subscriber)}), which comes before "
        f"{_TIER_NAMES[t2]} ({ctx.name(second.subscriber)})",
        choice=choice,
    )


def _remainder_by_birthday(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    if not (counts_as_parent(ctx, a.subscriber) and counts_as_parent(ctx, b.subscriber)):
        return None
    first = _birthday_first(ctx, a, b)
    if first is None:
        return None
    second = b if first is a else a
    return Decided(
        first.id,
        second.id,
        "the decree places another plan first and no parent has custody, so the remaining plans follow the "
        f"birthday rule: {ctx.plan(first)} first",
        choice=custodial_parent.choice,
    )


@rule(
    "naic.married_dependent_child",
    title="Dependent child also covered as a spouse",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_MARRIED_CHILD,),
    rulesets=ONLY_2005,
)
def married_dependent_child(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A dependent child who is also covered as a dependent under a spouse's plan: the plan that has covered the
    person longer pays first; if the coverage under the spouse's plan began on the same date as under a parent's
    plan, the birthday rule applies across the parent and the spouse (MDL-120 §6D(2)(d), later printings)."""
    if not _commercial(a, b):
        return None
    spouse_rel = (MemberRelationship.SPOUSE, MemberRelationship.DOMESTIC_PARTNER)
    if ctx.is_dependent_child(a) and b.relationship in spouse_rel:
        child_plan, spouse_plan = a, b
    elif ctx.is_dependent_child(b) and a.relationship in spouse_rel:
        child_plan, spouse_plan = b, a
    else:
        return None
    sc, ss = child_plan.continuous_start(), spouse_plan.continuous_start()
    if sc != ss:
        first, second = (child_plan, spouse_plan) if sc < ss else (spouse_plan, child_plan)
        return Decided(
            first.id,
            second.id,
            f"{ctx.name(ctx.patient.id)} is covered as a child on {ctx.plan(child_plan)} and as a spouse on "
            f"{ctx.plan(spouse_plan)}: the plan that has covered the person longer ({ctx.plan(first)}, since "
            f"{min(sc, ss)}) pays first",
        )
    first_b = _birthday_first(ctx, child_plan, spouse_plan)
    if first_b is None:
        return None
    second_b = spouse_plan if first_b is child_plan else child_plan
    d = ctx.case.person(first_b.subscriber).birth_date
    return Decided(
        first_b.id,
        second_b.id,
        "the coverage as a child and as a spouse began on the same day, so the birthday rule applies across the "
        f"parent and the spouse: {ctx.name(first_b.subscriber)}'s birthday ({_birthday_text(d)}) comes first",
    )


# ------------------------------------------------------------------------------------------------- R3-R6


def _omitted(ctx: Context, a: Coverage, b: Coverage, which: Literal["active_inactive", "continuation"]) -> bool:
    return any(which in x.cob_omits for x in (a, b))


@rule(
    "naic.active_before_inactive",
    title="Active employee before retired or laid-off employee",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_ACTIVE_INACTIVE,),
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
    cite=(c.NAIC_CONTINUATION,),
)
def continuation_last(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """If a person on COBRA or state continuation is also covered under another plan as an employee, member,
    subscriber or retiree (or as a dependent of one), the other plan pays first. Ignored when the other plan
    lacks the rule and the plans disagree; not applied when the non-dependent rule decides (MDL-120 §6D(4))."""
    if not _commercial(a, b):
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
    cite=(c.NAIC_LONGER,),
)
def longer_coverage(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """The plan that has covered the person longer pays first. Length runs from the person's first date under
    the plan; successive plans count as one when the second began within 24 hours of the first ending, and a
    change of carrier, administrator or benefits does not start a new plan (MDL-120 §6D(5))."""
    if not _commercial(a, b):
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
    )


@rule(
    "naic.share_equally",
    title="No rule decides: share the allowable expense equally",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_SHARE_EQUALLY,),
    rulesets=ONLY_2005,
)
def share_equally(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """If none of the rules decides, the plans share the allowable expense equally, and neither pays more than
    it would have paid as the primary plan (MDL-120 §6D(6)). The pre-2005 model has no such rule: there the pair
    is reported as indeterminate."""
    if not _commercial(a, b):
        return None
    return Tie(
        f"no order rule separates {ctx.plan(a)} and {ctx.plan(b)}: they share the allowable expense equally, "
        "each paying no more than it would have as primary"
    )


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
