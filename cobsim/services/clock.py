"""The one clock the services read: real UTC time, or a time a test injects.

Everything that schedules (spaced review, PIN lock-outs, sittings) asks :func:`now`, never ``datetime.now``
directly. Tests inject a time two ways:

- in-process: :func:`frozen` (a context manager) or by passing ``clock=`` to the services;
- across processes (a browser test drives a running ``streamlit run``): set ``COBSIM_TEST_CLOCK_FILE`` to a file
  holding an ISO 8601 timestamp; every call reads it again, so the test moves time by rewriting the file. The
  variable is meant for tests only; the app shows a banner when it is set, so a real class never runs on it
  unnoticed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from cobsim.errors import InvalidInput

Clock = Callable[[], datetime]

TEST_CLOCK_ENV = "COBSIM_TEST_CLOCK_FILE"

_override: datetime | None = None


def parse_instant(text: str) -> datetime:
    """An ISO 8601 date-time; a naive one is taken as UTC.

    Raises:
        InvalidInput: the text is not an ISO 8601 date-time.

    Examples:
        >>> parse_instant("2026-03-01T09:30:00").isoformat()
        '2026-03-01T09:30:00+00:00'
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{text.strip()!r} is not an ISO 8601 date-time such as 2026-03-01T09:30:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_clock_file() -> Path | None:
    """The clock file a test set, if any."""
    value = os.environ.get(TEST_CLOCK_ENV)
    return Path(value) if value else None


def now() -> datetime:
    """The current instant (timezone-aware, UTC)."""
    if _override is not None:
        return _override
    path = test_clock_file()
    if path is not None:
        try:
            return parse_instant(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InvalidInput(f"{TEST_CLOCK_ENV} names {path}, which cannot be read ({exc.strerror})") from None
    return datetime.now(UTC)


@contextmanager
def frozen(moment: datetime) -> Iterator[None]:
    """Make :func:`now` return ``moment`` inside the block (tests)."""
    global _override  # noqa: PLW0603  (the injected clock is process-wide by design)
    before = _override
    _override = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        yield
    finally:
        _override = before


def stamp(moment: datetime) -> str:
    """The stored form of an instant: UTC, seconds, ISO 8601 (sorts as text).

    Examples:
        >>> from datetime import datetime, UTC
        >>> stamp(datetime(2026, 3, 1, 9, 30, 5, 123, tzinfo=UTC))
        '2026-03-01T09:30:05+00:00'
    """
    return moment.astimezone(UTC).isoformat(timespec="seconds")
