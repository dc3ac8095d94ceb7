"""Code-health checks: the registry is pinned, every rule is cited and exercised, layering holds."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import cobsim
from cobsim.rules.base import RuleKind
from cobsim.rules.registry import ALL_RULES, NOTE_RULES, ORDER_RULES, PARTICIPATION_RULES
from tests.conftest import EXAMPLES, ROOT, YAML_CASES

PINNED_PARTICIPATION = (
    "coordination.in_force",
    "coordination.service_covered",
    "injury.unrelated_claim",
    "injury.payer_denied_or_exhausted",
    "injury.michigan_no_pip_medical",  # before the NJ rule: both are state no-fault options, Michigan's by policy date
    "injury.nj_motorcycle_owner_operator",
    "tricare.active_duty_only",
    "va.authorized_care",
    "va.service_connected",
    "va.medicare_cannot_pay",
    "medicare.part_not_enrolled",
    "tricare.part_b_required",
    "medicare.outside_us",
    "medicare.benefit_days_exhausted",
    "medicare.excluded_service",
    "naic.closed_panel_non_panel_provider",
    "injury.workers_comp_exclusive",
    "injury.liability_pays_at_settlement",
    "medigap.needs_medicare",
)
PINNED_ORDER = (
    "injury.workers_comp_first",
    "injury.black_lung_first",
    "injury.michigan_coordinated_pip",
    "injury.nj_health_primary_election",
    "injury.no_fault_first",
    "injury.pip_before_medpay",
    "injury.liability_paying_first",
    "crime_victim.last",
    "ihs.last_resort",
    "medicaid.last",
    "va.after_health_plans",
    "tricare.supplement_after_tricare",
    "tricare.after_other_coverage",
    "champva.after_other_coverage",
    "medigap.after_medicare",
    "msp.esrd_dual_entitlement",
    "msp.esrd_coordination_period",
    "msp.esrd_after_coordination",
    "msp.individual_coverage",
    "msp.basis_unknown",
    "msp.part_a_required",
    "msp.working_aged",
    "msp.small_employer",
    "msp.disability_large_group_plan",
    "msp.disability_small_employer",
    "msp.not_current_employment",
    "naic.individual_policy_not_a_plan",
    # two "excess" clauses: the forum state's courts read them before the NAIC rule reports the pair indeterminate
    "ks.two_excess_clauses",
    "ca.two_excess_clauses",
    "naic.noncomplying_plan_primary",
    "naic.medicare_reversal",
    "naic.nondependent_first",
    "naic.court_decree",
    "naic.gender_rule",
    "naic.birthday",
    "naic.same_birthday_longer_parent_coverage",
    "naic.custodial_parent",
    "naic.married_dependent_child",
    "naic.active_before_inactive",
    "naic.continuation_last",
    "naic.longer_coverage",
    "naic.share_equally",
)


def test_registry_order_is_pinned() -> None:
    assert tuple(r.id for r in PARTICIPATION_RULES) == PINNED_PARTICIPATION
    assert tuple(r.id for r in ORDER_RULES) == PINNED_ORDER


def test_rule_kinds_match_their_lists() -> None:
    assert all(r.kind is RuleKind.PARTICIPATION for r in PARTICIPATION_RULES)
    assert all(r.kind is RuleKind.ORDER for r in ORDER_RULES)
    assert all(r.kind is RuleKind.NOTE for r in NOTE_RULES)


def test_every_rule_is_cited_and_documented() -> None:
    for r in ALL_RULES:
        assert re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", r.id), r.id
        assert r.citations, r.id
        for c in r.citations:
            assert c.source, r.id
            assert c.pinpoint, r.id
        assert len(r.summary) > 40, f"{r.id} needs a docstring stating the law"
        assert r.title[:1].isupper(), r.id


def test_every_deciding_rule_is_exercised_by_a_case() -> None:
    """Each participation and order rule appears in some YAML case's or example's expected rules."""
    import json

    named: set[str] = set()
    for _, raw in YAML_CASES:
        named.update((raw.get("expected") or {}).get("rules", []))
    for path in EXAMPLES.rglob("*.json"):
        named.update(json.loads(path.read_text())["expected"].get("rules", []))
    deciding = {r.id for r in (*PARTICIPATION_RULES, *ORDER_RULES)}
    missing = sorted(deciding - named)
    assert not missing, f"rules no case names in expected.rules: {missing}"


def _imports(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_library_never_imports_streamlit_or_generators() -> None:
    imported = _imports(ROOT / "cobsim")
    assert "streamlit" not in imported
    assert "generators" not in imported


def test_version_matches_pyproject() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["version"] == cobsim.__version__


def test_no_real_looking_ssn_in_the_repository() -> None:
    pattern = re.compile(r"\b([0-8]\d\d)-\d\d-\d{4}\b")
    for path in [*EXAMPLES.rglob("*.json"), *(ROOT / "tests" / "cases").glob("*.yaml")]:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            assert match.group(1) in ("000", "666"), f"{path}: {match.group(0)}"


def test_every_rule_has_a_readable_example() -> None:
    """examples/ holds a case for every participation, order and payment rule (in its trace)."""
    import json
    from decimal import Decimal

    from cobsim import solve
    from cobsim.io import parse_case
    from cobsim.rules.registry import PAYMENT_RULES

    used: set[str] = set()
    for path in EXAMPLES.rglob("*.json"):
        used.update(solve(parse_case(json.loads(path.read_text(), parse_float=Decimal))).rules_used)
    missing = sorted({r.id for r in (*PARTICIPATION_RULES, *ORDER_RULES, *PAYMENT_RULES)} - used)
    assert not missing, f"rules without an example: {missing}"


def test_rule_building_blocks_do_not_import_the_facts() -> None:
    """One-way flow: rules.context imports rules.base, never the reverse (not even for type checking)."""
    import ast
    from pathlib import Path

    from cobsim.rules import base

    tree = ast.parse(Path(base.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module is not None}
    assert "cobsim.rules.context" not in imported
    assert not any(m.startswith("cobsim.model.case") for m in imported)
