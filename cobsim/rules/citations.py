"""The sources the rules cite, one constant each, with the reasons (clauses) each one backs.

Every citation names its kind (statute, regulation, NAIC model section, court decision, agency manual, payer
document, other secondary source) and the clauses it supports: ``rule.id`` for a rule's main reason,
``rule.id#tag`` for another reason the rule gives. A step of the trace carries only the sources of the reasons it
used, primary sources first (``Rule.citations_for``), so a spouse's step is not cited with a line about a child's
own job and a New Jersey payment never cites Texas.

The NAIC Coordination of Benefits Model Regulation (MDL-120, 2005 revision) is cited by section, with a public
state adoption that mirrors the wording as the URL (NAIC text is not copied here); the pre-2005 model is cited
through the states that keep it (N.J.A.C. 11:4-28, Ill. Admin. Code tit. 50 §2009, Wis. Admin. Code Ins 3.40).
A state's own code is cited only on that state's clause. Federal statute and CFR text are public domain.

Confidence follows the domain reference: V the quoted words were read at the URL (or a mirror of the same text);
M model text as mirrored or copied into plan documents, or a text not read in full; S a secondary source that
was read.
"""

from __future__ import annotations

from cobsim.model.codes import Confidence
from cobsim.rules.base import Citation, SourceKind

V, M, S = Confidence.VERIFIED, Confidence.MODEL, Confidence.SECONDARY
STATUTE, REGULATION, MODEL = SourceKind.STATUTE, SourceKind.REGULATION, SourceKind.MODEL
COURT, AGENCY, PAYER, SECONDARY = SourceKind.COURT, SourceKind.AGENCY_MANUAL, SourceKind.PAYER, SourceKind.SECONDARY


def _cite(
    source: str, pinpoint: str, url: str | None, confidence: Confidence, kind: SourceKind, *clauses: str
) -> Citation:
    """A citation that backs the clauses named (``rule.id`` or ``rule.id#tag``)."""
    if not clauses:
        raise ValueError(f"{source} {pinpoint}: name the clauses it supports")
    return Citation(source, pinpoint, url, confidence, kind, frozenset(clauses))


# ------------------------------------------------------------------------------------------------------ URLs

_JUSTIA = "https://regulations.justia.com/states/"
_WY2 = _JUSTIA + "wyoming/agency-044/sub-agency-0002/chapter-10/section-10-2"
_WY3 = _JUSTIA + "wyoming/agency-044/sub-agency-0002/chapter-10/section-10-3"
_NE3 = _JUSTIA + "nebraska/insurance-department-of/title-210/chapter-39/section-210-39-003"
_NE6 = _JUSTIA + "nebraska/insurance-department-of/title-210/chapter-39/section-210-39-006"
_WV2 = _JUSTIA + "west-virginia/agency-114/title-114/series-114-28/section-114-28-2"
_AL7 = (
    "https://d1tvxue8o4w0fl.cloudfront.net/regulation/alabama-administrative-code/title-482-alabama-department-of-"
    "insurance/chapter-482-1-128-group-coordination-of-benefits-cob/section-482-1-128-07-procedure-to-be-followed-"
    "by-secondary-plan-to-calculate-benefits-and-pay-a-claim"
)
_IN2 = (
    "https://casetext.com/regulation/indiana-administrative-code/title-760-department-of-insurance/article-1-"
    "general-provisions/rule-760-iac-1-381-group-coordination-of-benefits/section-760-iac-1-381-2-allowable-"
    "expenses-defined"
)
_IN14 = (
    "https://d1tvxue8o4w0fl.cloudfront.net/regulation/indiana-administrative-code/title-760-department-of-insurance/"
    "article-1-general-provisions/rule-760-iac-1-381-group-coordination-of-benefits/section-760-iac-1-381-14-order-"
    "of-benefits-for-dependent-childseparated-or-divorced-parents"
)
_ID25 = (
    "https://casetext.com/regulation/idaho-administrative-code/title-idapa-18-insurance-department-of/rule-180414-"
    "coordination-of-benefits/section-180414025-miscellaneous-provisions"
)
_SD64 = "https://lexace.ai/us/statute/south-dakota/58-18A-64"
_SD69 = "https://lexace.ai/us/statute/south-dakota/58-18A-69"
_SD71 = "https://lexace.ai/us/statute/south-dakota/58-18A-71"
_SD73 = "http://statutes.laws-info.com/south-dakota/title-58/chapter-18a/statute-58-18a-73"
_TX3505 = "https://www.law.cornell.edu/regulations/texas/28-Tex-Admin-Code-SS-3-3505"
_TX3507 = (
    "https://d1tvxue8o4w0fl.cloudfront.net/regulation/texas-administrative-code/title-28-insurance/part-1-texas-"
    "department-of-insurance/chapter-3-life-accident-and-health-insurance-and-annuities/subchapter-v-coordination-"
    "of-benefits/section-33507-rules-for-cob-and-order-of-benefits"
)
_NJ282 = _JUSTIA + "new-jersey/title-11/chapter-4/subchapter-28/section-11-4-28-2"
_NJ286 = _JUSTIA + "new-jersey/title-11/chapter-4/subchapter-28/section-11-4-28-6"
_NJ287 = _JUSTIA + "new-jersey/title-11/chapter-4/subchapter-28/section-11-4-28-7"
_NJ42APP = (
    "https://d1tvxue8o4w0fl.cloudfront.net/regulation/new-jersey-administrative-code/title-11-insurance/chapter-4-"
    "actuarial-services/subchapter-42-individual-and-small-employer-health-coverage-standard-provisions/appendix"
)
_NJ_PIP_ELECTION = "https://legiscan.com/NJ/text/S2277/id/2874565"
_WI340 = "https://docs.legis.wisconsin.gov/code/admin_code/ins/3"
_IL40 = "https://ilga.gov/ftp/JCAR/AdminCode/050/050020090000400R.html"
_IL50 = "http://witnessslips.ilga.gov/commission/jcar/admincode/050/050020090000500R.html"
_IL60 = "https://ilga.gov/ftp/JCAR/AdminCode/050/050020090000600R.html"
_MT_OLD = "https://rules.mt.gov/gateway/ShowRuleVersionFile.asp?RVID=20022"
_MN65B61 = "https://lawserver.com/law/state/minnesota/mn-statutes/minnesota_statutes_65b-61"
_TXMUTUAL = "http://online.flipbuilder.com/ybni/cuja/files/basic-html/page96.html"
_WDA = "https://www.wda.org/wp_super_faq/how-are-insurance-benefits-coordinated-for-a-child-of-divorced-parents"

_USC = "https://www.law.cornell.edu/uscode/text/"
_USC1395Y = _USC + "42/1395y"
_USC1396A = _USC + "42/1396a"
_USC1395SS = _USC + "42/1395ss"
_USC1079 = _USC + "10/1079"
_USC1086 = _USC + "10/1086"
_USC1095 = _USC + "10/1095"
_USC1729 = _USC + "38/1729"
_USC1781 = _USC + "38/1781"
_CFR = "https://www.law.cornell.edu/cfr/text/"
_CFR411B = "https://www.govregs.com/regulations/expand/title42_chapterIV_part411_subpartB_section411.21"
_CFR411_40 = "https://lexbuild.dev/ecfr/title-42/chapter-IV/part-411/section-411.40"
_CFR411_43 = "https://law.lawstack.com/cfr/42/411.43/"
_CFR411_45 = "https://cfr.laws-info.com/text/42/411/45"
_CFR411_51 = "https://lexbuild.dev/ecfr/title-42/chapter-IV/part-411/section-411.51"
_CFR411_53 = "https://lexbuild.dev/ecfr/title-42/chapter-IV/part-411/section-411.53"
_CFR411_161 = "https://law.lawstack.com/laws/42-cfr_s_411-161"
_CFR411F = "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-411/subpart-F"
_CFR411G = "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-411/subpart-G"
_CFR411H = "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-411/subpart-H"
_POMS = "https://secure.ssa.gov/poms.nsf/lnx/"
_MBPM16 = "https://www.cms.gov/Regulations-and-Guidance/Guidance/Manuals/downloads/bp102c16.pdf"
_TRM_C4S1 = "https://manuals.health.mil/pages/DisplayManualHtmlFile/2023-12-20/AsOf/TR15/C4S1.html"
_TRM_C4S4 = "https://manuals.health.mil/pages/DisplayManualHtmlFile/2019-02-08/AsOf/tr15/c4s4.html"
_TRT5_C4S2 = "https://manuals.health.mil/pages/DisplayManualHtmlFile/2024-09-20/AsOf/TRT5/C4S2.html"
_CFR199_8 = "https://manuals.health.mil/pages/DisplayManualHtmlFile/2021-06-25/AsOf/FR16/C8.html"
_TRICARE_UNCOVERED = "https://tricare.mil/CoveredServices/IsItCovered/UncoveredServicesandSupplies"
_PALMETTO_MSP = "https://www.palmettogba.com/palmetto/webTool.nsf/vTool/msp"
_MCL = "https://www.legislature.mi.gov/Laws/MCL?objectName=mcl-"

# --------------------------------------------------------------------------------------------- general rules

