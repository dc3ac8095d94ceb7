"""The ``cobsim`` command line: thin commands over the library.

Exit codes: 0 success; 3 an internal error (a bug: please report it); 1 a check failed (a bad case in ``validate``, a bad case or a mismatch in ``check``); 2 bad
input (a file that cannot be read or holds no case, a malformed case given to ``solve``/``explain``, a bad
option). ``validate`` and ``check`` stream JSONL files line by line, report each bad line with its number, and
always end with a summary line.

Nothing read from input reaches the terminal raw: every line printed goes through
:func:`cobsim.model.base.escape`, which writes control and bidirectional characters as escapes.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
import typer.main
from typer.core import TyperGroup
from typer.models import CommandInfo

from cobsim.errors import CobsimError, InvalidInput
from cobsim.model.base import escape, quote
from cobsim.model.codes import RuleSet
from cobsim.model.limits import DATE_MAX, DATE_MIN

if TYPE_CHECKING:
    from rich.console import Console
    from typer import _click

    from cobsim.model.case import Case
    from cobsim.rules import jurisdictions as jur
    from cobsim.trace import Determination

# Start-up: `cobsim solve` imports the engine and nothing else. Every command imports what it needs in its body
# (networkx and matplotlib only in `graph`, the JSON Schema only in `schema`, rich only to print a table or an
# error); the conformance kit, the claims and interchange commands and the commands of installed packages (the
# ``cobsim.commands`` entry points: the generators) are imported only when the command line names one of them or
# asks for the list of commands (see :class:`_Commands`).


def _register_conform(target: typer.Typer) -> None:
    from cobsim.conform.cli import conform_command  # noqa: PLC0415  (the conformance kit)

    target.command("conform")(conform_command)


def _register_claims(target: typer.Typer) -> None:
    # the claim's life and interchange (X12, FHIR): `cobsim claims`, `cobsim export`, `cobsim import-fhir`
    from cobsim.claims import commands as claims_commands  # noqa: PLC0415

    claims_commands.register(target)


def _register_plugins(target: typer.Typer) -> None:
    """Add the commands that installed packages register under the ``cobsim.commands`` entry point group."""
    from importlib.metadata import entry_points  # noqa: PLC0415

    for entry in entry_points(group="cobsim.commands"):
        entry.load()(target)


#: The commands that live in heavy modules, in the order `cobsim --help` lists them (after this module's own
#: commands and before the installed packages'): the names a registration adds, the registration, and whether the
#: command also needs the installed packages' commands (`conform --shrink` uses the shrinker the generators
#: register).
_LAZY: tuple[tuple[tuple[str, ...], Callable[[typer.Typer], None], bool], ...] = (
    (("conform",), _register_conform, True),
    (("claims", "export", "import-fhir"), _register_claims, False),
)


class _Commands(TyperGroup):
    """The ``cobsim`` group: a command is built (its options read from its signature) when the command line names
    it, and its module imported then; a name that is none of cobsim's own loads the installed packages' commands.
    The help, which lists every command, builds them all. What each command is, says and does is the same either
    way."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._registered: set[Callable[[typer.Typer], None]] = set()

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        if cmd_name not in self.commands:
            lazy = next((entry for entry in _LAZY if cmd_name in entry[0]), None)
            if cmd_name in _own_commands():
                self._add_own(cmd_name)
            elif lazy is not None:
                self._add(lazy[1])
                if lazy[2]:
                    self._add(_register_plugins)
            else:
                self._add_all()
        return self.commands.get(cmd_name)

    def list_commands(self, ctx: _click.Context) -> list[str]:
        self._add_all()
        own = list(_own_commands())
        lazy = [name for names, _, _ in _LAZY for name in names]
        others = [name for name in self.commands if name not in own and name not in lazy]
        return [name for name in (*own, *lazy) if name in self.commands] + others

    def _add_all(self) -> None:
        for name in _own_commands():
            self._add_own(name)
        for _, registration, _ in _LAZY:
            self._add(registration)
        self._add(_register_plugins)

    def _add_own(self, name: str) -> None:
        if name not in self.commands:
            self.commands[name] = typer.main.get_command_from_info(
                _own_commands()[name],
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )

    def _add(self, registration: Callable[[typer.Typer], None]) -> None:
        """Run ``registration`` (once) on a scratch app with this app's settings; add the commands it registers."""
        if registration in self._registered:
            return
        self._registered.add(registration)
        scratch = typer.Typer(
            add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=app.rich_markup_mode
        )
        registration(scratch)
        for name, command in typer.main.get_group(scratch).commands.items():
            self.commands.setdefault(name, command)


