"""Code lists of the case format.

Every coded field of a case is one of these ``StrEnum`` classes, so a typo in a fixture is rejected with the list
of accepted values instead of being carried silently into a decision.
"""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    """Sex as recorded at registration. Only the obsolete gender rule looks at it."""

    F = "F"
    M = "M"
    X = "X"  #: unspecified or non-binary; the gender rule cannot use it


class RelationshipKind(StrEnum):
    """How two people in a case are related."""

    SPOUSE = "spouse"
    DOMESTIC_PARTNER = "domestic_partner"
    PARENT = "parent"  #: natural or adoptive parent
    STEPPARENT = "stepparent"
    GUARDIAN = "guardian"  #: legal guardian who is not a parent
    GRANDPARENT = "grandparent"
    FOSTER_PARENT = "foster_parent"


PARENTAL_KINDS = frozenset(
    {
        RelationshipKind.PARENT,
        RelationshipKind.STEPPARENT,
        RelationshipKind.GUARDIAN,
        RelationshipKind.GRANDPARENT,
        RelationshipKind.FOSTER_PARENT,
    }
)
PARTNER_KINDS = frozenset({RelationshipKind.SPOUSE, RelationshipKind.DOMESTIC_PARTNER})


class ParentsStatus(StrEnum):
    """Situation of the adults who raise a dependent child (parents, or guardians treated as parents)."""

    MARRIED = "married"
    LIVING_TOGETHER = "living_together"  #: together, whether or not ever married
    DIVORCED = "divorced"
    SEPARATED = "separated"
    NEVER_MARRIED_APART = "never_married_apart"  #: never married and not living together

    @property
    def together(self) -> bool:
        """True when NAIC §6D(2)(a) applies (married or living together)."""
        return self in (ParentsStatus.MARRIED, ParentsStatus.LIVING_TOGETHER)


class DecreeSubject(StrEnum):
    """What a court decree makes a parent responsible for."""

    HEALTH_CARE_EXPENSES = "health_care_expenses"
    HEALTH_CARE_COVERAGE = "health_care_coverage"
    #: financial support in general, silent on health care: MDL-120 does not act on it
    GENERAL_FINANCIAL_SUPPORT = "general_financial_support"


class EmploymentStatus(StrEnum):
    """A person's status with an employer on a date."""

    ACTIVE = "active"
    RETIRED = "retired"
    LAID_OFF = "laid_off"
    TERMINATED = "terminated"  #: former employee (may hold COBRA or state continuation)
    DISABLED_ON_LEAVE = "disabled_on_leave"  #: not working, receiving employer disability benefits


class CoverageKind(StrEnum):
    """What kind of coverage a coverage record is."""

    GROUP = "group"  #: employer or union group health plan (insured or self-funded)
    INDIVIDUAL = "individual"  #: non-group policy, including Marketplace plans
    STUDENT = "student"  #: student health plan of a school
    FEHB = "fehb"  #: Federal Employees Health Benefits (an employer group plan of the federal government)
    MEDICARE = "medicare"  #: Original Medicare (Parts A and B)
    MEDICARE_ADVANTAGE = "medicare_advantage"  #: Part C plan, stands in Medicare's place
    MEDIGAP = "medigap"  #: Medicare supplement policy
    MEDICAID = "medicaid"
    CHIP = "chip"
    TRICARE = "tricare"
    TRICARE_FOR_LIFE = "tricare_for_life"
    TRICARE_SUPPLEMENT = "tricare_supplement"
    CHAMPVA = "champva"
    VA = "va"  #: Veterans Health Administration care
    IHS = "ihs"  #: Indian Health Service, tribal and urban Indian programs
    WORKERS_COMP = "workers_comp"
    BLACK_LUNG = "black_lung"  #: Federal Black Lung Program (Department of Labor)
    AUTO_PIP = "auto_pip"  #: no-fault personal injury protection
    AUTO_MEDPAY = "auto_medpay"  #: auto medical payments coverage
    LIABILITY = "liability"  #: a liable third party's insurance (or self-insurance)
    CRIME_VICTIM = "crime_victim"  #: state crime-victim compensation program


