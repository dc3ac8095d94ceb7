"""Stories of injuries: work injuries, car and motorcycle accidents, falls on someone's property, black lung."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from generators.family import Built, Family, Story, day_between
from generators.identity import Identity
from generators.scenarios.base import scenario
from generators.scenarios.common import adult_start, started
from generators.scenarios.medicare import job_plan, medicare_by_age, plan_start

NO_FAULT_STATES = ("PA", "NY", "FL", "KY", "MN", "HI")


@scenario(
    "workers-comp",
    title="Hurt at work: workers' comp pays, the health plan does not",
    difficulty=1,
    rules=("injury.workers_comp_exclusive", "injury.unrelated_claim"),
    variants=("work-injury", "unrelated-visit"),
    source="Horizon BCBSNJ manual ('Always bill the workers' compensation carrier directly'); seed 004",
)
def workers_comp(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A worker injured on the job has an open workers' compensation claim and a group health plan. For care of
    the work injury, workers' comp pays and the health plan does not take part; for an unrelated visit, workers'
    comp drops out and the health plan pays."""
    fam = Family.start(rng, ident)
    worker = fam.person("worker", rng.choice("FM"), fam.born(20, 62))
    fam.employer("employer", rng.choice((30, 250, 3000)))
    fam.works(worker, "employer", "active")
    ghp = fam.coverage(
        "worker-group", "group", worker, worker, "self", adult_start(fam, worker, 1, 10), employer="employer"
    )
    wc = fam.coverage(
        "worker-comp",
        "workers_comp",
        worker,
        worker,
        "self",
        started(fam, 0.05, 1),
        payer="Example Workers' Comp Mutual",
    )
    if variant == "work-injury":
        case = fam.build("x", worker, "Treatment of a work injury", injury={"kind": "work"})
        return Built(case, Story([wc], excluded=[ghp], why="workers' comp pays work injuries; the plan excludes them"))
    case = fam.build("x", worker, "A check-up unrelated to the work injury", injury={"kind": "work", "related": False})
    return Built(case, Story([ghp], excluded=[wc], why="workers' comp pays only for the injury"))


# ---------------------------------------------------------------------------------------------- helpers


def accident_on(fam: Family) -> date:
    """An accident between two months and a day before the service."""
    return day_between(fam.rng, fam.service - timedelta(days=60), fam.service - timedelta(days=1))


def injury_payer(fam: Family, cid: str, kind: str, member: str, *, start: date, payer: str, **kw: Any) -> str:
    """An injury payer's coverage of ``member``; keyword arguments other than ``plan_name`` are its injury terms."""
    extra = {"plan_name": kw.pop("plan_name")} if "plan_name" in kw else {}
    return fam.coverage(
        cid, kind, member, member, "self", start, payer=payer, injury_terms={"status": "paying", **kw}, **extra
    )


def auto_pip(fam: Family, member: str, **terms: Any) -> str:
    """The member's own auto policy's personal injury protection, in force well before the accident."""
    return injury_payer(
        fam,
        f"{member}-pip",
        "auto_pip",
        member,
        start=plan_start(fam, member, min_years=0.3, max_years=5),
        payer=f"{fam.ident.surname()} Auto Insurance (synthetic)",
        **terms,
    )


# ------------------------------------------------------------------------------------------------- auto


