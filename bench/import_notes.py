"""Benchmark: import_notes over all bundled notes (time and memory). Prints figures; not a test.

Run from the project root: ``.venv/bin/python bench/import_notes.py [--runs N]``. It measures
the whole rebuild as the command does it (manifest → readers → normalise → link → render) in a
fresh process per run, reporting wall time and peak resident memory (ru_maxrss) of that process.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, resource, time
t0 = time.perf_counter()
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
django.setup()
from imports import fixtures
from imports.manifest import load_manifest
from imports.pipeline import build_catalogue
t1 = time.perf_counter()
catalogue = build_catalogue([(m, None) for m in load_manifest()])
rendered = fixtures.render(catalogue)
t2 = time.perf_counter()
print(json.dumps({
    "startup_s": t1 - t0, "import_s": t2 - t1, "total_s": t2 - t0,
    "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "initiatives": len(catalogue.initiatives),
    "mentions": sum(len(i.mentions) for i in catalogue.initiatives),
}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", CHILD],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    for key in ("import_s", "total_s", "maxrss_mb"):
        values = [r[key] for r in results]
        print(f"{key:>10}: median {statistics.median(values):.3f}  max {max(values):.3f}")
    print(f"initiatives: {results[0]['initiatives']}, mentions: {results[0]['mentions']}")
    print(f"runs: {args.runs}, cores: {os.cpu_count()}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
