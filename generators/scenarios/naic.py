"""Stories of commercial plans: spouses, children of married, divorced and blended families, jobs and retirement."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from generators.family import Built, Family, Story, day_between, years_before
from generators.identity import Identity
from generators.scenarios.base import scenario
from generators.scenarios.common import adult_start, age_on, birth_on, two_month_days


@scenario(
    "married-parents-birthday",
    title="Married parents, child on both plans: the birthday rule",
    difficulty=1,
    rules=("naic.birthday",),
    variants=("father-first", "mother-first", "older-parent-second", "leap-day"),
    source="NAIC MDL-120 §6D(2)(a)(i); seed 003 (billing blog: 'even if the mom is older')",
)
def married_parents_birthday(rng: random.Random, ident: Identity, variant: str) -> Built:
    """Two married parents each cover their child through their own job. The plan of the parent whose birthday -
    month and day, never the year - comes first in the calendar year pays first. Variants put the father or the
    mother first, make the older parent the one with the later birthday, or give a parent a 29 February birthday."""
    fam = Family.start(rng, ident)
    early, late = two_month_days(rng)
    if variant == "leap-day":
        early, late = rng.choice((((2, 28), (2, 29)), ((2, 29), (3, 1))))
    if variant == "father-first":
        father_md, mother_md = early, late
    else:
        father_md, mother_md = late, early
    if variant == "older-parent-second":
        # the mother has the earlier birthday but is the younger parent
        mother = birth_on(fam, 25, 35, *mother_md)
        father = birth_on(fam, 40, 50, *father_md)
    else:
        mother = birth_on(fam, 25, 50, *mother_md)
        father = birth_on(fam, 25, 50, *father_md)
    fam.person("mother", "F", mother)
    fam.person("father", "M", father)
    youngest = min(age_on(mother, fam.service), age_on(father, fam.service))
    fam.person("child", rng.choice("FM"), fam.born(0, min(17, youngest - 19)))  # parents 18+ years older
    fam.marry("mother", "father")
    fam.parent("mother", "child")
    fam.parent("father", "child")
    fam.custody("child", "married")
    fam.employer("mother-employer", rng.choice((45, 300, 2500)))
    fam.employer("father-employer", rng.choice((45, 300, 2500)))
    m = fam.family_plan(
        "mother-group",
        "mother",
        [("mother", "self"), ("child", "child")],
        start=adult_start(fam, "mother", 0.5, 8),
        employer="mother-employer",
    )
    f = fam.family_plan(
        "father-group",
        "father",
        [("father", "self"), ("child", "child")],
        start=adult_start(fam, "father", 0.5, 8),
        employer="father-employer",
    )
    first, second = (f, m) if variant == "father-first" else (m, f)
    case = fam.build("x", "child", "Married parents cover their child: whose birthday comes first in the year?")
    return Built(case, Story([first["child"], second["child"]], why="earlier month and day of the parent's birthday"))


# ------------------------------------------------------------------------------------------------ helpers
# Every order below is worked out from the facts drawn, by the rule as the domain reference states it
# (order-of-benefits.md §2, §3, §6A, §7) - never by asking the engine.

JOB_SIZES = (45, 300, 2500)


def _iso(d: date) -> str:
    return d.isoformat()


def _eighteen(fam: Family, pid: str) -> date:
    """The person's 18th birthday (28 February for a 29 February birth in a common year)."""
    return years_before(fam.birth_of(pid), -18)


def _child(fam: Family, pid: str = "child", min_age: int = 0, max_age: int = 17) -> date:
    birth = fam.born(min_age, max_age)
    fam.person(pid, fam.rng.choice("FM"), birth)
    return birth


def _elder(fam: Family, child_birth: date, *, gap: int = 19, span: int = 26, md: tuple[int, int] | None = None) -> date:
    """A birth date for an adult raising a child born on ``child_birth``: at least ``gap`` years older in age (so
    at least ``gap - 1`` years older in fact), at most ``gap + span``, and under 65 on the service date (no
    Medicare in these stories)."""
    child_age = age_on(child_birth, fam.service)
    low = child_age + gap
    high = max(low + 4, min(low + span, 64))
    return birth_on(fam, low, high, *md) if md else fam.born(low, high)


def _days(fam: Family, n: int, low: date, high: date) -> list[date]:
    """``n`` distinct days from ``low`` to ``high`` inclusive, earliest first."""
    span = (high - low).days + 1
    if span < n:
        raise ValueError(f"no room for {n} distinct days between {low} and {high}")
    return [low + timedelta(days=d) for d in sorted(fam.rng.sample(range(span), n))]


def _window(
    fam: Family, *people: str, after: date | None = None, years: int = 20, margin: int = 60
) -> tuple[date, date]:
    """Coverage starts for ``people``: from their latest 18th birthday (and ``after``, and at most ``years`` back)
    to ``margin`` days before the service date."""
    low = max([_eighteen(fam, p) for p in people] + [fam.service - timedelta(days=365 * years)])
    if after is not None:
        low = max(low, after)
    high = fam.service - timedelta(days=margin)
    if high < low:
        raise ValueError(f"no coverage window for {people} before {fam.service}")
    return low, high


def _restart(fam: Family, cid: str, start: date) -> None:
    """The member joined this policy later than the subscriber: move the member's own start date."""
    for cov in fam.coverages:
        if cov["id"] == cid:
            cov["start"] = _iso(start)
            return
    raise KeyError(cid)


def _job_plan(
    fam: Family,
    employer: str,
    subscriber: str,
    members: list[tuple[str, str]],
    start: date,
    *,
    prefix: str,
    employees: int | None = None,
    **kw: Any,
) -> dict[str, str]:
    """An employer, and the policy it offers ``subscriber``'s family."""
    fam.employer(employer, employees if employees is not None else fam.rng.choice(JOB_SIZES))
    return fam.family_plan(prefix, subscriber, members, start=start, employer=employer, **kw)


def _parents(
    fam: Family,
    *,
    mother_md: tuple[int, int] | None = None,
    father_md: tuple[int, int] | None = None,
    child_min: int = 0,
    child_max: int = 17,
) -> date:
    """A child and both parents (relationships included); returns the child's birth date."""
    child = _child(fam, min_age=child_min, max_age=child_max)
    fam.person("mother", "F", _elder(fam, child, md=mother_md))
    fam.person("father", "M", _elder(fam, child, md=father_md))
    fam.parent("mother", "child")
    fam.parent("father", "child")
    return child


def _parent_plans(fam: Family, *parents: str, starts: dict[str, date] | None = None) -> dict[str, dict[str, str]]:
    """Each parent's job plan, covering the parent and the child; starts drawn unless given."""
    plans = {}
    for p in parents:
        start = (starts or {}).get(p) or adult_start(fam, p, 0.5, 12)
        plans[p] = _job_plan(fam, f"{p}-employer", p, [(p, "self"), ("child", "child")], start, prefix=f"{p}-group")
    return plans


# ------------------------------------------------------------------------------------- same birthday (R2a(ii))


