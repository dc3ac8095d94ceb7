"""Medicare entitlement dates: age, disability and the month-by-month ESRD algorithm.

Pure date arithmetic on calendar months. Sources:

* Age: entitlement begins on the first day of the month in which a person attains 65, and a person attains an
  age on the day before the anniversary of birth (42 CFR 411.170(c)). Someone born on the 1st of a month is
  therefore entitled from the first day of the previous month.
* Disability: Medicare begins with the 25th month of Social Security disability benefits (42 USC 426(b)).
* ESRD (SSA POMS HI 00801.216, .221, .226; HI 00820.030): entitlement begins the first day of the third month
  after the month a regular course of dialysis begins (the day of the month does not matter), or the month
  dialysis began when self-dialysis training begins within that qualifying period, or the month of a kidney
  transplant, or the month of a preparatory admission when the transplant follows within two months (two months
  before the transplant when it is later). It ends 12 months after the month dialysis stops, or 36 months after
  the month of a transplant. A new course that starts after entitlement ended is a new period with no
  qualifying wait, and each period has its own coordination period (30 months since 1997-08-05).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from cobsim.model.case import EsrdCourse, MedicareFacts, Person
from cobsim.rules.params import int_param


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, months: int) -> date:
    """First day of the month ``months`` after the month of ``d``.

    Saturates instead of overflowing: a month past December 9999 gives ``date.max`` and one before January of
    year 1 gives ``date.min``, which compare as "later (earlier) than any case date". The case format keeps every
    date within 1900-2099, so this only guards code that computes dates of its own (a timeline's months).

    Examples:
        >>> add_months(date(2025, 3, 31), 3)
        datetime.date(2025, 6, 1)
        >>> add_months(date(2025, 11, 5), 3)
        datetime.date(2026, 2, 1)
        >>> add_months(date(9999, 12, 1), 36)
        datetime.date(9999, 12, 31)
    """
    index = d.year * 12 + (d.month - 1) + months
    year = index // 12
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    return date(year, index % 12 + 1, 1)


def month_end(d: date) -> date:
    following = add_months(d, 1)
    return date.max if following == date.max else following - timedelta(days=1)


def months_between(start: date, later: date) -> int:
    """Whole calendar months from the month of ``start`` to the month of ``later`` (same month = 0)."""
    return (later.year - start.year) * 12 + (later.month - start.month)


def attains_age_on(birth_date: date, age: int) -> date:
    """The day a person attains ``age``: the day before the anniversary of birth (42 CFR 411.170(c)).

    Examples:
        >>> attains_age_on(date(1960, 3, 1), 65)
        datetime.date(2025, 2, 28)
        >>> attains_age_on(date(1960, 2, 29), 65)  # anniversary taken as 1 March in a common year
        datetime.date(2025, 2, 28)
    """
    year = birth_date.year + age
    if year > date.max.year:  # saturate like add_months: never within any case
        return date.max
    try:
        anniversary = birth_date.replace(year=year)
    except ValueError:  # born on 29 February; the anniversary in a common year is 1 March
        anniversary = date(year, 3, 1)
    return anniversary - timedelta(days=1)


def aged_entitlement_start(birth_date: date) -> date:
    """First day of Medicare entitlement by age: the first of the month in which the person attains 65."""
    age = int_param("medicare.aged_entitlement_age", attains_age_on(birth_date, 65))
    return month_start(attains_age_on(birth_date, age))


def is_aged(person: Person, on: date) -> bool:
    """Whether ``person`` is "aged" for Medicare on ``on`` (from the first of the month they attain 65)."""
    return on >= aged_entitlement_start(person.birth_date)


def disability_entitlement_start(facts: MedicareFacts | None) -> date | None:
    """First day of Medicare by disability: as given, else the 25th month of SSDI benefits."""
    if facts is None:
        return None
    if facts.disability_entitlement_start is not None:
        return month_start(facts.disability_entitlement_start)
    if facts.ssdi_entitlement_start is not None:
        wait = int_param("medicare.disability_waiting_months", facts.ssdi_entitlement_start)
        return add_months(facts.ssdi_entitlement_start, wait)
    return None


@dataclass(frozen=True)
class EsrdPeriod:
    """A continuous period of Medicare entitlement (or eligibility) on the basis of ESRD."""

    start: date  #: first day of entitlement (month 1 of the coordination period)
    end: date | None  #: last day of entitlement, None while it continues
    coordination_months: int
    how: str  #: one sentence: how the start month was found

    @property
    def coordination_end(self) -> date:
        """Last day of the coordination period."""
        following = add_months(self.start, self.coordination_months)
        return date.max if following == date.max else following - timedelta(days=1)

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)

    def coordination_month(self, on: date) -> int:
        """Which month of the coordination period ``on`` falls in (1-based; may exceed the period)."""
        return months_between(self.start, on) + 1


def _course_start(course: EsrdCourse, *, reentitled: bool) -> tuple[date, str]:
    candidates: list[tuple[date, str]] = []
    if course.dialysis_start is not None:
        m = course.dialysis_start
        qualifying = int_param("medicare.esrd_qualifying_months", m)
        if reentitled:
            candidates.append(
                (
                    month_start(m),
                    f"re-entitlement after an earlier ESRD period: no qualifying period ({m:%B %Y})",
                )
            )
        else:
            candidates.append(
                (
                    add_months(m, qualifying),
                    f"dialysis began in {m:%B %Y}; entitlement begins the first day of the third month after "
                    f"that month ({add_months(m, qualifying):%B %-d, %Y})",
                )
            )
        training = course.self_dialysis_training_start
        if training is not None and training < add_months(m, qualifying):
            candidates.append(
                (
                    month_start(m),
                    f"self-dialysis training began on {training} within the qualifying period, so entitlement "
                    f"begins with the month dialysis began ({m:%B %Y})",
                )
            )
    if course.transplant_date is not None:
        t = course.transplant_date
        candidates.append((month_start(t), f"kidney transplant in {t:%B %Y}: entitlement begins that month"))
        prep = course.transplant_preparation_admission
        if prep is not None:
            window = int_param("medicare.esrd_preparation_window_months", prep)
            if months_between(prep, t) <= window:
                candidates.append(
                    (
                        month_start(prep),
                        f"admitted on {prep} to prepare for a transplant that followed within {window} months: "
                        f"entitlement begins with the admission month ({prep:%B %Y})",
                    )
                )
            else:
                candidates.append(
                    (
                        add_months(t, -2),
                        "the preparatory admission was more than two months before the transplant: entitlement "
                        f"begins two months before the transplant month ({add_months(t, -2):%B %Y})",
                    )
                )
    return min(candidates)


def _course_end(course: EsrdCourse) -> date | None:
    if course.transplant_date is not None:
        months = int_param("medicare.esrd_after_transplant_months", course.transplant_date)
        return month_end(add_months(course.transplant_date, months))
    if course.dialysis_end is not None:
        months = int_param("medicare.esrd_after_dialysis_months", course.dialysis_end)
        return month_end(add_months(course.dialysis_end, months))
    return None


def esrd_periods(facts: MedicareFacts | None) -> tuple[EsrdPeriod, ...]:
    """The person's ESRD entitlement periods, oldest first.

    A course that begins while an earlier period still runs (dialysis resumed within 12 months, a transplant
    that failed within 36) extends that period; one that begins later opens a new period, without a qualifying
    wait and with a coordination period of its own.
    """
    if facts is None or not facts.esrd:
        return ()
    periods: list[EsrdPeriod] = []
    for course in facts.esrd:
        course_begin = course.dialysis_start or course.transplant_date
        assert course_begin is not None  # the model guarantees one of them
        current = periods[-1] if periods else None
        if current is not None and (current.end is None or course_begin <= current.end):
            # No break in entitlement: the period goes on, and the later course decides when it ends.
            periods[-1] = replace(current, end=_course_end(course))
            continue
        start, how = _course_start(course, reentitled=bool(periods))
        months = int_param("medicare.esrd_coordination_months", start)
        periods.append(EsrdPeriod(start=start, end=_course_end(course), coordination_months=months, how=how))
    return tuple(periods)


def esrd_period_on(facts: MedicareFacts | None, on: date) -> EsrdPeriod | None:
    """The ESRD period that covers ``on``, if any."""
    for period in esrd_periods(facts):
        if period.covers(on):
            return period
    return None