NAIC_AE_COVERED = _cite(
    "NAIC MDL-120 (2005)",
    '§3 "allowable expense"',
    _NE3,
    V,
    MODEL,
    "coordination.in_force",
    "pay.standard_cob",
)
NAIC_AE_NOT_COVERED = _cite(
    "NAIC MDL-120 (2005)",
    '§3 "allowable expense" (an expense no plan covers)',
    _NE3,
    V,
    MODEL,
    "coordination.service_covered",
)
NAIC_AE_LIKE_BENEFITS = _cite(
    "NAIC MDL-120 (2005)",
    '§3 "allowable expense" (COB limited to like benefits)',
    _NE3,
    V,
    MODEL,
    "coordination.service_covered#like_benefits",
)
NAIC_AE_BARRED = _cite(
    "NAIC MDL-120 (2005)",
    '§3 "allowable expense" (amounts a provider may not charge)',
    _NE3,
    V,
    MODEL,
    "pay.standard_cob#ae_medicare",
    "pay.non_duplication#capped",
    "pay.carve_out#capped",
    "pay.capitation_secondary",
)
NAIC_PRIMARY_AS_IF_ALONE = _cite(
    "NAIC MDL-120 (2005)",
    "§6A(1)",
    _NE6,
    V,
    MODEL,
    "coordination.primary_pays_as_if_alone",
    "pay.primary",
)
NAIC_CLOSED_PANEL = _cite(
    "NAIC MDL-120 (2005)",
    "§6A(2)",
    _NE6,
    V,
    MODEL,
    "naic.closed_panel_non_panel_provider",
)
NAIC_MORE_THAN_TWO = _cite(
    "NAIC MDL-120 (2005)",
    "§6A(4)",
    _NE6,
    V,
    MODEL,
    "coordination.more_than_two_payers",
    "coordination.rule_loop",
)
MORE_THAN_TWO_PLANS_PAIRWISE = _cite(
    "Ohio Rev. Code 3902.12",
    '"a plan may be primary as to one and may be secondary as to another"',
    "http://statutes.laws-info.com/ohio/title39/chapter3902/3902_12",
    V,
    STATUTE,
    "coordination.rule_loop",
)
DE_PRIMARY_AS_TO_ONE = _cite(
    "18 Del. Admin. Code 1307",
    'App. A §II ("may be a Primary Plan as to one or more other plans, and may be a Secondary Plan as to a '
    'different plan or plans")',
    None,
    V,
    REGULATION,
    "coordination.rule_loop",
)
NAIC_NO_RULE_CONTRAST = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(6) (contrast: the model shares equally between two plans; other pairs are indeterminate)",
    None,
    M,
    MODEL,
    "coordination.no_rule",
)
MSP_PREEMPTS = _cite(
    "42 CFR 411.32",
    '(a)(1) ("Medicare benefits are secondary to benefits payable by a primary payer even if State law or the '
    'primary payer states that its benefits are secondary")',
    _CFR + "42/411.32",
    V,
    REGULATION,
    "coordination.stronger_authority_prevails",
    "injury.no_fault_first#medicare",
)
TRICARE_REGARDLESS = _cite(
    "TRICARE Reimbursement Manual 6010.61-M",
    'ch. 4 §1 ¶1.1 (TRICARE is secondary "regardless of any provisions contained in the other coverage"; Medicaid, '
    "IHS and State Victims Assistance Plans excepted)",
    _TRM_C4S1,
    V,
    AGENCY,
    "coordination.stronger_authority_prevails",
    "tricare.after_other_coverage",
    "crime_victim.last#tricare",
    "ihs.last_resort#tricare",
)

# ----------------------------------------------------------------------------------- NAIC order rules (§6)

NAIC_PLAN_INCLUDES_NON_GROUP = _cite(
    "NAIC MDL-120 (2005)",
    '§3 "plan" (group and non-group contracts)',
    _WY2,
    V,
    MODEL,
    "naic.nondependent_first#child_own_plan",
)
NAIC_PLAN_EXCLUDES_MEDIGAP = _cite(
    "NAIC MDL-120 (2005)",
    '§3 "plan" (not Medicare supplement policies)',
    _WY2,
    V,
    MODEL,
    "medigap.after_medicare#both_after_medicare",
)
OLD_MODEL_INDIVIDUAL = _cite(
    "Former Mont. Admin. R. 6.6.2403 (pre-2010; the pre-2005 NAIC model)",
    '(1)(d): "plan" does not mean individual or family insurance contracts or subscriber contracts',
    _MT_OLD,
    V,
    REGULATION,
    "naic.individual_policy_not_a_plan",
)
NAIC_NONCOMPLYING = _cite(
    "NAIC MDL-120 (2005)",
    "§6B(1)",
    _NE6,
    V,
    MODEL,
    "naic.noncomplying_plan_primary",
    "naic.noncomplying_plan_primary#both_say_complying_first",
    "naic.noncomplying_plan_primary#no_cob_before_excess",
    "naic.noncomplying_plan_primary#both_noncomplying",
)
NAIC_COMPLYING_PAYS_AS_SECONDARY = _cite(
    "NAIC MDL-120 (2005)",
    "§9B (complying plan versus noncomplying plan)",
    _ID25,
    M,
    MODEL,
    "naic.noncomplying_plan_primary",
)
OLD_MODEL_NONCOMPLYING = _cite(
    "Wis. Admin. Code Ins 3.40(11)(b)1 (pre-2005 NAIC model)",
    '"If the other Plan does not have rules coordinating its benefits with those of This Plan, the benefits of the '
    'other Plan are determined first"',
    _WI340,
    V,
    REGULATION,
    "naic.noncomplying_plan_primary#pre2005",
)
NAIC_NONCOMPLYING_PAYS = _cite(
    "Ill. Admin. Code tit. 50 (pre-2005 NAIC model)",
    '§2009.60(b)(1), (b)(2)(B) ("excess" or "always secondary" plans; the complying plan pays first but as if it '
    "were the secondary plan)",
    _IL60,
    V,
    REGULATION,
    "naic.noncomplying_plan_primary#pre2005",
)
NAIC_MEDICARE_REVERSAL = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(1)(b)",
    _WY3,
    V,
    MODEL,
    "naic.medicare_reversal",
    "coordination.stronger_authority_prevails",
)
OLD_MODEL_MEDICARE_REVERSAL = _cite(
    "Ill. Admin. Code tit. 50 (pre-2005 NAIC model)",
    "§2009.40(a)(3) (Medicare secondary to the dependent plan and primary to the plan covering the person other "
    "than as a dependent)",
    _IL40,
    V,
    REGULATION,
    "naic.medicare_reversal#pre2005",
)
NAIC_NONDEPENDENT = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(1)(a)",
    _WY3,
    V,
    MODEL,
    "naic.nondependent_first",
    "naic.nondependent_first#child_own_plan",
)
NAIC_DEPENDENT_CHILD_SITUATION = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(2)",
    _WY3,
    V,
    MODEL,
    "naic.birthday#unknown",
)
NAIC_BIRTHDAY = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(2)(a)(i)",
    _WY3,
    V,
    MODEL,
    "naic.birthday",
    "naic.custodial_parent#after_decree",
)
NAIC_DECREE_BOTH = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(2)(b)(ii)",
    _IN14,
    V,
    MODEL,
    "naic.birthday#decree_both",
)
NAIC_JOINT_CUSTODY = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(2)(b)(iii)",
    _IN14,
    V,
    MODEL,
    "naic.birthday#joint",
)
WDA_EQUAL_CUSTODY = _cite(
    "Wisconsin Dental Association FAQ",
    "a child of divorced parents living equally with each, no decree: the birthday rule",
    _WDA,
    S,
    SECONDARY,
    "naic.birthday#equal",
)
NAIC_SAME_BIRTHDAY = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(2)(a)(ii)",
    _WY3,
    V,
    MODEL,
    "naic.same_birthday_longer_parent_coverage",
)
NAIC_DECREE = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(2)(b)(i)",
    _IN14,
    V,
    MODEL,
    "naic.court_decree",
    "naic.court_decree#spouse",
    "naic.custodial_parent#after_decree",
)
NAIC_DECREE_SPOUSE = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(2)(b)(i) (the responsible parent's spouse)",
    _IN14,
    V,
    MODEL,
    "naic.court_decree#spouse",
)
NAIC_DECREE_KNOWLEDGE = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(2)(b)(i) (actual knowledge; plan year)",
    _IN14,
    V,
    MODEL,
    "naic.court_decree#not_known",
)
NAIC_CUSTODY = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(2)(b)(iv)",
    _IN14,
    V,
    MODEL,
    "naic.custodial_parent",
    "naic.custodial_parent#after_decree",
)
OLD_MODEL_CUSTODY = _cite(
    "N.J.A.C. 11:4-28.6 (pre-2005 NAIC model)",
    "(c)1-3 (the parent with custody, the spouse of the parent with custody, the parent not having custody)",
    _NJ286,
    V,
    REGULATION,
    "naic.custodial_parent#pre2005",
    "naic.custodial_parent#unlisted",
)
NAIC_NON_PARENTS = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(2)(c)",
    _IN14,
    M,
    MODEL,
    "naic.non_parents_as_parents",
)
NAIC_NON_PARENTS_PLAN_COPY = _cite(
    "Texas Mutual Medical SPD (2021), a plan document copying MDL-120",
    'p. 96 (c): "individuals who are not the parents ... as if those individuals were parents of the child"',
    _TXMUTUAL,
    M,
    PAYER,
    "naic.non_parents_as_parents",
)
NAIC_MARRIED_CHILD = _cite(
    "NAIC MDL-120 (later printings), as copied in plan documents (Texas Mutual Medical SPD 2021)",
    "§6D(2)(d)(i)",
    _TXMUTUAL,
    M,
    PAYER,
    "naic.married_dependent_child",
)
NAIC_MARRIED_CHILD_SAME_DAY = _cite(
    "NAIC MDL-120 (later printings), as copied in plan documents (Texas Mutual Medical SPD 2021)",
    "§6D(2)(d)(ii)",
    _TXMUTUAL,
    M,
    PAYER,
    "naic.married_dependent_child#same_start",
)
OLD_MODEL_GENDER = _cite(
    "N.J.A.C. 11:4-28.6 (pre-2005 NAIC model)",
    "(b)4 (the other plan uses the gender rule and the plans disagree: the gender rule decides)",
    _NJ286,
    V,
    REGULATION,
    "naic.gender_rule",
    "jurisdiction.editions_disagree#gender",
)
OLD_MODEL_GENDER_WI = _cite(
    "Wis. Admin. Code Ins 3.40(11)(b)3.c (pre-2005 NAIC model)",
    "the other plan has a rule based on the gender of the parent: the rule in the other plan decides",
    _WI340,
    V,
    REGULATION,
    "naic.gender_rule",
)
HORIZON_GENDER = _cite(
    "Horizon BCBSNJ provider manual (seed 003)",
    'COB chapter: "Under the Gender Rule, the father\'s plan is primary for the dependent child"',
    None,
    V,
    PAYER,
    "naic.gender_rule",
    "naic.gender_rule#both_gender",
)
NAIC_ACTIVE_INACTIVE = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(3)",
    _SD71,
    V,
    MODEL,
    "naic.active_before_inactive",
)
NAIC_RULE_IGNORED = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(3)(b), §6D(4)(b) (a rule the other plan lacks is ignored when the plans disagree)",
    _SD71,
    V,
    MODEL,
    "naic.active_before_inactive#ignored",
    "naic.continuation_last#ignored",
    "jurisdiction.editions_disagree",
)
NAIC_CONTINUATION = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(4)",
    _WY3,
    M,
    MODEL,
    "naic.continuation_last",
    "naic.continuation_last#ignored",
)
NAIC_LONGER = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(5)",
    _SD73,
    V,
    MODEL,
    "naic.longer_coverage",
    "naic.longer_coverage#successive",
)
NAIC_SUCCESSIVE_PLANS = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(5) (successive plans within 24 hours are one)",
    _SD73,
    V,
    MODEL,
    "naic.longer_coverage#successive",
)
NAIC_SHARE_EQUALLY = _cite(
    "NAIC MDL-120 (2005)",
    "§6D(6)",
    None,
    M,
    MODEL,
    "naic.share_equally",
    "pay.share_equally",
)
NAIC_EACH_PLAN = _cite(
    "NAIC MDL-120 (2005)",
    "§6D (each plan determines its order by the first of its rules that applies)",
    _WY3,
    V,
    MODEL,
    "jurisdiction.editions_disagree",
    "jurisdiction.editions_disagree#gender",
)

