"""Fixture bundles: a deterministic ZIP of generated cases with their expected answers.

The ZIP holds ``cases.jsonl`` (one case per line, each with ``expected``), ``case.schema.json`` (the JSON Schema),
``manifest.json`` (cobsim and faker versions, seed, scenarios, counts, the sha256 of every other file) and a
``README.txt`` that says the data is synthetic. Entries carry a fixed timestamp, so the same cases give the same
bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from cobsim import __version__
from cobsim.schema import case_schema

FIXED_TIME = (1980, 1, 1, 0, 0, 0)

README = """cobsim fixture set - SYNTHETIC DATA

Every person, employer, payer, identifier and amount in this bundle is synthetic. SSNs come only from the 9xx
area the Social Security Administration never issues; Medicare ids start with FAKE; member ids with SYN.
Nothing here describes a real person or a real plan.

Files
  cases.jsonl        one case per line, in cobsim's case format {schema}, each with its expected answer:
                     payer order, status, the rules in the trace, coverages not taking part, conditional payers,
                     and (when the claim has lines) each payer's payment, the patient's balance and the write-off.
  case.schema.json   JSON Schema (draft 2020-12) of a case.
  manifest.json      versions, seed, scenarios, counts, and the sha256 of each file.
  x12/, fhir/        (when asked for) each case's claim life as X12 5010 837 claims and 835 remittances (test
                     interchanges, ISA15 = T) and as a FHIR R4 Bundle (tagged HTEST, synthetic); a case with
                     nothing to bill has no X12 files and is listed in the manifest's "interchange" block.

Run your engine on each case and compare with "expected"; `cobsim check cases.jsonl` shows cobsim's own check.
"""


_SCENARIO = re.compile(r'"scenario":\s*"([^"\\]*)"')


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    # Level 1 is fast and the JSONL still shrinks about 4x. zf.open(info, "w") takes the level from the info;
    # Python 3.13 calls the attribute compress_level and keeps _compresslevel as an alias.
    info._compresslevel = 1  # type: ignore[attr-defined]
    return info


def build_zip(
    lines: Iterable[str],
    *,
    seed: int,
    scenarios: list[str],
    faker_version: str,
    extra: dict[str, Any] | None = None,
    interchange: Sequence[str] = (),
) -> bytes:
    """A fixture ZIP from JSONL ``lines`` (each a case with ``expected`` and ``meta``).

    ``cases.jsonl`` is compressed as the lines arrive, so when ``lines`` comes from worker processes the
    compression overlaps with their work; the manifest, written last, holds its sha256. ``interchange`` (``x12``,
    ``fhir``) adds each case's claim files in ``x12/`` and ``fhir/`` folders, every one listed with its sha256.
    """
    buffer = io.BytesIO()
    per_scenario: Counter[str] = Counter()
    total = 0
    digest = hashlib.sha256()
    size = 0
    kept: list[str] = []
    listed_extra: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(buffer, "w") as zf:
        with zf.open(_info("cases.jsonl"), "w") as out:
            for line in lines:
                data = (line if line.endswith("\n") else line + "\n").encode()
                out.write(data)
                digest.update(data)
                size += len(data)
                total += 1
                found = _SCENARIO.search(line)  # the scenario name, without parsing the whole case
                per_scenario[found.group(1) if found else "unknown"] += 1
                if interchange:
                    kept.append(line)
        interchange_info = _write_interchange(zf, kept, interchange, listed_extra) if interchange else None
        files = {
            "case.schema.json": (json.dumps(case_schema(), indent=2, sort_keys=True) + "\n").encode(),
            "README.txt": README.format(schema="1.0").encode(),
        }
        listed = {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)} for name, data in files.items()
        }
        listed["cases.jsonl"] = {"sha256": digest.hexdigest(), "bytes": size}
        listed.update(listed_extra)
        manifest = {
            "synthetic": True,
            "cobsim_version": __version__,
            "faker_version": faker_version,
            "seed": seed,
            "scenarios": sorted(scenarios),
            "count": total,
            "cases_per_scenario": dict(sorted(per_scenario.items())),
            "files": dict(sorted(listed.items())),
            **({"interchange": interchange_info} if interchange_info is not None else {}),
            **(extra or {}),
        }
        files["manifest.json"] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
        for name in ("README.txt", "manifest.json", "case.schema.json"):
            zf.writestr(_info(name), files[name])
    return buffer.getvalue()


def _write_interchange(
    zf: zipfile.ZipFile, lines: list[str], formats: Sequence[str], listed: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Write each case's X12 and FHIR files into ``zf`` (listing them in ``listed``); returns the manifest block."""
    from cobsim.claims.export import case_files  # noqa: PLC0415  (only bundles with interchange files need it)
    from cobsim.io import case_from_json  # noqa: PLC0415

    counts: Counter[str] = Counter()
    skipped: list[dict[str, str]] = []
    for line in lines:
        case = case_from_json(line)
        files = case_files(case, formats)
        for name, data in files.files.items():
            zf.writestr(_info(name), data)
            listed[name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            counts[name.split("/", 1)[0]] += 1
        for fmt, why in files.skipped.items():
            skipped.append({"case": case.id, "format": fmt, "reason": why})
    return {"formats": sorted(formats), "files": dict(sorted(counts.items())), "skipped": skipped}


def verify_zip(data: bytes) -> dict[str, Any]:
    """Check a fixture ZIP's files against its manifest; returns the manifest.

    Raises:
        ValueError: a file is missing or its checksum differs.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest: dict[str, Any] = json.loads(zf.read("manifest.json"))
        for name, info in manifest["files"].items():
            content = zf.read(name)
            if hashlib.sha256(content).hexdigest() != info["sha256"]:
                raise ValueError(f"{name}: checksum does not match the manifest")
    return manifest
