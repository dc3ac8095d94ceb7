"""Stories with government programs: Medicaid, TRICARE, the VA, the Indian Health Service, FEHB."""

from __future__ import annotations

import random

from generators.family import Built, Family, Story
from generators.identity import Identity
from generators.scenarios.base import scenario
from generators.scenarios.common import adult_start, started
from generators.scenarios.medicare import (
    aged_entitlement,
    disability_facts,
    job_plan,
    medicare_by_age,
    plan_start,
)

MEDICAID_PAYER = "State Medicaid (synthetic)"


@scenario(
    "medicaid-last",
    title="Medicaid pays last",
    difficulty=1,
    rules=("medicaid.last",),
    variants=("employer-plan", "individual-plan"),
    source="42 U.S.C. 1396a(a)(25); seed 004 ('the commercial policy will always be the primary')",
)
def medicaid_last(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A low-income worker has Medicaid and also a commercial policy (through a job or bought individually).
    Medicaid is the payer of last resort: the commercial policy pays first."""
    fam = Family.start(rng, ident)
    person = fam.person("member", rng.choice("FM"), fam.born(19, 60))
    if variant == "employer-plan":
        fam.employer("employer", rng.choice((8, 60, 400)))
        fam.works(person, "employer")
        commercial = fam.coverage(
            "member-group", "group", person, person, "self", adult_start(fam, person, 0.2, 5), employer="employer"
        )
    else:
        commercial = fam.coverage(
            "member-individual", "individual", person, person, "self", adult_start(fam, person, 0.2, 5)
        )
    medicaid = fam.coverage(
        "member-medicaid",
        "medicaid",
        person,
        person,
        "self",
        adult_start(fam, person, 0.1, 4),
        payer="State Medicaid (synthetic)",
    )
    case = fam.build("x", person, "Medicaid and a commercial policy: who pays first?")
    return Built(case, Story([commercial, medicaid], why="Medicaid is the payer of last resort"))


def add_medicaid(fam: Family, pid: str) -> str:
    return fam.coverage(
        f"{pid}-medicaid", "medicaid", pid, pid, "self", adult_start(fam, pid, 0.1, 6), payer=MEDICAID_PAYER
    )


# -------------------------------------------------------------------------------------------- Medicaid


@scenario(
    "dual-eligible",
    title="Medicare and Medicaid: a dual eligible",
    difficulty=2,
    rules=("medicaid.last", "msp.working_aged", "msp.not_current_employment"),
    variants=("medicare-medicaid", "disability", "working-aged-plan", "retiree-plan"),
    source=(
        "42 U.S.C. 1396a(a)(25); government-payers.md §2.1 ('Medicaid and TRICARE never pay first'), §6 case 24; "
        "seed 004 ('Medicaid is ALWAYS the payer of last resort')"
    ),
)
def dual_eligible(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person with Medicare - by age, or under 65 by disability - also qualifies for Medicaid. Medicare pays
    first and Medicaid last. With a group plan too, the Medicare Secondary Payer rules place the plan against
    Medicare (a working-aged plan of an employer of 20 or more before Medicare, a retiree plan after it), and
    Medicaid still pays last."""
    fam = Family.start(rng, ident)
    if variant == "disability":
        birth = fam.born(30, 63)
        facts, entitled = disability_facts(fam, birth)
        member = fam.person("member", rng.choice("FM"), birth, medicare=facts)
        medicare = fam.coverage("member-medicare", "medicare", member, member, "self", entitled)
    else:
        member = fam.person("member", rng.choice("FM"), fam.born(66, 74 if variant == "working-aged-plan" else 90))
        medicare = medicare_by_age(fam, member)
    medicaid = add_medicaid(fam, member)
    if variant == "working-aged-plan":
        ghp = job_plan(fam, member, rng.choice((20, 35, 400)))
        order = [ghp, medicare, medicaid]
    elif variant == "retiree-plan":
        ghp = job_plan(fam, member, rng.choice((40, 300, 6000)), basis="retired")
        order = [medicare, ghp, medicaid]
    else:
        order = [medicare, medicaid]
    case = fam.build("x", member, "Medicare and Medicaid" + (" and an employer plan" if len(order) > 2 else ""))
    return Built(
        case, Story(order, why="Medicare (and any plan the MSP rules put around it) before Medicaid, which is last")
    )


# --------------------------------------------------------------------------------------------- TRICARE


def tricare(fam: Family, member: str, sponsor: str, relationship: str, **kw: object) -> str:
    start = adult_start(fam, member, 1, 20) if member == sponsor else plan_start(fam, member, min_years=1, max_years=20)
    return fam.coverage(
        f"{member}-tricare", "tricare", member, sponsor, relationship, start, payer="TRICARE Select", **kw
    )


@scenario(
    "tricare-with-employer-plan",
    title="TRICARE pays after the employer plan",
    difficulty=2,
    rules=("tricare.after_other_coverage", "medicaid.last", "tricare.supplement_after_tricare"),
    variants=("retiree-civilian-job", "spouse-own-job", "with-medicaid", "with-supplement"),
    source=(
        "10 U.S.C. 1079(j)(1); 32 CFR 199.8; tricare.mil/Plans/OHI; government-payers.md §3.1 and §7 "
        "misconceptions 17-18"
    ),
)
def tricare_with_employer_plan(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A military retiree under 65 (or a retiree's spouse) has TRICARE and also an employer plan from a civilian
    job. TRICARE pays after all other health insurance, so the employer plan pays first and TRICARE second. A
    TRICARE supplement pays after TRICARE; Medicaid, the one program TRICARE pays before, comes last."""
    fam = Family.start(rng, ident)
    sponsor = fam.person("retiree", rng.choice("FM"), fam.born(40, 64))
    if variant == "spouse-own-job":
        member = fam.person("spouse", rng.choice("FM"), fam.born(30, 64))
        fam.marry(sponsor, member)
        coverage_tricare = tricare(fam, member, sponsor, "spouse")
    else:
        member = sponsor
        coverage_tricare = tricare(fam, member, sponsor, "self")
    ghp = job_plan(fam, member, rng.choice((12, 60, 900)))
    order = [ghp, coverage_tricare]
    if variant == "with-supplement":
        order.append(
            fam.coverage(
                "retiree-supplement", "tricare_supplement", member, member, "self", adult_start(fam, member, 0.5, 8)
            )
        )
    if variant == "with-medicaid":
        order.append(add_medicaid(fam, member))
    case = fam.build("x", member, "A civilian employer plan and TRICARE")
    return Built(
        case, Story(order, why="TRICARE after other health insurance; a supplement after TRICARE; Medicaid last")
    )


@scenario(
    "tricare-for-life",
    title="TRICARE For Life: after Medicare",
    difficulty=3,
    rules=("tricare.after_other_coverage", "tricare.part_b_required", "msp.not_current_employment"),
    variants=("medicare-and-tfl", "civilian-retiree-plan", "working-aged-plan", "no-part-b"),
    source=(
        "10 U.S.C. 1086(d); TRICARE Reimbursement Manual ch.4 §4 ('Medicare is always primary'); "
        "government-payers.md §3.1 (AARP: 'Medicare pays first, the retiree health insurance pays second, and "
        "Tricare for Life pays third')"
    ),
)
def tricare_for_life(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A military retiree aged 66 to 88 has Medicare by age and TRICARE For Life. Medicare pays first and TFL
    after it. With a retiree plan from a civilian job: Medicare, the retiree plan, then TFL. Still working for a
    civilian employer of 20 or more: the employer plan, Medicare, then TFL. A person with Medicare Part A who did
    not take Part B loses TRICARE altogether, so for a hospital stay (a Part A claim) Medicare pays alone."""
    fam = Family.start(rng, ident)
    working = variant == "working-aged-plan"
    member = fam.person("retiree", rng.choice("FM"), fam.born(66, 74) if working else fam.born(66, 88))
    if variant == "no-part-b":
        medicare = medicare_by_age(fam, member, medicare={"part_a": True, "part_b": False, "mbi": ident.mbi()})
    else:
        medicare = medicare_by_age(fam, member)
    tfl = fam.coverage(
        "retiree-tfl",
        "tricare_for_life",
        member,
        member,
        "self",
        aged_entitlement(fam.birth_of(member)),
        payer="TRICARE For Life",
    )
    setting = "professional"
    if variant == "civilian-retiree-plan":
        ghp = job_plan(fam, member, rng.choice((40, 300, 6000)), basis="retired", cid="retiree-civilian-plan")
        story = Story([medicare, ghp, tfl], why="Medicare first, the retiree plan second, TRICARE For Life third")
    elif working:
        ghp = job_plan(fam, member, rng.choice((20, 60, 800)))
        story = Story([ghp, medicare, tfl], why="working aged 20+: the plan, then Medicare, then TRICARE For Life")
    elif variant == "no-part-b":
        setting = "inpatient"
        story = Story(
            [medicare], excluded=[tfl], why="Part A without Part B: no TRICARE; Medicare Part A pays the stay"
        )
    else:
        story = Story([medicare, tfl], why="TRICARE For Life pays after Medicare")
    case = fam.build("x", member, "TRICARE For Life and Medicare", setting=setting)
    return Built(case, story)


@scenario(
    "active-duty",
    title="Active duty: TRICARE only; the family coordinates",
    difficulty=2,
    rules=("tricare.active_duty_only", "tricare.after_other_coverage"),
    variants=("member-on-spouse-plan", "activated-reservist", "spouse-own-plan", "child-on-civilian-parent-plan"),
    source=(
        "Health Net Federal Services (government-payers.md §3.1: 'TRICARE is the primary payer and coordination of "
        "benefits with other insurance carriers does not occur'); seed 003 insure.com ('If you are on active duty, "
        "you can't use any other health insurance')"
    ),
)
def active_duty(rng: random.Random, ident: Identity, variant: str) -> Built:
    """An active-duty service member - including a Reservist called to active duty who keeps the civilian
    employer's plan - has TRICARE as the only coverage: a spouse's plan or the civilian plan does not take part.
    The member's family is different: a spouse or child with an employer plan of their own (or a civilian parent's)
    uses it first, and TRICARE pays second."""
    fam = Family.start(rng, ident)
    with_child = variant == "child-on-civilian-parent-plan"
    member = fam.person("service-member", rng.choice("FM"), fam.born(25, 45) if with_child else fam.born(19, 45))
    own = fam.coverage(
        "service-member-tricare",
        "tricare",
        member,
        member,
        "self",
        adult_start(fam, member, 0.5, 15),
        payer="TRICARE Prime",
        active_duty=True,
    )
    if variant == "activated-reservist":
        ghp = job_plan(fam, member, rng.choice((30, 250, 3000)), start=adult_start(fam, member, 1, 10))
        case = fam.build("x", member, "A Reservist on active duty with a civilian employer plan")
        return Built(case, Story([own], excluded=[ghp], why="active duty: TRICARE only, no coordination"))
    spouse = fam.person("spouse", rng.choice("FM"), fam.born(25, 45) if with_child else fam.born(19, 45))
    fam.marry(member, spouse)
    fam.employer("spouse-employer", rng.choice((30, 250, 3000)))
    fam.works(spouse, "spouse-employer")
    if variant == "member-on-spouse-plan":
        plan = fam.family_plan(
            "spouse-group",
            spouse,
            [(spouse, "self"), (member, "spouse")],
            start=plan_start(fam, spouse, member, min_years=0.5, max_years=8),
            employer="spouse-employer",
        )
        case = fam.build("x", member, "An active-duty member also on the spouse's employer plan")
        return Built(
            case,
            Story(
                [own], excluded=[plan[member]], why="active duty: TRICARE only, the spouse's plan does not take part"
            ),
        )
    if variant == "spouse-own-plan":
        ghp = fam.coverage(
            "spouse-group",
            "group",
            spouse,
            spouse,
            "self",
            adult_start(fam, spouse, 0.5, 8),
            employer="spouse-employer",
        )
        adfm = fam.coverage(
            "spouse-tricare",
            "tricare",
            spouse,
            member,
            "spouse",
            plan_start(fam, spouse, min_years=0.5, max_years=8),
            payer="TRICARE Prime",
        )
        case = fam.build("x", spouse, "The spouse of an active-duty member, with an own employer plan")
        return Built(case, Story([ghp, adfm], why="a family member coordinates: own plan first, TRICARE second"))
    child = fam.person("child", rng.choice("FM"), fam.born(0, 6))
    fam.parent(member, child)
    fam.parent(spouse, child)
    fam.custody(child, "married")
    plan = fam.family_plan(
        "spouse-group",
        spouse,
        [(spouse, "self"), (child, "child")],
        start=plan_start(fam, spouse, min_years=0.5, max_years=8),
        employer="spouse-employer",
    )
    adfm = fam.coverage(
        "child-tricare",
        "tricare",
        child,
        member,
        "child",
        max(started(fam, 0.5, 8), fam.birth_of(child)),
        payer="TRICARE Prime",
    )
    case = fam.build("x", child, "A child of an active-duty member, also on the civilian parent's plan")
    return Built(case, Story([plan[child], adfm], why="a family member coordinates: the civilian parent's plan first"))


# -------------------------------------------------------------------------------------------------- VA


@scenario(
    "va-care",
    title="VA care: authorized or not, service-connected or not",
    difficulty=3,
    rules=("va.medicare_cannot_pay", "va.authorized_care", "va.service_connected", "va.after_health_plans"),
    variants=(
        "authorized-with-medicare",
        "not-authorized-with-medicare",
        "service-connected-with-employer-plan",
        "authorized-with-employer-plan",
    ),
    source=(
        "SSA POMS HI 00620.050 ('No payment may be made under Medicare for such authorized services'); 38 U.S.C. "
        "1729; government-payers.md §1.2, §3.1 and §7 misconception 21"
    ),
)
def va_care(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A veteran enrolled in VA health care also has Medicare or an employer plan. VA and Medicare do not
    coordinate: for care the VA furnished or authorized, the VA pays and Medicare may not; for care the VA did not
    authorize, the VA does not pay and Medicare pays as usual. For VA-authorized care of a condition that is not
    service-connected the VA bills the veteran's health plan, which pays first; for a service-connected condition
    the VA pays in full and no one else is billed."""
    fam = Family.start(rng, ident)
    with_medicare = variant.endswith("with-medicare")
    veteran = fam.person("veteran", rng.choice("FM"), fam.born(66, 90) if with_medicare else fam.born(25, 64))
    va = fam.coverage(
        "veteran-va",
        "va",
        veteran,
        veteran,
        "self",
        adult_start(fam, veteran, 1, 30),
        payer="Veterans Health Administration",
    )
    other = medicare_by_age(fam, veteran) if with_medicare else job_plan(fam, veteran, rng.choice((30, 250, 3000)))
    authorized = variant != "not-authorized-with-medicare"
    connected = variant.startswith("service-connected")
    if variant == "authorized-with-medicare":
        story = Story([va], excluded=[other], why="VA-authorized care: the VA pays and Medicare may not")
    elif variant == "not-authorized-with-medicare":
        story = Story([other], excluded=[va], why="care the VA did not authorize: Medicare pays, the VA does not")
    elif connected:
        story = Story([va], excluded=[other], why="service-connected care: the VA pays in full, the plan is not billed")
    else:
        story = Story(
            [other, va], why="non-service-connected VA care: the VA recovers from the health plan, which pays first"
        )
    case = fam.build(
        "x",
        veteran,
        "A veteran's care" + (" authorized by the VA" if authorized else " outside the VA"),
        va_authorized=authorized,
        service_connected=connected,
    )
    return Built(case, story)


# ------------------------------------------------------------------------------------------------- IHS


@scenario(
    "ihs",
    title="Indian Health Service: the payer of last resort",
    difficulty=2,
    rules=("ihs.last_resort", "medicaid.last"),
    variants=("medicaid", "employer-plan", "medicare-and-medicaid"),
    source=(
        "25 U.S.C. 1623(b) ('payer of last resort ... notwithstanding any Federal, State, or local law'); "
        "government-payers.md §2.1 and §7 misconception 19"
    ),
)
def ihs(rng: random.Random, ident: Identity, variant: str) -> Built:
    """An American Indian or Alaska Native eligible for the Indian Health Service also has Medicaid, an employer
    plan, or Medicare and Medicaid. IHS is the payer of last resort even after Medicaid: every other coverage pays
    first (Medicare, then Medicaid), and IHS pays last."""
    fam = Family.start(rng, ident)
    older = variant == "medicare-and-medicaid"
    member = fam.person("member", rng.choice("FM"), fam.born(66, 85) if older else fam.born(19, 64))
    ihs_cov = fam.coverage(
        "member-ihs", "ihs", member, member, "self", fam.birth_of(member), payer="Indian Health Service"
    )
    if variant == "employer-plan":
        order = [job_plan(fam, member, rng.choice((12, 80, 700))), ihs_cov]
    elif older:
        order = [medicare_by_age(fam, member), add_medicaid(fam, member), ihs_cov]
    else:
        order = [add_medicaid(fam, member), ihs_cov]
    case = fam.build("x", member, "Indian Health Service eligibility and other coverage")
    return Built(case, Story(order, why="IHS pays last, after every other coverage including Medicaid"))


# ------------------------------------------------------------------------------------------------ FEHB


@scenario(
    "fehb",
    title="FEHB: the federal government's employer plan",
    difficulty=3,
    rules=("fehb.employer_plan", "msp.working_aged", "msp.not_current_employment", "tricare.after_other_coverage"),
    variants=(
        "active-employee-65-plus",
        "spouse-of-active-employee",
        "annuitant",
        "annuitant-with-tfl",
        "fehb-and-tricare",
    ),
    source=(
        "OPM 'Understand which insurance pays first'; government-payers.md §1.6 (FEHB; fedweek: 'When Tricare ... "
        "and FEHB cover the enrollee, FEHB pays first') and §7 misconception 30"
    ),
)
def fehb(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A federal employee or annuitant has an FEHB plan, which Medicare's rules treat as the group plan of an
    employer far larger than 20. An employee still working past 65 (or the 65-plus spouse of one): FEHB first,
    Medicare second. A retired annuitant: Medicare first, FEHB second, and TRICARE For Life after both. A federal
    employee who is also a military retiree: FEHB first, TRICARE second."""
    fam = Family.start(rng, ident)
    fam.employer("agency", rng.choice((250_000, 2_000_000)), federal=True)
    active = variant in ("active-employee-65-plus", "spouse-of-active-employee", "fehb-and-tricare")
    if variant == "spouse-of-active-employee":
        employee = fam.person("employee", rng.choice("FM"), fam.born(40, 70))
        member = fam.person("spouse", rng.choice("FM"), fam.born(66, 80))
        fam.marry(employee, member)
        fam.works(employee, "agency")
        plan = fam.family_plan(
            "employee-fehb",
            employee,
            [(employee, "self"), (member, "spouse")],
            start=plan_start(fam, employee, member, min_years=0.5, max_years=20),
            kind="fehb",
            employer="agency",
        )
        cov = plan[member]
    else:
        if variant == "fehb-and-tricare":
            birth = fam.born(40, 64)
        elif active:
            birth = fam.born(66, 72)
        else:
            birth = fam.born(66, 88)
        member = fam.person("employee" if active else "annuitant", rng.choice("FM"), birth)
        fam.works(member, "agency", "active" if active else "retired")
        extra = {} if active else {"basis": "retired"}
        cov = fam.coverage(
            f"{member}-fehb",
            "fehb",
            member,
            member,
            "self",
            adult_start(fam, member, 1, 25),
            employer="agency",
            **extra,
        )
    if variant == "fehb-and-tricare":
        story = Story([cov, tricare(fam, member, member, "self")], why="TRICARE pays after FEHB")
    else:
        medicare = medicare_by_age(fam, member)
        if active:
            story = Story([cov, medicare], why="FEHB through current federal employment pays before Medicare")
        elif variant == "annuitant-with-tfl":
            tfl = fam.coverage(
                f"{member}-tfl",
                "tricare_for_life",
                member,
                member,
                "self",
                aged_entitlement(fam.birth_of(member)),
                payer="TRICARE For Life",
            )
            story = Story([medicare, cov, tfl], why="annuitant: Medicare, then FEHB, then TRICARE For Life")
        else:
            story = Story(
                [medicare, cov], why="an annuitant's FEHB does not rest on current employment: Medicare first"
            )
    case = fam.build("x", member, "An FEHB plan and " + ("TRICARE" if variant == "fehb-and-tricare" else "Medicare"))
    return Built(case, story)