# ------------------------------------------------------------------------------------ Medicare Secondary Payer

MSP_GHP_ONLY = _cite(
    "42 U.S.C. 1395y(b)(2)(A)(i)",
    "Medicare does not pay to the extent a plan pays as required under paragraph (1) - the group health plan rules",
    _USC1395Y,
    V,
    STATUTE,
    "msp.individual_coverage",
)
MSP_GHP_CFR = _cite(
    "42 CFR 411.20",
    "(a)(1) (Medicare payment is precluded to the extent a group health plan pays, by the basis of entitlement: "
    "ESRD, age, disability)",
    _CFR411B,
    V,
    REGULATION,
    "msp.individual_coverage",
    "msp.basis_unknown",
)
MSP_INDIVIDUAL = _cite(
    "Horizon BCBSNJ provider manual (seed 003)",
    'Medicare Secondary Payer: "MSP does not apply to members who have individual contracts. Medicare is always '
    'primary for individual contract holders"',
    None,
    V,
    PAYER,
    "msp.individual_coverage",
)
MSP_BY_BASIS = _cite(
    "42 U.S.C. 1395y(b)(1)",
    "(A) working aged (entitled under 426(a)), (B) disabled (426(b)), (C) ESRD (426-1): a rule for each basis",
    _USC1395Y,
    V,
    STATUTE,
    "msp.basis_unknown",
)
MSP_AGED_PART_A = _cite(
    "42 U.S.C. 1395y(b)(1)(A)(i)",
    "(I) the working-aged rule reaches a person entitled under 426(a) - Part A",
    _USC1395Y,
    V,
    STATUTE,
    "msp.part_a_required",
)
MSP_DISABLED_PART_A = _cite(
    "42 U.S.C. 1395y(b)(1)(B)(i)",
    "the disability rule reaches a person entitled under 426(b) - Part A",
    _USC1395Y,
    V,
    STATUTE,
    "msp.part_a_required#disability",
)
MSP_DISABLED_PART_A_CFR = _cite(
    "42 CFR 411.204",
    "(a)(1) (Medicare is secondary to an LGHP for a disabled individual who is entitled to Part A)",
    _CFR411H,
    V,
    REGULATION,
    "msp.part_a_required#disability",
)
MSP_PART_A_SEED = _cite(
    "Horizon BCBSNJ provider manual (seed 003)",
    'Medicare Secondary Payer: "If there are no Medicare Part A benefits, MSP regulations do not apply"',
    None,
    V,
    PAYER,
    "msp.part_a_required",
    "msp.part_a_required#disability",
)
MSP_WORKING_AGED = _cite(
    "42 U.S.C. 1395y(b)(1)(A)(i)",
    "(I) a group plan may not take into account the Medicare entitlement of an individual (or the individual's "
    "spouse) covered by virtue of the individual's current employment status",
    _USC1395Y,
    V,
    STATUTE,
    "msp.working_aged",
    "msp.working_aged#spouse",
    "msp.not_current_employment#not_employed",
    "msp.not_current_employment#someone_else",
)
MSP_WORKING_AGED_OWN = _cite(
    "42 CFR 411.170",
    "(a)(2)(ii)(A) (an individual age 65 or older covered by virtue of current employment status)",
    _CFR411G,
    V,
    REGULATION,
    "msp.working_aged",
)
MSP_WORKING_AGED_SPOUSE = _cite(
    "42 CFR 411.170",
    "(a)(2)(ii)(B) (the spouse, including a divorced or common-law spouse, age 65 or older of an individual covered "
    "by virtue of current employment status)",
    _CFR411G,
    V,
    REGULATION,
    "msp.working_aged#spouse",
    "msp.not_current_employment#someone_else",
)
MSP_20_EMPLOYEES = _cite(
    "42 U.S.C. 1395y(b)(1)(A)(ii)",
    "20 or more employees on each working day of 20 or more calendar weeks in the current or preceding year",
    _USC1395Y,
    V,
    STATUTE,
    "msp.working_aged",
    "msp.working_aged#spouse",
    "msp.small_employer",
)
MSP_AGED_DATE = _cite(
    "42 CFR 411.170",
    "(c) (age 65 from the first day of the month in which the individual attains it)",
    _CFR411G,
    V,
    REGULATION,
    "msp.working_aged",
    "msp.working_aged#spouse",
)
MSP_SMALL_EMPLOYER_ELECTION = _cite(
    "42 U.S.C. 1395y(b)(1)(A)(iii)",
    "the multiemployer plan's small-employer exception applies only if the plan elects it",
    _USC1395Y,
    V,
    STATUTE,
    "msp.small_employer#multiemployer_election",
)
MSP_DISABILITY = _cite(
    "42 U.S.C. 1395y(b)(1)(B)(i)",
    "a large group health plan may not take into account the Medicare entitlement by disability of an individual "
    "(or a member of the individual's family) covered by virtue of current employment status",
    _USC1395Y,
    V,
    STATUTE,
    "msp.disability_large_group_plan",
    "msp.disability_large_group_plan#family",
    "msp.disability_large_group_plan#multiemployer",
    "msp.disability_small_employer",
)
MSP_DISABILITY_CFR = _cite(
    "42 CFR 411.204",
    "(a)(3) (LGHP coverage by virtue of the individual's own or a family member's current employment status)",
    _CFR411H,
    V,
    REGULATION,
    "msp.disability_large_group_plan",
    "msp.disability_large_group_plan#family",
    "msp.disability_large_group_plan#multiemployer",
    "msp.not_current_employment#someone_else",
)
MSP_FAMILY_MEMBER = _cite(
    "42 CFR 411.201",
    '"family member" (a spouse, including a divorced or common-law spouse, a child or stepchild, a parent, a sibling)',
    _CFR411H,
    V,
    REGULATION,
    "msp.disability_large_group_plan#family",
)
MSP_LGHP = _cite(
    "42 U.S.C. 1395y(b)(1)(B)(iii)",
    "large group health plan as defined in IRC 5000(b)(2) (100 employees; the IRC text was not read)",
    _USC1395Y,
    V,
    STATUTE,
    "msp.disability_large_group_plan",
    "msp.disability_large_group_plan#family",
    "msp.disability_small_employer",
)
MSP_DISABILITY_SMALL_CFR = _cite(
    "42 CFR 411.204",
    "(a) (Medicare benefits are secondary to benefits payable by an LGHP)",
    _CFR411H,
    V,
    REGULATION,
    "msp.disability_small_employer",
)
MSP_UNION_FUND = _cite(
    "Horizon BCBSNJ provider manual (seed 003)",
    "Medicare Secondary Payer: if just one employer in a union health and welfare fund has 100 or more employees, "
    "every member of the fund is covered",
    None,
    V,
    PAYER,
    "msp.disability_large_group_plan#multiemployer",
)
MSP_ESRD = _cite(
    "42 U.S.C. 1395y(b)(1)(C)",
    "(i) a group plan may not take into account ESRD entitlement or eligibility for 30 months (by the substitution "
    "in its last sentence), counted from the first month of entitlement or of eligibility had the person applied",
    _USC1395Y,
    V,
    STATUTE,
    "msp.esrd_coordination_period",
)
MSP_ESRD_AFTER = _cite(
    "42 U.S.C. 1395y(b)(1)(C)",
    "(ii) after the coordination period a plan may pay secondary to Medicare",
    _USC1395Y,
    V,
    STATUTE,
    "msp.esrd_after_coordination",
)
MSP_ESRD_ELIGIBLE = _cite(
    "42 CFR 411.161",
    "(a)(1)-(3) (eligibility without an application counts; any group plan, COBRA included)",
    _CFR411_161,
    V,
    REGULATION,
    "msp.esrd_coordination_period",
)
MSP_ESRD_DUAL_CFR = _cite(
    "42 CFR 411.163",
    "(a) (ESRD entitlement of a person also entitled by age or disability)",
    _CFR411F,
    V,
    REGULATION,
    "msp.esrd_dual_entitlement",
    "msp.esrd_dual_entitlement#other_basis",
)
MSP_ESRD_DUAL_OTHER = _cite(
    "42 CFR 411.163",
    "(b) (Medicare already primary because of COBRA coverage or a small employer; text not read)",
    _CFR411F,
    M,
    REGULATION,
    "msp.esrd_dual_entitlement#other_basis",
)
POMS_ESRD_START = _cite(
    "SSA POMS",
    "HI 00801.216 (the ESRD coordination period and its start; not re-read)",
    _POMS + "0600801216",
    M,
    AGENCY,
    "msp.esrd_coordination_period",
)
POMS_ESRD_RETIREE = _cite(
    "SSA POMS",
    "HI 00801.247 (a person covered by a group plan based on retirement who becomes eligible by ESRD: Medicare "
    "remains primary, no coordination period)",
    _POMS + "0600801247",
    V,
    AGENCY,
    "msp.esrd_dual_entitlement",
)
POMS_ESRD_STAYS_SECONDARY = _cite(
    "SSA POMS",
    "HI 00801.247 (Medicare remains secondary for the full coordination period even if the person becomes "
    "entitled by age or disability)",
    _POMS + "0600801247",
    V,
    AGENCY,
    "msp.esrd_coordination_period",
)
POMS_ESRD_AFTER = _cite(
    "SSA POMS",
    "HI 00801.247 (at the end of the coordination period Medicare becomes primary even with current-employment "
    "coverage)",
    _POMS + "0600801247",
    V,
    AGENCY,
    "msp.esrd_after_coordination",
)
POMS_RETIREE = _cite(
    "SSA POMS",
    'HI 00620.177 ("Health insurance plans for retirees do not meet this condition" of current employment)',
    _POMS + "0600620177",
    V,
    AGENCY,
    "msp.not_current_employment",
)
MSP_CURRENT_EMPLOYMENT = _cite(
    "42 U.S.C. 1395y(b)(1)(E)(ii)",
    '"current employment status": the individual is an employee, is the employer, or is associated with the '
    "employer in a business relationship",
    _USC1395Y,
    V,
    STATUTE,
    "msp.not_current_employment",
    "msp.not_current_employment#not_employed",
)
MEDICARE_ADVANTAGE = _cite(
    "42 U.S.C. 1395w-22",
    "(a)(4) (an MA organization may charge the primary plan where Medicare is secondary under 1395y(b)(2))",
    _USC + "42/1395w-22",
    V,
    STATUTE,
    "msp.medicare_advantage_stands_in",
)
MEDICARE_ADVANTAGE_CFR = _cite(
    "42 CFR 422.108",
    "Medicare secondary payer procedures for MA organizations (text not read)",
    _CFR + "42/422.108",
    M,
    REGULATION,
    "msp.medicare_advantage_stands_in",
)
MEDICARE_ADVANTAGE_PAYER = _cite(
    "Health Net of California Medicare Advantage provider manual",
    'coordination of benefits: "the plan assumes the position of Medicare in the order of benefit determination"',
    "https://providerlibrary.healthnetcalifornia.com/medicare/provider-manual/coordination-benefits/"
    "determination-of-primary-insurer-medicare.html",
    S,
    PAYER,
    "msp.medicare_advantage_stands_in",
)

