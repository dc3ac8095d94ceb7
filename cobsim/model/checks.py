"""Cross-field checks of a case: references that must resolve and facts that must agree with each other.

Each check raises ``ValueError`` with one sentence naming the record and the field; pydantic collects it into the
validation error, and :mod:`cobsim.io` turns that into :class:`cobsim.errors.InvalidCase`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from cobsim.model.codes import EXCLUSIVE_GROUPS, PARENTAL_KINDS, CoverageKind, MemberRelationship, RelationshipKind
from cobsim.model.family import PartnerRelationship
from cobsim.model.limits import MAX_COVERAGES_PER_PATIENT, MEDICARE_PAYMENTS_FROM, PAYMENTS_FROM

if TYPE_CHECKING:
    from cobsim.model.case import Case
    from cobsim.model.coverage import Coverage
    from cobsim.model.people import MedicareFacts


def check_case(self: Case) -> None:
    people = _unique("person", [p.id for p in self.people])
    coverages = _unique("coverage", [c.id for c in self.coverages])
    employers = _unique("employer", [e.id for e in self.employers])
    plans = _unique("multi_employer_plan", [m.id for m in self.multi_employer_plans])
    _unique("child arrangement", [a.child for a in self.children])
    births = {p.id: p.birth_date for p in self.people}

    def need(kind: str, ref: str, where: str) -> None:
        if ref not in people:
            raise ValueError(f"{where} names {kind} '{ref}', who is not among the people of the case")

    for i, r in enumerate(self.relationships):
        if isinstance(r, PartnerRelationship):
            if r.a not in people or r.b not in people:
                need("a person", r.a, f"the {r.kind} relationship")
                need("a person", r.b, f"the {r.kind} relationship")
            if r.a == r.b:
                raise ValueError(f"'{r.a}' cannot be their own {r.kind}")
        else:
            if r.parent not in people or r.child not in people:
                need("a parent", r.parent, f"the {r.kind} relationship")
                need("a child", r.child, f"the {r.kind} relationship")
            if r.parent == r.child:
                raise ValueError(f"'{r.parent}' cannot be their own {r.kind}")
            if r.kind is RelationshipKind.PARENT and births[r.child] <= births[r.parent]:
                raise ValueError(
                    f"child '{r.child}' (born {births[r.child]}) is born before or with "
                    f"parent '{r.parent}' (born {births[r.parent]})"
                )
            if r.kind is RelationshipKind.GRANDPARENT and births[r.child] <= births[r.parent]:
                raise ValueError(
                    f"relationships[{i}].parent: grandparent '{r.parent}' (born {births[r.parent]}) is not older "
                    f"than grandchild '{r.child}' (born {births[r.child]})"
                )
    for i, ep in enumerate(self.employment):
        need("a person", ep.person, "an employment record")
        if ep.employer not in employers:
            raise ValueError(f"an employment record names employer '{ep.employer}', which is not in the case")
        born = births.get(ep.person)
        for field, day in (("start", ep.start), ("end", ep.end)):
            if day is not None and born is not None and day < born:
                _after_birth(f"employment[{i}].{field}", "employment of", ep.person, births, day)
    for m in self.multi_employer_plans:
        for e in m.employers:
            if e not in employers:
                raise ValueError(f"multi-employer plan '{m.id}' names employer '{e}', which is not in the case")

    for n, person in enumerate(self.people):
        if person.medicare is not None:
            _check_medicare_facts(f"people[{n}] ('{person.id}')", person.id, person.birth_date, person.medicare)

    for i, c in enumerate(self.coverages):
        where = f"coverage '{c.id}'"
        if c.member not in people or c.subscriber not in people:
            need("member", c.member, where)
            need("subscriber", c.subscriber, where)
        # the messages are built only for a fact that fails (births has every person, checked above)
        subscriber_born, member_born = births[c.subscriber], births[c.member]
        if c.start < subscriber_born:
            _after_birth(f"coverages[{i}].start", f"{where} for", c.subscriber, births, c.start, role="subscriber")
        if c.subscriber_since is not None and c.subscriber_since < subscriber_born:
            _after_birth(
                f"coverages[{i}].subscriber_since",
                f"{where} for",
                c.subscriber,
                births,
                c.subscriber_since,
                role="subscriber",
            )
        for k, period in enumerate(c.history):
            if period.start < member_born:
                _after_birth(
                    f"coverages[{i}].history[{k}].start", f"{where} for", c.member, births, period.start, role="member"
                )
        if c.medicare is not None and c.medicare.part_b_start is not None and c.medicare.part_b_start < member_born:
            _after_birth(
                f"coverages[{i}].medicare.part_b_start",
                f"{where} for",
                c.member,
                births,
                c.medicare.part_b_start,
                role="member",
            )
        if c.employer is not None and c.employer not in employers:
            raise ValueError(f"{where} names employer '{c.employer}', which is not in the case")
        if c.multi_employer_plan is not None and c.multi_employer_plan not in plans:
            raise ValueError(f"{where} names multi-employer plan '{c.multi_employer_plan}', which is not in the case")
        if c.start < births[c.member]:
            raise ValueError(f"{where} starts on {c.start}, before member '{c.member}' is born")
        _check_coverage_relationship(self, c)
        if c.kind is CoverageKind.FEHB and c.employer is not None and not self.employer(c.employer).federal:
            raise ValueError(f"{where} is FEHB but employer '{c.employer}' is not marked federal")

    _check_exclusive_coverage(self)
    check_medigap_plans(self)

    for a in self.children:
        need("a child", a.child, "a child arrangement")
        adults = {r.parent for r in self.parental(a.child)}
        if a.custodial_parent is not None and a.custodial_parent not in adults:
            raise ValueError(
                f"the custodial parent of '{a.child}' is '{a.custodial_parent}', who is not a parent, "
                f"stepparent or guardian of '{a.child}' in the relationships"
            )
        if a.decree is not None:
            for rp in a.decree.responsible:
                if rp not in adults:
                    raise ValueError(
                        f"the court decree for '{a.child}' names '{rp}', who is not a parent or guardian of "
                        f"'{a.child}' in the relationships"
                    )
            for known in a.decree.known_to:
                if known.coverage not in coverages:
                    raise ValueError(
                        f"the court decree for '{a.child}' says coverage '{known.coverage}' knows of it, "
                        "but there is no such coverage"
                    )

    need("patient", self.claim.patient, "the claim")
    patient = self.person(self.claim.patient)
    if self.claim.service_date < patient.birth_date:
        raise ValueError(
            f"claim.service_date: the service date {self.claim.service_date} is before patient '{patient.id}' is "
            f"born ({patient.birth_date})"
        )
    injury = self.claim.injury
    if injury is not None and injury.accident_date is not None:
        if injury.accident_date > self.claim.service_date:
            raise ValueError(
                f"claim.injury.accident_date: the accident on {injury.accident_date} is after the service date "
                f"{self.claim.service_date}; a claim treats an accident that has happened"
            )
        if injury.accident_date < patient.birth_date:
            raise ValueError(
                f"claim.injury.accident_date: the accident on {injury.accident_date} is before patient "
                f"'{patient.id}' is born ({patient.birth_date})"
            )
    if self.claim.lines:
        on = self.claim.service_date
        medicare = any(c.kind is CoverageKind.MEDICARE and c.member == patient.id for c in self.coverages)
        if on < PAYMENTS_FROM or (medicare and on < MEDICARE_PAYMENTS_FROM):
            since, why = (
                (MEDICARE_PAYMENTS_FROM, "Medicare's deductibles are known from then")
                if on >= PAYMENTS_FROM
                else (PAYMENTS_FROM, "cobsim's payment amounts start then")
            )
            raise ValueError(
                f"claim.service_date: a claim with service lines{' and Medicare' if since == MEDICARE_PAYMENTS_FROM else ''} "
                f"is dated from {since} on ({why}), not {on}; leave out the lines to decide the order only"
            )
    held = sum(1 for c in self.coverages if c.member == patient.id)
    if held > MAX_COVERAGES_PER_PATIENT:
        raise ValueError(
            f"coverages: patient '{patient.id}' is the member of {held} coverages; a case may give the patient at "
            f"most {MAX_COVERAGES_PER_PATIENT}"
        )
    for line in self.claim.lines:
        for ref in (*line.allowed, *line.covered):
            if ref not in coverages:
                raise ValueError(f"claim line '{line.id}' names coverage '{ref}', which is not in the case")
    if self.expected is not None:
        for ref in (
            *self.expected.order,
            *(self.expected.not_taking_part or ()),
            *(self.expected.payments or {}),
        ):
            if ref not in coverages:
                raise ValueError(f"the expected answer names coverage '{ref}', which is not in the case")
        if len(set(self.expected.order)) != len(self.expected.order):
            raise ValueError("the expected order names a coverage twice")


def _after_birth(
    field: str, what: str, person: str, births: dict[str, date], day: date | None, *, role: str = ""
) -> None:
    """Refuse a fact about ``person`` dated before they were born (the message names field and both dates)."""
    born = births.get(person)
    if day is not None and born is not None and day < born:
        who = f"{role} '{person}'" if role else f"'{person}'"
        raise ValueError(f"{field}: {what} {who} is dated {day}, before {who} is born ({born})")


def _check_medicare_facts(where: str, person: str, born: date, facts: MedicareFacts | None) -> None:
    """Disability and ESRD dates cannot come before the person's birth."""
    if facts is None:
        return
    for field in ("disability_entitlement_start", "ssdi_entitlement_start"):
        day = getattr(facts, field)
        if day is not None and day < born:
            raise ValueError(f"{where}.medicare.{field}: {day} is before '{person}' is born ({born})")
    for k, course in enumerate(facts.esrd):
        for field in (
            "dialysis_start",
            "dialysis_end",
            "self_dialysis_training_start",
            "transplant_date",
            "transplant_preparation_admission",
        ):
            day = getattr(course, field)
            if day is not None and day < born:
                raise ValueError(f"{where}.medicare.esrd[{k}].{field}: {day} is before '{person}' is born ({born})")


