"""cobsim's own engine behind the cobsim-conform/1 protocol: ``cobsim conform FIX --engine-cmd "python
examples/engines/cobsim_adapter.py"`` should pass every case. A template for wrapping your own engine."""

from __future__ import annotations

import json
import sys
from typing import Any

from cobsim import __version__, solve
from cobsim.errors import CobsimError
from cobsim.io import parse_case

HANDSHAKE = {"protocol": "cobsim-conform/1", "name": "cobsim", "version": __version__, "families": None}


def answer(raw: dict[str, Any]) -> dict[str, Any]:
    det = solve(parse_case(raw))
    reply: dict[str, Any] = {"id": raw["id"], "order": list(det.order)}
    if det.payments is not None and det.payments.complete:
        reply["payments"] = {k: f"{v:.2f}" for k, v in det.payments.paid.items()}
        reply["patient_owes"] = f"{det.payments.patient:.2f}"
    return reply


def main() -> None:
    sys.stdout.write(json.dumps(HANDSHAKE) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        raw = json.loads(line)
        try:
            reply = answer(raw)
        except CobsimError as exc:
            reply = {"id": raw.get("id"), "error": str(exc)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
