"""Medicare entitlement dates, at their boundaries (SSA POMS HI 00801.216/.221/.226, HI 00820.030; 42 CFR 411.170)."""

from __future__ import annotations

from datetime import date

import pytest

from cobsim.medicare import (
    add_months,
    aged_entitlement_start,
    attains_age_on,
    disability_entitlement_start,
    esrd_period_on,
    esrd_periods,
)
from cobsim.model.case import EsrdCourse, MedicareFacts


def facts(*courses: EsrdCourse) -> MedicareFacts:
    return MedicareFacts(esrd=courses)


@pytest.mark.parametrize(
    ("birth", "entitled_from"),
    [
        (date(1960, 3, 2), date(2025, 3, 1)),  # attains 65 on 1 March: entitled from March
        (date(1960, 3, 1), date(2025, 2, 1)),  # attains 65 on 28 February (day before): entitled from February
        (date(1960, 2, 29), date(2025, 2, 1)),  # leap-day birth: attains 65 on 28 February 2025
        (date(1960, 12, 31), date(2025, 12, 1)),
    ],
)
def test_aged_entitlement_uses_the_day_before_rule(birth: date, entitled_from: date) -> None:
    assert aged_entitlement_start(birth) == entitled_from


def test_attains_age_day_before_anniversary() -> None:
    assert attains_age_on(date(1960, 7, 15), 65) == date(2025, 7, 14)


def test_disability_from_the_25th_month_of_ssdi() -> None:
    assert disability_entitlement_start(MedicareFacts(ssdi_entitlement_start=date(2022, 5, 1))) == date(2024, 5, 1)
    given = MedicareFacts(disability_entitlement_start=date(2021, 8, 17))
    assert disability_entitlement_start(given) == date(2021, 8, 1)
    assert disability_entitlement_start(None) is None


@pytest.mark.parametrize("day", [1, 31])
def test_dialysis_start_day_does_not_matter(day: int) -> None:
    period = esrd_periods(facts(EsrdCourse(dialysis_start=date(2025, 8, day))))[0]
    assert period.start == date(2025, 11, 1)  # POMS: "August 1 or August 31, entitlement begins with November 1"


def test_thirty_month_coordination_period_of_example_11() -> None:
    period = esrd_periods(facts(EsrdCourse(dialysis_start=date(2025, 3, 10))))[0]
    assert period.start == date(2025, 6, 1)
    assert period.coordination_months == 30
    assert period.coordination_end == date(2027, 11, 30)
    assert period.coordination_month(date(2027, 11, 30)) == 30
    assert period.coordination_month(date(2027, 12, 1)) == 31


def test_training_inside_qualifying_period_starts_entitlement_in_the_dialysis_month() -> None:
    inside = EsrdCourse(dialysis_start=date(2025, 3, 10), self_dialysis_training_start=date(2025, 5, 31))
    after = EsrdCourse(dialysis_start=date(2025, 3, 10), self_dialysis_training_start=date(2025, 6, 1))
    assert esrd_periods(facts(inside))[0].start == date(2025, 3, 1)
    assert esrd_periods(facts(after))[0].start == date(2025, 6, 1)


def test_transplant_and_preparatory_admission() -> None:
    plain = EsrdCourse(transplant_date=date(2025, 9, 20))
    soon = EsrdCourse(transplant_date=date(2025, 9, 20), transplant_preparation_admission=date(2025, 8, 5))
    edge = EsrdCourse(transplant_date=date(2025, 9, 20), transplant_preparation_admission=date(2025, 7, 31))
    late = EsrdCourse(transplant_date=date(2025, 9, 20), transplant_preparation_admission=date(2025, 5, 5))
    assert esrd_periods(facts(plain))[0].start == date(2025, 9, 1)
    assert esrd_periods(facts(soon))[0].start == date(2025, 8, 1)  # transplant within 2 months: admission month
    assert esrd_periods(facts(edge))[0].start == date(2025, 7, 1)  # exactly 2 months later: still admission month
    assert esrd_periods(facts(late))[0].start == date(2025, 7, 1)  # more than 2 months: two months before


def test_entitlement_ends_36_months_after_transplant() -> None:
    period = esrd_periods(facts(EsrdCourse(transplant_date=date(1990, 9, 14))))[0]
    assert period.end == date(1993, 9, 30)  # POMS HI 00820.030 example: transplant 9/90, ends 9/30/93


def test_reentitlement_after_a_break_is_a_new_period_without_a_wait() -> None:
    first = EsrdCourse(dialysis_start=date(2015, 1, 5), transplant_date=date(2016, 2, 10))
    second = EsrdCourse(dialysis_start=date(2021, 6, 20))
    periods = esrd_periods(facts(first, second))
    assert len(periods) == 2
    assert periods[0].end == date(2019, 2, 28)
    assert periods[1].start == date(2021, 6, 1)
    assert periods[1].coordination_end == date(2023, 11, 30)
    assert esrd_period_on(facts(first, second), date(2020, 1, 1)) is None


def test_dialysis_resumed_within_twelve_months_continues_the_period() -> None:
    first = EsrdCourse(dialysis_start=date(2020, 1, 5), dialysis_end=date(2021, 3, 1))
    second = EsrdCourse(dialysis_start=date(2021, 10, 1))
    periods = esrd_periods(facts(first, second))
    assert len(periods) == 1
    assert periods[0].start == date(2020, 4, 1)
    assert periods[0].end is None


def test_coordination_months_follow_the_dated_parameter() -> None:
    before_1997 = esrd_periods(facts(EsrdCourse(dialysis_start=date(1995, 1, 10))))[0]
    assert before_1997.coordination_months == 18


def test_add_months_crosses_years() -> None:
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 1)
    assert add_months(date(2025, 1, 15), -2) == date(2024, 11, 1)
