"""Trainee progress: SQLite by default, PostgreSQL for a class served by several app replicas.

``COBSIM_DB`` picks the database: unset, progress goes to ``.cobsim/progress.db`` under the working folder; a file
path is a SQLite file; a ``postgresql://user:password@host:port/db`` URL is a PostgreSQL database (through
SQLAlchemy Core and psycopg). Both hold one schema, created and upgraded by the numbered migrations in
:data:`MIGRATIONS`; the version is kept in the table ``cobsim_schema``. Each replica may start at the same time:
migrations run under a lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL).

Every answer is committed in the transaction that records it, together with the review card it moves, so a
closed tab or a replica restart loses nothing that was answered. Recording is idempotent: a second "Check answer"
for the same question (a double click, two tabs, a retried request) keeps the first grade.

Tables: ``trainees`` (one per class code and case-folded name, with an optional PIN hash), ``sittings`` (one pass
through a lesson; attempt 0 first, a retry is attempt 1, ...), ``answers`` (every graded answer, from a lesson or a
review), ``cards`` (the FSRS card of each rule a trainee has met), ``lesson_passes`` and ``assignments``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from cobsim.errors import CobsimError, InvalidInput
from cobsim.services import clock as clocks
from cobsim.services.identity import Name, check_pin, clean_class_code, clean_name, hash_secret, verify_secret

PIN_TRIES = 5  #: wrong PINs in a row before a name is locked
PIN_LOCK = timedelta(minutes=15)  #: how long the lock lasts

# --------------------------------------------------------------------------------------------------- schema

metadata = MetaData()

schema_version = Table("cobsim_schema", metadata, Column("version", Integer, nullable=False))

trainees = Table(
    "trainees",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("class_code", Integer, nullable=False),
    Column("name_key", String(400), nullable=False),
    Column("display_name", String(400), nullable=False),
    Column("pin_hash", String(200)),
    Column("pin_failures", Integer, nullable=False, server_default="0"),
    Column("locked_until", String(32)),
    Column("created", String(32), nullable=False),
    UniqueConstraint("class_code", "name_key", name="trainee_per_class"),
)

sittings = Table(
    "sittings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trainee_id", Integer, ForeignKey("trainees.id"), nullable=False),
    Column("lesson", String(64), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("started", String(32), nullable=False),
    Column("example_seen", Boolean, nullable=False, server_default="0"),
    Column("completed", String(32)),
    Column("right_count", Integer),
    Column("total", Integer, nullable=False),
    UniqueConstraint("trainee_id", "lesson", "attempt", name="one_sitting_per_attempt"),
)

answers = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trainee_id", Integer, ForeignKey("trainees.id"), nullable=False),
    Column("class_code", Integer, nullable=False),
    Column("source", String(16), nullable=False),  # lesson | review
    Column("lesson", String(64), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("slot", Integer, nullable=False),
    Column("question", String(200), nullable=False),
    Column("template", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("rule", String(80), nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("hinted", Boolean, nullable=False),
    Column("given", Text, nullable=False),
    Column("expected", Text, nullable=False),
    Column("explanation", Text, nullable=False),
    Column("misconception", String(80)),
    Column("answered", String(32), nullable=False),
    UniqueConstraint("trainee_id", "question", name="one_grade_per_question"),
)

cards = Table(
    "cards",
    metadata,
    Column("trainee_id", Integer, ForeignKey("trainees.id"), primary_key=True),
    Column("rule", String(80), primary_key=True),
    Column("card", Text, nullable=False),  # fsrs Card.to_json()
    Column("due", String(32), nullable=False),
    Column("last_rating", Integer, nullable=False),
    Column("reviews", Integer, nullable=False),
)

lesson_passes = Table(
    "lesson_passes",
    metadata,
    Column("trainee_id", Integer, ForeignKey("trainees.id"), primary_key=True),
    Column("lesson", String(64), primary_key=True),
    Column("attempt", Integer, nullable=False),
    Column("passed", String(32), nullable=False),
)

assignments = Table(
    "assignments",
    metadata,
    Column("class_code", Integer, primary_key=True),
    Column("lesson", String(64), primary_key=True),
    Column("assigned", String(32), nullable=False),
)


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    apply: Callable[[Connection], None]


def _migrate_1(db: Connection) -> None:
    """Version 1. A database from cobsim 0.1 (tables ``trainees(name, ...)`` and ``attempts``) is kept: its tables
    are renamed ``legacy_*`` and every old answer is copied into ``answers`` under its (class, name)."""
    names = set(inspect(db).get_table_names())
    legacy = "attempts" in names and "trainees" in names
    if legacy:
        db.execute(text("ALTER TABLE trainees RENAME TO legacy_trainees"))
        db.execute(text("ALTER TABLE attempts RENAME TO legacy_attempts"))
    metadata.create_all(db, tables=[trainees, sittings, answers, cards, lesson_passes, assignments])
    if not legacy:
        return
    rows = db.execute(
        text(
            "SELECT trainee, class_code, lesson, question, kind, rule, correct, given, expected, misconception, "
            "answered_at FROM legacy_attempts ORDER BY id"
        )
    ).all()
    ids: dict[tuple[int, str], int] = {}
    for r in rows:
        try:
            name = clean_name(r[0])
        except InvalidInput:
            name = Name(r[0][:80], r[0][:80].casefold())  # kept as it was: an old name is never dropped
        key = (int(r[1]), name.key)
        if key not in ids:
            ids[key] = _insert_trainee(db, key[0], name, r[10])
        db.execute(
            _insert(db, answers)
            .values(
                trainee_id=ids[key],
                class_code=key[0],
                source="lesson",
                lesson=r[2],
                attempt=0,
                slot=0,
                question=r[3],
                template=f"{r[2]}/{r[4]}",
                kind=r[4],
                rule=r[5],
                correct=bool(r[6]),
                hinted=False,
                given=r[7],
                expected=r[8],
                explanation="",
                misconception=r[9],
                answered=r[10],
            )
            .on_conflict_do_nothing()
        )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "trainees per (class, name) with PIN, sittings, answers, FSRS cards, passes, assignments", _migrate_1),
)


# --------------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Trainee:
    id: int
    class_code: int
    name: str  #: as the trainee first typed it
    key: str  #: case-folded, for comparison
    has_pin: bool


@dataclass(frozen=True)
class Sitting:
    id: int
    trainee_id: int
    lesson: str
    attempt: int
    started: str
    example_seen: bool
    completed: str | None
    right: int | None
    total: int


@dataclass(frozen=True)
class Answer:
    """A graded answer, as stored (``expected`` is only ever shown for a question the trainee has answered)."""

    trainee_id: int
    class_code: int
    source: str
    lesson: str
    attempt: int
    slot: int
    question: str
    template: str
    kind: str
    rule: str
    correct: bool
    hinted: bool
    given: str
    expected: str
    explanation: str
    misconception: str | None
    answered: str = ""


@dataclass(frozen=True)
class StoredCard:
    rule: str
    card: str  #: fsrs Card as JSON
    due: str
    last_rating: int
    reviews: int


class PinError(InvalidInput):
    """The PIN is missing, wrong, or the name is locked after too many wrong PINs."""


# ---------------------------------------------------------------------------------------------- engine


def default_url() -> str:
    """``COBSIM_DB`` as a SQLAlchemy URL (a plain path means a SQLite file); default ``.cobsim/progress.db``."""
    raw = os.environ.get("COBSIM_DB") or str(Path.cwd() / ".cobsim" / "progress.db")
    return database_url(raw)


def database_url(raw: str) -> str:
    """A SQLAlchemy URL for a ``postgresql://`` URL or a SQLite path.

    Raises:
        InvalidInput: another URL scheme.

    Examples:
        >>> database_url("postgresql://u:p@127.0.0.1:5432/cobsim")
        'postgresql+psycopg://u:p@127.0.0.1:5432/cobsim'
        >>> database_url("/tmp/p.db")
        'sqlite:////tmp/p.db'
    """
    if raw.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    if raw.startswith(("postgresql+psycopg://", "sqlite://")):
        return raw
    if "://" in raw:
        raise InvalidInput(
            f"COBSIM_DB must be a file path or a postgresql:// URL, not {raw.split('://', maxsplit=1)[0]}://..."
        )
    return f"sqlite:///{Path(raw).resolve()}"


def _sqlite_engine(url: str) -> Engine:
    path = Path(url.removeprefix("sqlite:///"))
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi: Any, _record: Any) -> None:
        dbapi.isolation_level = None  # SQLAlchemy's "begin" event below emits BEGIN itself
        cur = dbapi.cursor()
        cur.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer; replicas share the file
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode across a process crash
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # writers take the lock up front, so two replicas never deadlock upgrading a read lock
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("cobsim_write") else "BEGIN")

    return engine


def _insert(db: Connection, table: Table) -> Any:
    return (postgresql.insert if db.dialect.name == "postgresql" else sqlite.insert)(table)


def _insert_trainee(db: Connection, class_code: int, name: Name, when: str) -> int:
    db.execute(
        _insert(db, trainees)
        .values(class_code=class_code, name_key=name.key, display_name=name.display, pin_failures=0, created=when)
        .on_conflict_do_nothing()
    )
    found = db.execute(
        select(trainees.c.id).where(trainees.c.class_code == class_code, trainees.c.name_key == name.key)
    ).scalar_one()
    return int(found)


class ProgressStore:
    """Trainees, sittings, answers, review cards, passes and assignments in one SQL database."""

    def __init__(self, url: str | Path | None = None, *, clock: clocks.Clock | None = None) -> None:
        raw = str(url) if url is not None else None
        self.url = database_url(raw) if raw is not None else default_url()
        self.clock = clock or clocks.now
        try:
            if self.url.startswith("sqlite"):
                self.engine = _sqlite_engine(self.url)
            else:
                self.engine = create_engine(self.url, pool_size=8, max_overflow=8, pool_pre_ping=True)
            self.migrate()
        except SQLAlchemyError as exc:
            raise CobsimError(f"the progress database cannot be opened ({_short(exc)})") from None

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as db, db.begin():
            yield db

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as plain:
            db = plain.execution_options(cobsim_write=True)
            with db.begin():
                yield db

    def _now(self) -> str:
        return clocks.stamp(self.clock())

    # ------------------------------------------------------------------------------------- migrations

    def migrate(self) -> int:
        """Apply the migrations this database has not had; returns the schema version."""
        with self._write() as db:
            if db.dialect.name == "postgresql":
                db.execute(text("SELECT pg_advisory_xact_lock(7270415)"))  # one replica migrates at a time
            schema_version.create(db, checkfirst=True)
            current = db.execute(select(func.max(schema_version.c.version))).scalar() or 0
            for m in MIGRATIONS:
                if m.version > current:
                    m.apply(db)
                    db.execute(schema_version.delete())
                    db.execute(schema_version.insert().values(version=m.version))
                    current = m.version
            return int(current)

    def version(self) -> int:
        with self._read() as db:
            return int(db.execute(select(func.max(schema_version.c.version))).scalar() or 0)

    # --------------------------------------------------------------------------------------- trainees

    def sign_in(self, name: str, class_code: int | str, pin: str | None = None) -> Trainee:
        """The trainee (class code, name), created on first sign-in.

        A PIN given by a trainee who has none sets it. A trainee with a PIN must give it; after
        :data:`PIN_TRIES` wrong PINs in a row the name is locked for :data:`PIN_LOCK`.

        Raises:
            InvalidInput: a bad name, class code or PIN format.
            PinError: the PIN is needed, wrong, or the name is locked.
        """
        who = clean_name(name)
        code = clean_class_code(class_code)
        pin = check_pin(pin) if pin else None
        now = self._now()
        with self._write() as db:
            tid = _insert_trainee(db, code, who, now)
            row = db.execute(select(trainees).where(trainees.c.id == tid)).one()
            if row.pin_hash is None:
                if pin is not None:
                    db.execute(trainees.update().where(trainees.c.id == tid).values(pin_hash=hash_secret(pin)))
                return Trainee(tid, code, row.display_name, row.name_key, pin is not None)
            if row.locked_until and row.locked_until > now:
                raise PinError(
                    f"Too many wrong PINs for this name; try again after {row.locked_until[11:16]} UTC or ask your "
                    "instructor."
                )
            if pin is None:
                raise PinError("This name is protected by a PIN in this class; enter the PIN.")
            if not verify_secret(pin, row.pin_hash):
                failures = row.pin_failures + 1
                locked = clocks.stamp(self.clock() + PIN_LOCK) if failures >= PIN_TRIES else None
                db.execute(
                    trainees.update()
                    .where(trainees.c.id == tid)
                    .values(pin_failures=0 if locked else failures, locked_until=locked)
                )
                left = PIN_TRIES - failures
                # commit the count before refusing: leave the transaction normally, then raise
                error = PinError(
                    "That PIN is wrong; "
                    + (f"{left} more tries before this name is locked." if left > 0 else "this name is now locked.")
                )
            else:
                db.execute(trainees.update().where(trainees.c.id == tid).values(pin_failures=0, locked_until=None))
                return Trainee(tid, code, row.display_name, row.name_key, True)
        raise error

    def find(self, name: str, class_code: int | str) -> Trainee | None:
        """The trainee if they exist (no PIN check: for instructors and tests)."""
        who = clean_name(name)
        code = clean_class_code(class_code)
        with self._read() as db:
            row = db.execute(
                select(trainees).where(trainees.c.class_code == code, trainees.c.name_key == who.key)
            ).one_or_none()
        return None if row is None else Trainee(row.id, code, row.display_name, row.name_key, row.pin_hash is not None)

    def roster(self, class_code: int | None = None) -> list[Trainee]:
        """Every trainee of a class (or of all classes), by name."""
        query = select(trainees).order_by(trainees.c.class_code, trainees.c.name_key)
        if class_code is not None:
            query = query.where(trainees.c.class_code == class_code)
        with self._read() as db:
            rows = db.execute(query).all()
        return [Trainee(r.id, r.class_code, r.display_name, r.name_key, r.pin_hash is not None) for r in rows]

    def classes(self) -> list[int]:
        with self._read() as db:
            return [
                int(r[0]) for r in db.execute(select(trainees.c.class_code).distinct().order_by(trainees.c.class_code))
            ]

    # --------------------------------------------------------------------------------------- sittings

    def sitting(self, trainee_id: int, lesson: str) -> Sitting | None:
        """The trainee's latest sitting of a lesson."""
        with self._read() as db:
            row = db.execute(
                select(sittings)
                .where(sittings.c.trainee_id == trainee_id, sittings.c.lesson == lesson)
                .order_by(sittings.c.attempt.desc())
                .limit(1)
            ).one_or_none()
        return None if row is None else _sitting(row)

    def sittings(self, trainee_id: int, lesson: str | None = None) -> list[Sitting]:
        query = select(sittings).where(sittings.c.trainee_id == trainee_id)
        if lesson is not None:
            query = query.where(sittings.c.lesson == lesson)
        with self._read() as db:
            return [_sitting(r) for r in db.execute(query.order_by(sittings.c.lesson, sittings.c.attempt))]

    def open_sitting(self, trainee_id: int, lesson: str, attempt: int, total: int) -> Sitting:
        """Start sitting ``attempt`` of a lesson (idempotent: an existing one is returned as it is)."""
        with self._write() as db:
            db.execute(
                _insert(db, sittings)
                .values(
                    trainee_id=trainee_id,
                    lesson=lesson,
                    attempt=attempt,
                    started=self._now(),
                    example_seen=False,
                    total=total,
                )
                .on_conflict_do_nothing()
            )
            row = db.execute(
                select(sittings).where(
                    sittings.c.trainee_id == trainee_id, sittings.c.lesson == lesson, sittings.c.attempt == attempt
                )
            ).one()
        return _sitting(row)

    def example_seen(self, sitting_id: int) -> None:
        with self._write() as db:
            db.execute(sittings.update().where(sittings.c.id == sitting_id).values(example_seen=True))

    def complete_sitting(self, sitting_id: int, right: int) -> None:
        """Close a sitting with its score (the first completion wins)."""
        with self._write() as db:
            db.execute(
                sittings.update()
                .where(sittings.c.id == sitting_id, sittings.c.completed.is_(None))
                .values(completed=self._now(), right_count=right)
            )

    # ---------------------------------------------------------------------------------------- answers

    def record(self, answer: Answer, schedule: Callable[[StoredCard | None], StoredCard] | None = None) -> bool:
        """Commit one graded answer, and move its rule's review card with ``schedule``, in one transaction.

        Returns False (and changes nothing) when this trainee already has a grade for this question.
        """
        values = {k: v for k, v in answer.__dict__.items() if k != "answered"}
        with self._write() as db:
            inserted = db.execute(
                _insert(db, answers)
                .values(**values, answered=self._now())
                .on_conflict_do_nothing()
                .returning(answers.c.id)
            ).first()
            if inserted is None:
                return False
            if schedule is not None:
                query = select(cards).where(cards.c.trainee_id == answer.trainee_id, cards.c.rule == answer.rule)
                if db.dialect.name == "postgresql":
                    query = query.with_for_update()
                row = db.execute(query).one_or_none()
                old = None if row is None else StoredCard(row.rule, row.card, row.due, row.last_rating, row.reviews)
                new = schedule(old)
                stmt = _insert(db, cards).values(trainee_id=answer.trainee_id, **new.__dict__)
                db.execute(
                    stmt.on_conflict_do_update(
                        index_elements=[cards.c.trainee_id, cards.c.rule],
                        set_={"card": new.card, "due": new.due, "last_rating": new.last_rating, "reviews": new.reviews},
                    )
                )
            return True

    def answers(
        self,
        *,
        trainee_id: int | None = None,
        class_code: int | None = None,
        lesson: str | None = None,
        attempt: int | None = None,
        source: str | None = None,
    ) -> list[Answer]:
        """Graded answers in the order they were given."""
        query = select(answers)
        for column, value in (
            (answers.c.trainee_id, trainee_id),
            (answers.c.class_code, class_code),
            (answers.c.lesson, lesson),
            (answers.c.attempt, attempt),
            (answers.c.source, source),
        ):
            if value is not None:
                query = query.where(column == value)
        with self._read() as db:
            rows = db.execute(query.order_by(answers.c.id)).all()
        return [_answer(r) for r in rows]

    def answer_for(self, trainee_id: int, question: str) -> Answer | None:
        with self._read() as db:
            row = db.execute(
                select(answers).where(answers.c.trainee_id == trainee_id, answers.c.question == question)
            ).one_or_none()
        return None if row is None else _answer(row)

    def count_answers(self) -> int:
        with self._read() as db:
            return int(db.execute(select(func.count()).select_from(answers)).scalar_one())

    # ------------------------------------------------------------------------------------------ cards

    def cards(self, trainee_id: int) -> list[StoredCard]:
        with self._read() as db:
            rows = db.execute(select(cards).where(cards.c.trainee_id == trainee_id).order_by(cards.c.rule)).all()
        return [StoredCard(r.rule, r.card, r.due, r.last_rating, r.reviews) for r in rows]

    def class_cards(self, class_code: int) -> dict[int, list[StoredCard]]:
        """Every card of every trainee in a class, by trainee id."""
        query = (
            select(cards)
            .join(trainees, trainees.c.id == cards.c.trainee_id)
            .where(trainees.c.class_code == class_code)
            .order_by(cards.c.trainee_id, cards.c.rule)
        )
        out: dict[int, list[StoredCard]] = {}
        with self._read() as db:
            for r in db.execute(query):
                out.setdefault(r.trainee_id, []).append(StoredCard(r.rule, r.card, r.due, r.last_rating, r.reviews))
        return out

    # ----------------------------------------------------------------------------------------- passes

    def mark_passed(self, trainee_id: int, lesson: str, attempt: int) -> None:
        """Record that a lesson is passed (the first pass is kept)."""
        with self._write() as db:
            db.execute(
                _insert(db, lesson_passes)
                .values(trainee_id=trainee_id, lesson=lesson, attempt=attempt, passed=self._now())
                .on_conflict_do_nothing()
            )

    def passes(self, trainee_id: int) -> dict[str, str]:
        """Lessons passed -> when."""
        with self._read() as db:
            rows = db.execute(select(lesson_passes).where(lesson_passes.c.trainee_id == trainee_id)).all()
        return {r.lesson: r.passed for r in rows}

    def class_passes(self, class_code: int) -> dict[int, set[str]]:
        query = (
            select(lesson_passes.c.trainee_id, lesson_passes.c.lesson)
            .join(trainees, trainees.c.id == lesson_passes.c.trainee_id)
            .where(trainees.c.class_code == class_code)
        )
        out: dict[int, set[str]] = {}
        with self._read() as db:
            for tid, lesson in db.execute(query):
                out.setdefault(tid, set()).add(lesson)
        return out

    # ------------------------------------------------------------------------------------ assignments

    def assign(self, class_code: int, lessons: Sequence[str]) -> None:
        """Set the lessons assigned to a class (replacing the previous set)."""
        with self._write() as db:
            db.execute(assignments.delete().where(assignments.c.class_code == class_code))
            now = self._now()
            for lesson in dict.fromkeys(lessons):
                db.execute(assignments.insert().values(class_code=class_code, lesson=lesson, assigned=now))

    def assigned(self, class_code: int) -> list[str]:
        with self._read() as db:
            rows = db.execute(
                select(assignments.c.lesson)
                .where(assignments.c.class_code == class_code)
                .order_by(assignments.c.lesson)
            )
            return [r[0] for r in rows]


def _sitting(r: Any) -> Sitting:
    return Sitting(
        r.id, r.trainee_id, r.lesson, r.attempt, r.started, bool(r.example_seen), r.completed, r.right_count, r.total
    )


def _answer(r: Any) -> Answer:
    return Answer(
        trainee_id=r.trainee_id,
        class_code=r.class_code,
        source=r.source,
        lesson=r.lesson,
        attempt=r.attempt,
        slot=r.slot,
        question=r.question,
        template=r.template,
        kind=r.kind,
        rule=r.rule,
        correct=bool(r.correct),
        hinted=bool(r.hinted),
        given=r.given,
        expected=r.expected,
        explanation=r.explanation,
        misconception=r.misconception,
        answered=r.answered,
    )


def _short(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).splitlines()[0]


def default_path() -> Path | str:
    """Where progress goes: ``COBSIM_DB`` as given, else ``.cobsim/progress.db``."""
    return os.environ.get("COBSIM_DB") or Path.cwd() / ".cobsim" / "progress.db"


def datetime_of(stamp: str) -> datetime:
    """The instant of a stored stamp."""
    return clocks.parse_instant(stamp)
