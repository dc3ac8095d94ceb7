"""The sources the rules cite, one constant each.

The NAIC Coordination of Benefits Model Regulation (MDL-120, 2005 revision) is cited by section, with a public
state adoption that mirrors the wording as the URL (NAIC text is not copied here). Federal statute and CFR text
are public domain. Confidence tags follow the domain reference: V checked against the source, M model text as
mirrored by states, S reputable secondary source, D derived, U a documented choice.
"""

from __future__ import annotations

from cobsim.model.codes import Confidence
from cobsim.rules.base import Citation

V, M, S, D, U = (
    Confidence.VERIFIED,
    Confidence.MODEL,
    Confidence.SECONDARY,
    Confidence.DERIVED,
    Confidence.UNCERTAIN,
)

_WY = "https://regulations.justia.com/states/wyoming/agency-044/sub-agency-0002/chapter-10/section-10-3"
_NE = "https://regulations.justia.com/states/nebraska/insurance-department-of/title-210/chapter-39/section-210-39-006"
_IN14 = (
    "https://d1tvxue8o4w0fl.cloudfront.net/regulation/indiana-administrative-code/title-760-department-of-insurance/"
    "article-1-general-provisions/rule-760-iac-1-381-group-coordination-of-benefits/section-760-iac-1-381-14-order-"
    "of-benefits-for-dependent-childseparated-or-divorced-parents"
)
_SD69 = "https://lexace.ai/us/statute/south-dakota/58-18A-69"
_TX3505 = "https://www.law.cornell.edu/regulations/texas/28-Tex-Admin-Code-SS-3-3505"
_NJ286 = (
    "https://casetext.com/regulation/new-jersey-administrative-code/title-11-insurance/chapter-4-actuarial-services/"
    "subchapter-28-group-coordination-of-benefits/section-114-286-rules-for-coordination-of-benefits"
)
_TXMUTUAL = "http://online.flipbuilder.com/ybni/cuja/files/basic-html/page96.html"
_IL2009_60 = "https://ilga.gov/ftp/JCAR/AdminCode/050/050020090000600R.html"
_WDA = "https://www.wda.org/wp_super_faq/how-are-insurance-benefits-coordinated-for-a-child-of-divorced-parents"
_USC1395Y = "https://www.law.cornell.edu/uscode/text/42/1395y"
_CFR411G = "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-411/subpart-G"
_CFR411H = "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-411/subpart-H"
_CFR411F = "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-411/subpart-F"
_POMS = "https://secure.ssa.gov/poms.nsf/lnx/"

# --------------------------------------------------------------------------------------------- NAIC MDL-120

NAIC_PLAN_DEFINITION = Citation("NAIC MDL-120 (2005)", "§3 (definition of plan)", _WY, V)
NAIC_PRIMARY_AS_IF_ALONE = Citation("NAIC MDL-120 (2005)", "§6A(1)", _NE, V)
NAIC_CLOSED_PANEL = Citation("NAIC MDL-120 (2005)", "§6A(2); §7B", _NE, V)
NAIC_MORE_THAN_TWO = Citation("NAIC MDL-120 (2005)", "§6A(4)", _NE, V)
MORE_THAN_TWO_PLANS_PAIRWISE = Citation(
    "Ohio Rev. Code 3902.12", "more than two plans: primary as to one, secondary as to another", None, V
)
NAIC_NONCOMPLYING = Citation("NAIC MDL-120 (2005)", "§6B(1)", _NE, V)
NAIC_NONCOMPLYING_PAYS = Citation("Ill. Admin. Code tit. 50", "§2009.60(b)(2)", _IL2009_60, V)
NAIC_NONDEPENDENT = Citation("NAIC MDL-120 (2005)", "§6D(1)(a)", _SD69, V)
NAIC_MEDICARE_REVERSAL = Citation("NAIC MDL-120 (2005)", "§6D(1)(b)", _WY, V)
NAIC_BIRTHDAY = Citation("NAIC MDL-120 (2005)", "§6D(2)(a)(i)", _WY, V)
NAIC_SAME_BIRTHDAY = Citation("NAIC MDL-120 (2005)", "§6D(2)(a)(ii)", _WY, V)
NAIC_DECREE = Citation("NAIC MDL-120 (2005)", "§6D(2)(b)(i)", _IN14, V)
NAIC_DECREE_KNOWLEDGE = Citation("Texas Mutual Medical SPD (2021)", "p. 96 (decree knowledge, plan year)", _TXMUTUAL, V)
NAIC_DECREE_BOTH = Citation("NAIC MDL-120 (2005)", "§6D(2)(b)(ii)-(iii)", _WY, V)
NAIC_CUSTODY = Citation("NAIC MDL-120 (2005)", "§6D(2)(b)(iv)", _IN14, V)
NAIC_NON_PARENTS = Citation("NAIC MDL-120 (2005)", "§6D(2)(c)", _TXMUTUAL, V)
NAIC_MARRIED_CHILD = Citation("NAIC MDL-120 (later printings)", "§6D(2)(d)", _TXMUTUAL, V)
NAIC_ACTIVE_INACTIVE = Citation(
    "NAIC MDL-120 (2005)", "§6D(3)", "https://lexace.ai/us/statute/south-dakota/58-18A-71", V
)
NAIC_CONTINUATION = Citation("NAIC MDL-120 (2005)", "§6D(4)", _WY, M)
NAIC_LONGER = Citation(
    "NAIC MDL-120 (2005)",
    "§6D(5)",
    "http://statutes.laws-info.com/south-dakota/title-58/chapter-18a/statute-58-18a-73",
    V,
)
NAIC_SHARE_EQUALLY = Citation("NAIC MDL-120 (2005)", "§6D(6)", _WY, M)

