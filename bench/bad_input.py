"""Benchmark: how fast and how small a runaway note is refused. Prints figures; not a test.

Run from the project root: ``.venv/bin/python bench/bad_input.py``. Each case runs
``manage.py import_note PATH --dry-run`` in a fresh process on a generated note and reports the
exit code, the first line of the error, wall time and peak resident memory (ru_maxrss of the
child). The cases: a 50 MB cell in one table row (refused as a note over 5 MB), a 4 MB note with
a 1 MB cell (refused as a line over 20 kB), and a partner name over 200 characters (refused by
normalisation's limits). Issue 9 measured the 50 MB cell at 190 s and 1.2 GB before the checks.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "Tabel 1: Nye samarbejder\n\nTitel\tMålgruppe\tSamarbejdspartner/type\tStatus\n"

CASES = {
    "50 MB cell": HEADER + "Akutteam\tÆldre\t" + "x" * 50_000_000 + "\tIgangværende\n",
    "1 MB cell in a 4 MB note": HEADER
    + "Akutteam\tÆldre\t"
    + "x" * 1_000_000
    + "\tIgangværende\n"
    + ("Et\tÆldre\tGladsaxe Kommune\tI drift\n" * 90_000),
    "partner name of 245 characters": HEADER
    + "Akutteam\tÆldre\tGladsaxe Kommune og "
    + "Videnscenter" * 20
    + " Nord\tIgangværende\n",
}


def run(name, text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ny.txt"
        path.write_text(text, encoding="utf-8")
        env = {**os.environ, "DJANGO_DEBUG": "1"}
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        child = subprocess.run(
            [sys.executable, "manage.py", "import_note", str(path), "--dry-run"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    error = (child.stderr.strip().splitlines() or [""])[-1]
    size = len(text.encode()) / 1e6
    print(f"| {name} ({size:.1f} MB) | exit {child.returncode} | {wall:.2f} s | "
          f"{max(peak, before) / 1024:.0f} MB | {error[:110]} |")  # fmt: skip


def main():
    print("| case | result | wall | peak RSS | error |")
    print("|---|---|---|---|---|")
    for name, text in CASES.items():
        run(name, text)


if __name__ == "__main__":
    main()
