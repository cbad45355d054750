"""Synthetic catalogues for measuring the site at scale (``generate_catalogue``).

``generate(n, seed, reference)`` is pure: given the reference rows already in the database
(regions, organisations, target groups, statuses) and text sampled from the bundled notes and
fixtures, it returns plain records for sources, initiatives and mentions. The same ``n``, ``seed``
and reference give the same records, byte for byte.

Distributions follow the real catalogue (``fixtures/initiatives.json``): statuses in its
proportions; one region for most initiatives (regions weighted by population); 1–5 partners,
Zipf-skewed so that a few kommuner and hospitals take part in many initiatives and every one of
the 98 kommuner in some; 1–3 target groups, Zipf-skewed; 1–3 mentions (60/30/10 %) in notes of
the initiative's region; one source note per 200 initiatives (200–2,000); titles recombined from
the real titles and places; descriptions of sentences from the notes, one in twenty long.
"""

import bisect
import datetime
import hashlib
import itertools
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES_DIR = ROOT / "imports" / "sources"
FIXTURE = ROOT / "fixtures" / "initiatives.json"
GENERATOR_VERSION = 1

REGION_WEIGHTS = {  # roughly the regions' shares of the population
    "hovedstaden": 32,
    "midtjylland": 23,
    "syddanmark": 21,
    "sjaelland": 14,
    "nordjylland": 10,
}
MENTION_COUNTS = ((1, 60), (2, 30), (3, 10))
LONG_DESCRIPTION_SHARE = 0.05


@dataclass(frozen=True)
class Reference:
    """What the generator draws from: ids and names of rows already in the database."""

    regions: list  # (id, slug, name)
    organisations: list  # (id, name, kind, region_id)
    target_groups: list  # (id, name)
    statuses: list  # (id, code, label)


@dataclass
class Source:
    slug: str
    title: str
    region_id: int
    date: datetime.date
    text: str
    sha256: str


@dataclass
class MentionRecord:
    source: int  # index into the sources list
    locator: str
    position: int
    status_id: int
    status_text: str
    date: datetime.date


@dataclass
class InitiativeRecord:
    slug: str
    title: str
    description: str
    status_id: int
    last_reported: datetime.date
    region_ids: list
    partner_ids: list
    target_group_ids: list
    mentions: list = field(default_factory=list)
    group_text: str = ""
    partner_text: str = ""


def fingerprint(n, seed):
    """What marks a generated catalogue, so a second identical run can write nothing."""
    return hashlib.sha256(f"synthetic:{GENERATOR_VERSION}:{n}:{seed}".encode()).hexdigest()


def _sentences():
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(SOURCES_DIR.glob("*.txt")))
    text = re.sub(r"<[^>]+>|[|#*\t]", " ", text)
    text = re.sub(r"\s+", " ", text)
    candidates = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", text)
    return sorted({s.strip() for s in candidates if 40 <= len(s.strip()) <= 300})


def _real_titles():
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return sorted({row["title"] for row in rows}), [row["status"] for row in rows]


class _Zipf:
    """Draws from ``items`` with weight 1/rank, the shape of who takes part in how much."""

    def __init__(self, items, exponent=1.0):
        self.items = list(items)
        weights = [1 / (rank**exponent) for rank in range(1, len(self.items) + 1)]
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng):
        x = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_left(self.cumulative, x)]


class _Weighted:
    """Draws from (value, weight) pairs: ``rng.choices`` with the weights summed up once."""

    def __init__(self, pairs):
        self.values, weights = zip(*pairs, strict=True)
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


def _weighted(rng, pairs):
    return _Weighted(pairs).draw(rng)


MENTION_DRAW = _Weighted(MENTION_COUNTS)
GROUP_COUNT_DRAW = _Weighted(((1, 60), (2, 30), (3, 10)))


