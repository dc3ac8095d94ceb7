"""People: who they are, and the facts Medicare entitlement rests on (disability, ESRD courses)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Self

from pydantic import Field, model_validator

from cobsim.model.base import FrozenModel as _Model
from cobsim.model.base import Id, StateCode, Text, days_from, pattern_type
from cobsim.model.codes import Sex
from cobsim.model.limits import EARLIEST_BIRTH, ESRD_FROM, MAX_LIST, MEDICARE_DISABILITY_FROM

#: A birth date: people born from 2 July 1901 on (they turned 65 after Medicare began on 1966-07-01).
BirthDate = Annotated[date, days_from(EARLIEST_BIRTH, "cobsim's Medicare age rule starts with Medicare on 1966-07-01")]
#: A date of Medicare disability entitlement or SSDI benefits (Medicare for disability began on 1973-07-01).
DisabilityDate = Annotated[
    date, days_from(MEDICARE_DISABILITY_FROM, "Medicare for people with disabilities began on 1973-07-01")
]
#: A date of an ESRD course (cobsim decides ESRD entitlement from the first coordination period, 1981-10-01).
EsrdDate = Annotated[
    date, days_from(ESRD_FROM, "cobsim decides ESRD entitlement from the first coordination period (OBRA 1981)")
]

#: A synthetic SSN: areas 9xx, 000 and 666 are never issued. The message says why others are refused.
SyntheticSsn = Annotated[
    str,
    pattern_type(
        "(9[0-9][0-9]|000|666)-[0-9]{2}-[0-9]{4}",
        "a synthetic SSN (cobsim holds synthetic people only: an SSN must be in a never-issued area, 9xx, 000 "
        "or 666, and written NNN-NN-NNNN)",
        "900-12-3456",
    ),
]
#: A five-digit ZIP code.
PostalCode = Annotated[str, pattern_type("[0-9]{5}", "a five-digit ZIP code", "07030")]


class EsrdCourse(_Model):
    """One course of end-stage renal disease treatment (a new course after a break is a new record)."""

    dialysis_start: EsrdDate | None = Field(None, description="first day of a regular course of dialysis")
    dialysis_end: EsrdDate | None = Field(None, description="day regular dialysis stopped (not for a transplant)")
    self_dialysis_training_start: EsrdDate | None = Field(
        None, description="start of a self-dialysis training program in a Medicare-approved facility"
    )
    transplant_date: EsrdDate | None = None
    transplant_preparation_admission: EsrdDate | None = Field(
        None, description="inpatient admission to an approved transplant center to prepare for the transplant"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.dialysis_start is None and self.transplant_date is None:
            raise ValueError("an ESRD course needs a dialysis_start or a transplant_date")
        if self.dialysis_start and self.dialysis_end and self.dialysis_end < self.dialysis_start:
            raise ValueError(f"dialysis ends on {self.dialysis_end}, before it starts on {self.dialysis_start}")
        if self.self_dialysis_training_start and self.dialysis_start is None:
            raise ValueError("self_dialysis_training_start needs a dialysis_start")
        if (
            self.transplant_preparation_admission
            and self.transplant_date
            and self.transplant_preparation_admission > self.transplant_date
        ):
            raise ValueError("the transplant preparation admission is after the transplant")
        return self


class MedicareFacts(_Model):
    """What a person's Medicare entitlement rests on, besides age (which comes from the birth date)."""

    disability_entitlement_start: DisabilityDate | None = Field(
        None, description="first day of Medicare entitlement on the basis of disability"
    )
    ssdi_entitlement_start: DisabilityDate | None = Field(
        None,
        description="first month of Social Security disability benefits; Medicare starts in the 25th month",
    )
    esrd: tuple[EsrdCourse, ...] = Field((), max_length=MAX_LIST, description="courses of ESRD treatment, oldest first")

    @model_validator(mode="after")
    def _check(self) -> Self:
        starts = [c.dialysis_start or c.transplant_date for c in self.esrd]
        if starts != sorted(s for s in starts if s is not None):
            raise ValueError("ESRD courses must be listed oldest first")
        return self


class Address(_Model):
    line1: Text
    city: Text
    state: StateCode
    postal_code: PostalCode


class Person(_Model):
    """A person in the case: the patient, a subscriber, a parent, a spouse."""

    id: Id
    name: Text | None = None
    birth_date: BirthDate
    sex: Sex
    ssn: SyntheticSsn | None = Field(None, description="synthetic only: area 9xx, 000 or 666 (never issued)")
    address: Address | None = None
    medicare: MedicareFacts | None = Field(None, description="disability and ESRD facts for Medicare")
