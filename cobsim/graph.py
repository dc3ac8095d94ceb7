"""The payer-chain graph of a case: family, coverages, and the chain primary -> secondary -> ... -> patient.

A ``networkx.DiGraph`` with opaque node ids (``p0``, ``c1``, ``u0``, ``bal``; never a ':' - DOT reads it as a port)
and all text in attributes. People and couples form the family part; each coverage of the patient hangs from its
subscriber; the coverages that pay are chained in order, each edge labelled with the rule that ordered the pair
and the balance passed on; the last edge ends at the patient's balance. The graph is a DAG (asserted).

Renderers: :func:`to_dot` (for ``st.graphviz_chart`` and Graphviz), :func:`render` to SVG/PNG with Graphviz
``dot`` when it is installed, else a matplotlib drawing.
"""

from __future__ import annotations

import shutil
import subprocess
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx

from cobsim.errors import CobsimError, InvalidInput
from cobsim.model.case import Case, ParentalRelationship, PartnerRelationship
from cobsim.trace import Determination

_ORD = ("primary", "secondary", "tertiary", "4th", "5th", "6th", "7th", "8th")


def _money(x: Any) -> str:
    return f"${x:,.2f}"


def _whose(case: Case, subscriber: str, patient: str) -> str:
    if subscriber == patient:
        return "own"
    p = case.person(subscriber)
    first = (p.name or p.id).split(" ")[0]
    return f"{first}'s"


def payer_graph(case: Case, det: Determination) -> nx.DiGraph:
    """The payer-chain graph of ``case`` as decided in ``det``."""
    g: nx.DiGraph = nx.DiGraph(case_id=case.id, status=det.status.value, service_date=det.service_date.isoformat())
    person_node = {p.id: f"p{i}" for i, p in enumerate(case.people)}
    patient = case.claim.patient
    for p in case.people:
        age = (
            det.service_date.year
            - p.birth_date.year
            - ((det.service_date.month, det.service_date.day) < (p.birth_date.month, p.birth_date.day))
        )
        g.add_node(
            person_node[p.id],
            kind="person",
            person=p.id,
            label=f"{p.name or p.id}\n{age}" + (" - patient" if p.id == patient else ""),
            patient=p.id == patient,
        )
    for i, r in enumerate(case.relationships):
        if isinstance(r, PartnerRelationship):
            node = f"u{i}"
            word = {"spouse": "married", "domestic_partner": "partners"}[r.kind.value]
            g.add_node(node, kind="couple", label=("divorced" if r.former else word))
            g.add_edge(person_node[r.a], node, kind="partner", label="")
            g.add_edge(person_node[r.b], node, kind="partner", label="")
        elif isinstance(r, ParentalRelationship):
            g.add_edge(person_node[r.parent], person_node[r.child], kind="parent", label=r.kind.value.replace("_", " "))

    mine = [c for c in case.coverages if c.member == patient]
    cov_node = {c.id: f"c{i}" for i, c in enumerate(mine)}
    position = {p.coverage: p for p in det.positions}
    excluded = {e.coverage: e for e in det.excluded}
    eobs = {e.coverage: e for e in det.payments.eobs} if det.payments is not None and det.payments.complete else {}
    for c in mine:
        pos = position.get(c.id)
        if pos is not None:
            rank = _ORD[pos.rank - 1] if pos.rank <= len(_ORD) else f"{pos.rank}th"
            status = rank + (" (shared)" if pos.shares_with else "") + (" - conditional" if pos.conditional else "")
            paid = f"\npays {_money(eobs[c.id].paid)}" if c.id in eobs else ""
        else:
            ex = excluded.get(c.id)
            status = f"not taking part ({ex.rule})" if ex else "not taking part"
            paid = ""
        g.add_node(
            cov_node[c.id],
            kind="coverage",
            coverage=c.id,
            label=f"{c.label}\n{_whose(case, c.subscriber, patient)} {c.kind.value.replace('_', ' ')}"
            f"{'' if c.relationship.value == 'self' else ' (as ' + c.relationship.value.replace('_', ' ') + ')'}\n{status}{paid}",
            rank=pos.rank if pos else None,
            taking_part=pos is not None,
        )
        g.add_edge(person_node[c.subscriber], cov_node[c.id], kind="subscriber", label="subscriber")

    deciders: dict[tuple[str, str], str] = {}
    for s in det.steps:
        if s.outcome in ("decided", "tie") and len(s.coverages) == 2:
            deciders[tuple(sorted(s.coverages))] = s.rule  # type: ignore[index]
    order = list(det.order)
    for a, b in pairwise(order):
        rule = deciders.get(tuple(sorted((a, b))), "")  # type: ignore[arg-type]
        passed = f"\npatient balance {_money(eobs[a].patient_after)}" if a in eobs else ""
        g.add_edge(
            cov_node[a], cov_node[b], kind="chain", rule=rule, label=f"then{(' - ' + rule) if rule else ''}{passed}"
        )
    balance = "patient owes " + (
        _money(det.payments.patient) if det.payments is not None and det.payments.complete else "the rest"
    )
    g.add_node("bal", kind="balance", label=balance)
    if order:
        g.add_edge(cov_node[order[-1]], "bal", kind="chain", rule="", label="last payer")
    if not nx.is_directed_acyclic_graph(g):
        raise CobsimError(f"case '{case.id}': the relationships form a cycle (a person is their own ancestor)")
    return g


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_STYLE = {
    "person": 'shape=box, style="rounded", fontname="Helvetica"',
    "couple": 'shape=plain, fontname="Helvetica", fontsize=10',
    "balance": 'shape=ellipse, style="filled", fillcolor="#fde2e2", fontname="Helvetica"',
}
_RANK_FILL = ("#cfe8cf", "#d6e4f5", "#f5ecd0", "#eadcf2", "#f0f0f0")