def _group() -> None:
    """Runs before every command (and does nothing): it makes ``app`` a group while its commands are held apart."""


app = typer.Typer(
    name="cobsim",
    help="Coordination of Benefits reference engine: who pays first, and why.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_Commands,
    callback=_group,
)
#: This module's commands, registered here rather than on ``app`` so that ``_Commands`` builds only the one named.
_own = typer.Typer()


@cache
def _own_commands() -> dict[str, CommandInfo]:
    """This module's commands by name, in the order they are defined."""
    return {
        info.name or typer.main.get_command_name(info.callback.__name__): info
        for info in _own.registered_commands
        if info.callback
    }


@cache
def out() -> Console:
    """The console of the tables (made when first used: `solve --json` never imports rich)."""
    from rich.console import Console  # noqa: PLC0415

    return Console(highlight=False, soft_wrap=False, width=160)


@cache
def err() -> Console:
    """The console of the error lines."""
    from rich.console import Console  # noqa: PLC0415

    return Console(stderr=True, highlight=False)


CaseFile = Annotated[Path, typer.Argument(help="a case file (.json)", show_default=False)]
RuleSetOpt = Annotated[RuleSet | None, typer.Option("--ruleset", help="NAIC edition; default: the case's own ruleset")]


def line(text: str) -> None:
    """One plain output line, never wrapped (machine-readable reports), with control characters escaped."""
    sys.stdout.write(escape(text.replace("\n", " ")) + "\n")


def _fail(message: str, code: int = 2) -> NoReturn:
    from rich.text import Text  # noqa: PLC0415

    shown = "\n".join(escape(part) for part in message.split("\n"))
    err().print(Text(f"error: {shown}", style="bold red"), soft_wrap=True)
    raise typer.Exit(code)


def solve_or_exit(case: Case, ruleset: RuleSet | None) -> Determination:
    from cobsim.engine import solve as solve_case  # noqa: PLC0415

    try:
        return solve_case(case, ruleset=ruleset)
    except CobsimError as exc:
        _fail(f"case '{case.id}': {exc}")


def read_case_or_exit(path: Path) -> Case:
    from cobsim.io import read_case  # noqa: PLC0415

    try:
        return read_case(path)
    except CobsimError as exc:
        _fail(str(exc))


@_own.command()
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
        from cobsim.io import dumps  # noqa: PLC0415
        from cobsim.render import determination_data  # noqa: PLC0415

        sys.stdout.write(dumps(determination_data(det)))
        return
    from rich.text import Text  # noqa: PLC0415

    from cobsim.render import tables  # noqa: PLC0415

    out().print(tables(det, case, verbose=verbose))
    if case.expected is not None:
        ok = not expected_problems(case, det)
        out().print(
            Text(
                "expected answer: " + ("matches" if ok else "DIFFERS: " + "; ".join(expected_problems(case, det))),
                style="green" if ok else "bold red",
            )
        )


@_own.command()
def explain(case_file: CaseFile, ruleset: RuleSetOpt = None) -> None:
    """Explain the decision in plain sentences, each with its rule and citation."""
    from cobsim.render import prose  # noqa: PLC0415

    case = read_case_or_exit(case_file)
    det = solve_or_exit(case, ruleset)
    sys.stdout.write(prose(det, case))


@_own.command()
def schema() -> None:
    """Print the JSON Schema (2020-12) of the case format."""
    from cobsim import schema as schema_mod  # noqa: PLC0415
    from cobsim.io import dumps  # noqa: PLC0415

    sys.stdout.write(dumps(schema_mod.case_schema()))


@_own.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="case files: .json (one case or a list) or .jsonl")],
) -> None:
    """Check case files against the format; one line per bad case and a summary. Exit 1 if any case is bad,
    2 if a file cannot be read or holds no case."""
    from cobsim.io import read_cases  # noqa: PLC0415

    bad = good = unreadable = 0
    for path in files:
        try:
            for entry in read_cases(path):
                if entry.error is not None:
                    bad += 1
                    line(f"{entry.where}: {entry.error}")
                else:
                    good += 1
        except InvalidInput as exc:
            unreadable += 1
            line(str(exc))
    line(f"{good} valid, {bad} invalid" + _unreadable(unreadable))
    _exit(unreadable, bad)