#: Coverage that the NAIC model calls a "plan" and orders with its rules (MDL-120 §3).
COMMERCIAL_KINDS = frozenset({CoverageKind.GROUP, CoverageKind.INDIVIDUAL, CoverageKind.STUDENT, CoverageKind.FEHB})
#: Group health plans for the Medicare Secondary Payer rules (employer or union plans, FEHB included).
GROUP_HEALTH_PLAN_KINDS = frozenset({CoverageKind.GROUP, CoverageKind.FEHB})
MEDICARE_KINDS = frozenset({CoverageKind.MEDICARE, CoverageKind.MEDICARE_ADVANTAGE})
INJURY_KINDS = frozenset(
    {
        CoverageKind.WORKERS_COMP,
        CoverageKind.BLACK_LUNG,
        CoverageKind.AUTO_PIP,
        CoverageKind.AUTO_MEDPAY,
        CoverageKind.LIABILITY,
    }
)
NO_FAULT_KINDS = frozenset({CoverageKind.AUTO_PIP, CoverageKind.AUTO_MEDPAY})
TRICARE_KINDS = frozenset({CoverageKind.TRICARE, CoverageKind.TRICARE_FOR_LIFE})
MEDICAID_KINDS = frozenset({CoverageKind.MEDICAID, CoverageKind.CHIP})
#: Payers that Medicare's Coordination of Benefits Agreement program forwards claims to without a claim from the
#: provider: Medigap insurers (claim-based crossover), state Medicaid agencies and TRICARE For Life.
CROSSOVER_KINDS = frozenset({CoverageKind.MEDIGAP, CoverageKind.MEDICAID, CoverageKind.TRICARE_FOR_LIFE})
#: Coverage of which a person can hold only one at a time (with what to say when a case lists two).
EXCLUSIVE_GROUPS: tuple[tuple[frozenset[CoverageKind], str], ...] = (
    (
        frozenset({CoverageKind.MEDICARE, CoverageKind.MEDICARE_ADVANTAGE}),
        "a person is in Original Medicare or in one Medicare Advantage plan, not both",
    ),
    (frozenset({CoverageKind.MEDICAID, CoverageKind.CHIP}), "a person is in one Medicaid or CHIP program at a time"),
    (
        frozenset({CoverageKind.TRICARE, CoverageKind.TRICARE_FOR_LIFE, CoverageKind.CHAMPVA}),
        "a person has one TRICARE plan (TRICARE For Life included), and CHAMPVA only without TRICARE eligibility",
    ),
    (frozenset({CoverageKind.MEDIGAP}), "a second Medicare supplement policy may not be sold to a person who has one"),
    (frozenset({CoverageKind.TRICARE_SUPPLEMENT}), "list one TRICARE supplement"),
    (frozenset({CoverageKind.IHS}), "list one Indian Health Service eligibility"),
    (frozenset({CoverageKind.VA}), "list one VA health care enrollment"),
    (frozenset({CoverageKind.BLACK_LUNG}), "list one Black Lung Program entitlement"),
    (frozenset({CoverageKind.CRIME_VICTIM}), "list one crime-victim compensation claim"),
)

#: Coverage that needs an employer (or union) behind it.
EMPLOYER_KINDS = frozenset({CoverageKind.GROUP})


class CoverageBasis(StrEnum):
    """Why the subscriber holds an employer plan, as of the service date."""

    ACTIVE = "active"  #: current employment (employee, employer, or self-employed member)
    RETIRED = "retired"
    LAID_OFF = "laid_off"
    COBRA = "cobra"  #: federal COBRA continuation
    STATE_CONTINUATION = "state_continuation"  #: state or other continuation right

    @property
    def continuation(self) -> bool:
        return self in (CoverageBasis.COBRA, CoverageBasis.STATE_CONTINUATION)


class MemberRelationship(StrEnum):
    """The member's relationship to the subscriber of a coverage."""

    SELF = "self"
    SPOUSE = "spouse"
    DOMESTIC_PARTNER = "domestic_partner"
    CHILD = "child"  #: child, stepchild, foster child or ward covered as a child
    OTHER_DEPENDENT = "other_dependent"

    @property
    def dependent(self) -> bool:
        return self is not MemberRelationship.SELF


class CobProvision(StrEnum):
    """The plan's coordination of benefits provision."""

    NAIC = "naic"  #: order rules consistent with the NAIC model regulation
    NONE = "none"  #: no COB provision at all: pays as if no other plan existed
    EXCESS = "excess"  #: "always secondary" or "excess" clause, inconsistent with the regulation


class DependentRule(StrEnum):
    """The rule a plan uses for a dependent child of parents who live together."""

    BIRTHDAY = "birthday"
    GENDER = "gender"  #: the father's plan is primary (pre-1984 rule, kept by some plans)


class ServiceCategory(StrEnum):
    """What kind of benefit a claim asks for; a coverage takes part only for categories it covers."""

    MEDICAL = "medical"
    DENTAL = "dental"
    VISION = "vision"
    PHARMACY = "pharmacy"


class ClaimSetting(StrEnum):
    """Where the service was furnished; decides Medicare Part A versus Part B and the MSP payment formula."""

    PROFESSIONAL = "professional"  #: physician or supplier claim (837P; Medicare Part B)
    INPATIENT = "inpatient"  #: institutional inpatient (837I; Medicare Part A)
    OUTPATIENT = "outpatient"  #: institutional outpatient (837I; Medicare Part B)


class InjuryKind(StrEnum):
    """What caused the condition a claim treats."""

    WORK = "work"  #: work-related injury or occupational illness
    AUTO = "auto"  #: motor vehicle accident (car, truck)
    MOTORCYCLE = "motorcycle"
    PREMISES = "premises"  #: fall or injury on someone's property
    OTHER_ACCIDENT = "other_accident"
    CRIME = "crime"  #: injury from a crime
    BLACK_LUNG = "black_lung"  #: coal workers' pneumoconiosis and related conditions


