"""What a trainee sees of a case: the facts of a question, in the trainee's words.

A question shows the insurance cards, the people and the claim (always), and a short facts panel with every fact
a deciding step of the determination read - employer size this year and last, fund members, what a court decree
covers and when each plan learned of it, the Medicare basis and its dates, earlier periods of a plan, the rule
edition and the state, and for money questions every payer's benefits and the claim lines.

Each :class:`Fact` carries, besides its text, the keys of the case facts it shows (``employer:acme:history``,
``cov:mother-group:since``...). The answerability check (:mod:`cobsim.services.answerability`) perturbs every
case fact whose key is *not* shown and re-solves: the answer must not change. Keys are not trainee text.

Some facts are shown by silence, the way a real card is: a card that does not say "closed panel" is an open plan;
a claim with no accident line is not for an injury; a case with no custody line has no custody order on file.
Those keys are always counted as shown (:func:`conventional_keys`), and a test checks that a non-default value is
always printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cobsim.model.case import Case, Coverage, Employer, Person
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    GROUP_HEALTH_PLAN_KINDS,
    INJURY_KINDS,
    MEDICARE_KINDS,
    ClaimSetting,
    CobMethod,
    CobProvision,
    CoverageBasis,
    CoverageKind,
    DecreeSubject,
    DependentRule,
    MemberRelationship,
    ParentsStatus,
    PipOption,
    PrimaryPayerStatus,
    RelationshipKind,
    RuleSet,
    ServiceCategory,
)
from cobsim.rules.jurisdictions.governance import case_edition, govern
from cobsim.rules.params import param
from cobsim.rules.state_payment_methods import state_secondary_method
from cobsim.trace import Determination, PayerEob, Step

# ------------------------------------------------------------------------------------------------ the record


@dataclass(frozen=True)
class Fact:
    """One line the trainee sees: on an insurance card (``card`` is set) or in the facts panel."""

    group: str  #: heading in trainee words ("Employer size", "Parents and custody", a card's title)
    label: str
    value: str
    keys: frozenset[str] = frozenset()  #: case facts this line shows (for the answerability check only)
    card: str | None = None  #: the coverage whose card holds this line (not trainee text)


# ------------------------------------------------------------------------------------------------ words


def day(d: date) -> str:
    """A date as a trainee reads it: ``March 1, 2025``."""
    return f"{d:%B} {d.day}, {d.year}"


def month(d: date) -> str:
    return f"{d:%B} {d.year}"


def dollars(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def first_name(person: Person) -> str:
    return (person.name or person.id).split(" ")[0]


def full_name(person: Person) -> str:
    return person.name or person.id


_BASIS_WORDS = {
    CoverageBasis.ACTIVE: "job plan",
    CoverageBasis.RETIRED: "retiree plan",
    CoverageBasis.LAID_OFF: "plan as a laid-off employee",
    CoverageBasis.COBRA: "COBRA plan",
    CoverageBasis.STATE_CONTINUATION: "state continuation plan",
}

_KIND_WORDS: dict[CoverageKind, str] = {
    CoverageKind.INDIVIDUAL: "individual policy",
    CoverageKind.STUDENT: "student health plan",
    CoverageKind.MEDICARE: "Medicare",
    CoverageKind.MEDICARE_ADVANTAGE: "Medicare Advantage plan",
    CoverageKind.MEDIGAP: "Medigap (Medicare supplement) policy",
    CoverageKind.MEDICAID: "Medicaid",
    CoverageKind.CHIP: "CHIP",
    CoverageKind.TRICARE: "TRICARE",
    CoverageKind.TRICARE_FOR_LIFE: "TRICARE For Life",
    CoverageKind.TRICARE_SUPPLEMENT: "TRICARE supplement",
    CoverageKind.CHAMPVA: "CHAMPVA",
    CoverageKind.VA: "VA health care",
    CoverageKind.IHS: "Indian Health Service",
    CoverageKind.WORKERS_COMP: "workers' compensation",
    CoverageKind.BLACK_LUNG: "Federal Black Lung Program",
    CoverageKind.AUTO_PIP: "auto no-fault (PIP)",
    CoverageKind.AUTO_MEDPAY: "auto medical payments (MedPay)",
    CoverageKind.LIABILITY: "liability insurance",
    CoverageKind.CRIME_VICTIM: "crime-victim compensation",
}

#: Programs named by what they are; the payer name (if any) is not repeated in the title.
_PROGRAMS = frozenset(
    {
        CoverageKind.MEDICARE,
        CoverageKind.MEDICAID,
        CoverageKind.CHIP,
        CoverageKind.TRICARE,
        CoverageKind.TRICARE_FOR_LIFE,
        CoverageKind.CHAMPVA,
        CoverageKind.VA,
        CoverageKind.IHS,
        CoverageKind.BLACK_LUNG,
    }
)


def kind_words(cov: Coverage) -> str:
    """What the coverage is, in a few words ("retiree plan", "Medigap (Medicare supplement) policy")."""
    if cov.kind in GROUP_HEALTH_PLAN_KINDS:
        words = _BASIS_WORDS[cov.effective_basis or CoverageBasis.ACTIVE]
        return f"FEHB {words}" if cov.kind is CoverageKind.FEHB else words
    return _KIND_WORDS[cov.kind]


class Names:
    """Trainee names of a case's coverages: unique, readable, never an internal id.

    ``Keystone Mutual PPO 500 (Maria's job plan)``, ``Medicare``, ``Medicaid``, ``Acme Casualty (workers'
    compensation)``. When two coverages would read the same, the subscriber's full name or a number tells them
    apart.
    """

    def __init__(self, case: Case) -> None:
        self.case = case
        patient = case.claim.patient
        mine = [c for c in case.coverages if c.member == patient]
        raw = {c.id: self._raw(c) for c in mine}
        counts: dict[str, int] = {}
        for name in raw.values():
            counts[name] = counts.get(name, 0) + 1
        seen: dict[str, int] = {}
        self.by_id: dict[str, str] = {}
        for c in sorted(mine, key=lambda c: c.id):
            name = raw[c.id]
            if counts[name] > 1:
                seen[name] = seen.get(name, 0) + 1
                name = f"{name} #{seen[name]}"
            self.by_id[c.id] = name
        for c in case.coverages:  # family members' own records: named with the member
            if c.member != patient:
                member = first_name(case.person(c.member))
                self.by_id[c.id] = f"{member}'s own record on {self._raw(c)}"

    def _raw(self, cov: Coverage) -> str:
        if cov.kind in _PROGRAMS:
            base = _KIND_WORDS[cov.kind]
            if cov.payer and cov.kind is not CoverageKind.MEDICARE:
                base = f"{base} ({cov.payer})" if cov.payer not in base else base
            return base
        label = cov.label
        words = kind_words(cov)
        if cov.kind in INJURY_KINDS or cov.kind in (CoverageKind.CRIME_VICTIM,):
            return f"{label}, {words}" if words.lower() not in label.lower() else label
        person = self.case.person(cov.subscriber)
        whose = f"{first_name(person)}'s"
        return f"{label} ({whose} {words})"

    def __call__(self, cov: Coverage | str) -> str:
        cid = cov if isinstance(cov, str) else cov.id
        return self.by_id[cid]


_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_BRACKET_ID = re.compile(r"\s*\[[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\]")
_INTERNAL = (
    ("(give subscriber_since or the parent's own coverage record)", "(ask when each parent's own coverage began)"),
    ("subscriber_since", "when the parent's own coverage began"),
    ("(ask the MSP questionnaire, Part III)", "(ask the MSP questionnaire, Part III: why the person has Medicare)"),
)


def plain(text: str, case: Case, names: Names | None = None) -> str:
    """Engine text in trainee words: ``Label [coverage-id]`` becomes the coverage's trainee name, and internal
    field names give way to plain words."""
    names = names or Names(case)
    for cov in sorted(case.coverages, key=lambda c: -len(c.label)):
        text = text.replace(f"{cov.label} [{cov.id}]", names(cov))
        if cov.kind in INJURY_KINDS:  # "workers' compensation Acme, workers' compensation" reads twice
            text = text.replace(f"{kind_words(cov)} {names(cov)}", names(cov))
    text = _BRACKET_ID.sub("", text)
    for old, new in _INTERNAL:
        text = text.replace(old, new)
    return _ISO_DATE.sub(lambda m: day(date.fromisoformat(m.group(0))), text)


# ------------------------------------------------------------------------------------------------ keys


def patient_coverages(case: Case) -> list[Coverage]:
    return sorted((c for c in case.coverages if c.member == case.claim.patient), key=lambda c: c.id)


def conventional_keys(case: Case) -> set[str]:
    """Keys shown by silence: card attributes, custody and accident lines are printed whenever they are not the
    default, so a card or a claim that says nothing says "the usual"."""
    keys = {"claim:injury", f"custody:{case.claim.patient}", "claim:category", "claim:setting"}
    for c in patient_coverages(case):
        keys.add(f"cov:{c.id}:card")
    return keys


# ------------------------------------------------------------------------------------------------ base screen


def _relation(case: Case, patient: str, other: str) -> str:
    if other in case.partner_ids(patient):
        partner = next(r.kind for r in case.partners(patient) if other in (r.a, r.b))
        return "spouse" if partner is RelationshipKind.SPOUSE else "domestic partner"
    if other in case.partner_ids(patient, include_former=True):
        return "former spouse"
    kind = case.parental_kind(other, patient)
    if kind is not None:
        person = case.person(other)
        if kind is RelationshipKind.PARENT:
            return {"F": "mother", "M": "father"}.get(person.sex.value, "parent")
        if kind is RelationshipKind.STEPPARENT:
            return {"F": "stepmother", "M": "stepfather"}.get(person.sex.value, "stepparent")
        return kind.value.replace("_", " ")
    if case.parental_kind(patient, other) is not None:
        return "child"
    return "family member"


def _people(case: Case) -> list[Fact]:
    patient = case.claim.patient
    out = []
    for p in case.people:
        rel = "the patient" if p.id == patient else _relation(case, patient, p.id)
        links = []
        if p.id != patient:
            for other in sorted(case.partner_ids(p.id, include_former=True)):
                if other == patient:
                    continue
                former = other not in case.partner_ids(p.id)
                what = "former spouse" if former else "spouse or partner"
                links.append(f"{what} of {full_name(case.person(other))}")
        sex = {"F": "female", "M": "male"}.get(p.sex.value, "sex not recorded")
        value = f"{rel}; born {day(p.birth_date)}; {sex}" + "".join(f"; {x}" for x in links)
        out.append(Fact("People", full_name(p), value, frozenset({f"person:{p.id}:birth", f"person:{p.id}:sex"})))
    return out


def _claim(case: Case) -> list[Fact]:
    claim = case.claim
    patient = case.person(claim.patient)
    if claim.category is not ServiceCategory.MEDICAL:
        service = f"{claim.category.value} claim"
    elif claim.setting is ClaimSetting.INPATIENT:
        service = "inpatient hospital stay (institutional claim)"
    elif claim.setting is ClaimSetting.OUTPATIENT:
        service = "hospital outpatient visit (institutional claim)"
    else:
        service = "doctor's visit (professional claim)"
    if (
        any(c.kind is CoverageKind.MEDICARE for c in patient_coverages(case))
        and claim.category is ServiceCategory.MEDICAL
    ):
        service += "; Medicare Part A pays hospital stays, Part B doctors and outpatient care"
    out = [
        Fact("Claim", "Patient", full_name(patient), frozenset()),
        Fact("Claim", "Date of service", day(claim.service_date), frozenset({"claim:service_date"})),
        Fact("Claim", "Service", service, frozenset({"claim:category", "claim:setting"})),
    ]
    covs = patient_coverages(case)
    # a closed panel pays for an emergency outside its panel; Medigap plan N keeps an emergency-room copay
    plan_n = any(c.kind is CoverageKind.MEDIGAP and c.benefits and c.benefits.medigap_plan == "N" for c in covs)
    if any(c.closed_panel for c in covs) or plan_n:
        out.append(Fact("Claim", "Emergency care", "yes" if claim.emergency else "no", frozenset({"claim:emergency"})))
    if any(c.kind is CoverageKind.VA for c in covs):
        out.append(
            Fact(
                "Claim",
                "Care furnished or authorized by the VA",
                "yes" if claim.va_authorized else "no",
                frozenset({"claim:va"}),
            )
        )
        out.append(
            Fact(
                "Claim",
                "For a service-connected condition",
                "yes" if claim.service_connected else "no",
                frozenset({"claim:va"}),
            )
        )
    return out


def _card(case: Case, cov: Coverage, names: Names) -> list[Fact]:
    title = names(cov)
    k = cov.id
    sub = case.person(cov.subscriber)

    def line(label: str, value: str, *keys: str) -> Fact:
        return Fact(title, label, value, frozenset(keys), card=k)

    rel = {
        MemberRelationship.SELF: "the subscriber",
        MemberRelationship.SPOUSE: "the subscriber's spouse",
        MemberRelationship.DOMESTIC_PARTNER: "the subscriber's domestic partner",
        MemberRelationship.CHILD: "the subscriber's child",
        MemberRelationship.OTHER_DEPENDENT: "another dependent of the subscriber",
    }[cov.relationship]
    basis_key = (f"cov:{k}:basis",) if cov.kind in GROUP_HEALTH_PLAN_KINDS else ()
    out = [
        line("Coverage", kind_words(cov) + _through(cov), *basis_key),
        line("Subscriber", full_name(sub)),
        line("Patient is", rel),
        line(
            "In force",
            f"from {day(cov.start)}" + (f" to {day(cov.end)}" if cov.end else ""),
            f"cov:{k}:dates",
        ),
    ]
    if cov.employer:
        emp = case.employer(cov.employer)
        out.append(line("Employer", f"{emp.name or emp.id} ({emp.employees} employees now)", f"employer:{emp.id}:now"))
    if cov.multi_employer_plan:
        plan = case.multi_employer_plan(cov.multi_employer_plan)
        out.append(line("Plan sponsor", f"{plan.name or 'a multi-employer fund'} (a multi-employer fund)"))
    if cov.kind is CoverageKind.MEDICARE:
        card = cov.medicare
        a = card is None or card.part_a
        b = card is None or card.part_b
        parts = []
        parts.append("Part A (hospital)" if a else "no Part A")
        if b:
            parts.append(
                f"Part B (medical) from {day(card.part_b_start)}"
                if card is not None and card.part_b_start
                else "Part B (medical)"
            )
        else:
            parts.append("no Part B")
        out.append(line("Parts", ", ".join(parts), f"cov:{k}:medicare"))
    if cov.kind is CoverageKind.MEDICARE_ADVANTAGE:
        out.append(line("Note", "a Medicare Advantage (Part C) plan, in place of Original Medicare"))
    if cov.active_duty:
        out.append(line("Active duty", "the member is an active-duty service member", f"cov:{k}:card"))
    if cov.cob is CobProvision.NONE:
        out.append(line("COB clause", "none: the plan has no coordination of benefits provision", f"cov:{k}:card"))
    elif cov.cob is CobProvision.EXCESS:
        out.append(line("COB clause", "'excess': the plan says it is always secondary", f"cov:{k}:card"))
    if cov.dependent_rule is DependentRule.GENDER and cov.kind in COMMERCIAL_KINDS:
        out.append(line("Children's rule", "the father's plan pays first for children (gender rule)", f"cov:{k}:card"))
    if cov.cob_omits:
        lacks = " and ".join(
            {"active_inactive": "active/retired rule", "continuation": "COBRA rule"}[x] for x in cov.cob_omits
        )
        out.append(line("COB provision lacks", f"the {lacks} (an older plan document)", f"cov:{k}:card"))
    default_services = (ServiceCategory.MEDICAL, ServiceCategory.PHARMACY)
    if tuple(cov.services) != default_services:
        covers = ", ".join(s.value for s in cov.services)
        out.append(line("Covers", f"{covers} only", f"cov:{k}:card"))
    if cov.closed_panel:
        out.append(line("Panel", "closed panel: pays only providers in its own panel", f"cov:{k}:card"))
        network = cov.benefits.network if cov.benefits is not None else "in"
        out.append(line("This provider is in the panel", "yes" if network == "in" else "no", f"cov:{k}:network"))
    if cov.self_funded:
        out.append(line("Funding", "self-funded by the employer (ERISA plan)", f"cov:{k}:card"))
    if cov.kind in INJURY_KINDS or cov.kind is CoverageKind.CRIME_VICTIM:
        out.extend(_injury_terms(case, cov, line))
    return out


def _through(cov: Coverage) -> str:
    if cov.kind not in GROUP_HEALTH_PLAN_KINDS:
        return ""
    return {
        CoverageBasis.ACTIVE: ": coverage through the subscriber's current job",
        CoverageBasis.RETIRED: ": coverage through the subscriber's retirement",
        CoverageBasis.LAID_OFF: ": the subscriber was laid off",
        CoverageBasis.COBRA: ": COBRA continuation after the subscriber's job ended",
        CoverageBasis.STATE_CONTINUATION: ": state continuation after the subscriber's job ended",
    }[cov.effective_basis or CoverageBasis.ACTIVE]


def _injury_terms(case: Case, cov: Coverage, line: object) -> list[Fact]:
    make = line  # the card's line maker
    assert callable(make)
    k = f"cov:{cov.id}:injury"
    terms = cov.injury_terms
    out: list[Fact] = []
    default = PrimaryPayerStatus.PENDING_SETTLEMENT if cov.kind is CoverageKind.LIABILITY else PrimaryPayerStatus.PAYING
    status = (terms.status if terms is not None else None) or default
    words = {
        PrimaryPayerStatus.PAYING: "accepted, paying promptly",
        PrimaryPayerStatus.DENIED: "denied the claim",
        PrimaryPayerStatus.NOT_PROMPT: "has not paid within 120 days",
        PrimaryPayerStatus.EXHAUSTED: "benefit limit for this accident used up",
        PrimaryPayerStatus.PENDING_SETTLEMENT: "claim open: pays only at settlement or judgment",
    }[status]
    out.append(make("Claim status", words, k))
    if terms is not None and terms.pip_option is not None:
        opt = (
            "coordinated (the health plan pays first)"
            if terms.pip_option is PipOption.COORDINATED
            else ("uncoordinated (PIP pays first)")
        )
        out.append(make("Michigan PIP option", opt, k))
    if cov.kind in (CoverageKind.AUTO_PIP, CoverageKind.AUTO_MEDPAY):
        elected = terms is not None and terms.health_primary_election
        out.append(make("Elected health insurance as primary (New Jersey option)", "yes" if elected else "no", k))
    if terms is not None and terms.limit is not None:
        out.append(make("Benefit limit left", dollars(terms.limit), k))
    return out


def _custody(case: Case) -> list[Fact]:
    arr = case.arrangement(case.claim.patient)
    if arr is None:
        return []
    key = frozenset({f"custody:{arr.child}"})
    g = "Parents and custody"
    status = {
        ParentsStatus.MARRIED: "married to each other",
        ParentsStatus.LIVING_TOGETHER: "living together",
        ParentsStatus.DIVORCED: "divorced",
        ParentsStatus.SEPARATED: "separated",
        ParentsStatus.NEVER_MARRIED_APART: "never married, living apart",
    }[arr.parents_status]
    out = [Fact(g, "Parents", status, key)]
    if not arr.parents_status.together:
        if arr.joint_custody:
            custody = "joint custody (by decree)"
            if arr.custodial_parent:
                custody += f"; the child lives mostly with {full_name(case.person(arr.custodial_parent))}"
        elif arr.custodial_parent:
            custody = f"{full_name(case.person(arr.custodial_parent))} has custody"
        elif arr.equal_residence:
            custody = "no custody order; the child lives half the year with each parent"
        else:
            custody = "not recorded"
        out.append(Fact(g, "Custody", custody, key))
    decree = arr.decree
    if decree is None:
        out.append(Fact(g, "Court decree about health care", "none on file", key))
    else:
        subject = {
            DecreeSubject.HEALTH_CARE_EXPENSES: "the child's health care expenses",
            DecreeSubject.HEALTH_CARE_COVERAGE: "the child's health care coverage",
            DecreeSubject.GENERAL_FINANCIAL_SUPPORT: "general financial support only (it says nothing about health care)",
        }[decree.subject]
        if decree.responsible:
            who = " and ".join(full_name(case.person(p)) for p in decree.responsible)
            text = f"makes {who} responsible for {subject}"
        else:
            text = f"about {subject}, naming no parent"
        if decree.issued:
            text += f" (issued {day(decree.issued)})"
        out.append(Fact(g, "Court decree", text, key))
    return out


def _accident(case: Case) -> list[Fact]:
    inj = case.claim.injury
    if inj is None:
        return []
    key = frozenset({"claim:injury"})
    g = "Accident or injury"
    what = {
        "work": "work injury or occupational illness",
        "auto": "car accident",
        "motorcycle": "motorcycle accident",
        "premises": "fall or injury on someone's property",
        "other_accident": "accident",
        "crime": "injury from a crime",
        "black_lung": "black lung disease (coal workers' pneumoconiosis)",
    }[inj.kind.value]
    text = what + (f" on {day(inj.accident_date)}" if inj.accident_date else "")
    out = [Fact(g, "What happened", text, key)]
    if inj.state:
        out.append(Fact(g, "State whose no-fault law applies", inj.state, key | {"case:state"}))
    if inj.role is not None:
        out.append(Fact(g, "The patient was", inj.role.value.replace("_", "-"), key))
    if inj.work_related and inj.kind.value != "work":
        out.append(Fact(g, "At work", "yes: the accident happened in the course of employment", key))
    out.append(Fact(g, "This claim treats that injury", "yes" if inj.related else "no: an unrelated visit", key))
    return out


def _medicare_basis(case: Case) -> list[Fact]:
    covs = patient_coverages(case)
    if not any(c.kind in MEDICARE_KINDS for c in covs):
        return []
    patient = case.person(case.claim.patient)
    key = frozenset({f"person:{patient.id}:medicare", f"person:{patient.id}:birth"})
    g = "Why the patient has Medicare"
    facts = patient.medicare
    out = [Fact(g, "Age", f"born {day(patient.birth_date)}", key)]
    if facts is not None and facts.disability_entitlement_start:
        out.append(
            Fact(g, "Disability", f"Medicare by disability since {day(facts.disability_entitlement_start)}", key)
        )
    if facts is not None and facts.ssdi_entitlement_start:
        out.append(
            Fact(
                g,
                "Disability",
                f"Social Security disability benefits since {day(facts.ssdi_entitlement_start)}",
                key,
            )
        )
    if facts is not None:
        for i, course in enumerate(facts.esrd, start=1):
            label = "Kidney failure (ESRD)" if len(facts.esrd) == 1 else f"Kidney failure (ESRD), course {i}"
            parts = []
            if course.dialysis_start:
                parts.append(f"regular dialysis began {day(course.dialysis_start)}")
            if course.self_dialysis_training_start:
                parts.append(f"self-dialysis training began {day(course.self_dialysis_training_start)}")
            if course.dialysis_end:
                parts.append(f"dialysis stopped {day(course.dialysis_end)}")
            if course.transplant_preparation_admission:
                parts.append(f"admitted to prepare for a transplant {day(course.transplant_preparation_admission)}")
            if course.transplant_date:
                parts.append(f"kidney transplant {day(course.transplant_date)}")
            out.append(Fact(g, label, "; ".join(parts), key))
    if len(out) == 1:
        out.append(Fact(g, "Other basis", "no disability or kidney failure (ESRD) on record", key))
    return out


def base_facts(case: Case, names: Names | None = None) -> list[Fact]:
    """What every question shows: the claim, the people, the insurance cards, custody, accident, Medicare basis."""
    names = names or Names(case)
    out = _claim(case) + _people(case)
    for cov in patient_coverages(case):
        out += _card(case, cov, names)
    out += _custody(case) + _accident(case) + _medicare_basis(case)
    return out


# ------------------------------------------------------------------------------------------------ the trace walk


def _ghp_keys(case: Case, cov: Coverage) -> set[str]:
    keys: set[str] = set()
    if cov.employer:
        keys.add(f"employer:{cov.employer}:history")
    if cov.multi_employer_plan:
        keys.add(f"mep:{cov.multi_employer_plan}")
    return keys


def _size_keys(case: Case, coverages: Iterable[str]) -> set[str]:
    """Employer size facts of every group plan among ``coverages`` (the Medicare size tests read them)."""
    keys: set[str] = set()
    for cid in coverages:
        cov = case.coverage(cid)
        if cov.kind in GROUP_HEALTH_PLAN_KINDS:
            keys |= _ghp_keys(case, cov)
    return keys


def step_keys(case: Case, step: Step) -> set[str]:
    """The case facts a step of the trace read, beyond what every question shows."""
    rid = step.rule
    family = rid.split(".", 1)[0]
    covs = [c for c in step.coverages if _has(case, c)]
    keys: set[str] = set()
    if family == "naic":
        keys.add("case:ruleset")
    if family in STATE_LAW_FAMILIES or step.outcome == "paid":
        # which state's law (or plan document) governs each plan decides the order edition and how a secondary pays
        keys |= {"case:state", "case:ruleset"} | {f"cov:{c.id}:governance" for c in patient_coverages(case)}
    if rid in (
        "naic.court_decree",
        "naic.custodial_parent",
        "naic.birthday",
        "naic.same_birthday_longer_parent_coverage",
    ):
        keys.add(f"custody:{case.claim.patient}:knowledge")
    child_pair = len(covs) == 2 and all(case.coverage(c).relationship is MemberRelationship.CHILD for c in covs)
    if child_pair and family == "naic":
        # the dependent-child rules read custody, the decree and who knows of it, the parents' birthdays and -
        # for a shared birthday - how long each plan has covered the parent; a later rule decides only after
        keys |= {f"custody:{case.claim.patient}:knowledge"} | {f"cov:{c}:since" for c in covs}
    if rid in ("naic.same_birthday_longer_parent_coverage", "naic.share_equally"):
        keys |= {f"cov:{c}:since" for c in covs}
    if rid in ("naic.longer_coverage", "naic.married_dependent_child", "naic.share_equally") or child_pair:
        keys |= {f"cov:{c}:history" for c in covs}
    if family == "msp" or rid in ("naic.medicare_reversal", "medigap.after_medicare", "tricare.part_b_required"):
        keys |= _size_keys(case, (c.id for c in patient_coverages(case)))
    if family == "injury":
        keys.add("case:state")
    if rid == "injury.nj_health_primary_election" or family == "injury":
        keys.add("household:coverage")
    if rid == "tricare.part_b_required" or family == "tricare":
        keys.add("household:coverage")
    if rid == "coordination.share_equally" or step.outcome == "tie":
        keys |= {f"cov:{c}:history" for c in covs} | {f"cov:{c}:since" for c in covs} | {"case:ruleset"}
    if step.outcome == "paid" or family == "pay":
        keys |= money_keys(case)
    return keys


#: Rule families whose answer depends on the law that governs each plan (its state, or its own plan document).
STATE_LAW_FAMILIES = frozenset({"naic", "jurisdiction", "nj", "ny", "tx", "wa", "ca", "ks", "pay", "injury"})


def _has(case: Case, cid: str) -> bool:
    return any(c.id == cid for c in case.coverages)


def money_keys(case: Case) -> set[str]:
    keys = {"claim:lines", "case:ruleset"}
    for c in patient_coverages(case):
        keys |= {f"cov:{c.id}:benefits", f"cov:{c.id}:network"}
    return keys


def trace_keys(case: Case, det: Determination, *, money: bool = False) -> set[str]:
    """Walk the determination: the facts every deciding step read (participation, order, ties, notes that
    change what the biller does) and, for money questions, every payment step."""
    keys: set[str] = set()
    for s in det.steps:
        if s.outcome == "paid" and not money:
            continue
        keys |= step_keys(case, s)
    # The Medicare Secondary Payer tests are asked of every Medicare / group plan pair, also where an earlier
    # rule (ESRD, say) decided: the employer's size must be on screen whenever the two meet.
    covs = patient_coverages(case)
    if any(c.kind in MEDICARE_KINDS for c in covs):
        keys |= _size_keys(case, (c.id for c in covs))
    if money:
        keys |= money_keys(case)
    return keys


# ------------------------------------------------------------------------------------------------ detail facts


def _employer_size(emp: Employer, on: date) -> str:
    prev, cur = emp.year(on.year - 1), emp.year(on.year)

    def weeks(entry_weeks: int | None, typical: int) -> int:
        if entry_weeks is not None:
            return entry_weeks
        return 52 if typical >= 20 else 0

    w_prev = weeks(prev.weeks_with_20_or_more, prev.typical_employees)
    w_cur = weeks(cur.weeks_with_20_or_more, cur.typical_employees)
    text = (
        f"{on.year - 1} (previous calendar year): {prev.typical_employees} employees on a typical day, 20 or more "
        f"employees in {w_prev} weeks; {on.year} (this year): {cur.typical_employees} employees, 20 or more in "
        f"{w_cur} weeks"
    )
    if cur.twentieth_week_start is not None:
        text += f" (the 20th such week began {day(cur.twentieth_week_start)})"
    return text


def _since(case: Case, cov: Coverage) -> date | None:
    if cov.subscriber_since is not None:
        return cov.subscriber_since
    if cov.policy is not None:
        for other in case.coverages:
            if (
                other.policy == cov.policy
                and other.member == cov.subscriber
                and other.relationship is (MemberRelationship.SELF)
            ):
                return other.continuous_start()
    return None


def detail_facts(case: Case, det: Determination, keys: set[str], names: Names | None = None) -> list[Fact]:
    """The facts panel: one or more lines for each key a deciding step read."""
    names = names or Names(case)
    on = case.claim.service_date
    out: list[Fact] = []
    by_id = {c.id: c for c in case.coverages}
    emp_done: set[str] = set()
    for key in sorted(keys):
        parts = key.split(":")
        if parts[0] == "employer" and parts[2] == "history" and parts[1] not in emp_done:
            emp = case.employer(parts[1])
            emp_done.add(emp.id)
            out.append(
                Fact(
                    "Employer size",
                    emp.name or emp.id,
                    _employer_size(emp, on),
                    frozenset({key, f"employer:{emp.id}:now"}),
                )
            )
        elif parts[0] == "mep":
            plan = case.multi_employer_plan(parts[1])
            members = "; ".join(
                f"{case.employer(e).name or e}: {_employer_size(case.employer(e), on)}" for e in plan.employers
            )
            out.append(
                Fact(
                    "Multi-employer fund",
                    plan.name or "the fund",
                    f"participating employers - {members}. Small-employer exception elected: "
                    + ("yes" if plan.small_employer_exception else "no"),
                    frozenset(
                        {key}
                        | {f"employer:{e}:history" for e in plan.employers}
                        | {f"employer:{e}:now" for e in plan.employers}
                    ),
                )
            )
        elif parts[0] == "custody" and len(parts) == 3 and parts[2] == "knowledge":
            arr = case.arrangement(parts[1])
            if arr is None or arr.decree is None:
                continue
            known = arr.decree.known_to
            if not known:
                text = "no plan has been told of the decree"
            else:
                bits = []
                for k in known:
                    bit = f"{names(k.coverage)} since {day(k.since)}"
                    if k.benefits_paid_before_in_plan_year:
                        end = k.plan_year_end or date(k.since.year, 12, 31)
                        bit += f" (it had already paid the child's claims that plan year, which ends {day(end)})"
                    bits.append(bit)
                text = "; ".join(bits)
            others = [c for c in patient_coverages(case) if c.id not in {k.coverage for k in known}]
            if known and others:
                text += "; not told: " + ", ".join(names(c) for c in others)
            out.append(Fact("Parents and custody", "Plans that know of the decree", text, frozenset({key})))
        elif parts[0] == "cov" and parts[2] == "since" and parts[1] in by_id and f"cov:{parts[1]}:history" not in keys:
            cov = by_id[parts[1]]
            if cov.relationship is MemberRelationship.SELF:
                continue
            since = _since(case, cov)
            sub = full_name(case.person(cov.subscriber))
            text = (
                f"{sub}'s own coverage under this plan began {day(since)}"
                if since
                else (f"not on record when {sub}'s own coverage under this plan began")
            )
            out.append(Fact("Coverage history", names(cov), text, frozenset({key})))
        elif parts[0] == "cov" and parts[2] == "history" and parts[1] in by_id:
            cov = by_id[parts[1]]
            text = f"covers the patient since {day(cov.start)}"
            if cov.history:
                earlier = "; ".join(
                    f"{day(p.start)} to {day(p.end)}" + (f" with carrier {p.carrier}" if p.carrier else "")
                    for p in cov.history
                )
                text += f"; earlier periods of the same plan: {earlier}"
            else:
                text += "; no earlier period of the same plan"
            fact_keys = {key, f"cov:{cov.id}:dates"}
            if f"cov:{cov.id}:since" in keys and cov.relationship is not MemberRelationship.SELF:
                since = _since(case, cov)
                sub = full_name(case.person(cov.subscriber))
                text += (
                    f"; {sub}'s own coverage under this plan began {day(since)}"
                    if since
                    else f"; not on record when {sub}'s own coverage under this plan began"
                )
                fact_keys.add(f"cov:{cov.id}:since")
            out.append(Fact("Coverage history", names(cov), text, frozenset(fact_keys)))
        elif key == "case:ruleset":
            if case.ruleset is not None:
                text = (
                    "the NAIC model regulation (2005 edition), for every plan"
                    if case.ruleset is RuleSet.NAIC_2005
                    else "the older (pre-2005) NAIC model rules, for every plan"
                )
            else:
                text = "each plan's own: see how each plan is governed" + (
                    "" if case.state else " (no state named: the NAIC model regulation, 2005 edition)"
                )
            out.append(Fact("Rules", "Coordination of benefits rules in force", text, frozenset({key})))
        elif parts[0] == "cov" and len(parts) == 3 and parts[2] == "governance" and _has(case, parts[1]):
            cov = case.coverage(parts[1])
            out.append(Fact("Rules", f"Law governing {names(cov.id)}", _governance_text(case, cov), frozenset({key})))
        elif key == "case:state" and (case.claim.injury is None or not case.claim.injury.state):
            out.append(
                Fact("Rules", "State whose law governs", case.state or "no state rule applies", frozenset({key}))
            )
        elif key == "household:coverage":
            out.extend(_household(case, names))
    return out


def _household(case: Case, names: Names) -> list[Fact]:
    patient = case.claim.patient
    others = [c for c in case.coverages if c.member != patient]
    key = frozenset({"household:coverage"})
    if not others:
        return [Fact("Household", "Coverage of other family members", "none relevant on record", key)]
    lines = []
    for c in sorted(others, key=lambda c: c.id):
        member = full_name(case.person(c.member))
        bit = f"{member}: {kind_words(c)}"
        if c.active_duty:
            bit += " (active duty)"
        lines.append(bit)
    return [Fact("Household", "Coverage of other family members", "; ".join(lines), key)]


# ------------------------------------------------------------------------------------------------ money


_METHOD_WORDS = {
    CobMethod.STANDARD: "standard COB: the lesser of its normal benefit and the allowable expense still unpaid",
    CobMethod.NON_DUPLICATION: "non-duplication: its normal benefit minus what was already paid",
    CobMethod.CARVE_OUT: "carve-out: its normal benefit minus what was already paid",
    CobMethod.CARVE_OUT_REMAINDER: "carve-out on the remainder: its share of (allowed - already paid - deductible)",
    CobMethod.BENEFIT_RESERVE: "older COB with a benefit reserve (pays like standard COB and banks the savings)",
}


def benefit_facts(case: Case, names: Names) -> list[Fact]:
    """Every payer's benefits and the claim lines: all the inputs of a money question."""
    out: list[Fact] = []
    on = case.claim.service_date
    inpatient = case.claim.setting is ClaimSetting.INPATIENT
    for cov in patient_coverages(case):
        g = f"Benefits: {names(cov)}"
        keys = frozenset({f"cov:{cov.id}:benefits", f"cov:{cov.id}:network", "case:ruleset"})
        b = cov.benefits
        if cov.kind is CoverageKind.MEDICARE:
            name = "medicare.part_a_deductible" if inpatient else "medicare.part_b_deductible"
            ded = b.deductible if b is not None and b.deductible is not None else param(name, on)
            met = b.deductible_met if b is not None else Decimal("0")
            part = "Part A" if inpatient else "Part B"
            out.append(
                Fact(
                    g,
                    f"Medicare {part} deductible",
                    f"{dollars(ded)} for {on.year}; {dollars(met)} met before this claim",
                    keys,
                )
            )
            if not inpatient:
                coins = b.coinsurance if b is not None and b.coinsurance is not None else Decimal("0.20")
                out.append(
                    Fact(
                        g,
                        "Medicare pays",
                        f"{100 - coins * 100:.0f}% of its approved amount after the deductible",
                        keys,
                    )
                )
            else:
                out.append(Fact(g, "Medicare pays", "its inpatient (DRG) amount less the Part A deductible", keys))
            out.append(
                Fact(
                    g,
                    "As a secondary payer",
                    "Medicare pays the lowest of its three amounts (42 CFR 411.33), never a supplement",
                    keys,
                )
            )
            if b is not None and not b.participating:
                out.append(Fact(g, "Provider", "does not accept Medicare assignment", keys))
            continue
        if b is None:
            if cov.kind in (CoverageKind.MEDICAID, CoverageKind.CHIP):
                out.append(Fact(g, "Pays", "its rate, as payment in full; no cost sharing for the patient", keys))
            elif cov.kind in (CoverageKind.WORKERS_COMP, CoverageKind.BLACK_LUNG):
                out.append(Fact(g, "Pays", "its fee schedule amount, with no cost sharing", keys))
            elif cov.kind is CoverageKind.MEDIGAP:
                out.append(Fact(g, "Pays", "Medicare's coinsurance (not the Part B deductible)", keys))
            else:
                out.append(Fact(g, "Pays", "what the patient still owes, up to its own benefit", keys))
            continue
        if cov.kind is CoverageKind.MEDIGAP:
            what = (
                "Medicare's coinsurance and the Part B deductible"
                if b.pays_medicare_deductible
                else ("Medicare's coinsurance (not the Part B deductible)")
            )
            out.append(Fact(g, "Pays", what, keys))
            continue
        if cov.kind in COMMERCIAL_KINDS or cov.kind in (
            CoverageKind.MEDICARE_ADVANTAGE,
            CoverageKind.TRICARE,
            CoverageKind.TRICARE_FOR_LIFE,
            CoverageKind.CHAMPVA,
        ):
            net = "in network" if b.network == "in" else "out of network"
            pricing = {"negotiated": "contracted fee", "ucr": "usual and customary charge", "capitation": "capitation"}[
                b.pricing
            ]
            out.append(Fact(g, "Provider", f"{net}; allowed amounts are the plan's {pricing}", keys))
            ded = b.deductible or Decimal("0")
            out.append(
                Fact(g, "Deductible", f"{dollars(ded)} a year; {dollars(b.deductible_met)} met before this claim", keys)
            )
            out.append(Fact(g, "Copay", f"{dollars(b.copay)} per service line, before the deductible", keys))
            coins = b.coinsurance or Decimal("0")
            out.append(Fact(g, "Coinsurance", f"patient pays {coins * 100:.0f}% after the deductible", keys))
            if b.oop_max is not None:
                out.append(Fact(g, "Out-of-pocket maximum", f"{dollars(b.oop_max)}; {dollars(b.oop_met)} met", keys))
            if cov.kind in COMMERCIAL_KINDS:
                on = case.claim.service_date
                state_rule = None if b.method is not None else state_secondary_method(case, cov, case_edition(case, on))
                edition = govern(case, cov, on=on).edition
                default = CobMethod.BENEFIT_RESERVE if edition is RuleSet.PRE_2005 else CobMethod.STANDARD
                method = b.method or default
                if state_rule is not None:
                    text = f"as its state's law requires: {state_rule.title.lower()}"
                else:
                    text = _METHOD_WORDS.get(method, method.value.replace("_", " "))
                if state_rule is None and method is CobMethod.BENEFIT_RESERVE:
                    text += f"; reserve before this claim {dollars(b.reserve)}"
                out.append(Fact(g, "When it pays second", text, keys | {f"cov:{cov.id}:governance", "case:state"}))
            if cov.kind in (CoverageKind.TRICARE, CoverageKind.TRICARE_FOR_LIFE, CoverageKind.CHAMPVA):
                out.append(
                    Fact(g, "Provider participates", "yes" if b.participating else "no (may charge up to 115%)", keys)
                )
    for line in case.claim.lines:
        allowed = "; ".join(f"{names(cid)} {dollars(v)}" for cid, v in sorted(line.allowed.items()))
        text = f"billed {dollars(line.billed)}; allowed: {allowed or 'none'}"
        not_covered = [cid for cid, ok in line.covered.items() if not ok]
        if not_covered:
            text += "; not covered by " + ", ".join(names(c) for c in not_covered)
        out.append(Fact("Claim lines", f"Line {line.id} (code {line.code})", text, frozenset({"claim:lines"})))
    return out


