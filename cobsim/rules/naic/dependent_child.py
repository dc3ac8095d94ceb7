"""NAIC §6D(2): a dependent child covered by more than one plan.

Parents together: the birthday rule (and, under the pre-2005 model, the gender rule where a plan still uses it); parents
apart: a court decree, joint custody, or the custody order (custodial parent, their spouse, the other parent, the other
parent's spouse); adults who are not parents treated as parents; a married dependent child."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from cobsim.model.case import Coverage
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
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
    Annotation,
    Decided,
    Indeterminate,
    OrderOutcome,
    Pairs,
    RuleKind,
    rule,
)
from cobsim.rules.context import Context
from cobsim.rules.naic.common import BETWEEN_CHILD_COVERAGES, STATE, birthday_text, both_commercial, month_day

#: A child's plan and a spouse's plan (``naic.married_dependent_child``).
_CHILD_OR_SPOUSE = frozenset({MemberRelationship.CHILD, MemberRelationship.SPOUSE, MemberRelationship.DOMESTIC_PARTNER})

# ------------------------------------------------------------------------------------------------- G5


def gender_first(ctx: Context, a: Coverage, b: Coverage) -> Coverage | None:
    """The father's plan, when exactly one of the two subscribers is the child's father."""
    fathers = [
        x
        for x in (a, b)
        if ctx.case.person(x.subscriber).sex is Sex.M and ctx.caretaker_kind(x.subscriber) is RelationshipKind.PARENT
    ]
    return fathers[0] if len(fathers) == 1 else None


def birthday_first(ctx: Context, a: Coverage, b: Coverage) -> Coverage | None:
    da = ctx.case.person(a.subscriber).birth_date
    db = ctx.case.person(b.subscriber).birth_date
    if month_day(da) == month_day(db):
        return None
    return a if month_day(da) < month_day(db) else b


def gender_conflict(ctx: Context, gender_plan: Coverage, other: Coverage) -> bool:
    """Whether the gender rule of ``gender_plan`` and the birthday rule of ``other`` order the pair differently."""
    sit = situation(ctx, gender_plan, other)
    if sit is None or sit.kind not in ("together", "decree_both", "joint", "equal"):
        return False
    if other.dependent_rule is DependentRule.GENDER:
        return False
    g = gender_first(ctx, gender_plan, other)
    bd = birthday_first(ctx, gender_plan, other)
    return g is not None and bd is not None and g.id != bd.id


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
    # several rules ask about the same pair: worked out once per pair and edition
    return ctx.fact(("naic.situation", a.id, b.id, ctx.ruleset), lambda: _situation(ctx, a, b))


def _situation(ctx: Context, a: Coverage, b: Coverage) -> Situation:
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
    cite=(c.NAIC_NON_PARENTS, c.NAIC_NON_PARENTS_PLAN_COPY),
    rulesets=ONLY_2005,
    needs=frozenset(),  # it speaks through notes while ordering,
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
    cite=(c.NAIC_DECREE, c.NAIC_DECREE_SPOUSE, c.NAIC_DECREE_KNOWLEDGE),
    clauses=("spouse", "not_known"),
    speaks_for=BETWEEN_CHILD_COVERAGES,
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
            clause="not_known",
        )
        return None
    whose = f"the spouse of {ctx.name(responsible)}" if via_spouse else ctx.name(responsible)
    return Decided(
        x.id,
        y.id,
        f"a court decree makes {ctx.name(responsible)} responsible for the child's health care and "
        f"{ctx.plan(x)} ({whose}'s plan) knows of it, so it pays first whoever has custody",
        clause="spouse" if via_spouse else "",
    )


@rule(
    "naic.gender_rule",
    title="Gender rule (father's plan first)",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.OLD_MODEL_GENDER, c.OLD_MODEL_GENDER_WI, c.HORIZON_GENDER),
    clauses=("both_gender",),
    choice=(
        "Where the gender rule cannot name a father (two parents of the same sex, or sex X), the birthday rule is "
        "used instead."
    ),
    speaks_for=BETWEEN_CHILD_COVERAGES,
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
    father = gender_first(ctx, a, b)
    if father is None:
        return None
    other = b if father is a else a
    both = len(gender_plans) == 2
    if not both:
        if ctx.ruleset is not RuleSet.PRE_2005:
            return None  # under the 2005 model a disagreeing gender-rule plan is non-complying (§6B(1))
        birthday = birthday_first(ctx, a, b)
        if birthday is not None and birthday.id == father.id:
            return None  # both rules agree: the birthday rule decides
    reason = (
        "both plans use the gender rule"
        if both
        else f"{ctx.plan(gender_plans[0])} uses the gender rule and the birthday rule would give the other answer"
    )
    return Decided(
        father.id,
        other.id,
        f"{reason}, so the father's plan {ctx.plan(father)} pays first",
        clause="both_gender" if both else "",
    )


@rule(
    "naic.birthday",
    title="Birthday rule",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(
        c.NAIC_BIRTHDAY,
        c.NAIC_DECREE_BOTH,
        c.NAIC_JOINT_CUSTODY,
        c.NAIC_DEPENDENT_CHILD_SITUATION,
        c.WDA_EQUAL_CUSTODY,
    ),
    clauses=("decree_both", "joint", "equal", "unknown"),
    choice=(
        "Parents apart with no decree and the child living half the year with each (no custodial parent): the "
        "model is silent; the engine applies the birthday rule, as for joint custody (Wisconsin DA FAQ)."
    ),
    speaks_for=BETWEEN_CHILD_COVERAGES,
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
            "the parents live together or who has custody: ask for the custody arrangement and any court decree",
            clause="unknown",
        )
    choice = None
    clause = "" if sit.kind == "together" else sit.kind
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
    first = birthday_first(ctx, a, b)
    if first is None:
        return None
    second = b if first is a else a
    d1 = ctx.case.person(first.subscriber).birth_date
    d2 = ctx.case.person(second.subscriber).birth_date
    return Decided(
        first.id,
        second.id,
        f"{why}, so the birthday rule applies: {ctx.name(first.subscriber)}'s birthday ({birthday_text(d1)}) comes "
        f"before {ctx.name(second.subscriber)}'s ({birthday_text(d2)}) in the calendar year, so "
        f"{ctx.plan(first)} pays first (the year of birth does not count)",
        choice=choice,
        clause=clause,
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
    speaks_for=BETWEEN_CHILD_COVERAGES,
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
    if month_day(da) != month_day(db):
        return None
    sa, sb = subscriber_since(ctx, a), subscriber_since(ctx, b)
    if sa is None or sb is None:
        missing = a if sa is None else b
        return Indeterminate(
            f"both parents' birthdays fall on {birthday_text(da)}; the tie goes to the plan that has covered the "
            f"parent longer, but the case does not say when {ctx.name(missing.subscriber)}'s own coverage under "
            f"{ctx.plan(missing)} began (give subscriber_since or the parent's own coverage record)"
        )
    if sa == sb:
        return None
    first, second = (a, b) if sa < sb else (b, a)
    return Decided(
        first.id,
        second.id,
        f"both parents' birthdays fall on {birthday_text(da)}, so the plan that has covered the parent longer pays "
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


UNLISTED_AFTER_LIST = (
    "The pre-2005 custody order names the custodial parent, that parent's spouse and the other parent; it is one "
    "list, applied to all the child's plans together (not pair by pair), so a plan it does not name - the "
    "non-custodial parent's spouse's - comes after the plans it names, where the 2005 model's fourth tier puts it."
)


@rule(
    "naic.custodial_parent",
    title="Parents apart, no decree: custodial parent, spouse, other parent, other parent's spouse",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_CUSTODY, c.OLD_MODEL_CUSTODY, c.NAIC_DECREE, c.NAIC_BIRTHDAY),
    clauses=("pre2005", "unlisted", "after_decree"),
    choice=(
        "After a decree has placed one plan first, the model does not order the other plans; the engine ranks "
        "them by the custody tiers (or by the birthday rule when no parent has custody)."
    ),
    extra_choices=(UNLISTED_AFTER_LIST,),
    speaks_for=BETWEEN_CHILD_COVERAGES,
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
    if ta is None and tb is None:
        return None
    if ta is None or tb is None:
        # The custody order is a list: the plans it names come first, in its order; a plan it does not name (under
        # the pre-2005 model, the non-custodial parent's spouse) comes after all of them.
        listed, unlisted, tier = (a, b, ta) if ta is not None else (b, a, tb)
        assert tier is not None
        if ctx.caretaker_kind(unlisted.subscriber) is None:
            return None
        return Decided(
            listed.id,
            unlisted.id,
            f"the parents are apart and no decree allocates health care, so the custody order applies; it lists "
            f"{_TIER_NAMES[tier]} ({ctx.name(listed.subscriber)}), whose plan {ctx.plan(listed)} comes before "
            f"{ctx.plan(unlisted)}, the plan of {ctx.name(unlisted.subscriber)}, whom the list does not name",
            choice=UNLISTED_AFTER_LIST,
            clause="unlisted",
        )
    if ta == tb:
        return None
    first, second, t1, t2 = (a, b, ta, tb) if ta < tb else (b, a, tb, ta)
    return Decided(
        first.id,
        second.id,
        f"the parents are apart and no decree allocates health care, so the custody order applies: "
        f"{ctx.plan(first)} is the plan of {_TIER_NAMES[t1]} ({ctx.name(first.subscriber)}), which comes before "
        f"{_TIER_NAMES[t2]} ({ctx.name(second.subscriber)})",
        choice=choice,
        clause="after_decree" if sit.kind == "decree_one" else "pre2005" if ctx.ruleset is RuleSet.PRE_2005 else "",
    )


def _remainder_by_birthday(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    if not (counts_as_parent(ctx, a.subscriber) and counts_as_parent(ctx, b.subscriber)):
        return None
    first = birthday_first(ctx, a, b)
    if first is None:
        return None
    second = b if first is a else a
    return Decided(
        first.id,
        second.id,
        "the decree places another plan first and no parent has custody, so the remaining plans follow the "
        f"birthday rule: {ctx.plan(first)} first",
        choice=custodial_parent.choice,
        clause="after_decree",
    )


@rule(
    "naic.married_dependent_child",
    title="Dependent child also covered as a spouse",
    kind=RuleKind.ORDER,
    authority=STATE,
    cite=(c.NAIC_MARRIED_CHILD, c.NAIC_MARRIED_CHILD_SAME_DAY),
    rulesets=ONLY_2005,
    clauses=("same_start",),
    speaks_for=(Pairs(COMMERCIAL_KINDS, COMMERCIAL_KINDS, _CHILD_OR_SPOUSE),),
)
def married_dependent_child(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A dependent child who is also covered as a dependent under a spouse's plan: the plan that has covered the
    person longer pays first; if the coverage under the spouse's plan began on the same date as under a parent's
    plan, the birthday rule applies across the parent and the spouse (MDL-120 §6D(2)(d), later printings)."""
    if not both_commercial(a, b):
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
    first_b = birthday_first(ctx, child_plan, spouse_plan)
    if first_b is None:
        return None
    second_b = spouse_plan if first_b is child_plan else child_plan
    d = ctx.case.person(first_b.subscriber).birth_date
    return Decided(
        first_b.id,
        second_b.id,
        "the coverage as a child and as a spouse began on the same day, so the birthday rule applies across the "
        f"parent and the spouse: {ctx.name(first_b.subscriber)}'s birthday ({birthday_text(d)}) comes first",
        clause="same_start",
    )