@scenario(
    "same-birthday",
    title="Parents born on the same day of the year: the plan that has covered the parent longer",
    difficulty=3,
    rules=("naic.same_birthday_longer_parent_coverage", "naic.longer_coverage"),
    variants=("mother-covered-longer", "father-covered-longer", "child-newer-on-that-plan", "parents-joined-same-day"),
    source="NAIC MDL-120 §6D(2)(a)(ii); reference §2.2 R2a(ii), §6A C05, §7 items 4 and 25",
)
def same_birthday(rng: random.Random, ident: Identity, variant: str) -> Built:
    """Married parents were born on the same month and day (the years differ), and each covers their child through
    their own job. The birthday rule cannot choose, so the plan that has covered the PARENT longer pays first -
    not the older parent, not alphabetical order, and not the plan that has covered the child longer. Variants:
    the mother's plan or the father's plan has covered its subscriber longer; the parent covered longer added the
    child to the plan only recently (the child's own dates do not matter); and both parents joined their plans on
    the same day, so no dependent-child rule decides and the plan that has covered the child longer pays first."""
    fam = Family.start(rng, ident)
    md, _ = two_month_days(rng, same=True)
    child = _parents(fam, mother_md=md, father_md=md)
    together = rng.choice(("married", "living_together"))
    if together == "married":
        fam.marry("mother", "father")
    fam.custody("child", together)
    low, high = _window(fam, "mother", "father")
    if variant == "parents-joined-same-day":
        same = day_between(rng, low, high)
        starts = {"mother": same, "father": same}
        longer = None
    else:
        early, late = _days(fam, 2, low, high)
        longer = {"mother-covered-longer": "mother", "father-covered-longer": "father"}.get(variant) or rng.choice(
            ("mother", "father")
        )
        starts = {longer: early, ("father" if longer == "mother" else "mother"): late}
    plans = _parent_plans(fam, "mother", "father", starts=starts)
    m, f = plans["mother"]["child"], plans["father"]["child"]
    if longer is None:
        # the child was added to one plan later (a new baby's paperwork, a plan change at open enrollment)
        later = rng.choice(("mother", "father"))
        joined = max(starts[later], child)
        _restart(fam, plans[later]["child"], day_between(rng, joined + timedelta(days=1), fam.service))
        first, second = (f, m) if later == "mother" else (m, f)
        why = "same birthday and both parents joined on the same day: the plan that has covered the child longer"
        case = fam.build("x", "child", "Same birthdays, same enrollment day: what decides?")
        return Built(case, Story([first, second], why=why))
    other = "father" if longer == "mother" else "mother"
    if variant == "child-newer-on-that-plan":
        other_child_start = max(starts[other], child)
        _restart(fam, plans[longer]["child"], day_between(rng, other_child_start + timedelta(days=1), fam.service))
    case = fam.build("x", "child", "Both parents were born on the same day of the year: whose plan pays first?")
    story = Story(
        [plans[longer]["child"], plans[other]["child"]],
        why=f"same birthday: the {longer}'s plan has covered the {longer} longer (the child's dates do not count)",
    )
    return Built(case, story)


# --------------------------------------------------------------------------------------- gender rule (§3, §5.1)


@scenario(
    "birthday-vs-gender",
    title="One plan still uses the gender rule: the old model and the 2005 model answer differently",
    difficulty=4,
    rules=("naic.gender_rule", "naic.noncomplying_plan_primary", "naic.birthday"),
    variants=(
        "pre2005-father-plan-gender",
        "pre2005-mother-plan-gender",
        "pre2005-rules-agree",
        "pre2005-both-plans-gender",
        "2005-father-plan-gender",
        "2005-mother-plan-gender",
        "2005-rules-agree",
    ),
    source="N.J.A.C. 11:4-28.6(b)4; Horizon BCBSNJ manual (seed 003); NAIC MDL-120 §6B(1); reference §3, §5.1, §6A C06",
)
def birthday_vs_gender(rng: random.Random, ident: Identity, variant: str) -> Built:
    """Married parents each cover their child, but one plan still follows the old gender rule (the father's plan
    pays first) instead of the birthday rule. When the two rules agree - the father's birthday comes first in the
    year - the father's plan pays first either way. When they disagree (the mother's birthday comes first): under
    the pre-2005 model, kept in New Jersey and other states, the gender rule decides and the father's plan pays
    first, whichever parent's plan uses it; under the 2005 model a plan that still uses the gender rule is
    non-complying, and a non-complying plan is primary - the father's plan if it is his, the mother's plan if
    it is hers. When both plans use the gender rule they agree on the father's plan."""
    fam = Family.start(rng, ident)
    pre = variant.startswith("pre2005")
    if pre:
        fam.ruleset = "pre-2005"
    early, late = two_month_days(rng)
    if variant.endswith("rules-agree"):
        father_md, mother_md = early, late
    elif variant.endswith("both-plans-gender"):
        father_md, mother_md = (early, late) if rng.random() < 0.5 else (late, early)
    else:  # the rules disagree: the mother's birthday comes first
        mother_md, father_md = early, late
    _parents(fam, mother_md=mother_md, father_md=father_md)
    fam.marry("mother", "father")
    fam.custody("child", "married")
    if variant.endswith("both-plans-gender"):
        gender = {"mother", "father"}
    elif "father-plan" in variant:
        gender = {"father"}
    elif "mother-plan" in variant:
        gender = {"mother"}
    else:
        gender = {rng.choice(("mother", "father"))}
    plans = {}
    for p in ("mother", "father"):
        kw: dict[str, Any] = {"dependent_rule": "gender"} if p in gender else {}
        plans[p] = _job_plan(
            fam,
            f"{p}-employer",
            p,
            [(p, "self"), ("child", "child")],
            adult_start(fam, p, 0.5, 12),
            prefix=f"{p}-group",
            **kw,
        )
    m, f = plans["mother"]["child"], plans["father"]["child"]
    if variant.endswith("rules-agree"):
        order, why = [f, m], "the father's birthday comes first, so the birthday and gender rules agree"
    elif variant.endswith("both-plans-gender"):
        order, why = [f, m], "both plans use the gender rule: the father's plan"
    elif pre:
        order, why = [f, m], "pre-2005: the rules disagree and the gender rule decides (father's plan)"
    else:
        g = plans[next(iter(gender))]["child"]
        order = [g, m if g == f else f]
        why = "2005: the gender-rule plan is non-complying when the rules disagree, so it is primary"
    case = fam.build("x", "child", "One parent's plan uses the gender rule: who pays first for the child?")
    return Built(case, Story(order, why=why))


# ------------------------------------------------------------------------------ children of parents apart (R2b)


def _apart(fam: Family, status: str, *, child_min: int = 1) -> date:
    """A child whose parents are apart (divorced, separated, never married); returns the child's birth date."""
    child = _parents(fam, child_min=child_min)
    if status in ("divorced", "separated"):
        fam.marry("mother", "father", former=status == "divorced")
    return child


def _other(parent: str) -> str:
    return "father" if parent == "mother" else "mother"


def _spouse_of(parent: str) -> str:
    """The new spouse of a parent: the child's stepmother or stepfather."""
    return "stepmother" if parent == "father" else "stepfather"


def _stepparent(fam: Family, parent: str, child: date, *, min_age: int = 25, max_age: int = 58) -> str:
    """The parent's new spouse, a stepparent of the child."""
    step = _spouse_of(parent)
    low = max(min_age, age_on(child, fam.service) + 19)
    sex = "F" if step == "stepmother" else "M"
    fam.person(step, sex, fam.born(low, max(low + 4, max_age)), surname=fam.ident.surname())
    fam.marry(parent, step)
    fam.parent(step, "child", "stepparent")
    return step


