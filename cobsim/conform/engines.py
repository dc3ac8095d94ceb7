"""How the kit reaches an engine under test: a command (JSONL over stdin/stdout), HTTP, or a Python function.

Every transport turns whatever an engine does into a :class:`Reply` - an answer, or the sentence saying why there
is none - and never lets the engine's fault escape as an exception once the engine has started:

* **Command** (:class:`CommandEngine`). The process runs in its own process group (a new session), and the whole
  group is killed after a fault and at the end, so a child it forked cannot hold the pipe open. Its stderr is
  drained into a 64 KB ring (:class:`StderrTail`): the last 64 KB are kept, the rest is counted and dropped. Up
  to ``window`` cases are in flight; answers are matched to cases by ``id``, so a repeated answer line (for a case
  answered a moment ago) is charged to the oldest waiting case as an error and never shifts the answers after it;
  an answer for a case never sent, or without an id, is taken as the oldest case's (and graded as mislabelled). The time limit runs for the oldest case without an answer. After a fault the process restarts and the
  cases in flight are sent again; after ``max_faults`` faults in a row it is not restarted again.
* **HTTP** (:class:`HttpEngine`). Each case is POSTed; the whole exchange - connecting, sending, the status line,
  headers and body - must finish within the per-case deadline (the network backend gives each socket operation only
  the time left, so a server that drips one byte a second cannot stretch it). Redirects are followed only to the
  same origin (307 and 308); a reply that is not HTTP, or too long, is an error. The handshake is the JSON body of
  a ``GET`` on the same URL; a server without one is taken as a ``cobsim-conform/1`` engine.
* **In-process** (:class:`PythonEngine`). ``module:function``; anything it raises, ``SystemExit`` included, is an
  error of the case. Its answer goes through JSON like the others. A time limit cannot be enforced in-process:
  use the command transport for engines that may hang or call ``os._exit``.

An answer is decoded strictly: UTF-8, JSON without ``NaN`` or ``Infinity``, numbers as ``Decimal``, nesting within
Python's recursion limit, at most ``max_bytes``.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import selectors
import shlex
import signal
import subprocess
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar
from urllib.parse import urljoin, urlsplit

from cobsim.conform.protocol import Handshake, ProtocolError
from cobsim.conform.text import SLOW, clean, dumps_line, loads

MAX_ANSWER_BYTES = 1_000_000
STDERR_KEEP = 64 * 1024
MAX_HEADERS = 100  #: as http.client: more is not a reply an engine needs
MAX_HEADER_LINE = 8 * 1024
RECENT_IDS = 4096
RESTART_MARK = "--- cobsim conform:"
K = TypeVar("K")


class EngineError(Exception):
    """The engine cannot be used at all: it does not start, or its handshake is not one."""


@dataclass
class Reply:
    """What came back for one case: the decoded answer (``data`` and its JSON ``text``), or ``error``."""

    data: Any = None
    text: str | None = None
    error: str | None = None
    raw: str | None = None  #: the start of an undecodable answer, cleaned, for the report
    notes: list[str] = field(default_factory=list)  #: stray lines charged to this case


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode(raw: bytes, max_bytes: int = MAX_ANSWER_BYTES) -> Reply:
    """A reply from the bytes of one answer."""
    if len(raw) > max_bytes:
        return Reply(error=f"the answer is longer than {max_bytes:,} bytes ({len(raw):,})")
    data = loads(raw)
    if data is not SLOW:  # orjson read it as json would (there is no float, which must be read as a Decimal)
        return Reply(data=data, text=raw.decode("utf-8"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Reply(error="the answer is not UTF-8 text", raw=clean(raw[:200].decode("utf-8", "replace"), 200))
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except RecursionError:
        return Reply(error="the answer's JSON is nested too deeply to read", raw=clean(text, 200))
    except ValueError as exc:
        return Reply(error=f"the answer is not JSON ({clean(exc, 100)}): {clean(text, 80)}", raw=clean(text, 200))
    return Reply(data=data, text=text)


class Engine(Protocol):
    """An engine under test."""

    handshake: Handshake

    def answers(self, items: Iterable[tuple[K, str, dict[str, Any]]]) -> Iterator[tuple[K, Reply]]:
        """A reply for each ``(key, case id, message)``; in any order, each key once."""
        ...

    def describe(self) -> dict[str, Any]:
        """How the engine was reached, for the report."""
        ...

    def stderr(self) -> str:
        """The last 64 KB the engine wrote to stderr (empty when there is none)."""
        ...

    def close(self) -> None: ...


def ask(engine: Engine, case_id: str, message: dict[str, Any]) -> Reply:
    """One case, one reply."""
    for _, reply in engine.answers([(0, case_id, message)]):
        return reply
    return Reply(error="no reply")  # pragma: no cover - every transport answers each key


# --------------------------------------------------------------------------------------------------- command


class StderrTail:
    """The last ``limit`` bytes an engine (over all its restarts) wrote to stderr, drained by a thread."""

    def __init__(self, limit: int = STDERR_KEEP) -> None:
        self.limit = limit
        self.total = 0
        self._buf = bytearray()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def attach(self, pipe: IO[bytes]) -> None:
        thread = threading.Thread(target=self._drain, args=(pipe,), name="engine-stderr", daemon=True)
        thread.start()
        self._threads.append(thread)

    def _drain(self, pipe: IO[bytes]) -> None:
        fd = pipe.fileno()
        try:
            while chunk := os.read(fd, 65536):
                self.add(chunk)
        except OSError:
            pass
        finally:
            pipe.close()

    def add(self, data: bytes) -> None:
        with self._lock:
            self.total += len(data)
            self._buf += data
            if len(self._buf) > self.limit:
                del self._buf[: len(self._buf) - self.limit]

    def text(self) -> str:
        with self._lock:
            return bytes(self._buf).decode("utf-8", "replace")

    def last_line(self) -> str:
        lines = [x for x in self.text().splitlines() if x.strip() and not x.startswith(RESTART_MARK)]
        return clean(lines[-1], 200) if lines else ""

    def join(self, timeout: float) -> None:
        for thread in self._threads:
            thread.join(timeout)
        self._threads = [t for t in self._threads if t.is_alive()]


def _ended(proc: subprocess.Popen[bytes]) -> str | None:
    """How ``proc`` ended ("0", "3", "signal 9"), or None while it runs. Where ``os.waitid`` exists the process is
    not reaped, so its pid - the id of its process group - cannot be reused before the group is killed."""
    waitid = getattr(os, "waitid", None)
    if waitid is None:  # pragma: no cover - macOS: reaps; killpg then finds the group by its other members
        code = proc.poll()
        return None if code is None else (f"signal {-code}" if code < 0 else str(code))
    try:
        info = waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return "?"
    if info is None:
        return None
    killed = info.si_code in (os.CLD_KILLED, os.CLD_DUMPED)
    return f"signal {info.si_status}" if killed else str(info.si_status)


def _remember(recent: OrderedDict[str, None], case_id: str) -> None:
    recent[case_id] = None
    if len(recent) > RECENT_IDS:
        recent.popitem(last=False)  # the oldest (a dict would look for it past every key deleted before it)


class _Pending:
    """A case sent and waiting for its answer."""

    __slots__ = ("case_id", "data", "key", "notes")

    def __init__(self, key: Any, case_id: str, data: bytes) -> None:
        self.key, self.case_id, self.data = key, case_id, data
        self.notes: list[str] = []


class CommandEngine:
    """An engine run as a process: argv split like a shell would, but never run through one."""

    def __init__(
        self,
        command: str,
        *,
        timeout: float = 10.0,
        start_timeout: float = 60.0,
        max_bytes: int = MAX_ANSWER_BYTES,
        window: int = 64,
        max_faults: int = 10,
        grace: float = 1.0,
    ) -> None:
        self.command = command
        self.argv = shlex.split(command)
        if not self.argv:
            raise ValueError("the engine command is empty")
        self.timeout, self.start_timeout, self.max_bytes = timeout, start_timeout, max_bytes
        self.window, self.max_faults, self.grace = window, max_faults, grace
        self.restarts = 0
        self.pids: list[int] = []  #: every process group started (each pid is its group's id)
        self._tail = StderrTail()
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = bytearray()
        self._scanned = 0
        self._dead: str | None = None
        self._selector: selectors.BaseSelector | None = None
        self._writing = False
        self.handshake = self._start()

    # -- process life

    def _start(self) -> Handshake:
        try:
            proc = subprocess.Popen(  # noqa: S603  (argv list, no shell: the user's own engine)
                self.argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its own process group, killed as a whole
            )
        except (OSError, ValueError) as exc:
            raise EngineError(
                f"cannot start {clean(self.argv[0], 100)!r}: {clean(getattr(exc, 'strerror', None) or exc)}"
            ) from None
        self._proc = proc
        self.pids.append(proc.pid)
        assert proc.stderr is not None
        self._tail.attach(proc.stderr)
        self._buffer = bytearray()
        self._scanned = 0
        try:
            line = self._handshake_line()
            reply = decode(line, self.max_bytes)
            if reply.error is not None:
                raise EngineError(f"the handshake is not JSON: {clean(line[:80].decode('utf-8', 'replace'), 80)}")
            handshake = Handshake.parse(reply.data)
        except (EngineError, ProtocolError) as exc:
            self._kill()
            raise EngineError(str(exc)) from None
        assert proc.stdin is not None
        os.set_blocking(proc.stdin.fileno(), False)
        return handshake

    def _handshake_line(self) -> bytes:
        assert self._proc is not None
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        deadline = time.monotonic() + self.start_timeout
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while (line := self._take_line()) is None:
                if len(self._buffer) > self.max_bytes:
                    raise EngineError(f"the handshake is longer than {self.max_bytes:,} bytes")
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    raise EngineError(f"no handshake within {self.start_timeout:g} s" + self._stderr_note())
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise EngineError("the engine ended before its handshake" + self._exit_note())
                self._buffer += chunk
        return line

    def _take_line(self) -> bytes | None:
        at = self._buffer.find(b"\n", self._scanned)
        if at < 0:
            self._scanned = len(self._buffer)
            return None
        line = bytes(self._buffer[:at])
        del self._buffer[: at + 1]
        self._scanned = 0
        return line

    def _stderr_note(self) -> str:
        last = self._tail.last_line()
        return f"; stderr ends: {last}" if last else ""

    def _exit_note(self) -> str:
        """How the process ended (waiting up to a second for it), without reaping it: its group id stays ours."""
        proc = self._proc
        if proc is None:
            return ""
        code = "?"
        for _ in range(100):
            ended = _ended(proc)
            if ended is not None:
                code = ended
                break
            time.sleep(0.01)
        return f" (exit code {code})" + self._stderr_note()

    def _kill(self) -> None:
        """Kill the process group now and reap the leader (the group id is valid until then)."""
        proc, self._proc = self._proc, None
        if self._selector is not None:
            self._selector.close()
            self._selector = None
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        self._tail.join(0.5)

    def restart(self) -> None:
        """Kill the process group and start the engine again, for the next case."""
        self._kill()
        self.restarts += 1
        self._tail.add(f"\n{RESTART_MARK} restart {self.restarts} ---\n".encode())
        try:
            self.handshake = self._start()
        except EngineError as exc:
            self._dead = f"the engine could not be restarted: {exc}"

    def close(self) -> None:
        """End of the run: close the engine's input, give it ``grace`` seconds to exit, then kill its group."""
        proc = self._proc
        if proc is not None and proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()
            deadline = time.monotonic() + self.grace
            while time.monotonic() < deadline and _ended(proc) is None:
                time.sleep(0.01)
        self._kill()

    def describe(self) -> dict[str, Any]:
        return {
            "transport": "command",
            "command": clean(self.command, 500),
            "restarts": self.restarts,
            "stderr_bytes": self._tail.total,
        }

    def stderr(self) -> str:
        return self._tail.text()

    # -- answers

    def answers(self, items: Iterable[tuple[K, str, dict[str, Any]]]) -> Iterator[tuple[K, Reply]]:
        source = iter(items)
        pending: deque[_Pending] = deque()
        outbuf = bytearray()
        exhausted = False
        since = time.monotonic()
        faults = 0
        recent: OrderedDict[str, None] = (
            OrderedDict()
        )  #: ids answered lately, to tell a repeated line from a mislabelled answer
        while True:
            while not exhausted and len(pending) < self.window:
                try:
                    key, case_id, msg = next(source)
                except StopIteration:
                    exhausted = True
                    break
                data = dumps_line(msg)
                pending.append(_Pending(key, case_id, data))
                outbuf += data
            if not pending:
                return
            if self._proc is None:
                entry = pending.popleft()
                yield entry.key, Reply(error=self._dead or "the engine is not running", notes=entry.notes)
                continue
            line = self._take_line()
            if line is not None:
                reply = decode(line, self.max_bytes)
                if reply.error is not None:
                    entry = pending.popleft()
                    reply.notes = entry.notes
                    since = time.monotonic()
                    _remember(recent, entry.case_id)
                    yield entry.key, reply
                    continue
                found = self._match(pending, reply.data, recent)
                if found is None:
                    what = reply.data.get("id") if isinstance(reply.data, dict) else None
                    notes = pending[0].notes
                    if len(notes) < 3:
                        notes.append(
                            f"the engine wrote an answer line for case {clean(repr(what), 100)}, which was not "
                            "waiting for an answer (a stray or repeated line)"
                        )
                    elif len(notes) == 3:
                        notes.append("and more stray lines")
                    if time.monotonic() - since <= self.timeout:
                        continue
                    # stray lines without end: fall through, so the time limit of the oldest case applies
                else:
                    if found.notes:
                        reply.notes = found.notes
                    since = time.monotonic()
                    faults = 0
                    _remember(recent, found.case_id)
                    yield found.key, reply
                    continue
            fault, outbuf = self._pump(outbuf, since)
            if fault is None:
                continue
            entry = pending.popleft()
            yield entry.key, Reply(error=fault, notes=entry.notes)
            faults += 1
            if faults >= self.max_faults:
                self._kill()
                self._dead = f"the engine failed {faults} cases in a row, so the kit stopped restarting it"
            else:
                self.restart()
            outbuf = bytearray(b"".join(p.data for p in pending))
            since = time.monotonic()

    @staticmethod
    def _match(pending: deque[_Pending], data: Any, recent: OrderedDict[str, None]) -> _Pending | None:
        """The waiting case an answer is for, by id. An answer for a case answered a moment ago is a stray (None);
        one without a string id, or for a case never sent, is the oldest case's (mislabelled: grading says so)."""
        case_id = data.get("id") if isinstance(data, dict) else None
        if isinstance(case_id, str):
            if pending[0].case_id == case_id:  # the usual: answers in the order the cases were sent
                return pending.popleft()
            for i, entry in enumerate(pending):
                if entry.case_id == case_id:
                    del pending[i]
                    return entry
            if case_id in recent:
                return None
        return pending.popleft()

    def _pump(self, outbuf: bytearray, since: float) -> tuple[str | None, bytearray]:
        """Move bytes both ways until something arrives; returns a fault (or None) and what is left to write."""
        proc = self._proc
        assert proc is not None
        assert proc.stdin is not None
        assert proc.stdout is not None
        left = since + self.timeout - time.monotonic()
        if left <= 0:
            return f"no answer within {self.timeout:g} s" + self._stderr_note(), outbuf
        if len(self._buffer) > self.max_bytes:
            return f"the answer is longer than {self.max_bytes:,} bytes", outbuf
        out_fd, in_fd = proc.stdout.fileno(), proc.stdin.fileno()
        sel = self._selector
        if sel is None:
            sel = self._selector = selectors.DefaultSelector()
            sel.register(out_fd, selectors.EVENT_READ)
            sel.register(in_fd, selectors.EVENT_WRITE)
            self._writing = True
        if bool(outbuf) != self._writing:  # watch the input only while there is something to write
            if outbuf:
                sel.register(in_fd, selectors.EVENT_WRITE)
            else:
                sel.unregister(in_fd)
            self._writing = bool(outbuf)
        events = sel.select(left)
        if not events:
            return f"no answer within {self.timeout:g} s" + self._stderr_note(), outbuf
        for key, _ in events:
            if key.fd == in_fd:
                try:
                    written = os.write(in_fd, outbuf[:65536])
                except BlockingIOError:
                    written = 0
                except OSError as exc:  # broken pipe: the engine stopped reading
                    return f"the engine stopped reading its input ({exc.strerror})" + self._exit_note(), outbuf
                del outbuf[:written]
            else:
                chunk = os.read(out_fd, 65536)
                if not chunk:
                    return "the engine closed its output" + self._exit_note(), outbuf
                self._buffer += chunk
        return None, outbuf


