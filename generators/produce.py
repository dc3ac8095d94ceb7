"""Produce generated cases: seeds, payment variants, the engine's expected answer, JSONL output.

Reproducibility: every case has its own seed, derived from the run's seed, the scenario and the case's index
with BLAKE2b (never Python's salted ``hash``), and everything about the case - variant, names, dates, amounts -
flows from a ``random.Random`` seeded with it. The case id carries that seed, so
``regenerate(scenario, variant, seed)`` rebuilds one case alone, byte for byte. ``--shard k/N`` gives the k-th of
N contiguous blocks of indices, so concatenating shards 1..N in order gives the same bytes as one run.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from cobsim import solve
from cobsim.errors import CobsimError, InvalidInput
from cobsim.io import parse_case
from cobsim.model.case import Claim, Coverage
from cobsim.trace import Determination
from generators.identity import Identity
from generators.scenarios import CATALOGUE, Scenario

CODES = ("99213", "99214", "G0439", "J1100", "97110", "36415", "E0114", "A4253")


class StoryMismatch(CobsimError):  # noqa: N818
    """The engine's answer differs from what the scenario's story says: a bug in one of them."""


def derive_seed(seed: int, scenario: str, index: int) -> int:
    """The seed of one case.

    Examples:
        >>> derive_seed(7, "married-parents-birthday", 0) == derive_seed(7, "married-parents-birthday", 0)
        True
    """
    digest = hashlib.blake2b(f"cobsim:{seed}:{scenario}:{index}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def scenarios_named(names: Sequence[str]) -> list[Scenario]:
    """Scenarios by name; ``all`` means the whole catalogue in name order."""
    if not names or "all" in names:
        return [CATALOGUE[n] for n in sorted(CATALOGUE)]
    unknown = [n for n in names if n not in CATALOGUE]
    if unknown:
        raise InvalidInput(f"unknown scenario(s) {unknown}; `cobsim scenarios` lists them")
    return [CATALOGUE[n] for n in names]


# -------------------------------------------------------------------------------------------- payments


def add_payments(rng: random.Random, case: dict[str, Any]) -> None:
    """Give the claim lines with allowed amounts, and every coverage of the patient its benefits."""
    patient = case["claim"]["patient"]
    mine = [c for c in case["coverages"] if c["member"] == patient]
    lines = []
    for i in range(rng.choice((1, 1, 2, 3))):
        billed = rng.randrange(80, 4000)
        allowed: dict[str, str] = {}
        for c in mine:
            kind = c["kind"]
            if kind in ("medigap", "tricare_supplement", "crime_victim", "ihs", "va", "liability"):
                continue
            factor = {"medicare": 0.45, "medicare_advantage": 0.5, "medicaid": 0.35, "chip": 0.35}.get(kind, 0.0)
            if not factor:
                factor = rng.choice((0.55, 0.6, 0.7, 0.8, 0.9))
            allowed[c["id"]] = f"{billed * factor:.2f}"
        lines.append({"id": str(i + 1), "code": rng.choice(CODES), "billed": f"{billed}.00", "allowed": allowed})
    case["claim"]["lines"] = lines
    for c in mine:
        kind = c["kind"]
        if kind in ("group", "individual", "student", "fehb", "medicare_advantage"):
            network = "in" if rng.random() < 0.8 else "out"
            deductible = rng.choice((0, 500, 1500, 3000))
            benefits: dict[str, Any] = {
                "network": network,
                "pricing": "negotiated" if network == "in" else "ucr",
                "deductible": f"{deductible}.00",
                "deductible_met": f"{rng.choice((0, deductible // 2, deductible))}.00",
                "coinsurance": rng.choice(("0.1", "0.2", "0.2", "0.3")),
                "copay": rng.choice(("0.00", "0.00", "20.00", "40.00")),
            }
            if rng.random() < 0.5:
                benefits["oop_max"] = rng.choice(("3000.00", "6000.00"))
            if kind != "medicare_advantage":
                method = rng.choice(("standard",) * 5 + ("non_duplication", "carve_out", "carve_out_remainder"))
                if method != "standard":
                    benefits["method"] = method
            c["benefits"] = {**benefits, **c.get("benefits", {})}  # what the story set (a network, say) wins
        elif kind == "medicare":
            c["benefits"] = {"deductible_met": rng.choice(("0.00", "100.00", "283.00"))}
        elif kind == "tricare" and c.get("active_duty"):
            # no cost sharing for a member on active duty (10 U.S.C. 1075a(a)(1))
            c["benefits"] = {"participating": rng.random() < 0.8}
        elif kind in ("tricare", "tricare_for_life", "champva"):
            c["benefits"] = {
                "deductible": "150.00",
                "coinsurance": rng.choice(("0.2", "0.25")),
                "participating": rng.random() < 0.8,
            }
        elif kind == "medigap":
            # the story's plan letter wins; otherwise one that anyone may hold (not C or F, 42 U.S.C. 1395ss(z))
            c["benefits"] = {
                "medigap_plan": rng.choice(("A", "B", "D", "G", "K", "L", "M", "N")),
                **c.get("benefits", {}),
            }


# ------------------------------------------------------------------------------------------- one case


@dataclass(frozen=True)
class Options:
    payments: str = "mixed"  #: always | never | mixed (half the cases)
    check_story: bool = True


def expected_of(det: Determination) -> dict[str, Any]:
    """The engine's answer as the case format's ``expected`` block."""
    exp: dict[str, Any] = {"order": list(det.order), "status": det.status.value, "rules": list(det.rules_used)}
    exp["not_taking_part"] = [e.coverage for e in det.excluded]
    exp["conditional"] = [p.coverage for p in det.positions if p.conditional]
    pay = det.payments
    if pay is not None and pay.complete:
        exp["payments"] = {k: f"{v:.2f}" for k, v in pay.paid.items()}
        exp["patient_owes"] = f"{pay.patient:.2f}"
        exp["write_off"] = f"{pay.write_off:.2f}"
    return exp


def build_case(scenario: Scenario, variant: str, seed: int, options: Options = Options()) -> dict[str, Any]:
    """Build, solve and check one case; returns the case data with ``expected`` and ``meta``."""
    if variant not in scenario.variants:
        raise InvalidInput(f"scenario {scenario.name} has no variant {variant!r}; it has {list(scenario.variants)}")
    rng = random.Random(seed)
    built = scenario.build(rng, Identity(rng), variant)
    data = built.case
    data["id"] = f"{scenario.name}-{seed:016x}"
    data["claim"]["id"] = f"{data['id']}-claim"
    if options.payments == "always" or (options.payments == "mixed" and rng.random() < 0.5):
        add_payments(rng, data)
    data = {"schema_version": format_version(data), **data}
    case = parse_case(data)
    det = solve(case)
    story = built.story
    if options.check_story:
        problems = []
        if list(det.order) != story.order:
            problems.append(f"order {list(det.order)} but the story says {story.order}")
        if det.status.value != story.status:
            problems.append(f"status {det.status.value} but the story says {story.status}")
        if story.excluded is not None and sorted(e.coverage for e in det.excluded) != sorted(story.excluded):
            problems.append(f"excluded {[e.coverage for e in det.excluded]} but the story says {story.excluded}")
        conditional = sorted(p.coverage for p in det.positions if p.conditional)
        if story.conditional is not None and conditional != sorted(story.conditional):
            problems.append(f"conditional payers {conditional} but the story says {story.conditional}")
        if problems:
            raise StoryMismatch(f"{data['id']} ({scenario.name}/{variant}): " + "; ".join(problems) + f". {story.why}")
    data["expected"] = expected_of(det)
    data["meta"] = {
        "family": scenario.rules[0] if scenario.rules else None,
        "source": scenario.source,
        "scenario": scenario.name,
        "variant": variant,
        "difficulty": scenario.difficulty,
        "seed": seed,
        "synthetic": True,
    }
    return data


def format_version(data: dict[str, Any]) -> str:
    """The case format a built case needs: "1.1" when it says something only format 1.1 can (claim billing facts,
    care abroad, payer identifiers), else "1.0"."""
    claim_fields = set(Claim.FORMAT_1_1_FIELDS) & set(data["claim"])
    cov_fields = {k for c in data.get("coverages", []) for k in c} & set(Coverage.FORMAT_1_1_FIELDS)
    return "1.1" if claim_fields or cov_fields else "1.0"


def regenerate(scenario: str, variant: str, seed: int, options: Options = Options()) -> dict[str, Any]:
    """Rebuild one generated case from its meta (scenario, variant, seed)."""
    return build_case(scenarios_named([scenario])[0], variant, seed, options)


def plan(
    scenarios: Sequence[Scenario], count: int, seed: int, *, mix: bool = True, shard: tuple[int, int] = (1, 1)
) -> Iterator[tuple[Scenario, str, int]]:
    """(scenario, variant, derived seed) for the cases of one run (or one shard of it), in order.

    Cases go round-robin over the scenarios; with ``mix`` each scenario cycles through its variants, so a run of
    a few times (scenarios x variants) cases reaches every variant; without it the variant is drawn at random.
    """
    first, last = shard_bounds(count, shard)
    yield from plan_range(scenarios, range(first, last), seed, mix=mix)


def plan_range(
    scenarios: Sequence[Scenario], indices: range, seed: int, *, mix: bool = True
) -> Iterator[tuple[Scenario, str, int]]:
    """(scenario, variant, derived seed) for the cases with these indices."""
    m = len(scenarios)
    for i in indices:
        sc = scenarios[i % m]
        derived = derive_seed(seed, sc.name, i)
        if mix:
            variant = sc.variants[(i // m) % len(sc.variants)]
        else:
            variant = sc.variants[random.Random(derived).randrange(len(sc.variants))]
        yield sc, variant, derived


def generate(
    names: Sequence[str],
    count: int,
    seed: int,
    *,
    mix: bool = True,
    shard: tuple[int, int] = (1, 1),
    options: Options = Options(),
) -> Iterator[dict[str, Any]]:
    """Generated cases, one at a time (memory stays flat whatever the count)."""
    for sc, variant, derived in plan(scenarios_named(names), count, seed, mix=mix, shard=shard):
        yield build_case(sc, variant, derived, options)


Task = tuple[tuple[str, ...], int, int, int, bool, Options]
"""One chunk of a run: (scenario names, first index, end index, run seed, mix, options)."""


def _lines_for(args: Task) -> list[str]:
    """The JSONL lines of one chunk: a pure function of its arguments (what worker processes and Dask run)."""
    names, start, stop, seed, mix, options = args
    scenarios = scenarios_named(names)
    return [
        dumps_line(build_case(sc, v, d, options))
        for sc, v, d in plan_range(scenarios, range(start, stop), seed, mix=mix)
    ]


class Future(Protocol):
    def result(self) -> Any: ...

    def cancel(self) -> Any: ...


class Executor(Protocol):
    """Anything that runs ``fn(arg)`` elsewhere: a ``concurrent.futures`` executor or a ``distributed.Client``."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any: ...


