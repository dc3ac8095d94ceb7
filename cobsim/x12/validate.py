"""Validate X12 text with pyx12 (an optional dependency: ``pip install pyx12``), through its API.

pyx12's ``x12valid`` command exits 1 even when a file is valid, so cobsim never reads its exit code: it calls
``pyx12.x12n_document.x12n_document`` and collects the errors pyx12 logs and the 999 acknowledgement it writes.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

from cobsim.errors import CobsimError


@dataclass(frozen=True)
class Validation:
    """pyx12's verdict on one X12 document: ``ok``, the errors it reported, and the 999 it wrote (empty for an
    835, for which pyx12 writes none)."""

    ok: bool
    errors: tuple[str, ...]
    ack: str


_MAPS: dict[tuple[str, str | None], Any] = {}


def _cached_loader(original: Any) -> Any:
    """pyx12 parses its XML map on every document (about 0.2 s); parsed maps are read-only during a walk, so cobsim
    keeps one per map file for the life of the process (the tests check that results match uncached runs)."""

    def load(map_file: str, param: Any, map_path: str | None = None) -> Any:
        key = (map_file, map_path)
        if key not in _MAPS:
            _MAPS[key] = original(map_file, param, map_path)
        return _MAPS[key]

    load.original = original  # type: ignore[attr-defined]
    return load


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def validate_x12(text: str, *, cache_maps: bool = True) -> Validation:
    """Validate one X12 interchange with pyx12's implementation guide maps (837P, 837I, 835...).

    Raises:
        CobsimError: pyx12 is not installed.
    """
    try:
        import pyx12.error_handler  # noqa: PLC0415  (optional dependency, imported only when validating)
        import pyx12.params  # noqa: PLC0415
        import pyx12.x12n_document  # noqa: PLC0415
    except ImportError:  # pragma: no cover - the dev environment has pyx12
        raise CobsimError("validating X12 needs pyx12: pip install 'pyx12>=4.0.0'") from None
    import pyx12.map_if  # noqa: PLC0415

    if cache_maps and not hasattr(pyx12.map_if.load_map_file, "original"):
        pyx12.map_if.load_map_file = _cached_loader(pyx12.map_if.load_map_file)
    elif not cache_maps and hasattr(pyx12.map_if.load_map_file, "original"):
        pyx12.map_if.load_map_file = pyx12.map_if.load_map_file.original
    logger = logging.getLogger("pyx12")
    handler = _Collect()
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.ERROR)
    # pyx12 builds its 999 from ST03, which the 835 does not use: for an 835 it reports through its result only
    fd_997 = None if "ST*835*" in text else io.StringIO()
    fd_json = io.StringIO()
    try:
        ok = pyx12.x12n_document.x12n_document(
            param=pyx12.params.params(),
            src_file=io.StringIO(text),
            fd_997=fd_997,
            fd_html=None,
            fd_json=fd_json,
        )
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    ack = fd_997.getvalue() if fd_997 is not None else ""
    errors = list(handler.messages)
    valid = bool(ok) and not errors and (fd_997 is None or ("IK5*A" in ack and "AK9*A" in ack))
    if not valid and not errors:
        errors.append(fd_json.getvalue().strip() or "pyx12 rejected the document without a message")
    return Validation(ok=valid, errors=tuple(errors), ack=ack)
