"""The ``cobsim claims``, ``cobsim export`` and ``cobsim import-fhir`` commands (registered by :mod:`cobsim.cli`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cobsim.errors import CobsimError, InvalidInput
from cobsim.io import case_to_json, dumps, read_case

out = Console(highlight=False, soft_wrap=False, width=180)
err = Console(stderr=True, highlight=False)

STYLE = {
    "deny": "bold red",
    "late": "bold red",
    "pend": "yellow",
    "release": "yellow",
    "crossover": "cyan",
    "rebill": "bold",
    "remit": "green",
    "patient_bill": "bold",
}


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(Text(f"error: {message}", style="bold red"))
    return typer.Exit(code)


def claims_command(
    case_file: Annotated[Path, typer.Argument(help="a case file (.json)", show_default=False)],
    seed: Annotated[int, typer.Option("--seed", help="seed of the dates the case does not give")] = 0,
    send_first: Annotated[
        str | None, typer.Option("--send-first", help="a coverage id: the biller sends the claim there first")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the claim's life as JSON")] = False,
) -> None:
    """Show the claim's life: who is billed when, each payer's remittance, crossover, denials, the patient's bill."""
    from cobsim.claims.simulate import simulate  # noqa: PLC0415
    from cobsim.model.billing import BillingHistory  # noqa: PLC0415

    try:
        case = read_case(case_file)
        if send_first is not None:
            if send_first not in {c.id for c in case.coverages}:
                raise InvalidInput(f"--send-first {send_first!r} is not a coverage of the case")
            billing = case.claim.billing or BillingHistory()
            claim = case.claim.model_copy(update={"billing": billing.model_copy(update={"sent_first_to": send_first})})
            case = case.model_copy(update={"claim": claim})
        life = simulate(case, seed=seed)
    except CobsimError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        sys.stdout.write(dumps(life.model_dump(mode="json")))
        return
    table = Table(title=f"{case.id}: the claim's life ({life.form}, charge ${life.charge:,.2f})", title_justify="left")
    table.add_column("date", no_wrap=True)
    table.add_column("step", no_wrap=True)
    table.add_column("who")
    table.add_column("what happens", ratio=3)
    table.add_column("source", ratio=2)
    for e in life.events:
        table.add_row(f"{e.on}", Text(e.kind, style=STYLE.get(e.kind, "")), Text(e.actor), Text(e.text), Text(e.source))
    out.print(table)
    if life.status != "complete" or life.reasons:
        out.print(Text(f"status: {life.status} - " + " ".join(life.reasons), style="yellow"))
    if life.patient_owes is not None:
        out.print(
            Text(
                f"patient owes ${life.patient_owes:,.2f}; provider writes off ${life.write_off or 0:,.2f}", style="bold"
            )
        )


def export_command(
    cases_file: Annotated[Path, typer.Argument(help="cases: .json or .jsonl", show_default=False)],
    *,
    formats: Annotated[list[str], typer.Option("--format", "-f", help="x12, fhir or json (repeatable)")],
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="folder to write the files into")] = None,
    zip_file: Annotated[
        Path | None, typer.Option("--zip", help="also write a fixture ZIP: cases.jsonl with these folders")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="seed of the dates the cases do not give")] = 0,
    validate: Annotated[
        bool, typer.Option("--validate", help="check every X12 file with pyx12 and its balances; FHIR with the models")
    ] = False,
) -> None:
    """Write each case's claim life as X12 837/835 files, a FHIR R4 Bundle, or JSON."""
    from cobsim.claims.export import FORMATS, export_cases  # noqa: PLC0415

    try:
        bad = [f for f in formats if f not in FORMATS]
        if bad:
            raise InvalidInput(f"--format {bad[0]!r}: give x12, fhir or json")
        if out_dir is None and zip_file is None:
            raise InvalidInput("give --out DIR, --zip FILE or both")
        cases = files = skipped = invalid = unbalanced = 0
        if out_dir is not None:
            for where, result in export_cases(cases_file, formats, out_dir, seed=seed):
                cases += 1
                files += len(result.files)
                for fmt, why in result.skipped.items():
                    skipped += 1
                    sys.stdout.write(f"{where} ({result.case_id}): no {fmt}: {why}\n")
                if validate:
                    i, u = _validate(result.files)
                    invalid += i
                    unbalanced += u
            sys.stdout.write(f"{cases} cases, {files} files written to {out_dir}, {skipped} skipped\n")
            if validate:
                sys.stdout.write(f"validation: {invalid} invalid, {unbalanced} unbalanced\n")
        if zip_file is not None:
            _write_zip(cases_file, formats, zip_file)
            sys.stdout.write(f"wrote {zip_file}\n")
    except CobsimError as exc:
        raise _fail(str(exc)) from None
    if invalid or unbalanced:
        raise typer.Exit(1)


