"""How the kit grades: status-aware, part by part, errors in the pass rate, blame on the payer that differs,
declared conventions (both sides of each), the payments track, and shrinking."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cobsim.conform import CommandEngine, PythonEngine, Reply, read_fixtures, run
from cobsim.conform.conventions import Conventions, Rounding, rounding_ties
from cobsim.conform.fixtures import Fixture
from cobsim.conform.grading import Settings, grade
from cobsim.conform.protocol import Handshake, ProtocolError
from cobsim.conform.report import Recorder
from cobsim.conform.shrinking import judge
from cobsim.rules.registry import RULES_BY_ID
from tests.conform.common import ENGINES, ROUNDING, START, cli, fixture, generate, report

V2: dict[str, Any] = {"protocol": "cobsim-conform/2", "name": "test-engine"}


def settings(**handshake: Any) -> Settings:
    track = handshake.pop("track", "order")
    tolerance = handshake.pop("tolerance", Decimal("0.00"))
    return Settings.of(Handshake.parse({**V2, **handshake}), track, tolerance)


def reply(**data: Any) -> Reply:
    return Reply(data=data)


# ------------------------------------------------------------------------------------------- statuses


def test_an_indeterminate_order_passes_only_an_engine_that_says_so() -> None:
    fx = fixture("medicare-basis-unknown", "under-65-working")
    assert fx.status == "indeterminate"
    ok = grade(fx, reply(id=fx.id, status="indeterminate", coverages=fx.order), settings())
    assert (ok.status, ok.parts) == ("pass", {"order": "pass"})
    lucky = grade(fx, reply(id=fx.id, order=fx.order), settings())  # the expected order, by luck: not a pass
    assert lucky.status == "fail"
    assert "expected indeterminate" in lucky.reason


def test_a_determined_order_fails_an_engine_that_says_indeterminate() -> None:
    fx = fixture("spouse-plans", "wife-is-patient")
    said = grade(fx, reply(id=fx.id, status="indeterminate", coverages=fx.order), settings())
    assert said.status == "fail"
    assert said.reason.startswith("status: expected determined")


def test_a_shared_order_passes_in_either_order_among_the_sharers_only_when_said() -> None:
    fx = fixture("longer-vs-shorter", "same-day-share", payments="always")
    assert fx.status == "shared"
    a, b = fx.order[0], fx.order[1]
    for order in ([a, b], [b, a]):
        g = grade(fx, reply(id=fx.id, status="shared", order=order, coverages=[a, b]), settings())
        assert g.parts["order"] == "pass", g.reason
    assert grade(fx, reply(id=fx.id, order=[a, b]), settings()).status == "fail"  # determined by luck
    wrong = grade(fx, reply(id=fx.id, status="shared", order=[a, b], coverages=[a]), settings())
    assert wrong.status == "fail"


def test_a_status_the_engine_declared_it_cannot_say_is_skipped_with_the_reason(tmp_path: Path) -> None:
    cases = [fixture("medicare-basis-unknown", "under-65-working"), fixture("spouse-plans", "wife-is-patient")]
    engine = PythonEngine(f"{ENGINES / 'cobsim_adapter.py'}:answer")
    engine.handshake = Handshake.parse({**V2, "statuses": ["determined"]})
    result = run(engine, iter(cases))
    assert [r.status for r in result.results] == ["skip", "pass"]
    assert "indeterminate, which the engine declared it cannot say" in result.results[0].reason


# ------------------------------------------------------------------------------------------- pass rate, families


def mostly_broken(message: dict[str, Any]) -> dict[str, Any]:
    """Answers the first case it sees right, and errors on every other (an in-process engine for the tests)."""
    sys.path.insert(0, str(ENGINES))
    import cobsim_adapter  # type: ignore[import-not-found]

    sys.path.remove(str(ENGINES))
    seen = mostly_broken.__dict__.setdefault("seen", 0)
    mostly_broken.seen = seen + 1  # type: ignore[attr-defined]
    if seen:
        raise RuntimeError("broken")
    return dict(cobsim_adapter.answer(message))


def test_the_pass_rate_counts_errors(tmp_path: Path) -> None:
    path = generate(tmp_path / "twenty.jsonl", 20, 3)
    mostly_broken.__dict__["seen"] = 0
    result = cli(str(path), "--engine-python", f"{__file__}:mostly_broken", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    summary = report(tmp_path / "out")["summary"]
    assert (summary["pass"], summary["error"], summary["graded"]) == (1, 19, 20)
    assert summary["pass_rate"] == 0.05
    assert "pass rate 5.0% of 20 graded" in " ".join(result.output.split())


def no_payments(message: dict[str, Any]) -> dict[str, Any]:
    sys.path.insert(0, str(ENGINES))
    import cobsim_adapter  # type: ignore[import-not-found]

    sys.path.remove(str(ENGINES))
    answer = dict(cobsim_adapter.answer(message))
    answer.pop("payments", None)
    answer.pop("patient_owes", None)
    return answer


def test_a_family_counts_only_where_its_part_was_answered(tmp_path: Path) -> None:
    path = generate(tmp_path / "paid.jsonl", 30, 4, payments="always")
    for target, has_pay in ((f"{__file__}:no_payments", False), (f"{ENGINES / 'cobsim_adapter.py'}:answer", True)):
        out = tmp_path / ("with" if has_pay else "without")
        assert cli(str(path), "--engine-python", target, "-o", str(out)).exit_code == 0
        data = report(out)
        assert ("pay" in data["by_family"]) is has_pay
        assert any(r.startswith("pay.") for r in data["by_rule"]) is has_pay
        assert "naic" in data["by_family"] or "msp" in data["by_family"]


# ------------------------------------------------------------------------------------------- amounts and blame


def two_payers() -> Fixture:
    for seed in range(1, 40):
        fx = fixture("spouse-plans", "wife-is-patient", seed=seed, payments="always")
        pays = fx.expected.get("payments") or {}
        if len(pays) == 2 and all(Decimal(v) > 0 for v in pays.values()):
            return fx
    raise AssertionError("no two-payer case with both paying")


def test_an_amount_failure_blames_only_the_payer_that_differs_with_its_method_and_citation() -> None:
    fx = two_payers()
    primary, secondary = fx.order
    pays = {k: Decimal(v) for k, v in fx.expected["payments"].items()}
    answer = {primary: str(pays[primary]), secondary: str(pays[secondary] + Decimal("0.01"))}
    g = grade(fx, reply(id=fx.id, order=fx.order, payments=answer), settings())
    assert g.status == "fail"
    assert [d.coverage for d in g.diffs] == [secondary]
    method = g.diffs[0].rule
    assert method is not None
    assert method != "pay.primary"
    assert method in g.diffs[0].text
    assert str(RULES_BY_ID[method].citation) in g.diffs[0].text
    engine = PythonEngine(f"{ENGINES / 'cobsim_adapter.py'}:answer")
    engine.func = lambda m: {"id": fx.id, "order": fx.order, "payments": answer}
    engine.handshake = Handshake.parse(V2)
    result = run(engine, iter([fx])).results[0]
    assert result.broken == [method]
    counted = dict(result.counted())
    assert counted["pay.primary"] == "pass"
    assert counted[method] == "fail"


def test_a_wrong_patient_balance_fails_without_blaming_a_payment_method() -> None:
    fx = two_payers()
    owes = Decimal(fx.expected["patient_owes"]) + 1
    g = grade(fx, reply(id=fx.id, order=fx.order, payments=fx.expected["payments"], patient_owes=str(owes)), settings())
    assert g.status == "fail"
    assert g.diffs[0].text.startswith("patient owes")
    assert g.diffs[0].rule is None


def test_amounts_must_cover_every_payer_once_given_and_are_not_graded_on_a_wrong_order() -> None:
    fx = two_payers()
    primary, secondary = fx.order
    partial = grade(
        fx, reply(id=fx.id, order=fx.order, payments={primary: fx.expected["payments"][primary]}), settings()
    )
    assert partial.status == "fail"
    assert "gives no amount" in partial.reason
    swapped = grade(fx, reply(id=fx.id, order=[secondary, primary], payments={primary: "0"}), settings())
    assert swapped.parts == {"order": "fail"}
    assert "amounts not graded: the payer order differs" in swapped.notes


def test_amounts_beyond_the_tolerance_fail_and_within_it_pass() -> None:
    fx = two_payers()
    pays = dict(fx.expected["payments"])
    cov = next(iter(pays))
    off = {**pays, cov: str(Decimal(pays[cov]) + Decimal("0.01"))}
    answer = reply(id=fx.id, order=fx.order, payments=off)
    assert grade(fx, answer, settings()).status == "fail"
    assert grade(fx, answer, settings(tolerance=Decimal("0.01"))).status == "pass"


# ------------------------------------------------------------------------------------------- conventions


def test_unknown_conventions_are_refused_in_one_sentence() -> None:
    with pytest.raises(ProtocolError, match="unknown convention"):
        Handshake.parse({**V2, "conventions": {"rounding_mode": "half_even"}})
    with pytest.raises(ProtocolError, match="half_up"):
        Handshake.parse({**V2, "conventions": {"rounding": {"mode": "bankers"}}})
    with pytest.raises(ProtocolError, match="allowable_expense"):
        Handshake.parse({**V2, "conventions": {"allowable_expense": "whatever"}})
    hs = Handshake.parse({**V2, "conventions": {"rounding": {"mode": "half_even"}}})
    assert hs.conventions == Conventions(Rounding("half_even", "coinsurance"))


@pytest.fixture(scope="module")
def paid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("paid") / "paid.jsonl", 150, 21, payments="always")


def tie_cases(path: Path, rounding: Rounding) -> tuple[set[str], set[str]]:
    """Ids of the cases with a tie the convention rounds otherwise, and of those with amounts and no tie."""
    ties, plain = set(), set()
    for fx in read_fixtures(path):
        ref = fx.reference()
        if ref is None or not fx.has_amounts:
            continue
        (ties if rounding_ties(ref.case, ref.payments, rounding) else plain).add(fx.id)
    return ties, plain


def run_rounding_engine(path: Path, *args: str) -> dict[str, Any]:
    engine = CommandEngine(f"{ROUNDING} {' '.join(args)}", start_timeout=START)
    try:
        result = run(engine, read_fixtures(path))
    finally:
        engine.close()
    return {r.id: r for r in result.results}


@pytest.mark.parametrize(("mode", "rounds"), [("half_even", "coinsurance"), ("half_up", "payment")])
def test_a_declared_rounding_convention_allows_exactly_its_one_cent_ties(paid: Path, mode: str, rounds: str) -> None:
    ties, plain = tie_cases(paid, Rounding(mode, rounds))
    assert len(ties) >= 3, "the fixture set should hold half-cent ties"
    undeclared = run_rounding_engine(paid, mode, rounds, "no")
    failing = {i for i, r in undeclared.items() if r.status == "fail"}
    assert failing, "the engine really rounds otherwise, so without the declaration it fails somewhere"
    assert failing <= ties  # only where a tie is
    assert all(undeclared[i].status == "pass" for i in plain)
    declared = run_rounding_engine(paid, mode, rounds, "yes")
    assert {r.status for r in declared.values()} == {"pass"}
    for i in failing:
        assert any("within the" in n and "rounding" in n for n in declared[i].notes), declared[i].notes


def test_a_declared_rounding_convention_buys_no_tolerance_where_no_tie_is(paid: Path) -> None:
    rounding = Rounding("half_even", "coinsurance")
    ties, plain = tie_cases(paid, rounding)
    declared = settings(conventions={"rounding": {"mode": "half_even"}})
    by_id = {fx.id: fx for fx in read_fixtures(paid)}
    fx = by_id[sorted(plain)[0]]
    cov = fx.order[0]
    off = {**fx.expected["payments"], cov: str(Decimal(fx.expected["payments"][cov]) + Decimal("0.01"))}
    assert grade(fx, reply(id=fx.id, order=fx.order, payments=off), declared).status == "fail"
    tied = by_id[sorted(ties)[0]]
    ref = tied.reference()
    assert ref is not None
    tie = rounding_ties(ref.case, ref.payments, rounding)[0]
    pays = tied.expected["payments"]
    far = {**pays, tie.coverage: str(Decimal(pays[tie.coverage]) + Decimal("0.02") * (1 + len(pays)))}
    g = grade(tied, reply(id=tied.id, order=tied.order, payments=far), declared)
    assert g.status == "fail"
    assert tie.coverage in g.reason


def test_an_allowable_expense_choice_other_than_the_cases_skips_their_amounts_with_the_reason(paid: Path) -> None:
    declared = run_rounding_engine(paid, "half_up", "coinsurance", "no", "secondary_allowed")
    skipped = [r for r in declared.values() if r.parts.get("amounts") == "skip"]
    assert skipped
    for r in skipped:
        assert r.parts["order"] == "pass"
        assert r.status == "pass"
        assert "allowable expense chosen as 'naic' (NAIC MDL-120 §3A)" in r.reason
        assert "declared 'secondary_allowed'" in r.reason
    by_id = {fx.id: fx for fx in read_fixtures(paid)}
    methods = set()
    for r in declared.values():
        fx = by_id[r.id]
        ref = fx.reference()
        if ref is None or ref.payments is None or not ref.payments.complete:
            continue
        second = {e.method for e in ref.payments.eobs if e.rank >= 2}
        uses_ae = bool(second & {"pay.standard_cob", "pay.benefit_reserve"})
        assert (r.parts.get("amounts") == "skip") is uses_ae, (r.id, second)
        methods |= second
    assert methods - {"pay.standard_cob", "pay.benefit_reserve"}, "some secondaries pay by a method without the AE"
    same = run_rounding_engine(paid, "half_up", "coinsurance", "no", "naic")
    assert all(r.parts.get("amounts") != "skip" for r in same.values())
    assert {r.status for r in same.values()} == {"pass"}


# ------------------------------------------------------------------------------------------- payments track


def test_a_payments_only_engine_is_graded_on_amounts_only() -> None:
    fx = two_payers()
    primary, secondary = fx.order
    hs = {**V2, "tracks": ["payments"]}
    payments = settings(track="payments", tracks=["payments"])
    right = grade(fx, reply(id=fx.id, payments=fx.expected["payments"]), payments)
    assert (right.status, right.parts) == ("pass", {"amounts": "pass"})
    wrong_order_is_not_graded = grade(
        fx, reply(id=fx.id, order=[secondary, primary], payments=fx.expected["payments"]), payments
    )
    assert wrong_order_is_not_graded.status == "pass"
    missing = grade(fx, reply(id=fx.id, order=fx.order), payments)
    assert missing.status == "error"
    assert "needs 'payments'" in missing.reason
    engine = PythonEngine(f"{ENGINES / 'payments_only.py'}:answer")
    assert engine.handshake.tracks == ("payments",)
    sent: list[dict[str, Any]] = []
    engine.func = lambda m: sent.append(m) or {"id": fx.id, "payments": fx.expected["payments"]}
    engine.handshake = Handshake.parse(hs)
    result = run(engine, iter([fx]), track="payments").results[0]
    assert result.parts == {"amounts": "pass"}
    assert sent[0]["reference"]["order"] == fx.order
    assert sent[0]["reference"]["ranks"] == [[primary], [secondary]]


# ------------------------------------------------------------------------------------------- shrinking


def test_shrink_finds_smaller_cases_for_order_and_for_amount_disagreements(tmp_path: Path) -> None:
    order_case = fixture("married-parents-birthday", "older-parent-second")
    amounts_case = two_payers()
    path = tmp_path / "two.jsonl"
    import json

    path.write_text(
        "".join(json.dumps({**f.case, "expected": f.expected}) + "\n" for f in (order_case, amounts_case)), "utf-8"
    )
    out = tmp_path / "out"
    result = cli(
        str(path),
        "--engine-python",
        f"{ENGINES / 'naive_engine.py'}:answer",
        "-o",
        str(out),
        "--shrink",
        "--shrink-examples",
        "60",
    )
    assert result.exit_code == 1, result.output
    shrunk = report(out)["shrunk"]
    assert {s["part"] for s in shrunk} == {"order", "amounts"}
    assert len((out / "shrunk.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def always_errors(message: dict[str, Any]) -> dict[str, Any]:
    raise RuntimeError("this engine never answers")


def test_shrink_never_shrinks_an_engine_error(tmp_path: Path) -> None:
    from cobsim.conform import shrinking

    calls: list[str] = []
    original = list(shrinking._loaders)

    def spy(*args: Any, **kwargs: Any) -> None:
        calls.append(args[1])

    shrinking.register_shrinker(lambda: spy)
    try:
        path = generate(tmp_path / "few.jsonl", 5, 2)
        result = cli(str(path), "--engine-python", f"{__file__}:always_errors", "-o", str(tmp_path / "o"), "--shrink")
    finally:
        shrinking._loaders[:] = original
    assert result.exit_code == 1
    assert calls == []
    assert "shrunk" not in report(tmp_path / "o")
    fx = two_payers()
    engine = PythonEngine(f"{__file__}:always_errors")
    assert judge(engine, Settings.of(engine.handshake), "order")({**fx.case, "expected": fx.expected}) is False


def test_the_recorder_keeps_no_case_it_does_not_need(tmp_path: Path) -> None:
    fx = fixture("married-parents-birthday", "older-parent-second")
    engine = PythonEngine(f"{ENGINES / 'naive_engine.py'}:answer")
    recorder = Recorder(tmp_path, shrink_limit=0)
    result = run(engine, iter([fx]), on_result=recorder, keep=False)
    assert result.results == []
    assert recorder.counts == {"fail": 1}
    assert recorder.first[0].case is None
