"""The payer-chain graph: structure, DOT text, and both renderers."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest

from cobsim import solve
from cobsim.errors import InvalidInput
from cobsim.graph import payer_graph, render, to_dot
from cobsim.io import parse_case
from tests.conftest import EXAMPLES

FOUR = EXAMPLES / "naic" / "c08-step-parents-four-plans.json"


def load(path: Path):  # type: ignore[no-untyped-def]
    case = parse_case(json.loads(path.read_text(), parse_float=Decimal))
    return case, solve(case)


def test_four_plan_step_family_chain() -> None:
    case, det = load(FOUR)
    g = payer_graph(case, det)
    assert nx.is_directed_acyclic_graph(g)
    chain = sorted((a, b) for a, b, d in g.edges(data=True) if d["kind"] == "chain")
    by_cov = {d["coverage"]: n for n, d in g.nodes(data=True) if d["kind"] == "coverage"}
    expected = [by_cov[c] for c in det.order] + ["bal"]
    assert len(det.order) == 4
    assert chain == sorted(pairwise(expected))
    people = [n for n, d in g.nodes(data=True) if d["kind"] == "person"]
    assert len(people) == len(case.people)
    subscriber_edges = [e for e in g.edges(data=True) if e[2]["kind"] == "subscriber"]
    assert len(subscriber_edges) == 4
    assert g.nodes["bal"]["label"] == f"patient owes ${det.payments.patient:,.2f}"


def test_chain_edges_follow_the_order_and_name_the_rule() -> None:
    case, det = load(FOUR)
    g = payer_graph(case, det)
    node_of = {d["coverage"]: n for n, d in g.nodes(data=True) if d["kind"] == "coverage"}
    for a, b in pairwise(det.order):
        edge = g.edges[node_of[a], node_of[b]]
        assert edge["kind"] == "chain"
        assert edge["rule"] == "naic.custodial_parent"
        assert "patient balance $" in edge["label"]


def test_excluded_coverages_hang_off_the_chain() -> None:
    case, det = load(EXAMPLES / "injury" / "injury-wc-horizon-bill-carrier-directly.json")
    g = payer_graph(case, det)
    excluded = [d for _, d in g.nodes(data=True) if d["kind"] == "coverage" and not d["taking_part"]]
    assert len(excluded) == 1
    assert "not taking part (injury.workers_comp_exclusive)" in excluded[0]["label"]


def test_dot_ids_are_opaque_and_text_is_escaped() -> None:
    case, det = load(FOUR)
    dot = to_dot(payer_graph(case, det))
    ids = re.findall(r"^\s+(\w+) \[label=", dot, flags=re.M)
    assert ids
    assert all(re.fullmatch(r"[pcu]\d+|bal", i) for i in ids)
    assert '"' not in "".join(re.findall(r'label="((?:[^"\\]|\\.)*)"', dot)).replace('\\"', "")
    assert dot == to_dot(payer_graph(case, det))


def test_hostile_names_cannot_break_the_dot() -> None:
    raw = json.loads(FOUR.read_text(), parse_float=Decimal)
    raw["people"][0]["name"] = 'Eve"] ; x -> y [label="pwned'
    case = parse_case(raw)
    dot = to_dot(payer_graph(case, solve(case)))
    assert 'Eve\\"] ; x -> y [label=\\"pwned' in dot
    assert "x -> y" not in dot.replace('\\"] ; x -> y [label=\\"', "")


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_matplotlib_fallback_writes_a_file(tmp_path: Path, suffix: str) -> None:
    case, det = load(FOUR)
    out = tmp_path / f"chain.{suffix}"
    assert render(payer_graph(case, det), out, engine="matplotlib") == "matplotlib"
    assert out.stat().st_size > 1000


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_graphviz_renders_svg(tmp_path: Path) -> None:
    case, det = load(FOUR)
    out = tmp_path / "chain.svg"
    assert render(payer_graph(case, det), out) == "dot"
    assert "<svg" in out.read_text()


def test_unsupported_format_is_refused(tmp_path: Path) -> None:
    case, det = load(FOUR)
    with pytest.raises(InvalidInput, match=r"use \.svg, \.png or \.dot"):
        render(payer_graph(case, det), tmp_path / "chain.pdf")
