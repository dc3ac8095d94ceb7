"""Building blocks of a rule: citations, outcomes and the ``Rule`` record.

A rule is a small pure function with an id and a citation. This module knows nothing of the facts a rule reads
(:mod:`cobsim.rules.context` imports it, never the reverse). There are three kinds:

* participation rules, ``(ctx, coverage) -> Excluded | None``: does this coverage take part in the claim at all?
* order rules, ``(ctx, a, b) -> Decided | Tie | Indeterminate | None``: which of two coverages pays first?
  ``None`` means "this rule does not speak to this pair"; the next rule in the registry is asked.
* note rules, ``(ctx, determination parts) -> notes``: facts a biller must know about a position
  (conditional Medicare payment, subrogation) that do not change the order.

Rules carry the authority behind them (federal law, state regulation, plan terms). When the pairwise answers
cannot all hold at once, the weaker answer gives way and the trace says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any, TypeAlias

from cobsim.model.codes import Confidence, CoverageKind, MemberRelationship, RuleSet


class SourceKind(StrEnum):
    """What kind of source a citation is; primary sources are listed first on a step."""

    STATUTE = "statute"  #: U.S. Code, state statutes
    REGULATION = "regulation"  #: CFR, state administrative codes
    MODEL = "model"  #: NAIC model regulations (cited by section)
    COURT = "court"  #: court decisions
    AGENCY_MANUAL = "agency_manual"  #: CMS, SSA POMS, TRICARE and VA manuals
    PAYER = "payer"  #: payer or contractor manuals and plan documents, where they are the ones that say it
    SECONDARY = "secondary"  #: other secondary sources, kept only where no primary source says it

    @property
    def rank(self) -> int:
        return list(SourceKind).index(self)

    @property
    def primary(self) -> bool:
        """A statute, regulation, NAIC model section, court decision or agency manual: not a payer's document or
        another secondary source."""
        return self.rank < SourceKind.PAYER.rank


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a rule comes from: the source, the pinpoint inside it, a URL and how sure we are of it.

    ``supports`` names the clauses - the reasons a rule gives - that this source backs: a rule id for the rule's
    main reason, ``rule.id#tag`` for another reason it can give. A step cites only the sources of the clause it
    used. An empty ``supports`` backs the main clause of every rule that lists the citation (every citation of
    the engine's own rules names its clauses; a test holds them to it).
    """

    source: str
    pinpoint: str
    url: str | None = None
    confidence: Confidence = Confidence.VERIFIED
    kind: SourceKind = SourceKind.REGULATION
    supports: frozenset[str] = frozenset()

    def backs(self, clause_id: str) -> bool:
        """Whether this source supports the clause ``clause_id`` (``rule.id`` or ``rule.id#tag``)."""
        if self.supports:
            return clause_id in self.supports
        return "#" not in clause_id

    def __str__(self) -> str:
        return f"{self.source} {self.pinpoint}".strip()

    def as_dict(self) -> dict[str, str | None]:
        return {
            "source": self.source,
            "pinpoint": self.pinpoint,
            "url": self.url,
            "confidence": self.confidence.value,
            "kind": self.kind.value,
        }


class RuleKind(StrEnum):
    PARTICIPATION = "participation"
    ORDER = "order"
    NOTE = "note"
    PAYMENT = "payment"


class Authority(IntEnum):
    """How binding a rule is when two answers conflict: federal law over state regulation over plan terms."""

    PLAN = 1
    STATE = 2
    FEDERAL = 3


# ------------------------------------------------------------------------------------------------- outcomes


@dataclass(frozen=True, slots=True)
class Decided:
    """Coverage ``first`` pays before coverage ``second``."""

    first: str
    second: str
    because: str
    choice: str | None = None  #: the documented choice used, where sources are silent or disagree
    clause: str = ""  #: which of the rule's reasons this is ("" for its main reason); picks the citations


@dataclass(frozen=True, slots=True)
class Tie:
    """No rule separates the two: they share the allowable expense equally."""

    because: str
    choice: str | None = None
    clause: str = ""


