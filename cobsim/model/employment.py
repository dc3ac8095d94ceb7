"""Employers, their size by calendar year, multi-employer plans, and people's employment."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, model_validator

from cobsim.model.base import Day, Flag, Id, Text, whole_number
from cobsim.model.base import FrozenModel as _Model
from cobsim.model.codes import EmploymentStatus
from cobsim.model.limits import DATE_MAX, MAX_EMPLOYEES, MAX_LIST

#: A count of employees.
Employees = Annotated[int, whole_number(0, MAX_EMPLOYEES)]


class EmployerYear(_Model):
    """An employer's size in one calendar year, as the Medicare Secondary Payer tests count it."""

    year: Annotated[int, whole_number(1966, DATE_MAX.year)] = Field(description="the calendar year")
    typical_employees: Employees = Field(description="employees on a typical business day (100-employee test)")
    weeks_with_20_or_more: Annotated[int, whole_number(0, 53)] | None = Field(
        None,
        description="calendar weeks in which the employer had 20 or more employees on each working day",
    )
    twentieth_week_start: Day | None = Field(
        None, description="first day of the 20th such week, when the test was first met during this year"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.twentieth_week_start is not None and self.twentieth_week_start.year != self.year:
            raise ValueError(
                f"twentieth_week_start {self.twentieth_week_start} is not in the year {self.year} it describes"
            )
        return self


class Employer(_Model):
    """An employer (or union) that sponsors or contributes to a group health plan."""

    id: Id
    name: Text | None = None
    employees: Employees = Field(description="employees now, full and part time, whole employer group counted")
    history: tuple[EmployerYear, ...] = Field(
        (), max_length=MAX_LIST, description="size by calendar year, where it changed"
    )
    federal: Flag = Field(False, description="the federal government (FEHB)")

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
        return EmployerYear.model_construct(  # the engine's own default, not input: any year is fine
            year=year,
            typical_employees=self.employees,
            weeks_with_20_or_more=52 if self.employees >= 20 else 0,
        )


class MultiEmployerPlan(_Model):
    """A multi-employer or multiple-employer plan (union health and welfare fund, state employee program)."""

    id: Id
    name: Text | None = None
    employers: tuple[Id, ...] = Field(min_length=1, max_length=MAX_LIST)
    small_employer_exception: Flag = Field(
        False,
        description="the plan elected 42 USC 1395y(b)(1)(A)(iii): Medicare primary for members of <20 employers",
    )


class Employment(_Model):
    """A person's employment with an employer."""

    person: Id
    employer: Id
    status: EmploymentStatus
    start: Day | None = None
    end: Day | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"employment ends on {self.end}, before it starts on {self.start}")
        return self
