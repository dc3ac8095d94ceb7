"""Mutated case documents and the judge that says whether cobsim's boundary handled them.

Shared by ``tests/test_fuzz.py`` (a few hundred documents in the suite, driven by hypothesis) and
``scripts/fuzz_boundaries.py`` (100,000 and more, by hand). A mutation starts from a valid case (an example or a
generated one) and changes one to three things in it - a value replaced by a hostile one, a key dropped or
added, a list emptied or repeated, dates moved across a birth, or the text itself cut, padded, re-encoded,
nested or given a duplicate key - so most documents are *almost* valid and reach deep into the checks.

The judge (:func:`judge`) reads the document through the library's one reader and says what happened:

* ``refused``: a :class:`cobsim.errors.CobsimError` with a printable, bounded message;
* ``accepted``: the case validates against the published schema (with formats, integers as JSON Schema
  defines them) and solves without any exception, and its determination serialises without ``-0.00``;
* anything else is a ``failure`` with its traceback: another exception type, a message that is unbounded or
  carries control characters, an accepted case the schema refuses or the engine cannot solve, or a refusal of
  a schema-valid document for a reason other than the facts' agreement with each other (the document-level
  limits the schema cannot express - size, depth, duplicate keys, encoding - count as facts here).
"""

from __future__ import annotations

import copy
import json
import random
import re
import time
import traceback
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, validators
from pydantic import BaseModel, ValidationError

from cobsim.engine import solve
from cobsim.errors import CobsimError, InvalidCase
from cobsim.io import case_from_json, dumps, relevant_errors
from cobsim.jsonio import JsonError, decode_text
from cobsim.model.case import Case
from cobsim.render import determination_data
from cobsim.schema import case_schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: A refusal message longer than this is a failure (MAX_PROBLEMS sentences of quoted values fit easily).
MESSAGE_BOUND = 6_000

# ------------------------------------------------------------------------------------------------ the schema


def _is_integer(checker: Any, instance: Any) -> bool:
    """JSON Schema's integer: any number with a zero fraction, compared exactly (Decimal, never float)."""
    if isinstance(instance, bool):
        return False
    if isinstance(instance, int):
        return True
    return isinstance(instance, Decimal) and instance.is_finite() and instance == instance.to_integral_value()


_Validator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


@cache
def schema_validator() -> Any:
    """The published schema, checked with formats, and integers exact (numbers decoded as ``Decimal``)."""
    return _Validator(case_schema(), format_checker=FormatChecker())


def schema_errors(data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in schema_validator().iter_errors(data)]


# ------------------------------------------------------------------------------------------------- seeds


@cache
def seed_documents() -> tuple[dict[str, Any], ...]:
    """Valid cases to start from: every example, and one generated case (with payments) per scenario."""
    from generators.produce import Options, build_case
    from generators.scenarios import CATALOGUE

    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.rglob("*.json"))]
    for name in sorted(CATALOGUE):
        sc = CATALOGUE[name]
        docs.append(build_case(sc, sc.variants[0], 1, Options(payments="always")))
    return tuple(docs)


# --------------------------------------------------------------------------------------------- mutations

HOSTILE_TEXT = [
    "",
    " ",
    " padded ",
    "x" * 65,
    "x" * 201,
    "y" * 2_001,
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "right\u202eleft",
    "\u2066iso\u2069",
    "\x85next-line",
    "\x9bcsi",
    "line\nfeed",
    "tab\there",
    "nul\x00byte",
    "\ud800",
    "lone \udfff surrogate",
    "\ufeffbom",
    "Zoë Ünïcødé",
    "日本語",
    "\U0001f600",
    "١٢٣",
    "1_000",
    "1E+2",
    "1e2",
    "-0.00",
    "-0",
    "-5.00",
    "+5.00",
    "12.345",
    ".5",
    "5.",
    "0x10",
    "NaN",
    "Infinity",
    "99999999.99",
    "100000000.00",
    "123456789012345678901234567890",
    "0.1234567",
    "1.0000001",
    "2025-02-30",
    "2025-13-01",
    "1899-12-31",
    "1900-01-01",
    "2099-12-31",
    "2100-01-01",
    "9999-12-31",
    "0001-01-01",
    "2025-06-02T00:00:00",
    "2025-06-02 00:00",
    "20250602",
    "2025-6-2",
    "２０２５-06-02",
    "yes",
    "no",
    "off",
    "on",
    "true",
    "false",
    "0",
    "1",
    "null",
    "FAKE",
    "FAKE-MBI-0001",
    "FAKE" + "1" * 30,
    "1EG4-TE5-MK73",
    "1EG4TE5MK73",
    "-".join(("123", "45", "6789")),  # an issuable area, built here so no real-looking SSN is stored
    "900-12-3456",
    "666-00-0000",
    "NJ",
    "nj",
    "N J",
    "07030",
    "7030",
    "G0001",
    "g0001",
    "naic.birthday",
    "NAIC.Birthday",
    "mom",
    "dad",
    "kid",
    "patient",
    "claim",
    "a:b",
    "..",
    "-x",
]

