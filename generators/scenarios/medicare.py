"""Stories with Medicare: working aged, disability, ESRD, retirees, individual policies, Medigap, Medicare
Advantage."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from generators.family import FIRST_SERVICE, Built, Family, Story, add_months, day_between, month_start, years_before
from generators.identity import Identity
from generators.scenarios.base import scenario
from generators.scenarios.common import adult_start, started

# ------------------------------------------------------------------------------------------------ helpers
# Shared with the government and injury stories. Every date is worked out here from the reference
# (government-payers.md §0.2, §1.3-§1.5), never asked of the engine.


def aged_entitlement(birth: date) -> date:
    """First day of Medicare by age: the first of the month in which the person attains 65, and a person attains
    an age on the day before the birthday (42 CFR 411.170(c)); someone born on the 1st is entitled from the first
    of the previous month.

    Examples:
        >>> aged_entitlement(date(1960, 3, 15))
        datetime.date(2025, 3, 1)
        >>> aged_entitlement(date(1960, 3, 1))
        datetime.date(2025, 2, 1)
    """
    year = birth.year + 65
    try:
        birthday = birth.replace(year=year)
    except ValueError:  # born on 29 February: the birthday of a common year is 1 March
        birthday = date(year, 3, 1)
    return month_start(birthday - timedelta(days=1))


def month_end(d: date) -> date:
    """Last day of the month of ``d``."""
    return add_months(d, 1) - timedelta(days=1)


def service_month(rng: random.Random) -> date:
    """The first day of a month inside the generators' service window (January 2024 to December 2026)."""
    return add_months(FIRST_SERVICE, rng.randrange(36))


def day_in_month(rng: random.Random, month: date) -> date:
    return day_between(rng, month_start(month), month_end(month))


def plan_start(fam: Family, *adults: str, min_years: float = 1, max_years: float = 15) -> date:
    """A start for a policy covering ``adults``: in the window before the service, and not before any of them
    turned 18."""
    start = started(fam, min_years, max_years)
    return max([start, *(years_before(fam.birth_of(p), -18) for p in adults)])


def medicare_by_age(fam: Family, pid: str, cid: str | None = None, **kw: Any) -> str:
    """Original Medicare for a person entitled by age, from the first day of entitlement."""
    return fam.coverage(
        cid or f"{pid}-medicare", "medicare", pid, pid, "self", aged_entitlement(fam.birth_of(pid)), **kw
    )


#: Medigap plan letters anyone may hold, and those that pay the Part B deductible - closed to people who attain 65
#: on or after 2020-01-01 (42 U.S.C. 1395ss(z); a person attains 65 the day before the birthday).
MEDIGAP_OPEN_LETTERS = ("A", "B", "D", "G", "G-HD", "K", "L", "M", "N")
MEDIGAP_CLOSED_LETTERS = ("C", "F", "F-HD")


def medigap_letter(rng: random.Random, birth: date) -> str:
    """A Medigap plan letter the person may hold: plans C and F only for someone who attained 65 before 2020
    (born on or before 1 January 1955), and the popular plans G, N and F most often.

    Examples:
        >>> medigap_letter(random.Random(1), date(1960, 5, 5)) in MEDIGAP_OPEN_LETTERS
        True
    """
    letters = ["G", "G", "N", *MEDIGAP_OPEN_LETTERS]
    if birth <= date(1955, 1, 1):
        letters += ["F", "F", *MEDIGAP_CLOSED_LETTERS]
    return rng.choice(letters)


def disability_facts(fam: Family, birth: date) -> tuple[dict[str, str], date]:
    """Medicare facts of a person under 65 entitled by disability, and the first day of entitlement: the 25th month
    of Social Security disability benefits (42 USC 426(b)), given either as the SSDI start or as the date itself."""
    latest = fam.service - timedelta(days=31)
    earliest = min(max(fam.service - timedelta(days=8 * 365), years_before(birth, -22)), latest)
    entitled = month_start(day_between(fam.rng, earliest, latest))
    if fam.rng.random() < 0.5:
        return {"ssdi_entitlement_start": add_months(entitled, -24).isoformat()}, entitled
    return {"disability_entitlement_start": entitled.isoformat()}, entitled


def cobra_period(fam: Family) -> tuple[date, date]:
    """An 18-month COBRA continuation that is in force on the service date."""
    start = day_between(fam.rng, fam.service - timedelta(days=17 * 30), fam.service - timedelta(days=30))
    return start, add_months(start, 18) - timedelta(days=1)


def job_plan(
    fam: Family,
    pid: str,
    employees: int,
    *,
    basis: str = "active",
    eid: str | None = None,
    cid: str | None = None,
    start: date | None = None,
    **kw: Any,
) -> str:
    """``pid``'s own group plan through an employer of ``employees``: as an active employee, a retiree or on COBRA."""
    eid = eid or f"{pid}-employer"
    history = kw.pop("history", None)
    fam.employer(eid, employees, **({"history": history} if history else {}))
    fam.works(pid, eid, {"active": "active", "retired": "retired", "cobra": "terminated"}[basis])
    label = {"active": "group", "retired": "retiree", "cobra": "cobra"}[basis]
    extra: dict[str, Any] = {"employer": eid, **kw}
    if basis == "cobra":
        start, extra["end"] = cobra_period(fam)
    if basis != "active":
        extra["basis"] = basis
    if start is None:
        start = adult_start(fam, pid, 1, 20)
    return fam.coverage(cid or f"{pid}-{label}", "group", pid, pid, "self", start, **extra)


