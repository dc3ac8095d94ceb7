"""``cobsim conform``: run an engine under test against fixtures and write the reports.

Whatever the engine or the fixture set does, the command ends with the three reports written and one of three exit
codes: 0 when every graded case passes, 1 when a case fails or errors, 2 for bad input - a bad option, a fixture
set that is unreadable, tampered with or empty, or an engine that cannot be started. A problem is one line on
stderr, never a traceback.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cobsim.conform.engines import CommandEngine, Engine, EngineError, HttpEngine, PythonEngine
from cobsim.conform.fixtures import MAX_LINE_BYTES, FixtureError, FixtureSet
from cobsim.conform.grading import STATUSES, Settings
from cobsim.conform.protocol import TRACKS, Handshake, Track
from cobsim.conform.report import Recorder, compare, load_baseline
from cobsim.conform.run import Run, run
from cobsim.conform.shrinking import shrink_failures, shrinker
from cobsim.conform.text import clean, clean_block, dumps

out = Console(highlight=False, width=140, markup=False)
err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)


def _refuse(message: str) -> NoReturn:
    """A bad option: one line, exit 2, no reports (the run never began)."""
    err.print(Text(f"error: {message}", style="bold red"))
    raise typer.Exit(2)


def _engine(
    cmd: str | None, url: str | None, python: str | None, *, timeout: float, start_timeout: float, max_bytes: int
) -> Engine:
    """The engine under test, started.

    Raises:
        EngineError: it cannot be started, reached or imported, or its handshake is not one.
    """
    try:
        if cmd:
            return CommandEngine(cmd, timeout=timeout, start_timeout=start_timeout, max_bytes=max_bytes)
        if url:
            return HttpEngine(url, timeout=timeout, start_timeout=start_timeout, max_bytes=max_bytes)
        assert python is not None
        return PythonEngine(python, max_bytes=max_bytes)
    except ValueError as exc:
        raise EngineError(str(exc)) from None


def conform_command(
    fixtures: Annotated[Path, typer.Argument(help="fixture cases: a JSONL file or a fixture ZIP from the app")],
    *,
    engine_cmd: Annotated[
        str | None, typer.Option("--engine-cmd", help="command of an engine speaking the JSONL protocol (no shell)")
    ] = None,
    engine_url: Annotated[str | None, typer.Option("--engine-url", help="URL to POST each case to")] = None,
    engine_python: Annotated[
        str | None, typer.Option("--engine-python", help="module:function or file.py:function, in-process")
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="folder for report.json, junit.xml, report.html")] = Path(
        "conform-report"
    ),
    track: Annotated[
        str | None,
        typer.Option("--track", help="order or payments (default: order when the engine takes part in it)"),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="seconds the engine has for each case")] = 10.0,
    start_timeout: Annotated[
        float, typer.Option("--start-timeout", help="seconds the engine has to start and send its handshake")
    ] = 60.0,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="largest answer accepted")] = 1_000_000,
    max_line: Annotated[
        int, typer.Option("--max-fixture-line", help="longest fixture line accepted, in bytes")
    ] = MAX_LINE_BYTES,
    tolerance: Annotated[str, typer.Option("--tolerance", help="largest accepted difference in an amount")] = "0.00",
    no_verify: Annotated[
        bool, typer.Option("--no-verify", help="grade a fixture ZIP without checking its manifest (recorded)")
    ] = False,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="an earlier report.json to compare with")] = None,
    shrink: Annotated[
        bool, typer.Option("--shrink", help="find smaller failing cases of the failing scenarios")
    ] = False,
    shrink_limit: Annotated[int, typer.Option("--shrink-limit", help="scenarios to shrink at most")] = 5,
    shrink_examples: Annotated[
        int, typer.Option("--shrink-examples", help="cases the shrinker may draw per scenario")
    ] = 300,
) -> None:
    """Run another COB engine against fixtures; grade each case pass/fail/error/skip; write JSON, JUnit, HTML.

    Exit code: 0 when every graded case passes, 1 when any case fails or errors, 2 for bad input (options, fixture
    set, engine that cannot start).
    """
    if len([x for x in (engine_cmd, engine_url, engine_python) if x]) != 1:
        _refuse("name the engine under test once: --engine-cmd, --engine-url or --engine-python")
    try:
        tol = Decimal(tolerance)
        if not tol.is_finite() or tol < 0:
            raise InvalidOperation
    except InvalidOperation:
        _refuse(f"--tolerance {tolerance!r}: give a non-negative amount such as 0.01")
    if (
        not (0 < timeout < 1e6 and 0 < start_timeout < 1e6)
        or max_bytes <= 0
        or max_line <= 0
        or shrink_limit < 0
        or shrink_examples <= 0
    ):
        _refuse("--timeout, --start-timeout, --max-bytes and --max-fixture-line must be positive")
    if track is not None and track not in TRACKS:
        _refuse(f"--track {track!r}: give order or payments")
    old = None
    if baseline is not None:
        try:
            old = load_baseline(baseline)
        except ValueError as exc:
            _refuse(str(exc))
    if shrink and shrinker() is None:
        _refuse("--shrink needs the generators package, which provides the shrinker")
    try:
        recorder = Recorder(out_dir, keep_statuses=old is not None, shrink_limit=shrink_limit if shrink else 0)
    except OSError as exc:
        _refuse(f"cannot write the reports to {out_dir}: {exc.strerror}")
    code = _conform(
        fixtures,
        recorder,
        old,
        engine_args=(engine_cmd, engine_url, engine_python),
        options={
            "track": track,
            "timeout": timeout,
            "start_timeout": start_timeout,
            "max_bytes": max_bytes,
            "max_line": max_line,
            "tolerance": tol,
            "verify": not no_verify,
            "shrink": shrink,
            "shrink_examples": shrink_examples,
        },
    )
    raise typer.Exit(code)


def _conform(
    path: Path,
    recorder: Recorder,
    old: dict[str, str] | None,
    *,
    engine_args: tuple[str | None, str | None, str | None],
    options: dict[str, Any],
) -> int:
    fatal: str | None = None
    fixture_set: FixtureSet | None = None
    engine: Engine | None = None
    result: Run | None = None
    extra: dict[str, Any] = {"engine_stderr": None}
    try:
        try:
            fixture_set = FixtureSet.open(path, verify=options["verify"], max_line=options["max_line"])
            cmd, url, python = engine_args
            engine = _engine(
                cmd,
                url,
                python,
                timeout=options["timeout"],
                start_timeout=options["start_timeout"],
                max_bytes=options["max_bytes"],
            )
            tracks = engine.handshake.tracks
            chosen: Track = options["track"] or ("order" if "order" in tracks else "payments")
            if chosen not in tracks:
                raise EngineError(f"the engine takes part in the {' and '.join(tracks)} track, not the {chosen} track")
            result = run(
                engine,
                fixture_set,
                source=str(path),
                track=chosen,
                tolerance=options["tolerance"],
                on_result=recorder,
                keep=False,
            )
            fatal = result.fatal
            if fatal is None and fixture_set.count == 0:
                fatal = f"{path}: the fixture set holds no cases"
            if options["shrink"] and recorder.to_shrink and fatal is None:
                extra["shrunk"] = _shrink(engine, result.settings, recorder, options["shrink_examples"])
        except (FixtureError, EngineError) as exc:
            fatal = str(exc)
        except Exception as exc:  # a fault of the kit itself: still one line, exit 2, and the reports
            fatal = f"the kit failed unexpectedly ({type(exc).__name__}: {clean(exc)})"
        finally:
            if engine is not None:
                engine.close()
                stderr = engine.stderr()
                if stderr:
                    (recorder.out_dir / "engine-stderr.txt").write_text(clean_block(stderr), encoding="utf-8")
                    extra["engine_stderr"] = "engine-stderr.txt"
        if result is None:
            hs = engine.handshake if engine is not None else Handshake("(not started)")
            describe = engine.describe() if engine is not None else {}
            result = Run({**hs.as_dict(), **describe}, str(path), Settings.of(hs), recorder.counts, [], 0.0, 0.0)
        result.fatal = fatal
        if old is not None and recorder.statuses is not None:
            extra["baseline"] = compare(old, recorder.statuses)
        info = (
            fixture_set.describe()
            if fixture_set is not None
            else {"path": str(path), "kind": "?", "verified": False, "verification": "not opened"}
        )
        data = recorder.data(result, fixtures=info, extra=extra)
        recorder.write(data)
    except Exception as exc:  # a full disk, a folder that is a file, or a bug of the kit: one line, exit 2
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {clean(exc)}"
        err.print(Text(f"error: cannot write the reports to {recorder.out_dir}: {why}", style="bold red"))
        return 2
    _print_summary(data, recorder)
    if fatal is not None:
        err.print(Text(f"error: {fatal}", style="bold red"))
        return 2
    return 1 if recorder.counts["fail"] or recorder.counts["error"] else 0


def _shrink(engine: Engine, settings: Settings, recorder: Recorder, examples: int) -> list[dict[str, Any]]:
    found = shrink_failures(engine, settings, recorder.to_shrink, max_examples=examples)
    with (recorder.out_dir / "shrunk.jsonl").open("w", encoding="utf-8", newline="\n") as handle:
        for entry in found:
            handle.write(dumps(entry.pop("case")) + "\n")
    return found


def _print_summary(data: dict[str, Any], recorder: Recorder) -> None:
    s = data["summary"]
    engine = data["engine"]
    rate = "-" if s["pass_rate"] is None else f"{s['pass_rate']:.1%}"
    line = Text()
    line.append(f"{engine['name']} {engine['version']}", style="bold")
    line.append(f" ({data['track']} track): {s['cases']} cases - ")
    line.append(f"{s['pass']} pass", style="green")
    line.append(", ")
    line.append(f"{s['fail']} fail", style="red")
    line.append(", ")
    line.append(f"{s['error']} error", style="yellow")
    line.append(f", {s['skip']} skip; pass rate {rate} of {s['graded']} graded (errors included) ")
    line.append(f"({s['seconds']:.1f} s, of which the engine {s['engine_seconds']:.1f} s)")
    out.print(line)
    if data["fixtures"].get("kind") == "zip":
        out.print(Text(f"fixtures: {data['fixtures']['verification']}"))
    table = Table(title="by rule family (where that part was graded)")
    table.add_column("family")
    for col in (*STATUSES, "pass rate"):
        table.add_column(col, justify="right")
    for fam, counts in data["by_family"].items():
        r = (
            "-"
            if (g := counts.get("pass", 0) + counts.get("fail", 0) + counts.get("error", 0)) == 0
            else (f"{counts.get('pass', 0) / g:.0%}")
        )
        table.add_row(Text(fam), *(str(counts.get(x, 0)) for x in STATUSES), r)
    out.print(table)
    for res in recorder.first:
        out.print(Text(f"  {res.status:5} {clean(res.id, 100)}: {clean(res.reason, 300)}"))
    shrunk = data.get("shrunk")
    if shrunk:
        out.print(
            Text(f"shrunk {len(shrunk)} failing scenario(s) to smaller cases: {recorder.out_dir / 'shrunk.jsonl'}")
        )
    d = recorder.out_dir
    out.print(Text(f"reports: {d / 'report.json'}, {d / 'junit.xml'}, {d / 'report.html'}"))
