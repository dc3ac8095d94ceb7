"""The progress store on both of its databases: SQLite (a file) and PostgreSQL (``COBSIM_TEST_POSTGRES``).

PostgreSQL runs when ``COBSIM_TEST_POSTGRES`` names a server (``.ci/run`` starts Debian's on loopback with
``.ci/postgres``); each test gets a schema of its own, dropped afterwards. Without the variable the PostgreSQL
cases are skipped on a developer's machine and fail in CI (``CI=true``), so CI cannot pass without them.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from cobsim.errors import CobsimError, InvalidInput
from cobsim.services.store import (
    MIGRATIONS,
    PIN_LOCK,
    PIN_TRIES,
    Answer,
    PinError,
    ProgressStore,
    StoredCard,
    database_url,
)

PG = os.environ.get("COBSIM_TEST_POSTGRES")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "progress.db")
        return
    if not PG:
        if os.environ.get("CI"):
            pytest.fail("CI must run the store tests on PostgreSQL: COBSIM_TEST_POSTGRES is not set (.ci/postgres)")
        pytest.skip("COBSIM_TEST_POSTGRES is not set (run: eval $(sudo .ci/postgres))")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url(PG))
    with admin.begin() as db:
        db.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG else "?"
    try:
        yield f"{PG}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as db:
            db.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(url: str, clock: Clock) -> Iterator[ProgressStore]:
    s = ProgressStore(url, clock=clock)
    yield s
    s.dispose()


def answer(tid: int, question: str, *, rule: str = "naic.birthday", correct: bool = True, code: int = 7) -> Answer:
    return Answer(
        trainee_id=tid,
        class_code=code,
        source="lesson",
        lesson="l1",
        attempt=0,
        slot=int(question.rsplit("q", 1)[-1] or 0) if question[-1:].isdigit() else 0,
        question=question,
        template="l1/order/spouse-plans",
        kind="order",
        rule=rule,
        correct=correct,
        hinted=False,
        given="A then B",
        expected="B then A",
        explanation="why",
        misconception=None,
    )


def bump(old: StoredCard | None) -> StoredCard:
    return StoredCard("naic.birthday", "{}", "2026-03-03T09:00:00+00:00", 3, (old.reviews if old else 0) + 1)


def test_the_schema_is_at_the_latest_migration(store: ProgressStore) -> None:
    assert store.version() == MIGRATIONS[-1].version
    assert store.migrate() == MIGRATIONS[-1].version  # running again changes nothing


def test_a_trainee_is_one_per_class_and_case_folded_name(store: ProgressStore) -> None:
    a = store.sign_in("  Zoë  O'Brien-Núñez ", 7)
    b = store.sign_in("ZOË O'BRIEN-NÚÑEZ", "7")
    other_class = store.sign_in("Zoë O'Brien-Núñez", 8)
    assert a.id == b.id
    assert b.name == "Zoë O'Brien-Núñez"  # shown as first typed
    assert other_class.id != a.id
    assert [t.name for t in store.roster(7)] == ["Zoë O'Brien-Núñez"]
    assert store.classes() == [7, 8]


def test_a_pin_protects_a_name_and_locks_after_wrong_tries(store: ProgressStore, clock: Clock) -> None:
    t = store.sign_in("Dana Lee", 7, "2580")
    assert t.has_pin
    with pytest.raises(PinError, match="enter the PIN"):
        store.sign_in("dana lee", 7)
    assert store.sign_in("dana lee", 7, "2580").id == t.id
    for i in range(PIN_TRIES):
        with pytest.raises(PinError, match=r"wrong|locked"):
            store.sign_in("Dana Lee", 7, "1111")
        assert i < PIN_TRIES
    with pytest.raises(PinError, match="Too many wrong PINs"):
        store.sign_in("Dana Lee", 7, "2580")  # even the right PIN waits out the lock
    clock.now += PIN_LOCK + timedelta(seconds=1)
    assert store.sign_in("Dana Lee", 7, "2580").id == t.id
    with pytest.raises(InvalidInput, match="exactly 4 digits"):
        store.sign_in("Dana Lee", 7, "12a4")


def test_the_pin_is_stored_only_as_a_hash(url: str, store: ProgressStore) -> None:
    store.sign_in("Dana Lee", 7, "2580")
    with store.engine.connect() as db:
        stored = db.execute(text("SELECT pin_hash FROM trainees")).scalar_one()
    assert "2580" not in stored
    assert stored.startswith("scrypt$")


def test_an_answer_is_recorded_once_with_its_card_in_one_transaction(store: ProgressStore) -> None:
    t = store.sign_in("Dana Lee", 7)
    assert store.record(answer(t.id, "q0"), bump)
    assert not store.record(answer(t.id, "q0", correct=False), bump)  # a double click keeps the first grade
    assert [a.correct for a in store.answers(trainee_id=t.id)] == [True]
    assert store.cards(t.id)[0].reviews == 1
    assert store.answer_for(t.id, "q0") is not None
    assert store.answer_for(t.id, "nope") is None

    def broken(old: StoredCard | None) -> StoredCard:
        raise RuntimeError("scheduler failed")

    with pytest.raises(RuntimeError):
        store.record(answer(t.id, "q1"), broken)
    assert store.answer_for(t.id, "q1") is None  # rolled back with its card: no half-recorded answer


def test_sittings_open_once_and_complete_once(store: ProgressStore, clock: Clock) -> None:
    t = store.sign_in("Dana Lee", 7)
    s0 = store.open_sitting(t.id, "l1", 0, 8)
    assert store.open_sitting(t.id, "l1", 0, 8).id == s0.id
    store.example_seen(s0.id)
    store.complete_sitting(s0.id, 5)
    clock.now += timedelta(hours=1)
    store.complete_sitting(s0.id, 8)  # the first completion wins
    s1 = store.open_sitting(t.id, "l1", 1, 8)
    latest = store.sitting(t.id, "l1")
    assert latest is not None
    assert latest.id == s1.id
    first = store.sittings(t.id, "l1")[0]
    assert (first.example_seen, first.right, first.completed) == (True, 5, "2026-03-02T09:00:00+00:00")


def test_passes_and_assignments(store: ProgressStore, clock: Clock) -> None:
    t = store.sign_in("Dana Lee", 7)
    store.mark_passed(t.id, "l1", 1)
    clock.now += timedelta(days=1)
    store.mark_passed(t.id, "l1", 2)
    assert store.passes(t.id) == {"l1": "2026-03-02T09:00:00+00:00"}
    assert store.class_passes(7) == {t.id: {"l1"}}
    store.assign(7, ["l2", "l1", "l2"])
    assert store.assigned(7) == ["l1", "l2"]
    store.assign(7, ["l3"])
    assert store.assigned(7) == ["l3"]
    assert store.assigned(8) == []


def test_two_replicas_answering_at_once_lose_nothing(url: str, clock: Clock) -> None:
    replicas = [ProgressStore(url, clock=clock), ProgressStore(url, clock=clock)]
    trainees = [replicas[i % 2].sign_in(f"Trainee {chr(65 + i)}", 7) for i in range(8)]
    errors: list[BaseException] = []

    def work(i: int) -> None:
        store, t = replicas[i % 2], trainees[i]
        try:
            for q in range(15):
                store.record(answer(t.id, f"{t.id}-q{q}"), bump)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert replicas[0].count_answers() == 8 * 15
    assert all(replicas[1].cards(t.id)[0].reviews == 15 for t in trainees)
    for r in replicas:
        r.dispose()


def test_a_database_from_cobsim_0_1_is_migrated_without_losing_an_answer(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE trainees (name TEXT PRIMARY KEY, class_code INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
            CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, trainee TEXT NOT NULL, class_code INTEGER
              NOT NULL, lesson TEXT NOT NULL, question TEXT NOT NULL, kind TEXT NOT NULL, rule TEXT NOT NULL,
              correct INTEGER NOT NULL, given TEXT NOT NULL, expected TEXT NOT NULL, misconception TEXT,
              answered_at TEXT NOT NULL);
            INSERT INTO trainees VALUES ('Dana Lee', 3, '2026-01-01T00:00:00+00:00');
            INSERT INTO attempts (trainee, class_code, lesson, question, kind, rule, correct, given, expected,
              misconception, answered_at) VALUES
              ('Dana Lee', 3, 'l1', 'l1-3-0', 'order', 'naic.birthday', 1, 'a', 'a', NULL, '2026-01-01T00:01:00+00:00'),
              ('dana lee', 3, 'l1', 'l1-3-1', 'rule', 'naic.birthday', 0, 'b', 'c', 'older-parent', '2026-01-01T00:02:00+00:00'),
              ('Eve 2', 3, 'l1', 'l1-3-0', 'order', 'naic.birthday', 0, 'b', 'a', NULL, '2026-01-01T00:03:00+00:00');
            """
        )
    store = ProgressStore(path)
    dana = store.find("DANA LEE", 3)
    assert dana is not None
    assert [(a.question, a.correct) for a in store.answers(trainee_id=dana.id)] == [("l1-3-0", True), ("l1-3-1", False)]
    assert store.count_answers() == 3  # the name with a digit is kept too, never dropped
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM legacy_attempts").fetchone() == (3,)


def test_the_database_url_is_checked() -> None:
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(InvalidInput, match="file path or a postgresql:// URL"):
        database_url("mysql://u@h/db")


def test_an_unreachable_server_is_one_sentence() -> None:
    with pytest.raises(CobsimError, match="cannot be opened"):
        ProgressStore("postgresql://nobody:x@127.0.0.1:1/none")
