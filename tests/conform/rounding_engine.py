"""cobsim's engine with another rounding convention, to test how the kit grades declared conventions.

    python rounding_engine.py MODE ROUNDS DECLARE [ALLOWABLE_EXPENSE]

MODE is half_up or half_even, ROUNDS coinsurance or payment: the engine really computes that way (cobsim's
coinsurance rounding is replaced in this process only). DECLARE is "yes" (the handshake says so) or "no".
ALLOWABLE_EXPENSE, when given, is declared too (the engine still computes as cobsim does).
"""

from __future__ import annotations

import json
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "engines"))

import cobsim_adapter  # type: ignore[import-not-found]

import cobsim.payments

CENT = Decimal("0.01")


def main() -> None:
    mode, rounds, declare = sys.argv[1:4]
    how = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}[mode]

    def percent_of(amount: Decimal, rate: Decimal) -> Decimal:
        exact = amount * rate
        if rounds == "coinsurance":
            return exact.quantize(CENT, rounding=how)
        return amount - (amount - exact).quantize(CENT, rounding=how)

    cobsim.payments.percent_of = percent_of  # type: ignore[assignment]
    handshake = dict(cobsim_adapter.HANDSHAKE, name=f"rounding-{mode}-{rounds}")
    conventions: dict[str, object] = {}
    if declare == "yes":
        conventions["rounding"] = {"mode": mode, "rounds": rounds}
    if len(sys.argv) > 4:
        conventions["allowable_expense"] = sys.argv[4]
    handshake["conventions"] = conventions
    sys.stdout.write(json.dumps(handshake) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        sys.stdout.write(json.dumps(cobsim_adapter.answer(json.loads(line))) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
