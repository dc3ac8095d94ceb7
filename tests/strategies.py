"""A hypothesis strategy of arbitrary valid cases for engine-wide properties.

The builder draws from a ``random.Random`` so hypothesis can shrink through ``st.randoms()``. It aims for breadth
(every coverage kind, injuries, Medicare bases, custody) rather than realistic stories; the scenario generators
in ``generators/`` tell the stories.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from cobsim.io import parse_case
from cobsim.model.case import Case
from cobsim.model.codes import EXCLUSIVE_GROUPS

KINDS = [
    "group",
    "group",
    "group",
    "individual",
    "student",
    "fehb",
    "medicare",
    "medicare_advantage",
    "medigap",
    "medicaid",
    "chip",
    "tricare",
    "tricare_for_life",
    "tricare_supplement",
    "champva",
    "va",
    "ihs",
    "workers_comp",
    "black_lung",
    "auto_pip",
    "auto_medpay",
    "liability",
    "crime_victim",
]


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _money(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high)}.{rng.randint(0, 99):02d}"


def add_payments(rng: random.Random, case: dict[str, Any]) -> None:
    """Give the claim one to three lines, an allowed amount for every coverage and benefits for each plan."""
    lines = []
    for i in range(rng.randint(1, 3)):
        billed = _money(rng, 50, 5000)
        allowed = {}
        for c in case["coverages"]:
            # mostly at or below the charge; sometimes above, which the engine must cap
            allowed[c["id"]] = _money(rng, 10, int(float(billed) * (1.2 if rng.random() < 0.1 else 1.0)) or 10)
        covered = {c["id"]: False for c in case["coverages"] if rng.random() < 0.1}
        lines.append({"id": str(i + 1), "code": "G0001", "billed": billed, "allowed": allowed, "covered": covered})
    case["claim"]["lines"] = lines
    for c in case["coverages"]:
        if c["kind"] in (
            "medicaid",
            "chip",
            "workers_comp",
            "black_lung",
            "medigap",
            "ihs",
            "va",
            "crime_victim",
            "liability",
            "tricare_supplement",
            "auto_pip",
            "auto_medpay",
        ):
            if c["kind"] == "medigap":
                c["benefits"] = _medigap_benefits(rng, case)
            continue
        if c["kind"] == "medicare":
            c["benefits"] = {"deductible_met": rng.choice(["0.00", "100.00", "1736.00"])}
            continue
        deductible = rng.choice(["0.00", "250.00", "1000.00"])
        benefits: dict[str, Any] = {
            "network": rng.choice(["in", "in", "out"]),
            "pricing": rng.choice(["negotiated", "negotiated", "ucr"]),
            "deductible": deductible,
            "deductible_met": rng.choice(["0.00", deductible]),
            "coinsurance": rng.choice(["0", "0.1", "0.2", "0.3", "0.5"]),
            "copay": rng.choice(["0.00", "0.00", "25.00"]),
            "participating": rng.random() < 0.8,
        }
        if rng.random() < 0.3:
            benefits["oop_max"] = "1500.00"
            benefits["oop_met"] = rng.choice(["0.00", "1400.00"])
        if c["kind"] == "tricare" and c.get("active_duty"):
            # a member on active duty has no cost sharing (10 U.S.C. 1075a(a)(1))
            for key in ("deductible", "deductible_met", "coinsurance", "copay", "oop_max", "oop_met"):
                benefits.pop(key, None)
        if c["kind"] in ("group", "individual", "student", "fehb") and rng.random() < 0.1:
            benefits["network"], benefits["pricing"] = "in", "capitation"
        if c["kind"] in ("group", "individual", "student", "fehb"):
            benefits["method"] = rng.choice(
                [None, "standard", "non_duplication", "carve_out", "carve_out_remainder", "benefit_reserve"]
            )
            benefits["allowable_expense"] = rng.choice(
                [
                    "naic",
                    "naic",
                    "highest_negotiated",
                    "primary_arrangement",
                    "primary_contract_cap",
                    "secondary_allowed",
                    "billed",
                ]
            )
            benefits["reserve"] = rng.choice(["0.00", "300.00"])
            if benefits["method"] is None:
                del benefits["method"]
        c["benefits"] = benefits


#: Medigap plan letters; C, F and F-HD only for people who attained 65 before 2020 (42 U.S.C. 1395ss(z)).
MEDIGAP_LETTERS = ["A", "B", "D", "G", "G-HD", "K", "L", "M", "N"]
MEDIGAP_PART_B_DEDUCTIBLE = ["C", "F", "F-HD"]


def _medigap_benefits(rng: random.Random, case: dict[str, Any]) -> dict[str, Any]:
    """A plan letter the patient may hold (or, now and then, the format 1.0 field), with accumulators."""
    patient = next(p for p in case["people"] if p["id"] == case["claim"]["patient"])
    before_macra = date.fromisoformat(patient["birth_date"]) <= date(1955, 1, 1)
    if rng.random() < 0.1:
        return {"pays_medicare_deductible": before_macra and rng.random() < 0.5}
    letters = MEDIGAP_LETTERS + (MEDIGAP_PART_B_DEDUCTIBLE if before_macra else [])
    benefits: dict[str, Any] = {"medigap_plan": rng.choice(letters)}
    if benefits["medigap_plan"].endswith("-HD"):
        benefits["deductible_met"] = rng.choice(["0.00", "2000.00", "2950.00"])
    if benefits["medigap_plan"] in ("K", "L"):
        benefits["oop_met"] = rng.choice(["0.00", "2900.00"])
    return benefits


def build(rng: random.Random, *, payments: bool = False) -> dict[str, Any]:
    case = _build(rng)
    if payments:
        add_payments(rng, case)
    return case


def _build(rng: random.Random) -> dict[str, Any]:
    service = _day(rng, date(2020, 1, 1), date(2027, 12, 31))
    patient_kind = rng.choice(["child", "adult", "senior"])
    if patient_kind == "child":
        patient_birth = _day(rng, service - timedelta(days=365 * 25), service - timedelta(days=30))
    elif patient_kind == "adult":
        patient_birth = _day(rng, service - timedelta(days=365 * 64), service - timedelta(days=365 * 26))
    else:
        patient_birth = _day(rng, service - timedelta(days=365 * 90), service - timedelta(days=365 * 64))
    people: list[dict[str, Any]] = [{"id": "pat", "birth_date": patient_birth.isoformat(), "sex": rng.choice("FMX")}]
    rels: list[dict[str, Any]] = []
    subscribers = {"pat": "self"}
    children: list[dict[str, Any]] = []
    if patient_kind == "child":
        for pid, sex in (("mom", "F"), ("dad", "M")):
            birth = _day(rng, patient_birth - timedelta(days=365 * 45), patient_birth - timedelta(days=365 * 18))
            people.append({"id": pid, "birth_date": birth.isoformat(), "sex": sex})
            rels.append({"kind": "parent", "parent": pid, "child": "pat"})
            subscribers[pid] = "child"
        together = rng.random() < 0.5
        if together:
            rels.append({"kind": "spouse", "a": "mom", "b": "dad"})
            children.append({"child": "pat", "parents_status": rng.choice(["married", "living_together"])})
        else:
            step_birth = _day(rng, date(1950, 1, 1), patient_birth - timedelta(days=365 * 18))
            people.append({"id": "step", "birth_date": step_birth.isoformat(), "sex": "M"})
            custodial = rng.choice(["mom", "dad"])
            rels.append({"kind": "spouse", "a": custodial, "b": "step"})
            rels.append({"kind": "stepparent", "parent": "step", "child": "pat"})
            subscribers["step"] = "child"
            arrangement: dict[str, Any] = {
                "child": "pat",
                "parents_status": rng.choice(["divorced", "separated", "never_married_apart"]),
            }
            roll = rng.random()
            if roll < 0.5:
                arrangement["custodial_parent"] = custodial
            elif roll < 0.7:
                arrangement["joint_custody"] = True
            elif roll < 0.8:
                arrangement["equal_residence"] = True
            if rng.random() < 0.3:
                arrangement["decree"] = {
                    "responsible": rng.choice([["mom"], ["dad"], ["mom", "dad"]]),
                    "known_to": [],
                }
            children.append(arrangement)
    elif rng.random() < 0.6:
        birth = _day(rng, date(1930, 1, 1), date(2000, 1, 1))
        people.append({"id": "sp", "birth_date": birth.isoformat(), "sex": rng.choice("FM")})
        rels.append({"kind": rng.choice(["spouse", "spouse", "domestic_partner"]), "a": "pat", "b": "sp"})
        subscribers["sp"] = "spouse" if rels[-1]["kind"] == "spouse" else "domestic_partner"
    medicare: dict[str, Any] = {}
    if rng.random() < 0.3:
        medicare["disability_entitlement_start"] = _day(rng, date(2010, 1, 1), service).isoformat()
    if rng.random() < 0.25:
        start = _day(rng, date(2015, 1, 1), service)
        course: dict[str, Any] = {"dialysis_start": start.isoformat()}
        if rng.random() < 0.3:
            course["self_dialysis_training_start"] = (start + timedelta(days=rng.randrange(120))).isoformat()
        medicare["esrd"] = [course]
    if medicare:
        people[0]["medicare"] = medicare
    employers = [
        {"id": f"e{i}", "employees": rng.choice([5, 19, 20, 50, 99, 100, 5000])} for i in range(rng.randint(1, 3))
    ]
    coverages: list[dict[str, Any]] = []
    taken: set[frozenset[Any]] = set()
    for i in range(rng.randint(1, 5)):
        kind = rng.choice(KINDS)
        group = next((g for g, _ in EXCLUSIVE_GROUPS if kind in g), None)
        if group is not None:
            if group in taken:
                continue
            taken.add(group)
        cid = f"c{i}"
        start = _day(rng, max(patient_birth, date(2005, 1, 1)), service + timedelta(days=60))
        cov: dict[str, Any] = {"id": cid, "kind": kind, "member": "pat", "start": start.isoformat()}
        if rng.random() < 0.15:
            cov["end"] = _day(rng, start, start + timedelta(days=3000)).isoformat()
        if kind in ("group", "fehb"):
            sub = rng.choice(sorted(subscribers))
            cov["subscriber"] = sub
            cov["relationship"] = subscribers[sub]
            cov["basis"] = rng.choice(["active", "active", "retired", "laid_off", "cobra", "state_continuation"])
            if kind == "group":
                cov["employer"] = rng.choice(employers)["id"]
            cov["cob"] = rng.choice(["naic"] * 8 + ["none", "excess"])
            cov["dependent_rule"] = rng.choice(["birthday"] * 5 + ["gender"])
            if rng.random() < 0.2:
                cov["benefits"] = {"network": rng.choice(["in", "out"])}
                cov["closed_panel"] = rng.random() < 0.5
        elif kind in ("individual", "student"):
            sub = rng.choice(sorted(subscribers))
            cov["subscriber"] = sub
            cov["relationship"] = subscribers[sub]
        else:
            cov["subscriber"] = "pat"
            cov["relationship"] = "self"
        if kind == "tricare" and rng.random() < 0.2:
            cov["active_duty"] = True
        if kind in ("workers_comp", "black_lung", "auto_pip", "auto_medpay", "liability"):
            cov["injury_terms"] = {
                "status": rng.choice(["paying", "paying", "denied", "not_prompt", "exhausted"]),
                "pip_option": rng.choice([None, "coordinated", "uncoordinated"]),
                "health_primary_election": rng.random() < 0.3,
            }
        if rng.random() < 0.1:
            cov["services"] = [rng.choice(["dental", "vision", "medical"])]
        coverages.append(cov)
    if any(c["kind"] == "fehb" for c in coverages):
        employers.append({"id": "fed", "employees": 2000000, "federal": True})
        for c in coverages:
            if c["kind"] == "fehb":
                c["employer"] = "fed"
    claim: dict[str, Any] = {
        "patient": "pat",
        "service_date": service.isoformat(),
        "setting": rng.choice(["professional", "inpatient", "outpatient"]),
        "emergency": rng.random() < 0.2,
        "va_authorized": rng.random() < 0.2,
        "service_connected": rng.random() < 0.1,
    }
    if rng.random() < 0.4:
        claim["injury"] = {
            "kind": rng.choice(["work", "auto", "motorcycle", "premises", "crime", "black_lung"]),
            "state": rng.choice([None, "MI", "NJ", "TX"]),
            "role": rng.choice([None, "driver", "owner_operator", "passenger"]),
            "related": rng.random() < 0.8,
        }
    return {
        "id": "prop",
        "people": people,
        "relationships": rels,
        "children": children,
        "employers": employers,
        "coverages": coverages,
        "claim": claim,
    }


@st.composite
def arbitrary_cases(draw: st.DrawFn, *, payments: bool = False) -> Case:
    """Valid cases of every shape the format allows (roughly); shrinks through the random draws."""
    rng = draw(st.randoms(use_true_random=False))
    return parse_case(build(rng, payments=payments))
