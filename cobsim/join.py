"""Joining pairwise answers into one payer order.

The order rules answer one pair at a time ("A pays before B"). This module joins those answers into ranks:

* Answers are taken strongest authority first (federal law, then state regulation, then plan terms). An answer
  that contradicts what answers of *strictly stronger* authority already imply gives way: the stronger law
  prevails, and the path of stronger answers it contradicts is reported.
* Answers of the *same* authority that contradict each other form a loop (A before B before C before A). Nothing
  in the sources says which of them yields, so the loop is reported with its answers named and its coverages
  share one rank: the order among them is indeterminate.
* The ranks are the topological generations of what is left (coverages in one generation share a rank).

Reachability is kept as one bitset (a Python ``int``) per coverage and recomputed once per authority level with
Warshall's algorithm, so a contradiction is found in constant time per answer and a level costs ``O(n**2)`` bitset
operations for ``n`` coverages: linear in the number of pairs.

Examples:
    >>> j = join(["a", "b", "c"], [Edge("a", "b", 2, "r1"), Edge("b", "c", 2, "r2")])
    >>> j.ranks
    (('a',), ('b',), ('c',))
    >>> j = join(["a", "b", "c"], [Edge("a", "b", 2, "r"), Edge("b", "c", 2, "r"), Edge("c", "a", 2, "r")])
    >>> j.ranks, [x.cycle for x in j.loops]
    ((('a', 'b', 'c'),), [('a', 'b', 'c')])
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Edge:
    """One pairwise answer: ``first`` pays before ``second``, by a rule of ``authority`` (higher is stronger)."""

    first: str
    second: str
    authority: int
    payload: int = field(default=-1, compare=False)  #: the caller's index of the answer


@dataclass(frozen=True)
class GaveWay:
    """An answer that contradicts stronger answers: ``path`` runs from its ``second`` to its ``first`` through
    answers of strictly stronger authority (``via``, one per step)."""

    edge: Edge
    path: tuple[str, ...]
    via: tuple[Edge, ...]


@dataclass(frozen=True)
class Loop:
    """Answers of equal authority that contradict each other: ``cycle`` lists the coverages in loop order,
    ``edges`` the answers around it (``cycle[i]`` before ``cycle[i + 1]``, the last back to the first)."""

    cycle: tuple[str, ...]
    edges: tuple[Edge, ...]
    authority: int


@dataclass(frozen=True)
class Joined:
    ranks: tuple[tuple[str, ...], ...]
    kept: tuple[Edge, ...]
    gave_way: tuple[GaveWay, ...]
    loops: tuple[Loop, ...]


def _closure(n: int, adjacency: list[int]) -> list[int]:
    """Transitive closure (Warshall) over bitsets: ``reach[i]`` has bit ``j`` when ``j`` is reachable from ``i``."""
    reach = list(adjacency)
    for k in range(n):
        bit = 1 << k
        rk = reach[k]
        for i in range(n):
            if reach[i] & bit:
                reach[i] |= rk
    return reach


def _path(start: int, goal: int, out: dict[int, list[tuple[int, Edge]]]) -> list[tuple[int, Edge]]:
    """A shortest path of edges from ``start`` to ``goal`` (a cycle when they are equal), breadth first and
    deterministic by insertion order. Each step is (the node reached, the edge that reached it)."""
    parent: dict[int, tuple[int, Edge]] = {}
    visited = {start}
    queue = deque([start])
    last: tuple[int, Edge] | None = None
    while queue and last is None:
        node = queue.popleft()
        for nxt, edge in out.get(node, ()):
            if nxt == goal:
                last = (node, edge)
                break
            if nxt not in visited:
                visited.add(nxt)
                parent[nxt] = (node, edge)
                queue.append(nxt)
    if last is None:
        return []
    steps = [(goal, last[1])]
    node = last[0]
    while node != start:
        prev, edge = parent[node]
        steps.append((node, edge))
        node = prev
    steps.reverse()
    return steps


def join(nodes: Sequence[str], edges: Sequence[Edge]) -> Joined:
    """Join pairwise answers over ``nodes`` (see the module docstring). Edges of one authority are taken in the
    order given; the result does not depend on that order except for which loop edges are listed."""
    n = len(nodes)
    if not edges:  # nothing orders the coverages: one rank, in id order
        return Joined((tuple(sorted(nodes)),) if n else (), (), (), ())
    if n == 2 and len(edges) == 1:  # the common case: two coverages, one answer
        edge = edges[0]
        if edge.first != edge.second and edge.first in nodes and edge.second in nodes:
            return Joined(((edge.first,), (edge.second,)), (edge,), (), ())
    index = {name: i for i, name in enumerate(nodes)}
    adjacency = [0] * n
    out: dict[int, list[tuple[int, Edge]]] = {}
    kept: list[Edge] = []
    gave_way: list[GaveWay] = []
    loops: list[Loop] = []
    reach = [0] * n  # over the kept edges of strictly stronger authority than the level being added
    ordered = sorted(edges, key=_authority, reverse=True)  # stable: equal authorities keep their order
    start = 0
    while start < len(ordered):
        authority = ordered[start].authority
        stop = start + 1
        while stop < len(ordered) and ordered[stop].authority == authority:
            stop += 1
        level: list[Edge] = []
        for edge in ordered[start:stop]:
            u, v = index[edge.first], index[edge.second]
            if reach[v] >> u & 1:
                # ``out`` holds only the edges of stronger levels here: this level's are added below
                steps = _path(v, u, out)
                gave_way.append(GaveWay(edge, (edge.second, *(nodes[x] for x, _ in steps)), tuple(e for _, e in steps)))
                continue
            level.append(edge)
        start = stop
        if not level:
            continue  # nothing added: the reachability and the loops found so far stand
        for edge in level:
            u, v = index[edge.first], index[edge.second]
            adjacency[u] |= 1 << v
            out.setdefault(u, []).append((v, edge))
            kept.append(edge)
        reach = _closure(n, adjacency)
        # loops among this level's answers: a coverage that reaches itself
        seen = 0
        for i in range(n):
            if reach[i] >> i & 1 and not seen >> i & 1:
                members = [j for j in range(n) if reach[i] >> j & 1 and reach[j] >> i & 1]
                for j in members:
                    seen |= 1 << j
                steps = _path(i, i, out)
                cycle = (nodes[i], *(nodes[x] for x, _ in steps[:-1]))
                if not any(set(cycle) <= set(lp.cycle) for lp in loops):
                    loops.append(Loop(cycle, tuple(e for _, e in steps), authority))
    return Joined(_ranks(nodes, reach), tuple(kept), tuple(gave_way), tuple(loops))


def _authority(edge: Edge) -> int:
    return edge.authority


def _ranks(nodes: Sequence[str], reach: list[int]) -> tuple[tuple[str, ...], ...]:
    """Topological generations of the condensation: coverages in one loop share a rank."""
    n = len(nodes)
    if not any(reach[i] >> i & 1 for i in range(n)):
        return _generations(nodes, reach)
    component = list(range(n))
    for i in range(n):
        for j in range(i):
            if reach[i] >> j & 1 and reach[j] >> i & 1:
                component[i] = component[j]
                break
    comps = sorted(set(component))
    members = {c: [i for i in range(n) if component[i] == c] for c in comps}
    # c1 -> c2 when some member of c1 reaches some member of c2 (and they differ)
    above: dict[int, set[int]] = {c: set() for c in comps}
    for c in comps:
        r = 0
        for i in members[c]:
            r |= reach[i]
        for d in comps:
            if d != c and any(r >> j & 1 for j in members[d]):
                above[d].add(c)
    ranks: list[tuple[str, ...]] = []
    placed: set[int] = set()
    while len(placed) < len(comps):
        layer = [c for c in comps if c not in placed and above[c] <= placed]
        ranks.append(tuple(sorted(nodes[i] for c in layer for i in members[c])))
        placed.update(layer)
    return tuple(ranks)


def _generations(nodes: Sequence[str], reach: list[int]) -> tuple[tuple[str, ...], ...]:
    """Topological generations when no coverage reaches itself (no loop: every component is one coverage), with
    bitsets: a coverage's rank comes once every coverage that reaches it is placed."""
    n = len(nodes)
    if n == 2:
        if reach[0] >> 1 & 1:
            return ((nodes[0],), (nodes[1],))
        if reach[1] & 1:
            return ((nodes[1],), (nodes[0],))
        return (tuple(sorted(nodes)),)
    above = [0] * n  # bit c set when c reaches d
    for c in range(n):
        r = reach[c]
        for d in range(n):
            if r >> d & 1:
                above[d] |= 1 << c
    ranks: list[tuple[str, ...]] = []
    placed = 0
    left = list(range(n))
    while left:
        layer = [d for d in left if not above[d] & ~placed]
        ranks.append(tuple(sorted(nodes[d] for d in layer)))
        for d in layer:
            placed |= 1 << d
        left = [d for d in left if not placed >> d & 1]
    return tuple(ranks)
