"""Fixture sets for the kit: a JSONL file, or a fixture ZIP whose manifest is verified before anything is graded.

A fixture ZIP (from the app, or :func:`cobsim.services.fixtures.build_zip`) holds ``cases.jsonl``,
``case.schema.json``, ``README.txt`` and ``manifest.json``. Before grading, :meth:`FixtureSet.open` checks that:

* the ZIP can be read, and each name appears once (a second ``cases.jsonl`` is refused);
* the manifest is there, lists every other entry and nothing else, and records ``count``, ``cobsim_version`` and
  ``faker_version``;
* each listed file has the size and the sha256 the manifest gives, and ``cases.jsonl`` holds ``count`` cases.

A mismatch refuses the set with one sentence naming the file, unless the caller turns verification off (the CLI's
``--no-verify``, which the report records). A set with no cases is refused too. Each line is read with a cap on its
length (:data:`MAX_LINE_BYTES`), so a hostile file costs bounded memory whatever its compression ratio; a corrupt
deflate stream, a bad CRC, an encrypted or unsupported entry or text that is not UTF-8 is a
:class:`FixtureError`, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

from cobsim import __version__
from cobsim.conform.protocol import STATUSES, ProtocolError, amount
from cobsim.conform.text import SLOW, clean, read
from cobsim.engine import solve
from cobsim.io import parse_case
from cobsim.model.case import Case
from cobsim.payments import adjudicate
from cobsim.rules.base import RuleKind
from cobsim.rules.jurisdictions.governance import case_edition
from cobsim.rules.registry import RULES_BY_ID
from cobsim.trace import Payments

MAX_LINE_BYTES = 4 * 1024 * 1024  #: longest fixture line accepted (a generated case is 2-20 KB)
MAX_MANIFEST_BYTES = 1024 * 1024
CASES = "cases.jsonl"
MANIFEST = "manifest.json"
ALWAYS_SUPPORTED = frozenset({"coordination"})  #: families every engine must handle (in force, covered service)
DECIDING = (RuleKind.PARTICIPATION, RuleKind.ORDER)


T = TypeVar("T")


class _once(Generic[T]):  # noqa: N801  (used as a decorator, like functools.cached_property)
    """A property worked out on first use and then kept in the instance (functools.cached_property without its
    lock, which costs more than most of these properties do)."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, obj: Any, owner: Any = None) -> T:
        if obj is None:
            return self  # type: ignore[return-value]  # the descriptor itself, on the class
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class FixtureError(ValueError):
    """The fixture set cannot be used: unreadable, corrupt, tampered with, or not fixtures (one sentence)."""


@dataclass
class Reference:
    """cobsim's own adjudication of a fixture case, used to explain a grade (never to change it)."""

    case: Case
    ranks: list[list[str]]  #: payers by rank; coverages that share a rank equally together
    payments: Payments | None  #: cobsim's payments by those ranks (None: the claim has no lines)


@dataclass(frozen=True, eq=False)
class RuleSet:
    """What a fixture's expected rules say, worked out once for every fixture with the same rules."""

    rules: list[str]  #: the known rules of the case (unknown ids dropped); shared: never change it
    order_rules: list[str]
    payment_rules: list[str]
    families: frozenset[str]  #: rule families beyond those every engine must support
    key: tuple[Any, ...]  #: the expected 'rules' as given


_RULE_SETS: dict[tuple[Any, ...], RuleSet] = {}


def rule_set(given: Any) -> RuleSet:
    """The :class:`RuleSet` of an expected ``rules`` list (cached by its ids)."""
    key = tuple(given)
    found = _RULE_SETS.get(key)
    if found is None:
        rules = [r for r in key if r in RULES_BY_ID]
        found = RuleSet(
            rules,
            [r for r in rules if RULES_BY_ID[r].kind is not RuleKind.PAYMENT],
            [r for r in rules if RULES_BY_ID[r].kind is RuleKind.PAYMENT],
            frozenset({RULES_BY_ID[r].family for r in rules} - ALWAYS_SUPPORTED),
            key,
        )
        if len(_RULE_SETS) < 100_000:
            _RULE_SETS[key] = found
    return found


