"""``cobsim conform``: run an engine under test against fixtures and write the reports.

The kit itself is :mod:`cobsim.conform`; this command lives with the generators because ``--shrink`` searches
the failing scenarios with their hypothesis strategies.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cobsim.conform.engines import CommandEngine, Engine, EngineError, HttpEngine, PythonEngine
from cobsim.conform.report import by_family, load_baseline, report_data, write_html, write_json, write_junit
from cobsim.conform.run import Result, read_fixtures, run
from cobsim.errors import CobsimError

out = Console(highlight=False, width=140)
err = Console(stderr=True, highlight=False)


def _fail(message: str) -> typer.Exit:
    err.print(Text(f"error: {message}", style="bold red"))
    return typer.Exit(2)


def _engine(cmd: str | None, url: str | None, python: str | None, timeout: float, max_bytes: int) -> Engine:
    given = [x for x in (cmd, url, python) if x]
    if len(given) != 1:
        raise _fail("name the engine under test once: --engine-cmd, --engine-url or --engine-python")
    try:
        if cmd:
            return CommandEngine(cmd, timeout=timeout, max_bytes=max_bytes)
        if url:
            return HttpEngine(url, timeout=timeout, max_bytes=max_bytes)
        assert python is not None
        return PythonEngine(python)
    except (ValueError, EngineError) as exc:
        raise _fail(f"cannot use the engine: {exc}") from None


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
    timeout: Annotated[float, typer.Option("--timeout", help="seconds the engine has for each case")] = 10.0,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="largest answer accepted")] = 1_000_000,
    tolerance: Annotated[str, typer.Option("--tolerance", help="largest accepted difference in an amount")] = "0.00",
    baseline: Annotated[Path | None, typer.Option("--baseline", help="an earlier report.json to compare with")] = None,
    shrink: Annotated[
        bool, typer.Option("--shrink", help="find smaller failing cases of the failing scenarios")
    ] = False,
    shrink_limit: Annotated[int, typer.Option("--shrink-limit", help="scenarios to shrink at most")] = 5,
) -> None:
    """Run another COB engine against fixtures; grade each case pass/fail/error/skip; write JSON, JUnit, HTML.

    Exit code: 0 when every graded case passes, 1 when any case fails or errors, 2 for bad input.
    """
    try:
        tol = Decimal(tolerance)
        if tol < 0:
            raise InvalidOperation
    except InvalidOperation:
        raise _fail(f"--tolerance {tolerance!r}: give a non-negative amount such as 0.01") from None
    if timeout <= 0 or max_bytes <= 0:
        raise _fail("--timeout and --max-bytes must be positive")
    old = None
    if baseline is not None:
        try:
            old = load_baseline(baseline)
        except ValueError as exc:
            raise _fail(str(exc)) from None
    engine = _engine(engine_cmd, engine_url, engine_python, timeout, max_bytes)
    progress: Counter[str] = Counter()

    def tick(result: Result) -> None:
        progress[result.status] += 1

    try:
        result = run(engine, read_fixtures(fixtures), source=str(fixtures), tolerance=tol, on_result=tick)
    except CobsimError as exc:
        engine.close()
        raise _fail(str(exc)) from None
    data = report_data(result, old)
    if shrink:
        data["shrunk"] = _shrink(engine, fixtures, result.results, shrink_limit, out_dir)
    engine.close()
    out_dir.mkdir(parents=True, exist_ok=True)
    write_json(data, out_dir / "report.json")
    write_junit(result, out_dir / "junit.xml")
    write_html(data, out_dir / "report.html")
    _print_summary(data, result.results, out_dir)
    counts = result.counts()
    if counts["fail"] or counts["error"]:
        raise typer.Exit(1)


def _shrink(
    engine: Engine, fixtures: Path, results: list[Result], limit: int, out_dir: Path
) -> list[dict[str, object]]:
    from generators.shrink import shrink  # noqa: PLC0415  (hypothesis is only needed here)

    failing: dict[str, str] = {}
    for r in results:
        if r.status == "fail" and r.scenario not in failing and len(failing) < limit:
            failing[r.scenario] = r.id
    sources = {
        fx.id: {**fx.case, "expected": fx.expected} for fx in read_fixtures(fixtures) if fx.id in failing.values()
    }
    found = []
    for scenario, case_id in failing.items():
        s = shrink(engine, sources[case_id], scenario)
        if s is not None:
            found.append(s)
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "shrunk.jsonl").open("w", encoding="utf-8", newline="\n") as handle:
        for s in found:
            handle.write(json.dumps(s.case, sort_keys=True, separators=(",", ":")) + "\n")
    return [s.as_dict() for s in found]


def _print_summary(data: dict[str, object], results: list[Result], out_dir: Path) -> None:
    s = data["summary"]
    assert isinstance(s, dict)
    engine = data["engine"]
    assert isinstance(engine, dict)
    rate = "-" if s["pass_rate"] is None else f"{s['pass_rate']:.1%}"
    out.print(
        f"[bold]{engine['name']} {engine['version']}[/]: {s['cases']} cases - [green]{s['pass']} pass[/], "
        f"[red]{s['fail']} fail[/], [yellow]{s['error']} error[/], {s['skip']} skip; pass rate {rate} "
        f"({s['seconds']:.1f} s, of which the engine {s['engine_seconds']:.1f} s)"
    )
    table = Table(title="by rule family")
    for col in ("family", "pass", "fail", "error", "skip"):
        table.add_column(col, justify="left" if col == "family" else "right")
    for fam, c in by_family_from(results).items():
        table.add_row(fam, *(str(c[x]) for x in ("pass", "fail", "error", "skip")))
    out.print(table)
    for r in [r for r in results if r.status in ("fail", "error")][:10]:
        out.print(f"  {r.status:5} {r.id}: {r.reason}")
    shrunk = data.get("shrunk")
    if isinstance(shrunk, list) and shrunk:
        out.print(f"shrunk {len(shrunk)} failing scenario(s) to smaller cases: {out_dir / 'shrunk.jsonl'}")
    out.print(f"reports: {out_dir / 'report.json'}, {out_dir / 'junit.xml'}, {out_dir / 'report.html'}")


def by_family_from(results: list[Result]) -> dict[str, Counter[str]]:
    from cobsim.conform.run import Run  # noqa: PLC0415

    return by_family(Run({}, "", Decimal(0), results, 0.0, 0.0))
