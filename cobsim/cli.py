"""The ``cobsim`` command line: thin commands over the library.

Exit codes: 0 success; 1 a check failed (a bad case in ``validate``, a mismatch in ``check``); 2 bad input
(unreadable file, malformed case, bad option).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cobsim import schema as schema_mod
from cobsim.claims import commands as claims_commands
from cobsim.engine import solve as solve_case
from cobsim.errors import CobsimError, InvalidCase, InvalidInput
from cobsim.graph import payer_graph, render
from cobsim.io import dumps, read_case, read_cases
from cobsim.model.case import Case
from cobsim.model.codes import RuleSet
from cobsim.render import determination_data, prose, tables
from cobsim.rules.registry import ALL_RULES
from cobsim.timeline import timeline as build
from cobsim.trace import Determination

app = typer.Typer(
    name="cobsim",
    help="Coordination of Benefits reference engine: who pays first, and why.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=False, width=160)
err = Console(stderr=True, highlight=False)

CaseFile = Annotated[Path, typer.Argument(help="a case file (.json)", show_default=False)]
RuleSetOpt = Annotated[RuleSet | None, typer.Option("--ruleset", help="NAIC edition; default: the case's own ruleset")]


def line(text: str) -> None:
    """One plain output line, never wrapped (machine-readable reports)."""
    sys.stdout.write(text.replace("\n", " ") + "\n")


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(Text(f"error: {message}", style="bold red"))
    raise typer.Exit(code)


def solve_or_exit(case: Case, ruleset: RuleSet | None) -> Determination:
    try:
        return solve_case(case, ruleset=ruleset)
    except CobsimError as exc:
        _fail(f"case '{case.id}': {exc}")


def read_case_or_exit(path: Path) -> Case:
    try:
        return read_case(path)
    except CobsimError as exc:
        _fail(str(exc))


@app.command()
def solve(
    case_file: CaseFile,
    as_json: Annotated[bool, typer.Option("--json", help="print the determination as JSON")] = False,
    ruleset: RuleSetOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="show note steps in the trace")] = False,
) -> None:
    """Decide the payer order of a case and show the trace."""
    case = read_case_or_exit(case_file)
    det = solve_or_exit(case, ruleset)
    if as_json:
        sys.stdout.write(dumps(determination_data(det)))
        return
    out.print(tables(det, case, verbose=verbose))
    if case.expected is not None:
        ok = not expected_problems(case, det)
        out.print(
            Text(
                "expected answer: " + ("matches" if ok else "DIFFERS: " + "; ".join(expected_problems(case, det))),
                style="green" if ok else "bold red",
            )
        )


@app.command()
def explain(case_file: CaseFile, ruleset: RuleSetOpt = None) -> None:
    """Explain the decision in plain sentences, each with its rule and citation."""
    case = read_case_or_exit(case_file)
    det = solve_or_exit(case, ruleset)
    sys.stdout.write(prose(det, case))


@app.command()
def schema() -> None:
    """Print the JSON Schema (2020-12) of the case format."""
    sys.stdout.write(dumps(schema_mod.case_schema()))


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="case files: .json (one case or a list) or .jsonl")],
) -> None:
    """Check case files against the format; one line per bad case, non-zero exit if any is bad."""
    bad = good = 0
    for path in files:
        try:
            for entry in read_cases(path):
                if entry.error is not None:
                    bad += 1
                    line(f"{entry.where}: {entry.error}")
                else:
                    good += 1
        except InvalidInput as exc:
            bad += 1
            line(f"{path}: {exc}")
    line(f"{good} valid, {bad} invalid")
    if bad:
        raise typer.Exit(1)


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="fixture files with expected answers (.json or .jsonl)")],
    ruleset: RuleSetOpt = None,
) -> None:
    """Solve every case that carries an expected answer and report those where the engine differs."""
    total = differ = 0
    for path in files:
        for entry in read_cases(path):
            if entry.case is None or entry.case.expected is None:
                if entry.error is not None:
                    differ += 1
                    line(f"{entry.where}: {entry.error}")
                continue
            total += 1
            try:
                det = solve_case(entry.case, ruleset=ruleset)
            except CobsimError as exc:
                differ += 1
                line(f"{entry.where} ({entry.case.id}): {exc}")
                continue
            problems = expected_problems(entry.case, det)
            if problems:
                differ += 1
                line(f"{entry.where} ({entry.case.id}): " + "; ".join(problems))
    line(f"{total} cases checked, {differ} differ")
    if differ:
        raise typer.Exit(1)


@app.command()
def rules(
    as_json: Annotated[bool, typer.Option("--json", help="print the rules as JSON")] = False,
) -> None:
    """List every rule: id, title, citations, and the text of every documented choice it may use."""
    if as_json:
        data = [
            {
                "id": r.id,
                "kind": r.kind.value,
                "title": r.title,
                "authority": r.authority.name.lower(),
                "citations": [c.as_dict() for c in r.citations],
                "choices": list(r.choices),
                "summary": r.summary,
            }
            for r in ALL_RULES
        ]
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(show_lines=True)
    table.add_column("rule")
    table.add_column("kind")
    table.add_column("title and documented choices")
    table.add_column("citations")
    for r in ALL_RULES:
        title = Text(r.title)
        for choice in r.choices:
            title.append(f"\nChoice: {choice}", style="yellow")
        cites = Text("\n".join(str(c) for c in r.citations))
        table.add_row(r.id, r.kind.value, title, cites)
    out.print(table)


@app.command()
def timeline(
    case_file: CaseFile,
    start: Annotated[str, typer.Option("--from", help="first month, YYYY-MM or YYYY-MM-DD")],
    end: Annotated[str, typer.Option("--to", help="last month, YYYY-MM or YYYY-MM-DD")],
    as_json: Annotated[bool, typer.Option("--json", help="print the months as JSON")] = False,
    ruleset: RuleSetOpt = None,
) -> None:
    """Show, month by month, who is primary and why the answer changes with the service date."""
    case = read_case_or_exit(case_file)
    try:
        first, last = _month(start, "--from"), _month(end, "--to")
        months = build(case, first, last, ruleset=ruleset)
    except CobsimError as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(dumps([m.as_data() for m in months]))
        return
    table = Table(title=f"{case.id}: payer order by month", title_justify="left")
    table.add_column("month")
    table.add_column("order")
    table.add_column("primary decided by")
    table.add_column("what changed")
    for m in months:
        order = " > ".join(m.order) if m.order else "(none)"
        style = "bold" if m.changed else ""
        table.add_row(f"{m.month:%Y-%m}", Text(order, style=style), m.deciding_rule or "", Text(m.change or ""))
    out.print(table)


@app.command()
def graph(
    case_file: CaseFile,
    output: Annotated[Path, typer.Option("--out", "-o", help="file to write: .svg, .png or .dot")],
    engine: Annotated[str, typer.Option("--engine", help="auto (Graphviz if installed), dot, or matplotlib")] = "auto",
    ruleset: RuleSetOpt = None,
) -> None:
    """Draw the payer chain of a case: family, coverages, primary -> secondary -> ... -> patient."""
    case = read_case_or_exit(case_file)
    det = solve_or_exit(case, ruleset)
    try:
        if engine not in ("auto", "dot", "matplotlib"):
            raise InvalidInput(f"--engine {engine!r}: give auto, dot or matplotlib")
        used = render(payer_graph(case, det), output, engine=engine)
    except CobsimError as exc:
        _fail(str(exc))
    line(f"wrote {output} ({used})")


def _month(text: str, option: str) -> date:
    try:
        parts = [int(x) for x in text.split("-")]
        if len(parts) == 2:
            return date(parts[0], parts[1], 1)
        if len(parts) == 3:
            return date(parts[0], parts[1], parts[2])
    except ValueError:
        pass
    raise InvalidInput(f"{option} {text!r} is not a date: give YYYY-MM or YYYY-MM-DD")


def expected_problems(case: Case, det: Determination) -> list[str]:
    """How the determination differs from the case's expected answer (empty when it matches)."""
    exp = case.expected
    if exp is None:
        return []
    problems = []
    if tuple(exp.order) != det.order:
        problems.append(f"order {list(det.order)} != expected {list(exp.order)}")
    if exp.status != det.status:
        problems.append(f"status {det.status.value} != expected {exp.status.value}")
    missing = [r for r in exp.rules if r not in det.rules_used]
    if missing:
        problems.append(f"rules not in trace: {missing}")
    present = [r for r in exp.rules_absent if r in det.rules_used]
    if present:
        problems.append(f"rules that should not be in the trace: {present}")
    if exp.conditional is not None:
        conditional = {p.coverage for p in det.positions if p.conditional}
        if conditional != set(exp.conditional):
            problems.append(f"conditional payers {sorted(conditional)} != expected {sorted(exp.conditional)}")
    if exp.not_taking_part is not None and set(exp.not_taking_part) != {e.coverage for e in det.excluded}:
        problems.append("not-taking-part differs")
    pay = det.payments
    if exp.payments is not None or exp.patient_owes is not None or exp.write_off is not None:
        if pay is None or not pay.complete:
            problems.append(
                "expected payments, but none were computed" + (f" ({' '.join(pay.reasons)})" if pay else "")
            )
        else:
            for cid, amount in (exp.payments or {}).items():
                paid = pay.paid.get(cid)
                if paid != amount:
                    problems.append(f"{cid} pays {paid} != expected {amount}")
            if exp.patient_owes is not None and pay.patient != exp.patient_owes:
                problems.append(f"patient owes {pay.patient} != expected {exp.patient_owes}")
            if exp.write_off is not None and pay.write_off != exp.write_off:
                problems.append(f"write-off {pay.write_off} != expected {exp.write_off}")
    return problems


# the claim's life and interchange (X12, FHIR): `cobsim claims`, `cobsim export`, `cobsim import-fhir`
claims_commands.register(app)


def load_plugins() -> None:
    """Add commands that installed packages register under the ``cobsim.commands`` entry point group."""
    for entry in entry_points(group="cobsim.commands"):
        entry.load()(app)


def main() -> None:
    """Entry point of the ``cobsim`` console script."""
    load_plugins()
    try:
        app()
    except InvalidCase as exc:  # pragma: no cover - commands catch their own
        err.print(Text(f"error: {exc}", style="bold red"))
        raise SystemExit(2) from None


__all__ = ["app", "main"]


if __name__ == "__main__":  # pragma: no cover - `python -m cobsim.cli`
    main()