@scenario(
    "divorced-decree-one-parent",
    title="A court decree makes one parent responsible for the child's health care",
    difficulty=3,
    rules=("naic.court_decree", "naic.custodial_parent"),
    variants=(
        "names-custodial",
        "names-non-custodial",
        "not-yet-known",
        "paid-before-knowledge",
        "next-plan-year",
        "coverage-decree-2005",
        "coverage-decree-pre2005",
        "general-support-only",
        "responsible-parent-spouse",
    ),
    source="NAIC MDL-120 §6D(2)(b)(i); Horizon BCBSNJ manual (seed 003); reference §2.2 R2b(i), §3, §6A C09, §7 item 5",
)
def divorced_decree_one_parent(rng: random.Random, ident: Identity, variant: str) -> Built:
    """The parents are divorced and each covers their child. A court decree makes one parent responsible for the
    child's health care expenses, and once that parent's plan has actual knowledge of the decree it pays first,
    whoever has custody. Variants: the decree names the custodial parent, or the non-custodial parent; the plan
    learns of it only after the visit, so the custody order still applies (custodial parent first); the plan learned
    of it this plan year after already paying the child's claims, so the decree binds it only from the next plan
    year - and a visit in that next plan year; a decree about health care coverage (counts under the 2005 model,
    not under the older model, which speaks only of health care expenses); a decree that only orders general
    financial support (does not count); and a responsible parent with no coverage for the child whose new spouse's
    plan covers the child and knows of the decree (2005: that spouse's plan pays first)."""
    fam = Family.start(rng, ident)
    child = _apart(fam, "divorced", child_min=2)
    custodial = rng.choice(("mother", "father"))
    other = _other(custodial)
    responsible = custodial if variant == "names-custodial" else other
    fam.ruleset = "pre-2005" if variant == "coverage-decree-pre2005" else None
    subject = "health_care_expenses"
    if variant.startswith("coverage-decree"):
        subject = "health_care_coverage"
    elif variant == "general-support-only":
        subject = "general_financial_support"
    # when the responsible parent's plan learned of the decree
    paid_before = variant in ("paid-before-knowledge", "next-plan-year")
    if variant == "not-yet-known":
        since = fam.service + timedelta(days=rng.randrange(1, 120))
        issued = day_between(rng, child, fam.service)
    elif variant == "paid-before-knowledge":
        since = day_between(rng, max(date(fam.service.year, 1, 1), child), fam.service)
        issued = day_between(rng, child, since)
    elif variant == "next-plan-year":
        since = day_between(rng, max(date(fam.service.year - 1, 1, 1), child), date(fam.service.year - 1, 12, 31))
        issued = day_between(rng, child, since)
    else:
        issued = day_between(rng, child, fam.service - timedelta(days=30))
        since = day_between(rng, issued, fam.service)
    # the plans: the custodial parent's, and the responsible (or other) parent's - or that parent's new spouse's
    starts = {p: min(adult_start(fam, p, 0.5, 12), date(since.year, 1, 1)) for p in ("mother", "father")}
    starts = {p: max(s, _eighteen(fam, p)) for p, s in starts.items()}
    if variant == "responsible-parent-spouse":
        step = _stepparent(fam, responsible, child)
        cust = _parent_plans(fam, custodial, starts=starts)[custodial]["child"]
        step_start = max(min(adult_start(fam, step, 0.5, 12), date(since.year, 1, 1)), _eighteen(fam, step))
        bound = _job_plan(
            fam, f"{step}-employer", step, [(step, "self"), ("child", "child")], step_start, prefix=f"{step}-group"
        )["child"]
        plans = {custodial: cust}
    else:
        both = _parent_plans(fam, "mother", "father", starts=starts)
        plans = {p: both[p]["child"] for p in both}
        bound = plans[responsible]
    knowledge: dict[str, Any] = {"coverage": bound, "since": _iso(since)}
    if paid_before:
        knowledge["benefits_paid_before_in_plan_year"] = True
    decree = {"responsible": [responsible], "subject": subject, "issued": _iso(issued), "known_to": [knowledge]}
    fam.custody("child", "divorced", custodial_parent=custodial, decree=decree)
    binds = variant in ("names-custodial", "names-non-custodial", "next-plan-year", "coverage-decree-2005")
    binds = binds or variant == "responsible-parent-spouse"
    cust_plan = plans[custodial]
    if binds:
        order = [bound, cust_plan] if bound != cust_plan else [cust_plan, plans[other]]
        why = f"the decree makes the {responsible} responsible and the plan knows of it"
    else:
        order = [cust_plan, plans[other]]
        why = "the decree does not bind the plan on this date, so the custody order applies"
    case = fam.build("x", "child", "Divorced parents and a court decree about the child's health care")
    return Built(case, Story(order, why=why))


@scenario(
    "divorced-decree-both",
    title="A court decree makes both parents responsible: the birthday rule",
    difficulty=2,
    rules=("naic.birthday", "naic.same_birthday_longer_parent_coverage"),
    variants=("custodial-earlier-birthday", "non-custodial-earlier-birthday", "same-birthday"),
    source="NAIC MDL-120 §6D(2)(b)(ii); reference §2.2 R2b(ii), §7 item 5 (C11)",
)
def divorced_decree_both(rng: random.Random, ident: Identity, variant: str) -> Built:
    """The parents are divorced and a court decree makes both of them responsible for the child's health care.
    Custody then does not decide: the birthday rule applies as for married parents, and the plan of the parent
    whose birthday (month and day) comes first in the year pays first, even if that parent does not have custody.
    Variants put the custodial or the non-custodial parent's birthday first, or give the parents the same
    birthday, where the plan that has covered the parent longer pays first."""
    fam = Family.start(rng, ident)
    custodial = rng.choice(("mother", "father"))
    other = _other(custodial)
    early, late = two_month_days(rng, same=variant == "same-birthday")
    first_bd = custodial if variant == "custodial-earlier-birthday" else other
    mds = {first_bd: early, _other(first_bd): late}
    child = _parents(fam, mother_md=mds["mother"], father_md=mds["father"], child_min=1)
    fam.marry("mother", "father", former=True)
    low, high = _window(fam, "mother", "father")
    d1, d2 = _days(fam, 2, low, high)
    longer = rng.choice(("mother", "father"))
    plans = _parent_plans(fam, "mother", "father", starts={longer: d1, _other(longer): d2})
    issued = day_between(rng, child, fam.service - timedelta(days=30))
    known = [{"coverage": plans[p]["child"], "since": _iso(day_between(rng, issued, fam.service))} for p in plans]
    decree = {"responsible": ["mother", "father"], "subject": "health_care_expenses", "issued": _iso(issued)}
    fam.custody("child", "divorced", custodial_parent=custodial, decree={**decree, "known_to": known})
    if variant == "same-birthday":
        winner, why = longer, "both responsible, same birthday: the plan that has covered the parent longer"
    else:
        winner, why = first_bd, "both parents responsible: birthday rule, custody does not matter"
    order = [plans[winner]["child"], plans[_other(winner)]["child"]]
    case = fam.build("x", "child", "A decree makes both divorced parents responsible for the child's health care")
    return Built(case, Story(order, why=why))


@scenario(
    "divorced-no-decree",
    title="Parents apart with no decree: the custodial parent's plan pays first",
    difficulty=2,
    rules=("naic.custodial_parent",),
    variants=("mother-custodial", "father-custodial", "never-married-apart", "separated", "custody-not-recorded"),
    source="NAIC MDL-120 §6D(2)(b)(iv); Horizon BCBSNJ manual, SD DOI FAQ (seed 003); reference §2.2 R2b(iv), §7 item 5",
)
def divorced_no_decree(rng: random.Random, ident: Identity, variant: str) -> Built:
    """The child's parents do not live together - divorced, separated, or never married - and no court decree
    says who pays for the child's health care. The plan of the parent with custody (the one the child lives with
    for more than half the year) pays first, then the other parent's plan; birthdays do not matter here. Variants:
    the mother or the father has custody after a divorce; parents who never married and live apart; parents who
    are married but separated; and registration that never recorded who has custody, which leaves the order
    undecided until the biller asks."""
    fam = Family.start(rng, ident)
    status = {"never-married-apart": "never_married_apart", "separated": "separated"}.get(variant, "divorced")
    _apart(fam, status)
    if variant == "custody-not-recorded":
        fam.custody("child", status)
        plans = _parent_plans(fam, "mother", "father")
        ids = sorted([plans["mother"]["child"], plans["father"]["child"]])
        case = fam.build("x", "child", "Parents apart, and nobody recorded who has custody")
        return Built(case, Story(ids, status="indeterminate", why="custody unknown: ask for the arrangement"))
    custodial = {"mother-custodial": "mother", "father-custodial": "father"}.get(variant) or rng.choice(
        ("mother", "father")
    )
    fam.custody("child", status, custodial_parent=custodial)
    plans = _parent_plans(fam, "mother", "father")
    order = [plans[custodial]["child"], plans[_other(custodial)]["child"]]
    case = fam.build("x", "child", "Parents apart, no decree: whose plan pays first for the child?")
    return Built(case, Story(order, why=f"no decree: the custodial parent ({custodial}) first"))


