"""Curricula: YAML lessons, validated at load.

A lesson names the rules it teaches, the scenarios its questions come from, the kinds of question, how many,
and the pass mark. Lessons live in the project's ``curricula/`` folder (installed with the package as
``cobsim/curricula``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from cobsim.errors import InvalidInput
from cobsim.rules.registry import RULES_BY_ID


class QuestionKind(StrEnum):
    ORDER = "order"  #: put the payers in order
    RULE = "rule"  #: which rule decides between the first two payers
    PAYMENT = "payment"  #: what a payer pays and what the patient still owes, every input on screen
    NEXT_ACTION = "next_action"  #: what the biller does next
    POSITION = "position"  #: which payer pays second or third (the Medicare reversal, tertiary payers)
    DATE = "date"  #: first day of Medicare by age, first month of ESRD Medicare, end of the coordination period
    MSP = "msp_questionnaire"  #: which answer on the Medicare Secondary Payer questionnaire decides
    REMITTANCE = "remittance"  #: reading the primary's remittance: group and reason codes
    SECONDARY_CLAIM = "secondary_claim"  #: what the claim to a later payer must carry


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScenarioRef(_Model):
    """A scenario the lesson draws cases from (variants: all of the scenario's when empty)."""

    name: Slug
    variants: tuple[str, ...] = ()
    weight: int = Field(1, ge=1, le=10)


class Lesson(_Model):
    """One lesson of a curriculum."""

    id: Slug
    title: str = Field(min_length=5, max_length=120)
    level: int = Field(ge=1, le=5)
    sequence: int = Field(ge=1, description="position in the course")
    summary: str = Field(min_length=20, max_length=400)
    objectives: tuple[str, ...] = Field(min_length=2)
    explanation: str = Field(min_length=200, description="plain-language teaching text (Markdown)")
    rules: tuple[str, ...] = Field(min_length=1, description="rule ids the lesson teaches")
    scenarios: tuple[ScenarioRef, ...] = Field(min_length=1)
    question_kinds: tuple[QuestionKind, ...] = Field(min_length=1)
    questions: int = Field(ge=3, le=30, description="questions in one sitting")
    pass_mark: float = Field(ge=0.5, le=1.0, description="share of right answers to pass")
    misconceptions: tuple[str, ...] = Field((), description="misconception ids this lesson confronts")

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [r for r in value if r not in RULES_BY_ID]
        if unknown:
            raise ValueError(f"unknown rule id(s) {unknown}")
        return value

    @model_validator(mode="after")
    def _check(self) -> Lesson:
        if len(set(self.question_kinds)) != len(self.question_kinds):
            raise ValueError("a question kind is listed twice")
        return self


class Curriculum(_Model):
    lessons: tuple[Lesson, ...]

    def lesson(self, lesson_id: str) -> Lesson:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise InvalidInput(f"no lesson '{lesson_id}'; lessons are: {', '.join(x.id for x in self.lessons)}")

    @property
    def rules(self) -> set[str]:
        return {r for lesson in self.lessons for r in lesson.rules}


def default_folder() -> Path:
    """``COBSIM_CURRICULA`` if set, else the curricula installed with cobsim, else the source tree's folder."""
    env = os.environ.get("COBSIM_CURRICULA")
    if env:
        return Path(env)
    packaged = resources.files("cobsim").joinpath("curricula")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "curricula"


def load_curriculum(folder: Path | None = None) -> Curriculum:
    """Every ``*.yaml`` lesson in ``folder``, validated and sorted by sequence.

    Raises:
        InvalidInput: a lesson is not valid YAML or breaks the lesson schema (the message names file and field).
    """
    folder = folder or default_folder()
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise InvalidInput(f"no lessons (*.yaml) in {folder}")
    lessons: list[Lesson] = []
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            lessons.append(Lesson.model_validate(data))
        except yaml.YAMLError as exc:
            raise InvalidInput(f"{path.name}: not valid YAML ({exc})") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"]) or "(lesson)"
            raise InvalidInput(f"{path.name}: {where}: {first['msg']}") from None
    ids = [x.id for x in lessons]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InvalidInput(f"lesson ids used twice: {dupes}")
    return Curriculum(lessons=tuple(sorted(lessons, key=lambda x: (x.sequence, x.id))))


__all__: Sequence[str] = ("Curriculum", "Lesson", "QuestionKind", "ScenarioRef", "load_curriculum")