# ------------------------------------------------------------------------------------ other government payers

MEDICAID_LAST = _cite(
    "42 U.S.C. 1396a(a)(25)",
    "(A), (G) (the State ascertains the legal liability of third parties - health insurers, group health plans, "
    "service benefit plans and others - which may not take Medicaid eligibility into account)",
    _USC1396A,
    V,
    STATUTE,
    "medicaid.last",
    "injury.workers_comp_first#medicaid",
    "injury.no_fault_first#medicaid",
    "injury.liability_paying_first#medicaid",
)
MEDICAID_TPL_CFR = _cite(
    "42 CFR 433.139",
    "(b)(1) (the agency pays only to the extent its payment schedule exceeds the third party's payment)",
    "https://lawserver.com/law/country/us/cfr/42_cfr_433-139",
    V,
    REGULATION,
    "medicaid.last",
    "pay.medicaid_lesser_of",
)
MEDICAID_AFTER_MEDICARE = _cite(
    "42 U.S.C. 1396a(n)",
    "(2) the State need not pay Medicare cost sharing beyond what its plan would pay after Medicare's payment",
    _USC1396A,
    V,
    STATUTE,
    "medicaid.last#medicare",
)
MEDICAID_AFTER_MEDICARE_MAC = _cite(
    "Palmetto GBA (Medicare contractor)",
    '"For patients that have both Medicare and Medicaid and no other insurance, Medicare is the primary payer"',
    "https://www.palmettogba.com/palmetto/jjb.nsf/DID/AVVNNF6444",
    S,
    PAYER,
    "medicaid.last#medicare",
)
CHIP_COORDINATED = _cite(
    "42 U.S.C. 1397aa",
    "(a) (CHIP assistance is coordinated with other sources of health coverage and may be given through the "
    "Medicaid plan)",
    _USC + "42/1397aa",
    V,
    STATUTE,
    "medicaid.last#chip",
)
TRICARE_LAST = _cite(
    "10 U.S.C. 1079",
    "(i)(1) (no TRICARE benefit to the extent it is also a benefit under any other insurance, medical service or "
    "health plan, except a Medicaid plan under title XIX)",
    _USC1079,
    V,
    STATUTE,
    "tricare.after_other_coverage",
    "tricare.after_other_coverage#third_party",
    "medicaid.last#tricare",
)
TRICARE_MEDICAID_FR = _cite(
    "63 FR 59231 (Nov. 3, 1998)",
    "final rule: CHAMPUS is secondary in all double coverage except Medicaid, and primary to State Victims of Crime "
    "Compensation Programs",
    "http://federal.elaws.us/fr/11/3/1998/98-28414",
    V,
    REGULATION,
    "medicaid.last#tricare",
    "crime_victim.last#tricare",
)
TRICARE_THIRD_PARTY = _cite(
    "10 U.S.C. 1095",
    "(h)(1)-(2) (third-party payers include automobile liability and no-fault carriers, Medicare supplemental "
    "insurance, PIP and medical payments plans)",
    _USC1095,
    V,
    STATUTE,
    "tricare.after_other_coverage#third_party",
    "injury.no_fault_first#tricare",
    "injury.liability_paying_first#tricare",
)
TRICARE_MEDICARE_FIRST = _cite(
    "32 CFR 199.8",
    '(d)(1)(i) ("Medicare is always the primary payer" except retroactive disability determinations)',
    _CFR199_8,
    V,
    REGULATION,
    "tricare.after_other_coverage#medicare",
    "pay.tricare_secondary#medicare",
)
TRICARE_MEDICARE_MANUAL = _cite(
    "TRICARE Reimbursement Manual 6010.61-M",
    'ch. 4 §4 ¶1.1 ("In any double coverage situation involving Medicare and TRICARE, Medicare is always primary")',
    _TRM_C4S4,
    V,
    AGENCY,
    "tricare.after_other_coverage#medicare",
)
TFL_AFTER_MEDICARE = _cite(
    "10 U.S.C. 1086",
    "(d)(3)(A)-(B) (TRICARE pays the out-of-pocket costs left after Medicare and third-party payers, up to what it "
    "would pay alone)",
    _USC1086,
    V,
    STATUTE,
    "tricare.after_other_coverage#medicare",
    "pay.tricare_secondary#medicare",
    "pay.tricare_secondary#tfl_both_cover",
)
TFL_COSTS = _cite(
    "TRICARE (Defense Health Agency), TRICARE For Life costs",
    "'Both Medicare and TRICARE: you pay nothing'",
    "https://tricare.mil/tflcosts",
    S,
    AGENCY,
    "pay.tricare_secondary#tfl_both_cover",
)
TRICARE_WC_EXCLUSION = _cite(
    "TRICARE (Defense Health Agency), uncovered services",
    "not covered when needed for an occupational injury that workers' compensation or a similar law can pay for",
    _TRICARE_UNCOVERED,
    V,
    AGENCY,
    "tricare.after_other_coverage#workers_comp",
    "injury.workers_comp_first#tricare",
)
TRICARE_SUPPLEMENT_NOT_OHI = _cite(
    "TRICARE (Defense Health Agency), other health insurance",
    "\"TRICARE supplements don't qualify as 'other health insurance'\": they pay the TRICARE cost share",
    _TRICARE_UNCOVERED,
    V,
    AGENCY,
    "tricare.supplement_after_tricare",
    "pay.remaining_balance#tricare_supplement",
)
TRICARE_ACTIVE_DUTY = _cite(
    "10 U.S.C. 1074",
    "(a)(1)-(2)(A) (a member on active duty is entitled to care in the facilities of the uniformed services)",
    _USC + "10/1074",
    V,
    STATUTE,
    "tricare.active_duty_only",
)
TRICARE_ACTIVE_DUTY_NO_DOUBLE_COVERAGE = _cite(
    "TRICARE Reimbursement Manual 6010.64-M",
    "ch. 4 §2 ¶1.1.2 (claims for active duty service members are exempt from the review for double coverage)",
    _TRT5_C4S2,
    V,
    AGENCY,
    "tricare.active_duty_only",
)
TRICARE_PART_B = _cite(
    "10 U.S.C. 1086",
    "(d)(1)-(2) (a person entitled to Part A is not eligible unless enrolled in Part B)",
    _USC1086,
    V,
    STATUTE,
    "tricare.part_b_required",
)
TRICARE_PART_B_MANUAL = _cite(
    "TRICARE Reimbursement Manual 6010.61-M",
    "ch. 4 §4 ¶1.3 (beneficiaries entitled to Part A by age keep TRICARE if enrolled in Part B)",
    _TRM_C4S4,
    V,
    AGENCY,
    "tricare.part_b_required",
)
TRICARE_VA = _cite(
    "TriWest; Health Net Federal Services other-health-insurance pages (TRICARE contractors)",
    "TRICARE pays before VA health care",
    None,
    S,
    PAYER,
    "va.after_health_plans#tricare",
)
CHAMPVA_LAST = _cite(
    "38 U.S.C. 1781",
    "(b), (d)(2)-(3) (CHAMPVA care under the limitations of CHAMPUS; it pays the costs left after Medicare and "
    "third-party payers, up to what it would pay alone)",
    _USC1781,
    V,
    STATUTE,
    "champva.after_other_coverage",
    "champva.after_other_coverage#medicare",
    "pay.tricare_secondary#champva",
)
CHAMPVA_MEDICARE_MANUAL = _cite(
    "Medicare Benefit Policy Manual, Pub. 100-02",
    "ch. 16 §50.4(1) (Medicare is the primary payer and TRICARE/CHAMPVA a supplementary payer)",
    _MBPM16,
    V,
    AGENCY,
    "champva.after_other_coverage#medicare",
)
VA_AUTHORIZED = _cite(
    "SSA POMS",
    "HI 00620.050 (the VA pays for non-VA care it has authorized in advance; its authorization binds it to pay in "
    "full)",
    _POMS + "0600620050",
    V,
    AGENCY,
    "va.authorized_care",
    "va.service_connected",
)
VA_AUTHORIZED_MBPM = _cite(
    "Medicare Benefit Policy Manual, Pub. 100-02",
    'ch. 16 §50.1.1 ("an authorization issued by the Veterans\' Administration (VA) binds the VA to pay in full")',
    _MBPM16,
    V,
    AGENCY,
    "va.authorized_care",
)
VA_MEDICARE_CANNOT_PAY = _cite(
    "SSA POMS",
    "HI 00620.050 (no Medicare payment for VA-authorized services; their charges are credited to the Medicare "
    "deductibles)",
    _POMS + "0600620050",
    V,
    AGENCY,
    "va.medicare_cannot_pay",
)
MEDICARE_GOVERNMENT_ENTITY = _cite(
    "42 CFR 411.8",
    '(a) ("Medicare does not pay for services that are paid for directly or indirectly by a government entity")',
    "https://cfr.laws-info.com/text/42/411/8",
    V,
    REGULATION,
    "va.medicare_cannot_pay",
)
VA_RECOVERY = _cite(
    "38 U.S.C. 1729",
    "(a)(1), (a)(2)(D) (the VA recovers its charges for non-service-connected care from a health-plan contract)",
    _USC1729,
    V,
    STATUTE,
    "va.service_connected",
    "va.after_health_plans",
    "pay.remaining_balance#va",
)
VA_RECOVERY_WC = _cite(
    "38 U.S.C. 1729",
    "(a)(2)(A) (the VA recovers for care of a person entitled to workers' compensation)",
    _USC1729,
    V,
    STATUTE,
    "injury.workers_comp_first#va",
)
IHS_LAST = _cite(
    "25 U.S.C. 1623",
    "(b) (IHS, tribal and urban Indian programs are the payer of last resort, notwithstanding any other law)",
    _USC + "25/1623",
    V,
    STATUTE,
    "ihs.last_resort",
    "ihs.last_resort#medicare",
    "ihs.last_resort#tricare",
    "crime_victim.last#ihs",
    "pay.remaining_balance#ihs",
)
IHS_MEDICARE_MANUAL = _cite(
    "Medicare Benefit Policy Manual, Pub. 100-02",
    "ch. 16 §50.1.5 (IHS contract health services: Medicare is the primary payer and the IHS the secondary payer)",
    _MBPM16,
    V,
    AGENCY,
    "ihs.last_resort#medicare",
)
CRIME_VICTIM_LAST = _cite(
    "34 U.S.C. 20102",
    "(e) (a crime victim compensation program does not pay costs a Federal or federally financed program would "
    "pay; that program pays without regard to it)",
    _USC + "34/20102",
    V,
    STATUTE,
    "crime_victim.last",
    "crime_victim.last#ihs",
    "crime_victim.last#tricare",
)
CRIME_VICTIM_OTHER_SOURCES = _cite(
    "New Jersey Victims of Crime Compensation Agency (a state program, for example)",
    '"payer of last resort": compensation for the balance of crime-related expenses not reimbursed first from other '
    "sources such as medical insurance",
    "https://nj.gov/oag/njvictims/benefits/moneyothersources.htm",
    V,
    AGENCY,
    "crime_victim.last#other_coverage",
    "pay.remaining_balance#crime_victim",
)
FEHB_COB = _cite(
    "OPM, Federal Employees Health Benefits guide (unofficial copy)",
    '"Except for Medicare, primary and secondary payers are determined according to the guidelines of the National '
    'Association of Insurance Commissioners"',
    "http://cao.scotfaulkner.com/hr/healthl.htm",
    S,
    AGENCY,
    "fehb.employer_plan",
    "jurisdiction.fehb_contract",
)
FEHB_MSP = _cite(
    "42 U.S.C. 1395y(b)(1)(A)(i), (B)(i)",
    "the MSP rules turn on current employment status with an employer; federal employment is not excepted",
    _USC1395Y,
    V,
    STATUTE,
    "fehb.employer_plan",
)

