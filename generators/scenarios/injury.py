"""Stories of injuries: work injuries, car and motorcycle accidents, falls on someone's property, black lung."""

from __future__ import annotations

import random

from generators.family import Built, Family, Story
from generators.identity import Identity
from generators.scenarios.base import scenario
from generators.scenarios.common import adult_start, started


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
    ghp = fam.coverage("worker-group", "group", worker, worker, "self", adult_start(fam, worker, 1, 10), employer="employer")
    wc = fam.coverage("worker-comp", "workers_comp", worker, worker, "self", started(fam, 0.05, 1), payer="Example Workers' Comp Mutual")
    if variant == "work-injury":
        case = fam.build("x", worker, "Treatment of a work injury", injury={"kind": "work"})
        return Built(case, Story([wc], excluded=[ghp], why="workers' comp pays work injuries; the plan excludes them"))
    case = fam.build("x", worker, "A check-up unrelated to the work injury", injury={"kind": "work", "related": False})
    return Built(case, Story([ghp], excluded=[wc], why="workers' comp pays only for the injury"))