@dataclass
class InFlight:
    """Chunks submitted to workers whose lines the reader has not yet taken in full: a window of at most
    ``window`` of them, so the parent's memory stays flat whatever the reader's speed (watched by tests and the
    benchmark)."""

    window: int = 0
    submitted: int = 0
    consumed: int = 0
    peak: int = 0

    @property
    def now(self) -> int:
        return self.submitted - self.consumed


def _in_order(tasks: Iterable[Task], submit: Callable[[Task], Future], window: int, watch: InFlight) -> Iterator[str]:
    """The lines of every task, in task order, with at most ``window`` tasks submitted and not yet consumed.

    A task is consumed when the reader has taken its last line; only then is the next one submitted. While the
    reader takes the lines of one chunk, the other ``window - 1`` are being built (or wait, built, for the reader).
    """
    watch.window = window
    todo = iter(tasks)
    pending: deque[Future] = deque()

    def top_up() -> None:
        while watch.now < window:
            task = next(todo, None)
            if task is None:
                return
            pending.append(submit(task))
            watch.submitted += 1
            watch.peak = max(watch.peak, watch.now)

    try:
        top_up()
        while pending:
            lines: list[str] = pending.popleft().result()
            yield from lines
            del lines
            watch.consumed += 1
            top_up()
    finally:  # the reader stopped early (or a chunk failed): do not build what nobody will read
        for future in pending:
            future.cancel()