def _unreadable(count: int) -> str:
    return f", {count} file{'s' if count != 1 else ''} could not be read" if count else ""


def _exit(unreadable: int, bad: int) -> None:
    if unreadable:
        raise typer.Exit(2)
    if bad:
        raise typer.Exit(1)


@_own.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="fixture files with expected answers (.json or .jsonl)")],
    ruleset: RuleSetOpt = None,
) -> None:
    """Solve every case that carries an expected answer and report those where the engine differs (and bad
    cases). Exit 1 if any differs or is bad, 2 if a file cannot be read or holds no case."""
    from cobsim.engine import solve as solve_case  # noqa: PLC0415
    from cobsim.io import read_cases  # noqa: PLC0415

    total = differ = bad = unreadable = 0
    for path in files:
        try:
            for entry in read_cases(path):
                if entry.error is not None:
                    bad += 1
                    line(f"{entry.where}: {entry.error}")
                    continue
                if entry.case is None or entry.case.expected is None:
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
        except InvalidInput as exc:
            unreadable += 1
            line(str(exc))
    summary = f"{total} cases checked, {differ} differ"
    if bad:
        summary += f", {bad} invalid"
    line(summary + _unreadable(unreadable))
    _exit(unreadable, differ + bad)


@_own.command()
def rules(
    state: Annotated[
        str | None,
        typer.Option("--state", help="list how this state's profile differs from the NAIC default, with sources"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the rules as JSON")] = False,
) -> None:
    """List every rule: id, title, citations, and the text of every documented choice it may use (or, with --state,
    how a state's profile differs from the NAIC default)."""
    from cobsim.rules.registry import ALL_RULES  # noqa: PLC0415

    if state is not None:
        _state_differences(state)
        return
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
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

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
    out().print(table)


def _cite_text(entry: jur.ChoiceEntry) -> str:
    return "; ".join(str(c) for c in entry.citations)


def _state_differences(state: str) -> None:
    """Print a state's profile: where it differs from the default, with dates and sources, and where it agrees."""
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    from cobsim.rules import jurisdictions as jur  # noqa: PLC0415

    code = state.strip().upper()
    if not jur.has_profile(code):
        known = ", ".join(sorted(c for c in jur.profiles() if c != jur.DEFAULT))
        _fail(f"--state {state!r}: there is no profile for that state; profiles exist for {known}")
    prof, default = jur.profile(code), jur.profile(None)
    line(f"{prof.name} ({prof.code}): {' '.join(prof.summary.split())}")
    if prof.order is not None:
        cites = "; ".join(str(c.citation()) for c in prof.order.cite)
        line(f"Order rules: {prof.order.title} [{prof.order.rule}] - {cites}")
    table = Table(title=f"{prof.name}: differences from the NAIC model default", title_justify="left")
    for column in ("question", "dates", prof.name, "default", "sources"):
        table.add_column(column, overflow="fold")
    same: list[str] = []
    for key, entries in prof.choices.items():
        for entry in entries:
            when = entry.from_ or entry.until
            theirs = default.entry(key, when) if when is not None else default.entry(key, entry.until or _FAR_PAST)
            if theirs is not None and theirs.value == entry.value:
                same.append(f"{jur.CHOICE_TITLES[key]} ({entry.span()}): {entry.value} - {_cite_text(entry)}")
                continue
            table.add_row(
                jur.CHOICE_TITLES[key],
                entry.span(),
                Text(f"{entry.value}: {' '.join(entry.text.split())}"),
                Text(theirs.value if theirs is not None else "(no such option)"),
                Text(_cite_text(entry) + (f" - note: {' '.join(entry.note.split())}" if entry.note else "")),
            )
            if key == "order_edition":
                table.add_row("", "", Text(_edition_rules(RuleSet(entry.value))), "", "")
    if table.row_count:
        out().print(table)
    else:
        line(f"{prof.name} does not differ from the NAIC model default on any question the engine models.")
    for item in same:
        line(f"Same as the default: {item}")


_FAR_PAST = date(1900, 1, 1)


def _edition_rules(edition: RuleSet) -> str:
    """Which rules an edition adds or drops, by their rule sets."""
    from cobsim.rules.registry import ALL_RULES  # noqa: PLC0415

    only = [r.id for r in ALL_RULES if r.rulesets == frozenset({edition})]
    dropped = [r.id for r in ALL_RULES if edition not in r.rulesets]
    parts = []
    if only:
        parts.append("rules only this edition has: " + ", ".join(only))
    if dropped:
        parts.append("rules it does not have: " + ", ".join(dropped))
    return "; ".join(parts)


@_own.command()
def timeline(
    case_file: CaseFile,
    start: Annotated[str, typer.Option("--from", help="first month, YYYY-MM or YYYY-MM-DD")],
    end: Annotated[str, typer.Option("--to", help="last month, YYYY-MM or YYYY-MM-DD")],
    as_json: Annotated[bool, typer.Option("--json", help="print the months as JSON")] = False,
    ruleset: RuleSetOpt = None,
) -> None:
    """Show, month by month, who is primary and why the answer changes with the service date."""
    from cobsim.timeline import timeline as build  # noqa: PLC0415

    case = read_case_or_exit(case_file)
    try:
        first, last = _month(start, "--from"), _month(end, "--to")
        months = build(case, first, last, ruleset=ruleset)
    except CobsimError as exc:
        _fail(str(exc))
    if as_json:
        from cobsim.io import dumps  # noqa: PLC0415

        sys.stdout.write(dumps([m.as_data() for m in months]))
        return
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    table = Table(title=f"{case.id}: payer order by month", title_justify="left")
    table.add_column("month")
    table.add_column("order")
    table.add_column("primary decided by")
    table.add_column("what changed")
    for m in months:
        order = " > ".join(m.order) if m.order else "(none)"
        style = "bold" if m.changed else ""
        table.add_row(f"{m.month:%Y-%m}", Text(order, style=style), m.deciding_rule or "", Text(m.change or ""))
    out().print(table)


@_own.command()
def graph(
    case_file: CaseFile,
    output: Annotated[Path, typer.Option("--out", "-o", help="file to write: .svg, .png or .dot")],
    engine: Annotated[str, typer.Option("--engine", help="auto (Graphviz if installed), dot, or matplotlib")] = "auto",
    ruleset: RuleSetOpt = None,
) -> None:
    """Draw the payer chain of a case: family, coverages, primary -> secondary -> ... -> patient."""
    from cobsim.graph import payer_graph, render  # noqa: PLC0415  (networkx; matplotlib when drawing with it)

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
    day: date | None = None
    try:
        parts = [int(x) for x in text.split("-")] if text.isascii() and len(text) <= 10 else []
        if len(parts) == 2:
            day = date(parts[0], parts[1], 1)
        elif len(parts) == 3:
            day = date(parts[0], parts[1], parts[2])
    except ValueError:
        pass
    if day is None:
        raise InvalidInput(f"{option} {quote(text)} is not a date: give YYYY-MM or YYYY-MM-DD")
    if not DATE_MIN <= day <= DATE_MAX:
        raise InvalidInput(f"{option} {day} is outside the dates cobsim accepts ({DATE_MIN} to {DATE_MAX})")
    return day


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


def load_plugins() -> None:
    """Add to ``app`` the commands that installed packages register under the ``cobsim.commands`` entry point group
    (`cobsim` itself adds them when a command line needs them)."""
    _register_plugins(app)


def main() -> None:
    """Entry point of the ``cobsim`` console script.

    A cobsim error that a command did not catch is printed as its sentence (exit 2). Any other exception is a
    bug in cobsim: it is reported in one sentence (exit 3), with the traceback only when ``COBSIM_DEBUG`` is set.
    """
    try:
        app()
    except CobsimError as exc:  # pragma: no cover - commands catch their own
        from rich.text import Text  # noqa: PLC0415

        err().print(Text(f"error: {escape(str(exc))}", style="bold red"))
        raise SystemExit(2) from None
    except Exception as exc:
        if os.environ.get("COBSIM_DEBUG"):
            raise
        from rich.text import Text  # noqa: PLC0415

        err().print(
            Text(
                f"internal error: {type(exc).__name__}: {escape(str(exc))[:300]} - this is a bug in cobsim; please "
                "report it with the input (COBSIM_DEBUG=1 shows the traceback)",
                style="bold red",
            )
        )
        raise SystemExit(3) from None


__all__ = ["app", "main"]


if __name__ == "__main__":  # pragma: no cover - `python -m cobsim.cli`
    main()
