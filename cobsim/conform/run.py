"""Run an engine under test over fixture cases and grade every answer: pass, fail, error or skip.

* ``pass``: every part graded matches (the payer order and status; the amounts, within the tolerance and any
  declared convention).
* ``fail``: the engine worked, and a part of its answer is wrong.
* ``error``: the engine is broken on this case: crash, time-out, oversized, undecodable or malformed answer, a stray
  answer line, or the engine's own "error" answer.
* ``skip``: nothing could be graded: the case needs a rule family or a status the engine declared it does not
  support, has nothing to grade on the track, or its amounts rest on a convention the engine declared otherwise.

Results name cases and rules by their stable ids, never by position. :func:`run` hands each result to
``on_result`` in fixture order as soon as it is known (so a report can be streamed to disk) and keeps them only when
asked to.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cobsim.conform.engines import Engine, Reply
from cobsim.conform.fixtures import Fixture, FixtureError, RuleSet
from cobsim.conform.grading import (
    DECIDING,
    STATUSES,
    Diff,
    Settings,
    Status,
    grade,
    reference_message,
    skip_before_sending,
)
from cobsim.conform.protocol import PROTOCOL_2, Answer, Track, message
from cobsim.conform.text import clean
from cobsim.rules.registry import RULES_BY_ID

#: Order of severity when one family or rule gets several statuses in one case.
_SEVERITY = {"error": 3, "fail": 2, "pass": 1, "skip": 0}


@dataclass
class Result:
    """The grade of one case, with what is needed to report it."""

    index: int
    id: str
    scenario: str
    where: str
    track: str
    status: Status
    reason: str
    expected: dict[str, Any]
    rules: list[str]
    order_rules: list[str]
    payment_rules: list[str]
    parts: dict[str, Status] = field(default_factory=dict)
    diffs: list[Diff] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    said: dict[str, Any] | None = None  #: the graded fields of the answer (status, order, payments ...)
    answer_text: str | None = None  #: the whole answer as received (JSON text)
    answer_raw: str | None = None  #: the start of an answer that could not be decoded
    seconds: float = 0.0
    case: dict[str, Any] | None = None  #: the case sent (kept only for failing cases, to shrink them)
    rule_set: RuleSet | None = None  #: the fixture's rules, worked out once (results with the same are tallied)
    plain: bool = False  #: the fixture's numbers allow writing its report line with orjson

    @property
    def broken(self) -> list[str]:
        """The rules the engine broke: the deciding rules for a wrong order or status, and the payment method of
        each payer whose amount differs."""
        if self.status != "fail":
            return []
        out: list[str] = []
        if any(d.part == "order" for d in self.diffs):
            out += [r for r in self.rules if RULES_BY_ID[r].kind in DECIDING]
        for d in self.diffs:
            if d.rule is not None and d.rule not in out:
                out.append(d.rule)
        return out

    def counted(self) -> list[tuple[str, Status]]:
        """(rule id, status) for the by-rule table: each rule under the part it belongs to, and only when that part
        was graded (or is what the track required, for an error or a skip before sending)."""
        if self.status == "error" or not self.parts:
            rules = self.order_rules if self.track == "order" else self.payment_rules
            return [(r, self.status) for r in rules]
        out: list[tuple[str, Status]] = []
        if "order" in self.parts:
            out += [(r, self.parts["order"]) for r in self.order_rules]
        if "amounts" in self.parts:
            status = self.parts["amounts"]
            blamed = {d.rule for d in self.diffs if d.part == "amounts" and d.coverage is not None}
            for r in self.payment_rules:
                if status == "fail" and r not in blamed and None not in blamed:
                    out.append((r, "pass"))
                else:
                    out.append((r, status))
        return out

    def families(self) -> dict[str, Status]:
        """The status of each rule family of the case, for the by-family table (parts not graded do not count)."""
        if self.status == "error" or not self.parts:
            rules = self.order_rules if self.track == "order" else self.payment_rules
            pairs = [(r, self.status) for r in rules]
        else:
            pairs = [(r, self.parts["order"]) for r in self.order_rules if "order" in self.parts]
            pairs += [(r, self.parts["amounts"]) for r in self.payment_rules if "amounts" in self.parts]
        out: dict[str, Status] = {}
        for rule, status in pairs:
            fam = RULES_BY_ID[rule].family
            if fam not in out or _SEVERITY[status] > _SEVERITY[out[fam]]:
                out[fam] = status
        return out

    def as_dict(self) -> dict[str, Any]:
        out = self.fields()
        out["seconds"] = round(self.seconds, 6)
        return out

    def fields(self) -> dict[str, Any]:
        """:meth:`as_dict` but ``seconds`` (a report writes the time on its own)."""
        return {
            "index": self.index,
            "id": self.id,
            "scenario": self.scenario,
            "where": self.where,
            "track": self.track,
            "status": self.status,
            "reason": self.reason,
            "parts": dict(self.parts),
            "diff": [d.as_dict() for d in self.diffs],
            "notes": list(self.notes),
            "expected": self.expected,
            "answer": self.said,
            "rules": list(self.rules),
            "broken_rules": self.broken if self.status == "fail" else [],
        }


def _said(answer: Answer | None) -> dict[str, Any] | None:
    if answer is None:
        return None
    out: dict[str, Any] = {"status": answer.status}
    if answer.error is not None:
        return {"error": answer.error}
    if answer.order is not None:
        out["order"] = answer.order[:50]
    if answer.coverages is not None:
        out["coverages"] = answer.coverages[:50]
    if answer.payments is not None:
        out["payments"] = {k: str(v) for k, v in list(answer.payments.items())[:50]}
    if answer.patient_owes is not None:
        out["patient_owes"] = str(answer.patient_owes)
    return out


@dataclass
class Run:
    """A whole run: engine, settings, counts, and (when kept) the result of every case in fixture order."""

    engine: dict[str, Any]
    source: str
    settings: Settings
    counts: Counter[str]
    results: list[Result]
    seconds: float
    engine_seconds: float
    fatal: str | None = None  #: why the run stopped early (a broken fixture set)

    def summary(self) -> dict[str, Any]:
        graded = self.counts["pass"] + self.counts["fail"] + self.counts["error"]
        return {
            "cases": sum(self.counts[s] for s in STATUSES),
            **{s: self.counts[s] for s in STATUSES},
            "graded": graded,
            "pass_rate": round(self.counts["pass"] / graded, 4) if graded else None,
            "seconds": round(self.seconds, 3),
            "engine_seconds": round(self.engine_seconds, 3),
        }


def _result(fx: Fixture, index: int, track: str, status: Status, reason: str) -> Result:
    rules = fx.rule_set
    return Result(
        index,
        fx.id,
        fx.scenario,
        fx.where,
        track,
        status,
        reason,
        fx.expected,
        rules.rules,
        rules.order_rules,
        rules.payment_rules,
        rule_set=rules,
        plain=fx.plain,
    )


def _shown(ids: Any, fx: Fixture) -> bool:
    """``ids`` is a list of coverage ids that :func:`clean` leaves as they are (the answer shows them unchanged)."""
    if ids == fx.order:
        return fx.clean_ids
    return type(ids) is list and all(type(c) is str and len(c) <= 100 and c.isprintable() for c in ids)


def _right(fx: Fixture, reply: Reply, settings: Settings) -> Result | None:
    """The pass of a right answer in the order track of cobsim-conform/2, found without the full grading (which
    parses the answer and compares part by part); None for anything else (the full grading decides).

    It takes only answers the full grading passes with exactly this result: the expected status (determined or
    indeterminate), the expected order, and the expected amounts as the fixture writes them (or none), every id as
    the report shows it."""
    data = reply.data
    if reply.notes or type(data) is not dict or settings.track != "order" or settings.protocol != PROTOCOL_2:
        return None
    status = data.get("status", "determined")
    if data.get("id") != fx.id or "error" in data or status != fx.status:
        return None
    order, coverages = data.get("order"), data.get("coverages")
    if status == "determined":
        if order != fx.order or not fx.clean_ids:
            return None
    elif status != "indeterminate" or (order is not None and not _shown(order, fx)):
        return None
    if coverages is not None and not _shown(coverages, fx):
        return None
    said: dict[str, Any] = {"status": status}
    if order is not None:
        said["order"] = order[:50]
    if coverages is not None:
        said["coverages"] = coverages[:50]
    pays, owes = data.get("payments"), data.get("patient_owes")
    parts: dict[str, Status] = {"order": "pass"}
    notes = []
    if pays is not None:
        # the amounts as the fixture writes them (each the text of its Decimal): equal, so within any tolerance
        if (
            not fx.has_amounts
            or settings.conventions.allowable_expense != "per_case"
            or pays != (fx.expected.get("payments") or {})
            or (owes is not None and owes != fx.expected.get("patient_owes"))
            or not fx.clean_ids
            or len(pays) > 50
        ):
            return None
        parts["amounts"] = "pass"
        said["payments"] = dict(pays)
        if owes is not None:
            said["patient_owes"] = owes
    elif owes is not None:
        return None
    elif fx.has_amounts:
        notes.append("amounts not answered")
    result = _result(fx, -1, "order", "pass", "matches (amounts not answered)" if notes else "matches")
    result.parts, result.notes, result.said = parts, notes, said
    return result


def grade_reply(fx: Fixture, index: int, reply: Reply, settings: Settings, seconds: float = 0.0) -> Result:
    """The result of one reply; a fault of the kit's own grading is the case's error, never an exception."""
    right = _right(fx, reply, settings)
    if right is not None:
        right.index, right.answer_text, right.answer_raw, right.seconds = index, reply.text, reply.raw, seconds
        return right
    try:
        g = grade(fx, reply, settings)
    except Exception as exc:  # a bug of the kit must not end the run; the case shows it
        result = _result(
            fx,
            index,
            settings.track,
            "error",
            f"the kit could not grade this answer ({type(exc).__name__}: {clean(exc)})",
        )
    else:
        result = _result(fx, index, settings.track, g.status, g.reason)
        result.parts, result.diffs, result.notes, result.said = g.parts, g.diffs, g.notes, _said(g.answer)
    result.answer_text, result.answer_raw, result.seconds = reply.text, reply.raw, seconds
    if result.status == "fail":
        result.case = fx.case
    return result


def run(
    engine: Engine,
    fixtures: Iterable[Fixture],
    *,
    source: str = "",
    track: Track = "order",
    tolerance: Decimal = Decimal("0.00"),
    on_result: Callable[[Result], None] | None = None,
    keep: bool = True,
) -> Run:
    """Send every fixture to ``engine`` and grade the answers; an engine fault never stops the run.

    A broken fixture set (:class:`FixtureError` while reading) stops it: no case is sent after the bad line, the
    cases before it are graded, and :attr:`Run.fatal` says why.

    Raises:
        ValueError: ``track`` is not one the engine takes part in.
    """
    hs = engine.handshake
    if track not in hs.tracks:
        raise ValueError(f"the engine takes part in the {' and '.join(hs.tracks)} track(s), not the {track} track")
    settings = Settings.of(hs, track, tolerance)
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    kept: list[Result] = []
    held: dict[int, Fixture] = {}
    done: dict[int, Result] = {}
    emitted = 0
    total = 0

    def emit() -> None:
        nonlocal emitted
        while emitted in done:
            result = done.pop(emitted)
            emitted += 1
            counts[result.status] += 1
            if keep:
                kept.append(result)
            if on_result is not None:
                on_result(result)

    fatal = None

    def read() -> Iterator[Fixture]:
        """The fixtures; a broken fixture set ends them (the cases in flight are still graded)."""
        nonlocal fatal
        try:
            yield from fixtures
        except FixtureError as exc:
            fatal = str(exc)

    def to_send() -> Iterator[tuple[int, str, dict[str, Any]]]:
        nonlocal total
        for fx in read():
            index = total
            total += 1
            why = skip_before_sending(fx, settings)
            if why is not None:
                done[index] = _result(fx, index, track, "skip", why)
                continue
            held[index] = fx
            ref = reference_message(fx) if track == "payments" else None
            yield index, fx.id, message(fx.case, track, hs.protocol, ref, plain=fx.plain, case_bytes=fx.case_bytes)

    engine_time = 0.0
    clock = time.perf_counter
    last = clock()
    for index, reply in engine.answers(to_send()):
        now = clock()
        spent, last = now - last, now
        engine_time += spent
        result = grade_reply(held.pop(index), index, reply, settings, spent)
        if index == emitted and not done:  # the usual: the next in order, nothing else waiting
            emitted += 1
            counts[result.status] += 1
            if keep:
                kept.append(result)
            if on_result is not None:
                on_result(result)
        else:
            done[index] = result
            emit()
    emit()
    return Run(
        {**hs.as_dict(), **engine.describe()},
        source,
        settings,
        counts,
        kept,
        time.perf_counter() - started,
        engine_time,
        fatal,
    )
