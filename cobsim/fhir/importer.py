"""Build a case from a FHIR R4 Bundle (Patient, RelatedPerson, Coverage, Organization, Claim).

The standard resources give the people, how they are related to the patient, the patient's coverages and the claim
lines. COB needs more than FHIR R4 carries; a bundle written by cobsim holds those facts in the Claim's ``cob-facts``
extension and round-trips exactly. For any other bundle the importer fills what it must with stated assumptions and
lists every COB fact it could not find (:attr:`Imported.missing`), so a vendor knows what to add before trusting the
answer.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from cobsim.errors import CobsimError, InvalidCase, InvalidInput
from cobsim.fhir.bundle import (
    EXT_COB_FACTS,
    ROLE_OF_ADULT,
    ROLE_OF_CHILD,
    ROLE_OF_PARTNER,
    SOP_BY_KIND,
    SUBSCRIBER_REL,
    SYS_COVERAGE_ID,
    SYS_KIND,
    SYS_PAYER_ID,
    SYS_PERSON_ID,
    SYS_SSN,
)
from cobsim.io import parse_case
from cobsim.model.case import Case
from cobsim.model.codes import GROUP_HEALTH_PLAN_KINDS, CoverageKind, MemberRelationship, RelationshipKind

_KIND_BY_SOP: dict[str, CoverageKind] = {}
for _kind, (_sop, _) in SOP_BY_KIND.items():
    _KIND_BY_SOP.setdefault(_sop, _kind)
_REL_BY_CODE = {v: k for k, v in SUBSCRIBER_REL.items()}
_ROLE_KIND = {v: k for k, v in {**ROLE_OF_ADULT, **ROLE_OF_PARTNER}.items()} | {
    "FTH": RelationshipKind.PARENT,
    "MTH": RelationshipKind.PARENT,
    "NPRN": RelationshipKind.PARENT,
    "HUSB": RelationshipKind.SPOUSE,
    "WIFE": RelationshipKind.SPOUSE,
    "STPFTH": RelationshipKind.STEPPARENT,
    "STPMTH": RelationshipKind.STEPPARENT,
    "GRFTH": RelationshipKind.GRANDPARENT,
    "GRMTH": RelationshipKind.GRANDPARENT,
}
_CHILD_ROLES = {ROLE_OF_CHILD, "SON", "DAU", "NCHILD"}


@dataclass
class Imported:
    """A case rebuilt from a bundle, with the COB facts the bundle did not carry and what was assumed instead."""

    case: Case
    missing: list[str] = field(default_factory=list)
    complete: bool = True  #: the bundle carried cobsim's cob-facts extension


def _ident(resource: dict[str, Any], system: str) -> str | None:
    for ident in resource.get("identifier", []):
        if ident.get("system") == system:
            return str(ident["value"])
    return None


def _code(concept: dict[str, Any] | None, system: str | None = None) -> str | None:
    for coding in (concept or {}).get("coding", []):
        if system is None or coding.get("system") == system:
            return str(coding["code"])
    return None


def _facts(claim: dict[str, Any] | None) -> dict[str, Any] | None:
    for ext in (claim or {}).get("extension", []):
        if ext.get("url") == EXT_COB_FACTS:
            raw = base64.b64decode(ext["valueAttachment"]["data"])
            data: dict[str, Any] = json.loads(raw, parse_float=Decimal)
            return data
    return None


def case_from_bundle(data: Any) -> Imported:
    """Rebuild a case from a FHIR R4 Bundle (decoded JSON).

    Raises:
        InvalidInput: not a Bundle, refused by the FHIR models, or lacking a Patient, a birth date, a coverage
            period start or a claim date - each named in one sentence.
        InvalidCase: the facts found do not make a valid case (the message names the field).
    """
    from fhir.resources.R4B.bundle import Bundle  # noqa: PLC0415  (heavy: imported only when reading FHIR)

    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise InvalidInput("the file is not a FHIR Bundle (resourceType must be 'Bundle')")
    try:
        Bundle.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise InvalidInput(f"the FHIR R4B models refuse the bundle at {where}: {first['msg']}") from None
    resources = [e["resource"] for e in data.get("entry", []) if "resource" in e]
    by_ref = {f"{r['resourceType']}/{r['id']}": r for r in resources if "id" in r}
    patients = [r for r in resources if r["resourceType"] == "Patient"]
    if len(patients) != 1:
        raise InvalidInput(f"the bundle holds {len(patients)} Patient resources; give exactly one")
    claims = [r for r in resources if r["resourceType"] == "Claim"]
    claim_res = claims[0] if claims else None
    facts = _facts(claim_res)
    missing: list[str] = []

    # people
    person_of: dict[str, str] = {}
    people: list[dict[str, Any]] = []
    for r in [*patients, *(x for x in resources if x["resourceType"] == "RelatedPerson")]:
        pid = _ident(r, SYS_PERSON_ID) or r["id"]
        person_of[f"{r['resourceType']}/{r['id']}"] = pid
        if "birthDate" not in r:
            raise InvalidInput(f"{r['resourceType']}/{r['id']} has no birthDate; COB needs every person's birth date")
        person: dict[str, Any] = {
            "id": pid,
            "birth_date": r["birthDate"],
            "sex": {"female": "F", "male": "M"}.get(r.get("gender", ""), "X"),
        }
        names = r.get("name") or []
        if names:
            n = names[0]
            person["name"] = n.get("text") or " ".join([*n.get("given", []), n.get("family", "")]).strip()
        ssn = _ident(r, SYS_SSN)
        if ssn is not None:
            if ssn[:3] in ("000", "666") or ssn.startswith("9"):
                person["ssn"] = ssn
            else:
                missing.append(
                    f"{pid}: the SSN is not from a never-issued range; cobsim holds synthetic people only, so it "
                    "was left out"
                )
        addresses = r.get("address") or []
        if addresses and all(k in addresses[0] for k in ("line", "city", "state", "postalCode")):
            a = addresses[0]
            person["address"] = {
                "line1": a["line"][0],
                "city": a["city"],
                "state": a["state"],
                "postal_code": a["postalCode"],
            }
        people.append(person)
    patient_id = person_of[f"Patient/{patients[0]['id']}"]

    # relationships to the patient (RelatedPerson.relationship)
    relationships: list[dict[str, Any]] = []
    for r in resources:
        if r["resourceType"] != "RelatedPerson":
            continue
        pid = person_of[f"RelatedPerson/{r['id']}"]
        for concept in r.get("relationship", []):
            role = _code(concept)
            if role in _CHILD_ROLES:
                relationships.append({"kind": "parent", "parent": patient_id, "child": pid})
            elif role in _ROLE_KIND:
                rel_kind = _ROLE_KIND[role]
                if rel_kind in ROLE_OF_PARTNER:
                    relationships.append({"kind": rel_kind.value, "a": patient_id, "b": pid})
                else:
                    relationships.append({"kind": rel_kind.value, "parent": pid, "child": patient_id})

    # coverages of the patient
    coverages: list[dict[str, Any]] = []
    employers: list[dict[str, Any]] = []
    order: dict[str, int] = {}
    for r in resources:
        if r["resourceType"] != "Coverage":
            continue
        cid = _ident(r, SYS_COVERAGE_ID) or r["id"]
        kind_code = _code(r.get("type"), SYS_KIND)
        if kind_code is None:
            sop = _code(r.get("type"), "https://nahdo.org/sopt")
            kind = _KIND_BY_SOP.get(sop or "", CoverageKind.GROUP)
            missing.append(
                f"coverage {cid}: the kind of coverage is read from its payment typology code {sop!r} as "
                f"'{kind.value}' (group and individual plans, TRICARE and its supplements share codes)"
            )
        else:
            kind = CoverageKind(kind_code)
        period = r.get("period") or {}
        if "start" not in period:
            raise InvalidInput(f"Coverage/{r['id']} has no period.start; COB needs when each coverage began")
        subscriber_ref = (r.get("subscriber") or r.get("beneficiary") or {}).get("reference")
        member = person_of.get(r["beneficiary"]["reference"], patient_id)
        subscriber = person_of.get(subscriber_ref or "", member)
        rel_code = _code(r.get("relationship")) or ("self" if subscriber == member else "other")
        relationship = _REL_BY_CODE.get(rel_code, MemberRelationship.OTHER_DEPENDENT)
        cov: dict[str, Any] = {
            "id": cid,
            "kind": kind.value,
            "member": member,
            "subscriber": subscriber,
            "relationship": relationship.value,
            "start": period["start"],
        }
        if "end" in period:
            cov["end"] = period["end"]
        payors = r.get("payor") or []
        org = by_ref.get(payors[0].get("reference", "")) if payors else None
        if org is not None:
            if org.get("name"):
                cov["payer"] = org["name"]
            payer_id = _ident(org, SYS_PAYER_ID)
            if payer_id is not None and not payer_id.startswith("SYN"):
                cov["payer_id"] = payer_id
        for ident in r.get("identifier", []):
            if ident.get("type", {}).get("text") == "member id":
                cov["member_id"] = ident["value"]
        for cls in r.get("class", []):
            ctype = _code(cls.get("type"))
            if ctype == "group":
                cov["group_number"] = cls["value"]
            elif ctype == "plan":
                cov["plan_name"] = cls.get("name") or cls["value"]
        if "order" in r:
            order[cid] = r["order"]
        if kind in GROUP_HEALTH_PLAN_KINDS and facts is None:
            employer = f"employer-of-{cid}"
            cov["employer"] = employer
            employers.append({"id": employer, "employees": 0, **({"federal": True} if kind.value == "fehb" else {})})
            missing.append(
                f"coverage {cid}: the employer and its size are not in the bundle; assumed 0 employees, which makes "
                "Medicare primary over this plan (the Medicare Secondary Payer rules need 20 or 100 employees)"
            )
            missing.append(
                f"coverage {cid}: the subscriber's status (active, retired, COBRA) is not in the bundle; assumed "
                "active employment"
            )
        if kind is CoverageKind.MEDICARE and facts is None:
            missing.append(
                f"coverage {cid}: the basis of Medicare entitlement (age, disability, ESRD and its dates) and the "
                "parts held are not in the bundle; age is read from the birth date, Parts A and B assumed"
            )
        coverages.append(cov)

    # the claim
    if claim_res is None:
        raise InvalidInput("the bundle holds no Claim; COB is decided for a claim (its date and lines)")
    items = claim_res.get("item", [])
    service = (
        (items[0].get("servicedDate") if items else None)
        or (claim_res.get("billablePeriod") or {}).get("start")
        or claim_res.get("created")
    )
    claim: dict[str, Any] = {"id": _ident(claim_res, "https://cobsim.invalid/fhir/id/claim") or claim_res["id"]}
    claim |= {"patient": patient_id, "service_date": service}
    if _code(claim_res.get("type")) == "institutional":
        claim["setting"] = "outpatient"
    lines = []
    for i, item in enumerate(items, start=1):
        line: dict[str, Any] = {
            "id": str(item.get("sequence", i)),
            "code": _code(item.get("productOrService")) or "SYN0000",
            "billed": str((item.get("net") or item.get("unitPrice") or {}).get("value", "0")),
        }
        units = (item.get("quantity") or {}).get("value")
        if units is not None and int(units) != 1:
            line["units"] = int(units)
        lines.append(line)
    if lines:
        claim["lines"] = lines
    diagnoses = [
        _code(d.get("diagnosisCodeableConcept"))
        for d in sorted(claim_res.get("diagnosis", []), key=lambda d: d.get("sequence", 0))
    ]

    case: dict[str, Any] = {"id": data.get("id") or claim["id"], "people": people, "claim": claim}
    if relationships:
        case["relationships"] = relationships
    if employers:
        case["employers"] = employers
    case["coverages"] = coverages
    if facts is not None:
        _merge(case, facts)
    else:
        codes = [d for d in diagnoses if d is not None]
        if codes:
            claim["diagnoses"] = [c.replace(".", "") for c in codes]
            case["schema_version"] = "1.1"
        missing.append(
            "custody, court decrees and relationships between people other than the patient are not in the bundle"
        )
        missing.append("benefit terms (deductible, coinsurance, network) and allowed amounts are not in the bundle")
        missing.append("the claim's setting (inpatient or outpatient), injury and accident facts are not in the bundle")
    try:
        built = parse_case(case)
    except InvalidCase as exc:
        raise InvalidCase(case.get("id"), [f"the case rebuilt from the bundle is not valid: {exc}"]) from None
    return Imported(case=built, missing=missing, complete=facts is not None)


def _merge(case: dict[str, Any], facts: dict[str, Any]) -> None:
    """Lay the cob-facts extension over the facts read from the resources."""
    people = {p["id"]: p for p in case["people"]}
    ordered = []
    for p in facts.get("people", []):  # the case's own order of people
        person = people.pop(p["id"], {"id": p["id"]})
        person.update(p)
        ordered.append(person)
    case["people"] = ordered + list(people.values())
    case["relationships"] = case.get("relationships", []) + facts.get("relationships", [])
    mapped = {c["id"]: c for c in case["coverages"]}
    coverages = []
    for c in facts.get("coverages", []):
        if c.get("full"):
            coverages.append({k: v for k, v in c.items() if k != "full"})
        elif c["id"] in mapped:
            coverages.append({**mapped.pop(c["id"]), **c})
    coverages.extend(mapped.values())
    case["coverages"] = coverages
    claim = case["claim"]
    extra = dict(facts.get("claim", {}))
    lines = extra.pop("lines", [])
    for line, more in zip(claim.get("lines", []), lines, strict=False):
        line.update(more)
    claim.update(extra)
    for key in (
        "schema_version",
        "id",
        "title",
        "ruleset",
        "state",
        "children",
        "employers",
        "multi_employer_plans",
        "employment",
        "meta",
    ):
        if key in facts:
            case[key] = facts[key]


def read_bundle(text: str | bytes) -> Imported:
    """A case from FHIR Bundle JSON text.

    Raises:
        InvalidInput, InvalidCase: see :func:`case_from_bundle`.
    """
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    try:
        return case_from_bundle(data)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, CobsimError):
            raise
        raise InvalidInput(f"the bundle lacks an element cobsim needs: {exc}") from None