# ------------------------------------------------------------------------------------ Medicare participation

MEDICARE_PART_A_SCOPE = _cite(
    "42 U.S.C. 1395d",
    "(a)(1) (Part A pays inpatient hospital services)",
    _USC + "42/1395d",
    V,
    STATUTE,
    "medicare.part_not_enrolled#inpatient",
)
MEDICARE_PART_B_SCOPE = _cite(
    "42 U.S.C. 1395k; 1395l",
    "1395k(a)(1), 1395l(a) (Part B pays medical and other health services of individuals covered under Part B)",
    _USC + "42/1395k",
    V,
    STATUTE,
    "medicare.part_not_enrolled",
)
MEDIGAP_DEFINITION = _cite(
    "42 U.S.C. 1395ss",
    "(g)(1) (a Medicare supplemental policy reimburses what Medicare does not because of its deductibles, "
    "coinsurance and other limits)",
    _USC1395SS,
    V,
    STATUTE,
    "medigap.needs_medicare",
    "medigap.after_medicare",
    "medigap.after_medicare#after_group",
    "pay.medigap",
    "pay.medigap#legacy",
    "pay.medigap#no_medicare",
)

# ------------------------------------------------------------------------------------ injuries

MSP_INJURY_PAYERS = _cite(
    "42 U.S.C. 1395y(b)(2)(A)(ii)",
    "Medicare does not pay to the extent payment has been made or can reasonably be expected to be made under "
    "workers' compensation, automobile or liability insurance, or no-fault insurance",
    _USC1395Y,
    V,
    STATUTE,
    "injury.unrelated_claim",
    "injury.workers_comp_first#medicare",
    "injury.no_fault_first#medicare",
    "injury.liability_paying_first#medicare",
    "pay.injury_payer#no_fault",
    "pay.remaining_balance#liability",
)
MSP_CONDITIONAL_STATUTE = _cite(
    "42 U.S.C. 1395y(b)(2)(B)(i)",
    "Medicare may pay when an injury payer has not paid or will not pay promptly; the payment is conditioned on "
    "reimbursement",
    _USC1395Y,
    V,
    STATUTE,
    "msp.conditional_payment",
    "msp.conditional_payment#workers_comp",
    "msp.conditional_payment#no_fault",
    "msp.conditional_payment#liability",
    "injury.liability_pays_at_settlement",
    "injury.liability_paying_first#medicare",
    "injury.payer_denied_or_exhausted#liability",
)
MSP_CONDITIONAL_DEFINITION = _cite(
    "42 CFR 411.21",
    '"conditional payment": a Medicare payment for services for which another payer is responsible',
    _CFR411B,
    V,
    REGULATION,
    "msp.conditional_payment",
    "msp.conditional_payment#liability",
    "injury.liability_pays_at_settlement",
)
MSP_WC_DENIED = _cite(
    "42 CFR 411.45",
    "(a)(1), (b) (Medicare pays conditionally when workers' compensation will not pay promptly, including when the "
    "carrier has denied the claim)",
    _CFR411_45,
    V,
    REGULATION,
    "injury.payer_denied_or_exhausted",
    "msp.conditional_payment#workers_comp",
)
MSP_DENIED_PAYS = _cite(
    "42 CFR 411.43",
    "(d) (a claim denied for reasons other than not being a proper claim: Medicare pays for covered services)",
    _CFR411_43,
    V,
    REGULATION,
    "injury.payer_denied_or_exhausted",
)
MSP_NO_FAULT_DENIED = _cite(
    "42 CFR 411.53",
    "(a)(1), (b) (Medicare pays conditionally when no-fault insurance will not pay promptly, including when the "
    "carrier has denied the claim)",
    _CFR411_53,
    V,
    REGULATION,
    "injury.payer_denied_or_exhausted#no_fault",
    "msp.conditional_payment#no_fault",
)
MSP_NO_FAULT_DENIED_PAYS = _cite(
    "42 CFR 411.51",
    "(d) (a no-fault claim denied: Medicare pays for the covered services)",
    _CFR411_51,
    V,
    REGULATION,
    "injury.payer_denied_or_exhausted#no_fault",
)
PALMETTO_EXHAUSTED = _cite(
    "Palmetto GBA MSP tool (Medicare contractor)",
    '"If the other insurer will not pay because benefits are exhausted ... submit the claim to Medicare for primary '
    'payment"',
    _PALMETTO_MSP,
    S,
    PAYER,
    "injury.payer_denied_or_exhausted#exhausted",
)
PALMETTO_PROMPTLY = _cite(
    "Palmetto GBA MSP tool (Medicare contractor)",
    'submit to the liability or no-fault insurer during the "promptly" period (120 days); 42 CFR 411.50(b) not read',
    _PALMETTO_MSP,
    S,
    PAYER,
    "msp.conditional_payment",
    "msp.conditional_payment#no_fault",
    "msp.conditional_payment#liability",
)
PALMETTO_WC_RELATED = _cite(
    "Palmetto GBA MSP tool (Medicare contractor)",
    '"Workers\' Compensation is the primary payer for claims related to work related injuries or illnesses only"',
    _PALMETTO_MSP,
    S,
    PAYER,
    "injury.unrelated_claim",
)
PALMETTO_WC_IN_FULL = _cite(
    "Palmetto GBA MSP tool (Medicare contractor)",
    '"Providers are required to accept Workers\' Compensation payments as payment in full"',
    _PALMETTO_MSP,
    S,
    PAYER,
    "pay.injury_payer",
)
MSP_LIABILITY = _cite(
    "SSA POMS",
    'HI 00620.175 ("Medicare pays first where a liability claim is pending and recovers only after the beneficiary '
    'receives payment from the liability insurer")',
    _POMS + "0600620175",
    V,
    AGENCY,
    "injury.liability_pays_at_settlement",
    "msp.conditional_payment#liability",
)
CMS_CONDITIONAL_PAYMENT = _cite(
    "CMS, Conditional Payment Information",
    '"Medicare may make a conditional payment when there is evidence that the primary plan does not pay promptly"',
    "http://cms.hhs.gov/Medicare/Coordination-of-Benefits-and-Recovery/Attorney-Services/Conditional-Payment-"
    "Information/Conditional-Payment-Information.html",
    V,
    AGENCY,
    "msp.conditional_payment#liability",
)
MSP_LIABILITY_CFR = _cite(
    "42 CFR 411.20",
    "(a)(2)(ii) (Medicare payment is precluded to the extent liability insurance pays)",
    _CFR411B,
    V,
    REGULATION,
    "injury.liability_paying_first#medicare",
)
MSP_NO_FAULT_CFR = _cite(
    "42 CFR 411.20",
    "(a)(2)(iii) (Medicare payment is precluded to the extent no-fault insurance pays)",
    _CFR411B,
    V,
    REGULATION,
    "injury.no_fault_first#medicare",
)
MSP_NO_FAULT_EXHAUST = _cite(
    "42 CFR 411.51",
    "(b) (Medicare does not pay until the beneficiary has exhausted the remedies under no-fault insurance)",
    _CFR411_51,
    V,
    REGULATION,
    "injury.no_fault_first#medicare",
)
MSP_WC_EXCLUSION = _cite(
    "42 CFR 411.40",
    "(b)(1)(i) (Medicare does not pay for services workers' compensation pays or can be expected to pay); (b)(3) "
    "Medicare makes secondary payments under 411.32-411.33",
    _CFR411_40,
    V,
    REGULATION,
    "injury.workers_comp_first#medicare",
)
MSP_WC_EXHAUST = _cite(
    "42 CFR 411.43",
    "(b) (Medicare does not pay until the beneficiary has exhausted the remedies under workers' compensation)",
    _CFR411_43,
    V,
    REGULATION,
    "injury.workers_comp_first#medicare",
)
WC_SEED = _cite(
    "Horizon BCBSNJ provider manual (seed 003)",
    "workers' compensation: Horizon does not pay for work-related illnesses or injuries; \"Always bill the "
    "workers' compensation carrier directly\"",
    None,
    V,
    PAYER,
    "injury.workers_comp_exclusive",
    "injury.workers_comp_first",
)
MN_NO_FAULT_PRIMARY = _cite(
    "Minn. Stat. 65B.61",
    "subd. 1 (a state example: basic economic loss benefits are primary to benefits from any other source for an "
    "auto injury, except workers' compensation)",
    _MN65B61,
    V,
    STATUTE,
    "injury.no_fault_first",
    "injury.pip_before_medpay",
    "injury.workers_comp_first#no_fault",
    "injury.liability_paying_first#no_fault",
    "pay.remaining_balance#pip",
)
NJ_HEALTH_SECONDARY_TO_PIP = _cite(
    "N.J.A.C. 11:4-42 Appendix (New Jersey standard health contract provisions)",
    '"provides secondary coverage to PIP unless health coverage has been elected as primary coverage"',
    _NJ42APP,
    V,
    REGULATION,
    "injury.no_fault_first#nj",
)
NJ_AUTOMOBILE_INJURY = _cite(
    "N.J.A.C. 11:4-42 Appendix (New Jersey standard health contract provisions)",
    '"Automobile Related Injury": an injury while occupying or using an automobile, or as a pedestrian caused by one',
    _NJ42APP,
    V,
    REGULATION,
    "injury.nj_motorcycle_owner_operator",
)
NJ_AUTOMOBILE_DEFINITION = _cite(
    "N.J.S.A. 39:6A-2",
    '(a) "automobile": private passenger and station wagon types, vans, pickups, campers - motorcycles are not '
    "listed (statute as quoted by a law firm)",
    "https://www.janmeyerlaw.com/njpip/automobile.html",
    M,
    STATUTE,
    "injury.nj_motorcycle_owner_operator",
)
NJ_MOTORCYCLE = _cite(
    "Horizon BCBSNJ provider manual (seed 003)",
    '"Automobile insurance is not primary for motorcycle accidents for owner/operators of a motorcycle"',
    None,
    V,
    PAYER,
    "injury.nj_motorcycle_owner_operator",
)
NJ_HEALTH_PRIMARY = _cite(
    "N.J.S.A. 39:6A-4.3",
    "(d) (the named insured may make health insurance primary; PIP then pays medical expenses the health coverage "
    "does not, up to its limit)",
    _NJ_PIP_ELECTION,
    V,
    STATUTE,
    "injury.nj_health_primary_election",
    "pay.remaining_balance#pip_nj",
)
_NJ_3_37_9 = (
    "https://casetext.com/regulation/new-jersey-administrative-code/title-11-insurance/chapter-3-automobile-"
    "insurance/subchapter-37-coordination-of-benefits/section-113-379-order-of-benefit-determination"
)
NJ_PIP_PRIMARY_REG = _cite(
    "N.J.A.C. 11:3-37.9",
    "(a) (without the election, PIP pays without regard to any benefits of a health benefits plan)",
    _NJ_3_37_9,
    V,
    REGULATION,
    "injury.no_fault_first#nj",
    "pay.injury_payer#no_fault_nj",
)
NJ_HEALTH_AFTER_PIP = _cite(
    "N.J.A.C. 11:3-37.9",
    "(c) (a health plan after PIP pays the lesser of the remaining uncovered allowable expenses and what it would "
    "have paid as primary)",
    _NJ_3_37_9,
    V,
    REGULATION,
    "pay.nj_secondary#after_pip",
)
NJ_ELECTION_NOT_FOR_MEDICARE = _cite(
    "NJM Insurance Group, PIP health-primary FAQ (a New Jersey auto insurer)",
    'not available when a household member is "covered under Medicare and/or Medicaid"',
    "https://www.njm.com/insurance/auto/faqs/pip-health-nj",
    S,
    PAYER,
    "injury.nj_health_primary_election#medicare_medicaid_household",
)
NJ_ELECTION_MEDICARE_STATUTE = _cite(
    "42 U.S.C. 1395y(b)(2)(A)(ii)",
    "Medicare does not pay to the extent no-fault insurance can be expected to pay: it cannot be made primary to PIP",
    _USC1395Y,
    V,
    STATUTE,
    "injury.nj_health_primary_election#medicare_medicaid_household",
)
MICHIGAN_PIP_SEED = _cite(
    "BCBS of Michigan member page (seed 003)",
    '"in most cases your health insurance is primary. So your health plan will pay first"',
    None,
    V,
    PAYER,
    "injury.michigan_coordinated_pip",
)
BLACK_LUNG_CFR = _cite(
    "20 CFR 725.701",
    "(b) (the operator or the fund furnishes the miner the medical services the pneumoconiosis requires)",
    _CFR + "20/725.701",
    V,
    REGULATION,
    "injury.black_lung_first",
    "injury.black_lung_first#medicare",
    "pay.injury_payer#black_lung",
)
BLACK_LUNG_MEDICARE = _cite(
    "42 CFR 411.40",
    "(b)(1)(ii) (Medicare does not pay for services the Federal Black Lung Program could pay)",
    _CFR411_40,
    V,
    REGULATION,
    "injury.black_lung_first#medicare",
    "injury.unrelated_claim#black_lung",
)
BLACK_LUNG = _cite(
    "CGS, Federal Black Lung Program page (Medicare contractor)",
    "services related to black lung: bill the Department of Labor before Medicare; unrelated services go to Medicare",
    "https://www.cgsmedicare.com/hhh/education/materials/bl_program.html",
    S,
    PAYER,
    "injury.black_lung_first",
    "injury.black_lung_first#medicare",
    "injury.unrelated_claim#black_lung",
)
CRIME_VICTIM_RELATED = _cite(
    "34 U.S.C. 20102",
    "(e) (compensation for costs of a crime; a federal program pays first)",
    _USC + "34/20102",
    V,
    STATUTE,
    "injury.unrelated_claim#crime_victim",
)
LIABILITY_SUBROGATION = _cite(
    "BCBS of Michigan member page (seed 003)",
    "subrogation: the health plan pays and recovers from the liable party's insurer (\"The process of getting the "
    'other insurance company to pay is called subrogation")',
    None,
    V,
    PAYER,
    "injury.subrogation",
    "injury.liability_pays_at_settlement",
)
INJURY_SEED = _cite(
    "ASC RCM Quick Tips (seed 004)",
    "\"no-fault, liability and workers' comp usually pay first for services related to the specific procedure and "
    'related reason"',
    None,
    V,
    SECONDARY,
    "injury.liability_paying_first",
)
TX_WC_NO_BALANCE_BILLING = _cite(
    "Tex. Lab. Code 413.042 (TDI Commissioner's Bulletin B-0033-06)",
    "a provider may not balance bill an injured employee for care of a compensable injury",
    "https://www.tdi.texas.gov/bulletins/2006/cc14.html",
    V,
    STATUTE,
    "pay.injury_payer#workers_comp_tx",
)

