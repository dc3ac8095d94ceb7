"""Stories of commercial plans: spouses, children of married, divorced and blended families, jobs and retirement."""

from __future__ import annotations

import random

from generators.family import Built, Family, Story
from generators.identity import Identity
from generators.scenarios.base import scenario
from generators.scenarios.common import adult_start, birth_on, started, two_month_days


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
    fam.person("child", rng.choice("FM"), fam.born(0, 17))
    fam.marry("mother", "father")
    fam.parent("mother", "child")
    fam.parent("father", "child")
    fam.custody("child", "married")
    fam.employer("mother-employer", rng.choice((45, 300, 2500)))
    fam.employer("father-employer", rng.choice((45, 300, 2500)))
    m = fam.family_plan(
        "mother-group", "mother", [("mother", "self"), ("child", "child")], start=adult_start(fam, "mother", 0.5, 8),
        employer="mother-employer",
    )
    f = fam.family_plan(
        "father-group", "father", [("father", "self"), ("child", "child")], start=adult_start(fam, "father", 0.5, 8),
        employer="father-employer",
    )
    first, second = (f, m) if variant == "father-first" else (m, f)
    case = fam.build("x", "child", "Married parents cover their child: whose birthday comes first in the year?")
    return Built(case, Story([first["child"], second["child"]], why="earlier month and day of the parent's birthday"))