def chunk_tasks(
    names: Sequence[str],
    count: int,
    seed: int,
    *,
    mix: bool = True,
    shard: tuple[int, int] = (1, 1),
    options: Options = Options(),
    chunk: int = 500,
) -> Iterator[Task]:
    """The chunks of a run (or of one shard of it), in order: contiguous blocks of ``chunk`` case indices."""
    scenarios_named(names)  # fail early on unknown names
    if chunk < 1:
        raise InvalidInput("the chunk size must be at least 1")
    first, last = shard_bounds(count, shard)
    return ((tuple(names), a, min(a + chunk, last), seed, mix, options) for a in range(first, last, chunk))


def shard_bounds(count: int, shard: tuple[int, int]) -> tuple[int, int]:
    """The case indices [first, last) of shard k/N of a run of ``count`` cases.

    Examples:
        >>> [shard_bounds(10, (k, 3)) for k in (1, 2, 3)]
        [(0, 3), (3, 6), (6, 10)]
    """
    k, n = shard
    if count < 0:
        raise InvalidInput("the count cannot be negative")
    if not (1 <= k <= n):
        raise InvalidInput(f"shard {k}/{n}: k must be between 1 and N")
    return (k - 1) * count // n, k * count // n


def generate_lines(
    names: Sequence[str],
    count: int,
    seed: int,
    *,
    mix: bool = True,
    shard: tuple[int, int] = (1, 1),
    options: Options = Options(),
    jobs: int = 1,
    chunk: int = 500,
    executor: Executor | None = None,
    window: int | None = None,
    in_flight: InFlight | None = None,
) -> Generator[str, None, None]:
    """JSONL lines of a run, in order; with ``jobs`` > 1 chunks of cases are built in worker processes, and with
    an ``executor`` (a ``distributed.Client``, say) by it.

    The lines are the same bytes whatever ``jobs`` or the executor: each chunk is a contiguous block of case
    indices, and every case depends only on its own derived seed. In parallel at most ``window`` chunks (default
    ``2 * jobs``) are submitted and not yet read, so memory stays flat however slowly the lines are read;
    ``in_flight`` counts them.
    """
    tasks = chunk_tasks(names, count, seed, mix=mix, shard=shard, options=options, chunk=chunk)
    watch = in_flight if in_flight is not None else InFlight()
    if executor is not None:
        size = window or 2 * max(jobs, 1)
        yield from _in_order(tasks, lambda task: executor.submit(_lines_for, task), size, watch)
        return
    first, last = shard_bounds(count, shard)
    if jobs <= 1 or last - first <= chunk:
        for task in tasks:
            lines = _lines_for(task)
            watch.submitted += 1
            watch.peak = max(watch.peak, watch.now)
            yield from lines
            watch.consumed += 1
        return
    import multiprocessing  # noqa: PLC0415  (only parallel runs need it)
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method)) as pool:
        yield from _in_order(tasks, lambda task: pool.submit(_lines_for, task), window or 2 * jobs, watch)