def _validate(files: dict[str, bytes]) -> tuple[int, int]:
    from cobsim.x12.balance import balance_problems  # noqa: PLC0415
    from cobsim.x12.validate import validate_x12  # noqa: PLC0415

    invalid = unbalanced = 0
    for name, data in files.items():
        if not name.startswith("x12/"):
            continue
        text = data.decode()
        verdict = validate_x12(text)
        if not verdict.ok:
            invalid += 1
            sys.stdout.write(f"{name}: pyx12: {' | '.join(verdict.errors)[:500]}\n")
        problems = balance_problems(text)
        if problems:
            unbalanced += 1
            sys.stdout.write(f"{name}: does not balance: {'; '.join(problems)}\n")
    return invalid, unbalanced


def _write_zip(cases_file: Path, formats: list[str], zip_file: Path) -> None:
    from cobsim.io import read_cases  # noqa: PLC0415
    from cobsim.services.fixtures import build_zip  # noqa: PLC0415

    lines: list[str] = []
    seeds: set[int] = set()
    scenarios: set[str] = set()
    for entry in read_cases(cases_file):
        if entry.case is None:
            raise InvalidInput(f"{entry.where}: {entry.error}")
        lines.append(case_to_json(entry.case, indent=None))
        if entry.case.meta.scenario:
            scenarios.add(entry.case.meta.scenario)
        if entry.case.meta.seed is not None:
            seeds.add(entry.case.meta.seed)
    interchange = [f for f in formats if f in ("x12", "fhir")]
    data = build_zip(
        lines,
        seed=0,
        scenarios=sorted(scenarios),
        faker_version="not recorded (cases read from a file)",
        extra={"source": cases_file.name},
        interchange=interchange,
    )
    try:
        zip_file.write_bytes(data)
    except OSError as exc:
        raise InvalidInput(f"cannot write {zip_file}: {exc.strerror}") from None


def import_fhir_command(
    bundle_file: Annotated[Path, typer.Argument(help="a FHIR R4 Bundle (.json)", show_default=False)],
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help="write the case here (default: stdout)")] = None,
) -> None:
    """Build a case from a FHIR Bundle (Patient, RelatedPerson, Coverage, Claim) and say which COB facts it lacks."""
    from cobsim.fhir.importer import read_bundle  # noqa: PLC0415

    try:
        try:
            text = bundle_file.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"cannot read {bundle_file}: {exc.strerror}") from None
        imported = read_bundle(text)
    except CobsimError as exc:
        raise _fail(str(exc)) from None
    if imported.missing:
        err.print(Text("The bundle does not carry these COB facts (assumptions stated):", style="bold yellow"))
        for m in imported.missing:
            err.print(Text(f"  - {m}", style="yellow"))
    else:
        err.print(Text("The bundle carried every fact of the case (cobsim cob-facts extension).", style="green"))
    body = case_to_json(imported.case)
    if out_file is None:
        sys.stdout.write(body)
    else:
        try:
            out_file.write_text(body, encoding="utf-8")
        except OSError as exc:
            raise _fail(f"cannot write {out_file}: {exc.strerror}") from None


def register(app: typer.Typer) -> None:
    """Add the claim-life and interchange commands to the ``cobsim`` app."""
    app.command("claims")(claims_command)
    app.command("export")(export_command)
    app.command("import-fhir")(import_fhir_command)
