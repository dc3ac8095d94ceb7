"""Helpers shared by scenario builders: birth dates with a chosen month and day, coverage start dates."""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta

from generators.family import Family, day_between, years_before


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def birth_on(fam: Family, min_age: int, max_age: int, month: int, day: int) -> date:
    """A birth date on ``month``/``day`` giving an age from ``min_age`` to ``max_age`` on the service date."""
    years = []
    for year in range(fam.service.year - max_age - 1, fam.service.year - min_age + 1):
        if month == 2 and day == 29 and not calendar.isleap(year):
            continue
        if min_age <= age_on(date(year, month, day), fam.service) <= max_age:
            years.append(year)
    if not years:
        raise ValueError(f"no birth year gives an age {min_age}-{max_age} on {fam.service} for {month}/{day}")
    return date(fam.rng.choice(years), month, day)


def two_month_days(rng: random.Random, *, same: bool = False) -> tuple[tuple[int, int], tuple[int, int]]:
    """Two distinct (month, day) pairs, earlier first (or the same pair twice); never 29 February."""
    base = date(2023, 1, 1)
    a = rng.randrange(365)
    b = a if same else rng.choice([x for x in range(365) if x != a])
    first, second = sorted((a, b))
    d1, d2 = base + timedelta(days=first), base + timedelta(days=second)
    return (d1.month, d1.day), (d2.month, d2.day)


def started(fam: Family, min_years: float, max_years: float) -> date:
    """A coverage start between ``max_years`` and ``min_years`` years before the service date."""
    return day_between(
        fam.rng, fam.service - timedelta(days=int(max_years * 365)), fam.service - timedelta(days=int(min_years * 365))
    )


def no_earlier_than(d: date, other: date) -> date:
    return max(d, other)


def adult_start(fam: Family, pid: str, min_years: float, max_years: float) -> date:
    """A coverage start for an adult: in the window, and not before their 18th birthday."""
    return no_earlier_than(started(fam, min_years, max_years), years_before(fam.birth_of(pid), -18))