# ------------------------------------------------------------------------------------------------ Dask

_DASK_LOCAL = re.compile(r"local(?:\[(\d+)\])?")
_DASK_ADDRESS = re.compile(r"(?:(tcp|tls|ws|wss|ucx)://)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})")


def dask_target(spec: str) -> tuple[str, int]:
    """``("local", N)`` for ``local[N]`` (``local`` alone: one worker per core), or ``(address, 0)`` for a
    scheduler (tcp:// when no protocol is given).

    Examples:
        >>> dask_target("local[2]"), dask_target("tcp://10.0.0.5:8786")
        (('local', 2), ('tcp://10.0.0.5:8786', 0))
    """
    spec = spec.strip()
    local = _DASK_LOCAL.fullmatch(spec)
    if local:
        import os  # noqa: PLC0415

        workers = int(local.group(1)) if local.group(1) else (os.cpu_count() or 1)
        if not 1 <= workers <= 512:
            raise InvalidInput(f"--dask {spec!r}: give local[N] with N between 1 and 512 worker processes")
        return "local", workers
    address = _DASK_ADDRESS.fullmatch(spec)
    if not address or not 0 < int(address.group(3)) < 65536:
        raise InvalidInput(
            f"--dask {spec!r}: give a Dask scheduler's address (tcp://host:8786) or local[N] for N local workers"
        )
    return (spec if address.group(1) else f"tcp://{spec}"), 0


class ClusterError(CobsimError):
    """The Dask cluster of ``--dask`` could not be reached, or lost a worker or its scheduler during the run."""


@contextmanager
def dask_client(spec: str, *, timeout: float = 5.0) -> Iterator[Any]:
    """A ``distributed.Client`` for ``--dask``: on a scheduler at an address, or on a LocalCluster of N worker
    processes (one thread each, loopback only, no dashboard) that is shut down on leaving.

    A scheduler that does not answer within ``timeout`` seconds, or a cluster that fails during the run (a worker
    killed, the scheduler gone), is a :class:`ClusterError` in one sentence.
    """
    target, workers = dask_target(spec)
    import logging  # noqa: PLC0415

    from distributed import Client, KilledWorker, LocalCluster  # noqa: PLC0415  (only --dask needs dask)
    from distributed.comm.core import CommClosedError  # noqa: PLC0415

    cluster = None
    if target == "local":
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,  # no dashboard; the scheduler's bare HTTP server on a free loopback port
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        )
    else:
        _probe(target, timeout)
    try:
        try:
            client = Client(cluster) if cluster is not None else Client(target, timeout=timeout)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            reason = "" if "Timed out" in str(exc) else f" ({exc})"
            raise ClusterError(f"--dask: no Dask scheduler answered at {target} within {timeout:g} s{reason}") from None
        with client:
            _same_code_everywhere(client, target)
            try:
                yield client
            except (KilledWorker, CommClosedError, CancelledError) as exc:
                raise ClusterError(
                    f"--dask: the Dask cluster failed during the run ({type(exc).__name__}: {exc})"
                ) from None
    finally:
        if cluster is not None:
            cluster.close()