HOSTILE_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2,
    5,
    53,
    54,
    1965,
    1966,
    2099,
    2100,
    9_999,
    10_000,
    10_000_000,
    10_000_001,
    2**63,
    2**64 - 1,
    2**64,
    10**19,
    10**25,
    [],
    {},
    [1, 2],
    {"a": 1},
    ["mom"],
    [{"id": "x"}],
]

#: Number literals substituted at the text level (they cannot all be made from Python values).
NUMBER_LITERALS = [
    "1.0",
    "5.0",
    "1e2",
    "1E+2",
    "-0.0",
    "0.1",
    "12.50",
    "1e30",
    "1e999999999",
    "-1e999999999",
    "1e-999999999",
    "9" * 21,
    "9" * 5_000,
    "NaN",
    "Infinity",
    "-Infinity",
]

_DATE = re.compile(r"^(19|20)\d\d-\d\d-\d\d$")


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in the document (dict keys and list indices)."""
    out: list[tuple[Any, ...]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append((*prefix, k))
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append((*prefix, i))
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        doc = doc[p]
    return doc


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(doc, path[:-1])[path[-1]] = value


def _ids(doc: Any) -> list[str]:
    return [v for p in _paths(doc) if isinstance(v := _get(doc, p), str) and p[-1] in ("id", "member", "subscriber")]


def _shift_date(text: str, rng: random.Random) -> str:
    year = int(text[:4]) + rng.choice([-120, -90, -65, -30, -1, 1, 30, 65, 90, 120])
    return f"{year:04d}{text[4:]}" if 0 < year < 10_000 else text


def mutate_data(doc: dict[str, Any], rng: random.Random) -> Any:
    """One structural mutation of a copy of ``doc``."""
    doc = copy.deepcopy(doc)
    paths = _paths(doc)
    if not paths:
        return doc
    path = rng.choice(paths)
    parent = _get(doc, path[:-1])
    current = _get(doc, path)
    op = rng.random()
    if op < 0.30:
        _set(doc, path, rng.choice(HOSTILE_TEXT))
    elif op < 0.45:
        _set(doc, path, copy.deepcopy(rng.choice(HOSTILE_VALUES)))
    elif op < 0.60:
        dates = [p for p in paths if isinstance(v := _get(doc, p), str) and _DATE.match(v)]
        if dates:
            p = rng.choice(dates)
            _set(doc, p, _shift_date(_get(doc, p), rng))
    elif op < 0.68:
        ids = _ids(doc)
        if ids and isinstance(current, str):
            _set(doc, path, rng.choice(ids))
    elif op < 0.76:
        if isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, list):
            parent.pop(path[-1])
    elif op < 0.82:
        if isinstance(current, dict):
            current[rng.choice(["extra", "Id", "notes", "birthDate", "kind"])] = rng.choice(HOSTILE_TEXT)
        elif isinstance(current, list) and current:
            current.append(copy.deepcopy(rng.choice(current)))
    elif op < 0.88:
        if isinstance(current, (list, dict)):
            current.clear()
    elif op < 0.94:
        other = _get(doc, rng.choice(paths))
        _set(doc, path, copy.deepcopy(other))
    elif isinstance(current, list) and current:
        count = rng.choice([2, 33, 101, 201, 1_001])
        _set(doc, path, [copy.deepcopy(current[0]) for _ in range(count)])
    return doc


def mutate_text(text: str, rng: random.Random) -> str | bytes:
    """One mutation of the document's text or bytes."""
    op = rng.random()
    if op < 0.15:  # a duplicate key
        spots = [m.start() for m in re.finditer(r'\{"', text)]
        if spots:
            at = rng.choice(spots) + 1
            key = rng.choice(["id", "kind", "birth_date", "billed", "member"])
            return f'{text[:at]}"{key}": {json.dumps(rng.choice(HOSTILE_TEXT))}, {text[at:]}'
    if op < 0.30:  # a number literal where a number stands
        spots = list(re.finditer(r"(?<=[:\[,] )-?\d+(\.\d+)?(?=[,\]\}\n])", text))
        if spots:
            m = rng.choice(spots)
            return text[: m.start()] + rng.choice(NUMBER_LITERALS) + text[m.end() :]
        return text.replace('"', "", 0)
    if op < 0.40:  # deep nesting in place of a value
        depth = rng.choice([15, 17, 100, 1_000, 100_000])
        spots = [m.end() for m in re.finditer(r'": ', text)]
        if spots:
            at = rng.choice(spots)
            end = text.find(",", at)
            end = end if end > 0 else at
            return text[:at] + "[" * depth + "1" + "]" * depth + text[end:]
    if op < 0.50:  # cut short
        return text[: rng.randrange(len(text))]
    if op < 0.60:  # encodings and byte order marks
        choice = rng.randrange(5)
        if choice == 0:
            return "\ufeff" + text
        if choice == 1:
            return text.encode("utf-16", "surrogatepass")
        if choice == 2:
            return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
        if choice == 3:
            return text.encode("utf-32-le", "surrogatepass")
        return text.encode("latin-1", "replace") + b"\xff\xfe"
    if op < 0.70:  # random bytes somewhere
        data = bytearray(text.encode("utf-8", "surrogatepass"))
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if op < 0.75:  # too large
        return text[:-1] + " " * 1_000_001 + "}"
    if op < 0.80:  # JSON that is not an object, or several documents
        return rng.choice(["[]", "null", "1", '"case"', "[" + text + "]", text + text, "{}", "[{}]"])
    if op < 0.90:  # escapes of control characters and surrogates in keys and values
        return text.replace('"id": "', rng.choice(['"id": "\\u001b[2J', '"id": "\\ud800', '"i\\u0000d": "']), 1)
    return text.replace(": ", ":" + rng.choice([" ", "\t", "\n", "\r\n"]), rng.randint(1, 5))


