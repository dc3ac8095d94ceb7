"""``cobsim generate``, ``cobsim scenarios`` and ``cobsim coverage``: commands the generators add to the CLI.

cobsim never imports the generators; it finds these commands (and the shrinker of ``cobsim conform --shrink``)
through the ``cobsim.commands`` entry point.

``cobsim generate --dask tcp://host:8786`` (or ``--dask local[N]``) builds the chunks of a run on a Dask cluster
and writes the same bytes as a single run, in order; dask is imported only then.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from cobsim.errors import CobsimError, InvalidInput

# Every `cobsim` start loads this module (the entry point), so it imports only what registering the commands
# needs: the generators, the rule registry and rich's tables and progress bars are imported by the commands.

out = Console(highlight=False, width=160)
err = Console(stderr=True, highlight=False)


def _shard(text: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise InvalidInput(f"--shard {text!r}: give k/N, for example 2/8") from None
    return k, n


def generate_command(
    *,
    scenario: Annotated[
        list[str] | None, typer.Option("--scenario", "-s", help="scenario name (repeatable) or 'all' (default)")
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", help="number of cases (over all scenarios)")] = 100,
    seed: Annotated[int, typer.Option("--seed", help="seed of the run")] = 0,
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help="JSONL file (default: standard output)")] = None,
    mix: Annotated[bool, typer.Option("--mix/--no-mix", help="cycle each scenario's variants (balanced)")] = True,
    shard: Annotated[str, typer.Option("--shard", help="k/N: the k-th of N contiguous slices")] = "1/1",
    payments: Annotated[str, typer.Option("--payments", help="always | never | mixed")] = "mixed",
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="show a progress bar")] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="worker processes (same output bytes)")] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="build on a Dask cluster: a scheduler (tcp://host:8786) or local[N] worker processes "
            "(same output bytes; not with --jobs)",
        ),
    ] = None,
    dask_timeout: Annotated[
        float, typer.Option("--dask-timeout", metavar="SECONDS", help="how long to wait for the Dask scheduler")
    ] = 5.0,
) -> None:
    """Generate synthetic cases, each solved by the engine, as JSONL (one case per line)."""
    from contextlib import closing, nullcontext  # noqa: PLC0415

    from generators.produce import (  # noqa: PLC0415  (light start-up: see the imports above)
        Options,
        dask_client,
        dask_target,
        dask_window,
        generate_lines,
        scenarios_named,
        shard_bounds,
    )

    scenario = scenario or ["all"]
    try:
        if payments not in ("always", "never", "mixed"):
            raise InvalidInput(f"--payments {payments!r}: give always, never or mixed")
        k, n = _shard(shard)
        scenarios_named(scenario)
        if dask is not None:
            if jobs > 1:
                raise InvalidInput("--dask and --jobs do not combine: the Dask workers build the cases; drop --jobs")
            dask_target(dask)  # a malformed address fails before the output file is opened
        first, last = shard_bounds(count, (k, n))
        with dask_client(dask, timeout=dask_timeout) if dask is not None else nullcontext() as client:
            stream = generate_lines(
                scenario,
                count,
                seed,
                mix=mix,
                shard=(k, n),
                options=Options(payments=payments),
                jobs=jobs,
                executor=client,
                window=dask_window(client) if client is not None else None,
            )
            with closing(stream):  # on an error, what is still queued is cancelled while the cluster is up
                _write(stream, out_file, total=last - first, progress=progress)
    except CobsimError as exc:
        err.print(Text(f"error: {exc}", style="bold red"), soft_wrap=True)
        raise typer.Exit(2) from None


def _write(stream: Iterator[str], out_file: Path | None, *, total: int, progress: bool) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415

    handle = out_file.open("w", encoding="utf-8", newline="\n") if out_file else sys.stdout
    try:
        show = progress and out_file is not None and sys.stderr.isatty()
        with Progress(
            TextColumn("generating"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            disable=not show,
        ) as bar:
            task = bar.add_task("cases", total=total)
            for text in stream:
                handle.write(text)
                bar.advance(task)
    finally:
        if out_file:
            handle.close()


def scenarios_command(
    as_json: Annotated[bool, typer.Option("--json", help="print the catalogue as JSON")] = False,
) -> None:
    """List the scenarios: name, difficulty, variants, the rules each reaches, and the story."""
    from rich.table import Table  # noqa: PLC0415

    from generators.scenarios import CATALOGUE  # noqa: PLC0415

    if as_json:
        data = [
            {
                "name": s.name,
                "title": s.title,
                "description": s.description,
                "difficulty": s.difficulty,
                "rules": list(s.rules),
                "variants": list(s.variants),
                "source": s.source,
            }
            for s in sorted(CATALOGUE.values(), key=lambda s: s.name)
        ]
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    table = Table()
    table.add_column("scenario")
    table.add_column("level")
    table.add_column("variants")
    table.add_column("rules")
    table.add_column("story")
    for s in sorted(CATALOGUE.values(), key=lambda s: s.name):
        table.add_row(s.name, str(s.difficulty), ", ".join(s.variants), ", ".join(s.rules), Text(s.description))
    out.print(table)


def coverage_command(
    files: Annotated[list[Path], typer.Argument(help="generated JSONL files")],
) -> None:
    """Count cases per engine rule (from each case's expected trace rules) and list the rules never reached."""
    from rich.table import Table  # noqa: PLC0415

    from cobsim.rules.base import RuleKind  # noqa: PLC0415
    from cobsim.rules.registry import ALL_RULES  # noqa: PLC0415

    counts: Counter[str] = Counter()
    cases = 0
    for path in files:
        try:
            handle = path.open(encoding="utf-8")
        except OSError as exc:
            err.print(Text(f"error: cannot read {path}: {exc.strerror}", style="bold red"))
            raise typer.Exit(2) from None
        with handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    data = json.loads(raw)
                    rules = data["expected"]["rules"]
                except (ValueError, KeyError, TypeError):
                    err.print(
                        Text(f"error: {path}:{number} is not a generated case with expected rules", style="bold red")
                    )
                    raise typer.Exit(2) from None
                cases += 1
                counts.update(set(rules))
    table = Table(title=f"{cases} cases")
    table.add_column("rule")
    table.add_column("kind")
    table.add_column("cases", justify="right")
    missing = []
    deciding = (RuleKind.PARTICIPATION, RuleKind.ORDER, RuleKind.PAYMENT)
    for r in ALL_RULES:
        n = counts.get(r.id, 0)
        if n == 0 and r.kind in deciding:
            missing.append(r.id)
        table.add_row(r.id, r.kind.value, str(n), style="bold red" if n == 0 and r.kind in deciding else None)
    out.print(table)
    if missing:
        sys.stdout.write(f"{len(missing)} deciding rules not reached: {', '.join(missing)}\n")
        raise typer.Exit(1)
    sys.stdout.write("every participation, order and payment rule is reached\n")


def register(app: typer.Typer) -> None:
    """Entry point (``cobsim.commands``): add the generator commands to the ``cobsim`` app."""
    app.command("generate")(generate_command)
    app.command("scenarios")(scenarios_command)
    app.command("coverage")(coverage_command)
    from cobsim.conform.shrinking import register_shrinker  # noqa: PLC0415  (keeps `cobsim` start-up light)

    register_shrinker(_load_shrinker)


def _load_shrinker() -> Any:
    """``cobsim conform --shrink`` searches with the scenario strategies (hypothesis is imported only then)."""
    from generators.shrink import shrink  # noqa: PLC0415

    return shrink