@scenario(
    "step-parents-both-sides",
    title="Both parents remarried: four plans in custody order",
    difficulty=4,
    rules=("naic.custodial_parent", "naic.longer_coverage", "naic.active_before_inactive"),
    variants=(
        "2005-mother-custodial",
        "2005-father-custodial",
        "pre2005-unlisted-stepparent",
        "pre2005-stepparent-retired",
    ),
    source="NAIC MDL-120 §6D(2)(b)(iv), §6D(3), §6D(5); N.J.A.C. 11:4-28.6(c); reference §2.2 R2b(iv), R3, R5, §2.4, §3",
)
def step_parents_both_sides(rng: random.Random, ident: Identity, variant: str) -> Built:
    """The child's parents are divorced with no decree about health care, and both have remarried; all four adults
    cover the child through their jobs. Under the 2005 model the order is: the custodial parent's plan, then the
    plan of the custodial parent's new spouse, then the non-custodial parent's plan, then the plan of the
    non-custodial parent's new spouse. The older model's list has only the first three steps; it is applied as a list,
    so the plan of the non-custodial parent's spouse, which it does not name, comes after the three it names - even
    when that plan has covered the child longest (one variant), or is a retiree plan (another)."""
    fam = Family.start(rng, ident)
    child = _apart(fam, "divorced", child_min=2)
    custodial = {"2005-mother-custodial": "mother", "2005-father-custodial": "father"}.get(variant) or rng.choice(
        ("mother", "father")
    )
    other = _other(custodial)
    pre = variant.startswith("pre2005")
    if pre:
        fam.ruleset = "pre-2005"
    retired = variant == "pre2005-stepparent-retired"
    cust_spouse = _stepparent(fam, custodial, child)
    other_spouse = _stepparent(fam, other, child, min_age=50 if retired else 25, max_age=63 if retired else 58)
    fam.custody("child", "divorced", custodial_parent=custodial)
    tiers = [custodial, cust_spouse, other]
    everyone = [*tiers, other_spouse]
    low, high = _window(fam, *everyone, after=child + timedelta(days=1))
    dates = _days(fam, 4, low, high)
    if variant == "pre2005-unlisted-stepparent" or retired:  # the unlisted plan has covered the child longest
        rest = dates[1:]
        rng.shuffle(rest)
        starts = dict(zip(tiers, rest, strict=True))
        starts[other_spouse] = dates[0]
    else:
        shuffled = list(dates)
        rng.shuffle(shuffled)
        starts = dict(zip(everyone, shuffled, strict=True))
    plans: dict[str, str] = {}
    for p in everyone:
        kw: dict[str, Any] = {"basis": "retired"} if retired and p == other_spouse else {}
        plans[p] = _job_plan(
            fam, f"{p}-employer", p, [(p, "self"), ("child", "child")], starts[p], prefix=f"{p}-group", **kw
        )["child"]
        fam.works(p, f"{p}-employer", "retired" if kw else "active")
    order = [plans[p] for p in tiers]
    order.append(plans[other_spouse])
    if not pre:
        why = "2005: custodial parent, their spouse, the other parent, the other parent's spouse"
    else:
        why = "pre-2005: the three-tier custody list, then the plan it does not name (the other parent's spouse's)"
    case = fam.build("x", "child", "Both parents remarried and four plans cover the child")
    return Built(case, Story(order, why=why))


@scenario(
    "joint-custody",
    title="Joint custody without a health care decree: the birthday rule",
    difficulty=2,
    rules=("naic.birthday", "naic.same_birthday_longer_parent_coverage"),
    variants=("lives-with-later-birthday", "no-primary-home", "same-birthday", "pre2005"),
    source="NAIC MDL-120 §6D(2)(b)(iii); reference §2.2 R2b(iii), §3 (joint custody under both models), §7 item 5 (C12)",
)
def joint_custody(rng: random.Random, ident: Identity, variant: str) -> Built:
    """The parents are divorced and the court granted joint custody without saying which parent is responsible
    for the child's health care. The custody order does not apply: the birthday rule does, as for married parents,
    so the plan of the parent whose birthday comes first in the year pays first - even when the child mostly lives
    with the other parent. Variants: the child lives mainly with the parent whose birthday is later; no primary
    home; the parents share a birthday (the plan that has covered the parent longer pays first); and the older
    model, which also uses the birthday rule for joint custody."""
    fam = Family.start(rng, ident)
    if variant == "pre2005":
        fam.ruleset = "pre-2005"
    early, late = two_month_days(rng, same=variant == "same-birthday")
    first_bd = rng.choice(("mother", "father"))
    mds = {first_bd: early, _other(first_bd): late}
    _parents(fam, mother_md=mds["mother"], father_md=mds["father"], child_min=1)
    fam.marry("mother", "father", former=True)
    low, high = _window(fam, "mother", "father")
    d1, d2 = _days(fam, 2, low, high)
    longer = rng.choice(("mother", "father"))
    plans = _parent_plans(fam, "mother", "father", starts={longer: d1, _other(longer): d2})
    home: dict[str, Any] = {}
    if variant == "lives-with-later-birthday":
        home = {"custodial_parent": _other(first_bd)}
    elif variant != "no-primary-home":
        home = {"custodial_parent": rng.choice(("mother", "father"))} if rng.random() < 0.7 else {}
    fam.custody("child", "divorced", joint_custody=True, **home)
    if variant == "same-birthday":
        winner, why = longer, "joint custody, same birthday: the plan that has covered the parent longer"
    else:
        winner, why = first_bd, "joint custody: birthday rule, whoever the child lives with"
    order = [plans[winner]["child"], plans[_other(winner)]["child"]]
    case = fam.build("x", "child", "Joint custody and no decree about health care")
    return Built(case, Story(order, why=why))


# ------------------------------------------------------------------------------------ non-parents (R2c)


@scenario(
    "guardian-or-grandparent",
    title="Grandparents and guardians are treated as parents",
    difficulty=3,
    rules=("naic.non_parents_as_parents", "naic.birthday", "naic.custodial_parent"),
    variants=(
        "grandparents-married",
        "guardians-married",
        "guardian-custodial-vs-mother",
        "grandparent-custodial-vs-father",
    ),
    source="NAIC MDL-120 §6D(2)(c) (Texas Mutual 2021 SPD); reference §2.2 R2c, §3",
)
def guardian_or_grandparent(rng: random.Random, ident: Identity, variant: str) -> Built:
    """The child is raised by adults who are not the parents - grandparents, or an aunt and uncle who are legal
    guardians - and they cover the child on their job plans. Under the 2005 model the dependent-child rules apply
    as if those adults were the parents. A married couple raising the child: the birthday rule between them.
    A guardian or grandparent who has custody, against a parent who does not live with the child: the custody
    order, so the guardian's or grandparent's plan pays first - even if the parent's birthday is earlier and the
    parent's plan has covered the child longer."""
    fam = Family.start(rng, ident)
    if variant in ("grandparents-married", "guardians-married"):
        kind = "grandparent" if variant == "grandparents-married" else "guardian"
        a, b = ("grandmother", "grandfather") if kind == "grandparent" else ("aunt", "uncle")
        early, late = two_month_days(rng)
        first_bd = rng.choice((a, b))
        child = _child(fam)
        gap, span = (38, 26) if kind == "grandparent" else (19, 26)
        surname = ident.surname() if kind == "guardian" else None  # the aunt and uncle
        for pid, sex in ((a, "F"), (b, "M")):
            md = early if pid == first_bd else late
            fam.person(pid, sex, _elder(fam, child, gap=gap, span=span, md=md), surname=surname)
            fam.parent(pid, "child", kind)
        fam.marry(a, b)
        fam.custody("child", "married")
        plans = {
            p: _job_plan(
                fam,
                f"{p}-employer",
                p,
                [(p, "self"), ("child", "child")],
                adult_start(fam, p, 0.5, 12),
                prefix=f"{p}-group",
            )["child"]
            for p in (a, b)
        }
        second = b if first_bd == a else a
        case = fam.build("x", "child", f"The child's {kind}s cover the child: whose plan pays first?")
        return Built(case, Story([plans[first_bd], plans[second]], why=f"{kind}s treated as parents: birthday rule"))
    child = _child(fam, min_age=1)
    early, late = two_month_days(rng)  # the parent's birthday comes first in the year
    if variant == "guardian-custodial-vs-mother":
        carer, kind, parent, gap, surname = "aunt", "guardian", "mother", 19, ident.surname()
        status = "never_married_apart"
    else:
        carer, kind, parent, gap, surname = "grandmother", "grandparent", "father", 38, None
        status = rng.choice(("divorced", "never_married_apart"))
    fam.person(carer, "F", _elder(fam, child, gap=gap, md=late), surname=surname)
    fam.person(parent, "F" if parent == "mother" else "M", _elder(fam, child, md=early))
    fam.parent(parent, "child")
    fam.parent(carer, "child", kind)
    fam.custody("child", status, custodial_parent=carer)
    # the parent's plan has covered the child longer: only custody puts the carer's plan first
    p_start = max(adult_start(fam, parent, 1, 12), child)
    parent_plan = _job_plan(
        fam, f"{parent}-employer", parent, [(parent, "self"), ("child", "child")], p_start, prefix=f"{parent}-group"
    )
    c_start = day_between(rng, max(p_start + timedelta(days=1), _eighteen(fam, carer)), fam.service)
    carer_plan = _job_plan(
        fam, f"{carer}-employer", carer, [(carer, "self"), ("child", "child")], c_start, prefix=f"{carer}-group"
    )
    case = fam.build("x", "child", f"The child lives with a {kind}; a parent also covers the child")
    order = [carer_plan["child"], parent_plan["child"]]
    return Built(case, Story(order, why=f"the {kind} has custody and counts as a parent: custodial first"))