def mutated_document(rng: random.Random, seeds: tuple[dict[str, Any], ...] | None = None) -> str | bytes:
    """A seed document with one to three mutations, as the text (or bytes) a reader would get."""
    doc: Any = rng.choice(seeds or seed_documents())
    for _ in range(rng.randint(1, 3)):
        if isinstance(doc, dict) and rng.random() < 0.75:
            doc = mutate_data(doc, rng)
    text = json.dumps(doc, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 2]))
    if rng.random() < 0.35:
        return mutate_text(text, rng)
    return text


# ------------------------------------------------------------------------------------------------- the judge


@dataclass
class Outcome:
    """What happened to one document."""

    verdict: str  # "accepted", "refused" or "failure"
    kind: str = ""  # accepted: "solved"; refused: "json", "field", "fact"; failure: what went wrong
    message: str = ""
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)


def _is_fact(data: Any) -> bool:
    """Whether the model refuses ``data`` only for facts that disagree with each other (cross-field checks)."""

    try:
        Case.model_validate(data)
    except ValidationError as exc:
        for err in relevant_errors(exc):
            node: Any = data
            for key in err["loc"]:
                try:
                    node = node[key]
                except (KeyError, IndexError, TypeError):
                    node = None
                    break
            if not (err["type"] == "value_error" and isinstance(node, dict)):
                return False
        return True
    return True


def _decoded(doc: str | bytes) -> Any:
    """The document as plain JSON data for the schema (numbers exact), or None when it is not plain JSON."""
    try:
        return json.loads(decode_text(doc), parse_float=Decimal)
    except (ValueError, RecursionError):
        return None


def _amounts(model: Any, dumped: Any) -> list[str]:
    """The written form of every Decimal in a determination (walking the model and its JSON side by side)."""

    out: list[str] = []
    if isinstance(model, Decimal):
        out.append(str(dumped))
    elif isinstance(model, BaseModel) and isinstance(dumped, dict):
        for name in type(model).model_fields:
            if name in dumped:
                out.extend(_amounts(getattr(model, name), dumped[name]))
    elif isinstance(model, (list, tuple)) and isinstance(dumped, list):
        for m, d in zip(model, dumped, strict=False):
            out.extend(_amounts(m, d))
    elif isinstance(model, dict) and isinstance(dumped, dict):
        for k, m in model.items():
            out.extend(_amounts(m, dumped.get(str(k))))
    return out


def judge(doc: str | bytes) -> Outcome:
    """Read ``doc`` with the library's reader, and check what came of it (see the module docstring)."""
    start = time.perf_counter()
    try:
        case = case_from_json(doc)
    except CobsimError as exc:
        message = str(exc)
        elapsed = time.perf_counter() - start
        if len(message) > MESSAGE_BOUND or not message.replace("\n", " ").isprintable():
            return Outcome("failure", "unbounded or unescaped message", message[:500], elapsed)
        if isinstance(exc, JsonError):
            return Outcome("refused", "json", message, elapsed)
        data = _decoded(doc)
        if data is not None and isinstance(exc, InvalidCase) and not schema_errors(data) and not _is_fact(data):
            return Outcome("failure", "refused a schema-valid document", message[:500], elapsed)
        kind = "fact" if data is not None and not schema_errors(data) else "field"
        return Outcome("refused", kind, message, elapsed)
    except Exception:
        return Outcome("failure", "exception while reading", traceback.format_exc(), time.perf_counter() - start)
    data = _decoded(doc)
    errors = schema_errors(data) if data is not None else ["the reader accepted what json.loads refuses"]
    if errors:
        return Outcome("failure", "accepted but the schema refuses it", "; ".join(errors[:3]), 0.0)
    try:
        det = solve(case)
        out = dumps(determination_data(det))
    except Exception:
        return Outcome("failure", "accepted but solving failed", traceback.format_exc(), time.perf_counter() - start)
    negative = [value for value in _amounts(det, json.loads(out)) if value.startswith("-")]
    if negative:
        return Outcome("failure", "a negative amount in the output", str(negative[:5]), time.perf_counter() - start)
    return Outcome("accepted", "solved", "", time.perf_counter() - start)