@dataclass(frozen=True, slots=True)
class Indeterminate:
    """The rules (or the facts given) cannot order the two; ``because`` says what is missing or in conflict."""

    because: str
    choice: str | None = None
    clause: str = ""


@dataclass(frozen=True, slots=True)
class Excluded:
    """The coverage does not take part in this claim."""

    because: str
    choice: str | None = None
    clause: str = ""


@dataclass(frozen=True, slots=True)
class Annotation:
    """A note rule's remark on a position: something the biller must know that does not change the order."""

    coverage: str
    text: str
    conditional: bool = False  #: the payer pays conditionally and recovers later
    clause: str = ""


OrderOutcome: TypeAlias = Decided | Tie | Indeterminate | None


# ------------------------------------------------------------------------------------------- what a rule reads

#: Every kind of coverage, every relationship of a member to a subscriber.
ANY_KIND: frozenset[CoverageKind] = frozenset(CoverageKind)
ANY_RELATIONSHIP: frozenset[MemberRelationship] = frozenset(MemberRelationship)


@dataclass(frozen=True, slots=True)
class Pairs:
    """A shape of pair an order rule can speak for: one coverage of a kind in ``one`` and the other of a kind in
    ``other`` (either way round), both covering the member in one of ``relationships``.

    An order rule lists the shapes it can speak for (``speaks_for``); the engine's rule index never puts a pair of
    another shape to it. The declaration is a promise about the rule's own guard - a test puts every pair of a
    large catalogue to every rule and fails if a rule speaks for a pair outside its shapes. A rule that declares
    nothing is asked for every pair.
    """

    one: frozenset[CoverageKind]
    other: frozenset[CoverageKind] = ANY_KIND
    relationships: frozenset[MemberRelationship] = ANY_RELATIONSHIP

    def fits(
        self, kind_a: CoverageKind, rel_a: MemberRelationship, kind_b: CoverageKind, rel_b: MemberRelationship
    ) -> bool:
        """Whether a pair of coverages of these kinds and relationships has this shape."""
        if rel_a not in self.relationships or rel_b not in self.relationships:
            return False
        return (kind_a in self.one and kind_b in self.other) or (kind_b in self.one and kind_a in self.other)


@dataclass(frozen=True)
class Rule:
    """A rule of the engine: id, citation, authority, and the function that applies it."""

    id: str
    title: str
    kind: RuleKind
    authority: Authority
    citations: tuple[Citation, ...]
    func: Callable[..., Any] = field(repr=False)
    rulesets: frozenset[RuleSet] = frozenset(RuleSet)
    choice: str | None = None  #: the documented choice this rule embodies, where sources are silent ([U])
    summary: str = ""
    extra_choices: tuple[str, ...] = ()  #: further documented choices some of its answers use
    clauses: tuple[str, ...] = ()  #: the tags of the reasons it gives besides its main one ("spouse", "e1")
    #: an order rule: the shapes of pair it can speak for (None: any pair); see :class:`Pairs`
    speaks_for: tuple[Pairs, ...] | None = field(default=None, repr=False)
    #: a participation rule: the kinds of coverage it can exclude (None: any kind)
    excludes: frozenset[CoverageKind] | None = field(default=None, repr=False)
    #: a participation rule: it can exclude a coverage only while a coverage of one of these kinds takes part; a
    #: note rule: it annotates only an order that holds a coverage of one of these kinds (None: whatever takes
    #: part; an empty set: a note rule that never annotates)
    needs: frozenset[CoverageKind] | None = field(default=None, repr=False)

    def may_speak(
        self, kind_a: CoverageKind, rel_a: MemberRelationship, kind_b: CoverageKind, rel_b: MemberRelationship
    ) -> bool:
        """Whether this order rule can speak for a pair of these kinds and relationships (its declaration)."""
        shapes = self.speaks_for
        return shapes is None or any(s.fits(kind_a, rel_a, kind_b, rel_b) for s in shapes)

    def may_exclude(self, kind: CoverageKind, taking_part: Iterable[CoverageKind] | None = None) -> bool:
        """Whether this participation rule can exclude a coverage of ``kind`` (its declaration), while coverages
        of ``taking_part`` kinds take part (when given)."""
        if self.excludes is not None and kind not in self.excludes:
            return False
        return taking_part is None or self.needs is None or not self.needs.isdisjoint(taking_part)

    @property
    def choices(self) -> tuple[str, ...]:
        """Every documented choice the rule may use, the main one first."""
        return ((self.choice,) if self.choice else ()) + self.extra_choices

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def citation(self) -> Citation:
        """The rule's leading source: the first primary source of its main reason."""
        return (self.citations_for("") or self.citations)[0]

    @property
    def clause_ids(self) -> tuple[str, ...]:
        """The ids of every reason the rule can give, its main reason first."""
        return (self.id, *(f"{self.id}#{tag}" for tag in self.clauses))

    def clause_id(self, clause: str = "") -> str:
        """The id of one of the rule's reasons: the rule id for its main reason, ``id#clause`` for another.

        Raises:
            ValueError: ``clause`` is not one of the tags the rule declares (a typo in a rule).
        """
        if not clause:
            return self.id
        if clause not in self.clauses:
            raise ValueError(
                f"rule {self.id} gives no reason '{clause}'; it declares {', '.join(self.clauses) or 'none'}"
            )
        return f"{self.id}#{clause}"

    def citations_for(self, clause: str = "") -> tuple[Citation, ...]:
        """The sources of one reason, primary sources first."""
        cid = self.clause_id(clause)
        return tuple(sorted((c for c in self.citations if c.backs(cid)), key=lambda c: c.kind.rank))


