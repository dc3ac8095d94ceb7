"""Stories at the edges: coverage that does not include the service, closed panels, missing Medicare parts, and
the less common programs (CHAMPVA, crime-victim compensation, PIP with MedPay, the pre-2005 individual policy)."""

from __future__ import annotations

import random

from generators.family import Built, Family, Story
from generators.identity import Identity
from generators.scenarios.base import scenario
from generators.scenarios.common import adult_start, started
from generators.scenarios.medicare import job_plan, medicare_by_age, medigap_letter, plan_start


@scenario(
    "service-not-covered",
    title="A dental plan on a medical claim (and a medical plan on a dental claim)",
    difficulty=1,
    rules=("coordination.service_covered", "naic.nondependent_first"),
    variants=("dental-plan-medical-claim", "medical-plan-dental-claim", "vision-plan-medical-claim"),
    source="NAIC MDL-120 §3 (dental and vision plans coordinate with like benefits); 28 TAC 3.3506(c)",
)
def service_not_covered(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A worker has the medical plan from their job and a dental-only (or vision-only) plan through their spouse.
    A plan takes part only in claims for the kind of service it includes: the dental plan does not coordinate on a
    medical claim, and the medical plan does not coordinate on a dental claim."""
    fam = Family.start(rng, ident)
    worker = fam.person("worker", rng.choice("FM"), fam.born(25, 60))
    spouse = fam.person("spouse", rng.choice("FM"), fam.born(25, 60))
    fam.marry(worker, spouse)
    fam.employer("worker-employer", rng.choice((40, 400)))
    fam.employer("spouse-employer", rng.choice((40, 400)))
    medical = fam.coverage(
        "worker-medical", "group", worker, worker, "self", adult_start(fam, worker, 1, 10), employer="worker-employer"
    )
    kind = "vision" if variant == "vision-plan-medical-claim" else "dental"
    other = fam.coverage(
        f"spouse-{kind}",
        "group",
        worker,
        spouse,
        "spouse",
        adult_start(fam, worker, 1, 10),
        employer="spouse-employer",
        services=[kind],
    )
    if variant == "medical-plan-dental-claim":
        case = fam.build("x", worker, "A dental cleaning", category="dental")
        return Built(case, Story([other], excluded=[medical], why="the medical plan has no dental benefits"))
    case = fam.build("x", worker, "A doctor's visit")
    return Built(case, Story([medical], excluded=[other], why=f"the {kind} plan does not cover medical services"))


@scenario(
    "closed-panel-hmo",
    title="An HMO and a provider outside its panel",
    difficulty=3,
    rules=("naic.closed_panel_non_panel_provider", "naic.nondependent_first"),
    variants=("non-panel-provider", "non-panel-emergency", "panel-provider"),
    source="NAIC MDL-120 §6A(2); N.J.A.C. 11:4-28.7(e)4",
)
def closed_panel_hmo(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A worker's own plan is a closed-panel HMO; the spouse's plan is a PPO. When the worker sees a provider
    outside the HMO's panel for non-emergency care, the HMO pays nothing, so the PPO pays as if it were primary. In
    an emergency, or with a panel provider, the HMO stays primary."""
    fam = Family.start(rng, ident)
    worker = fam.person("worker", rng.choice("FM"), fam.born(25, 60))
    spouse = fam.person("spouse", rng.choice("FM"), fam.born(25, 60))
    fam.marry(worker, spouse)
    fam.employer("worker-employer", rng.choice((60, 600)))
    fam.employer("spouse-employer", rng.choice((60, 600)))
    network = "in" if variant == "panel-provider" else "out"
    # a closed panel often pays its own providers by capitation: no per-claim payment (N.J.A.C. 11:4-28.7(e)5-6)
    pricing = rng.choice(("negotiated", "capitation")) if network == "in" else "ucr"
    hmo = fam.coverage(
        "worker-hmo", "group", worker, worker, "self", adult_start(fam, worker, 1, 10), employer="worker-employer",
        closed_panel=True, benefits={"network": network, "pricing": pricing},
    )  # fmt: skip
    ppo = fam.coverage(
        "spouse-ppo", "group", worker, spouse, "spouse", adult_start(fam, worker, 1, 10), employer="spouse-employer"
    )
    emergency = variant == "non-panel-emergency"
    case = fam.build(
        "x",
        worker,
        "A visit outside the HMO's panel" if network == "out" else "A visit to an HMO doctor",
        emergency=emergency,
    )
    if variant == "non-panel-provider":
        return Built(case, Story([ppo], excluded=[hmo], why="the closed panel pays nothing outside its panel"))
    return Built(case, Story([hmo, ppo], why="the HMO covers this visit and is the worker's own plan"))


@scenario(
    "medicare-parts-missing",
    title="Medicare without Part B, or with Part B only",
    difficulty=3,
    rules=("medicare.part_not_enrolled", "medigap.needs_medicare", "msp.part_a_required"),
    variants=("retiree-no-part-b", "medigap-no-part-b", "part-b-only-still-working"),
    source="42 CFR 411.172, 411.204 (Part A entitlement); Horizon BCBSNJ manual ('If there are no Medicare Part A benefits, MSP regulations do not apply')",
)
def medicare_parts_missing(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person over 65 never enrolled in Part B: Medicare pays nothing on a doctor's bill (a Part B claim), so a
    retiree plan pays alone and a Medigap policy, which pays only Medicare's cost sharing, has nothing to pay. A
    person with Part B but no Part A who still works: the working-aged rule needs Part A, so Medicare pays first (a
    documented choice where sources conflict)."""
    fam = Family.start(rng, ident)
    person = fam.person("member", rng.choice("FM"), fam.born(66, 80))
    if variant == "part-b-only-still-working":
        ghp = job_plan(fam, person, rng.choice((50, 500)))
        medicare = medicare_by_age(fam, person, medicare={"part_a": False, "part_b": True, "mbi": ident.mbi()})
        case = fam.build("x", person, "A doctor's visit")
        return Built(case, Story([medicare, ghp], why="no Part A: the working-aged rule does not apply [U choice]"))
    medicare = medicare_by_age(fam, person, medicare={"part_a": True, "part_b": False, "mbi": ident.mbi()})
    if variant == "retiree-no-part-b":
        retiree = job_plan(fam, person, rng.choice((50, 500)), basis="retired")
        case = fam.build("x", person, "A doctor's visit without Part B")
        return Built(case, Story([retiree], excluded=[medicare], why="no Part B: Medicare pays nothing on this claim"))
    gap = fam.coverage(
        "member-medigap",
        "medigap",
        person,
        person,
        "self",
        started(fam, 0.5, 5),
        benefits={"medigap_plan": medigap_letter(rng, fam.birth_of(person))},
    )
    other = job_plan(fam, person, rng.choice((50, 500)), basis="retired")
    case = fam.build("x", person, "A doctor's visit without Part B")
    return Built(case, Story([other], excluded=[medicare, gap], why="no Part B: neither Medicare nor Medigap pays"))


@scenario(
    "champva",
    title="CHAMPVA pays after other coverage",
    difficulty=2,
    rules=("champva.after_other_coverage", "medicaid.last"),
    variants=("employer-plan", "medicare", "medicare-and-medicaid"),
    source="38 CFR 17.270-17.278; Medicare Interactive ('Medicare will pay first, and CHAMPVA is always the secondary payer')",
)
def champva(rng: random.Random, ident: Identity, variant: str) -> Built:
    """The surviving spouse of a veteran has CHAMPVA. CHAMPVA pays after other health coverage - an employer plan
    or Medicare - and before only Medicaid."""
    fam = Family.start(rng, ident)
    aged = variant != "employer-plan"
    person = fam.person("member", "F", fam.born(66, 82) if aged else fam.born(30, 60))
    champ = fam.coverage("member-champva", "champva", person, person, "self", started(fam, 1, 10), payer="CHAMPVA")
    if variant == "employer-plan":
        ghp = job_plan(fam, person, rng.choice((30, 300)), start=plan_start(fam, person))
        case = fam.build("x", person, "A visit for a CHAMPVA beneficiary who works")
        return Built(case, Story([ghp, champ], why="CHAMPVA pays after other health coverage"))
    medicare = medicare_by_age(fam, person)
    order = [medicare, champ]
    if variant == "medicare-and-medicaid":
        order.append(
            fam.coverage(
                "member-medicaid",
                "medicaid",
                person,
                person,
                "self",
                started(fam, 0.5, 5),
                payer="State Medicaid (synthetic)",
            )
        )
    case = fam.build("x", person, "A visit for a CHAMPVA beneficiary with Medicare")
    return Built(case, Story(order, why="Medicare first, CHAMPVA after, Medicaid last"))


@scenario(
    "crime-victim",
    title="Injured in a crime: the compensation program pays last",
    difficulty=3,
    rules=("crime_victim.last", "medicaid.last", "ihs.last_resort"),
    variants=("medicaid", "employer-plan", "medicaid-and-ihs"),
    source="34 U.S.C. 20102(e); 42 U.S.C. 1396a(a)(25); 25 U.S.C. 1623(b)",
)
def crime_victim(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person hurt in an assault has a claim with the state's crime-victim compensation program. The program
    pays only what federal and other programs do not: the employer plan or Medicaid pays first; with the Indian
    Health Service too, IHS pays after Medicaid and (a documented choice) before the compensation program."""
    fam = Family.start(rng, ident)
    person = fam.person("victim", rng.choice("FM"), fam.born(19, 60))
    cvc = fam.coverage(
        "victim-compensation",
        "crime_victim",
        person,
        person,
        "self",
        started(fam, 0.05, 0.5),
        payer="State Crime Victim Compensation (synthetic)",
    )
    if variant == "employer-plan":
        ghp = job_plan(fam, person, rng.choice((30, 300)), start=plan_start(fam, person))
        order = [ghp, cvc]
    else:
        order = [
            fam.coverage(
                "victim-medicaid",
                "medicaid",
                person,
                person,
                "self",
                started(fam, 0.5, 5),
                payer="State Medicaid (synthetic)",
            )
        ]
        if variant == "medicaid-and-ihs":
            order.append(
                fam.coverage(
                    "victim-ihs", "ihs", person, person, "self", started(fam, 1, 10), payer="Indian Health Service"
                )
            )
        order.append(cvc)
    case = fam.build("x", person, "Treatment after an assault", injury={"kind": "crime"})
    return Built(case, Story(order, why="crime-victim compensation pays last"))


@scenario(
    "pip-and-medpay",
    title="PIP and MedPay on the same accident",
    difficulty=3,
    rules=("injury.pip_before_medpay", "injury.no_fault_first"),
    variants=("with-health-plan", "no-health-plan"),
    source="ASC RCM tips (seed 004: no-fault pays first); the PIP-before-MedPay order is the engine's documented choice",
)
def pip_and_medpay(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A driver has both personal injury protection and medical payments coverage on the auto policy. No-fault pays
    first for accident care; between the two, the engine documents its choice: PIP first, then MedPay, then the
    health plan."""
    fam = Family.start(rng, ident)
    driver = fam.person("driver", rng.choice("FM"), fam.born(20, 60))
    pip = fam.coverage("driver-pip", "auto_pip", driver, driver, "self", started(fam, 0.3, 5), payer=ident.payer())
    medpay = fam.coverage(
        "driver-medpay", "auto_medpay", driver, driver, "self", started(fam, 0.3, 5), payer=ident.payer()
    )
    order = [pip, medpay]
    if variant == "with-health-plan":
        order.append(job_plan(fam, driver, rng.choice((30, 300)), start=plan_start(fam, driver)))
    case = fam.build(
        "x", driver, "Care after a car accident", injury={"kind": "auto", "state": rng.choice(("TX", "PA", "FL"))}
    )
    return Built(case, Story(order, why="PIP, then MedPay [U choice], then the health plan"))


@scenario(
    "medicare-basis-unknown",
    title="Medicare card, but why does the patient have Medicare?",
    difficulty=2,
    rules=("msp.basis_unknown",),
    variants=("under-65-working",),
    source="CMS MSP questionnaire, Part III (basis of entitlement); 42 U.S.C. 1395y(b)(1)",
)
def medicare_basis_unknown(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A 50-year-old shows a Medicare card and a job plan, but registration did not record why they have Medicare
    (disability or ESRD). The rules differ (100 employees for disability, 30 months for ESRD), so the answer is
    indeterminate until the MSP questionnaire is completed."""
    fam = Family.start(rng, ident)
    person = fam.person("member", rng.choice("FM"), fam.born(40, 60))
    ghp = job_plan(fam, person, rng.choice((30, 300)), start=plan_start(fam, person))
    medicare = fam.coverage("member-medicare", "medicare", person, person, "self", started(fam, 0.5, 4))
    case = fam.build("x", person, "A Medicare card under 65, no basis recorded")
    return Built(case, Story(sorted([ghp, medicare]), status="indeterminate", why="the MSP rule depends on the basis"))


@scenario(
    "individual-policy-old-rules",
    title="Old rules: an individual policy is not a 'plan'",
    difficulty=4,
    rules=("naic.individual_policy_not_a_plan",),
    variants=("spouse-group-plan", "own-group-plan"),
    source="pre-2005 NAIC model (Mont. Admin. R. 6.6.24xx: 'plan does not mean individual or family ... contracts'); N.J. individual contract clause",
)
def individual_policy_old_rules(rng: random.Random, ident: Identity, variant: str) -> Built:
    """Under the pre-2005 rules an individual policy is outside the definition of a coordinating 'plan': a group plan
    pays first as if the individual policy did not exist, even when the individual policy is the person's own."""
    fam = Family.start(rng, ident)
    fam.ruleset = "pre-2005"
    fam.state = "NJ"
    person = fam.person("member", rng.choice("FM"), fam.born(26, 60))
    individual = fam.coverage(
        "member-individual", "individual", person, person, "self", adult_start(fam, person, 0.5, 6), cob="excess"
    )
    if variant == "spouse-group-plan":
        spouse = fam.person("spouse", rng.choice("FM"), fam.born(26, 60))
        fam.marry(person, spouse)
        fam.employer("spouse-employer", rng.choice((30, 300)))
        ghp = fam.coverage(
            "spouse-group",
            "group",
            person,
            spouse,
            "spouse",
            adult_start(fam, person, 0.5, 6),
            employer="spouse-employer",
        )
    else:
        ghp = job_plan(fam, person, rng.choice((30, 300)), start=plan_start(fam, person))
    case = fam.build("x", person, "An individual policy and a group plan under the old rules")
    return Built(case, Story([ghp, individual], why="the group plan pays first as if alone"))
