"""Build a case from a simple form: the patient, the people around them by role, and coverages by holder.

The form speaks in roles a trainee knows ("my spouse's job plan", "mother's plan, parents divorced, child lives
with mother"), and this module turns it into the case format, so the app page holds no case logic.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from cobsim.errors import InvalidCase
from cobsim.io import parse_case
from cobsim.model.case import Case

Role = Literal["patient", "spouse", "mother", "father", "stepparent"]
ROLES: tuple[Role, ...] = ("patient", "spouse", "mother", "father", "stepparent")


class FormPerson(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role
    name: str = Field(max_length=60)
    birth_date: date
    sex: Literal["F", "M", "X"] = "X"


class FormCoverage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    holder: Role = Field(description="whose coverage it is (the subscriber)")
    kind: str = "group"
    basis: str = "active"
    employer_size: int = Field(100, ge=0)
    start: date
    end: date | None = None


class FormInput(BaseModel):
    """Everything the form asks."""

    model_config = ConfigDict(extra="forbid")
    people: list[FormPerson]
    coverages: list[FormCoverage]
    service_date: date
    parents_status: Literal["married", "living_together", "divorced", "separated", "never_married_apart"] = "married"
    custodial: Literal["mother", "father", "none"] = "none"
    stepparent_married_to: Literal["mother", "father"] = "mother"
    medicare_start: date | None = None
    disability_start: date | None = None
    dialysis_start: date | None = None
    injury: Literal["none", "work", "auto", "premises"] = "none"


def build_from_form(form: FormInput) -> Case:
    """The case the form describes.

    Raises:
        InvalidCase: the form's facts do not make a valid case (the message says why).
    """
    roles = {p.role: p for p in form.people}
    if "patient" not in roles:
        raise InvalidCase("form", ["the form needs the patient"])
    patient = roles["patient"]
    child = any(r in roles for r in ("mother", "father", "stepparent"))
    people: list[dict[str, Any]] = []
    for p in form.people:
        entry: dict[str, Any] = {
            "id": p.role,
            "name": p.name or p.role,
            "birth_date": p.birth_date.isoformat(),
            "sex": p.sex,
        }
        if p.role == "patient":
            medicare: dict[str, Any] = {}
            if form.disability_start:
                medicare["disability_entitlement_start"] = form.disability_start.isoformat()
            if form.dialysis_start:
                medicare["esrd"] = [{"dialysis_start": form.dialysis_start.isoformat()}]
            if medicare:
                entry["medicare"] = medicare
        people.append(entry)
    relationships: list[dict[str, Any]] = []
    if "spouse" in roles:
        relationships.append({"kind": "spouse", "a": "patient", "b": "spouse"})
    for parent in ("mother", "father"):
        if parent in roles:
            relationships.append({"kind": "parent", "parent": parent, "child": "patient"})
    together = form.parents_status in ("married", "living_together")
    if "mother" in roles and "father" in roles and together:
        relationships.append({"kind": "spouse", "a": "mother", "b": "father"})
    if "stepparent" in roles:
        relationships.append({"kind": "stepparent", "parent": "stepparent", "child": "patient"})
        if form.stepparent_married_to in roles:
            relationships.append({"kind": "spouse", "a": form.stepparent_married_to, "b": "stepparent"})
    children = []
    if child:
        arrangement: dict[str, Any] = {"child": "patient", "parents_status": form.parents_status}
        if not together and form.custodial != "none":
            arrangement["custodial_parent"] = form.custodial
        children.append(arrangement)
    employers: list[dict[str, Any]] = []
    coverages: list[dict[str, Any]] = []
    for i, c in enumerate(form.coverages, start=1):
        if c.holder not in roles:
            raise InvalidCase("form", [f"coverage {i} is held by the {c.holder}, who is not in the form"])
        relationship = "self"
        if c.holder != "patient":
            relationship = "spouse" if c.holder == "spouse" else "child"
        cov: dict[str, Any] = {
            "id": f"{c.holder}-{c.kind}-{i}",
            "kind": c.kind,
            "member": "patient",
            "subscriber": c.holder,
            "relationship": relationship,
            "start": max(c.start, patient.birth_date).isoformat(),
        }
        if c.end:
            cov["end"] = c.end.isoformat()
        if c.kind in ("group", "fehb"):
            cov["basis"] = c.basis
        if c.kind == "group":
            employers.append(
                {"id": f"employer-{i}", "name": f"{c.holder.title()}'s employer", "employees": c.employer_size}
            )
            cov["employer"] = f"employer-{i}"
        if c.kind in ("workers_comp", "auto_pip", "liability"):
            cov["injury_terms"] = {"status": "paying"}
        coverages.append(cov)
    if form.medicare_start:
        coverages.append(
            {
                "id": "patient-medicare",
                "kind": "medicare",
                "member": "patient",
                "subscriber": "patient",
                "relationship": "self",
                "start": form.medicare_start.isoformat(),
            }
        )
    claim: dict[str, Any] = {"patient": "patient", "service_date": form.service_date.isoformat()}
    if form.injury != "none":
        claim["injury"] = {"kind": form.injury}
    data = {
        "id": "form-case",
        "title": "A case built in the form",
        "people": people,
        "relationships": relationships,
        "children": children,
        "employers": employers,
        "coverages": coverages,
        "claim": claim,
    }
    return parse_case(data)
