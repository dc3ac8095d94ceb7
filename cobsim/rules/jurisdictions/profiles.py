"""Jurisdiction profiles: each state's dated choices, read from YAML and validated at load.

A profile says, for one state, how its law answers the questions where states differ: which edition of the NAIC
order rules its insured plans follow, how its insured plans pay as secondary, how its courts reconcile two
"excess" clauses, and the state's no-fault options. Each answer is a list of dated entries (from / until, by the
service date or by the auto policy's issue date), and each entry carries the sentence a trainee reads and the
primary sources behind it. The default profile (``NAIC``) is the NAIC model regulation (MDL-120, 2005); a state
profile lists only what differs from it, and a question a state profile does not answer falls back to the default.

The files live beside this module in ``profiles/`` and are read with :mod:`importlib.resources`.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cobsim.errors import CobsimError
from cobsim.model.codes import Confidence, RuleSet
from cobsim.rules.base import Citation, SourceKind
from cobsim.rules.yamlfile import safe_load

DEFAULT = "NAIC"
"""The code of the default profile: the NAIC model regulation, used wherever no state profile applies."""

ChoiceKey = Literal[
    "order_edition",
    "secondary_payment",
    "two_excess_clauses",
    "coordinated_pip",
    "pip_reform_2019",
    "pip_health_primary_election",
    "motorcycle_owner_operator_pip",
]

#: The values each choice may take.
ALLOWED: dict[str, frozenset[str]] = {
    "order_edition": frozenset(r.value for r in RuleSet),
    "secondary_payment": frozenset({"edition_default", "nj_28_7", "wa_284_51_230"}),
    "two_excess_clauses": frozenset({"indeterminate", "employee_plan_first", "share_equally"}),
    "coordinated_pip": frozenset({"health_plan_first"}),
    "pip_reform_2019": frozenset({"available"}),
    "pip_health_primary_election": frozenset({"available"}),
    "motorcycle_owner_operator_pip": frozenset({"not_primary"}),
}

#: The questions the default profile must answer (the rest are state options that do not exist by default).
DEFAULT_ANSWERS = ("order_edition", "secondary_payment", "two_excess_clauses")

#: What each choice is about, for listings (``cobsim rules --state NJ``).
CHOICE_TITLES: dict[str, str] = {
    "order_edition": "Edition of the order-of-benefit rules for insured plans",
    "secondary_payment": "How an insured plan pays when it is secondary",
    "two_excess_clauses": "Two plans that both say they are secondary ('excess' clauses)",
    "coordinated_pip": "Coordinated no-fault PIP: the health plan pays first",
    "pip_reform_2019": "2019 no-fault reform: PIP medical choices by policy date",
    "pip_health_primary_election": "Health insurance primary election for auto injuries",
    "motorcycle_owner_operator_pip": "Auto insurance and a motorcycle's owner-operator",
}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class CiteSpec(_Model):
    """A source as written in a profile file."""

    source: str = Field(min_length=3)
    pinpoint: str = Field(min_length=1)
    url: str | None = None
    confidence: Literal["V", "M", "S", "D", "U"] = "V"
    kind: Literal["statute", "regulation", "model", "court", "agency_manual", "payer", "secondary"] = Field(
        "regulation", description="what kind of source it is (the profiles shipped with cobsim always say)"
    )

    def citation(self, *clauses: str) -> Citation:
        """The citation, backing the clauses named (a state order rule's own id)."""
        return Citation(
            self.source, self.pinpoint, self.url, Confidence(self.confidence), SourceKind(self.kind), frozenset(clauses)
        )


class ChoiceEntry(_Model):
    """One dated answer of a state to one question."""

    value: str
    from_: date | None = Field(None, alias="from", description="first date the answer applies (None: every date)")
    until: date | None = Field(None, description="last date the answer applies (None: still in force)")
    dated_by: Literal["service_date", "policy_date"] = Field(
        "service_date", description="which date selects the entry: the claim's service date or the policy's issue date"
    )
    text: str = Field(min_length=20, description="the law in a sentence or two")
    cite: tuple[CiteSpec, ...] = Field(min_length=1)
    note: str | None = Field(None, description="what the entry leaves out, or why its dates are what they are")

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c.citation() for c in self.cite)

    def applies(self, on: date) -> bool:
        return (self.from_ is None or self.from_ <= on) and (self.until is None or on <= self.until)

    def span(self) -> str:
        """The entry's dates in words: "from 2003-01-01", "until 2020-07-01", "always"."""
        by = " (by the policy's issue or renewal date)" if self.dated_by == "policy_date" else ""
        if self.from_ is None and self.until is None:
            return "all dates" + by
        if self.until is None:
            return f"from {self.from_}{by}"
        if self.from_ is None:
            return f"until {self.until}{by}"
        return f"{self.from_} to {self.until}{by}"


