"""Reports of a conformance run: JSON (every case), JUnit XML (for CI) and one self-contained HTML page."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from cobsim import __version__
from cobsim.conform.run import STATUSES, Run
from cobsim.rules.registry import RULES_BY_ID

REPORT_FORMAT = "cobsim-conform-report/1"


def summary(run: Run) -> dict[str, Any]:
    counts = run.counts()
    graded = counts["pass"] + counts["fail"]
    return {
        "cases": len(run.results),
        **{s: counts[s] for s in STATUSES},
        "pass_rate": round(counts["pass"] / graded, 4) if graded else None,
        "seconds": round(run.seconds, 3),
        "engine_seconds": round(run.engine_seconds, 3),
    }


def by_rule(run: Run) -> dict[str, Counter[str]]:
    """Results per deciding rule id (a case counts under every rule its expected answer names)."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for r in run.results:
        for rule in r.rules:
            table[rule][r.status] += 1
    return dict(sorted(table.items()))


def broken_rules(run: Run) -> list[dict[str, Any]]:
    """Each rule the engine broke, with its citation and how many failing cases show it, most first."""
    counts = Counter(rule for r in run.results for rule in r.broken)
    return [
        {"id": rule, "title": RULES_BY_ID[rule].title, "citation": str(RULES_BY_ID[rule].citation), "cases": n}
        for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def by_family(run: Run) -> dict[str, Counter[str]]:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for r in run.results:
        for fam in sorted({RULES_BY_ID[x].family for x in r.rules}) or ["(no rule)"]:
            table[fam][r.status] += 1
    return dict(sorted(table.items()))


def report_data(run: Run, baseline: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "synthetic": True,
        "cobsim_version": __version__,
        "engine": run.engine,
        "fixtures": run.fixtures,
        "tolerance": str(run.tolerance),
        "summary": summary(run),
        "by_family": {k: dict(v) for k, v in by_family(run).items()},
        "by_rule": {k: dict(v) for k, v in by_rule(run).items()},
        "broken_rules": broken_rules(run),
        "cases": [r.as_dict() for r in run.results],
    }
    if baseline is not None:
        data["baseline"] = compare(baseline, data)
    return data


def load_baseline(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read the baseline report ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != REPORT_FORMAT:
        raise ValueError(f"{path}: not a cobsim conformance report (format {REPORT_FORMAT})")
    return data


def compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[str]]:
    """Which cases (by id) were fixed, regressed, or are new or gone since the baseline report."""
    before = {c["id"]: c["status"] for c in old.get("cases", [])}
    after = {c["id"]: c["status"] for c in new["cases"]}
    return {
        "fixed": sorted(i for i, s in after.items() if s == "pass" and before.get(i, "pass") != "pass"),
        "regressed": sorted(i for i, s in after.items() if s != "pass" and before.get(i) == "pass"),
        "new": sorted(set(after) - set(before)),
        "gone": sorted(set(before) - set(after)),
    }


def write_json(data: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def write_junit(run: Run, path: Path) -> None:
    counts = run.counts()
    suite = ET.Element(
        "testsuite",
        name=f"cobsim conformance: {run.engine['name']} {run.engine['version']}",
        tests=str(len(run.results)),
        failures=str(counts["fail"]),
        errors=str(counts["error"]),
        skipped=str(counts["skip"]),
        time=f"{run.seconds:.3f}",
    )
    for r in run.results:
        case = ET.SubElement(suite, "testcase", classname=f"cobsim.{r.scenario}", name=r.id, time=f"{r.seconds:.4f}")
        if r.status == "fail":
            text = (
                "\n".join(r.diff) + "\nrules broken: " + ", ".join(f"{x} ({RULES_BY_ID[x].citation})" for x in r.broken)
            )
            ET.SubElement(case, "failure", message=r.reason).text = text
        elif r.status == "error":
            ET.SubElement(case, "error", message=r.reason)
        elif r.status == "skip":
            ET.SubElement(case, "skipped", message=r.reason)
    root = ET.Element("testsuites", name="cobsim conformance")
    root.append(suite)
    ET.indent(root)
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")


_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;
vertical-align:top}th{background:#f4f4f4}.pass{color:#1a7f37}.fail{color:#b42318}.error{color:#9a6700}
.skip{color:#666}pre{margin:0;white-space:pre-wrap}.note{color:#555}
"""


def _e(value: Any) -> str:
    return html.escape(str(value))


def _rate_rows(table: dict[str, Counter[str]], cite: bool) -> str:
    rows = []
    for key, c in table.items():
        graded = c["pass"] + c["fail"]
        rate = f"{c['pass'] / graded:.0%}" if graded else "-"
        extra = ""
        if cite:
            rule = RULES_BY_ID[key]
            extra = f"<td>{_e(rule.title)}<br><span class=note>{_e(rule.citation)}</span></td>"
        rows.append(
            f"<tr><td><code>{_e(key)}</code></td>{extra}<td>{rate}</td>"
            + "".join(f"<td class={s}>{c[s]}</td>" for s in STATUSES)
            + "</tr>"
        )
    head = "<tr><th>id</th>" + ("<th>rule and citation</th>" if cite else "") + "<th>pass rate</th>"
    return "<table>" + head + "".join(f"<th>{s}</th>" for s in STATUSES) + "</tr>" + "".join(rows) + "</table>"


def write_html(data: dict[str, Any], path: Path, *, max_cases: int = 500) -> None:
    s = data["summary"]
    rate = "-" if s["pass_rate"] is None else f"{s['pass_rate']:.1%}"
    parts = [
        "<!doctype html><html lang=en><meta charset=utf-8>",
        f"<title>cobsim conformance: {_e(data['engine']['name'])}</title><style>{_CSS}</style>",
        f"<h1>Conformance of {_e(data['engine']['name'])} {_e(data['engine']['version'])}</h1>",
        f"<p class=note>cobsim {_e(data['cobsim_version'])}; fixtures {_e(data['fixtures'])}; amounts to within "
        f"{_e(data['tolerance'])}. All cases are synthetic.</p>",
        f"<p><b>{s['cases']}</b> cases: <span class=pass>{s['pass']} pass</span>, <span class=fail>{s['fail']} fail"
        f"</span>, <span class=error>{s['error']} error</span>, <span class=skip>{s['skip']} skip</span>. "
        f"Pass rate (pass / graded): <b>{rate}</b>.</p>",
    ]
    if "baseline" in data:
        b = data["baseline"]
        parts.append(
            f"<h2>Since the baseline</h2><p>fixed {len(b['fixed'])}, regressed {len(b['regressed'])}, "
            f"new {len(b['new'])}, gone {len(b['gone'])}</p>"
        )
        if b["regressed"]:
            parts.append("<p>Regressed: " + ", ".join(f"<code>{_e(i)}</code>" for i in b["regressed"][:100]) + "</p>")
    broken = "".join(
        f"<tr><td><code>{_e(b['id'])}</code></td><td>{_e(b['title'])}</td><td>{_e(b['citation'])}</td>"
        f"<td>{b['cases']}</td></tr>"
        for b in data["broken_rules"]
    )
    parts.append(
        "<h2>Rules the engine broke</h2><table><tr><th>rule</th><th>what it says</th><th>citation</th>"
        f"<th>failing cases</th></tr>{broken}</table>"
    )
    parts.append("<h2>By rule family</h2>" + _rate_rows({k: Counter(v) for k, v in data["by_family"].items()}, False))
    parts.append("<h2>By rule</h2>" + _rate_rows({k: Counter(v) for k, v in data["by_rule"].items()}, True))
    bad = [c for c in data["cases"] if c["status"] in ("fail", "error")]
    parts.append(f"<h2>Failing and erroring cases ({len(bad)})</h2>")
    if len(bad) > max_cases:
        parts.append(f"<p class=note>The first {max_cases} are shown; the JSON report has them all.</p>")
    rows = []
    for c in bad[:max_cases]:
        exp = c["expected"]
        expected = " &gt; ".join(_e(x) for x in exp.get("order", []))
        if exp.get("payments"):
            expected += "<br>" + ", ".join(f"{_e(k)} pays {_e(v)}" for k, v in exp["payments"].items())
        actual = _e(json.dumps(c["actual"], sort_keys=True)[:400]) if c["actual"] is not None else "-"
        rules = "<br>".join(
            f"<code>{_e(r['id'])}</code> {_e(r['title'])} - {_e(r['citation'])}" for r in c["broken_rules"]
        )
        rows.append(
            f"<tr><td><code>{_e(c['id'])}</code><br><span class=note>{_e(c['scenario'])}</span></td>"
            f"<td class={c['status']}>{c['status']}</td><td>{expected}</td><td><pre>{actual}</pre></td>"
            f"<td>{'<br>'.join(_e(d) for d in c['diff']) or _e(c['reason'])}</td><td>{rules}</td></tr>"
        )
    parts.append(
        "<table><tr><th>case</th><th>result</th><th>expected</th><th>the engine said</th><th>difference</th>"
        "<th>rule broken, with citation</th></tr>" + "".join(rows) + "</table>"
    )
    path.write_text("".join(parts) + "\n", encoding="utf-8")