def _probe(target: str, timeout: float) -> None:
    """Fail fast, in one sentence, on a tcp:// address where no Dask scheduler listens.

    distributed's client retries a refused connection until its time-out, and waits without end for the
    handshake of a server that is not Dask (a web server, say). A scheduler speaks first: its handshake is a
    frame whose first 8 bytes are a small frame count.
    """
    import socket  # noqa: PLC0415

    match = _DASK_ADDRESS.fullmatch(target)
    if not match or match.group(1) != "tcp":
        return  # tls, websockets, ucx: left to distributed
    host, port = match.group(2).strip("[]"), int(match.group(3))
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except TimeoutError:
        raise ClusterError(f"--dask: no Dask scheduler answered at {target} within {timeout:g} s") from None
    except OSError as exc:
        raise ClusterError(f"--dask: no Dask scheduler at {target} ({exc.strerror or exc})") from None
    head = b""
    with sock:
        try:
            while len(head) < 8:
                more = sock.recv(8 - len(head))
                if not more:
                    break
                head += more
        except OSError:  # the time-out included: connected, then nothing said
            pass
    if len(head) < 8 or not 1 <= int.from_bytes(head, "little") <= 64:
        raise ClusterError(f"--dask: something listens at {target}, but it is not a Dask scheduler")


def code_fingerprint() -> str:
    """What a generated case's bytes depend on, besides its seed: the source and data files of cobsim and the
    generators, faker's version and Python's (major.minor)."""
    import sys  # noqa: PLC0415
    from importlib.metadata import version  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    import cobsim  # noqa: PLC0415
    import generators  # noqa: PLC0415

    digest = hashlib.sha256(f"python {sys.version_info[:2]} faker {version('faker')}".encode())
    for package in (cobsim, generators):
        root = Path(package.__file__ or "").parent
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _same_code_everywhere(client: Any, target: str) -> None:
    """Refuse a cluster whose workers would build different bytes (another cobsim, generators or faker)."""
    mine = code_fingerprint()
    theirs = client.run(code_fingerprint)
    other = sorted(worker for worker, print_ in theirs.items() if print_ != mine)
    if other:
        raise ClusterError(
            f"--dask: {len(other)} of the {len(theirs)} workers at {target} (first {other[0]}) run other code "
            "than this cobsim (source, faker or Python version differ), so their cases would not be the same "
            "bytes; install the same cobsim on every worker"
        )


def dask_window(client: Any) -> int:
    """Chunks in flight for a Dask run: two per worker thread, so every worker has one queued behind the one it
    builds."""
    threads: int = sum(client.nthreads().values())
    return 2 * max(1, threads)


# ----------------------------------------------------------------------------------------------- JSONL

# orjson writes what json.dumps writes for str, int (64 bits), bool, None, lists and dicts, and for most floats;
# it writes NaN and infinities as null, and floats under 1e-4 as 0.00001 or 2.5e-7 where Python writes 1e-05 and
# 2.5e-07. A line with any of those patterns, even inside a string (or with a type orjson refuses: bigger ints,
# non-string keys, subclasses, lone surrogates...), is written by json instead, so the bytes never change. Each
# check is a search for a literal, a few microseconds on a case of 2-3 KB (one regex of the three would be ten
# times slower than orjson itself).
_ORJSON_OPTIONS = (
    orjson.OPT_APPEND_NEWLINE
    | orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
)
_SMALL_EXPONENT = re.compile(rb"e-\d")


def _json_line(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"


def _may_differ(raw: bytes) -> bool:
    """Whether orjson's line could differ from json's: null (NaN, infinities), 0.0000 or a digit, e-, a digit."""
    if b"null" in raw or b"0.0000" in raw:
        return True
    return any(raw[m.start() - 1] in b"0123456789" for m in _SMALL_EXPONENT.finditer(raw))


def dumps_line(data: dict[str, Any]) -> str:
    """One JSONL line: compact, keys in the order built, deterministic; exactly the bytes of
    ``json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\\n"``, made by orjson where that is certain.

    Examples:
        >>> dumps_line({"b": "é\\u0001", "a": [18446744073709551616, 1e-05, None]})
        '{"b":"é\\\\u0001","a":[18446744073709551616,1e-05,null]}\\n'
    """
    try:
        raw = orjson.dumps(data, option=_ORJSON_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError
        return _json_line(data)
    if _may_differ(raw):
        return _json_line(data)
    return raw.decode()
