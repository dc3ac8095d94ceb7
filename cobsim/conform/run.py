"""Run an engine under test over fixture cases and grade every answer: pass, fail, error or skip.

* ``pass``: the payer order matches, and every amount the engine gave matches within the tolerance.
* ``fail``: a wrong order, or an amount beyond the tolerance (the engine worked, and its answer is wrong).
* ``error``: the engine is broken on this case: crash, time-out, oversized or unparseable output, an answer for
  another case id, or the engine's own "error" answer.
* ``skip``: the case needs a rule family the engine declared it does not support.

Results name cases and rules by their stable ids, never by position.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from cobsim.conform.engines import Engine, EngineError
from cobsim.errors import InvalidInput
from cobsim.rules.base import RuleKind
from cobsim.rules.registry import RULES_BY_ID

Status = Literal["pass", "fail", "error", "skip"]
STATUSES: tuple[Status, ...] = ("pass", "fail", "error", "skip")
DECIDING = (RuleKind.PARTICIPATION, RuleKind.ORDER)
PAYING = (RuleKind.PAYMENT,)
ALWAYS_SUPPORTED = frozenset({"coordination"})  #: families every engine must handle (in force, covered service)


@dataclass
class Fixture:
    """One fixture case: what the engine is sent, and what cobsim expects."""

    case: dict[str, Any]  #: the case without ``expected``
    expected: dict[str, Any]
    where: str

    @property
    def id(self) -> str:
        return str(self.case.get("id"))

    @property
    def scenario(self) -> str:
        meta = self.case.get("meta") or {}
        return str(meta.get("scenario") or "-")

    @property
    def rules(self) -> list[str]:
        return [r for r in self.expected.get("rules", []) if r in RULES_BY_ID]

    @property
    def families(self) -> set[str]:
        return {RULES_BY_ID[r].family for r in self.rules} - ALWAYS_SUPPORTED


def read_fixtures(path: Path) -> Iterator[Fixture]:
    """Fixture cases from a JSONL file or a fixture ZIP (its ``cases.jsonl``).

    Raises:
        InvalidInput: the file is missing or not a fixture file; a line is not a case with an expected order.
    """
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            if "cases.jsonl" not in zf.namelist():
                raise InvalidInput(f"{path}: a ZIP without cases.jsonl is not a cobsim fixture set")
            yield from _parse_lines(io.TextIOWrapper(zf.open("cases.jsonl"), encoding="utf-8"), str(path))
        return
    with path.open(encoding="utf-8") as text:
        yield from _parse_lines(text, str(path))


def _parse_lines(lines: Any, name: str) -> Iterator[Fixture]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            data = json.loads(line)  # amounts are compared as Decimal(str(value)) when graded
        except ValueError as exc:
            raise InvalidInput(f"{where}: not JSON ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("expected"), dict):
            raise InvalidInput(f"{where}: a fixture is a case object with an 'expected' answer")
        expected = data.pop("expected")
        if not isinstance(expected.get("order"), list) or "id" not in data:
            raise InvalidInput(f"{where}: a fixture needs an 'id' and an expected 'order'")
        yield Fixture(data, expected, where)


@dataclass
class Result:
    """The grade of one case."""

    id: str
    scenario: str
    status: Status
    reason: str
    rules: list[str]
    expected: dict[str, Any]
    actual: Any = None
    diff: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def broken(self) -> list[str]:
        """The rules the engine broke: the deciding rules for a wrong order, the payment methods for wrong amounts."""
        if self.status != "fail":
            return []
        order_wrong = any(d.startswith("order") for d in self.diff)
        return [r for r in self.rules if RULES_BY_ID[r].kind in (DECIDING if order_wrong else PAYING)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "scenario": self.scenario,
            "status": self.status,
            "reason": self.reason,
            "diff": self.diff,
            "expected": _plain(self.expected),
            "actual": _plain(self.actual),
            "rules": [_rule(r) for r in self.rules],
            "broken_rules": [_rule(r) for r in self.broken],
        }


def _rule(rule_id: str) -> dict[str, str]:
    rule = RULES_BY_ID[rule_id]
    return {"id": rule_id, "title": rule.title, "citation": str(rule.citation)}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise ValueError(value)
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(value) from None


def grade(fixture: Fixture, answer: Any, tolerance: Decimal) -> tuple[Status, str, list[str]]:
    """Grade one answer against the fixture's expected answer."""
    if not isinstance(answer, dict):
        return "error", "the answer is not a JSON object", []
    if answer.get("id") != fixture.id:
        return "error", f"the answer is for case {answer.get('id')!r}, not {fixture.id!r}", []
    if "error" in answer:
        return "error", f"the engine reported an error: {str(answer['error'])[:200]}", []
    order = answer.get("order")
    if not isinstance(order, list) or not all(isinstance(c, str) for c in order):
        return "error", "the answer has no 'order' list of coverage ids", []
    diff: list[str] = []
    want = [str(c) for c in fixture.expected["order"]]
    if order != want:
        diff.append(f"order: expected {' > '.join(want) or '(none)'}, got {' > '.join(order) or '(none)'}")
    try:
        paid = {str(k): _amount(v) for k, v in (answer.get("payments") or {}).items()}
        owes = None if answer.get("patient_owes") is None else _amount(answer["patient_owes"])
    except (ValueError, AttributeError):
        return "error", "the answer's payments are not amounts", []
    for cov, amount in (fixture.expected.get("payments") or {}).items():
        if cov in paid and abs(paid[cov] - Decimal(str(amount))) > tolerance:
            diff.append(f"{cov} pays: expected {amount}, got {paid[cov]}")
    exp_owes = fixture.expected.get("patient_owes")
    if owes is not None and exp_owes is not None and abs(owes - Decimal(str(exp_owes))) > tolerance:
        diff.append(f"patient owes: expected {exp_owes}, got {owes}")
    if diff:
        return "fail", diff[0], diff
    return "pass", "matches", []


