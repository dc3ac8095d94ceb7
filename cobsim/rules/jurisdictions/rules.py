"""The jurisdiction rules: note rules that say in the trace which law governed a coverage's order.

* One note rule per state profile with an ``order`` section (``nj.order_rules``...), built from the profile's data:
  its title, summary and citations are the state's own. Switching it off (knock-out) switches the state's profile
  off: its plans fall back to the default profile.
* ``jurisdiction.plan_document`` and ``jurisdiction.fehb_contract``: self-funded ERISA plans and FEHB plans follow
  their own documents, not state COB law.
* ``jurisdiction.editions_disagree``: two plans on different editions order the pair differently; the documented
  choice that settles it.

They are consulted by the order rules (through :class:`cobsim.rules.context.Context`) and add no annotations of
their own at the end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cobsim.rules import citations as c
from cobsim.rules.base import Annotation, Authority, Rule, RuleKind, rule
from cobsim.rules.jurisdictions.governance import FEHB_RULE, PLAN_DOCUMENT_RULE
from cobsim.rules.jurisdictions.profiles import Profile, profiles

if TYPE_CHECKING:
    from cobsim.model.case import Coverage
    from cobsim.rules.context import Context


def _no_annotations(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """Jurisdiction rules speak through notes recorded while the pairs are ordered, not at the end."""
    return []


@rule(
    PLAN_DOCUMENT_RULE,
    title="A self-funded ERISA plan follows its plan document, not state COB law",
    kind=RuleKind.NOTE,
    authority=Authority.FEDERAL,
    cite=(c.ERISA_DEEMER, c.FMC_HOLLIDAY),
)
def plan_document(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """A self-funded ERISA plan is not deemed an insurer, so state laws regulating insurance - a state's COB
    regulation and its payment rules among them - do not reach it (29 U.S.C. 1144(b)(2)(B); FMC Corp. v. Holliday,
    498 U.S. 52 (1990)). It orders and pays by its plan document: the edition the document names, else the 2005
    NAIC model most plan documents copy."""
    return []


@rule(
    FEHB_RULE,
    title="An FEHB plan follows its OPM contract, not state COB law",
    kind=RuleKind.NOTE,
    authority=Authority.FEDERAL,
    cite=(c.FEHB_PREEMPTION, c.FEHB_COB),
)
def fehb_contract(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """The terms of an FEHB contract on coverage and benefits preempt state law (5 U.S.C. 8902(m)(1)); FEHB plans
    coordinate by their OPM contract, which follows the NAIC order."""
    return []


EDITIONS_CHOICE = (
    "Two plans on different editions of the order rules each order the pair by their own rules (MDL-120 §6D); "
    "when they disagree, the engine decides the pair by the rules both editions share, read as the older edition "
    "words them: a rule only one plan has is ignored, as the model ignores the active/retired and continuation "
    "rules when the other plan lacks them and the plans disagree (§6D(3)(b), §6D(4)(b)), and where one plan uses "
    "the gender rule, the gender rule decides (N.J.A.C. 11:4-28.6(b)4)."
)


@rule(
    "jurisdiction.editions_disagree",
    title="Plans on different editions disagree: the rules both editions share decide",
    kind=RuleKind.NOTE,
    authority=Authority.STATE,
    cite=(c.NAIC_EACH_PLAN, c.NAIC_RULE_IGNORED, c.NJ_GENDER_PREVAILS),
    choice=EDITIONS_CHOICE,
    clauses=("gender",),
)
def editions_disagree(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """Each plan determines its order of benefits by its own rules (MDL-120 §6D), so a plan insured in a
    pre-2005 state and a plan on the 2005 model can disagree. Where they do, a rule only one edition has gives way,
    as the model itself ignores a rule the other plan lacks when the plans disagree (§6D(3)(b), §6D(4)(b)); New
    Jersey settles the gender-rule conflict in favour of the gender rule (N.J.A.C. 11:4-28.6(b)4)."""
    return []


def _state_rule(prof: Profile) -> Rule:
    assert prof.order is not None
    return Rule(
        id=prof.order.rule,
        title=prof.order.title,
        kind=RuleKind.NOTE,
        authority=Authority.STATE,
        citations=tuple(spec.citation(prof.order.rule) for spec in prof.order.cite),
        func=_no_annotations,
        summary=" ".join(prof.order.summary.split()),
    )


#: The note rule of each state profile with an order section, by state code.
STATE_RULES: dict[str, Rule] = {code: _state_rule(p) for code, p in profiles().items() if p.order is not None}

NOTES: tuple[Rule, ...] = (
    plan_document,
    fehb_contract,
    editions_disagree,
    *(STATE_RULES[code] for code in sorted(STATE_RULES)),
)