# ---------------------------------------------------------------------------------- adult children (R2d, R1)


@scenario(
    "married-dependent-child",
    title="A married adult child on a parent's plan and on the spouse's plan",
    difficulty=4,
    rules=("naic.married_dependent_child",),
    variants=(
        "parent-plan-longer",
        "spouse-plan-longer",
        "same-start-parent-birthday-first",
        "same-start-spouse-birthday-first",
    ),
    source="NAIC MDL-120 §6D(2)(d) (later printings; Texas Mutual 2021 SPD); reference §2.2 R2d",
)
def married_dependent_child(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A young married adult (19 to 25) is still covered as a child on a parent's job plan, and is also covered as
    a spouse on the husband's or wife's job plan - a dependent on both, with no plan of their own. The plan that has
    covered the young adult longer pays first. If the coverage under the spouse's plan began on the same day as the
    coverage under the parent's plan, the birthday rule is used across the parent and the spouse: the plan of the one
    whose birthday comes first in the year pays first. Variants put the parent's plan or the spouse's plan first by
    length of coverage (the child may have been added to the parent's plan only when the parent changed jobs), and
    give both plans the same start date with the parent's or the spouse's birthday first."""
    fam = Family.start(rng, ident)
    parent = rng.choice(("mother", "father"))
    early, late = two_month_days(rng)
    parent_first = variant != "same-start-spouse-birthday-first"
    parent_md, spouse_md = (early, late) if parent_first else (late, early)
    child = _child(fam, min_age=19, max_age=25)
    fam.person(parent, "F" if parent == "mother" else "M", _elder(fam, child, md=parent_md))
    fam.person("spouse", rng.choice("FM"), birth_on(fam, 19, 30, *spouse_md), surname=ident.surname())
    fam.parent(parent, "child")
    fam.marry("child", "spouse")
    low, high = _window(fam, "child", "spouse", years=8)
    if variant == "parent-plan-longer":
        s_start = day_between(rng, low + timedelta(days=1), high)
        p_start = day_between(rng, max(child, _eighteen(fam, parent)), s_start - timedelta(days=1))
    elif variant == "spouse-plan-longer":
        s_start, p_start = _days(fam, 2, low, high)
    else:
        s_start = p_start = day_between(rng, low, high)
    p = _job_plan(
        fam, f"{parent}-employer", parent, [(parent, "self"), ("child", "child")], p_start, prefix=f"{parent}-group"
    )
    s = _job_plan(
        fam, "spouse-employer", "spouse", [("spouse", "self"), ("child", "spouse")], s_start, prefix="spouse-group"
    )
    if variant == "parent-plan-longer":
        order, why = [p["child"], s["child"]], "the parent's plan has covered the young adult longer"
    elif variant == "spouse-plan-longer":
        order, why = [s["child"], p["child"]], "the spouse's plan has covered the young adult longer"
    elif parent_first:
        order, why = [p["child"], s["child"]], "same start: birthday rule across parent and spouse (parent first)"
    else:
        order, why = [s["child"], p["child"]], "same start: birthday rule across parent and spouse (spouse first)"
    case = fam.build("x", "child", "A married young adult covered by a parent's plan and by the spouse's plan")
    return Built(case, Story(order, why=why))


@scenario(
    "own-job-and-parent-plan",
    title="A young adult's own job or student plan pays before a parent's plan",
    difficulty=1,
    rules=("naic.nondependent_first", "naic.birthday"),
    variants=("own-job", "student-plan", "own-plan-starts-on-service-date", "both-parents"),
    source="NAIC MDL-120 §6D(1)(a); seed 003 (Missing Piece: 'these plans will always pay before'); reference §2.2 R2 notes, §7 item 8 (C27)",
)
def own_job_and_parent_plan(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A young adult (19 to 25) is still on a parent's plan as a child and also has a plan of their own - from a
    job, or a student health plan from college. The plan that covers the person as the employee or student pays
    first, and the parent's plan, which covers them as a dependent, pays second - even though the parent's plan
    has covered them since childhood. Variants: an employer plan; a student plan; an own plan that starts on the
    very day of the visit; and both parents' plans as well, which follow the own plan in birthday order."""
    fam = Family.start(rng, ident)
    parents = ("mother", "father") if variant == "both-parents" else (rng.choice(("mother", "father")),)
    early, late = two_month_days(rng)
    first_bd = rng.choice(parents)
    child = _child(fam, min_age=19, max_age=25)
    for p in parents:
        md = early if p == first_bd else late
        fam.person(p, "F" if p == "mother" else "M", _elder(fam, child, md=md))
        fam.parent(p, "child")
    if len(parents) == 2:
        fam.marry("mother", "father")
        fam.custody("child", "married")
    plans = {
        p: _job_plan(
            fam, f"{p}-employer", p, [(p, "self"), ("child", "child")], adult_start(fam, p, 1, 25), prefix=f"{p}-group"
        )
        for p in parents
    }
    if variant == "own-plan-starts-on-service-date":
        own_start = fam.service
    else:
        own_start = day_between(rng, _eighteen(fam, "child"), fam.service - timedelta(days=7))
    if variant == "student-plan":
        own = fam.family_plan("child-student-plan", "child", [("child", "self")], start=own_start, kind="student")[
            "child"
        ]
    else:
        own = _job_plan(fam, "child-employer", "child", [("child", "self")], own_start, prefix="child-group")["child"]
        fam.works("child", "child-employer", "active", start=_iso(own_start))
    order = [own]
    if len(parents) == 2:
        order += [plans[first_bd]["child"], plans[_other(first_bd)]["child"]]
    else:
        order.append(plans[parents[0]]["child"])
    case = fam.build("x", "child", "A young adult with a plan of their own and a parent's plan")
    return Built(case, Story(order, why="own coverage before dependent coverage; parents by birthday"))


# ------------------------------------------------------------------------------------ spouses and jobs (R1, R3-R6)


def _couple(fam: Family, a: str, b: str, *, min_age: int = 23, max_age: int = 64, kind: str = "spouse") -> None:
    """Two adults who are spouses (or domestic partners); ids double as their roles."""
    sexes = {"wife": "F", "husband": "M"}
    for pid in (a, b):
        fam.person(pid, sexes.get(pid) or fam.rng.choice("FM"), fam.born(min_age, max_age))
    fam.marry(a, b, kind=kind)


@scenario(
    "spouse-plans",
    title="Each spouse's own job plan pays first for that spouse",
    difficulty=1,
    rules=("naic.nondependent_first",),
    variants=("wife-is-patient", "husband-is-patient", "spouse-plan-older", "domestic-partners"),
    source="NAIC MDL-120 §6D(1)(a); seed 004; reference §2.2 R1, §6A C01, §7 item 7",
)
def spouse_plans(rng: random.Random, ident: Identity, variant: str) -> Built:
    """Two spouses each have family coverage through their own jobs, so each is covered twice: as the employee on
    their own plan and as a spouse on the other's. For either spouse the plan on which they are the employee pays
    first; the birthday rule is for children, not spouses. Variants: the wife or the husband is the patient; the
    other spouse's plan has covered the patient for longer (it still pays second); and domestic partners."""
    fam = Family.start(rng, ident)
    if variant == "domestic-partners":
        a, b, rel = "partner-a", "partner-b", "domestic_partner"
    else:
        a, b, rel = "wife", "husband", "spouse"
    _couple(fam, a, b, kind=rel)
    patient, other = (b, a) if variant == "husband-is-patient" else (a, b)
    low, high = _window(fam, a, b)
    d1, d2 = _days(fam, 2, low, high)
    if variant == "spouse-plan-older":
        starts = {other: d1, patient: d2}
    else:
        starts = dict(zip((a, b), (d1, d2) if rng.random() < 0.5 else (d2, d1), strict=True))
    plans = {}
    for x, y in ((a, b), (b, a)):
        plans[x] = _job_plan(fam, f"{x}-employer", x, [(x, "self"), (y, rel)], starts[x], prefix=f"{x}-group")
    order = [plans[patient][patient], plans[other][patient]]
    case = fam.build("x", patient, "Both spouses have family coverage through work: which plan pays first?")
    return Built(case, Story(order, why="the plan that covers the patient as the employee pays first"))


def _career(fam: Family, pid: str, n: int, *, years: int = 35, margin: int = 1) -> list[date]:
    """``n`` distinct days in the person's working life, earliest first."""
    low, high = _window(fam, pid, years=years, margin=margin)
    return _days(fam, n, low, high)


@scenario(
    "active-vs-retired",
    title="Active employee before retiree or laid-off coverage",
    difficulty=3,
    rules=("naic.active_before_inactive", "naic.nondependent_first", "naic.longer_coverage"),
    variants=(
        "active-and-retiree-plan",
        "active-and-laid-off-plan",
        "retiree-vs-spouse-active-plan",
        "spouse-of-active-and-retired",
        "two-retiree-plans",
    ),
    source="NAIC MDL-120 §6D(1), §6D(3), §6D(5); Horizon BCBSNJ manual (seed 003); reference §2.2 R1, R3, R5, §6A C16, C17, §7 item 10",
)
def active_vs_retired(rng: random.Random, ident: Identity, variant: str) -> Built:
    """Someone retired early from one employer (or was laid off) and kept that employer's coverage, and is now
    working again with a new employer's plan. The plan that covers the person as an active employee pays before
    the retiree or laid-off coverage, even though the older plan has covered them longer. The same holds for the
    spouse covered through both. But the active/retired rule never overrides the first rule: a retiree's own
    retiree plan pays before a dependent spot on the spouse's active plan. Between two retiree plans, the one that
    has covered the person longer pays first. No one here is 65 or on Medicare."""
    fam = Family.start(rng, ident)
    if variant == "retiree-vs-spouse-active-plan":
        fam.person("retiree", rng.choice("FM"), fam.born(52, 63))
        fam.person("spouse", rng.choice("FM"), fam.born(30, 64))
        fam.marry("retiree", "spouse")
        start, retired_on = _career(fam, "retiree", 2, margin=30)
        ret = _job_plan(
            fam, "former-employer", "retiree", [("retiree", "self")], start, prefix="retiree-plan", basis="retired"
        )
        fam.works("retiree", "former-employer", "retired", start=_iso(start), end=_iso(retired_on))
        low, high = _window(fam, "retiree", "spouse")
        sp = _job_plan(
            fam,
            "spouse-employer",
            "spouse",
            [("spouse", "self"), ("retiree", "spouse")],
            day_between(rng, low, high),
            prefix="spouse-group",
        )
        fam.works("spouse", "spouse-employer", "active")
        case = fam.build("x", "retiree", "A retiree under 65: own retiree plan or the spouse's active plan?")
        return Built(
            case, Story([ret["retiree"], sp["retiree"]], why="own coverage (as a retiree) before dependent coverage")
        )
    if variant == "two-retiree-plans":
        fam.person("retiree", rng.choice("FM"), fam.born(55, 63))
        s1, e1, s2, e2 = _career(fam, "retiree", 4, margin=30)
        jobs = ["first-employer", "second-employer"]
        rng.shuffle(jobs)  # which employer's plan is the older one
        older = _job_plan(
            fam, jobs[0], "retiree", [("retiree", "self")], s1, prefix=f"{jobs[0]}-retiree-plan", basis="retired"
        )
        newer = _job_plan(
            fam, jobs[1], "retiree", [("retiree", "self")], s2, prefix=f"{jobs[1]}-retiree-plan", basis="retired"
        )
        fam.works("retiree", jobs[0], "retired", start=_iso(s1), end=_iso(e1))
        fam.works("retiree", jobs[1], "retired", start=_iso(s2), end=_iso(e2))
        case = fam.build("x", "retiree", "Retired from two employers, with retiree coverage from both")
        return Built(case, Story([older["retiree"], newer["retiree"]], why="two retiree plans: the longer one first"))
    status = "laid_off" if variant == "active-and-laid-off-plan" else "retired"
    worker = "worker" if status == "laid_off" else "retiree"
    fam.person(worker, rng.choice("FM"), fam.born(30, 63) if status == "laid_off" else fam.born(52, 63))
    members = [(worker, "self")]
    patient = worker
    if variant == "spouse-of-active-and-retired":
        fam.person("spouse", rng.choice("FM"), fam.born(30, 64))
        fam.marry(worker, "spouse")
        members.append(("spouse", "spouse"))
        patient = "spouse"
        low, high = _window(fam, worker, "spouse", years=35, margin=1)
        old_start, left, new_start = _days(fam, 3, low, high)
    else:
        old_start, left, new_start = _career(fam, worker, 3)
    old = _job_plan(
        fam,
        "former-employer",
        worker,
        members,
        old_start,
        prefix=f"former-employer-{status.replace('_', '-')}-plan",
        basis=status,
    )
    new = _job_plan(fam, "current-employer", worker, members, new_start, prefix="current-employer-plan")
    fam.works(worker, "former-employer", status, start=_iso(old_start), end=_iso(left))
    fam.works(worker, "current-employer", "active", start=_iso(new_start))
    label = status.replace("_", " ")
    case = fam.build("x", patient, f"Active coverage and {label} coverage: which pays first?")
    return Built(
        case, Story([new[patient], old[patient]], why=f"active before {label}, even though the other plan is older")
    )


def _left_job(fam: Family, pid: str, *, after: date | None = None) -> tuple[date, date, date]:
    """A job the person left within the last 18 months, and a new job since: (old start, last day, new start)."""
    rng = fam.rng
    left = fam.service - timedelta(days=rng.randrange(31, 500))
    new_start = left + timedelta(days=rng.randrange(1, min(60, (fam.service - left).days) + 1))
    low, _ = _window(fam, pid, years=25, after=after)
    old_start = day_between(rng, low, left - timedelta(days=30))
    return old_start, left, new_start


@scenario(
    "cobra-and-new-job",
    title="COBRA or state continuation: after a new job's plan, but before dependent coverage",
    difficulty=3,
    rules=("naic.continuation_last", "naic.nondependent_first"),
    variants=(
        "new-job-vs-cobra",
        "state-continuation-vs-new-job",
        "cobra-vs-spouse-plan",
        "retiree-plan-vs-cobra",
        "spouse-on-cobra-and-new-job",
    ),
    source="NAIC MDL-120 §6D(1), §6D(4); reference §2.2 R1, R4, §7 item 9 (C20)",
)
def cobra_and_new_job(rng: random.Random, ident: Identity, variant: str) -> Built:
    """Someone left a job and kept its health plan on COBRA (or, at a small employer, under a state continuation
    law), then started a new job with its own plan. The plan that covers the person as an active employee - or as
    a retiree - pays first and the continuation coverage pays second, although it has covered the person longer;
    the same holds for the spouse covered through both. But continuation coverage is not always secondary: COBRA
    held as the former employee pays before the person's dependent coverage on a spouse's plan, because the rule
    for own versus dependent coverage comes first."""
    fam = Family.start(rng, ident)
    if variant == "retiree-plan-vs-cobra":
        fam.person("retiree", rng.choice("FM"), fam.born(52, 63))
        r_start, retired_on = _career(fam, "retiree", 2, margin=600)
        old_start, left, _ = _left_job(fam, "retiree", after=retired_on + timedelta(days=30))
        ret = _job_plan(
            fam, "retired-from", "retiree", [("retiree", "self")], r_start, prefix="retiree-plan", basis="retired"
        )
        cobra = _job_plan(
            fam,
            "later-employer",
            "retiree",
            [("retiree", "self")],
            old_start,
            prefix="later-employer-cobra",
            basis="cobra",
        )
        fam.works("retiree", "retired-from", "retired", start=_iso(r_start), end=_iso(retired_on))
        fam.works("retiree", "later-employer", "terminated", start=_iso(old_start), end=_iso(left))
        case = fam.build("x", "retiree", "An early retiree's retiree plan and COBRA from a later job")
        return Built(
            case, Story([ret["retiree"], cobra["retiree"]], why="the retiree plan before continuation coverage")
        )
    fam.person("worker", rng.choice("FM"), fam.born(25, 60))
    state = variant == "state-continuation-vs-new-job"
    basis = "state_continuation" if state else "cobra"
    size = rng.randrange(3, 20) if state else rng.choice(JOB_SIZES)
    if variant == "cobra-vs-spouse-plan":
        fam.person("spouse", rng.choice("FM"), fam.born(25, 64))
        fam.marry("worker", "spouse")
        old_start, left, _ = _left_job(fam, "worker")
        cobra = _job_plan(
            fam,
            "former-employer",
            "worker",
            [("worker", "self")],
            old_start,
            prefix="former-employer-cobra",
            basis="cobra",
        )
        low, high = _window(fam, "worker", "spouse", margin=1)
        sp = _job_plan(
            fam,
            "spouse-employer",
            "spouse",
            [("spouse", "self"), ("worker", "spouse")],
            day_between(rng, low, high),
            prefix="spouse-group",
        )
        fam.works("worker", "former-employer", "terminated", start=_iso(old_start), end=_iso(left))
        case = fam.build("x", "worker", "COBRA from a former job, and dependent coverage on the spouse's plan")
        return Built(
            case,
            Story([cobra["worker"], sp["worker"]], why="COBRA as the former employee is own coverage: it pays first"),
        )
    members = [("worker", "self")]
    patient = "worker"
    after = None
    if variant == "spouse-on-cobra-and-new-job":
        fam.person("spouse", rng.choice("FM"), fam.born(25, 64))
        fam.marry("worker", "spouse")
        members.append(("spouse", "spouse"))
        patient = "spouse"
        after = _eighteen(fam, "spouse")
    old_start, left, new_start = _left_job(fam, "worker", after=after)
    kind = "state-continuation" if state else "cobra"
    cont = _job_plan(
        fam,
        "former-employer",
        "worker",
        members,
        old_start,
        prefix=f"former-employer-{kind}",
        employees=size,
        basis=basis,
    )
    new = _job_plan(fam, "new-employer", "worker", members, new_start, prefix="new-employer-plan")
    fam.works("worker", "former-employer", "terminated", start=_iso(old_start), end=_iso(left))
    fam.works("worker", "new-employer", "active", start=_iso(new_start))
    label = "state continuation" if state else "COBRA"
    case = fam.build("x", patient, f"A new job's plan and {label} from the last job")
    return Built(case, Story([new[patient], cont[patient]], why=f"the new job's plan before {label}"))


@scenario(
    "longer-vs-shorter",
    title="Two jobs: the plan that has covered the person longer pays first",
    difficulty=2,
    rules=("naic.longer_coverage", "naic.share_equally"),
    variants=(
        "two-jobs",
        "carrier-change",
        "benefit-redesign",
        "gap-starts-new-plan",
        "starts-on-service-date",
        "same-day-share",
    ),
    source="NAIC MDL-120 §6D(5)-(6); Horizon BCBSNJ manual (seed 003); reference §2.2 R5, R6, §6A C18, §7 item 11",
)
def longer_vs_shorter(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person holds two jobs and is the employee on both jobs' plans. No earlier rule separates them, so the plan
    that has covered the person longer pays first, counted from the person's first day under that plan. A change of
    insurance carrier or of benefits inside the same plan does not start a new plan, as long as the new period began
    within a day of the old one ending; a longer gap does, and the count restarts. Variants: plain; a carrier change;
    a benefit redesign; a gap of a week or more; a plan that starts on the very day of the visit (it is in force and
    pays second); and two plans that started the same day, which share the allowable expense equally."""
    fam = Family.start(rng, ident)
    fam.person("worker", rng.choice("FM"), fam.born(25, 63))
    jobs = ["main-job", "second-job"]
    rng.shuffle(jobs)
    a, b = jobs  # a: the plan the story is about; b: the other job's plan
    low, high = _window(fam, "worker", margin=1)
    kw_a: dict[str, Any] = {}
    if variant in ("carrier-change", "benefit-redesign"):
        h, b_start, a_start = _days(fam, 3, low, high)
        period: dict[str, Any] = {"start": _iso(h), "end": _iso(a_start - timedelta(days=1))}
        if variant == "carrier-change":
            period["carrier"] = ident.payer()
        kw_a["history"] = [period]
        first = a
    elif variant == "gap-starts-new-plan":
        h, b_start, ended = _days(fam, 3, low, high - timedelta(days=60))
        a_start = ended + timedelta(days=rng.randrange(7, 61))
        kw_a["history"] = [{"start": _iso(h), "end": _iso(ended), "carrier": ident.payer()}]
        first = b
    elif variant == "starts-on-service-date":
        a_start, b_start = day_between(rng, low, high), fam.service
        first = a
    elif variant == "same-day-share":
        a_start = b_start = day_between(rng, low, high)
        first = a
    else:
        a_start, b_start = _days(fam, 2, low, high)
        first = a
    pa = _job_plan(fam, a, "worker", [("worker", "self")], a_start, prefix=f"{a}-plan", **kw_a)["worker"]
    pb = _job_plan(fam, b, "worker", [("worker", "self")], b_start, prefix=f"{b}-plan")["worker"]
    fam.works("worker", a, "active")
    fam.works("worker", b, "active")
    case = fam.build("x", "worker", "Two active jobs, two plans: which has covered the worker longer?")
    if variant == "same-day-share":
        return Built(
            case, Story(sorted([pa, pb]), status="shared", why="same first day: no rule decides, share equally")
        )
    order = [pa, pb] if first == a else [pb, pa]
    return Built(case, Story(order, why="the plan that has covered the person longer (continuous periods count)"))


@scenario(
    "plan-without-cob",
    title="A plan with no COB provision, or an 'excess' clause, against a complying plan",
    difficulty=4,
    rules=("naic.noncomplying_plan_primary",),
    variants=("no-cob-spouse-plan", "no-cob-newer-job", "excess-spouse-plan", "excess-own-plan", "no-cob-pre2005"),
    source="NAIC MDL-120 §6B(1); Ill. 50 IAC 2009.60; Wis. Ins 3.40(11)(b)1; reference §2.1 G5, §2.3, §7 item 12",
)
def plan_without_cob(rng: random.Random, ident: Identity, variant: str) -> Built:
    """One of two plans does not follow the coordination rules. A plan with no COB provision at all is always
    primary - even when the usual rules would make it secondary (it is only the spouse's plan, or the newer job's
    plan); the older model said the same ("no rule in another plan": the other plan pays first). A plan with an
    'excess' or 'always secondary' clause is primary too, unless both plans say the complying plan pays first: when
    the excess plan is the spouse's dependent coverage, both agree the patient's own plan is primary; when the excess
    clause sits in the patient's own job plan, the clause does not work and that plan still pays first."""
    fam = Family.start(rng, ident)
    if variant == "no-cob-newer-job":
        fam.person("worker", rng.choice("FM"), fam.born(25, 63))
        low, high = _window(fam, "worker", margin=1)
        old_start, new_start = _days(fam, 2, low, high)
        old = _job_plan(fam, "first-job", "worker", [("worker", "self")], old_start, prefix="first-job-plan")["worker"]
        new = _job_plan(
            fam, "second-job", "worker", [("worker", "self")], new_start, prefix="second-job-plan", cob="none"
        )["worker"]
        case = fam.build("x", "worker", "Two jobs; the newer job's self-funded plan has no COB provision")
        return Built(case, Story([new, old], why="the plan with no COB provision is primary"))
    if variant == "no-cob-pre2005":
        fam.ruleset = "pre-2005"
    patient = rng.choice(("wife", "husband"))
    spouse = "husband" if patient == "wife" else "wife"
    _couple(fam, "wife", "husband")
    low, high = _window(fam, "wife", "husband")
    plans = {}
    for x, y in ((patient, spouse), (spouse, patient)):
        kw: dict[str, Any] = {}
        if x == spouse and variant in ("no-cob-spouse-plan", "no-cob-pre2005"):
            kw["cob"] = "none"
        elif (x, variant) in ((spouse, "excess-spouse-plan"), (patient, "excess-own-plan")):
            kw["cob"] = "excess"
        plans[x] = _job_plan(
            fam,
            f"{x}-employer",
            x,
            [(x, "self"), (y, "spouse")],
            day_between(rng, low, high),
            prefix=f"{x}-group",
            **kw,
        )
    own, dep = plans[patient][patient], plans[spouse][patient]
    if variant in ("no-cob-spouse-plan", "no-cob-pre2005"):
        order, why = [dep, own], "the spouse's plan has no COB provision, so it pays first"
    elif variant == "excess-spouse-plan":
        order, why = [own, dep], "both plans say the complying own plan is primary"
    else:
        order, why = [own, dep], "the excess clause is non-complying and the complying plan says it pays first"
    case = fam.build("x", patient, "One plan does not coordinate by the NAIC rules")
    return Built(case, Story(order, why=why))


# ------------------------------------------------------------------------------------ three or more plans (§6A(4))


@scenario(
    "three-or-more-plans",
    title="Three plans: every pair ranked by the same rules",
    difficulty=4,
    rules=(
        "coordination.more_than_two_payers",
        "naic.custodial_parent",
        "naic.nondependent_first",
        "naic.longer_coverage",
        "naic.active_before_inactive",
        "naic.continuation_last",
        "naic.birthday",
    ),
    variants=(
        "divorced-with-stepparent",
        "two-jobs-and-spouse",
        "own-plan-and-both-parents",
        "active-retiree-and-spouse",
        "new-job-cobra-and-spouse",
    ),
    source="NAIC MDL-120 §6A(4); Ohio R.C. 3902.12; SD DOI FAQ and Horizon (C07); reference §2.4, §6A C07, §7 items 6, 9, 10",
)
def three_or_more_plans(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person covered by three plans. The same order rules rank every pair, and the third plan pays after
    considering what the first two paid. Variants: a child of divorced parents, with no decree, covered by the
    custodial parent, the custodial parent's new spouse and the other parent (the stepparent comes before the other
    parent); an adult with two jobs and a spouse's plan (own plans by length of coverage, then the spouse's plan); a
    young adult with a job plan and both parents' plans (own plan, then the birthday rule); an early retiree back at
    work with a spouse's plan too (active job, then the retiree plan, then the spouse's plan); and someone with a new
    job, COBRA from the last job, and a spouse's plan (new job, then COBRA, then the spouse's plan)."""
    fam = Family.start(rng, ident)
    if variant == "divorced-with-stepparent":
        if rng.random() < 0.5:
            fam.ruleset = "pre-2005"  # both models have these three tiers
        child = _apart(fam, "divorced")
        custodial = rng.choice(("mother", "father"))
        step = _stepparent(fam, custodial, child)
        fam.custody("child", "divorced", custodial_parent=custodial)
        plans = _parent_plans(fam, "mother", "father")
        sp = _job_plan(
            fam,
            f"{step}-employer",
            step,
            [(step, "self"), ("child", "child")],
            adult_start(fam, step, 0.5, 12),
            prefix=f"{step}-group",
        )
        order = [plans[custodial]["child"], sp["child"], plans[_other(custodial)]["child"]]
        case = fam.build("x", "child", "Divorced parents, a stepparent, three plans for the child")
        return Built(case, Story(order, why="custodial parent, then their spouse, then the other parent"))
    if variant == "own-plan-and-both-parents":
        early, late = two_month_days(rng)
        first_bd = rng.choice(("mother", "father"))
        mds = {first_bd: early, _other(first_bd): late}
        _parents(fam, mother_md=mds["mother"], father_md=mds["father"], child_min=19, child_max=25)
        fam.marry("mother", "father")
        fam.custody("child", "married")
        plans = _parent_plans(fam, "mother", "father")
        own_start = day_between(rng, _eighteen(fam, "child"), fam.service)
        own = _job_plan(fam, "child-employer", "child", [("child", "self")], own_start, prefix="child-group")["child"]
        order = [own, plans[first_bd]["child"], plans[_other(first_bd)]["child"]]
        case = fam.build("x", "child", "A young adult's own plan and both parents' plans")
        return Built(case, Story(order, why="own plan first, then the parents by birthday"))
    # an adult with two plans of their own and a dependent spot on the spouse's plan
    older = variant == "active-retiree-and-spouse"
    fam.person("worker", rng.choice("FM"), fam.born(52, 63) if older else fam.born(25, 60))
    fam.person("spouse", rng.choice("FM"), fam.born(25, 64))
    fam.marry("worker", "spouse")
    low, high = _window(fam, "worker", "spouse", margin=1)
    spouse_plan = _job_plan(
        fam,
        "spouse-employer",
        "spouse",
        [("spouse", "self"), ("worker", "spouse")],
        day_between(rng, low, high),
        prefix="spouse-group",
    )["worker"]
    if variant == "two-jobs-and-spouse":
        s1, s2 = _days(fam, 2, *_window(fam, "worker", margin=1))
        jobs = ["main-job", "second-job"]
        rng.shuffle(jobs)
        first = _job_plan(fam, jobs[0], "worker", [("worker", "self")], s1, prefix=f"{jobs[0]}-plan")["worker"]
        second = _job_plan(fam, jobs[1], "worker", [("worker", "self")], s2, prefix=f"{jobs[1]}-plan")["worker"]
        why = "own plans first (the longer one first), then the spouse's plan"
    elif variant == "active-retiree-and-spouse":
        r_start, retired_on, a_start = _career(fam, "worker", 3)
        second = _job_plan(
            fam, "former-employer", "worker", [("worker", "self")], r_start, prefix="retiree-plan", basis="retired"
        )["worker"]
        first = _job_plan(
            fam, "current-employer", "worker", [("worker", "self")], a_start, prefix="current-employer-plan"
        )["worker"]
        fam.works("worker", "former-employer", "retired", start=_iso(r_start), end=_iso(retired_on))
        fam.works("worker", "current-employer", "active", start=_iso(a_start))
        why = "active job first, the own retiree plan before the spouse's plan, the spouse's plan last"
    else:
        old_start, left, new_start = _left_job(fam, "worker")
        second = _job_plan(
            fam,
            "former-employer",
            "worker",
            [("worker", "self")],
            old_start,
            prefix="former-employer-cobra",
            basis="cobra",
        )["worker"]
        first = _job_plan(fam, "new-employer", "worker", [("worker", "self")], new_start, prefix="new-employer-plan")[
            "worker"
        ]
        fam.works("worker", "former-employer", "terminated", start=_iso(old_start), end=_iso(left))
        fam.works("worker", "new-employer", "active", start=_iso(new_start))
        why = "new job first, COBRA (own coverage) before the spouse's plan, the spouse's plan last"
    case = fam.build("x", "worker", "Three plans for one adult")
    return Built(case, Story([first, second, spouse_plan], why=why))
