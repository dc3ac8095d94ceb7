"""Fuzzing the boundary: mutated case documents through the library's reader and the command line.

No exception may escape but cobsim's own errors; a refusal is one bounded, printable message; an accepted
document passes the published schema and solves; a schema-valid document is refused only for facts that disagree
(``tests/fuzzing.py`` has the mutations and the judge).

The suite runs a few hundred documents (``ci`` profile: well under a minute). For a long run by hand::

    HYPOTHESIS_PROFILE=thorough .venv/bin/pytest tests/test_fuzz.py      # 5x the profile's examples
    .venv/bin/python scripts/fuzz_boundaries.py --count 100000 --jobs 2  # the campaign's size, with figures
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cobsim.cli import app
from tests.fuzzing import judge, mutated_document, seed_documents

#: Five times the loaded profile's examples: 300 under ``ci``, 10,000 under ``thorough``.
EXAMPLES = settings().max_examples * 5
runner = CliRunner()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False))
def test_mutated_documents_are_refused_in_a_sentence_or_accepted_and_solved(rng: random.Random) -> None:
    doc = mutated_document(rng)
    outcome = judge(doc)
    assert outcome.verdict != "failure", f"{outcome.kind}:\n{outcome.message}\n--- document:\n{doc!r:.3000}"


@settings(max_examples=max(10, EXAMPLES // 20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False))
def test_the_command_line_reports_every_line_of_a_mutated_file(
    rng: random.Random, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Twenty mutated documents as a JSONL file: one line per bad one, the summary, exit 0 or 1, nothing raw."""
    docs = []
    for _ in range(20):
        doc = mutated_document(rng)
        data = doc if isinstance(doc, bytes) else doc.encode("utf-8", "surrogatepass")
        docs.append(data.replace(b"\n", b" ").replace(b"\r", b" "))  # one document per line
    path = tmp_path_factory.mktemp("fuzz") / "mutated.jsonl"
    path.write_bytes(b"\n".join(docs) + b"\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    out = result.output
    lines = out.splitlines()
    good, bad = (int(x.split()[0]) for x in lines[-1].split(", ")[:2])
    blank = sum(1 for d in docs if not d.strip(b" \t\r\n\x0b\x0c"))
    assert good + bad == len(docs) - blank, out[-2_000:]
    if blank == len(docs):
        assert result.exit_code == 2
    else:
        assert result.exit_code == (1 if bad else 0), out[-2_000:]
        assert len(lines) == bad + 1
    assert all(line.isprintable() for line in lines), "a raw control character reached the console"


def test_every_seed_document_is_accepted_and_solves() -> None:
    """The mutations start from valid cases: every example and one generated case per scenario."""
    for doc in seed_documents():
        outcome = judge(json.dumps(doc))
        assert outcome.verdict == "accepted", (doc["id"], outcome.kind, outcome.message)


def test_the_judge_catches_what_it_must(monkeypatch: pytest.MonkeyPatch) -> None:
    """The judge is not a test that cannot fail: a traceback, an unbounded message and a crash in the engine are
    each reported as failures."""
    import tests.fuzzing as fz

    good = json.dumps(seed_documents()[0])
    monkeypatch.setattr(fz, "case_from_json", lambda doc: (_ for _ in ()).throw(KeyError("boom")))
    assert fz.judge(good).kind == "exception while reading"
    from cobsim.errors import InvalidInput

    def flood(doc: object) -> None:
        raise InvalidInput("x" * 10_000)

    monkeypatch.setattr(fz, "case_from_json", flood)
    assert fz.judge(good).kind == "unbounded or unescaped message"
    monkeypatch.undo()
    monkeypatch.setattr(fz, "solve", lambda case: 1 / 0)
    assert fz.judge(good).kind == "accepted but solving failed"
    assert Path(fz.__file__).name == "fuzzing.py"


def _example_with(path: list[str | int], value: object) -> str:
    doc = json.loads((Path(__file__).parent.parent / "examples/payments/rc1-standard-cob.json").read_text())
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value  # type: ignore[index]
    return json.dumps(doc)


#: Documents earlier fuzz runs found judged wrongly, kept so they stay fixed.
FINDINGS = {
    "a map key that is not an id (the schema let it through)": _example_with(
        ["claim", "lines", 0, "allowed"], {"main-job$plan": "10.00"}
    ),
    "a text that is one line feed (Python's $ let it through the schema)": _example_with(["people", 0, "name"], "\n"),
    "an ESRD course with no date, alone in its list (pydantic's echoed 'too short')": _example_with(
        ["people", 0, "medicare"], {"esrd": [{}]}
    ),
}


@pytest.mark.parametrize("doc", list(FINDINGS.values()), ids=list(FINDINGS))
def test_earlier_findings_stay_fixed(doc: str) -> None:
    outcome = judge(doc)
    assert outcome.verdict == "refused", (outcome.kind, outcome.message)
