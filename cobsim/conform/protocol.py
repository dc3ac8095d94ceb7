"""The conformance protocol: the handshake, the message the kit sends for each case, and the answer it reads.

Two versions are spoken; an engine chooses by the ``protocol`` of its handshake.

``cobsim-conform/1``
    Handshake ``{"protocol": "cobsim-conform/1", "name", "version", "families"}``. Each message is the bare case
    (cobsim's case format without ``expected``). The answer is ``{"id", "order", "payments"?, "patient_owes"?}``
    or ``{"id", "error"}``. A /1 engine cannot say that an order is indeterminate or shared, so those cases are
    graded ``skip``; it takes part in the order track only.

``cobsim-conform/2``
    Handshake ``{"protocol": "cobsim-conform/2", "name", "version", "families", "tracks", "statuses",
    "conventions"}``:

    * ``tracks``: ``["order"]`` (the default), ``["payments"]`` or both. In the *order* track the engine decides
      the payer order (and may give amounts). In the *payments* track it is given cobsim's reference order and is
      graded on amounts only - for engines that take the order from their user, as most billing systems do.
    * ``statuses``: which of ``determined``, ``shared`` and ``indeterminate`` the engine can answer (default: all
      three). A case whose expected status the engine declared it cannot say is graded ``skip``.
    * ``conventions``: see :mod:`cobsim.conform.conventions`.

    Each message is ``{"track": "order", "case": CASE}`` or ``{"track": "payments", "case": CASE, "reference":
    {"order": [...], "status": "...", "ranks": [[...], ...], "not_taking_part": [...]}}`` (``ranks``: payers
    by rank, coverages that share a rank equally together). The answer::

        {"id": CASE_ID, "status": "determined" | "shared" | "indeterminate",
         "order": [COVERAGE_ID, ...], "coverages": [COVERAGE_ID, ...],
         "payments": {COVERAGE_ID: "12.34"}, "patient_owes": "5.00"}

    ``status`` defaults to ``determined``; ``coverages`` names the coverages concerned by ``shared`` (those
    sharing a rank) or ``indeterminate`` (those it cannot order); ``order`` is required for ``determined`` and
    ``shared`` (the sharing coverages adjacent, in any order among themselves); ``payments`` is required in the
    payments track. ``{"id", "error": "why"}`` says the engine cannot answer. Answers are matched to cases by
    ``id``.

Amounts are JSON strings or numbers with at most 12 digits before the point and 6 after, optionally negative;
``NaN``, infinities and exponents are refused (the case is an ``error``).
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import orjson

from cobsim.conform.conventions import Conventions
from cobsim.conform.text import PlainMessage, clean

PROTOCOL_1 = "cobsim-conform/1"
PROTOCOL_2 = "cobsim-conform/2"
PROTOCOLS = (PROTOCOL_1, PROTOCOL_2)
PROTOCOL = PROTOCOL_2  #: the current version

Track = Literal["order", "payments"]
TRACKS: tuple[Track, ...] = ("order", "payments")
STATUSES = ("determined", "shared", "indeterminate")
_AMOUNT = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,6})?")


class ProtocolError(ValueError):
    """A handshake or an answer that does not follow the protocol (the sentence says what and where)."""


@dataclass
class Handshake:
    """What an engine says of itself."""

    name: str
    version: str = "?"
    families: frozenset[str] | None = None  #: rule families it supports; None: all
    protocol: str = PROTOCOL_1
    tracks: tuple[Track, ...] = ("order",)
    statuses: frozenset[str] = frozenset({"determined"})
    conventions: Conventions = field(default_factory=Conventions)

    @classmethod
    def parse(cls, data: Any) -> Handshake:
        """A handshake from its JSON object.

        Raises:
            ProtocolError: not a handshake of a known protocol version, or a field of the wrong shape.
        """
        if not isinstance(data, dict) or data.get("protocol") not in PROTOCOLS:
            raise ProtocolError(
                f"the handshake must be a JSON object with a known protocol, {' or '.join(map(repr, PROTOCOLS))}"
            )
        protocol = str(data["protocol"])
        fams = data.get("families")
        if fams is not None and not (isinstance(fams, list) and all(isinstance(f, str) for f in fams)):
            raise ProtocolError('"families" must be a list of rule family names or null')
        name, version = data.get("name", "unnamed"), data.get("version", "?")
        if not isinstance(name, str) or not isinstance(version, str):
            raise ProtocolError('"name" and "version" must be strings')
        hs = cls(clean(name, 100), clean(version, 50), frozenset(fams) if fams else None, protocol)
        if protocol == PROTOCOL_1:
            return hs
        tracks = data.get("tracks", ["order"])
        if not isinstance(tracks, list) or not tracks or not set(tracks) <= set(TRACKS):
            raise ProtocolError(f'"tracks" must be a non-empty list of {list(TRACKS)}')
        statuses = data.get("statuses", list(STATUSES))
        if not isinstance(statuses, list) or "determined" not in statuses or not set(statuses) <= set(STATUSES):
            raise ProtocolError(f'"statuses" must list "determined" and any of {list(STATUSES[1:])}')
        try:
            conventions = Conventions.parse(data.get("conventions"))
        except ValueError as exc:
            raise ProtocolError(str(exc)) from None
        hs.tracks = tuple(t for t in TRACKS if t in tracks)
        hs.statuses = frozenset(statuses)
        hs.conventions = conventions
        return hs

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "protocol": self.protocol,
            "families": sorted(self.families) if self.families else None,
            "tracks": list(self.tracks),
            "statuses": [s for s in STATUSES if s in self.statuses],
            "conventions": self.conventions.as_dict(),
        }


def message(
    case: dict[str, Any],
    track: Track,
    protocol: str,
    reference: dict[str, Any] | None,
    *,
    plain: bool = False,
    case_bytes: bytes | None = None,
) -> dict[str, Any]:
    """What the kit sends an engine for one case. ``plain``: a :class:`~cobsim.conform.text.PlainMessage`, for a
    case (and reference) whose numbers orjson writes as json does; ``case_bytes``: the case as json writes it
    (compact, not ASCII-only), which the message's line is then made of."""
    if not plain:
        if protocol == PROTOCOL_1:
            return case
        out: dict[str, Any] = {"track": track, "case": case}
        if track == "payments":
            out["reference"] = reference
        return out
    plain_out = PlainMessage(case) if protocol == PROTOCOL_1 else PlainMessage(track=track, case=case)
    if protocol != PROTOCOL_1 and track == "payments":
        plain_out["reference"] = reference
    if case_bytes is not None:
        with contextlib.suppress(orjson.JSONEncodeError):  # else the general path writes it
            plain_out.line = _line(case_bytes, track, protocol, reference)
    return plain_out


