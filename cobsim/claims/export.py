"""Export a case's claim life as files: X12 (837 and 835), FHIR (a Bundle) or JSON (the claim life itself).

``case_files(case, formats)`` returns the files of one case by relative path - ``x12/<case>/01-837P-<coverage>.x12``,
``fhir/<case>.json``, ``json/<case>.json`` - and, when a format cannot be written for the case, the reason. The
same case and seed always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cobsim.claims.simulate import simulate
from cobsim.engine import solve
from cobsim.errors import CobsimError, InvalidInput
from cobsim.io import dumps, read_cases
from cobsim.model.case import Case

FORMATS = ("x12", "fhir", "json")


@dataclass
class CaseFiles:
    """The files of one case, and why a format was skipped for it."""

    case_id: str
    files: dict[str, bytes] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


def case_files(case: Case, formats: Iterable[str], *, seed: int = 0) -> CaseFiles:
    """Every file of ``case`` in ``formats`` (x12, fhir, json), by path relative to the export folder."""
    from cobsim.fhir.bundle import bundle_json, fhir_id  # noqa: PLC0415  (fhir.resources is heavy to import)
    from cobsim.x12 import x12_files  # noqa: PLC0415

    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise InvalidInput(f"unknown export format(s) {unknown}; give x12, fhir or json")
    det = solve(case)
    life = simulate(case, det, seed=seed)
    out = CaseFiles(case.id)
    folder = fhir_id(case.id)
    if "json" in wanted:
        out.files[f"json/{folder}.json"] = dumps(life.model_dump(mode="json")).encode()
    if "x12" in wanted:
        if life.status == "not_billable" or not life.submissions:
            out.skipped["x12"] = "; ".join(life.reasons) or "nothing was billed"
        else:
            for name, text in x12_files(case, life, det).items():
                out.files[f"x12/{folder}/{name}"] = text.encode()
    if "fhir" in wanted:
        try:
            out.files[f"fhir/{folder}.json"] = bundle_json(case, det, life).encode()
        except CobsimError as exc:
            out.skipped["fhir"] = str(exc)
    return out


def export_cases(path: Path, formats: Iterable[str], out: Path, *, seed: int = 0) -> Iterator[tuple[str, CaseFiles]]:
    """Write the files of every case in ``path`` (JSON or JSONL) under ``out``; yields (where, files) per case.

    Raises:
        InvalidInput: the case file cannot be read, or the output folder cannot be written.
    """
    formats = list(formats)
    for entry in read_cases(path):
        if entry.case is None:
            yield entry.where, CaseFiles(entry.where, skipped={"all": str(entry.error)})
            continue
        files = case_files(entry.case, formats, seed=seed)
        for rel, data in files.files.items():
            target = out / rel
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            except OSError as exc:
                raise InvalidInput(f"cannot write {target}: {exc.strerror}") from None
        yield entry.where, files