# --------------------------------------------------------------------------------------------------- HTTP


class _DeadlineStream:
    """A network stream whose every operation gets at most the time left before the backend's deadline."""

    def __init__(self, stream: Any, backend: _DeadlineBackend) -> None:
        self._stream = stream
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        import httpcore  # noqa: PLC0415

        data: bytes = self._stream.read(max_bytes, self._backend.limit(timeout, httpcore.ReadTimeout))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        import httpcore  # noqa: PLC0415

        self._stream.write(buffer, self._backend.limit(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        import httpcore  # noqa: PLC0415

        limit = self._backend.limit(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, limit), self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend:
    """httpcore's synchronous network backend with one overall deadline (``time.monotonic()``) per exchange."""

    def __init__(self) -> None:
        import httpcore  # noqa: PLC0415

        self._inner = httpcore.SyncBackend()
        self.deadline: float | None = None

    def limit(self, timeout: float | None, error: type[Exception]) -> float | None:
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise error("the per-case deadline passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> _DeadlineStream:
        import httpcore  # noqa: PLC0415

        limit = self.limit(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_tcp(host, port, limit, local_address, socket_options), self)

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        import httpcore  # noqa: PLC0415

        raise httpcore.ConnectError("the kit reaches HTTP engines over TCP only")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


class HttpEngine:
    """An engine behind HTTP: each case is POSTed as JSON to ``url``; the body of the reply is the answer."""

    MAX_REDIRECTS = 3

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 10.0,
        start_timeout: float = 60.0,
        max_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        import httpcore  # noqa: PLC0415  (only HTTP runs need it)

        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the engine URL must start with http:// or https:// and name a host")
        self.url, self.timeout, self.start_timeout, self.max_bytes = url, timeout, start_timeout, max_bytes
        self._backend = _DeadlineBackend()
        self._pool = httpcore.ConnectionPool(network_backend=self._backend, max_connections=2, retries=0)  # type: ignore[arg-type]
        self.handshake = self._handshake()

    def _handshake(self) -> Handshake:
        status, body = self._exchange("GET", None, self.start_timeout)
        if status is None:
            raise EngineError(body.decode())
        if status == 200:
            reply = decode(body, self.max_bytes)
            if isinstance(reply.data, dict) and "protocol" in reply.data:
                try:
                    return Handshake.parse(reply.data)
                except ProtocolError as exc:
                    raise EngineError(str(exc)) from None
        return Handshake(clean(self.url, 200))  # no handshake: a cobsim-conform/1 engine

    def _exchange(self, method: str, body: bytes | None, seconds: float) -> tuple[int | None, bytes]:
        """(status, body) of one exchange, redirects to the same origin followed; (None, why) on a fault."""
        import httpcore  # noqa: PLC0415

        url = self.url
        deadline = time.monotonic() + seconds
        try:
            for _ in range(self.MAX_REDIRECTS + 1):
                self._backend.deadline = deadline
                headers = [(b"Accept", b"application/json")]
                if body is not None:
                    headers.append((b"Content-Type", b"application/json"))
                t = {"connect": seconds, "read": seconds, "write": seconds, "pool": seconds}
                with self._pool.stream(method, url, headers=headers, content=body, extensions={"timeout": t}) as reply:
                    status = reply.status
                    if len(reply.headers) > MAX_HEADERS:
                        return (
                            None,
                            f"the reply has {len(reply.headers)} headers; the kit accepts {MAX_HEADERS}".encode(),
                        )
                    if any(len(k) + len(v) > MAX_HEADER_LINE for k, v in reply.headers):
                        return None, f"the reply has a header line longer than {MAX_HEADER_LINE:,} bytes".encode()
                    if 300 <= status < 400:
                        location = {k.lower(): v for k, v in reply.headers}.get(b"location", b"")
                        target = urljoin(url, location.decode("latin-1"))
                        if _origin(target) != _origin(self.url):
                            return None, (
                                f"HTTP {status}: the engine redirected to another origin ({clean(target, 150)}), "
                                "which the kit does not follow"
                            ).encode()
                        if status not in (307, 308):
                            return (
                                None,
                                f"HTTP {status}: only 307 and 308 redirects keep the case; got {status}".encode(),
                            )
                        url = target
                        continue
                    data = bytearray()
                    for chunk in reply.iter_stream():
                        data += chunk
                        if len(data) > self.max_bytes:
                            return None, f"the answer is longer than {self.max_bytes:,} bytes".encode()
                    if time.monotonic() > deadline:
                        return None, f"no complete answer within {seconds:g} s".encode()
                    if not 200 <= status < 300:
                        first = clean(bytes(data[:200]).decode("utf-8", "replace"), 120)
                        return None, f"HTTP {status}{': ' + first if first else ''}".encode()
                    return status, bytes(data)
            return None, f"more than {self.MAX_REDIRECTS} redirects".encode()
        except httpcore.TimeoutException:
            return None, f"no complete answer within {seconds:g} s (the whole exchange has that long)".encode()
        except httpcore.ProtocolError as exc:
            return None, f"the reply is not valid HTTP ({clean(exc, 150)})".encode()
        except httpcore.NetworkError as exc:
            return None, f"no answer from {clean(self.url, 150)}: {clean(exc, 150)}".encode()
        except Exception as exc:  # anything else an HTTP exchange can throw is still the engine's fault
            return None, f"the HTTP exchange failed ({type(exc).__name__}: {clean(exc, 150)})".encode()
        finally:
            self._backend.deadline = None

    def answers(self, items: Iterable[tuple[K, str, dict[str, Any]]]) -> Iterator[tuple[K, Reply]]:
        for key, _, msg in items:
            body = dumps_line(msg)[:-1]
            status, raw = self._exchange("POST", body, self.timeout)
            yield key, (decode(raw, self.max_bytes) if status is not None else Reply(error=raw.decode()))

    def describe(self) -> dict[str, Any]:
        return {"transport": "http", "url": clean(self.url, 500)}

    def stderr(self) -> str:
        return ""

    def close(self) -> None:
        self._pool.close()


# --------------------------------------------------------------------------------------------------- in-process


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


class PythonEngine:
    """An in-process engine: ``module:function`` taking the message (a dict) and returning an answer (a dict).

    The module may define ``HANDSHAKE`` (a dict as in the protocol); without one it is a ``cobsim-conform/1``
    engine and receives the bare case.
    """

    def __init__(self, target: str, *, max_bytes: int = MAX_ANSWER_BYTES) -> None:
        self.target, self.max_bytes = target, max_bytes
        module_name, _, func_name = target.rpartition(":")
        if not module_name or not func_name:
            raise ValueError("--engine-python takes module:function or path/to/file.py:function")
        try:
            if module_name.endswith(".py"):
                spec = importlib.util.spec_from_file_location(Path(module_name).stem, module_name)
                if spec is None or spec.loader is None or not Path(module_name).is_file():
                    raise ImportError("no such file")
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
            else:
                module = importlib.import_module(module_name)
        except (Exception, SystemExit) as exc:  # importing the engine runs its code: any failure refuses it
            raise ValueError(f"cannot import {module_name!r}: {type(exc).__name__}: {clean(exc)}") from None
        func = getattr(module, func_name, None)
        if not callable(func):
            raise ValueError(f"{module_name!r} has no function {func_name!r}")
        self.func: Callable[[dict[str, Any]], Any] = func
        raw = getattr(module, "HANDSHAKE", None)
        try:
            self.handshake = Handshake.parse(raw) if raw is not None else Handshake(clean(target, 200))
        except ProtocolError as exc:
            raise ValueError(f"{module_name!r}: {exc}") from None

    def answer_one(self, msg: dict[str, Any]) -> Reply:
        given = json.loads(json.dumps(msg))  # a copy: the engine may change what it is given
        try:
            result = self.func(given)
        except SystemExit as exc:
            return Reply(error=f"the engine called sys.exit({clean(repr(exc.code), 60)})")
        except RecursionError:
            return Reply(error="the engine raised RecursionError")
        except Exception as exc:  # any failure of the engine under test is its fault
            return Reply(error=f"{type(exc).__name__}: {clean(exc)}")
        try:
            text = json.dumps(result, ensure_ascii=True, allow_nan=False, default=_json_default)
        except (TypeError, ValueError, RecursionError) as exc:
            return Reply(error=f"the answer cannot be written as JSON ({type(exc).__name__}: {clean(exc, 120)})")
        return decode(text.encode(), self.max_bytes)

    def answers(self, items: Iterable[tuple[K, str, dict[str, Any]]]) -> Iterator[tuple[K, Reply]]:
        for key, _, msg in items:
            yield key, self.answer_one(msg)

    def describe(self) -> dict[str, Any]:
        return {"transport": "python", "target": clean(self.target, 500)}

    def stderr(self) -> str:
        return ""

    def close(self) -> None:
        return None