def _line(case_bytes: bytes, track: Track, protocol: str, reference: dict[str, Any] | None) -> bytes:
    """The line of a message, from the case already written: what ``json.dumps`` writes for the message."""
    if protocol == PROTOCOL_1:
        return case_bytes + b"\n"
    head = b'{"track":"order","case":' if track == "order" else b'{"track":"payments","case":'
    if track != "payments":
        return head + case_bytes + b"}\n"
    return head + case_bytes + b',"reference":' + orjson.dumps(reference) + b"}\n"


def amount(value: Any, what: str) -> Decimal:
    """An amount of an answer, strictly parsed.

    Raises:
        ProtocolError: not a decimal amount (``NaN``, ``1e999999999``, ``true``, a list ...).

    Examples:
        >>> amount("12.30", "x")
        Decimal('12.30')
        >>> amount("NaN", "A pays")
        Traceback (most recent call last):
        ...
        cobsim.conform.protocol.ProtocolError: A pays is not an amount: 'NaN'
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise ProtocolError(f"{what} is not an amount: {clean(json.dumps(value, default=str), 60)}")
    text = str(value)
    if not _AMOUNT.fullmatch(text):
        raise ProtocolError(f"{what} is not an amount: {clean(repr(text), 60)}")
    return Decimal(text)


@dataclass
class Answer:
    """An engine's answer to one case, checked for shape (not yet graded)."""

    id: str
    status: str = "determined"
    order: list[str] | None = None
    coverages: list[str] | None = None
    payments: dict[str, Decimal] | None = None
    patient_owes: Decimal | None = None
    error: str | None = None  #: the engine said it cannot answer


def _ids(value: Any, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise ProtocolError(f"the answer's {what!r} is not a list of coverage ids")
    return [clean(c, 100) for c in value]


def _amounts(pays: dict[Any, Any]) -> dict[str, Decimal]:
    out = {}
    for k, v in pays.items():
        key = clean(k, 100)
        if type(v) is str and _AMOUNT.fullmatch(v):
            out[key] = Decimal(v)  # what amount() gives, without the sentence it would need for a bad one
        else:
            out[key] = amount(v, f"the payment of {clean(k, 60)}")
    return out


def parse_answer(data: Any, case_id: str, protocol: str, track: Track) -> Answer:
    """Check an answer's shape for the case ``case_id``.

    Raises:
        ProtocolError: the answer is not for this case, or not an answer (the sentence says which part).
    """
    if not isinstance(data, dict):
        raise ProtocolError("the answer is not a JSON object")
    if data.get("id") != case_id:
        raise ProtocolError(f"the answer is for case {clean(repr(data.get('id')), 100)}, not {case_id!r}")
    if "error" in data:
        return Answer(case_id, error=clean(data["error"]))
    status = data.get("status", "determined")
    if protocol == PROTOCOL_1:
        status = "determined"
    elif status not in STATUSES:
        raise ProtocolError(f"the answer's status {clean(repr(status), 60)} is not one of {list(STATUSES)}")
    answer = Answer(case_id, status)
    order = data.get("order")
    if order is not None:
        answer.order = _ids(order, "order")
    elif track == "order" and status != "indeterminate":
        raise ProtocolError("the answer has no 'order' list of coverage ids")
    coverages = data.get("coverages")
    if coverages is not None:
        answer.coverages = _ids(coverages, "coverages")
    pays = data.get("payments")
    if pays is not None:
        if not isinstance(pays, dict):
            raise ProtocolError("the answer's 'payments' is not an object of coverage id -> amount")
        answer.payments = _amounts(pays)
    elif track == "payments":
        raise ProtocolError("a payments-track answer needs 'payments'")
    owes = data.get("patient_owes")
    if owes is not None:
        answer.patient_owes = amount(owes, "'patient_owes'")
    return answer