@scenario(
    "auto-accident",
    title="Hurt in a car accident: PIP, state options and Medicare",
    difficulty=3,
    rules=(
        "injury.no_fault_first",
        "injury.michigan_coordinated_pip",
        "injury.nj_health_primary_election",
    ),
    variants=(
        "pip-first",
        "michigan-coordinated",
        "michigan-coordinated-self-funded",
        "michigan-uncoordinated",
        "nj-health-primary",
        "nj-health-primary-medicare-household",
        "nj-health-primary-medicaid-household",
        "pip-before-medicare",
    ),
    source=(
        "42 CFR 411.32(a)(1), 411.50-411.54; MCL 500.3109a; N.J.S.A. 39:6A-4.3(d); government-payers.md §4 (Sinas "
        "Dramis, Frank Law, NJM); seed 003 BCBS Michigan; seed 004 ('No-fault insurance ... usually pay first')"
    ),
)
def auto_accident(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A driver hurt in a car accident has personal injury protection (PIP) on the auto policy and a health plan.
    No-fault pays first for accident care in most states. In Michigan a coordinated policy makes the health plan
    pay first and PIP pay what is left - except against a self-funded employer plan, which PIP does not coordinate
    with; an uncoordinated policy keeps PIP first. In New Jersey the named insured may elect health insurance as
    primary, but not in a household where anyone has Medicare or Medicaid. Against Medicare, PIP always pays
    first."""
    fam = Family.start(rng, ident)
    state = {"michigan": "MI", "nj": "NJ"}.get(variant.split("-", maxsplit=1)[0], rng.choice(NO_FAULT_STATES))
    fam.state = state
    medicare_driver = variant == "pip-before-medicare"
    driver = fam.person("driver", rng.choice("FM"), fam.born(66, 85) if medicare_driver else fam.born(36, 64))
    terms: dict[str, Any] = {}
    if variant.startswith("michigan"):
        terms["pip_option"] = "uncoordinated" if variant == "michigan-uncoordinated" else "coordinated"
    if variant.startswith("nj-health-primary"):
        terms["health_primary_election"] = True
    pip = auto_pip(fam, driver, **terms)
    if medicare_driver:
        other = medicare_by_age(fam, driver)
        story = Story([pip, other], why="no-fault pays before Medicare for accident care, whatever the state")
    else:
        other = job_plan(
            fam, driver, rng.choice((30, 250, 3000)), self_funded=variant == "michigan-coordinated-self-funded"
        )
        if variant == "nj-health-primary-medicare-household":
            spouse = fam.person("spouse", rng.choice("FM"), fam.born(66, 85))
            fam.marry(driver, spouse)
            medicare_by_age(fam, spouse)
        elif variant == "nj-health-primary-medicaid-household":
            child = fam.person("child", rng.choice("FM"), fam.born(0, 17))
            fam.parent(driver, child)
            child_start = max(started(fam, 0.1, 5), fam.birth_of(child))
            fam.coverage(
                "child-medicaid", "medicaid", child, child, "self", child_start, payer="State Medicaid (synthetic)"
            )
        if variant in ("michigan-coordinated", "nj-health-primary"):
            story = Story([other, pip], why="a state option makes the health plan primary; PIP pays what it leaves")
        elif variant == "michigan-coordinated-self-funded":
            story = Story(
                [pip, other], why="coordinated Michigan PIP does not coordinate with a self-funded plan: PIP first"
            )
        elif variant.endswith("household"):
            why = "the New Jersey election is not available to a household with Medicare or Medicaid: PIP first"
            story = Story([pip, other], why=why)
        else:
            story = Story([pip, other], why="no-fault PIP pays first for accident care")
    injury = {"kind": "auto", "accident_date": accident_on(fam).isoformat(), "state": state, "role": "driver"}
    case = fam.build("x", driver, f"Hurt driving in {state}: auto insurance or health coverage first?", injury=injury)
    return Built(case, story)


@scenario(
    "motorcycle",
    title="New Jersey motorcycle accident: owner-operator or passenger",
    difficulty=2,
    rules=("injury.nj_motorcycle_owner_operator", "injury.no_fault_first"),
    variants=("nj-owner-operator", "nj-passenger"),
    source=(
        "seed 003 Horizon BCBSNJ ('Automobile insurance is not primary for motorcycle accidents for owner/operators "
        "of a motorcycle. However, passengers ... submit ... to their auto insurance carrier'); government-payers.md §4"
    ),
)
def motorcycle(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A New Jersey resident with a car policy (PIP) and an employer health plan is hurt in a motorcycle accident.
    If they owned and rode the motorcycle, auto insurance is not primary: PIP does not take part and the health plan
    pays. If they rode as a passenger, their own auto PIP pays first and the health plan second."""
    fam = Family.start(rng, ident)
    fam.state = "NJ"
    rider = fam.person("rider", rng.choice("FM"), fam.born(18, 64))
    pip = auto_pip(fam, rider)
    ghp = job_plan(fam, rider, rng.choice((30, 250, 3000)))
    role = "owner_operator" if variant == "nj-owner-operator" else "passenger"
    injury = {"kind": "motorcycle", "accident_date": accident_on(fam).isoformat(), "state": "NJ", "role": role}
    if role == "owner_operator":
        story = Story([ghp], excluded=[pip], why="NJ: auto insurance is not primary for a motorcycle owner-operator")
    else:
        story = Story([pip, ghp], why="NJ: a motorcycle passenger's own auto PIP pays first")
    case = fam.build("x", rider, f"Hurt on a motorcycle as its {role.replace('_', '-')}", injury=injury)
    return Built(case, story)


# -------------------------------------------------------------------------------------------- liability


@scenario(
    "liability",
    title="A fall in a store: the store's liability insurer pays at settlement",
    difficulty=2,
    rules=(
        "injury.liability_pays_at_settlement",
        "injury.subrogation",
        "msp.conditional_payment",
        "injury.liability_paying_first",
    ),
    variants=("health-plan", "medicare", "no-health-coverage", "accepted-health-plan", "accepted-medicare"),
    source=(
        "seed 003 BCBS Michigan ('Subrogation'); SSA POMS HI 00620.175 ('Medicare pays first where a liability "
        "claim is pending and recovers'); MSP Manual ch.2 §40.2 (liens); government-payers.md §1.2 and §4"
    ),
)
def liability(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A shopper slips on a wet floor and claims against the store's liability insurer, which pays only at
    settlement. The shopper's health plan pays the care now and recovers from the settlement (subrogation); a
    shopper with Medicare has Medicare pay now, conditionally, and repay it from the settlement. The liability
    insurer does not take part in the claim now - unless the shopper has no other coverage, when the provider
    bills it (a lien on the settlement). In the "accepted" variants the store's insurer has accepted the claim
    and pays promptly: then it is primary and the health payer follows it (42 U.S.C. 1395y(b)(2)(A)(ii))."""
    fam = Family.start(rng, ident)
    accepted = variant.startswith("accepted-")
    medicare_variant = variant in ("medicare", "accepted-medicare")
    shopper = fam.person("shopper", rng.choice("FM"), fam.born(66, 88) if medicare_variant else fam.born(18, 64))
    accident = accident_on(fam)
    claim = injury_payer(
        fam,
        "store-liability",
        "liability",
        shopper,
        start=accident,
        payer=f"{ident.surname()} Casualty (synthetic)",
        plan_name="store's premises liability",
        status="paying" if accepted else "pending_settlement",
    )
    if variant == "no-health-coverage":
        story = Story([claim], excluded=[], why="no other payer takes part: the claim goes to the liability insurer")
    elif accepted:
        other = (
            medicare_by_age(fam, shopper) if medicare_variant else job_plan(fam, shopper, rng.choice((30, 250, 3000)))
        )
        story = Story(
            [claim, other], excluded=[], why="the insurer accepted the claim and pays promptly: it pays first"
        )
    else:
        other = (
            medicare_by_age(fam, shopper) if medicare_variant else job_plan(fam, shopper, rng.choice((30, 250, 3000)))
        )
        story = Story(
            [other],
            excluded=[claim],
            why="liability pays at settlement: the health payer pays now and recovers",
            conditional=[other] if variant == "medicare" else [],
        )
    injury = {"kind": "premises", "accident_date": accident.isoformat()}
    case = fam.build("x", shopper, "A fall in a store", injury=injury)
    return Built(case, story)


# ------------------------------------------------------------------------------------------- black lung


@scenario(
    "black-lung",
    title="Black lung: the Department of Labor pays first for related care",
    difficulty=2,
    rules=("injury.black_lung_first", "injury.unrelated_claim", "msp.not_current_employment"),
    variants=("related", "unrelated", "related-with-retiree-plan"),
    source=(
        "CGS 'Federal Black Lung Program' (government-payers.md §1.2: 'the provider must bill the Department of "
        "Labor (DOL) before billing Medicare'); 30 U.S.C. 901 ff."
    ),
)
def black_lung(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A retired coal miner aged 66 to 90 receives Federal Black Lung Program benefits and has Medicare. For care
    related to black lung the Department of Labor pays first and Medicare second (and a retiree plan after
    Medicare); for unrelated care - a broken wrist - Black Lung does not take part and Medicare pays first."""
    fam = Family.start(rng, ident)
    miner = fam.person("miner", "M" if rng.random() < 0.9 else "F", fam.born(66, 90))
    bl = fam.coverage(
        "miner-black-lung",
        "black_lung",
        miner,
        miner,
        "self",
        adult_start(fam, miner, 1, 20),
        payer="Federal Black Lung Program (DOL)",
    )
    medicare = medicare_by_age(fam, miner)
    related = variant != "unrelated"
    if variant == "related-with-retiree-plan":
        retiree = job_plan(fam, miner, rng.choice((40, 300, 6000)), basis="retired")
        story = Story([bl, medicare, retiree], why="Black Lung first for related care; the retiree plan after Medicare")
    elif related:
        story = Story([bl, medicare], why="Black Lung pays first for black-lung care, then Medicare")
    else:
        story = Story([medicare], excluded=[bl], why="unrelated care: Black Lung drops out, Medicare pays")
    injury = {"kind": "black_lung", "related": related}
    case = fam.build("x", miner, "A coal miner's " + ("lung care" if related else "unrelated visit"), injury=injury)
    return Built(case, story)


# --------------------------------------------------------------------------------- workers' comp + Medicare


@scenario(
    "workers-comp-medicare",
    title="Workers' comp and Medicare: conditional payment when the carrier is slow or denies",
    difficulty=3,
    rules=(
        "injury.workers_comp_first",
        "injury.payer_denied_or_exhausted",
        "msp.conditional_payment",
    ),
    variants=("paying", "not-prompt", "denied"),
    source=(
        "42 U.S.C. 1395y(b)(2); 42 CFR 411.40, 411.45 ('This includes cases in which a workers' compensation carrier "
        "has denied a claim'); government-payers.md §1.2 and §4"
    ),
)
def workers_comp_medicare(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A worker aged 66 to 75 with Medicare by age is hurt on the job. When the workers' compensation carrier pays,
    Medicare follows it and pays nothing for what the carrier paid (42 CFR 411.40(b)). When the carrier has not paid within 120 days, it stays first in
    line but Medicare may pay conditionally and recover later; when the carrier denied the claim, it drops out and
    Medicare pays - again conditionally, to be repaid if the denial is reversed."""
    fam = Family.start(rng, ident)
    worker = fam.person("worker", rng.choice("FM"), fam.born(66, 75))
    fam.employer("employer", rng.choice((8, 40, 600)))
    fam.works(worker, "employer")
    injured = day_between(rng, fam.service - timedelta(days=300), fam.service - timedelta(days=121))
    status = {"paying": "paying", "not-prompt": "not_prompt", "denied": "denied"}[variant]
    wc = injury_payer(fam, "worker-comp", "workers_comp", worker, start=injured, payer=ident.payer(), status=status)
    medicare = medicare_by_age(fam, worker)
    if variant == "paying":
        story = Story(
            [wc, medicare],
            excluded=[],
            why="workers' comp pays first; Medicare follows and pays nothing for what it paid",
            conditional=[],
        )
    elif variant == "not-prompt":
        story = Story(
            [wc, medicare],
            excluded=[],
            why="carrier not prompt: it stays first; Medicare pays conditionally",
            conditional=[medicare],
        )
    else:
        story = Story(
            [medicare], excluded=[wc], why="carrier denied: Medicare pays conditionally", conditional=[medicare]
        )
    injury = {"kind": "work", "accident_date": injured.isoformat()}
    case = fam.build("x", worker, "Medicare and a work injury: the carrier " + variant.replace("-", " "), injury=injury)
    return Built(case, story)