# ------------------------------------------------------------------------------------ state law (jurisdictions)
# Primary sources only: state administrative code and statute sections, court decisions. The jurisdiction profiles
# (cobsim/rules/jurisdictions/profiles/*.yaml) carry their own citations as data; these constants serve the rules
# that code a state's choice directly.

NJ_28_7_A = _cite(
    "N.J.A.C. 11:4-28.7",
    "(a) (both plans on usual, customary and reasonable fees: the billed charge less the primary's payment, no more "
    "than the normal benefit; the reduction kept as a benefit reserve for the claim determination period)",
    _NJ287,
    V,
    REGULATION,
    "pay.nj_secondary",
    "pay.nj_secondary#a",
    "pay.benefit_reserve#nj",
)
NJ_28_7_C = _cite(
    "N.J.A.C. 11:4-28.7",
    "(c) (each benefit is reduced in proportion and charged against the plan's limits)",
    _NJ287,
    V,
    REGULATION,
    "pay.benefit_reserve#nj",
)
NJ_CLAIM_PERIOD = _cite(
    "N.J.A.C. 11:4-28.2",
    '"claim determination period" (not less than 12 consecutive months)',
    _NJ282,
    V,
    REGULATION,
    "pay.benefit_reserve#nj",
)


def _nj_e(paragraph: str, text: str, *clauses: str) -> Citation:
    return _cite("N.J.A.C. 11:4-28.7", f"({paragraph} ({text})", _NJ287, V, REGULATION, *clauses)


