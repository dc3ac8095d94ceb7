"""Stories with Medicare: working aged, disability, ESRD, retirees, individual policies, Medigap, Medicare
Advantage."""

from __future__ import annotations

import random

from generators.family import Built, Family, Story
from generators.identity import Identity
from generators.scenarios.base import scenario
from generators.scenarios.common import adult_start


@scenario(
    "medicare-working-aged",
    title="Working past 65: employer size decides",
    difficulty=2,
    rules=("msp.working_aged", "msp.small_employer"),
    variants=("employees-19", "employees-20", "employees-21", "employees-500", "employees-12"),
    source="42 U.S.C. 1395y(b)(1)(A); 42 CFR 411.170-172; seed 004; Horizon BCBSNJ manual (three questions)",
)
def medicare_working_aged(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A worker aged 66 to 74 with Medicare by age keeps the group plan from their current job. With an employer
    of 20 or more employees (on each working day of 20 weeks this year or last) the group plan pays first and
    Medicare second; with fewer, Medicare pays first."""
    fam = Family.start(rng, ident)
    size = int(variant.split("-")[1])
    worker = fam.person("worker", rng.choice("FM"), fam.born(66, 74))
    fam.employer("employer", size)
    fam.works(worker, "employer", "active")
    ghp = fam.coverage("worker-group", "group", worker, worker, "self", adult_start(fam, worker, 1, 15), employer="employer")
    entitled = fam.birth_of(worker).replace(day=1)
    medicare = fam.coverage("worker-medicare", "medicare", worker, worker, "self", entitled.replace(year=entitled.year + 65))
    order = [ghp, medicare] if size >= 20 else [medicare, ghp]
    case = fam.build("x", worker, f"Still working at {fam.service.year - fam.birth_of(worker).year}: does the job's plan or Medicare pay first?")
    return Built(case, Story(order, why="20 or more employees: group plan first; fewer: Medicare first"))