OLD_MODEL_GENDER = Citation("N.J.A.C. 11:4-28.6(b)4 (pre-2005 NAIC model)", "gender rule fallback", _NJ286, V)
HORIZON_GENDER = Citation("Horizon BCBSNJ provider manual", "COB chapter, Gender Rule", None, V)
OLD_MODEL_CUSTODY = Citation("N.J.A.C. 11:4-28.6(c) (pre-2005 NAIC model)", "three custody tiers", _NJ286, V)
WDA_EQUAL_CUSTODY = Citation("Wisconsin Dental Association FAQ", "joint physical custody", _WDA, S)
OLD_MODEL_INDIVIDUAL = Citation(
    "Mont. Admin. R. 6.6.24xx (pre-2005 NAIC model)", "definition of plan: not individual or family contracts", None, V
)
NJ_INDIVIDUAL_CONTRACT = Citation(
    "New Jersey individual health benefits contract (lawinsider clause)", "group coverage always primary", None, V
)
SEED_STUDENT_PLAN = Citation(
    "The Missing Piece billing blog (seed 003)", "child's own employer or school plan", None, V
)

# ------------------------------------------------------------------------------------ Medicare Secondary Payer

MSP_STATUTE = Citation("42 U.S.C. 1395y(b)", "(1)-(2)", _USC1395Y, V)
MSP_PREEMPTS = Citation("42 CFR 411.32", "(a)(1)", "https://www.law.cornell.edu/cfr/text/42/411.32", V)
MSP_WORKING_AGED = Citation("42 CFR 411.170-172", "§411.170(a)(2); 42 U.S.C. 1395y(b)(1)(A)(ii)", _CFR411G, V)
MSP_AGED_DATE = Citation("42 CFR 411.170", "(c)", _CFR411G, V)
MSP_SMALL_EMPLOYER_ELECTION = Citation("42 U.S.C. 1395y(b)(1)(A)", "(iii)", _USC1395Y, V)
MSP_DISABILITY = Citation("42 CFR 411.201-206", "§411.204(a); 42 U.S.C. 1395y(b)(1)(B)", _CFR411H, V)
MSP_ESRD = Citation("42 U.S.C. 1395y(b)(1)(C)", "30-month coordination period", _USC1395Y, V)
MSP_ESRD_CFR = Citation("42 CFR 411.161-163", "subpart F", _CFR411F, M)
POMS_ESRD_START = Citation("SSA POMS", "HI 00801.216", _POMS + "0600801216", V)
POMS_ESRD_DUAL = Citation("SSA POMS", "HI 00801.247", _POMS + "0600801247", V)
HORIZON_MSP = Citation("Horizon BCBSNJ provider manual", "Medicare Secondary Payer", None, V)
MSP_INDIVIDUAL = Citation(
    "Horizon BCBSNJ provider manual", '"MSP does not apply to members who have individual contracts"', None, V
)
MSP_RETIREE = Citation(
    "ASC RCM Quick Tips (seed 004)", '"If a patient has a retiree insurance ... Medicare pays first"', None, V
)
MSP_PART_A = Citation("42 CFR 411.172; 411.204(a)(1)", "entitlement to Part A", _CFR411G, S)
MEDICARE_ADVANTAGE = Citation("42 CFR 422.108", "Medicare secondary payer procedures for MA organizations", None, M)
MEDIGAP_NEVER_PRIMARY = Citation(
    "Horizon BCBSNJ provider manual", '"a Medicare supplemental policy will never be primary"', None, V
)
MSP_CONDITIONAL = Citation(
    "42 CFR 411.45; 411.53", "conditional Medicare payment", "https://cfr.laws-info.com/text/42/411/45", V
)
MSP_LIABILITY = Citation("SSA POMS", "HI 00620.175 (liability)", _POMS + "0600620175", V)
MSP_WC_EXCLUSION = Citation(
    "42 CFR 411.40",
    "(b)(1) Medicare does not pay for what workers' compensation pays; (b)(3) secondary payments under 411.32-411.33",
    "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-411/subpart-C/section-411.40",
    V,
)
MSP_LIABILITY_PROMPT = Citation(
    "42 U.S.C. 1395y(b)(2)(A)(ii), (B)(i); 42 CFR 411.50(b), 411.52",
    "liability insurance primary when it pays promptly (within 120 days); otherwise conditional payment",
    _USC1395Y,
    V,
)

