"""How the people of a case are related: partners, parents and parent-like adults, custody and court decrees."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from cobsim.model.base import Day, Flag, Id
from cobsim.model.base import FrozenModel as _Model
from cobsim.model.codes import DecreeSubject, ParentsStatus, RelationshipKind
from cobsim.model.limits import MAX_LIST


class PartnerRelationship(_Model):
    """Two adults who are spouses or domestic partners (``former`` for a divorced spouse)."""

    kind: Literal[RelationshipKind.SPOUSE, RelationshipKind.DOMESTIC_PARTNER]
    a: Id
    b: Id
    former: Flag = Field(False, description="true for a former (divorced) spouse or partner")


class ParentalRelationship(_Model):
    """An adult who raises a child: parent, stepparent, guardian, grandparent or foster parent."""

    kind: Literal[
        RelationshipKind.PARENT,
        RelationshipKind.STEPPARENT,
        RelationshipKind.GUARDIAN,
        RelationshipKind.GRANDPARENT,
        RelationshipKind.FOSTER_PARENT,
    ]
    parent: Id
    child: Id


Relationship = Annotated[PartnerRelationship | ParentalRelationship, Field(discriminator="kind")]


class DecreeKnowledge(_Model):
    """When a plan learned of a court decree's health care terms (MDL-120: "actual knowledge")."""

    coverage: Id
    since: Day
    benefits_paid_before_in_plan_year: Flag = Field(
        False,
        description=(
            "the plan paid the child's benefits earlier in the plan year in which it learned of the decree: "
            "the decree rule does not apply to it for that plan year"
        ),
    )
    plan_year_end: Day | None = Field(
        None,
        description="last day of the plan year in which the plan learned of the decree (default: 31 December)",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.plan_year_end is not None and self.plan_year_end < self.since:
            raise ValueError(
                f"plan_year_end {self.plan_year_end} is before the plan learned of the decree (since {self.since})"
            )
        return self

    def applies_on(self, on: date) -> bool:
        """Whether the decree binds this plan for a service on ``on`` (MDL-120 §6D(2)(b)(i))."""
        if on < self.since:
            return False
        if self.benefits_paid_before_in_plan_year:
            year_end = self.plan_year_end or date(self.since.year, 12, 31)
            return on > year_end
        return True


class Decree(_Model):
    """A court decree about a child's health care."""

    responsible: tuple[Id, ...] = Field(
        (),
        max_length=2,
        json_schema_extra={"uniqueItems": True},
        description="the parent(s) the decree makes responsible; two ids when both are responsible",
    )
    subject: DecreeSubject = DecreeSubject.HEALTH_CARE_EXPENSES
    issued: Day | None = None
    known_to: tuple[DecreeKnowledge, ...] = Field(
        (), max_length=MAX_LIST, description="which plans know of the decree, and since when"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if len(set(self.responsible)) != len(self.responsible):
            raise ValueError("a parent is named twice in the decree")
        if len(self.responsible) > 2:
            raise ValueError("a decree names one responsible parent, or both")
        for i, known in enumerate(self.known_to):
            if self.issued is not None and known.since < self.issued:
                raise ValueError(
                    f"known_to[{i}].since: coverage '{known.coverage}' learned of the decree on {known.since}, "
                    f"before it was issued on {self.issued}"
                )
        return self


class ChildArrangement(_Model):
    """The situation of a dependent child's parents: together or apart, custody, court decree."""

    child: Id
    parents_status: ParentsStatus
    custodial_parent: Id | None = Field(
        None,
        description=(
            "the parent awarded custody, or without a decree the one the child lives with more than half of "
            "the calendar year"
        ),
    )
    joint_custody: Flag = Field(False, description="a decree grants joint custody")
    equal_residence: Flag = Field(
        False, description="no custody decree and the child lives with each parent half of the year"
    )
    decree: Decree | None = None