#: Every kind of coverage that some exclusive group names.
_EXCLUSIVE_KINDS: frozenset[CoverageKind] = frozenset().union(*(kinds for kinds, _ in EXCLUSIVE_GROUPS))


def _check_exclusive_coverage(self: Case) -> None:
    candidates = [c for c in self.coverages if c.kind in _EXCLUSIVE_KINDS]
    if len(candidates) < 2:
        return
    for kinds, why in EXCLUSIVE_GROUPS:
        held = [c for c in candidates if c.kind in kinds]
        if len(held) < 2:
            continue
        held.sort(key=lambda c: (c.member, c.start, c.id))
        for i, x in enumerate(held):
            for y in held[i + 1 :]:
                if x.member != y.member:
                    continue
                overlap = (x.end is None or y.start <= x.end) and (y.end is None or x.start <= y.end)
                if overlap:
                    raise ValueError(
                        f"coverages '{x.id}' ({x.kind}) and '{y.id}' ({y.kind}) of '{x.member}' are in force at "
                        f"the same time: {why}"
                    )


def _check_coverage_relationship(self: Case, c: Coverage) -> None:
    where = f"coverage '{c.id}'"
    rel = c.relationship
    if rel in (MemberRelationship.SPOUSE, MemberRelationship.DOMESTIC_PARTNER):
        partners = self.partner_ids(c.member, include_former=True)
        if c.subscriber not in partners:
            raise ValueError(
                f"{where} covers '{c.member}' as the {rel} of '{c.subscriber}', but the relationships do not "
                "say they are spouses or partners"
            )
    elif rel is MemberRelationship.CHILD:
        kind = self.parental_kind(c.subscriber, c.member)
        if kind is None or kind not in PARENTAL_KINDS:
            raise ValueError(
                f"{where} covers '{c.member}' as a child of '{c.subscriber}', but the relationships do not say "
                f"'{c.subscriber}' is a parent, stepparent or guardian of '{c.member}'"
            )