def _summary(func: Callable[..., Any]) -> str:
    doc = (func.__doc__ or "").strip()
    return " ".join(doc.split("\n\n", 1)[0].split())


def rule(
    rule_id: str,
    *,
    title: str,
    kind: RuleKind,
    authority: Authority,
    cite: tuple[Citation, ...],
    rulesets: frozenset[RuleSet] = frozenset(RuleSet),
    choice: str | None = None,
    extra_choices: tuple[str, ...] = (),
    clauses: tuple[str, ...] = (),
    speaks_for: tuple[Pairs, ...] | None = None,
    excludes: frozenset[CoverageKind] | None = None,
    needs: frozenset[CoverageKind] | None = None,
) -> Callable[[Callable[..., Any]], Rule]:
    """Decorate a function as a rule. The function's docstring's first paragraph is the rule's summary.

    ``clauses`` are the tags of the reasons the rule gives besides its main one; an outcome names the reason it
    gives (``Decided(..., clause="spouse")``) and a citation names the reasons it backs (``rule.id#spouse``).
    ``speaks_for`` (order rules), ``excludes`` and ``needs`` (participation rules; ``needs`` for note rules too)
    declare which pairs, coverages or orders the rule can answer for at all, so the engine's rule index asks it
    only about those; leave them out and the rule is asked about every pair, coverage or order."""
    if not cite:
        raise ValueError(f"rule {rule_id} needs at least one citation")
    if speaks_for is not None and kind is not RuleKind.ORDER:
        raise ValueError(f"rule {rule_id}: only an order rule declares the pairs it speaks for")
    if excludes is not None and kind is not RuleKind.PARTICIPATION:
        raise ValueError(f"rule {rule_id}: only a participation rule declares the kinds it excludes")
    if needs is not None and kind not in (RuleKind.PARTICIPATION, RuleKind.NOTE):
        raise ValueError(f"rule {rule_id}: only a participation or note rule declares the kinds it needs")

    def wrap(func: Callable[..., Any]) -> Rule:
        return Rule(
            id=rule_id,
            title=title,
            kind=kind,
            authority=authority,
            citations=cite,
            func=func,
            rulesets=rulesets,
            choice=choice,
            summary=_summary(func),
            extra_choices=extra_choices,
            clauses=clauses,
            speaks_for=speaks_for,
            excludes=excludes,
            needs=needs,
        )

    return wrap


ONLY_2005 = frozenset({RuleSet.NAIC_2005})
ONLY_PRE_2005 = frozenset({RuleSet.PRE_2005})
