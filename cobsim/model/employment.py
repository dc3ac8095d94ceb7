"""Employers, their size by calendar year, multi-employer plans, and people's employment."""

from __future__ import annotations

from datetime import date
from typing import Self

from pydantic import Field, model_validator

from cobsim.model.base import FrozenModel as _Model
from cobsim.model.base import Id, Text
from cobsim.model.codes import EmploymentStatus


class EmployerYear(_Model):
    """An employer's size in one calendar year, as the Medicare Secondary Payer tests count it."""

    year: int = Field(ge=1966, le=2100)
    typical_employees: int = Field(ge=0, description="employees on a typical business day (100-employee test)")
    weeks_with_20_or_more: int | None = Field(
        None,
        ge=0,
        le=53,
        description="calendar weeks in which the employer had 20 or more employees on each working day",
    )
    twentieth_week_start: date | None = Field(
        None, description="first day of the 20th such week, when the test was first met during this year"
    )


class Employer(_Model):
    """An employer (or union) that sponsors or contributes to a group health plan."""

    id: Id
    name: Text | None = None
    employees: int = Field(ge=0, description="employees now, full and part time, whole employer group counted")
    history: tuple[EmployerYear, ...] = Field((), description="size by calendar year, where it changed")
    federal: bool = Field(False, description="the federal government (FEHB)")

    @model_validator(mode="after")
    def _check(self) -> Self:
        years = [y.year for y in self.history]
        if len(set(years)) != len(years):
            raise ValueError("a calendar year appears twice in the employer's history")
        return self

    def year(self, year: int) -> EmployerYear:
        """The employer's size in ``year``: the history entry, or today's size when the year is not listed."""
        for entry in self.history:
            if entry.year == year:
                return entry
        return EmployerYear(
            year=year,
            typical_employees=self.employees,
            weeks_with_20_or_more=52 if self.employees >= 20 else 0,
        )


class MultiEmployerPlan(_Model):
    """A multi-employer or multiple-employer plan (union health and welfare fund, state employee program)."""

    id: Id
    name: Text | None = None
    employers: tuple[Id, ...] = Field(min_length=1)
    small_employer_exception: bool = Field(
        False,
        description="the plan elected 42 USC 1395y(b)(1)(A)(iii): Medicare primary for members of <20 employers",
    )


class Employment(_Model):
    """A person's employment with an employer."""

    person: Id
    employer: Id
    status: EmploymentStatus
    start: date | None = None
    end: date | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"employment ends on {self.end}, before it starts on {self.start}")
        return self