def generate(n, seed, reference: Reference):
    """(sources, initiatives) for a catalogue of ``n`` initiatives (see the module docstring)."""
    rng = random.Random(seed)
    sentences = _sentences()
    titles, real_statuses = _real_titles()
    status_by_code = {code: (pk, label) for pk, code, label in reference.statuses}
    status_pool = [status_by_code[code] for code in real_statuses if code in status_by_code]

    regions = [r for r in reference.regions if r[1] in REGION_WEIGHTS]
    region_draw = _Weighted([(r, REGION_WEIGHTS[r[1]]) for r in regions])
    shuffled = list(reference.organisations)
    rng.shuffle(shuffled)
    by_region_kind = {}
    for org in shuffled:
        by_region_kind.setdefault((org[3], org[2]), []).append(org)
    zipf = {key: _Zipf(orgs) for key, orgs in by_region_kind.items()}
    practice = [o for o in shuffled if o[2] == "general_practice"]
    groups = list(reference.target_groups)
    rng.shuffle(groups)
    group_zipf = _Zipf(groups, exponent=0.8)
    title_zipf = _Zipf(titles, exponent=0.5)
    places = {
        region[0]: [
            o[1].removesuffix(" Kommune")
            for o in by_region_kind.get((region[0], "municipality"), [])
        ]
        for region in regions
    }

    n_sources = min(2000, max(200, n // 200))
    sources = []
    sources_by_region = {}
    start = datetime.date(2012, 1, 1)
    for i in range(n_sources):
        region = region_draw.draw(rng)
        date = start + datetime.timedelta(days=rng.randrange(13 * 365))
        text = " ".join(rng.choice(sentences) for _ in range(12))
        sources.append(
            Source(
                slug=f"syntetisk-{i + 1:04d}",
                title=f"Notat om tværsektorielle samarbejder, {region[2]}, {date:%d.%m.%Y}",
                region_id=region[0],
                date=date,
                text=text,
                sha256=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
        sources_by_region.setdefault(region[0], []).append(i)
    positions = [0] * n_sources

    initiatives = []
    for i in range(n):
        region = region_draw.draw(rng)
        region_ids = [region[0]]
        if rng.random() < 0.04:
            region_ids.append(rng.choice(regions)[0])
        region_ids = sorted(set(region_ids))
        partners = {zipf[(region[0], "municipality")].draw(rng)}
        for kind, share in (("hospital", 0.55), ("psychiatry", 0.12), ("municipality", 0.3)):
            if rng.random() < share and (region[0], kind) in zipf:
                partners.add(zipf[(region[0], kind)].draw(rng))
        if practice and rng.random() < 0.25:
            partners.add(rng.choice(practice))
        if rng.random() < 0.1:
            partners.add(zipf[(region[0], "municipality")].draw(rng))
        partners = sorted(partners)
        target = {group_zipf.draw(rng) for _ in range(GROUP_COUNT_DRAW.draw(rng))}
        title = title_zipf.draw(rng)
        place = rng.choice(places[region[0]] or [region[2]])
        title = _weighted(
            rng,
            (
                (title, 3),
                (f"{title} i {place}", 4),
                (f"{title} – {place}", 2),
                (f"{place}: {title}", 1),
            ),
        )
        if rng.random() < LONG_DESCRIPTION_SHARE:
            description = "\n\n".join(rng.choice(sentences) for _ in range(rng.randint(20, 40)))
        elif rng.random() < 0.2:
            description = ""
        else:
            description = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
        status_id, status_label = rng.choice(status_pool)
        pool = sources_by_region.get(region[0]) or list(range(n_sources))
        chosen = sorted({rng.choice(pool) for _ in range(MENTION_DRAW.draw(rng))})
        chosen.sort(key=lambda s: sources[s].date)
        mentions = []
        for k, s in enumerate(chosen):
            positions[s] += 1
            last = k == len(chosen) - 1
            sid, label = (status_id, status_label) if last else rng.choice(status_pool)
            mentions.append(
                MentionRecord(
                    source=s,
                    locator=f"Tabel 1, række {positions[s]}",
                    position=positions[s],
                    status_id=sid,
                    status_text=label,
                    date=sources[s].date,
                )
            )
        initiatives.append(
            InitiativeRecord(
                slug=f"syntetisk-{i + 1:06d}",
                title=title,
                description=description,
                status_id=status_id,
                last_reported=mentions[-1].date,
                region_ids=region_ids,
                partner_ids=[p[0] for p in partners],
                target_group_ids=sorted(g[0] for g in target),
                mentions=mentions,
                group_text=", ".join(g[1] for g in sorted(target)),
                partner_text=", ".join(p[1] for p in partners),
            )
        )
    return sources, initiatives