NJ_28_7_E1 = _nj_e(
    "e)1",
    "both plans on contracted fees, provider in both networks: the member's cost sharing under the primary up to "
    "the normal benefit; the member owes no more than the secondary's cost sharing",
    "pay.nj_secondary#e1",
    "pay.standard_cob#ae_nj_cap",
)
NJ_28_7_E2 = _nj_e(
    "e)2",
    "primary on usual and customary fees, secondary on contracted fees: the billed charge less the primary's payment "
    "up to the normal benefit, applied first to the primary's cost sharing",
    "pay.nj_secondary#e2",
)
NJ_28_7_E3 = _nj_e(
    "e)3",
    "primary on contracted fees, secondary on usual and customary fees: the member's cost sharing under the primary "
    "up to the normal benefit",
    "pay.nj_secondary#e3",
)
NJ_28_7_E4_E7 = _nj_e(
    "e)4, (e)7",
    "the primary covers nothing for the service: the secondary pays as if it were primary",
    "pay.nj_secondary#e4_e7",
)
NJ_28_7_E5 = _nj_e(
    "e)5",
    "capitated primary: the secondary pays the member's cost sharing under the primary up to the normal benefit",
    "pay.nj_secondary#e5",
)
NJ_28_7_E6 = _nj_e(
    "e)6",
    "capitated secondary: it pays its capitation and the member owes nothing for eligible services",
    "pay.nj_secondary#e6",
)
NJ_SECONDARY_OPERATIVE = _cite(
    "R.2002 d.106 (adoption of N.J.A.C. 11:4-28 amendments)",
    "N.J.A.C. 11:4-28.7(e) adopted 2002-03-05, operative 2003-01-01",
    "http://www.nj.gov/dobi/ad030802.htm",
    V,
    REGULATION,
    "pay.nj_secondary#e1",
    "pay.nj_secondary#e2",
    "pay.nj_secondary#e3",
    "pay.nj_secondary#e4_e7",
    "pay.nj_secondary#e5",
    "pay.nj_secondary#e6",
)
NJ_PRIMARY_AS_IF_ALONE = _cite(
    "N.J.A.C. 11:4-28.6",
    "(a)1 (the primary plan pays as if the secondary plan did not exist)",
    _NJ286,
    V,
    REGULATION,
    "pay.primary#nj",
)
TX_PRIMARY_AS_IF_ALONE = _cite(
    "28 TAC 3.3507",
    "(a)(1) (the primary plan must pay as if the secondary plan did not exist)",
    _TX3507,
    V,
    REGULATION,
    "pay.primary#tx",
)
TX_ALLOWABLE_EXPENSE = _cite(
    "28 TAC 3.3505",
    "(b), (c), (e)-(g) (allowable expenses: not covered by any plan, barred by contract, the highest usual and "
    "customary amount, the highest negotiated fee, the primary's arrangement when the plans are priced differently)",
    _TX3505,
    V,
    REGULATION,
    "pay.standard_cob#tx",
)
WA_SECONDARY_PAYMENT = _cite(
    "WAC 284-51-230",
    "(1) the secondary pays so that all plans pay 100% of the allowable expense, up to its maximum benefit plus "
    "accrued savings; the enrollee's deductible is never more than the higher of the two",
    "https://app.leg.wa.gov/WAC/default.aspx?cite=284-51-230",
    V,
    REGULATION,
    "pay.wa_secondary",
    "pay.wa_secondary#ae_medicare",
)
WA_HUNDRED_PERCENT = _cite(
    "RCW 48.21.200",
    "(1) coordination may not reduce total benefits below 100% of allowable expenses",
    "https://app.leg.wa.gov/RCW/default.aspx?cite=48.21.200",
    V,
    STATUTE,
    "pay.wa_secondary",
    "pay.wa_secondary#ae_medicare",
)
KS_RIVERSIDE = _cite(
    "Blue Cross & Blue Shield of Kansas, Inc. v. Riverside Hospital, 237 Kan. 829, 703 P.2d 1384 (1985)",
    "two plans each claiming to be secondary: the clauses are harmonized and the plan covering the person as an "
    "employee is primary",
    "https://law.justia.com/cases/kansas/supreme-court/1985/57-667-1.html",
    V,
    COURT,
    "ks.two_excess_clauses",
    "naic.noncomplying_plan_primary#both_noncomplying",
)
CA_KAISER_LIFEGUARD = _cite(
    "Kaiser Foundation Health Plan, Inc. v. Lifeguard, Inc., 18 Cal.App.4th 1753 (1993)",
    "two plans each saying the other must pay: each is responsible for one-half",
    "https://law.justia.com/cases/california/court-of-appeal/4th/18/1753.html",
    V,
    COURT,
    "ca.two_excess_clauses",
    "naic.noncomplying_plan_primary#both_noncomplying",
)
MI_COORDINATED_PIP = _cite(
    "MCL 500.3109a",
    "(1) personal protection insurance coordinated with other health and accident coverage on the insured",
    _MCL + "500-3109a",
    V,
    STATUTE,
    "injury.michigan_coordinated_pip",
    "pay.remaining_balance#pip_mi",
)
MI_FEDERAL_KEMPER = _cite(
    "Federal Kemper Ins. Co. v. Health Ins. Administration, Inc., 424 Mich. 537 (1986)",
    "under a coordinated policy the health insurer pays first and the no-fault insurer second",
    None,
    M,
    COURT,
    "injury.michigan_coordinated_pip",
    "pay.remaining_balance#pip_mi",
)
MI_FREDERICK_HERRUD = _cite(
    "Auto Club Ins. Ass'n v. Frederick & Herrud, Inc., 443 Mich. 358 (1993)",
    "a self-funded ERISA plan's COB clause controls: the coordinated no-fault insurer pays first",
    "http://casetext.com/case/acia-v-frederick-herrud-inc",
    V,
    COURT,
    "injury.michigan_coordinated_pip#self_funded",
)
MI_PIP_OPT_OUT = _cite(
    "MCL 500.3107d",
    "(1) for a policy issued or renewed after 2020-07-01 a named insured with Medicare Parts A and B may elect no "
    "PIP medical coverage",
    _MCL + "500-3107d",
    V,
    STATUTE,
    "injury.michigan_no_pip_medical",
    "injury.michigan_no_pip_medical#reform_date",
)
MI_PIP_EXCLUSION = _cite(
    "MCL 500.3109a",
    "(2) the $250,000 option may exclude a person who has qualified health coverage",
    _MCL + "500-3109a",
    M,
    STATUTE,
    "injury.michigan_no_pip_medical#excluded",
)
MI_PIP_LIMITS = _cite(
    "MCL 500.3107c",
    "(1) PIP medical limits chosen for policies issued or renewed after 2020-07-01",
    _MCL + "500-3107c",
    M,
    STATUTE,
    "injury.michigan_no_pip_medical#reform_date",
    "pay.injury_payer#no_fault_mi",
)
ERISA_DEEMER = _cite(
    "29 U.S.C. 1144(b)(2)(B)",
    "ERISA deemer clause: a self-funded plan is not deemed an insurer for state insurance law",
    "https://www.law.cornell.edu/uscode/text/29/1144",
    V,
    STATUTE,
    "jurisdiction.plan_document",
)
FMC_HOLLIDAY = _cite(
    "FMC Corp. v. Holliday, 498 U.S. 52 (1990)",
    "state laws regulating insurance do not reach self-funded ERISA plans",
    "https://supreme.justia.com/cases/federal/us/498/52/",
    V,
    COURT,
    "jurisdiction.plan_document",
)
NJ_GENDER_PREVAILS = OLD_MODEL_GENDER
FEHB_PREEMPTION = _cite(
    "5 U.S.C. 8902(m)(1)",
    "FEHB contract terms on the nature, provision or extent of coverage or benefits preempt state law",
    "https://www.law.cornell.edu/uscode/text/5/8902",
    M,
    STATUTE,
    "jurisdiction.fehb_contract",
)

# ------------------------------------------------------------------------------------ payment formulas

