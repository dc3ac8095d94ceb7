"""A small builder for the facts of a case: people, relationships, employers, coverages, the claim.

Scenario builders use it to tell a story in a few lines; it fills in names, addresses, payer names and
identifiers from the case's :class:`~generators.identity.Identity`. Ids are readable roles ("mother",
"stepfather-group") so a trainee can follow a generated case.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from generators.identity import Identity

FIRST_SERVICE = date(2024, 1, 1)
LAST_SERVICE = date(2026, 12, 31)


def day_between(rng: random.Random, start: date, end: date) -> date:
    """A day from ``start`` to ``end`` inclusive."""
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, months: int) -> date:
    """First day of the month ``months`` after the month of ``d``."""
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class Story:
    """What the scenario's story says the answer is, worked out by the scenario itself (not the engine)."""

    order: list[str]
    status: str = "determined"
    excluded: list[str] | None = None
    why: str = ""
    conditional: list[str] | None = None  #: payers that pay conditionally (None: not checked)


@dataclass
class Built:
    case: dict[str, Any]
    story: Story


@dataclass
class Family:
    """Facts of one case, accumulated by a scenario builder."""

    rng: random.Random
    ident: Identity
    service: date
    surname: str = ""
    people: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    children: list[dict[str, Any]] = field(default_factory=list)
    employers: list[dict[str, Any]] = field(default_factory=list)
    multi_employer_plans: list[dict[str, Any]] = field(default_factory=list)
    employment: list[dict[str, Any]] = field(default_factory=list)
    coverages: list[dict[str, Any]] = field(default_factory=list)
    state: str | None = None
    ruleset: str | None = None

    @classmethod
    def start(cls, rng: random.Random, ident: Identity, *, service: date | None = None) -> Family:
        return cls(
            rng=rng,
            ident=ident,
            service=service or day_between(rng, FIRST_SERVICE, LAST_SERVICE),
            surname=ident.surname(),
        )

    # ---------------------------------------------------------------------------------------- people

    def born(self, min_age: int, max_age: int) -> date:
        """A birth date giving an age from ``min_age`` to ``max_age`` on the service date."""
        latest = years_before(self.service, min_age) - timedelta(days=1)
        earliest = years_before(self.service, max_age + 1) + timedelta(days=1)
        return day_between(self.rng, earliest, latest)

    def person(
        self,
        pid: str,
        sex: str,
        birth: date,
        *,
        surname: str | None = None,
        medicare: dict[str, Any] | None = None,
        ssn: bool = True,
    ) -> str:
        name = self.ident.full_name(sex, surname or self.surname)
        taken = {p["name"] for p in self.people}
        for _ in range(20):  # no two people of one family share a name
            if name not in taken and name.split(" ")[0] not in {t.split(" ")[0] for t in taken}:
                break
            name = self.ident.full_name(sex, surname or self.surname)
        entry: dict[str, Any] = {
            "id": pid,
            "name": name,
            "birth_date": birth.isoformat(),
            "sex": sex,
        }
        if ssn:
            entry["ssn"] = self.ident.ssn()
        if not self.people:
            entry["address"] = self.ident.address()
        if medicare:
            entry["medicare"] = medicare
        self.people.append(entry)
        return pid

    def birth_of(self, pid: str) -> date:
        for p in self.people:
            if p["id"] == pid:
                return date.fromisoformat(p["birth_date"])
        raise KeyError(pid)

    def marry(self, a: str, b: str, *, former: bool = False, kind: str = "spouse") -> None:
        rel: dict[str, Any] = {"kind": kind, "a": a, "b": b}
        if former:
            rel["former"] = True
        self.relationships.append(rel)

    def parent(self, adult: str, child: str, kind: str = "parent") -> None:
        self.relationships.append({"kind": kind, "parent": adult, "child": child})

    def custody(self, child: str, status: str, **kw: Any) -> None:
        self.children.append({"child": child, "parents_status": status, **kw})

    # ------------------------------------------------------------------------------------- employers

    def employer(self, eid: str, employees: int, **kw: Any) -> str:
        self.employers.append({"id": eid, "name": self.ident.employer_name(), "employees": employees, **kw})
        return eid

    def works(self, person: str, employer: str, status: str = "active", **kw: Any) -> None:
        self.employment.append({"person": person, "employer": employer, "status": status, **kw})

    # ------------------------------------------------------------------------------------- coverages

    def coverage(
        self, cid: str, kind: str, member: str, subscriber: str, relationship: str, start: date, **kw: Any
    ) -> str:
        entry: dict[str, Any] = {
            "id": cid,
            "kind": kind,
            "member": member,
            "subscriber": subscriber,
            "relationship": relationship,
            "start": start.isoformat(),
        }
        if kind in ("group", "individual", "student", "fehb", "medicare_advantage", "medigap", "tricare_supplement"):
            entry["payer"] = kw.pop("payer", None) or self.ident.payer()
            entry.setdefault(
                "plan_name",
                kw.pop("plan_name", None) or self.ident.plan_name(kind, closed_panel=bool(kw.get("closed_panel"))),
            )
        if kind not in ("medicare", "workers_comp", "black_lung", "liability", "crime_victim"):
            entry["member_id"] = self.ident.member_id()
        if kind == "medicare":
            kw.setdefault("medicare", {"mbi": self.ident.mbi()})
        for key, value in kw.items():
            entry[key] = value.isoformat() if isinstance(value, date) else value
        self.coverages.append(entry)
        return cid

    def family_plan(
        self,
        prefix: str,
        subscriber: str,
        members: list[tuple[str, str]],
        *,
        start: date,
        kind: str = "group",
        employer: str | None = None,
        **kw: Any,
    ) -> dict[str, str]:
        """One policy covering the subscriber's family; returns member -> coverage id. The subscriber's own record
        is added when the subscriber is listed among ``members`` with relationship ``self``."""
        payer = self.ident.payer()
        plan = self.ident.plan_name(kind, closed_panel=bool(kw.get("closed_panel")))
        ids: dict[str, str] = {}
        for member, rel in members:
            cid = f"{prefix}-{member}" if len(members) > 1 else prefix
            extra = dict(kw)
            if employer is not None:
                extra["employer"] = employer
            member_start = max(start, self.birth_of(member))  # a newborn joins the plan at birth
            ids[member] = self.coverage(
                cid, kind, member, subscriber, rel, member_start, payer=payer, plan_name=plan, policy=prefix, **extra
            )
        return ids

    # ----------------------------------------------------------------------------------------- build

    def build(self, case_id: str, patient: str, title: str, **claim: Any) -> dict[str, Any]:
        case: dict[str, Any] = {"id": case_id, "title": title}
        if self.ruleset:
            case["ruleset"] = self.ruleset
        if self.state:
            case["state"] = self.state
        case["people"] = self.people
        for key in ("relationships", "children", "employers", "multi_employer_plans", "employment"):
            value = getattr(self, key)
            if value:
                case[key] = value
        case["coverages"] = self.coverages
        case["claim"] = {
            "id": f"{case_id}-claim",
            "patient": patient,
            "service_date": self.service.isoformat(),
            **claim,
        }
        return case