def years_old(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def medicare_then(ghp_first: bool, ghp: str, medicare: str) -> list[str]:
    return [ghp, medicare] if ghp_first else [medicare, ghp]


# ----------------------------------------------------------------------------------------- working aged


@scenario(
    "medicare-working-aged",
    title="Working past 65: employer size decides",
    difficulty=2,
    rules=("msp.working_aged", "msp.small_employer"),
    variants=(
        "employees-19",
        "employees-20",
        "employees-21",
        "employees-500",
        "employees-12",
        "two-jobs-small-and-large",
    ),
    source=(
        "42 U.S.C. 1395y(b)(1)(A); 42 CFR 411.170-172; 42 CFR 411.32(a)(1) (federal order prevails); seed 004; "
        "Horizon BCBSNJ manual (three questions)"
    ),
)
def medicare_working_aged(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A worker aged 66 to 74 with Medicare by age keeps the group plan from their current job. With an employer
    of 20 or more employees (on each working day of 20 weeks this year or last) the group plan pays first and
    Medicare second; with fewer, Medicare pays first. With two jobs - an older plan from a small employer and a newer
    one from a large employer - the NAIC longer-coverage rule would put the small employer's plan first, but the
    federal order (large plan, Medicare, small plan) prevails."""
    fam = Family.start(rng, ident)
    if variant == "two-jobs-small-and-large":
        return _two_jobs_small_and_large(fam, rng)
    size = int(variant.split("-")[1])
    worker = fam.person("worker", rng.choice("FM"), fam.born(66, 74))
    fam.employer("employer", size)
    fam.works(worker, "employer", "active")
    ghp = fam.coverage(
        "worker-group", "group", worker, worker, "self", adult_start(fam, worker, 1, 15), employer="employer"
    )
    medicare = medicare_by_age(fam, worker)  # from the first of the month the worker attains 65
    order = [ghp, medicare] if size >= 20 else [medicare, ghp]
    case = fam.build(
        "x",
        worker,
        f"Still working at {fam.service.year - fam.birth_of(worker).year}: does the job's plan or Medicare pay first?",
    )
    return Built(case, Story(order, why="20 or more employees: group plan first; fewer: Medicare first"))


def _two_jobs_small_and_large(fam: Family, rng: random.Random) -> Built:
    worker = fam.person("worker", rng.choice("FM"), fam.born(66, 74))
    fam.employer("small", rng.choice((8, 12, 15)))
    fam.employer("large", rng.choice((60, 300, 2500)))
    fam.works(worker, "small", "active")
    fam.works(worker, "large", "active")
    older = fam.coverage(
        "worker-small", "group", worker, worker, "self", adult_start(fam, worker, 6, 15), employer="small"
    )
    newer = fam.coverage(
        "worker-large", "group", worker, worker, "self", adult_start(fam, worker, 1, 4), employer="large"
    )
    medicare = medicare_by_age(fam, worker)
    case = fam.build("x", worker, "Two jobs after 65: a small employer's older plan and a large employer's newer one")
    why = "the federal order (large plan before Medicare before the small plan) prevails over the NAIC longer-coverage rule"
    return Built(case, Story([newer, medicare, older], why=why))


@scenario(
    "medicare-working-aged-spouse",
    title="Over 65 on a working spouse's plan",
    difficulty=2,
    rules=("msp.working_aged", "msp.small_employer", "msp.not_current_employment"),
    variants=("employees-19", "employees-20", "employees-21", "domestic-partner"),
    source=(
        "42 U.S.C. 1395y(b)(1)(A); 42 CFR 411.170(a)(2)(ii)(B); government-payers.md §1.3 (domestic partners not a "
        "'spouse' [S AARP; M]); seed 003 Horizon BCBSNJ ('Are you or your spouse actively employed?')"
    ),
)
def medicare_working_aged_spouse(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person aged 66 to 80 with Medicare by age no longer works but is covered as a dependent on the group plan
    of a spouse who still does. For the working-aged rule the spouse's current employment counts like the person's
    own: with an employer of 20 or more employees the spouse's plan pays first and Medicare second; with 19 or
    fewer, Medicare pays first. A domestic partner is not a spouse for this rule, so on a partner's plan Medicare
    pays first whatever the size of the partner's employer."""
    fam = Family.start(rng, ident)
    partner = variant == "domestic-partner"
    member = fam.person("member", rng.choice("FM"), fam.born(66, 80))
    worker = fam.person("worker", rng.choice("FM"), fam.born(30, 75))
    fam.marry(worker, member, kind="domestic_partner" if partner else "spouse")
    size = rng.choice((20, 45, 300, 5000)) if partner else int(variant.split("-")[1])
    fam.employer("worker-employer", size)
    fam.works(worker, "worker-employer")
    plan = fam.family_plan(
        "worker-group",
        worker,
        [(worker, "self"), (member, "domestic_partner" if partner else "spouse")],
        start=plan_start(fam, worker, member, min_years=0.5, max_years=20),
        employer="worker-employer",
    )
    medicare = medicare_by_age(fam, member)
    ghp_first = size >= 20 and not partner
    if partner:
        why = (
            "working aged counts only the person's own or a spouse's job; a domestic partner's plan pays after Medicare"
        )
    elif ghp_first:
        why = f"the spouse works for an employer of {size} (20 or more): the spouse's plan pays first"
    else:
        why = f"the spouse's employer has {size} employees (fewer than 20): Medicare pays first"
    who = "partner" if partner else "spouse"
    case = fam.build(
        "x", member, f"Medicare at {years_old(fam.birth_of(member), fam.service)} and a working {who}'s plan"
    )
    return Built(case, Story(medicare_then(ghp_first, plan[member], medicare), why=why))


# ------------------------------------------------------------------------------------------- disability


@scenario(
    "medicare-disability",
    title="Under 65 with Medicare by disability: the 100-employee test",
    difficulty=3,
    rules=("msp.disability_large_group_plan", "msp.disability_small_employer"),
    variants=(
        "previous-year-100",
        "previous-year-99",
        "spouse-employer",
        "parent-employer",
        "partner-employer",
        "union-fund",
    ),
    source=(
        "42 U.S.C. 1395y(b)(1)(B); 26 U.S.C. 5000(b)(2); 42 CFR 411.201, 411.204; government-payers.md §1.4; "
        "order-of-benefits.md C31, C32; seed 003 Horizon BCBSNJ ('100 or more employees')"
    ),
)
def medicare_disability(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person under 65 has Medicare because of a disability (from the 25th month of Social Security disability
    benefits) and a group plan through current employment - their own, a spouse's, a parent's or a domestic
    partner's (any family member counts for disability). The plan pays first only if it is a large group health
    plan: the employer normally had 100 or more employees on a typical business day of the PREVIOUS calendar year;
    otherwise Medicare pays first. An employer that had 99 last year and grew since does not count; one that had
    100 last year and shrank does. A union health and welfare fund counts as large when any one of its
    contributing employers has 100 or more."""
    fam = Family.start(rng, ident)
    year = fam.service.year
    parent_story = variant == "parent-employer"
    birth = fam.born(24, 40) if parent_story else fam.born(30, 63)
    facts, entitled = disability_facts(fam, birth)
    member = fam.person("member", rng.choice("FM"), birth, medicare=facts)
    medicare = fam.coverage("member-medicare", "medicare", member, member, "self", entitled)
    history: list[dict[str, int]] | None = None
    if variant in ("previous-year-100", "previous-year-99"):
        last = int(variant.rsplit("-", 1)[1])
        now = rng.randrange(60, 100) if last == 100 else rng.randrange(100, 300)
        history = [{"year": year - 1, "typical_employees": last}, {"year": year, "typical_employees": now}]
        ghp = job_plan(fam, member, now, history=history)
        large = last >= 100
        why = f"the employer had {last} employees on a typical day of {year - 1} (now {now}); the previous year counts"
    elif variant == "union-fund":
        own = rng.randrange(15, 100)
        other = rng.choice((60, 99, 100, 400))
        fam.employer("member-employer", own)
        fam.employer("other-employer", other)
        fam.multi_employer_plans.append(
            {
                "id": "union-fund",
                "name": f"{ident.surname()} Health and Welfare Fund (synthetic)",
                "employers": ["member-employer", "other-employer"],
            }
        )
        fam.works(member, "member-employer")
        ghp = fam.coverage(
            "member-fund",
            "group",
            member,
            member,
            "self",
            adult_start(fam, member, 1, 20),
            employer="member-employer",
            multi_employer_plan="union-fund",
        )
        large = other >= 100
        why = f"the fund's employers have {own} and {other} employees: large if any one has 100 or more"
    else:
        size = rng.choice((60, 99, 100, 250, 4000))
        if parent_story:
            family = fam.person("parent", rng.choice("FM"), years_before(birth, rng.randrange(20, 36)))
            fam.parent(family, member)
            rel = "child"
        else:
            family = fam.person(
                "spouse" if variant == "spouse-employer" else "partner", rng.choice("FM"), fam.born(25, 64)
            )
            rel = "spouse" if variant == "spouse-employer" else "domestic_partner"
            fam.marry(family, member, kind=rel)
        fam.employer(f"{family}-employer", size)
        fam.works(family, f"{family}-employer")
        plan = fam.family_plan(
            f"{family}-group",
            family,
            [(family, "self"), (member, rel)],
            start=plan_start(fam, family, min_years=1, max_years=15),
            employer=f"{family}-employer",
        )
        ghp = plan[member]
        large = size >= 100
        why = f"the {family}'s employer has {size} employees; any family member's current employment counts"
    why += "; large group plan first" if large else "; under 100: Medicare first"
    case = fam.build(
        "x", member, f"Medicare by disability at {years_old(birth, fam.service)} and a group plan through current work"
    )
    return Built(case, Story(medicare_then(large, ghp, medicare), why=why))


# ------------------------------------------------------------------------------------------------- ESRD


def esrd_group_plan(fam: Family, pid: str, kind: str, before: date) -> str:
    """A group plan of ``kind`` (active, small-employer, retiree, cobra); the employee plan started before ``before``."""
    rng = fam.rng
    start = max(
        day_between(rng, before - timedelta(days=15 * 365), before - timedelta(days=30)),
        years_before(fam.birth_of(pid), -18),
    )
    if kind == "active":
        return job_plan(fam, pid, rng.choice((25, 150, 2000)), start=start)
    if kind == "small-employer":
        return job_plan(fam, pid, rng.randrange(3, 20), start=start)
    if kind == "retiree":
        return job_plan(fam, pid, rng.choice((40, 300, 6000)), basis="retired", start=start)
    return job_plan(fam, pid, rng.choice((40, 300, 6000)), basis="cobra")


def esrd_story(month: int, ghp: str, medicare: str) -> Story:
    """The order in coordination month ``month`` (0 or less: the qualifying period, Medicare not yet in force)."""
    if month <= 0:
        return Story(
            [ghp], excluded=[medicare], why="qualifying period: ESRD Medicare has not begun, the group plan pays alone"
        )
    if month <= 30:
        return Story(
            [ghp, medicare], why=f"month {month} of the 30-month coordination period: any group plan pays first"
        )
    return Story([medicare, ghp], why=f"month {month}: the coordination period is over, Medicare pays first")


@scenario(
    "esrd-coordination",
    title="Kidney failure: the 30-month coordination period",
    difficulty=4,
    rules=("msp.esrd_coordination_period", "msp.esrd_after_coordination", "coordination.in_force"),
    variants=(
        "qualifying-period",
        "month-1",
        "month-30",
        "month-31",
        "dialysis-on-1st",
        "dialysis-on-31st",
        "retiree-plan",
        "cobra-plan",
        "small-employer-plan",
    ),
    source=(
        "42 U.S.C. 1395y(b)(1)(C); SSA POMS HI 00801.216; government-payers.md §1.5, §6 case 11, §7 misconceptions "
        "7-10; order-of-benefits.md C33; seed 003 Horizon BCBSNJ ('30-month COB period')"
    ),
)
def esrd_coordination(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person under 65 with kidney failure begins a regular course of dialysis. ESRD Medicare begins on the
    first day of the third month after the month dialysis began - calendar months, so dialysis on the 1st or on
    the 31st of March both give 1 June. Before that (the qualifying period) Medicare is not in force and the group
    plan pays alone. From the first month of entitlement, any group plan - active job, retiree plan, COBRA, an
    employer of any size - pays first for all services during a 30-month coordination period; from month 31
    Medicare pays first."""
    fixed = {"month-1": 1, "month-30": 30, "month-31": 31, "dialysis-on-1st": 30, "dialysis-on-31st": 31}
    month = service_month(rng)
    if variant in fixed:
        k = fixed[variant]
    elif variant == "qualifying-period":
        k = rng.randrange(-2, 1)
    else:
        k = rng.randrange(-2, 37)
    entitled = add_months(month, 1 - k)
    if variant == "dialysis-on-31st":
        while month_end(add_months(entitled, -3)).day != 31:
            month = service_month(rng)
            entitled = add_months(month, 1 - k)
    dial_month = add_months(entitled, -3)
    if variant in ("month-1", "month-31", "dialysis-on-31st"):
        service = month
    elif variant in ("month-30", "dialysis-on-1st"):
        service = month_end(month)
    else:
        service = day_in_month(rng, month)
    if variant == "dialysis-on-1st":
        dialysis = dial_month
    elif variant == "dialysis-on-31st":
        dialysis = month_end(dial_month)
    else:
        dialysis = day_between(rng, dial_month, min(month_end(dial_month), service))
    fam = Family.start(rng, ident, service=service)
    member = fam.person(
        "member", rng.choice("FM"), fam.born(25, 60), medicare={"esrd": [{"dialysis_start": dialysis.isoformat()}]}
    )
    kind = {"retiree-plan": "retiree", "cobra-plan": "cobra", "small-employer-plan": "small-employer"}.get(
        variant, "active"
    )
    ghp = esrd_group_plan(fam, member, kind, dialysis)
    medicare = fam.coverage("member-medicare", "medicare", member, member, "self", entitled)
    story = esrd_story(k, ghp, medicare)
    story.why = f"dialysis began {dialysis}, ESRD Medicare {entitled}; " + story.why
    case = fam.build("x", member, f"Dialysis since {dialysis:%B %-d, %Y}: who pays on {service:%B %-d, %Y}?")
    return Built(case, story)


@scenario(
    "esrd-training-transplant",
    title="Kidney failure: self-dialysis training and transplants move the start of Medicare",
    difficulty=5,
    rules=("msp.esrd_coordination_period", "msp.esrd_after_coordination", "coordination.in_force"),
    variants=(
        "training-in-qualifying-period",
        "training-month-31",
        "training-after-qualifying-period",
        "transplant-month",
        "preparation-within-2-months",
        "preparation-earlier",
    ),
    source=(
        "SSA POMS HI 00801.221 (transplant), HI 00801.226 (self-dialysis training); government-payers.md §1.5 "
        "and §7 misconceptions 34-35"
    ),
)
def esrd_training_transplant(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person under 65 with kidney failure and an employer plan. Normally ESRD Medicare begins with the third
    month after the month dialysis began. If self-dialysis training begins inside that qualifying period, the whole
    wait is waived and Medicare begins with the month dialysis began (training that starts later changes nothing);
    the 30-month coordination period then also starts - and ends - earlier. With a kidney transplant Medicare begins
    in the transplant month, or in the month of a preparatory hospital admission when the transplant follows
    within two months; when it follows later, two months before the transplant month. While Medicare is in force
    and the coordination period runs, the group plan pays first."""
    month = service_month(rng)
    esrd: dict[str, str] = {}
    setting = "professional"
    if variant.startswith("training"):
        if variant == "training-month-31":
            dial_month = add_months(month, -30)
            service = month
        else:
            dial_month = add_months(month, -rng.choice((1, 2)))
            service = day_in_month(rng, month)
        dialysis = day_in_month(rng, dial_month)
        qualifying_end = add_months(dialysis, 3) - timedelta(days=1)
        if variant == "training-after-qualifying-period":
            training = day_between(rng, qualifying_end + timedelta(days=1), qualifying_end + timedelta(days=60))
            entitled = add_months(dialysis, 3)
        else:
            training = day_between(rng, dialysis, min(qualifying_end, service))
            entitled = dial_month
        esrd = {"dialysis_start": dialysis.isoformat(), "self_dialysis_training_start": training.isoformat()}
        before = dialysis
    else:
        setting = "inpatient"
        service = day_in_month(rng, month)
        if variant == "transplant-month":
            esrd = {"transplant_date": service.isoformat()}
            entitled = month
        else:
            gap = rng.choice((0, 1, 2)) if variant == "preparation-within-2-months" else rng.choice((3, 4, 5))
            transplant = max(day_in_month(rng, add_months(month, gap)), service)
            esrd = {"transplant_date": transplant.isoformat(), "transplant_preparation_admission": service.isoformat()}
            entitled = month if gap <= 2 else add_months(transplant, -2)
        before = service
    fam = Family.start(rng, ident, service=service)
    member = fam.person("member", rng.choice("FM"), fam.born(25, 60), medicare={"esrd": [esrd]})
    ghp = esrd_group_plan(fam, member, "active", before)
    medicare = fam.coverage("member-medicare", "medicare", member, member, "self", entitled)
    k = (service.year - entitled.year) * 12 + service.month - entitled.month + 1
    story = esrd_story(k if service >= entitled else 0, ghp, medicare)
    story.why = f"ESRD Medicare begins {entitled}; " + story.why
    title = {
        "training-in-qualifying-period": "Home-dialysis training began during the wait",
        "training-month-31": "Home-dialysis training began during the wait, two and a half years ago",
        "training-after-qualifying-period": "Home-dialysis training began after the wait",
        "transplant-month": "A kidney transplant",
        "preparation-within-2-months": "Admitted to prepare for a kidney transplant",
        "preparation-earlier": "Admitted long before a kidney transplant",
    }[variant]
    case = fam.build("x", member, f"{title}: when did Medicare begin, and who pays first?", setting=setting)
    return Built(case, story)


@scenario(
    "esrd-dual-entitlement",
    title="Kidney failure after Medicare by age: who was primary the month before?",
    difficulty=5,
    rules=("msp.esrd_dual_entitlement", "msp.esrd_coordination_period", "msp.esrd_after_coordination"),
    variants=("retiree-plan", "small-employer", "working-aged-in-period", "working-aged-month-31"),
    source=(
        "42 CFR 411.163; SSA POMS HI 00801.247; government-payers.md §1.5 (dual entitlement; small employer [M]) "
        "and §7 misconceptions 11-13; seed 003 Horizon BCBSNJ footnote"
    ),
)
def esrd_dual_entitlement(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person aged 70 to 80 already has Medicare by age when kidney failure sets in and dialysis begins. What
    counts is who paid first in the month before ESRD eligibility. With a retiree plan, or the plan of an employer
    under 20 employees, Medicare was already primary and stays primary: there is no coordination period. With the
    plan of a current employer of 20 or more, the plan was primary and stays primary for the 30-month coordination
    period; after it Medicare pays first, even though the person is still working."""
    month = service_month(rng)
    k = rng.randrange(31, 37) if variant == "working-aged-month-31" else rng.randrange(1, 31)
    entitled = add_months(month, 1 - k)
    dialysis = day_in_month(rng, add_months(entitled, -3))
    service = month if k == 31 else day_in_month(rng, month)
    fam = Family.start(rng, ident, service=service)
    member = fam.person(
        "member", rng.choice("FM"), fam.born(70, 80), medicare={"esrd": [{"dialysis_start": dialysis.isoformat()}]}
    )
    start = adult_start(fam, member, 4, 30)
    if variant == "retiree-plan":
        ghp = job_plan(fam, member, rng.choice((40, 300, 6000)), basis="retired", start=start)
    elif variant == "small-employer":
        ghp = job_plan(fam, member, rng.randrange(3, 20), start=start)
    else:
        ghp = job_plan(fam, member, rng.choice((20, 75, 900)), start=start)
    medicare = medicare_by_age(fam, member)
    if variant in ("retiree-plan", "small-employer"):
        story = Story([medicare, ghp], why="Medicare was primary the month before ESRD eligibility: it stays primary")
    elif k <= 30:
        story = Story([ghp, medicare], why=f"working aged, plan primary before ESRD: it keeps month {k} of 30")
    else:
        story = Story(
            [medicare, ghp], why=f"month {k}: after the coordination period Medicare pays first, even working"
        )
    case = fam.build(
        "x",
        member,
        f"Dialysis since {dialysis:%B %Y} at {years_old(fam.birth_of(member), service)}, already on Medicare",
    )
    return Built(case, story)


# ------------------------------------------------------------------------------- retirees, other policies


@scenario(
    "retiree-with-medicare",
    title="Retiree plan and Medicare: Medicare first",
    difficulty=1,
    rules=("msp.not_current_employment",),
    variants=("own-retiree-plan", "spouse-retiree-plan", "disability-early-retiree", "cobra-after-65"),
    source=(
        "order-of-benefits.md C35; seed 004 ('If a patient has a retiree insurance ..., Medicare pays first'); "
        "government-payers.md §1.6 and §7 misconceptions 14-15"
    ),
)
def retiree_with_medicare(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A retired person has Medicare and a plan from a former employer: their own retiree plan, a retired spouse's
    retiree plan, a retiree plan taken early by someone on disability Medicare, or COBRA continuation after leaving
    a job past 65. None of these rests on current employment, so Medicare pays first and the employer plan second,
    whatever the size of the employer."""
    fam = Family.start(rng, ident)
    size = rng.choice((40, 300, 6000))
    if variant == "spouse-retiree-plan":
        member = fam.person("member", rng.choice("FM"), fam.born(66, 85))
        retiree = fam.person("retiree", rng.choice("FM"), fam.born(60, 88))
        fam.marry(retiree, member)
        fam.employer("retiree-employer", size)
        fam.works(retiree, "retiree-employer", "retired")
        plan = fam.family_plan(
            "retiree-plan",
            retiree,
            [(retiree, "self"), (member, "spouse")],
            start=plan_start(fam, retiree, member, min_years=1, max_years=25),
            employer="retiree-employer",
            basis="retired",
        )
        ghp = plan[member]
        medicare = medicare_by_age(fam, member)
    elif variant == "disability-early-retiree":
        birth = fam.born(50, 63)
        facts, entitled = disability_facts(fam, birth)
        member = fam.person("member", rng.choice("FM"), birth, medicare=facts)
        ghp = job_plan(fam, member, size, basis="retired")
        medicare = fam.coverage("member-medicare", "medicare", member, member, "self", entitled)
    else:
        member = fam.person(
            "member", rng.choice("FM"), fam.born(67, 85) if variant == "cobra-after-65" else fam.born(66, 85)
        )
        ghp = job_plan(fam, member, size, basis="cobra" if variant == "cobra-after-65" else "retired")
        medicare = medicare_by_age(fam, member)
    label = "COBRA" if variant == "cobra-after-65" else "a retiree plan"
    case = fam.build("x", member, f"Medicare and {label}: who pays first?")
    return Built(
        case, Story([medicare, ghp], why="the employer plan does not rest on current employment: Medicare first")
    )


@scenario(
    "individual-plan-with-medicare",
    title="An individual policy and Medicare: Medicare first",
    difficulty=2,
    rules=("msp.individual_coverage",),
    variants=("aged", "disability", "esrd-coordination-period"),
    source=(
        "seed 003 Horizon BCBSNJ ('Medicare is always primary for individual contract holders'); "
        "government-payers.md §1.1, §1.5 ('Not applicable to individual (non-group) coverage'), §6 case 50"
    ),
)
def individual_plan_with_medicare(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person with Medicare - by age, by disability, or for kidney failure inside the 30-month coordination
    period - also bought an individual (non-group) policy. The Medicare Secondary Payer rules make only employer
    group plans primary to Medicare, so Medicare pays first and the individual policy second, even during an ESRD
    coordination period."""
    if variant == "esrd-coordination-period":
        month = service_month(rng)
        entitled = add_months(month, 1 - rng.randrange(1, 31))
        dialysis = day_in_month(rng, add_months(entitled, -3))
        fam = Family.start(rng, ident, service=day_in_month(rng, month))
        member = fam.person(
            "member", rng.choice("FM"), fam.born(25, 60), medicare={"esrd": [{"dialysis_start": dialysis.isoformat()}]}
        )
        medicare = fam.coverage("member-medicare", "medicare", member, member, "self", entitled)
    elif variant == "disability":
        fam = Family.start(rng, ident)
        birth = fam.born(30, 63)
        facts, entitled = disability_facts(fam, birth)
        member = fam.person("member", rng.choice("FM"), birth, medicare=facts)
        medicare = fam.coverage("member-medicare", "medicare", member, member, "self", entitled)
    else:
        fam = Family.start(rng, ident)
        member = fam.person("member", rng.choice("FM"), fam.born(66, 85))
        medicare = medicare_by_age(fam, member)
    policy = fam.coverage("member-individual", "individual", member, member, "self", adult_start(fam, member, 0.2, 6))
    case = fam.build("x", member, "Medicare and a policy bought on one's own: who pays first?")
    return Built(
        case, Story([medicare, policy], why="MSP rules cover group plans only: Medicare before an individual policy")
    )


@scenario(
    "medigap",
    title="Medigap: never primary",
    difficulty=2,
    rules=("medigap.after_medicare", "msp.working_aged"),
    variants=("medigap-only", "inpatient-stay", "working-aged-plan"),
    source=(
        "seed 003 Horizon BCBSNJ ('a Medicare supplemental policy will never be primary over Medicare'); "
        "government-payers.md §1.6 (GHP → Medicare → Medigap [S AARP; M]), §6 case 48, §7 misconception 16"
    ),
)
def medigap(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person aged 66 to 85 has Medicare by age and a Medicare supplement (Medigap) policy, which pays Medicare's
    deductibles and coinsurance: Medicare first, Medigap second, for a doctor's visit or a hospital stay alike. If
    the person still works for an employer of 20 or more and is on its group plan, the plan pays first, then
    Medicare, and the supplement last."""
    fam = Family.start(rng, ident)
    working = variant == "working-aged-plan"
    member = fam.person("member", rng.choice("FM"), fam.born(66, 74) if working else fam.born(66, 85))
    ghp = job_plan(fam, member, rng.choice((20, 60, 800))) if working else None
    medicare = medicare_by_age(fam, member)
    entitled = aged_entitlement(fam.birth_of(member))
    gap = fam.coverage(
        "member-medigap",
        "medigap",
        member,
        member,
        "self",
        month_start(day_between(rng, entitled, fam.service)),
        benefits={"medigap_plan": medigap_letter(rng, fam.birth_of(member))},
    )
    order = [medicare, gap] if ghp is None else [ghp, medicare, gap]
    setting = "inpatient" if variant == "inpatient-stay" else "professional"
    case = fam.build(
        "x", member, "Medicare and a Medicare supplement" + (" while still working" if working else ""), setting=setting
    )
    return Built(case, Story(order, why="Medigap pays Medicare's cost sharing, after Medicare and any plan before it"))


@scenario(
    "medicare-advantage",
    title="Medicare Advantage takes Medicare's place",
    difficulty=2,
    rules=("msp.medicare_advantage_stands_in", "msp.working_aged", "msp.small_employer", "msp.not_current_employment"),
    variants=("working-aged-20-plus", "small-employer", "retiree-plan"),
    source=(
        "42 CFR 422.108; government-payers.md §1.6 (Health Net MA manual: 'the plan assumes the position of "
        "Medicare in the order of benefit determination')"
    ),
)
def medicare_advantage(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A person aged 66 to 80 gets Medicare through a Medicare Advantage (Part C) plan and also has an employer
    plan. The Advantage plan stands exactly where Medicare would: the plan of a current employer of 20 or more pays
    before it; the plan of a smaller employer, or a retiree plan, pays after it."""
    fam = Family.start(rng, ident)
    member = fam.person("member", rng.choice("FM"), fam.born(66, 80) if variant == "retiree-plan" else fam.born(66, 74))
    if variant == "working-aged-20-plus":
        ghp = job_plan(fam, member, rng.choice((20, 45, 700)))
    elif variant == "small-employer":
        ghp = job_plan(fam, member, rng.randrange(3, 20))
    else:
        ghp = job_plan(fam, member, rng.choice((40, 300, 6000)), basis="retired")
    advantage = fam.coverage(
        "member-advantage", "medicare_advantage", member, member, "self", aged_entitlement(fam.birth_of(member))
    )
    order = medicare_then(variant == "working-aged-20-plus", ghp, advantage)
    case = fam.build("x", member, "A Medicare Advantage plan and an employer plan")
    return Built(case, Story(order, why="the Advantage plan takes Medicare's position under the MSP rules"))


# --------------------------------------------------------------------------------------------- turning 65


@scenario(
    "turning-65",
    title="Turning 65 in the month of the service",
    difficulty=4,
    rules=("msp.small_employer", "msp.working_aged", "msp.disability_small_employer", "coordination.in_force"),
    variants=(
        "day-before",
        "first-day",
        "born-on-1st",
        "born-on-1st-day-before",
        "disability-day-before",
        "disability-first-day",
    ),
    source=(
        "42 CFR 411.170(c) ('attains age 65 on the day before the 65th anniversary of birth'); "
        "government-payers.md §0.2, §1.3 and §7 misconception 6"
    ),
)
def turning_65(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A worker on the plan of a small employer (fewer than 20 employees) turns 65 around the service date.
    Medicare by age begins on the first day of the month in which the person attains 65 - and a person attains an
    age the day before the birthday, so someone born on the 1st is entitled from the first of the PREVIOUS month.
    The day before entitlement the group plan pays alone; from the first day Medicare pays first (small employer).
    A worker already on disability Medicare, with an employer of 20 to 99, flips the other way: under 65 the
    100-employee disability test makes Medicare primary; from the first day of the 65th-birthday month the
    20-employee working-aged test makes the group plan primary."""
    entitled = add_months(date(2024, 2, 1), rng.randrange(35))
    if variant.startswith("born-on-1st"):
        birthday = add_months(entitled, 1)
    else:
        birthday = entitled.replace(day=rng.randrange(2, 29))
    birth = birthday.replace(year=birthday.year - 65)
    before = variant.endswith("day-before")
    service = entitled - timedelta(days=1) if before else entitled
    fam = Family.start(rng, ident, service=service)
    disabled = variant.startswith("disability")
    if disabled:
        facts, since = disability_facts(fam, birth)
        worker = fam.person("worker", rng.choice("FM"), birth, medicare=facts)
        ghp = job_plan(fam, worker, rng.randrange(20, 100))
        medicare = fam.coverage("worker-medicare", "medicare", worker, worker, "self", since)
        if before:
            story = Story(
                [medicare, ghp], why="still under 65 on disability Medicare: employer under 100, Medicare first"
            )
        else:
            story = Story(
                [ghp, medicare], why="aged from the first of the birthday month: employer of 20 or more, plan first"
            )
    else:
        worker = fam.person("worker", rng.choice("FM"), birth)
        ghp = job_plan(fam, worker, rng.randrange(3, 20))
        medicare = medicare_by_age(fam, worker)
        if before:
            story = Story(
                [ghp], excluded=[medicare], why=f"Medicare by age begins {entitled}, the day after this service"
            )
        else:
            story = Story([medicare, ghp], why=f"Medicare by age began {entitled}; employer under 20: Medicare first")
    case = fam.build(
        "x", worker, f"Born {birth:%B %-d, %Y}, seen on {service:%B %-d, %Y}: is Medicare in the picture yet?"
    )
    return Built(case, story)


@scenario(
    "spouse-plan-medicare-retiree-three-payers",
    title="Three payers: the working wife's plan, Medicare, then his retiree plan",
    difficulty=4,
    rules=("naic.medicare_reversal", "msp.working_aged", "msp.not_current_employment", "naic.nondependent_first"),
    variants=("employer-20-plus", "employer-under-20"),
    source=(
        "seed 003 Horizon BCBSNJ ('the Horizon BCBSNJ coverage is primary, Medicare is secondary and the spouse's "
        "health plan is tertiary'); NAIC MDL-120 §6D(1)(b); government-payers.md §1.3"
    ),
)
def spouse_plan_medicare_retiree(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A retired husband aged 66 to 80 has Medicare by age, his own retiree plan, and is covered as a dependent on
    the group plan of his wife, who still works. When her employer has 20 or more employees her plan pays before
    Medicare and his retiree plan after it, so the usual rule (his own plan before the plan covering him as a
    dependent) is reversed: her plan, Medicare, then his retiree plan. When her employer has fewer than 20, Medicare
    pays first, and the usual rule holds between the two plans: Medicare, his retiree plan, then her plan."""
    fam = Family.start(rng, ident)
    retiree = fam.person("retiree", "M", fam.born(66, 80))
    worker = fam.person("worker", "F", fam.born(45, 72))
    fam.marry(worker, retiree)
    size = rng.choice((20, 60, 1200)) if variant == "employer-20-plus" else rng.randrange(3, 20)
    fam.employer("worker-employer", size)
    fam.works(worker, "worker-employer")
    hers = fam.family_plan(
        "worker-group",
        worker,
        [(worker, "self"), (retiree, "spouse")],
        start=plan_start(fam, worker, retiree, min_years=0.5, max_years=12),
        employer="worker-employer",
    )[retiree]
    his = job_plan(
        fam,
        retiree,
        rng.choice((40, 300, 6000)),
        basis="retired",
        cid="retiree-plan",
        start=adult_start(fam, retiree, 1, 30),
    )
    medicare = medicare_by_age(fam, retiree)
    if size >= 20:
        story = Story(
            [hers, medicare, his], why="her plan pays before Medicare (working aged), his retiree plan after it"
        )
    else:
        story = Story(
            [medicare, his, hers],
            why="small employer: Medicare first, then his own plan before hers (non-dependent first)",
        )
    case = fam.build("x", retiree, "A retired husband on Medicare, his retiree plan and his working wife's plan")
    return Built(case, story)


# ------------------------------------------------------------------- when Medicare takes no part (format 1.1)


@scenario(
    "medicare-does-not-pay",
    title="Care abroad, hospital days used up, a service Medicare excludes: Medicare takes no part",
    difficulty=3,
    rules=("medicare.outside_us", "medicare.benefit_days_exhausted", "medicare.excluded_service"),
    variants=("outside-us", "outside-us-emergency-closer", "days-exhausted", "excluded-service"),
    source=(
        "42 U.S.C. 1395y(a)(4), 42 CFR 411.9 and 424.122-424.124 (care abroad); 42 U.S.C. 1395d(a)(1) (90 days and "
        "60 lifetime reserve days); 42 U.S.C. 1395y(a), 42 CFR 411.15 (exclusions)"
    ),
)
def medicare_does_not_pay(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A military retiree of 66 to 85 has Medicare, a retiree plan from a civilian job and TRICARE For Life.
    Medicare normally pays first, the retiree plan second and TRICARE For Life last. But Medicare makes no payment
    for care outside the United States (unless an exception applies: here, an emergency where the foreign hospital
    was the nearest), for inpatient days after the Part A days and lifetime reserve days are used up, or for a
    service the statute excludes (a routine physical). Then Medicare takes no part: the retiree plan pays first and
    TRICARE For Life after it."""
    fam = Family.start(rng, ident)
    member = fam.person("member", rng.choice("FM"), fam.born(66, 85))
    retiree = job_plan(fam, member, rng.choice((40, 300, 6000)), basis="retired")
    medicare = medicare_by_age(fam, member)
    tfl = fam.coverage(
        "member-tfl",
        "tricare_for_life",
        member,
        member,
        "self",
        aged_entitlement(fam.birth_of(member)),
        payer="TRICARE For Life",
    )
    claim: dict[str, Any] = {}
    if variant == "outside-us":
        claim["outside_us"] = True
        title, why = "Care abroad", "Medicare pays nothing outside the United States: the retiree plan, then TFL"
    elif variant == "outside-us-emergency-closer":
        claim |= {"outside_us": True, "outside_us_exception": "emergency_closer", "emergency": True}
        title, why = "An emergency abroad, the nearest hospital", "an exception applies: Medicare first, as at home"
    elif variant == "days-exhausted":
        claim |= {"setting": "inpatient", "medicare_days_exhausted": True}
        title, why = "A long hospital stay", "Part A days used up: the retiree plan, then TFL, pay these days"
    else:
        claim["medicare_excluded_service"] = True
        title, why = "A routine physical", "Medicare excludes the service: the retiree plan, then TFL"
    case = fam.build("x", member, title, **claim)
    if variant == "outside-us-emergency-closer":
        return Built(case, Story([medicare, retiree, tfl], why=why))
    return Built(case, Story([retiree, tfl], excluded=[medicare], why=why))
