"""Reports of a conformance run: ``report.json`` (every case), ``junit.xml`` (for CI), ``report.html`` (for people).

Results are streamed: :class:`Recorder` writes each case to a spool file as it is graded and keeps only counts and
the first failing cases, so memory does not grow with the answers' size. The whole answer of a case is kept inline
when it is at most :data:`INLINE_ANSWER` bytes; a longer answer of a failing or erroring case goes to
``answers/NNNNNN.json`` (within :data:`ANSWER_BUDGET` bytes for the run), and the reports link to it.

Every string an engine wrote has been cleaned (:mod:`cobsim.conform.text`) before it gets here; the XML writer
also drops the few characters XML 1.0 forbids, and the HTML comes from an autoescaped Jinja2 template, so no
answer can break a report.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from cobsim import __version__
from cobsim.conform.fixtures import RuleSet
from cobsim.conform.grading import STATUSES, Status
from cobsim.conform.run import Result, Run
from cobsim.conform.text import clean, dumps_sorted
from cobsim.rules.registry import RULES_BY_ID

REPORT_FORMAT = "cobsim-conform-report/2"
BASELINE_FORMATS = ("cobsim-conform-report/1", REPORT_FORMAT)
INLINE_ANSWER = 16 * 1024  #: answers up to this size are kept in report.json itself
ANSWER_BUDGET = 64 * 1024 * 1024  #: at most this much of longer failing answers is kept in answers/
SPOOL = ".cases.spool.jsonl"
JUNIT_SPOOL = ".junit.spool.xml"
_XML_BAD = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ATTR_AS_IS = re.compile('[&<>"\x00-\x1f\ud800-\udfff\ufffe\uffff]')  # what quoteattr or _XML_BAD would change
_ANSWER_FILE = re.compile(r"[0-9]{6}\.json")


def rate(counts: dict[str, int]) -> float | None:
    """Pass rate over everything graded, errors included (skips are not graded)."""
    graded = counts.get("pass", 0) + counts.get("fail", 0) + counts.get("error", 0)
    return round(counts.get("pass", 0) / graded, 4) if graded else None


class Recorder:
    """Receives each result as it is graded (``run(..., on_result=recorder)``) and writes the reports at the end."""

    def __init__(
        self, out_dir: Path, *, max_html_cases: int = 500, keep_statuses: bool = False, shrink_limit: int = 0
    ) -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self.answers_dir = out_dir / "answers"
        if self.answers_dir.is_dir():  # answers of an earlier run in this folder (only the kit's own files)
            for old in self.answers_dir.iterdir():
                if _ANSWER_FILE.fullmatch(old.name):
                    old.unlink()
        self._spool: IO[bytes] = (out_dir / SPOOL).open("wb")
        self._junit: IO[str] = (out_dir / JUNIT_SPOOL).open("w", encoding="utf-8", newline="\n")
        self.rules_seen: set[str] = set()
        self._rule_sets: set[RuleSet] = set()  #: those whose rules are in rules_seen
        self.max_html_cases = max_html_cases
        self.counts: Counter[str] = Counter()
        self._by_family: dict[str, Counter[str]] = defaultdict(Counter)
        self._by_rule: dict[str, Counter[str]] = defaultdict(Counter)
        self._tallies: Counter[tuple[RuleSet, str, Status, tuple[tuple[str, Status], ...]]] = Counter()
        self.broken: Counter[str] = Counter()
        self.failing: list[dict[str, Any]] = []
        self.failing_total = 0
        self.first: list[Result] = []
        self.statuses: dict[str, str] | None = {} if keep_statuses else None
        self.shrink_limit = shrink_limit
        self.to_shrink: dict[str, Result] = {}
        self.answer_bytes = 0

    def __call__(self, result: Result) -> None:
        rec = result.fields()
        seconds = round(result.seconds, 6)
        text = result.answer_text
        data = text.encode("utf-8") if text is not None else None
        size = len(data) if data is not None else 0
        rec["actual_bytes"] = size
        rec["actual_file"] = None
        status = result.status
        failing = status in ("fail", "error")
        inline = None  # the answer kept in report.json: JSON whitespace for line breaks (a string holds none raw)
        inline_data = None
        if data is not None and size <= INLINE_ANSWER:
            inline_data = data.replace(b"\r", b" ").replace(b"\n", b" ")
            if failing:
                inline = inline_data.decode("utf-8")
        elif text is not None and failing:
            if self.answer_bytes + size <= ANSWER_BUDGET:
                self.answers_dir.mkdir(exist_ok=True)
                name = f"{result.index:06d}.json"
                (self.answers_dir / name).write_text(text, encoding="utf-8")
                self.answer_bytes += size
                rec["actual_file"] = f"answers/{name}"
            else:
                rec["notes"].append(f"the answer ({size:,} bytes) was not kept: the run's answer budget is spent")
        if result.answer_raw is not None:
            rec["actual_text"] = result.answer_raw
        self._spool.write(_spool_line(rec, seconds, inline_data, result.plain))
        rec["seconds"] = seconds
        self._junit.write(_junit_case(rec, inline))
        rules = result.rule_set
        if rules is None or rules not in self._rule_sets:
            self.rules_seen.update(result.rules)
            if rules is not None:
                self._rule_sets.add(rules)
        self.counts[status] += 1
        if result.diffs or result.rule_set is None:
            self._count(result)
        else:  # the same rules, track, status and parts count the same: tallied here, added up when asked for
            self._tallies[(result.rule_set, result.track, status, tuple(result.parts.items()))] += 1
        if failing:
            self.broken.update(result.broken)
            self.failing_total += 1
            if len(self.failing) < self.max_html_cases:
                rec["actual"] = inline
                self.failing.append(rec)
            if len(self.first) < 10:
                self.first.append(result)
        if self.statuses is not None:
            self.statuses[result.id] = status
        if (
            status == "fail"
            and result.case is not None
            and result.scenario not in self.to_shrink
            and len(self.to_shrink) < self.shrink_limit
        ):
            self.to_shrink[result.scenario] = result
        else:
            result.case = None  # nothing of the case is held beyond this point

    def _count(self, result: Result, times: int = 1) -> None:
        """Add a result (``times`` over) to the tables by rule and by family."""
        for rule, status in result.counted():
            self._by_rule[rule][status] += times
        for fam, status in result.families().items():
            self._by_family[fam][status] += times
        if not result.rules and (result.parts or result.status == "error"):
            self._by_family["(no rule)"][result.status] += times

    def _add_tallies(self) -> None:
        for (rules, track, status, parts), times in self._tallies.items():
            model = Result(0, "", "", "", track, status, "", {}, rules.rules, rules.order_rules, rules.payment_rules)
            model.parts = dict(parts)
            self._count(model, times)
        self._tallies.clear()

    @property
    def by_rule(self) -> dict[str, Counter[str]]:
        """Statuses counted by rule, over the results so far (each rule under the part it belongs to)."""
        self._add_tallies()
        return self._by_rule

    @property
    def by_family(self) -> dict[str, Counter[str]]:
        """Statuses counted by rule family (parts not graded do not count)."""
        self._add_tallies()
        return self._by_family

    # -- the reports

    def data(self, run: Run, *, fixtures: dict[str, Any], extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Everything of report.json but the cases."""
        summary = run.summary()
        summary.update({s: self.counts[s] for s in STATUSES})
        summary["cases"] = sum(self.counts.values())
        summary["graded"] = self.counts["pass"] + self.counts["fail"] + self.counts["error"]
        summary["pass_rate"] = rate(self.counts)
        out: dict[str, Any] = {
            "format": REPORT_FORMAT,
            "synthetic": True,
            "cobsim_version": __version__,
            "engine": run.engine,
            "track": run.settings.track,
            "tolerance": str(run.settings.tolerance),
            "conventions": run.settings.conventions.as_dict(),
            "fixtures": fixtures,
            "summary": summary,
            "fatal": run.fatal,
            "by_family": {k: dict(v) for k, v in sorted(self.by_family.items())},
            "by_rule": {k: dict(v) for k, v in sorted(self.by_rule.items())},
            "broken_rules": [
                {"id": r, "title": RULES_BY_ID[r].title, "citation": str(RULES_BY_ID[r].citation), "cases": n}
                for r, n in sorted(self.broken.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "rules": {
                r: {
                    "title": RULES_BY_ID[r].title,
                    "citation": str(RULES_BY_ID[r].citation),
                    "kind": RULES_BY_ID[r].kind.value,
                    "family": RULES_BY_ID[r].family,
                }
                for r in sorted(self.rules_seen)
            },
        }
        out.update(extra or {})
        return out

    def _cases(self) -> Iterator[bytes]:
        with (self.out_dir / SPOOL).open("rb") as handle:
            for line in handle:
                yield line.rstrip(b"\n")

    def write(self, data: dict[str, Any]) -> None:
        """Write report.json, junit.xml and report.html, then drop the spools."""
        self._spool.close()
        self._junit.close()
        write_json(data, self._cases(), self.out_dir / "report.json")
        with (self.out_dir / JUNIT_SPOOL).open(encoding="utf-8") as cases:
            write_junit(data, cases, self.out_dir / "junit.xml")
        write_html(data, self.failing, self.failing_total, self.out_dir / "report.html")
        (self.out_dir / SPOOL).unlink(missing_ok=True)
        (self.out_dir / JUNIT_SPOOL).unlink(missing_ok=True)


def write_json(data: dict[str, Any], cases: Iterable[bytes], path: Path) -> None:
    """report.json: ``data`` with the ``cases`` (each one line of JSON, UTF-8) last."""
    head = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    with path.open("wb") as out:
        out.write((head[:-2] + ',\n  "cases": [').encode("utf-8"))
        sep = b"\n    "
        for line in cases:
            out.write(sep)
            out.write(line)
            sep = b",\n    "
        out.write(b"\n  ]\n}\n")


def _spool_line(rec: dict[str, Any], seconds: float, inline: bytes | None, plain: bool) -> bytes:
    """A case of report.json, as one line (UTF-8): ``rec`` and ``seconds`` with sorted keys, then ``"actual"``, the
    answer as it came (JSON text) or null. orjson writes it when the fixture's numbers allow (``plain``); then
    ``seconds``, a float, is written as the json module writes it (``1e-05``, not ``0.00001``)."""
    body = dumps_sorted(rec) if plain else None
    at = body.rfind(b',"status":"') if body is not None else -1  # the keys after "seconds" hold strings only
    if body is None or at < 0:
        line = json.dumps({**rec, "seconds": seconds}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        actual = "null" if inline is None else inline.decode("utf-8")
        return f'{line[:-1]},"actual":{actual}}}\n'.encode()
    return b"".join(
        (body[:at], b',"seconds":', repr(seconds).encode(), body[at:-1], b',"actual":', inline or b"null", b"}\n")
    )


def load_baseline(path: Path) -> dict[str, str]:
    """Case id -> status from an earlier report.json (format /1 or /2).

    Raises:
        ValueError: not readable, or not a conformance report.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise ValueError(f"{path}: cannot read the baseline report ({clean(exc, 120)})") from None
    if not isinstance(data, dict) or data.get("format") not in BASELINE_FORMATS:
        raise ValueError(f"{path}: not a cobsim conformance report (format {' or '.join(BASELINE_FORMATS)})")
    cases = data.get("cases")
    if not isinstance(cases, list):
        raise ValueError(f"{path}: the report has no list of cases")
    return {str(c.get("id")): str(c.get("status")) for c in cases if isinstance(c, dict)}


def compare(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    """Which cases (by id) were fixed, regressed, or are new or gone since the baseline report."""
    return {
        "fixed": sorted(i for i, s in after.items() if s == "pass" and before.get(i, "pass") != "pass"),
        "regressed": sorted(i for i, s in after.items() if s != "pass" and before.get(i) == "pass"),
        "new": sorted(set(after) - set(before)),
        "gone": sorted(set(before) - set(after)),
    }


# ------------------------------------------------------------------------------------------------- JUnit XML


def _x(value: object) -> str:
    return escape(_XML_BAD.sub("\ufffd", str(value)))


def _a(value: object) -> str:
    if type(value) is str and _ATTR_AS_IS.search(value) is None:
        return f'"{value}"'  # what quoteattr gives text without markup, quotes, line breaks or forbidden characters
    return quoteattr(_XML_BAD.sub("\ufffd", str(value)))


@functools.lru_cache(maxsize=4096)
def _classname(scenario: str) -> str:
    return _a("cobsim." + scenario)


def _case_text(c: dict[str, Any]) -> str:
    lines = [d["text"] for d in c["diff"]] or [c["reason"]]
    if c["broken_rules"]:
        cited = (f"{r} ({RULES_BY_ID[r].citation})" for r in c["broken_rules"])
        lines.append("rules broken: " + "; ".join(cited))
    lines += c["notes"]
    exp = c["expected"]
    lines.append(f"expected: {exp.get('status') or 'determined'} {' > '.join(exp.get('order') or []) or '(none)'}")
    if exp.get("payments"):
        lines.append("expected payments: " + ", ".join(f"{k} {v}" for k, v in exp["payments"].items()))
    return "\n".join(lines)


def _junit_case(c: dict[str, Any], inline: str | None) -> str:
    """One ``<testcase>`` of junit.xml (written as the case is graded, so the report is never re-read)."""
    head = f'    <testcase classname={_classname(c["scenario"])} name={_a(c["id"])} time="{c["seconds"]:.4f}"'
    status = c["status"]
    if status == "pass":
        return head + "/>\n"
    tag = {"fail": "failure", "error": "error", "skip": "skipped"}[status]
    kind = ",".join(sorted({d["part"] for d in c["diff"]})) or status
    body = _case_text(c) if status != "skip" else ""
    out = [head + ">\n", f"      <{tag} message={_a(c['reason'])} type={_a(kind)}>{_x(body)}</{tag}>\n"]
    if status in ("fail", "error"):
        shown = (
            inline
            or c.get("actual_text")
            or (
                f"the full answer ({c['actual_bytes']:,} bytes) is in {c['actual_file']}"
                if c.get("actual_file")
                else "no answer"
            )
        )
        out.append(f"      <system-out>{_x('the engine answered: ' + shown)}</system-out>\n")
    out.append("    </testcase>\n")
    return "".join(out)


def write_junit(data: dict[str, Any], cases: IO[str], path: Path) -> None:
    """JUnit XML in the shape every CI reads (Jenkins, GitLab, GitHub): one testsuite, one testcase per case."""
    s = data["summary"]
    fatal = data.get("fatal")
    engine = data["engine"]
    name = f"cobsim conformance: {engine.get('name')} {engine.get('version')} ({data['track']} track)"
    errors = s["error"] + (1 if fatal else 0)
    tests = s["cases"] + (1 if fatal else 0)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(
            f'<testsuites name={_a("cobsim conformance")} tests="{tests}" failures="{s["fail"]}" '
            f'errors="{errors}" skipped="{s["skip"]}" time="{s["seconds"]:.3f}">\n'
        )
        out.write(
            f'  <testsuite name={_a(name)} tests="{tests}" failures="{s["fail"]}" errors="{errors}" '
            f'skipped="{s["skip"]}" time="{s["seconds"]:.3f}">\n    <properties>\n'
        )
        props = {
            "cobsim_version": data["cobsim_version"],
            "track": data["track"],
            "tolerance": data["tolerance"],
            "conventions": json.dumps(data["conventions"], sort_keys=True),
            "fixtures": data["fixtures"].get("path"),
            "fixtures_verified": data["fixtures"].get("verification"),
            "pass_rate": s["pass_rate"],
            "synthetic": "true",
        }
        for key, value in props.items():
            out.write(f"      <property name={_a(key)} value={_a(value)}/>\n")
        out.write("    </properties>\n")
        while chunk := cases.read(1 << 16):
            out.write(chunk)
        if fatal:
            out.write(
                f'    <testcase classname="cobsim.run" name="fixture set" time="0">\n'
                f'      <error message={_a(fatal)} type="fatal">{_x(fatal)}</error>\n    </testcase>\n'
            )
        out.write("  </testsuite>\n</testsuites>\n")


# ------------------------------------------------------------------------------------------------- HTML


def _rows(table: dict[str, dict[str, int]], cite: bool) -> list[dict[str, Any]]:
    rows = []
    for key, counts in table.items():
        row: dict[str, Any] = {"key": key, "counts": [counts.get(s, 0) for s in STATUSES], "rate": rate(counts)}
        if cite and key in RULES_BY_ID:
            row["title"], row["citation"] = RULES_BY_ID[key].title, str(RULES_BY_ID[key].citation)
        rows.append(row)
    return rows


def write_html(data: dict[str, Any], failing: list[dict[str, Any]], failing_total: int, path: Path) -> None:
    """One self-contained page from the autoescaped template ``templates/report.html.j2``."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape  # noqa: PLC0415

    env = Environment(
        loader=PackageLoader("cobsim.conform", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["tojson_text"] = lambda v: json.dumps(v, indent=2, sort_keys=True, ensure_ascii=False)
    page = env.get_template("report.html.j2").render(
        d=data,
        statuses=STATUSES,
        families=_rows(data["by_family"], cite=False),
        rules=_rows(data["by_rule"], cite=True),
        failing=failing,
        failing_total=failing_total,
    )
    path.write_text(page, encoding="utf-8", errors="replace")