def remittance_facts(case: Case, eob: PayerEob, names: Names, *, crossover: bool = False) -> list[Fact]:
    """A payer's remittance as the trainee reads it: per line billed, allowed, paid and the adjustments with
    their group and reason codes (and the crossover remark when Medicare forwards the claim)."""
    g = f"Remittance from {names(eob.coverage)}"
    keys = frozenset(money_keys(case))
    out = []
    for pl in eob.lines:
        adj = ", ".join(f"{a.group}-{a.reason} {dollars(a.amount)}" for a in pl.adjustments) or "none"
        allowed = dollars(pl.allowed) if pl.allowed is not None else "-"
        out.append(
            Fact(
                g,
                f"Line {pl.line}",
                f"billed {dollars(pl.billed)}; allowed {allowed}; paid {dollars(pl.paid)}; adjustments {adj}",
                keys,
            )
        )
    out.append(Fact(g, "Total paid", dollars(eob.paid), keys))
    if crossover:
        out.append(
            Fact(g, "Remark", "MA18: the claim information is also being forwarded to the supplemental insurer", keys)
        )
    return out


def case_facts(case: Case, det: Determination, *, money: bool = False) -> list[Fact]:
    """Everything a trainee sees of a solved case: the cards, people and claim, the facts the deciding steps read,
    and with ``money`` every payer's benefits and the claim lines."""
    names = Names(case)
    facts = base_facts(case, names) + detail_facts(case, det, trace_keys(case, det, money=money), names)
    if money:
        facts += benefit_facts(case, names)
    return facts


