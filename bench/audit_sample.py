"""The audit sample of issue 9: 40 mentions picked at random across the five bundled notes.

Run from the project root: ``.venv/bin/python bench/audit_sample.py``. Six mentions from each
note, then ten more from all the rest, with ``random.Random(2026)`` so the sample can be drawn
again; prints each with what the catalogue says (partners with kinds, status, target groups,
regions, locator and line) for reading against the note. The reading itself and its counts are
in ``bench/AUDIT.md``.
"""

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from imports.manifest import load_manifest  # noqa: E402
from imports.pipeline import build_catalogue, load_gazetteer  # noqa: E402

SEED = 2026
PER_NOTE = 6
TOTAL = 40


def sample(catalogue):
    mentions = sorted(
        (m for i in catalogue.initiatives for m in i.mentions), key=lambda m: (m.source, m.position)
    )
    rng = random.Random(SEED)
    chosen = []
    for source in sorted({m.source for m in mentions}):
        chosen += rng.sample([m for m in mentions if m.source == source], PER_NOTE)
    rest = [m for m in mentions if m not in chosen]
    chosen += rng.sample(rest, TOTAL - len(chosen))
    return sorted(chosen, key=lambda m: (m.source, m.position))


def main():
    catalogue = build_catalogue([(meta, None) for meta in load_manifest()])
    gazetteer = load_gazetteer()
    orgs = {o.slug: o for o in gazetteer.organisations()}
    orgs.update({o.slug: o for o in catalogue.organisations})
    for n, m in enumerate(sample(catalogue), start=1):
        partners = "; ".join(f"{orgs[s].name} [{orgs[s].kind}]" for s in m.partners)
        print(f"{n}. {m.source} | {m.locator} | line {m.line} | {m.title}")
        print(f"   status {m.status} ({m.status_text[:70]!r})")
        print(f"   partners {partners}")
        print(f"   target groups {', '.join(m.target_groups)} | regions {', '.join(m.regions)}")


if __name__ == "__main__":
    main()
