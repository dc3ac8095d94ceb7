"""Run ``cobsim`` in this process and write its peak resident memory (KiB, this process only) to a file.

    python measure.py PEAK_FILE conform FIXTURES --engine-cmd ...

The peak is Linux's ``VmHWM`` (the high-water mark of this address space, which starts afresh at ``exec``);
``getrusage``'s ``ru_maxrss`` would carry over the peak of the process that started this one.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

from cobsim.cli import main


def peak_kib() -> int:
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - not Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1])


if __name__ == "__main__":
    peak_file = Path(sys.argv[1])
    sys.argv = ["cobsim", *sys.argv[2:]]
    code: object = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    finally:
        peak_file.write_text(str(peak_kib()), encoding="utf-8")
    sys.exit(code if isinstance(code, int) else 1)