def _unique(kind: str, ids: list[str]) -> set[str]:
    seen = set(ids)
    if len(seen) == len(ids):
        return seen
    seen = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"two {kind} records have the id '{i}'")
        seen.add(i)
    return seen


#: 42 U.S.C. 1395ss(z)(1): from this date no Medigap policy that pays the Part B deductible may be sold or issued to
#: a "newly eligible Medicare beneficiary".
MACRA_CLOSED_FROM = date(2020, 1, 1)


def check_medigap_plans(self: Case) -> None:
    """A plan letter belongs to a Medigap policy, and plans C and F (high-deductible F included) - the plans that
    pay the Part B deductible - cannot be held by someone newly eligible for Medicare on or after 2020-01-01.

    42 U.S.C. 1395ss(z)(2): a person is newly eligible unless they attained 65 before 2020-01-01 (the day before
    the 65th birthday, 42 CFR 411.170(c)) or were entitled to Part A on the basis of disability or ESRD before that
    date. A Medicare record of the person starting before 2020 counts as such entitlement. A format 1.0 Medigap
    with ``pays_medicare_deductible: true`` is plan C or F by that field's own definition.
    """
    if not any(
        c.kind is CoverageKind.MEDIGAP or (c.benefits is not None and c.benefits.medigap_plan is not None)
        for c in self.coverages
    ):
        return  # no Medigap policy and no plan letter: nothing to check
    from cobsim.medicare import attains_age_on, disability_entitlement_start, esrd_periods  # noqa: PLC0415  (imports the model)
    from cobsim.model.codes import MEDICARE_KINDS  # noqa: PLC0415
    from cobsim.model.coverage import PART_B_DEDUCTIBLE_PLANS  # noqa: PLC0415

    for c in self.coverages:
        b = c.benefits
        if b is None:
            continue
        if b.medigap_plan is not None and c.kind is not CoverageKind.MEDIGAP:
            raise ValueError(f"coverage '{c.id}' is {c.kind}, and medigap_plan belongs to a Medigap policy only")
        if c.kind is not CoverageKind.MEDIGAP:
            continue
        if b.medigap_plan is not None:
            if b.medigap_plan not in PART_B_DEDUCTIBLE_PLANS:
                continue
            what = f"Medigap plan {b.medigap_plan}"
        elif b.pays_medicare_deductible:
            what = "a Medigap policy that pays the Part B deductible (pays_medicare_deductible: true)"
        else:
            continue
        person = self.person(c.member)
        if attains_age_on(person.birth_date, 65) < MACRA_CLOSED_FROM:
            continue
        facts = person.medicare
        earlier = [d for d in (disability_entitlement_start(facts),) if d is not None]
        earlier += [p.start for p in esrd_periods(facts)]
        earlier += [m.start for m in self.coverages if m.member == c.member and m.kind in MEDICARE_KINDS]
        if any(d < MACRA_CLOSED_FROM for d in earlier):
            continue
        raise ValueError(
            f"coverage '{c.id}' is {what}, but '{c.member}' (born {person.birth_date}) attains 65 on "
            f"{attains_age_on(person.birth_date, 65)} and had no Medicare by disability or ESRD before "
            f"{MACRA_CLOSED_FROM}, so is newly eligible: plans C and F cannot be sold to people newly eligible from "
            "that date (42 U.S.C. 1395ss(z)); give plan D, G or another letter"
        )
