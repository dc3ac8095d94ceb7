"""Text that came from an engine under test, made safe to show: one line, printable, bounded.

An engine's error message, its handshake name or a coverage id it invented may hold control characters (which
move a terminal's cursor and make XML ill-formed), lone surrogates (which no UTF-8 writer can encode), or
bidirectional overrides (which make a line read differently from what it says). :func:`clean` shows each such
character as a visible escape and cuts long text, so the console, ``junit.xml`` and ``report.html`` carry the
engine's words literally and never break.
"""

from __future__ import annotations

import json
from typing import Any

_ESCAPES: dict[int, str] = {}
for _code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]:
    _ESCAPES[_code] = f"\\x{_code:02x}"
for _code in [0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF]:
    _ESCAPES[_code] = f"\\u{_code:04x}"
for _code in range(0xD800, 0xE000):  # lone surrogates (a JSON "\udc80" escape decodes to one)
    _ESCAPES[_code] = f"\\u{_code:04x}"

#: Longest text from an engine shown in one message (the report files keep the whole answer).
SHORT = 300


def clean(value: object, limit: int = SHORT) -> str:
    """``value`` as one printable line of at most about ``limit`` characters.

    Examples:
        >>> clean("bad\\x1b[2Jthing")
        'bad\\\\x1b[2Jthing'
        >>> clean("x" * 10, limit=4)
        'xxxx... (6 more characters)'
        >>> clean("\\udc80")
        '\\\\udc80'
    """
    text = value if isinstance(value, str) else str(value)
    extra = len(text) - limit
    if extra > 0:
        text = text[:limit]
    text = text.translate(_ESCAPES)
    return f"{text}... ({extra:,} more characters)" if extra > 0 else text


def clean_block(value: str, limit: int = 65_536) -> str:
    """Several lines of engine text (stderr), each cleaned; newlines and tabs kept."""
    lines = value[-limit:].split("\n")
    return "\n".join(clean(line.replace("\t", "    "), limit) for line in lines)


def dumps(data: Any) -> str:
    """Compact, deterministic, ASCII-only JSON: safe in any file whatever strings ``data`` holds."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)