@dataclass
class Fixture:
    """One fixture case: what the engine is sent, and what cobsim expects.

    The properties are worked out once, when first asked for: a fixture is not changed after it is made."""

    case: dict[str, Any]  #: the case without ``expected``
    expected: dict[str, Any]
    where: str
    #: read from a line whose numbers orjson writes as the json module does (:func:`cobsim.conform.text.read`), so
    #: the reports may write what came from it with orjson
    plain: bool = field(default=False, repr=False, compare=False)
    #: the case as the json module writes it (compact, not ASCII-only), from a plain line
    case_bytes: bytes | None = field(default=None, repr=False, compare=False)
    _reference: Reference | None = field(default=None, init=False, repr=False)
    _reference_note: str | None = field(default=None, init=False, repr=False)

    @_once
    def id(self) -> str:
        return str(self.case.get("id"))

    @_once
    def scenario(self) -> str:
        meta = self.case.get("meta")
        return clean((meta.get("scenario") if isinstance(meta, dict) else None) or "-", 100)

    @_once
    def status(self) -> str:
        return str(self.expected.get("status") or "determined")

    @_once
    def order(self) -> list[str]:
        """The expected order (shared: never change it)."""
        return [str(c) for c in self.expected["order"]]

    @_once
    def rule_set(self) -> RuleSet:
        return rule_set(self.expected.get("rules", []))

    @property
    def rules(self) -> list[str]:
        return self.rule_set.rules

    @property
    def order_rules(self) -> list[str]:
        """Rules of the order part: participation, order and notes."""
        return self.rule_set.order_rules

    @property
    def payment_rules(self) -> list[str]:
        return self.rule_set.payment_rules

    @property
    def families(self) -> set[str]:
        return set(self.rule_set.families)

    @_once
    def clean_ids(self) -> bool:
        """Every coverage id of the expected order and payments is one :func:`clean` shows as it is."""
        ids = [*self.order, *(self.expected.get("payments") or {})]
        return all(type(c) is str and len(c) <= 100 and c.isprintable() for c in ids)

    @_once
    def has_amounts(self) -> bool:
        return bool(self.expected.get("payments")) or self.expected.get("patient_owes") is not None

    def reference(self) -> Reference | None:
        """cobsim's adjudication of the case by its expected order, when it agrees with the fixture's expected
        amounts; else None (see :meth:`reference_note`). Computed once, and only when a grade needs it."""
        if self._reference is None and self._reference_note is None:
            self._reference, self._reference_note = self._adjudicate()
        return self._reference

    def reference_note(self) -> str:
        self.reference()
        return self._reference_note or ""

    def _adjudicate(self) -> tuple[Reference | None, str | None]:
        """Adjudicate the case by its expected order (a shared rank needs the whole solution, for its ranks)."""
        try:
            case = parse_case(self.case)
            if self.status == "shared":
                det = solve(case)
                if list(det.order) != self.order or det.status.value != self.status:
                    return (
                        None,
                        f"cobsim {__version__} orders this case differently from the fixture (another version?)",
                    )
                groups: dict[int, list[str]] = {}
                for p in det.positions:
                    groups.setdefault(p.rank, []).append(p.coverage)
                ranks = [groups[r] for r in sorted(groups)]
                pay = det.payments
            else:
                ranks = [[c] for c in self.order]
                pay = None
                if case.claim.lines and self.status == "determined":
                    by_id = {c.id: c for c in case.coverages}
                    pay, _ = adjudicate(
                        case,
                        [[by_id[c] for c in rank] for rank in ranks],
                        case_edition(case, case.claim.service_date),
                    )
        except Exception as exc:  # a fixture cobsim cannot adjudicate: the grade stands, unexplained
            return None, f"cobsim {__version__} cannot adjudicate this case again ({clean(exc, 120)})"
        if self.has_amounts:
            same = pay is not None and pay.complete
            if same and pay is not None:
                want = {k: Decimal(str(v)) for k, v in (self.expected.get("payments") or {}).items()}
                owes = self.expected.get("patient_owes")
                same = want == dict(pay.paid) and (owes is None or Decimal(str(owes)) == pay.patient)
            if not same:
                return None, f"cobsim {__version__} pays this case differently from the fixture (another version?)"
        return Reference(case, ranks, pay), None