class OrderSection(_Model):
    """The state's order-of-benefit regulation: becomes a note rule that names the state in the trace."""

    rule: str = Field(pattern=r"^[a-z]{2}\.[a-z0-9_]+$")
    title: str = Field(min_length=10)
    summary: str = Field(min_length=40)
    cite: tuple[CiteSpec, ...] = Field(min_length=1)


class Profile(_Model):
    """One jurisdiction's profile."""

    code: str = Field(pattern=r"^(NAIC|[A-Z]{2})$")
    name: str = Field(min_length=2)
    summary: str = Field(min_length=40)
    order: OrderSection | None = None
    choices: dict[ChoiceKey, tuple[ChoiceEntry, ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> Self:
        for key, entries in self.choices.items():
            if not entries:
                raise ValueError(f"choice '{key}' has no entries")
            allowed = ALLOWED[key]
            previous: ChoiceEntry | None = None
            for i, e in enumerate(entries, 1):
                if e.value not in allowed:
                    raise ValueError(
                        f"choice '{key}' entry {i}: value '{e.value}' is not one of {', '.join(sorted(allowed))}"
                    )
                if e.from_ is not None and e.until is not None and e.until < e.from_:
                    raise ValueError(f"choice '{key}' entry {i}: it ends ({e.until}) before it starts ({e.from_})")
                if previous is not None:
                    if previous.dated_by != e.dated_by:
                        raise ValueError(f"choice '{key}': every entry must be dated by the same date")
                    if previous.until is None or e.from_ is None or e.from_ <= previous.until:
                        raise ValueError(f"choice '{key}' entry {i}: entries must be oldest first and must not overlap")
                previous = e
        return self

    @property
    def is_default(self) -> bool:
        return self.code == DEFAULT

    def entry(self, key: ChoiceKey, on: date) -> ChoiceEntry | None:
        """This profile's own entry for ``key`` in force on ``on`` (None: the profile does not answer then)."""
        for e in self.choices.get(key, ()):
            if e.applies(on):
                return e
        return None


@cache
def profiles() -> dict[str, Profile]:
    """Every profile by code ("NAIC" for the default, else the state's two-letter code), validated.

    Raises:
        CobsimError: a profile file is malformed (the message names the file and the problem).

    Examples:
        >>> profiles()["NJ"].name
        'New Jersey'
    """
    out: dict[str, Profile] = {}
    folder = resources.files(__package__).joinpath("profiles")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml"):
            prof = parse_profile(item.name, item.read_text(encoding="utf-8"))
            out[prof.code] = prof
    if DEFAULT not in out:
        raise CobsimError("the default jurisdiction profile (naic.yaml) is missing")
    missing = [k for k in DEFAULT_ANSWERS if k not in out[DEFAULT].choices]
    if missing:
        raise CobsimError(f"the default profile must answer {', '.join(missing)}")
    return out


def parse_profile(filename: str, text: str) -> Profile:
    """Read and validate one profile file.

    Raises:
        CobsimError: the file is not YAML, breaks the profile format, or declares a code other than its name's.
    """
    try:
        prof = Profile.model_validate(safe_load(text))
    except yaml.YAMLError as exc:
        raise CobsimError(f"jurisdiction profile {filename} is not valid YAML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'profile'}: {err['msg']}" for err in exc.errors()
        )
        raise CobsimError(f"jurisdiction profile {filename} is not valid: {problems}") from None
    expected = filename.removesuffix(".yaml").upper()
    if prof.code != expected:
        raise CobsimError(f"jurisdiction profile {filename} declares code '{prof.code}'; expected '{expected}'")
    return prof


def profile(code: str | None) -> Profile:
    """The profile of state ``code``; the default profile for None or a state without a profile."""
    table = profiles()
    if code is None:
        return table[DEFAULT]
    return table.get(code, table[DEFAULT])


def has_profile(code: str | None) -> bool:
    return code is not None and code != DEFAULT and code in profiles()


def lookup(prof: Profile, key: ChoiceKey, on: date) -> tuple[Profile, ChoiceEntry | None]:
    """The entry for ``key`` on ``on``: the state's own if it answers then, else the default profile's.

    Returns the profile that answered (the default when the state is silent) and its entry.
    """
    own = prof.entry(key, on)
    if own is not None:
        return prof, own
    default = profiles()[DEFAULT]
    return default, default.entry(key, on)
