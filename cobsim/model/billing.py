"""Billing facts of case format 1.1: payer identifiers, the provider, and the claim's billing history.

Format 1.0 describes who is covered and what the claim costs; the claim's life between payers needs a little more:
which identifier each payer goes by on an 837, the claim filing indicator (SBR09), whether a supplemental payer
takes Medicare crossovers, who the provider is and whether it takes Medicare assignment, and what the biller saw
(when the claim went out, where it went first, when each remittance arrived, a claim pended for the COB
questionnaire). Every field here is optional: :mod:`cobsim.claims` fills what a case does not say from
documented defaults and a seed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, model_validator

from cobsim.model.base import Day, Flag, Id, Text, pattern_type
from cobsim.model.base import FrozenModel as _Model

#: An X12 payer identifier (NM109 of loops 2010BB and 2330B): letters and digits.
PayerId = Annotated[
    str, pattern_type("[A-Z0-9]{2,20}", "an X12 payer id (2 to 20 capital letters or digits)", "SYNBAY01")
]
#: A ten-digit National Provider Identifier (synthetic cases use numbers that pass the Luhn check).
Npi = Annotated[str, pattern_type("[0-9]{10}", "a ten-digit NPI", "1128971284")]
#: An employer identification number written NN-NNNNNNN (synthetic cases use the never-issued prefix 00).
Ein = Annotated[str, pattern_type("[0-9]{2}-[0-9]{7}", "an EIN written NN-NNNNNNN", "00-1234567")]
#: An ICD-10-CM diagnosis code without the dot (R69, S83241A).
Icd10 = Annotated[str, pattern_type("[A-Z][0-9][0-9A-Z]{1,5}", "an ICD-10-CM code without the dot", "R69")]


class ClaimFilingIndicator(StrEnum):
    """X12 claim filing indicator code (SBR09): what kind of payer a claim is sent to."""

    SELF_PAY = "09"
    OTHER_NON_FEDERAL = "11"
    PPO = "12"
    POS = "13"
    EPO = "14"
    INDEMNITY = "15"
    HMO_MEDICARE_RISK = "16"  #: Medicare Advantage
    DENTAL_MAINTENANCE = "17"
    AUTOMOBILE_MEDICAL = "AM"
    BLUE_CROSS_BLUE_SHIELD = "BL"
    CHAMPUS = "CH"  #: TRICARE
    COMMERCIAL = "CI"
    DISABILITY = "DS"
    FEDERAL_EMPLOYEES = "FI"
    HMO = "HM"
    LIABILITY_MEDICAL = "LM"
    MEDICARE_PART_A = "MA"
    MEDICARE_PART_B = "MB"
    MEDICAID = "MC"
    OTHER_FEDERAL = "OF"
    TITLE_V = "TV"
    VETERANS_AFFAIRS = "VA"
    WORKERS_COMP = "WC"
    MUTUALLY_DEFINED = "ZZ"


class ForeignCareException(StrEnum):
    """The narrow cases in which Medicare pays for care outside the United States (42 CFR 424.122-424.124)."""

    #: an emergency in the U.S. (or en route) where a foreign hospital is closer than the nearest U.S. hospital
    EMERGENCY_CLOSER = "emergency_closer"
    #: travelling between Alaska and another state through Canada without unreasonable delay
    CANADA_TRANSIT = "canada_transit"
    #: a U.S. resident for whom a foreign hospital is closer to home than the nearest U.S. hospital
    RESIDENT_CLOSER = "resident_closer"


class Provider(_Model):
    """The billing provider of the claim, and its standing with Medicare."""

    name: Text | None = None
    npi: Npi | None = None
    tax_id: Ein | None = None
    medicare_participating: Flag | None = Field(
        None,
        description=(
            "the provider signed a Medicare participation agreement: it accepts assignment on every Medicare claim "
            "(42 USC 1395u(h)(1))"
        ),
    )
    accepts_assignment: Flag | None = Field(
        None,
        description=(
            "the provider accepts Medicare assignment on this claim (the approved amount is payment in full); "
            "a non-participating provider that does not may charge up to the limiting charge"
        ),
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.medicare_participating and self.accepts_assignment is False:
            raise ValueError(
                "a participating provider accepts assignment on every Medicare claim; "
                "set accepts_assignment true or medicare_participating false"
            )
        return self


class BillingHistory(_Model):
    """What the biller did and saw: when the claim went out, to whom first, and when each answer came back."""

    submitted: Day | None = Field(None, description="when the first claim was sent")
    sent_first_to: Id | None = Field(
        None,
        description=(
            "the coverage the biller sent the claim to first; when it is not the primary, that payer denies the "
            "claim (CARC 22) and the biller rebills the primary"
        ),
    )
    remittances: dict[Id, Day] = Field(
        default_factory=dict, description="the date the biller received each coverage's remittance (835 / EOB)"
    )
    pended_by: Id | None = Field(
        None, description="a coverage that pended the claim until the member returned its COB questionnaire"
    )
    questionnaire_received: Day | None = Field(
        None, description="when that payer received the member's COB questionnaire (the claim is then released)"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.questionnaire_received is not None and self.pended_by is None:
            raise ValueError("questionnaire_received needs pended_by: the coverage that pended the claim")
        if self.submitted is not None:
            for cov, when in self.remittances.items():
                if when < self.submitted:
                    raise ValueError(
                        f"the remittance of '{cov}' is dated {when}, before the claim was submitted ({self.submitted})"
                    )
            if self.questionnaire_received is not None and self.questionnaire_received < self.submitted:
                raise ValueError(
                    f"the questionnaire arrived on {self.questionnaire_received}, before the claim was submitted "
                    f"({self.submitted}); a claim is pended only after it arrives"
                )
        return self

    def coverage_ids(self) -> tuple[str, ...]:
        """Every coverage id this history names (checked against the case's coverages)."""
        ids = [*self.remittances]
        ids += [x for x in (self.sent_first_to, self.pended_by) if x is not None]
        return tuple(ids)


__all__ = [
    "BillingHistory",
    "ClaimFilingIndicator",
    "Ein",
    "ForeignCareException",
    "Icd10",
    "Npi",
    "PayerId",
    "Provider",
]