def _check_fixture(data: Any, where: str) -> Fixture:
    if not isinstance(data, dict) or not isinstance(data.get("expected"), dict):
        raise FixtureError(f"{where}: a fixture is a case object with an 'expected' answer")
    expected = data.pop("expected")
    case_id, order = data.get("id"), expected.get("order")
    if not isinstance(case_id, str) or not isinstance(order, list):
        raise FixtureError(f"{where}: a fixture needs an 'id' and an expected 'order'")
    if not all(isinstance(c, str) for c in order):
        raise FixtureError(f"{where}: the expected 'order' must be a list of coverage ids")
    status = expected.get("status", "determined")
    if status not in STATUSES:
        raise FixtureError(f"{where}: the expected 'status' must be one of {list(STATUSES)}")
    if not isinstance(expected.get("rules", []), list):
        raise FixtureError(f"{where}: the expected 'rules' must be a list of rule ids")
    try:
        pays = expected.get("payments") or {}
        if not isinstance(pays, dict):
            raise ProtocolError("the expected 'payments' is not an object")
        expected["payments"] = {str(cov): _normal(value, cov) for cov, value in pays.items()} or expected.get(
            "payments"
        )
        owes = expected.get("patient_owes")
        if owes is not None:
            expected["patient_owes"] = (
                owes
                if type(owes) is str and _NORMAL_AMOUNT.fullmatch(owes)
                else str(amount(_text(owes), "the expected 'patient_owes'"))
            )
    except ProtocolError as exc:
        raise FixtureError(f"{where}: {exc}") from None
    fixture = Fixture(data, expected, where)
    # what the first properties asked for would work out, set at once (the checks above hold for them)
    vars(fixture).update(
        id=str(case_id), status=str(status or "determined"), order=[str(c) for c in order], rule_set=fixture.rule_set
    )
    return fixture


#: An amount written as its Decimal writes it (no leading zero): ``str(amount(text))`` is ``text`` itself.
_NORMAL_AMOUNT = re.compile(r"-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,6})?")


def _normal(value: Any, cov: Any) -> str:
    """An expected payment as the text of its amount (``str(amount(...))``)."""
    if type(value) is str and _NORMAL_AMOUNT.fullmatch(value):
        return value
    return str(amount(_text(value), f"the expected payment of {clean(cov, 60)}"))


def _text(value: Any) -> Any:
    """A JSON number of a hand-written fixture as the text it was written as (12.5, not 12.5000000001)."""
    return repr(value) if isinstance(value, float) else value


def _hash_lines(stream: IO[bytes], digest: Any, name: str, max_line: int) -> int:
    """Feed every byte of ``stream`` to ``digest``; returns the count of non-blank lines (each length-capped)."""
    count = number = 0
    while True:
        try:
            raw = stream.readline(max_line + 1)
        except Exception as exc:
            raise FixtureError(f"{name}: the data cannot be read after line {number} ({clean(exc, 120)})") from None
        if not raw:
            return count
        number += 1
        if len(raw) > max_line and not raw.endswith(b"\n"):
            raise FixtureError(f"{name}:{number}: the line is longer than {max_line:,} bytes")
        digest.update(raw)
        count += bool(raw.strip())


def _parse(raw: bytes, where: str) -> Fixture:
    data, case, plain = read(raw, "expected")
    if data is SLOW:
        data = _parse_slowly(raw, where)
    fixture = _check_fixture(data, where)
    fixture.plain = plain
    fixture.case_bytes = case if plain else None
    return fixture


def _parse_slowly(raw: bytes, where: str) -> Any:
    """The json module's reading of a line (and its error): for what :func:`cobsim.conform.text.read` leaves."""
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
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


