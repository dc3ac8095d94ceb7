"""Jurisdictions: the state whose law governs each coverage, and each state's dated choices as data.

A case's ``state`` (or a coverage's ``situs``) selects a profile from ``profiles/*.yaml``: New Jersey, New York,
Texas, Washington, Michigan, Kansas, California, with the NAIC model (MDL-120, 2005) as the default. Self-funded
ERISA plans and FEHB plans follow their own documents instead of state law. See :mod:`.profiles` for the data
format, :mod:`.governance` for who is governed by what, and :mod:`.rules` for how the trace names the law used.
"""

from __future__ import annotations

from cobsim.rules.jurisdictions.governance import (
    FEHB_RULE,
    PLAN_DOCUMENT_RULE,
    Governance,
    auto_entry,
    auto_profile,
    case_edition,
    edition_override,
    forum,
    govern,
    secondary_payment,
    state_profile,
)
from cobsim.rules.jurisdictions.profiles import (
    ALLOWED,
    CHOICE_TITLES,
    DEFAULT,
    ChoiceEntry,
    ChoiceKey,
    Profile,
    has_profile,
    lookup,
    profile,
    profiles,
)
from cobsim.rules.jurisdictions.rules import (
    EDITIONS_CHOICE,
    NOTES,
    STATE_RULES,
    editions_disagree,
    fehb_contract,
    plan_document,
)

__all__ = [
    "ALLOWED",
    "CHOICE_TITLES",
    "DEFAULT",
    "EDITIONS_CHOICE",
    "FEHB_RULE",
    "NOTES",
    "PLAN_DOCUMENT_RULE",
    "STATE_RULES",
    "ChoiceEntry",
    "ChoiceKey",
    "Governance",
    "Profile",
    "auto_entry",
    "auto_profile",
    "case_edition",
    "edition_override",
    "editions_disagree",
    "fehb_contract",
    "forum",
    "govern",
    "has_profile",
    "lookup",
    "plan_document",
    "profile",
    "profiles",
    "secondary_payment",
    "state_profile",
]
