"""``python -m app.server.simulate``: customers calling a queue number over real SIP, speaking a WAV.

    python -m app.server.simulate --to 74950000001 [--server-sip 127.0.0.1:5080] --calls N --rate R \\
        --play speech.wav [--record-dir DIR] [--hangup-after S]

Each call is a real pjsua2 call leg that plays ``--play`` in a loop once answered and records what it hears
(``call-<n>.wav`` in ``--record-dir``). The wheel allows 4 legs per process, so more calls are spread over
child processes of at most 4 calls each. Every call prints one JSON line (index, caller, result, SIP code,
media seconds, recording); the exit status is 0 when every call had media.

    python -m app.server.simulate operators --server URL --logins op1,op2 --password PW --auto-answer ...

runs operators on the other side (:mod:`app.server.simulate.operators`).

    python -m app.server.simulate carrier --sip-port P --play speech.wav

is the demo line's carrier, answering every call (:mod:`app.server.simulate.carrier`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

CALLS_PER_PROCESS = 4


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m app.server.simulate", description=__doc__.split("\n")[0])
    parser.add_argument("--to", required=True, help="queue number to call, e.g. 74950000001")
    parser.add_argument("--server-sip", default="127.0.0.1:5080", help="host:port of the switch")
    parser.add_argument("--calls", type=int, default=1)
    parser.add_argument("--rate", type=float, default=1.0, help="new calls per second")
    parser.add_argument("--play", type=Path, required=True, help="16-bit PCM mono WAV the customer speaks")
    parser.add_argument("--record-dir", type=Path, help="record what each customer hears here")
    parser.add_argument("--hangup-after", type=float, default=30.0, help="seconds after answer")
    parser.add_argument(
        "--codec",
        action="append",
        default=[],
        help="allowed codec (repeat; default PCMU and PCMA, as carriers)",
    )
    parser.add_argument("--caller-base", default="79990000001", help="caller number of the first call")
    parser.add_argument("--log", type=Path, help="pjsip log file")
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, default=0.0, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _fan_out(args: argparse.Namespace, argv: list[str]) -> int:
    t0 = time.time() + 1.0
    children = []
    for first in range(0, args.calls, CALLS_PER_PROCESS):
        count = min(CALLS_PER_PROCESS, args.calls - first)
        cmd = [sys.executable, "-m", "app.server.simulate", *argv]
        cmd += ["--calls", str(count), "--first", str(first), "--t0", str(t0)]
        children.append(subprocess.Popen(cmd))
    return max(child.wait() for child in children)


def main(argv: list[str] | None = None) -> int:
    raw = sys.argv[1:] if argv is None else argv
    if raw[:1] == ["carrier"]:
        from app.server.simulate.carrier import main as carrier_main

        return carrier_main(raw[1:])
    if raw[:1] == ["operators"]:
        from app.server.simulate.operators import main as operators_main

        return operators_main(raw[1:])
    args = parse_args(raw)
    if args.calls > CALLS_PER_PROCESS and not args.t0:
        stripped = _without(raw, "--calls")
        return _fan_out(args, stripped)
    from app.server.simulate.caller import run_calls

    return run_calls(args)


def _without(argv: list[str], flag: str) -> list[str]:
    out, skip = [], False
    for item in argv:
        if skip:
            skip = False
            continue
        if item == flag:
            skip = True
            continue
        if item.startswith(flag + "="):
            continue
        out.append(item)
    return out


if __name__ == "__main__":
    sys.exit(main())