@dataclass
class FixtureSet:
    """An opened (and, for a ZIP, verified) fixture set; iterate it for the cases."""

    path: Path
    kind: str  #: "zip" or "jsonl"
    verification: str  #: what was checked, in one sentence
    verified: bool
    manifest: dict[str, Any] | None = None
    max_line: int = MAX_LINE_BYTES
    count: int = 0  #: cases read so far

    @classmethod
    def open(cls, path: Path, *, verify: bool = True, max_line: int = MAX_LINE_BYTES) -> FixtureSet:
        """Open ``path`` and, for a ZIP, verify it against its manifest.

        Raises:
            FixtureError: missing, unreadable, corrupt or tampered with (one sentence naming the file).
        """
        if not path.is_file():
            raise FixtureError(f"{path}: no such file")
        try:
            with path.open("rb") as handle:
                head = handle.read(4)
        except OSError as exc:
            raise FixtureError(f"{path}: cannot be read ({exc.strerror})") from None
        if head.startswith(b"PK"):
            return cls._open_zip(path, verify=verify, max_line=max_line)
        note = "not applicable: a JSONL file has no manifest"
        return cls(path, "jsonl", note, False, None, max_line)

    @classmethod
    def _open_zip(cls, path: Path, *, verify: bool, max_line: int) -> FixtureSet:
        try:
            with zipfile.ZipFile(path) as zf:
                infos = zf.infolist()
                names = Counter(i.filename for i in infos)
                twice = sorted(n for n, k in names.items() if k > 1)
                if twice:
                    raise FixtureError(f"{path}: the ZIP holds more than one entry named {', '.join(twice)}")
                if CASES not in names:
                    raise FixtureError(f"{path}: a ZIP without {CASES} is not a cobsim fixture set")
                for info in infos:
                    if info.flag_bits & 0x1:
                        raise FixtureError(f"{path}: the entry {clean(info.filename, 100)} is encrypted")
                if not verify:
                    return cls(path, "zip", "skipped: --no-verify", False, None, max_line)
                manifest = cls._verify(zf, path, max_line)
        except FixtureError:
            raise
        except Exception as exc:  # BadZipFile, zlib.error, NotImplementedError (method), EOFError, OSError ...
            raise FixtureError(f"{path}: the ZIP cannot be read ({clean(exc, 160)})") from None
        files = manifest["files"]
        note = (
            f"verified: sha256 and size of {len(files)} files, {manifest['count']} cases, made by cobsim "
            f"{clean(manifest['cobsim_version'], 40)} with faker {clean(manifest['faker_version'], 40)}"
        )
        return cls(path, "zip", note, True, manifest, max_line)

    @staticmethod
    def _verify(zf: zipfile.ZipFile, path: Path, max_line: int) -> dict[str, Any]:
        where = f"{path}: {MANIFEST}"
        infos = {i.filename: i for i in zf.infolist()}
        if MANIFEST not in infos:
            raise FixtureError(f"{path}: the ZIP has no {MANIFEST}, so its files cannot be verified (--no-verify)")
        if infos[MANIFEST].file_size > MAX_MANIFEST_BYTES:
            raise FixtureError(f"{where} is larger than {MAX_MANIFEST_BYTES:,} bytes")
        try:
            manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
        except (ValueError, RecursionError):
            raise FixtureError(f"{where} is not a JSON manifest") from None
        files = manifest.get("files") if isinstance(manifest, dict) else None
        if not isinstance(files, dict) or not all(
            isinstance(v, dict) and isinstance(v.get("sha256"), str) and isinstance(v.get("bytes"), int)
            for v in files.values()
        ):
            raise FixtureError(f"{where} does not list its files with their sha256 and size")
        for key in ("cobsim_version", "faker_version"):
            if not isinstance(manifest.get(key), str):
                raise FixtureError(f"{where} does not record {key}")
        if not isinstance(manifest.get("count"), int) or isinstance(manifest.get("count"), bool):
            raise FixtureError(f"{where} does not record the count of cases")
        listed, present = set(files), set(infos) - {MANIFEST}
        if CASES not in listed:
            raise FixtureError(f"{where} does not list {CASES}")
        if listed - present:
            raise FixtureError(
                f"{path}: files listed in the manifest are missing: {', '.join(sorted(listed - present))}"
            )
        if present - listed:
            unlisted = ", ".join(clean(n, 80) for n in sorted(present - listed))
            raise FixtureError(f"{path}: the ZIP holds files its manifest does not list: {unlisted}")
        for name in sorted(listed):
            info = infos[name]
            want = files[name]
            if info.file_size != want["bytes"]:
                raise FixtureError(
                    f"{path}: {name} is {info.file_size:,} bytes, but the manifest says {want['bytes']:,}"
                )
            digest = hashlib.sha256()
            with zf.open(info) as stream:
                if name == CASES:
                    count = _hash_lines(stream, digest, f"{path}: {name}", max_line)
                    if count != manifest["count"]:
                        raise FixtureError(
                            f"{path}: {CASES} holds {count} cases, but the manifest says {manifest['count']}"
                        )
                else:
                    while chunk := stream.read(1 << 16):
                        digest.update(chunk)
            if digest.hexdigest() != want["sha256"]:
                raise FixtureError(
                    f"{path}: {name} does not match the sha256 in the manifest (changed after it was made)"
                )
        return dict(manifest)

    def __iter__(self) -> Iterator[Fixture]:
        """The cases, in file order.

        Raises:
            FixtureError: a line that is not a fixture, too long, not UTF-8, or corrupt data in the ZIP.
        """
        if self.kind == "jsonl":
            try:
                handle = self.path.open("rb")
            except OSError as exc:
                raise FixtureError(f"{self.path}: cannot be read ({exc.strerror})") from None
            with handle:
                yield from self._fixtures(handle, str(self.path))
            return
        try:
            zf = zipfile.ZipFile(self.path)
            stream = zf.open(CASES)
        except Exception as exc:
            raise FixtureError(f"{self.path}: the ZIP cannot be read ({clean(exc, 160)})") from None
        with zf, stream:
            yield from self._fixtures(stream, f"{self.path}: {CASES}")

    def _fixtures(self, stream: IO[bytes], name: str) -> Iterator[Fixture]:
        """The fixtures of the non-blank lines of ``stream``, each at most ``max_line`` bytes."""
        max_line = self.max_line
        readline = stream.readline
        number = 0
        while True:
            try:
                raw = readline(max_line + 1)
            except Exception as exc:  # zlib.error, BadZipFile (bad CRC), EOFError, OSError ...
                raise FixtureError(f"{name}: the data cannot be read after line {number} ({clean(exc, 120)})") from None
            if not raw:
                return
            number += 1
            if len(raw) > max_line and not raw.endswith(b"\n"):
                raise FixtureError(f"{name}:{number}: the line is longer than {max_line:,} bytes")
            if raw.isspace():  # a blank line (what raw.strip() finds empty, without copying the line)
                continue
            fixture = _parse(raw, f"{name}:{number}")
            self.count += 1
            yield fixture

    def describe(self) -> dict[str, Any]:
        """What the report records about the fixture set."""
        out: dict[str, Any] = {
            "path": str(self.path),
            "kind": self.kind,
            "verified": self.verified,
            "verification": self.verification,
            "cases_read": self.count,
        }
        if self.manifest is not None:
            out["manifest"] = {
                k: self.manifest.get(k) for k in ("cobsim_version", "faker_version", "seed", "count", "scenarios")
            }
            if self.manifest.get("cobsim_version") != __version__:
                out["note"] = (
                    f"made by cobsim {clean(self.manifest.get('cobsim_version'), 40)}; this kit is cobsim {__version__}"
                )
        return out


def read_fixtures(path: Path, *, verify: bool = True, max_line: int = MAX_LINE_BYTES) -> Iterator[Fixture]:
    """Fixture cases from a JSONL file or a fixture ZIP (verified against its manifest first).

    Raises:
        FixtureError: see :class:`FixtureSet`.
    """
    yield from FixtureSet.open(path, verify=verify, max_line=max_line)
