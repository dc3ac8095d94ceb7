"""Joining pairwise answers (cobsim.join): stronger authority prevails, equal-authority loops are named."""

from __future__ import annotations

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from cobsim.join import Edge, join

NODES = [f"c{i}" for i in range(7)]


@st.composite
def answers(draw: st.DrawFn, *, authorities: tuple[int, ...] = (1, 2, 3)) -> tuple[list[str], list[Edge]]:
    n = draw(st.integers(1, len(NODES)))
    nodes = NODES[:n]
    edges = []
    for i in range(n):
        for j in range(i + 1, n):
            if draw(st.booleans()):
                a, b = (nodes[i], nodes[j]) if draw(st.booleans()) else (nodes[j], nodes[i])
                edges.append(Edge(a, b, draw(st.sampled_from(authorities)), len(edges)))
    return nodes, edges


def _rank(ranks: tuple[tuple[str, ...], ...]) -> dict[str, int]:
    return {x: i for i, r in enumerate(ranks) for x in r}


@given(answers())
def test_every_coverage_is_ranked_once(data: tuple[list[str], list[Edge]]) -> None:
    nodes, edges = data
    joined = join(nodes, edges)
    flat = [x for r in joined.ranks for x in r]
    assert sorted(flat) == sorted(nodes)


@given(answers())
def test_kept_answers_hold_unless_in_a_loop(data: tuple[list[str], list[Edge]]) -> None:
    nodes, edges = data
    joined = join(nodes, edges)
    rank = _rank(joined.ranks)
    looped = {x for lp in joined.loops for x in lp.cycle}
    for e in joined.kept:
        if rank[e.first] == rank[e.second]:
            assert e.first in looped or e.second in looped
        else:
            assert rank[e.first] < rank[e.second]
    assert len(joined.kept) + len(joined.gave_way) == len(edges)


@given(answers())
def test_an_answer_gives_way_only_to_strictly_stronger_ones(data: tuple[list[str], list[Edge]]) -> None:
    nodes, edges = data
    joined = join(nodes, edges)
    for g in joined.gave_way:
        assert g.path[0] == g.edge.second
        assert g.path[-1] == g.edge.first
        assert len(g.via) == len(g.path) - 1
        for step, via in zip(zip(g.path, g.path[1:], strict=False), g.via, strict=True):
            assert (via.first, via.second) == step
            assert via.authority > g.edge.authority


@given(answers(authorities=(2,)))
def test_without_loops_the_ranks_are_topological_generations(data: tuple[list[str], list[Edge]]) -> None:
    nodes, edges = data
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((e.first, e.second) for e in edges)
    joined = join(nodes, edges)
    if nx.is_directed_acyclic_graph(graph):
        assert joined.loops == ()
        assert joined.gave_way == ()
        assert joined.ranks == tuple(tuple(sorted(g)) for g in nx.topological_generations(graph))
    else:  # one authority: a cycle is a loop, never a give-way
        assert joined.loops
        assert joined.gave_way == ()


def test_a_loop_of_equal_authority_is_named_and_shares_a_rank() -> None:
    edges = [Edge("a", "b", 2, 0), Edge("b", "c", 2, 1), Edge("c", "a", 2, 2), Edge("d", "a", 2, 3)]
    joined = join(["a", "b", "c", "d"], edges)
    assert joined.ranks == (("d",), ("a", "b", "c"))
    assert len(joined.loops) == 1
    assert set(joined.loops[0].cycle) == {"a", "b", "c"}
    assert {(e.first, e.second) for e in joined.loops[0].edges} == {("a", "b"), ("b", "c"), ("c", "a")}


def test_federal_answers_prevail_over_a_state_loop() -> None:
    edges = [Edge("g1", "m", 3, 0), Edge("m", "g2", 3, 1), Edge("g2", "g1", 2, 2)]
    joined = join(["g1", "g2", "m"], edges)
    assert joined.ranks == (("g1",), ("m",), ("g2",))
    assert joined.loops == ()
    (g,) = joined.gave_way
    assert g.edge.payload == 2
    assert g.path == ("g1", "m", "g2")


def test_joining_is_fast_enough_for_the_size_limit() -> None:
    """Not a timing test: 32 coverages and all 496 pairs are joined with a bounded amount of work."""
    nodes = [f"c{i:02d}" for i in range(32)]
    edges = [
        Edge(nodes[i], nodes[j], 2, k) for k, (i, j) in enumerate((i, j) for i in range(32) for j in range(i + 1, 32))
    ]
    joined = join(nodes, edges)
    assert joined.ranks == tuple((x,) for x in nodes)