def to_dot(g: nx.DiGraph) -> str:
    """Graphviz DOT text of a payer graph; deterministic; node ids are opaque, text is in labels."""
    lines = [
        "digraph payers {",
        '  graph [rankdir=LR, fontname="Helvetica", nodesep=0.35, ranksep=0.6];',
        '  edge [fontname="Helvetica", fontsize=9];',
        '  subgraph cluster_family { label="family"; color="#bbbbbb";',
    ]
    for node, data in sorted(g.nodes(data=True)):
        if data["kind"] in ("person", "couple"):
            style = _STYLE[data["kind"]] + (", penwidth=2.5" if data.get("patient") else "")
            lines.append(f"    {node} [label={_quote(data['label'])}, {style}];")
    lines.append("  }")
    lines.append('  subgraph cluster_payers { label="payers for this claim"; color="#bbbbbb";')
    for node, data in sorted(g.nodes(data=True)):
        if data["kind"] == "coverage":
            if data["taking_part"]:
                fill = _RANK_FILL[min(data["rank"], len(_RANK_FILL)) - 1]
                style = f'shape=box, style="filled", fillcolor="{fill}", fontname="Helvetica"'
            else:
                style = 'shape=box, style="dashed", color="#999999", fontcolor="#777777", fontname="Helvetica"'
            lines.append(f"    {node} [label={_quote(data['label'])}, {style}];")
        elif data["kind"] == "balance":
            lines.append(f"    {node} [label={_quote(data['label'])}, {_STYLE['balance']}];")
    lines.append("  }")
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        attrs = [f"label={_quote(data.get('label', ''))}"]
        if data["kind"] == "chain":
            attrs.append('penwidth=2, color="#2f6f3e"')
        elif data["kind"] in ("partner", "subscriber"):
            attrs.append('color="#888888", style="dashed"' if data["kind"] == "partner" else 'color="#888888"')
        lines.append(f"  {a} -> {b} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(g: nx.DiGraph, path: Path, *, engine: str = "auto") -> str:
    """Write the graph to ``path`` (.svg, .png or .dot). Returns the renderer used: 'dot' (Graphviz), 'matplotlib',
    or 'text'.

    Raises:
        InvalidInput: an unsupported file type.
    """
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "dot":
        path.write_text(to_dot(g), encoding="utf-8")
        return "text"
    if suffix not in ("svg", "png"):
        raise InvalidInput(f"cannot write a graph to {path.name}: use .svg, .png or .dot")
    dot = shutil.which("dot")
    if engine in ("auto", "dot") and dot:
        subprocess.run([dot, f"-T{suffix}", "-o", str(path)], input=to_dot(g).encode(), check=True)  # noqa: S603
        return "dot"
    if engine == "dot":
        raise InvalidInput("Graphviz 'dot' is not installed; use --engine matplotlib or install the graphviz package")
    _draw_matplotlib(g, path)
    return "matplotlib"


def _layout(g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Family on the left (one column per generation), the payer chain left to right, excluded coverages below."""
    people = [n for n, d in g.nodes(data=True) if d["kind"] == "person"]
    kin = g.subgraph(people)
    pos: dict[str, tuple[float, float]] = {}
    columns = [sorted(gen) for gen in nx.topological_generations(kin)]
    for x, column in enumerate(columns):
        for i, node in enumerate(column):
            pos[node] = (x * 1.6, -(i - (len(column) - 1) / 2) * 1.4)
    couples = [n for n, d in g.nodes(data=True) if d["kind"] == "couple"]
    for node in sorted(couples):
        partners = [a for a, _ in g.in_edges(node)]
        xs = [pos[p][0] for p in partners]
        ys = [pos[p][1] for p in partners]
        pos[node] = (sum(xs) / len(xs) - 0.7, sum(ys) / len(ys))
    start = (len(columns) + 0.8) * 1.6
    chain = sorted((d["rank"], n) for n, d in g.nodes(data=True) if d["kind"] == "coverage" and d["taking_part"])
    for i, (_, node) in enumerate(chain):
        pos[node] = (start + i * 2.6, 0.0)
    pos["bal"] = (start + len(chain) * 2.6, 0.0)
    others = sorted(n for n, d in g.nodes(data=True) if d["kind"] == "coverage" and not d["taking_part"])
    for i, node in enumerate(others):
        pos[node] = (start + i * 2.6, -2.2)
    return pos


def _draw_matplotlib(g: nx.DiGraph, path: Path) -> None:
    import matplotlib  # noqa: PLC0415  (heavy, optional: only the fallback renderer needs it)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    pos = _layout(g)
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    fig, ax = plt.subplots(figsize=(max(8.0, (max(xs) - min(xs)) * 1.1 + 3), max(4.5, (max(ys) - min(ys)) * 0.9 + 2.5)))
    for a, b, d in g.edges(data=True):
        kind = d["kind"]
        style = {
            "chain": {"color": "#2f6f3e", "lw": 2.2},
            "parent": {"color": "#555555", "lw": 1.0},
            "partner": {"color": "#999999", "lw": 1.0, "ls": "--"},
            "subscriber": {"color": "#aaaaaa", "lw": 0.8},
        }[kind]
        ax.annotate(
            "",
            xy=pos[b],
            xytext=pos[a],
            arrowprops={"arrowstyle": "-|>" if kind != "partner" else "-", "shrinkA": 22, "shrinkB": 22, **style},
        )
        if kind == "chain" and d.get("label"):
            (x1, y1), (x2, y2) = pos[a], pos[b]
            ax.text(
                (x1 + x2) / 2,
                (y1 + y2) / 2 + 0.35,
                d["label"].replace("then - ", ""),
                fontsize=6.5,
                ha="center",
                color="#2f6f3e",
            )
    for n, d in g.nodes(data=True):
        if d["kind"] == "coverage":
            fill = _RANK_FILL[min(d["rank"], len(_RANK_FILL)) - 1] if d["taking_part"] else "#f2f2f2"
            edge = "#666666" if d["taking_part"] else "#aaaaaa"
        elif d["kind"] == "balance":
            fill, edge = "#fde2e2", "#aa6666"
        elif d["kind"] == "couple":
            fill, edge = "#ffffff", "#ffffff"
        else:
            fill, edge = "#ffffff", "#333333" if d.get("patient") else "#888888"
        x, y = pos[n]
        ax.text(
            x,
            y,
            d["label"],
            fontsize=7.5,
            ha="center",
            va="center",
            fontweight="bold" if d.get("patient") else "normal",
            bbox={"boxstyle": "round,pad=0.4", "fc": fill, "ec": edge, "lw": 2 if d.get("patient") else 1},
        )
    ax.set_xlim(min(xs) - 1.5, max(xs) + 1.5)
    ax.set_ylim(min(ys) - 1.2, max(ys) + 1.2)
    ax.set_axis_off()
    ax.set_title(f"{g.graph['case_id']} - payer chain ({g.graph['status']})", fontsize=9, loc="left")
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lstrip("."), dpi=130 if path.suffix == ".png" else None)
    plt.close(fig)
