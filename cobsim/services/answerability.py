"""Is a question answerable from what the trainee sees?

For a question built on a case, every fact of the case the screen does *not* show (its key is not in
``question.shown``) is perturbed or reset, one at a time and then all together, and the case is solved again: the
right answer must not change. A fact the trainee cannot see must not decide the answer.

Perturbations are chosen to cross every threshold a rule reads: employer sizes of 5, 19, 20, 99, 100 and 500 this
year and last, the weeks of the 20-employee test, a decree known or not and since when, a parent's own coverage
starting earlier or later, an earlier period of a plan, the other rule edition, another state, every benefit field,
allowed and billed amounts, Medicare entitlement by disability or kidney failure. A perturbation that makes the
case invalid is skipped (and counted).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any, Protocol

from pydantic import ValidationError

from cobsim.engine import solve
from cobsim.model.case import Case
from cobsim.model.codes import RuleSet
from cobsim.trace import Determination

Data = dict[str, Any]
Edit = Callable[[Data], None]
KeyOf = Callable[[Case, Determination], Hashable | None]


@dataclass
class Check:
    """The outcome for one question."""

    tried: int = 0  #: perturbed cases solved
    invalid: int = 0  #: perturbations the case model refused
    hidden: tuple[str, ...] = ()  #: keys of facts not on screen
    failures: list[tuple[str, str, object, object]] = field(default_factory=list)  #: (key, what, right, got)

    @property
    def answerable(self) -> bool:
        return not self.failures


def _mutable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _mutable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_mutable(v) for v in obj]
    return obj


def _d(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _find(items: list[Data], key: str, value: str) -> Data | None:
    return next((x for x in items if x.get(key) == value), None)


# ------------------------------------------------------------------------------------------------ the catalogue


def all_keys(case: Case) -> set[str]:
    """Every perturbable fact of a case, by key."""
    keys = {
        "case:ruleset",
        "case:state",
        "claim:emergency",
        "claim:va",
        "claim:lines",
        "employment",
        "household:coverage",
    }
    for p in case.people:
        keys.add(f"person:{p.id}:medicare")
    for e in case.employers:
        keys |= {f"employer:{e.id}:history", f"employer:{e.id}:now"}
    for m in case.multi_employer_plans:
        keys.add(f"mep:{m.id}")
    patient = case.claim.patient
    arr = case.arrangement(patient)
    if arr is not None and arr.decree is not None:
        keys.add(f"custody:{patient}:knowledge")
    for c in case.coverages:
        if c.member != patient:
            continue
        keys |= {f"cov:{c.id}:history", f"cov:{c.id}:benefits", f"cov:{c.id}:network"}
        if c.relationship.value != "self":
            keys.add(f"cov:{c.id}:since")
    return keys


def edits(case: Case, key: str, rng: random.Random) -> Iterator[tuple[str, Edit]]:
    """Named edits of one fact (applied to the case's data)."""
    on = case.claim.service_date
    kind, _, rest = key.partition(":")
    if key == "case:ruleset":
        other = RuleSet.PRE_2005 if case.ruleset is RuleSet.NAIC_2005 else RuleSet.NAIC_2005
        value = other.value

        def ruleset(d: Data) -> None:
            d["ruleset"] = value

        yield f"ruleset {value}", ruleset
        return
    if key == "case:state":
        for st in ("NJ", "MI", "NY", None):
            if st != case.state:

                def state(d: Data, st: str | None = st) -> None:
                    d["state"] = st

                yield f"state {st}", state
        return
    if key == "claim:emergency":
        yield "emergency flipped", lambda d: d["claim"].__setitem__("emergency", not d["claim"].get("emergency", False))
        return
    if key == "claim:va":
        yield (
            "VA authorized flipped",
            lambda d: d["claim"].__setitem__("va_authorized", not d["claim"].get("va_authorized", False)),
        )
        yield (
            "service connected flipped",
            lambda d: d["claim"].__setitem__("service_connected", not d["claim"].get("service_connected", False)),
        )
        return
    if key == "claim:lines":
        yield from _line_edits(case, rng)
        return
    if key == "employment":

        def employment(d: Data) -> None:
            for e in d.get("employment", []):
                e["status"] = rng.choice(("active", "retired", "laid_off", "terminated"))

        yield "employment records changed", employment
        return
    if key == "household:coverage":
        yield from _household_edits(case)
        return
    if kind == "person":
        pid = rest.split(":")[0]
        yield from _medicare_edits(case, pid, on)
        return
    if kind == "employer":
        eid, _, what = rest.partition(":")
        if what == "now":
            for n in (5, 19, 20, 99, 100, 500):

                def now(d: Data, n: int = n) -> None:
                    e = _find(d["employers"], "id", eid)
                    assert e is not None
                    e["employees"] = n

                yield f"{eid} employees now {n}", now
        else:
            yield from _size_history_edits(eid, on)
        return
    if kind == "mep":

        def flip(d: Data) -> None:
            m = _find(d["multi_employer_plans"], "id", rest)
            assert m is not None
            m["small_employer_exception"] = not m.get("small_employer_exception", False)

        yield f"{rest} small-employer exception flipped", flip
        plan = case.multi_employer_plan(rest)
        for eid in plan.employers:
            yield from _size_history_edits(eid, on)
            for n in (5, 19, 20, 99, 100, 500):

                def member_now(d: Data, n: int = n, eid: str = eid) -> None:
                    e = _find(d["employers"], "id", eid)
                    assert e is not None
                    e["employees"] = n
                    e["history"] = []

                yield f"fund member {eid} employees {n}", member_now
        return
    if kind == "custody":
        yield from _knowledge_edits(case, on)
        return
    if kind == "cov":
        cid, _, what = rest.partition(":")
        if what == "since":
            yield from _since_edits(case, cid)
        elif what == "history":
            yield from _history_edits(case, cid)
        elif what == "benefits":
            yield from _benefit_edits(case, cid, rng)
        elif what == "network":

            def net(d: Data) -> None:
                c = _find(d["coverages"], "id", cid)
                assert c is not None
                b = c.setdefault("benefits", {}) or {}
                c["benefits"] = b
                b["network"] = "out" if b.get("network", "in") == "in" else "in"

            yield f"{cid} network flipped", net
        return


def _size_history_edits(eid: str, on: date) -> Iterator[tuple[str, Edit]]:
    for prev in (5, 19, 20, 99, 100, 500):
        for cur_weeks in (0, 19, 20, 52):

            def hist(d: Data, prev: int = prev, cur_weeks: int = cur_weeks) -> None:
                e = _find(d["employers"], "id", eid)
                assert e is not None
                e["history"] = [
                    {
                        "year": on.year - 1,
                        "typical_employees": prev,
                        "weeks_with_20_or_more": 52 if prev >= 20 else 0,
                    },
                    {
                        "year": on.year,
                        "typical_employees": e["employees"],
                        "weeks_with_20_or_more": cur_weeks,
                    },
                ]

            yield f"{eid} size last year {prev}, weeks this year {cur_weeks}", hist

    def reset(d: Data) -> None:
        e = _find(d["employers"], "id", eid)
        assert e is not None
        e["history"] = []

    yield f"{eid} size history removed", reset


def _knowledge_edits(case: Case, on: date) -> Iterator[tuple[str, Edit]]:
    patient = case.claim.patient
    arr = case.arrangement(patient)
    if arr is None or arr.decree is None:
        return
    covs = [c.id for c in case.coverages if c.member == patient]

    def decree(d: Data) -> Data:
        a = _find(d["children"], "child", patient)
        assert a is not None
        out: Data = a["decree"]
        return out

    def none(d: Data) -> None:
        decree(d)["known_to"] = []

    yield "no plan knows of the decree", none
    for cid in covs:
        for since in (on - timedelta(days=400), on + timedelta(days=30)):
            for paid in (False, True):

                def know(d: Data, cid: str = cid, since: date = since, paid: bool = paid) -> None:
                    decree(d)["known_to"] = [
                        {"coverage": cid, "since": since, "benefits_paid_before_in_plan_year": paid}
                    ]

                yield f"{cid} knows since {since} (paid before: {paid})", know


def _since_edits(case: Case, cid: str) -> Iterator[tuple[str, Edit]]:
    cov = case.coverage(cid)
    for delta in (-4000, -400, 0, 400):
        when = cov.start + timedelta(days=delta)

        def since(d: Data, when: date = when) -> None:
            c = _find(d["coverages"], "id", cid)
            assert c is not None
            c["subscriber_since"] = when

        yield f"{cid} subscriber's own coverage since {when}", since


def _history_edits(case: Case, cid: str) -> Iterator[tuple[str, Edit]]:
    cov = case.coverage(cid)
    member_birth = case.person(cov.member).birth_date
    for years in (1, 5, 15):
        start = cov.start - timedelta(days=365 * years)
        if start < member_birth:
            continue

        def add(d: Data, start: date = start) -> None:
            c = _find(d["coverages"], "id", cid)
            assert c is not None
            c["history"] = [{"start": start, "end": _d(c["start"]) - timedelta(days=1), "carrier": "Earlier Carrier"}]

        yield f"{cid} earlier period from {start}", add

    def reset(d: Data) -> None:
        c = _find(d["coverages"], "id", cid)
        assert c is not None
        c["history"] = []

    yield f"{cid} earlier periods removed", reset


#: Benefit fields and values to try (the provider's network has its own key, ``cov:<id>:network``: a
#: closed-panel card prints it even where no money is asked).
_BENEFIT_VALUES: dict[str, tuple[Any, ...]] = {
    "pricing": ("negotiated", "ucr"),
    "deductible": ("0.00", "250.00", "1500.00"),
    "deductible_met": ("0.00",),
    "coinsurance": ("0.1", "0.3"),
    "copay": ("0.00", "35.00"),
    "oop_max": (None, "500.00"),
    "method": (None, "non_duplication", "carve_out_remainder", "standard"),
    "allowable_expense": ("naic", "billed"),
    "participating": (True, False),
    "pays_medicare_deductible": (True, False),
    "reserve": ("0.00", "300.00"),
}


def _benefit_edits(case: Case, cid: str, rng: random.Random) -> Iterator[tuple[str, Edit]]:
    for fname, values in _BENEFIT_VALUES.items():
        for v in values:

            def set_field(d: Data, fname: str = fname, v: Any = v) -> None:
                c = _find(d["coverages"], "id", cid)
                assert c is not None
                b = c.get("benefits") or {}
                c["benefits"] = b
                b[fname] = v
                if fname == "deductible" and b.get("deductible_met") is not None and v is not None:
                    b["deductible_met"] = min(Decimal(str(b["deductible_met"])), Decimal(v))

            yield f"{cid} benefits {fname}={v}", set_field


def _line_edits(case: Case, rng: random.Random) -> Iterator[tuple[str, Edit]]:
    for i, line in enumerate(case.claim.lines):
        for factor in ("0.5", "1.5"):

            def billed(d: Data, i: int = i, factor: str = factor) -> None:
                ln = d["claim"]["lines"][i]
                ln["billed"] = (Decimal(str(ln["billed"])) * Decimal(factor)).quantize(Decimal("0.01"))
                for k, v in ln.get("allowed", {}).items():
                    ln["allowed"][k] = min(Decimal(str(v)), ln["billed"])

            yield f"line {line.id} billed x{factor}", billed
        for cid in line.allowed:

            def allowed(d: Data, i: int = i, cid: str = cid) -> None:
                ln = d["claim"]["lines"][i]
                ln["allowed"][cid] = (Decimal(str(ln["allowed"][cid])) * Decimal("0.5")).quantize(Decimal("0.01"))

            yield f"line {line.id} {cid} allowed halved", allowed


def _medicare_edits(case: Case, pid: str, on: date) -> Iterator[tuple[str, Edit]]:
    def setter(value: Any) -> Edit:
        def edit(d: Data) -> None:
            p = _find(d["people"], "id", pid)
            assert p is not None
            p["medicare"] = value

        return edit

    yield f"{pid} Medicare facts removed", setter(None)
    yield f"{pid} disability entitlement", setter({"disability_entitlement_start": on - timedelta(days=800)})
    for months in (2, 12, 40):
        start = on - timedelta(days=30 * months)
        yield f"{pid} dialysis from {start}", setter({"esrd": [{"dialysis_start": start}]})


def _household_edits(case: Case) -> Iterator[tuple[str, Edit]]:
    patient = case.claim.patient
    for c in case.coverages:
        if c.member == patient:
            continue
        if c.kind.value == "tricare":

            def flip(d: Data, cid: str = c.id) -> None:
                x = _find(d["coverages"], "id", cid)
                assert x is not None
                x["active_duty"] = not x.get("active_duty", False)

            yield f"{c.id} active duty flipped", flip

    others = [p.id for p in case.people if p.id != patient]
    if others:
        member = others[0]

        def add_medicaid(d: Data) -> None:
            d["coverages"].append(
                {
                    "id": "zz-household-medicaid",
                    "kind": "medicaid",
                    "member": member,
                    "subscriber": member,
                    "relationship": "self",
                    "start": case.claim.service_date - timedelta(days=30),
                }
            )

        yield "another household member on Medicaid", add_medicaid


# ------------------------------------------------------------------------------------------------ the check


def _clone(obj: Any) -> Any:
    """A copy of nested dicts and lists (their leaves - dates, Decimals, strings - are immutable)."""
    if isinstance(obj, dict):
        return {k: _clone(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_clone(v) for v in obj]
    return obj


def _apply(case: Case, data: Data, chosen: list[Edit]) -> Case | None:
    d: Data = _clone(data)
    for e in chosen:
        e(d)
    try:
        return Case.model_validate(d)
    except (ValidationError, ValueError, KeyError):
        return None


def check(
    case: Case,
    shown: frozenset[str],
    key_of: KeyOf,
    *,
    rng: random.Random,
    joint: int = 4,
    per_key: int | None = None,
) -> Check:
    """Perturb every hidden fact of ``case`` and re-solve; the key must not change.

    Args:
        case: the question's case.
        shown: keys on screen (printed or shown by silence).
        key_of: the right answer of the question for a case and its determination.
        rng: randomness for the joint perturbations and sampling.
        joint: how many perturbations change every hidden fact at once.
        per_key: at most this many edits per hidden fact (all when None).
    """
    det = solve(case)
    right = key_of(case, det)
    hidden = sorted(all_keys(case) - shown)
    out = Check(hidden=tuple(hidden))
    data = _mutable(case.model_dump(mode="python"))
    by_key: dict[str, list[tuple[str, Edit]]] = {}
    for key in hidden:
        options = list(edits(case, key, rng))
        if per_key is not None and len(options) > per_key:
            options = rng.sample(options, per_key)
        by_key[key] = options
        for what, edit in options:
            other = _apply(case, data, [edit])
            if other is None:
                out.invalid += 1
                continue
            out.tried += 1
            got = key_of(other, solve(other))
            if got != right:
                out.failures.append((key, what, right, got))
    keys_with_edits = [k for k, v in by_key.items() if v]
    for _ in range(joint if keys_with_edits else 0):
        chosen = [rng.choice(by_key[k])[1] for k in keys_with_edits]
        other = _apply(case, data, chosen)
        if other is None:
            out.invalid += 1
            continue
        out.tried += 1
        got = key_of(other, solve(other))
        if got != right:
            out.failures.append(("(all hidden facts at once)", "joint", right, got))
    return out


# ------------------------------------------------------------------------------------------------ a lesson's survey


@dataclass
class Survey:
    """Answerability of many questions of one lesson."""

    lesson: str
    questions: int = 0
    answerable: int = 0
    solves: int = 0
    invalid: int = 0
    failures: list[tuple[str, str, str, object, object]] = field(default_factory=list)  #: (question, key, edit, ...)

    @property
    def share(self) -> float:
        return self.answerable / self.questions if self.questions else 1.0


class _Quiz(Protocol):
    def question(self, lesson_id: str, class_code: int, index: int, *, attempt: int = 0) -> Any: ...


def survey(
    quiz: _Quiz,
    lesson_id: str,
    lesson_questions: int,
    count: int,
    *,
    key_of: Callable[[Any, Case, Determination], Hashable | None],
    per_key: int = 6,
) -> Survey:
    """Check ``count`` questions of a lesson (class codes 0, 1, 2... and every slot of each), deterministically.

    ``key_of(question, case, determination)`` is the quiz's own answer function (:func:`cobsim.services.quiz.key_of`).
    """
    out = Survey(lesson_id)
    code = 0
    while out.questions < count:
        for index in range(lesson_questions):
            if out.questions >= count:
                break
            q = quiz.question(lesson_id, code, index)
            result = check(
                q.case,
                q.shown,
                partial(key_of, q),
                rng=random.Random(code * 1000 + index),  # noqa: S311  (seeded on purpose: reproducible)
                per_key=per_key,
            )
            out.questions += 1
            out.solves += result.tried
            out.invalid += result.invalid
            if result.answerable:
                out.answerable += 1
            else:
                out.failures += [(q.id, k, what, right, got) for k, what, right, got in result.failures[:3]]
        code += 1
    return out


__all__ = ["Check", "Survey", "all_keys", "check", "edits", "survey"]
