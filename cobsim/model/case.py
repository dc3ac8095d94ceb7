"""The case: the facts of one claim for one patient, as a biller collects them.

A case holds the people and how they are related, the children's custody and court decrees, employers and their
size, employment, every coverage any of them holds, the claim, and optionally the expected answer (which makes
the same file a golden fixture). Models are frozen pydantic models that refuse unknown fields; cross-references
(a subscriber who is not in the case, a decree naming a stranger) are checked when the case is built
(:mod:`cobsim.model.checks`).

The parts live in their own modules - people, family, employment, coverage, claim - and are re-exported here, so
``from cobsim.model.case import Coverage`` keeps working.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from cobsim.model import limits as lim
from cobsim.model.base import SCHEMA_VERSION, Flag, Id, LongText, StateCode, Text, pattern_type, whole_number
from cobsim.model.base import FrozenModel as _Model
from cobsim.model.claim import Claim, ClaimLine, Injury
from cobsim.model.codes import PARTNER_KINDS, DeterminationStatus, RelationshipKind, RuleSet
from cobsim.model.coverage import (
    KIND_NAMES,
    BenefitDesign,
    Coverage,
    CoveragePeriod,
    InjuryPayerTerms,
    MedicareCard,
)
from cobsim.model.employment import Employer, EmployerYear, Employment, MultiEmployerPlan
from cobsim.model.family import (
    ChildArrangement,
    Decree,
    DecreeKnowledge,
    ParentalRelationship,
    PartnerRelationship,
    Relationship,
)
from cobsim.model.money import Money
from cobsim.model.people import Address, EsrdCourse, MedicareFacts, Person

#: A rule id as ``cobsim rules`` lists them ("naic.birthday").
RuleId = Annotated[str, pattern_type("[a-z][a-z0-9_]{0,63}([.][a-z0-9_]{1,63}){1,3}", "a rule id", "naic.birthday")]


class Expected(_Model):
    """The expected answer, which makes a case a golden fixture."""

    order: tuple[Id, ...] = Field(
        max_length=lim.MAX_COVERAGES,
        json_schema_extra={"uniqueItems": True},
        description="coverage ids that pay, primary first",
    )
    status: DeterminationStatus = DeterminationStatus.DETERMINED
    not_taking_part: tuple[Id, ...] | None = Field(
        None, max_length=lim.MAX_COVERAGES, description="coverages that do not coordinate on the claim"
    )
    rules: tuple[RuleId, ...] = Field((), max_length=lim.MAX_LIST, description="rule ids that must appear in the trace")
    rules_absent: tuple[RuleId, ...] = Field(
        (), max_length=lim.MAX_LIST, description="rule ids that must not appear in the trace"
    )
    conditional: tuple[Id, ...] | None = Field(
        None,
        max_length=lim.MAX_COVERAGES,
        description="coverages that pay conditionally (Medicare with a pending injury payer)",
    )
    payments: dict[Id, Money] | None = Field(
        None, max_length=lim.MAX_COVERAGES, description="what each coverage pays on the claim"
    )
    patient_owes: Money | None = Field(None, description="the patient's final responsibility for the claim")
    write_off: Money | None = Field(None, description="what the provider writes off")
    note: LongText | None = None


class CaseMeta(_Model):
    """Where a case comes from and what it is for."""

    family: Text | None = Field(None, description="the rule family the case exercises")
    confidence: Literal["V", "M", "D", "S", "U", "C"] | None = None
    source: LongText | None = Field(None, description="where the expected answer comes from")
    quote: LongText | None = None
    scenario: Text | None = None
    variant: Text | None = Field(None, description="the scenario variant a generated case was built with")
    difficulty: Annotated[int, whole_number(1, 5)] | None = None
    seed: Annotated[int, whole_number(0, lim.MAX_SEED)] | None = None
    synthetic: Flag = True


# ----------------------------------------------------------------------------------------------------- case


class Case(_Model):
    """A coordination-of-benefits case: the facts of one claim, and optionally the expected answer."""

    schema_version: Literal["1.0", "1.1"] = Field(
        "1.0", description='format version: "1.1" adds billing facts (cobsim.claims); "1.0" is still read'
    )
    id: Id
    title: LongText | None = None
    ruleset: RuleSet | None = Field(
        None,
        description=(
            "force one edition of the NAIC order rules on every plan that does not state its own; when absent each "
            "plan follows the law that governs it (its state's profile, else the NAIC 2005 model)"
        ),
    )
    state: StateCode | None = Field(None, description="state whose insurance law governs (NJ, MI...), where it matters")
    people: tuple[Person, ...] = Field(
        min_length=1, max_length=lim.MAX_PEOPLE, description=f"everyone in the case (at most {lim.MAX_PEOPLE})"
    )
    relationships: tuple[Relationship, ...] = Field((), max_length=lim.MAX_RELATIONSHIPS)
    children: tuple[ChildArrangement, ...] = Field(
        (), max_length=lim.MAX_CHILD_ARRANGEMENTS, description="custody and decrees for dependent children"
    )
    employers: tuple[Employer, ...] = Field((), max_length=lim.MAX_EMPLOYERS)
    multi_employer_plans: tuple[MultiEmployerPlan, ...] = Field((), max_length=lim.MAX_EMPLOYERS)
    employment: tuple[Employment, ...] = Field((), max_length=lim.MAX_EMPLOYMENT)
    coverages: tuple[Coverage, ...] = Field(
        (),
        max_length=lim.MAX_COVERAGES,
        description=(
            f"every coverage any of the people holds (at most {lim.MAX_COVERAGES}, and at most "
            f"{lim.MAX_COVERAGES_PER_PATIENT} whose member is the claim's patient)"
        ),
    )
    claim: Claim
    expected: Expected | None = None
    meta: CaseMeta = CaseMeta()

    # -------------------------------------------------------------------------------------- lookups

    def person(self, person_id: str) -> Person:
        for p in self.people:
            if p.id == person_id:
                return p
        raise KeyError(person_id)

    def coverage(self, coverage_id: str) -> Coverage:
        for c in self.coverages:
            if c.id == coverage_id:
                return c
        raise KeyError(coverage_id)

    def employer(self, employer_id: str) -> Employer:
        for e in self.employers:
            if e.id == employer_id:
                return e
        raise KeyError(employer_id)

    def multi_employer_plan(self, plan_id: str) -> MultiEmployerPlan:
        for m in self.multi_employer_plans:
            if m.id == plan_id:
                return m
        raise KeyError(plan_id)

    def arrangement(self, child_id: str) -> ChildArrangement | None:
        for a in self.children:
            if a.child == child_id:
                return a
        return None

    @property
    def patient(self) -> Person:
        return self.person(self.claim.patient)

    def partners(self, person_id: str, *, include_former: bool = False) -> Iterator[PartnerRelationship]:
        for r in self.relationships:
            if isinstance(r, PartnerRelationship) and person_id in (r.a, r.b) and (include_former or not r.former):
                yield r

    def partner_ids(self, person_id: str, *, include_former: bool = False) -> set[str]:
        return {r.b if r.a == person_id else r.a for r in self.partners(person_id, include_former=include_former)}

    def parental(self, child_id: str) -> Iterator[ParentalRelationship]:
        for r in self.relationships:
            if isinstance(r, ParentalRelationship) and r.child == child_id:
                yield r

    def parental_kind(self, adult_id: str, child_id: str) -> RelationshipKind | None:
        for r in self.parental(child_id):
            if r.parent == adult_id:
                return RelationshipKind(r.kind)
        return None

    def with_service_date(self, on: date) -> Case:
        """The same case with the claim moved to another service date (for timelines)."""
        return self.model_copy(update={"claim": self.claim.model_copy(update={"service_date": on})})

    # ----------------------------------------------------------------------------------- validation

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        from cobsim.model.checks import check_case  # noqa: PLC0415  (checks imports this module)

        check_case(self)
        self._check_format_1_1()
        return self

    # ------------------------------------------------------------------------------- format 1.1 checks

    def format_1_1_fields(self) -> list[str]:
        """Where this case uses a field new in format 1.1 (``coverages[2].payer_id``, ``claim.billing``)."""

        # a field counts when it says something (not its default), so a 1.0 case written out with every default
        # and read back stays a 1.0 case; a field not set holds its default, so only the fields set are compared
        def says(model: _Model, name: str) -> bool:
            return bool(getattr(model, name) != type(model).model_fields[name].get_default(call_default_factory=True))

        used = [
            f"coverages[{i}].{name}"
            for i, c in enumerate(self.coverages)
            if not c.model_fields_set.isdisjoint(c.FORMAT_1_1_FIELDS)
            for name in c.FORMAT_1_1_FIELDS
            if name in c.model_fields_set and says(c, name)
        ]
        claim = self.claim
        if not claim.model_fields_set.isdisjoint(claim.FORMAT_1_1_FIELDS):
            used += [
                f"claim.{name}"
                for name in claim.FORMAT_1_1_FIELDS
                if name in claim.model_fields_set and says(claim, name)
            ]
        return used

    def _check_format_1_1(self) -> None:
        if self.schema_version == "1.0":
            used = self.format_1_1_fields()
            if used:
                raise ValueError(
                    f"{', '.join(used)} {'is' if len(used) == 1 else 'are'} new in case format 1.1: "
                    'set "schema_version": "1.1"'
                )
        billing = self.claim.billing
        if billing is not None:
            ids = {c.id for c in self.coverages}
            for ref in billing.coverage_ids():
                if ref not in ids:
                    raise ValueError(f"claim.billing names coverage '{ref}', which is not in the case")


__all__ = [
    "KIND_NAMES",
    "PARTNER_KINDS",
    "SCHEMA_VERSION",
    "Address",
    "BenefitDesign",
    "Case",
    "CaseMeta",
    "ChildArrangement",
    "Claim",
    "ClaimLine",
    "Coverage",
    "CoveragePeriod",
    "Decree",
    "DecreeKnowledge",
    "Employer",
    "EmployerYear",
    "Employment",
    "EsrdCourse",
    "Expected",
    "Id",
    "Injury",
    "InjuryPayerTerms",
    "LongText",
    "MedicareCard",
    "MedicareFacts",
    "MultiEmployerPlan",
    "ParentalRelationship",
    "PartnerRelationship",
    "Person",
    "Relationship",
    "StateCode",
    "Text",
]
