"""The kit's fast paths give exactly what the general ones give: orjson where it reads and writes what the json
module does (else the json module), the short grading of a right answer, the report lines, the tallies."""

from __future__ import annotations

import importlib
import json
import math
import random
import struct
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import orjson
import pytest

from cobsim.conform import PythonEngine, Reply, read_fixtures, run
from cobsim.conform.engines import decode
from cobsim.conform.fixtures import Fixture, FixtureError, _check_fixture, _no_constant, _normal, _parse, _text
from cobsim.conform.grading import Settings
from cobsim.conform.protocol import PROTOCOL_1, PROTOCOL_2, Handshake, amount, message
from cobsim.conform.report import _XML_BAD, Recorder, _a, _spool_line
from cobsim.conform.run import Result, grade_reply
from cobsim.conform.text import SLOW, PlainMessage, clean, dumps_line, has_float, loads, plain_numbers, read
from tests.conform.common import ENGINES, generate

run_module = importlib.import_module("cobsim.conform.run")  # the package's "run" is the function
V2: dict[str, Any] = {"protocol": PROTOCOL_2, "name": "t", "statuses": ["determined", "shared", "indeterminate"]}


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    path = generate(tmp_path_factory.mktemp("fast") / "f.jsonl", 300, 11, payments="mixed", shared=2)
    return path.read_bytes().splitlines(keepends=True)


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types and the same key order all the way down (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def json_line(data: Any) -> bytes:
    return (json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


# -------------------------------------------------------------------------------------------------- reading

EDGES = [
    b'{"id": "a", "expected": {"order": []}}\n',  # spaces: not as orjson writes it
    b'{"id":"a","n":18446744073709551615,"m":-9223372036854775808}\n',  # the 64-bit ends: integers both ways
    b'{"id":"a","n":18446744073709551616}\n',  # beyond: orjson would read a float
    b'{"id":"a","n":-9223372036854775809}\n',
    b'{"id":"a","n":1e400}\n',
    b'{"id":"a","n":NaN}\n',
    b'{"id":"a","f":[0.1,2.5,1e+16,1e-05,1e-07,0.0001,-0.0,5e-324]}\n',
    b'{"id":"a","f":[0.1,2.5]}\n',
    b'{"id":"a","s":"\\ud800"}\n',  # a lone surrogate: json reads it, orjson does not
    b'\xef\xbb\xbf{"id":"a"}\n',
    b'{"id":"a","id":"b"}\n',
    b'{"id":"a","u":"\xc3\xa9 \xe2\x80\xa8 \\u0001 \\"q\\" \\\\"}\n',
    b'{"id":"a","x":' + b"[" * 254 + b"]" * 254 + b"}\n",
    b'{"id":"a","x":' + b"[" * 300 + b"]" * 300 + b"}\n",
    b'{"id":"a","x":' + b"[" * 990 + b"]" * 990 + b"}\n",
    b'{"expected":{"order":["c"]},"id":"a"}\n',
    b'{"id":"a","expected":{"order":["c"]}}',
    b'{"id":"a","x":{"expected":1},"expected":{"expected":2},"y":{"expected":3}}\n',
    b'{"id":"a"}\r\n',
    b"[1,2]\n",
    b'"text"\n',
    b"\xff\n",
]


def json_reading(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        return type(exc)


def test_a_fixture_line_is_read_by_orjson_only_as_the_json_module_reads_it(lines: list[bytes]) -> None:
    fast = 0
    for raw in [*lines, *EDGES]:
        data, rest, plain = read(raw, "expected")
        if data is SLOW:
            assert raw not in lines or b'", "' in raw, "a generated line is not read by orjson"
            continue
        fast += 1
        assert same(data, json_reading(raw)), raw[:80]
        if isinstance(data, dict) and "expected" in data:
            case = {k: v for k, v in data.items() if k != "expected"}
            assert rest == json_line(case)[:-1]
        else:
            assert rest is None
        if plain:
            assert orjson.dumps(data) + b"\n" == json_line(data)
    assert fast >= len(lines) - 2  # the two shared cases are written with spaces (json.dumps, sort_keys)
    for raw in (EDGES[2], EDGES[3], EDGES[4], EDGES[5], EDGES[8], EDGES[13], EDGES[14], EDGES[0]):
        assert read(raw)[0] is SLOW, raw[:60]
    assert read(EDGES[6])[2] is False  # small floats: json writes them otherwise
    assert read(EDGES[7])[2] is True


def old_parse(raw: bytes, where: str) -> Fixture:
    """How a fixture line was read before orjson: the json module, then the same checks."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FixtureError(f"{where}: the line is not UTF-8 text") from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise FixtureError(f"{where}: the JSON is nested too deeply") from None
    except ValueError as exc:
        raise FixtureError(f"{where}: not JSON ({clean(exc, 120)})") from None
    return _check_fixture(data, where)


def outcome(parse: Any, raw: bytes) -> Any:
    try:
        fx = parse(raw, "f:1")
    except FixtureError as exc:
        return str(exc)
    return (fx.case, fx.expected, fx.where)


def test_a_fixture_line_gives_the_same_fixture_or_error_either_way(lines: list[bytes]) -> None:
    for raw in [*lines[:50], *EDGES]:
        assert same(outcome(_parse, raw), outcome(old_parse, raw)), raw[:80]


def test_the_properties_worked_out_at_once_are_those_asked_for_later(lines: list[bytes]) -> None:
    for raw in lines:
        eager = _parse(raw, "f:1")
        lazy = Fixture(eager.case, eager.expected, "f:1")
        for name in ("id", "scenario", "status", "order", "rules", "order_rules", "payment_rules", "families"):
            assert getattr(eager, name) == getattr(lazy, name), name
        assert (eager.has_amounts, eager.clean_ids) == (lazy.has_amounts, lazy.clean_ids)


def test_expected_amounts_are_written_as_their_decimal_writes_them() -> None:
    rng = random.Random(5)
    for _ in range(20000):
        text: Any = rng.choice(["", "-"]) + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 13)))
        if rng.random() < 0.7:
            text += "." + "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 7)))
        if rng.random() < 0.1:
            text = rng.choice([12, 12.5, "1e5", True, None, "NaN"])
        want: Any
        got: Any
        try:
            want = str(amount(_text(text), "the expected payment of c"))
        except ValueError as exc:
            want = str(exc)
        try:
            got = _normal(text, "c")
        except ValueError as exc:
            got = str(exc)
        assert got == want, text


# -------------------------------------------------------------------------------------------------- answers


def json_answer(raw: bytes) -> Any:
    return json.loads(raw.decode("utf-8"), parse_float=Decimal)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"id":"a","order":["x","y"],"payments":{"x":"1.00"},"patient_owes":"0.00"}',
        b'{"id": "a", "order": ["x"], "payments": {"x": 12.5}}',
        b'{"id":"a","order":["x"],"n":123456789012345678901234567890}',
        b'{"id":"a","n":-9223372036854775808}',
        b'{"id":"a","x":' + b"[" * 260 + b"]" * 260 + b"}",
        b'{"id":"a","s":"\\ud800"}',
        b'{"id":"a","e":1E5}',
        b"[]",
        b"null",
    ],
)
def test_an_answer_is_read_by_orjson_only_without_floats_and_as_json_reads_it(raw: bytes) -> None:
    data = loads(raw)
    if data is SLOW:
        return
    assert not has_float(data)
    assert same(data, json_answer(raw))
    assert same(decode(raw).data, json_answer(raw))


def test_decode_gives_the_same_reply_either_way() -> None:
    for raw in (b'{"id":"a","payments":{"x":12.50}}', b'{"id":"a","n":1e999}', b"{bad", b'{"a":NaN}', b"\xff"):
        reply = decode(raw)
        assert reply.error is not None or same(reply.data, json_answer(raw))


# -------------------------------------------------------------------------------------------------- writing

WRITTEN = [
    {"track": "order", "case": {"id": "a", "n": [1, -2, 0.5, 1e16, True, None, 'é\u2028\x01"\\']}},
    {"f": 1e-05},
    {"f": [8.53e-05, -5.5e-08, 1e-300]},
    {"f": float("inf")},
    {"f": float("nan")},
    {"n": 2**70},
    {"n": -(2**64)},
    {1: "int key"},
    {"deep": [[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]},
    [1, 2, "three"],
    "text",
    {"e": "1e-5 is text", "n": "null"},
]


@pytest.mark.parametrize("data", WRITTEN)
def test_a_message_is_the_bytes_the_json_module_writes(data: Any) -> None:
    assert dumps_line(data) == json_line(data)


def test_a_message_with_a_lone_surrogate_fails_as_before() -> None:
    with pytest.raises(UnicodeEncodeError):
        json_line({"s": "\ud800"})
    with pytest.raises(UnicodeEncodeError):
        dumps_line({"s": "\ud800"})


def test_small_floats_are_never_taken_as_plain() -> None:
    rng = random.Random(3)
    for k in range(40000):
        value = rng.uniform(-1, 1) * 10 ** rng.randint(-320, 308)
        if k % 2:
            value = struct.unpack("d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        if not math.isfinite(value):
            continue
        written = orjson.dumps({"v": [value]})
        if written != json.dumps({"v": [value]}, separators=(",", ":")).encode():
            assert not plain_numbers(written), written


@pytest.mark.parametrize("protocol", [PROTOCOL_1, PROTOCOL_2])
@pytest.mark.parametrize("track", ["order", "payments"])
def test_a_message_made_from_the_line_is_the_one_json_writes(lines: list[bytes], protocol: str, track: Any) -> None:
    ref = {"order": ["a", "b"], "status": "determined", "ranks": [["a"], ["b"]], "not_taking_part": ["c"]}
    for raw in lines[:60]:
        fx = _parse(raw, "f:1")
        assert fx.plain
        assert fx.case_bytes is not None
        reference = ref if track == "payments" else None
        made = message(fx.case, track, protocol, reference, plain=True, case_bytes=fx.case_bytes)
        assert isinstance(made, PlainMessage)
        assert made.line is not None
        assert made == message(fx.case, track, protocol, reference)
        assert dumps_line(made) == json_line(message(fx.case, track, protocol, reference))


# -------------------------------------------------------------------------------------------------- grading


def answers(fx: Fixture, rng: random.Random) -> list[dict[str, Any]]:
    """The right answer and variations on it: each either passes exactly or is for the full grading."""
    exp = fx.expected
    right: dict[str, Any] = {"id": fx.id, "status": fx.status, "order": list(fx.order)}
    if fx.status != "determined":
        right["coverages"] = list(fx.order)
    if exp.get("payments"):
        right["payments"] = dict(exp["payments"])
        right["patient_owes"] = exp.get("patient_owes")
    out = [right, {k: v for k, v in right.items() if k != "status"}, {**right, "note": "extra"}]
    out.append({k: v for k, v in right.items() if k not in ("payments", "patient_owes")})
    out.append({**right, "coverages": list(fx.order)})
    out.append({**right, "order": list(reversed(fx.order))})
    out.append({**right, "id": fx.id + "x"})
    out.append({**right, "error": "no"})
    out.append({**right, "status": "shared"})
    out.append({**right, "order": [*fx.order, "z"]})
    out.append({k: v for k, v in right.items() if k != "order"})
    out.append({**right, "coverages": ["a\x01b"]})
    out.append({**right, "coverages": "x"})
    if exp.get("payments"):
        cov = rng.choice(list(exp["payments"]))
        out.append({**right, "payments": {**exp["payments"], cov: str(Decimal(exp["payments"][cov]) + 1)}})
        out.append({**right, "payments": {**exp["payments"], cov: float(exp["payments"][cov])}})
        out.append({**right, "payments": {**exp["payments"], "other": "0.00"}})
        out.append({**right, "patient_owes": None})
        out.append({**right, "patient_owes": "0"})
        out.append({**right, "patient_owes": 0})
        out.append({k: v for k, v in right.items() if k != "payments"})
        out.append({**right, "payments": {k: "0" + v for k, v in exp["payments"].items()}})
    else:
        out.append({**right, "payments": {fx.order[0] if fx.order else "x": "1.00"}})
        out.append({**right, "patient_owes": "0.00"})
    return out


def unclean(raw: bytes) -> bytes:
    """The fixture line with its first expected coverage id renamed to one the report shows escaped or cut."""
    data = json.loads(raw)
    if not data["expected"]["order"]:
        return raw
    old = data["expected"]["order"][0]
    new = old + ("\\u0007" if len(raw) % 2 else "y" * 100)  # a JSON escape of BEL, or too long
    return raw.replace(f'"{old}"'.encode(), f'"{new}"'.encode())


SETTINGS = [
    {},
    {"protocol": PROTOCOL_1},
    {"conventions": {"allowable_expense": "naic"}},
    {"conventions": {"rounding": {"mode": "half_even"}}},
    {"tolerance": Decimal("0.01")},
    {"statuses": ["determined"]},
]


@pytest.mark.parametrize("how", SETTINGS)
def test_the_short_path_grades_exactly_as_the_full_grading(
    lines: list[bytes], how: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    how = dict(how)
    tolerance = how.pop("tolerance", Decimal("0.00"))
    settings = Settings.of(Handshake.parse({**V2, **how}), "order", tolerance)
    rng = random.Random(7)
    cases: list[tuple[Fixture, Reply]] = []
    for raw in [*lines[:120], *(unclean(raw) for raw in lines[:30])]:
        fx = _parse(raw, "f:1")
        for answer in answers(fx, rng):
            text = json.dumps(answer)
            cases.append((fx, decode(text.encode())))
    fast = [grade_reply(fx, i, reply, settings, 0.25) for i, (fx, reply) in enumerate(cases)]
    short = sum(1 for r in fast if r.status == "pass")
    monkeypatch.setattr(run_module, "_right", lambda *args: None)
    full = [grade_reply(fx, i, reply, settings, 0.25) for i, (fx, reply) in enumerate(cases)]
    assert short > 100
    for a, b in zip(fast, full, strict=True):
        assert a.as_dict() == b.as_dict()
        assert (a.answer_text, a.answer_raw, a.case, a.plain, a.rule_set) == (
            b.answer_text,
            b.answer_raw,
            b.case,
            b.plain,
            b.rule_set,
        )
        assert (a.counted(), a.families(), a.broken) == (b.counted(), b.families(), b.broken)


# -------------------------------------------------------------------------------------------------- reports


def naive_results(path: Path) -> list[Result]:
    engine = PythonEngine(f"{ENGINES / 'naive_engine.py'}:answer")
    return run(engine, read_fixtures(path)).results


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[Result]:
    path = generate(tmp_path_factory.mktemp("naive") / "f.jsonl", 200, 4, payments="mixed", shared=2)
    return naive_results(path)


def test_a_report_line_by_orjson_is_the_line_json_writes(results: list[Result]) -> None:
    assert {r.status for r in results} >= {"pass", "fail"}
    for r in results:
        rec = r.fields()
        for seconds in (0.0, 1e-05, 0.000123, 1.5, 123.456789, 12345678.0):
            for inline in (None, b'{"id":"x","order":[]}'):
                assert _spool_line(dict(rec), seconds, inline, True) == _spool_line(dict(rec), seconds, inline, False)


def test_by_rule_and_by_family_count_as_each_result_says(tmp_path: Path, results: list[Result]) -> None:
    recorder = Recorder(tmp_path / "out")
    for r in results:
        recorder(r)
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    by_family: dict[str, Counter[str]] = defaultdict(Counter)
    for r in results:
        for rule, status in r.counted():
            by_rule[rule][status] += 1
        for fam, status in r.families().items():
            by_family[fam][status] += 1
        if not r.rules and (r.parts or r.status == "error"):
            by_family["(no rule)"][r.status] += 1
    assert dict(recorder.by_rule) == dict(by_rule)
    assert dict(recorder.by_family) == dict(by_family)


def test_junit_attributes_are_what_quoteattr_writes() -> None:
    rng = random.Random(9)
    chars = [chr(c) for c in range(0x250)] + ["\u2028", "\ud800", "\udfff", "\ufffe", "\uffff", "\U0001d11e"]
    for _ in range(50000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 6)))
        assert _a(text) == quoteattr(_XML_BAD.sub("\ufffd", text)), repr(text)
    assert _a(12) == quoteattr("12")