def grouped(facts: Iterable[Fact]) -> list[tuple[str, tuple[str, ...]]]:
    """Facts as headed groups of ``label: value`` lines, in the order the groups first appear."""
    out: dict[str, list[str]] = {}
    for f in facts:
        out.setdefault(f.group, []).append(f"{f.label}: {f.value}")
    return [(group, tuple(lines)) for group, lines in out.items()]


def screen_keys(facts: Iterable[Fact], case: Case) -> frozenset[str]:
    """Every key the screen shows, printed or by silence."""
    keys: set[str] = set(conventional_keys(case))
    for f in facts:
        keys |= f.keys
    return frozenset(keys)


_EDITION_WORDS = {
    RuleSet.NAIC_2005: "the NAIC model regulation (2005 edition)",
    RuleSet.PRE_2005: "the older (pre-2005) NAIC model rules",
}


def _governance_text(case: Case, cov: Coverage) -> str:
    """How one coverage is governed, in trainee words: its state (situs) or its own plan document, and the edition
    of the order rules it follows."""
    g = govern(case, cov, on=case.claim.service_date)
    if g.basis == "not_a_plan":
        return "not a health plan under state coordination of benefits law: federal or program rules decide"
    if g.basis == "plan_document":
        where = "a self-funded employer plan, governed by its own plan document (not state insurance law)"
    elif g.basis == "federal_contract":
        where = "an FEHB plan, governed by its federal contract"
    else:
        state = cov.situs or case.state
        where = f"insured in {state}" if state else "insured; no state named"
    return f"{where}; follows {_EDITION_WORDS[g.edition]}"