class AccidentRole(StrEnum):
    """The patient's role in a vehicle accident."""

    DRIVER = "driver"
    OWNER_OPERATOR = "owner_operator"
    PASSENGER = "passenger"
    PEDESTRIAN = "pedestrian"


class PrimaryPayerStatus(StrEnum):
    """What the injury payer has done with the claim."""

    PAYING = "paying"  #: accepted, and pays promptly (within 120 days: 42 CFR 411.50(b))
    DENIED = "denied"  #: denied (for example, not compensable)
    NOT_PROMPT = "not_prompt"  #: has not paid within 120 days: Medicare may pay conditionally
    EXHAUSTED = "exhausted"  #: benefit limit used up
    #: liability: the claim is open and the insurer pays only at settlement or judgment (the usual case)
    PENDING_SETTLEMENT = "pending_settlement"

    @property
    def prompt(self) -> bool:
        """Whether the payer pays now (42 U.S.C. 1395y(b)(2)(A)(ii): "promptly")."""
        return self is PrimaryPayerStatus.PAYING


class PipOption(StrEnum):
    """Michigan no-fault choice between PIP primary and health plan primary."""

    UNCOORDINATED = "uncoordinated"  #: PIP pays first
    COORDINATED = "coordinated"  #: health plan pays first, PIP pays what it leaves


class PipMedical(StrEnum):
    """Michigan, policies issued or renewed after 2020-07-01: the PIP medical (allowable expenses) level chosen
    under the 2019 reform (MCL 500.3107c, 500.3107d, 500.3109a(2))."""

    UNLIMITED = "unlimited"
    LIMIT_500K = "limit_500k"
    LIMIT_250K = "limit_250k"
    EXCLUDED_250K = "excluded_250k"  #: $250,000 option with this person excluded (qualified health coverage)
    LIMIT_50K_MEDICAID = "limit_50k_medicaid"  #: $50,000 option for a named insured enrolled in Medicaid
    OPTED_OUT = "opted_out"  #: no PIP medical: the named insured has Medicare Parts A and B (MCL 500.3107d)


class CobMethod(StrEnum):
    """How a coverage pays when another payer paid before it (domain reference §4; government payers §2.3, §3.2, §5)."""

    STANDARD = "standard"  #: MDL-120 §7: lesser of normal benefit and allowable expense not yet paid
    NON_DUPLICATION = "non_duplication"  #: normal benefit minus what earlier payers paid
    CARVE_OUT = "carve_out"  #: carve-out in its common meaning: the same formula as non-duplication
    CARVE_OUT_REMAINDER = "carve_out_remainder"  #: cost share applied to (allowed - prior payments) ("MOB")
    BENEFIT_RESERVE = "benefit_reserve"  #: pre-2005: standard COB plus a credit reserve over the period
    MEDICARE_SECONDARY = "medicare_secondary"  #: 42 CFR 411.33(a) or (e)
    MEDICAID = "medicaid"  #: lesser of Medicaid rate minus prior payments and the patient's cost share
    TRICARE = "tricare"  #: lower of billed - OHI, TRICARE's own payment, the beneficiary's liability
    MEDIGAP = "medigap"  #: pays Medicare's cost sharing
    REMAINING_BALANCE = "remaining_balance"  #: pays the patient's remaining liability up to its benefit


class AllowableExpense(StrEnum):
    """Which allowed amount caps a secondary under standard COB (domain reference §4.7)."""

    NAIC = "naic"  #: MDL-120 §3A: highest negotiated fee, highest UCR, or the primary's arrangement when mixed
    HIGHEST_NEGOTIATED = "highest_negotiated"
    PRIMARY_ARRANGEMENT = "primary_arrangement"
    PRIMARY_CONTRACT_CAP = "primary_contract_cap"  #: New Jersey N.J.A.C. 11:4-28.7(e)1
    SECONDARY_ALLOWED = "secondary_allowed"
    BILLED = "billed"  #: old UCR practice: up to billed charges


class RuleSet(StrEnum):
    """Which edition of the NAIC order-of-benefit rules the case is decided under."""

    NAIC_2005 = "naic-2005"
    PRE_2005 = "pre-2005"


class Confidence(StrEnum):
    """How sure a source is, as tagged in the domain reference."""

    VERIFIED = "V"  #: checked against the source text
    MODEL = "M"  #: model text as mirrored by states; not re-read
    DERIVED = "D"  #: a rule applied to facts
    SECONDARY = "S"  #: a reputable secondary source
    UNCERTAIN = "U"  #: sources silent or in conflict: a documented choice


class DeterminationStatus(StrEnum):
    """Overall outcome of a determination."""

    DETERMINED = "determined"  #: every pair of payers was ordered by a rule
    SHARED = "shared"  #: no rule decided between some plans: they share the allowable expense equally (R6)
    INDETERMINATE = "indeterminate"  #: a gap or conflict in the rules or the facts; the reasons say which