@dataclass
class Run:
    """A whole run: engine, settings and the result of every case, in fixture order."""

    engine: dict[str, Any]
    fixtures: str
    tolerance: Decimal
    results: list[Result]
    seconds: float
    engine_seconds: float

    def counts(self) -> Counter[str]:
        return Counter(r.status for r in self.results)


def _one_by_one(engine: Engine, cases: Iterator[tuple[int, dict[str, Any]]]) -> Iterator[tuple[int, Any]]:
    for index, case in cases:
        try:
            yield index, engine.answer(case)
        except EngineError as exc:
            yield index, exc


def run(
    engine: Engine,
    fixtures: Iterator[Fixture],
    *,
    source: str,
    tolerance: Decimal = Decimal("0.00"),
    on_result: Callable[[Result], None] | None = None,
) -> Run:
    """Send every fixture to ``engine`` and grade the answers; an engine fault never stops the run."""
    started = time.perf_counter()
    results: list[Result | None] = []
    held: dict[int, Fixture] = {}
    supported = engine.handshake.families

    def to_send() -> Iterator[tuple[int, dict[str, Any]]]:
        for fx in fixtures:
            index = len(results)
            missing = sorted(fx.families - supported) if supported is not None else []
            if missing:
                results.append(Result(fx.id, fx.scenario, "skip", f"needs {', '.join(missing)}", fx.rules, fx.expected))
                continue
            results.append(None)
            held[index] = fx
            yield index, fx.case

    answers = getattr(engine, "answers", None)
    stream = answers(to_send()) if answers is not None else _one_by_one(engine, to_send())
    engine_time = 0.0
    last = time.perf_counter()
    for index, reply in stream:
        now = time.perf_counter()
        spent, last = now - last, now
        engine_time += spent
        fx = held.pop(index)
        diff: list[str] = []
        status: Status
        answer = None if isinstance(reply, EngineError) else reply
        if isinstance(reply, EngineError):
            status, reason = "error", str(reply)
        else:
            status, reason, diff = grade(fx, reply, tolerance)
        result = Result(fx.id, fx.scenario, status, reason, fx.rules, fx.expected, answer, diff, spent)
        results[index] = result
        if on_result is not None:
            on_result(result)
    done = [r for r in results if r is not None]
    hs = engine.handshake
    return Run(
        {"name": hs.name, "version": hs.version, "families": sorted(hs.families) if hs.families else None},
        source,
        tolerance,
        done,
        time.perf_counter() - started,
        engine_time,
    )