# ------------------------------------------------------------------------------------ other government payers

MEDICAID_LAST = Citation("42 U.S.C. 1396a(a)(25)", "(A)-(C)", "https://www.law.cornell.edu/uscode/text/42/1396a", V)
SEED_MEDICAID = Citation("ASC RCM Quick Tips (seed 004)", "Medicaid and a commercial policy", None, V)
TRICARE_LAST = Citation(
    "10 U.S.C. 1079(j)(1); 32 CFR 199.8",
    "double coverage",
    "https://www.law.cornell.edu/uscode/text/10/1079",
    V,
)
TRICARE_OHI = Citation("TRICARE Reimbursement Manual 6010.61-M", "ch. 4 §1; §4.1.1", "https://manuals.health.mil", V)
TRICARE_ACTIVE_DUTY = Citation(
    "Health Net Federal Services; insure.com (seed 003)", "active duty: TRICARE only", None, V
)
TRICARE_PART_B = Citation("10 U.S.C. 1086(d)", "(1)-(2)", "https://www.law.cornell.edu/uscode/text/10/1086", V)
TRICARE_VA = Citation("TriWest; Health Net West OHI pages", "programs TRICARE pays before", None, S)
CHAMPVA_LAST = Citation(
    "38 CFR 17.270-17.278; Medicare Interactive", "CHAMPVA secondary to other health insurance", None, S
)
VA_AUTHORIZED = Citation("SSA POMS", "HI 00620.050 (VA-authorized services)", _POMS + "0600620050", V)
VA_RECOVERY = Citation("38 U.S.C. 1729", "recovery from health plans for non-service-connected care", None, M)
IHS_LAST = Citation("25 U.S.C. 1623(b)", "payer of last resort", "https://www.law.cornell.edu/uscode/text/25/1623", V)
CRIME_VICTIM_LAST = Citation(
    "34 U.S.C. 20102(e)", "federal programs pay first", "https://www.law.cornell.edu/uscode/text/34/20102", V
)
FEHB_COB = Citation(
    "48 CFR 1652.204-71; OPM", "FEHB follows the NAIC order; Medicare rules decide vs Medicare", None, S
)

# ------------------------------------------------------------------------------------ injuries

WC_SEED = Citation("Horizon BCBSNJ provider manual", "workers' compensation: bill the carrier directly", None, V)
INJURY_SEED = Citation("ASC RCM Quick Tips (seed 004)", "no-fault, liability and workers' comp pay first", None, V)
NO_FAULT_MSP = Citation("42 CFR 411.50-411.54", "no-fault insurance primary to Medicare", None, M)
MICHIGAN_PIP = Citation("MCL 500.3109a; BCBSM (seed 003)", "coordinated PIP: health plan primary", None, S)
NJ_HEALTH_PRIMARY = Citation("N.J.S.A. 39:6A-4.3(d)", "health insurance primary election", None, V)
NJ_MOTORCYCLE = Citation(
    "Horizon BCBSNJ provider manual", '"not primary for motorcycle accidents for owner/operators"', None, V
)
BLACK_LUNG = Citation("CGS, Federal Black Lung Program", "bill DOL before Medicare for related services", None, S)
LIABILITY_SUBROGATION = Citation("BCBS Michigan (seed 003)", "subrogation against a liable party's insurer", None, V)