NAIC_SECONDARY_CALCULATION = _cite(
    "NAIC MDL-120 (2005)",
    "§7A",
    _AL7,
    V,
    MODEL,
    "pay.standard_cob",
    "pay.standard_cob#ae_usual",
    "pay.standard_cob#ae_negotiated",
    "pay.standard_cob#ae_arrangement",
    "pay.standard_cob#ae_medicare",
    "pay.standard_cob#ae_nj_cap",
    "pay.standard_cob#tx",
    "pay.nj_secondary#non_health_primary",
    "pay.remaining_balance",
)
NAIC_AE_USUAL = _cite(
    "NAIC MDL-120 (2005)",
    '§3 "allowable expense" (plans on usual and customary fees)',
    _WV2,
    V,
    MODEL,
    "pay.standard_cob#ae_usual",
)
NAIC_AE_NEGOTIATED = _cite(
    "NAIC MDL-120 (2005)",
    '§3 "allowable expense" (plans on negotiated fees)',
    _WV2,
    M,
    MODEL,
    "pay.standard_cob#ae_negotiated",
)
NAIC_AE_ARRANGEMENT = _cite(
    "NAIC MDL-120 (2005)",
    '§3 "allowable expense" (one plan on usual and customary fees, the other on negotiated fees)',
    _WV2,
    M,
    MODEL,
    "pay.standard_cob#ae_arrangement",
)
NAIC_SERVICES_VALUE = _cite(
    "NAIC MDL-120 (2005)",
    '§3 "allowable expense" (benefits in the form of services)',
    _IN2,
    V,
    MODEL,
    "pay.capitation",
    "pay.capitation_secondary",
)
ASSIGNMENT = _cite(
    "42 U.S.C. 1395u(b)(3)(B)(ii)",
    "assignment: the approved amount is the full charge",
    _USC + "42/1395u",
    V,
    STATUTE,
    "pay.standard_cob#ae_medicare",
    "pay.benefit_reserve#ae_medicare",
    "pay.wa_secondary#ae_medicare",
)
WA_UMP_NONDUPLICATION = _cite(
    "Washington HCA Uniform Medical Plan (a state public-employee plan document)",
    '"Nonduplication of benefits": the plan pays up to what it would have paid as primary; nothing if the primary '
    "paid as much or more",
    "https://www.hca.wa.gov/ump/glossary/nonduplication-benefits-0",
    V,
    PAYER,
    "pay.non_duplication",
    "pay.non_duplication#capped",
    "pay.carve_out",
    "pay.carve_out#capped",
)
OPENDENTAL = _cite(
    "Open Dental manual (practice-software vendor)",
    'COB: "Carve Out (Non-Duplication) ... Secondary InsEst = (Secondary Allowed - Secondary Deductible) * '
    'Secondary Percentage - PaidOther"',
    "https://opendental.com/manual/cob.html",
    V,
    SECONDARY,
    "pay.carve_out",
    "pay.carve_out#capped",
)
DENTRIX_MOB = _cite(
    "Dentrix Ascend community (practice-software vendor)",
    "maintenance of benefits: the plan's percentage applied to its allowed amount less the primary's payment "
    "(post 360047007534)",
    None,
    V,
    SECONDARY,
    "pay.carve_out_remainder",
)
IL_2009_50 = _cite(
    "Ill. Admin. Code tit. 50 (pre-2005 NAIC model)",
    "§2009.50(a), (b)(1) (the secondary reduces its benefits to the allowable expenses of the claim determination "
    "period and uses the reduction to pay allowable expenses not otherwise paid)",
    _IL50,
    V,
    REGULATION,
    "pay.benefit_reserve",
    "pay.benefit_reserve#ae_medicare",
)
MEDICARE_PART_B = _cite(
    "42 U.S.C. 1395l",
    "(a)(1), (b) (Part B pays 80% of the payment basis after the Part B deductible)",
    _USC + "42/1395l",
    V,
    STATUTE,
    "pay.medicare_primary",
    "pay.as_if_medicare_part_b",
)
MEDICARE_PART_A = _cite(
    "42 U.S.C. 1395e",
    "(a)(1) (inpatient hospital payment less the inpatient hospital deductible)",
    _USC + "42/1395e",
    V,
    STATUTE,
    "pay.medicare_primary#part_a",
)
CFR_411_33A = _cite(
    "42 CFR 411.33",
    "(a)-(b) (Medicare's secondary payment: the lowest of three amounts)",
    _CFR + "42/411.33",
    V,
    REGULATION,
    "pay.medicare_secondary",
)
CFR_411_32B = _cite(
    "42 CFR 411.32",
    "(b) (no secondary payment when the provider must accept the primary payment as payment in full)",
    _CFR + "42/411.32",
    V,
    REGULATION,
    "pay.medicare_secondary#full_payment",
    "pay.medicare_secondary_institutional",
)
CFR_411_33E = _cite(
    "42 CFR 411.33",
    "(e) (services not paid on a fee schedule: the lowest of four amounts; (e)(2) not read verbatim)",
    _CFR + "42/411.33",
    V,
    REGULATION,
    "pay.medicare_secondary_institutional",
)
MEDICAID_PIF = _cite(
    "42 U.S.C. 1396a(a)(25)(C)",
    "the provider may not collect from the beneficiary when third-party liabilities reach Medicaid's amount, nor "
    "more than the lesser of nominal cost sharing and Medicaid's amount less those liabilities",
    _USC1396A,
    V,
    STATUTE,
    "pay.medicaid_lesser_of",
    "pay.medicaid_lesser_of#medicare_crossover",
)
MEDICAID_CROSSOVER = _cite(
    "42 U.S.C. 1396a(n)",
    "(2)-(3) (Medicare cost sharing: the State pays no more than its plan's amount after Medicare; Medicare's and "
    "the State's payments are payment in full)",
    _USC1396A,
    V,
    STATUTE,
    "pay.medicaid_lesser_of#medicare_crossover",
)
TRICARE_PAY = _cite(
    "Health Net Federal Services (TRICARE contractor)",
    "How TRICARE calculates payment with other health insurance: the lower of three amounts; 115% for "
    "non-participating providers",
    "https://www.healthnetfederalservices.com/content/hnfs/home/tw/prov/claims/Calculations_with_OHI.html",
    S,
    PAYER,
    "pay.tricare_secondary",
    "pay.tricare_secondary#nonpar_cap",
)
TRICARE_LAST_PAY = _cite(
    "TRICARE Reimbursement Manual 6010.61-M",
    "ch. 4 §1 ¶1.1.2, ¶1.2 (combined payments do not exceed the charges; no more than TRICARE would pay alone)",
    _TRM_C4S1,
    V,
    AGENCY,
    "pay.tricare_secondary",
    "pay.tricare_secondary#nonpar_cap",
)
TRICARE_LIMITING_CHARGE = _cite(
    "10 U.S.C. 1079",
    "(h)(4)(A)-(B) (a non-institutional provider may bill the beneficiary no more than the limiting charge, 115% of "
    "the allowed amount)",
    _USC1079,
    V,
    STATUTE,
    "pay.tricare_secondary#nonpar_cap",
    "pay.tricare_active_duty#nonpar",
)
TRICARE_AD_NO_COST = _cite(
    "10 U.S.C. 1075a",
    "(a)(1) (no cost-sharing for members on active duty, 10 U.S.C. 1074(a))",
    _USC + "10/1075a",
    V,
    STATUTE,
    "pay.tricare_active_duty",
    "pay.tricare_active_duty#nonpar",
)
TRICARE_SHCP = _cite(
    "TRICARE Operations Manual 6010.62-M",
    "ch. 17 §3 ¶1.1.1.4 (SHCP claims: no cost-share, copayment or deductible; 32 CFR 199.16(a)(3))",
    "https://manuals.health.mil/pages/DisplayManualHtmlFile/2024-06-21/AsOf/TOT5/C17S3.html",
    V,
    AGENCY,
    "pay.tricare_active_duty",
    "pay.tricare_active_duty#nonpar",
)
TRICARE_PAR = _cite(
    "32 CFR 199.6; TRICARE Policy Manual 6010.63-M ch. 11 §1.2",
    "participating providers accept the TRICARE allowable amount as payment in full",
    "https://manuals.health.mil/pages/DisplayManualHtmlFile/2020-09-10/AsOf/TP15/c11s1_2.html",
    V,
    REGULATION,
    "pay.tricare_active_duty",
)
MEDIGAP_LETTERS = _cite(
    "42 U.S.C. 1395ss(p), (w); NAIC Medicare Supplement Model Regulation (MDL-651) §8.1",
    "standardized plans A-N: which deductibles and coinsurance each letter pays",
    _USC1395SS,
    M,
    STATUTE,
    "pay.medigap",
    "pay.medigap#part_b_deductible",
)
MEDIGAP_MACRA = _cite(
    "42 U.S.C. 1395ss(z)",
    "(1)-(2) (MACRA §401: no policy covering the Part B deductible for people newly eligible from 2020-01-01)",
    _USC1395SS,
    V,
    STATUTE,
    "pay.medigap#part_b_deductible",
)
HORIZON_PART_B = _cite(
    "Horizon BCBSNJ provider manual (seed 003)",
    'Medicare Secondary Payer: "we will never pay more than we would have if that individual had Medicare Part B '
    'benefits"',
    None,
    V,
    PAYER,
    "pay.as_if_medicare_part_b",
)


# ------------------------------------------------------------------------------ what Original Medicare covers

MEDICARE_OUTSIDE_US = _cite(
    "42 U.S.C. 1395y(a)(4)",
    "no payment for items and services furnished outside the United States",
    "https://www.law.cornell.edu/uscode/text/42/1395y",
    M,
    STATUTE,
    "medicare.outside_us",
)
MEDICARE_OUTSIDE_US_CFR = _cite(
    "42 CFR 411.9",
    "(a) services furnished outside the United States; exceptions in 424.122-424.124",
    "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-411/subpart-A/section-411.9",
    M,
    REGULATION,
    "medicare.outside_us",
)
MEDICARE_FOREIGN_EXCEPTIONS = _cite(
    "42 CFR 424.122-424.124",
    "the emergency, Canada-transit and nearest-hospital exceptions",
    "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-424/subpart-H",
    M,
    REGULATION,
    "medicare.outside_us",
)
MEDICARE_DAYS_LIMIT = _cite(
    "42 U.S.C. 1395d(a)(1)",
    "90 days of inpatient hospital services per spell of illness, plus 60 lifetime reserve days",
    "https://www.law.cornell.edu/uscode/text/42/1395d",
    M,
    STATUTE,
    "medicare.benefit_days_exhausted",
)
MEDICARE_DAYS_CFR = _cite(
    "42 CFR 409.61",
    "(a) inpatient hospital days: 90 per benefit period and 60 lifetime reserve days",
    "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-409/subpart-G/section-409.61",
    M,
    REGULATION,
    "medicare.benefit_days_exhausted",
)
MEDICARE_EXCLUSIONS = _cite(
    "42 U.S.C. 1395y(a)",
    "(7), (12), (13) and others: services excluded from coverage (routine checkups, dental, hearing aids, cosmetic)",
    "https://www.law.cornell.edu/uscode/text/42/1395y",
    M,
    STATUTE,
    "medicare.excluded_service",
)
MEDICARE_EXCLUSIONS_CFR = _cite(
    "42 CFR 411.15",
    "particular services excluded from coverage",
    "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-411/subpart-A/section-411.15",
    M,
    REGULATION,
    "medicare.excluded_service",
)
