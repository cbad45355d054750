"""bench/run: the catalogue at 10k and 100k initiatives against tuned Datasette and a static file.

For each catalogue (SQLite 10k and 100k, PostgreSQL 100k by default):
1. generate it (``generate_catalogue``, timed) and copy it into one SQLite table for Datasette
   (``bench/datasette_export.py``: the same rows and columns, the same indexes, FTS5);
2. measure in-process latency (``bench/inprocess.py``: p50/p95, queries, bytes; page cache off);
3. serve it with gunicorn (workers = cores) with the page cache off, then on; with two gunicorn
   servers sharing Redis; Datasette (``--immutable``, suggested facets off); and WhiteNoise
   serving a copy of the list page's bytes (the physical limit);
4. drive equivalent URLs with wrk on loopback, time the full exports and the workers' memory;
5. write ``bench/RESULTS.md``'s "Scale" section: machine, versions, req/s and p50/p95/p99 per
   scenario and system, and the ratios the issue's targets are stated in.

Everything it starts it stops, on its own ports only (``--port`` .. ``--port``+5, and
``--static-port``). ``--quick`` runs a 2,000-initiative SQLite catalogue for a smoke test.
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from scale_report import report, versions, write_results
from scale_tools import (
    BENCH,
    DATA,
    DATASETTE_VENV,
    PYTHON,
    ROOT,
    Processes,
    django_env,
    ensure_datasette,
    ensure_postgres_database,
    fetch,
    log,
    manage,
    rss_kb,
    timed_download,
    worker_pids,
    wrk,
    wrk_together,
)

RESULTS = BENCH / "RESULTS.md"
CORES = os.cpu_count() or 2

# (scenario, our path, Datasette path); {…} filled per catalogue.
FACETS = "_facet=status&_facet_array=regions&_facet_array=target_groups&_facet_array=partners"
SCENARIOS = [
    ("list, facets", "/initiatives/", f"/catalogue/initiatives?{FACETS}&_sort=title&_size=20"),
    (
        "region filter",
        "/initiatives/?region=hovedstaden",
        f"/catalogue/initiatives?{FACETS}&_sort=title&_size=20"
        "&regions__arraycontains=Region+Hovedstaden",
    ),
    (
        "region + status",
        "/initiatives/?region=hovedstaden&status=ongoing",
        f"/catalogue/initiatives?{FACETS}&_sort=title&_size=20"
        "&regions__arraycontains=Region+Hovedstaden&status=Igangv%C3%A6rende",
    ),
    (
        "free text",
        "/initiatives/?q=genoptr%C3%A6ning",
        f"/catalogue/initiatives?{FACETS}&_size=20&_search=genoptr%C3%A6ning",
    ),
    (
        "text + region",
        "/initiatives/?q=genoptr%C3%A6ning&region=midtjylland",
        f"/catalogue/initiatives?{FACETS}&_size=20&_search=genoptr%C3%A6ning"
        "&regions__arraycontains=Region+Midtjylland",
    ),
    ("deep page (50)", "/initiatives/?page=50", "{deep}"),
    ("detail", "{detail}", "/catalogue/initiatives/{detail_id}"),
    (
        "JSON, filtered",
        "/initiatives/export.json?region=nordjylland&status=completed",
        "/catalogue/initiatives.json?regions__arraycontains=Region+Nordjylland"
        "&status=Afsluttet&_size=max&_shape=array",
    ),
]
CACHED_SCENARIOS = ["list, facets", "region filter", "free text", "detail"]
LIST_SCENARIOS = ["list, facets", "region filter", "region + status", "free text", "text + region"]


def _vacuum(url):
    """VACUUM ANALYZE, so a reused database has a visibility map and statistics too."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def prepare(kind, size, pg_url, regenerate):
    if kind == "sqlite":
        path = DATA / f"catalogue-{size}.sqlite3"
        if regenerate:
            path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        ensure_postgres_database(pg_url)
        url = pg_url
    manage(url, "migrate", "--noinput", "-v", "0")
    out, seconds = manage(
        url, "generate_catalogue", "--initiatives", str(size), "--seed", "1", "--replace"
    )
    generated = None if "nothing written" in out else seconds
    log(f"{kind} {size}: {out.strip()} ({seconds:.1f} s)")
    # A second run writes nothing: that is the "re-load of unchanged data".
    out2, reload_seconds = manage(
        url, "generate_catalogue", "--initiatives", str(size), "--seed", "1"
    )
    assert "nothing written" in out2, out2
    if kind == "postgresql":
        _vacuum(url)
    if kind == "sqlite":
        with sqlite3.connect(path) as db:
            db.execute("ANALYZE")
    # Datasette names the database after the file: /catalogue/initiatives.
    datasette_db = DATA / f"datasette-{kind}-{size}" / "catalogue.db"
    datasette_db.parent.mkdir(exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [str(PYTHON), str(BENCH / "datasette_export.py"), str(datasette_db)],
        cwd=ROOT,
        env=django_env(url),
        check=True,
        capture_output=True,
    )
    log(f"datasette copy in {time.perf_counter() - started:.1f} s")
    return url, datasette_db, generated, reload_seconds


def measure(kind, size, url, datasette_db, args, procs):
    port = args.port
    django_base = f"http://127.0.0.1:{port}"
    datasette_base = f"http://127.0.0.1:{port + 3}"
    static_base = f"http://127.0.0.1:{args.static_port}"
    results = {
        "kind": kind,
        "size": size,
        "wrk": {},
        "inprocess": [],
        "inprocess_runs": args.inprocess_runs,
        "exports": {},
    }

    detail_slug = "syntetisk-000042"
    fill = {"detail": f"/initiatives/{detail_slug}/", "detail_id": "42"}
    scenarios = [(name, ours.format(**fill), theirs) for name, ours, theirs in SCENARIOS]

    # In-process latency (page cache off).
    inproc = subprocess.run(
        [str(PYTHON), str(BENCH / "inprocess.py"), str(args.inprocess_runs)]
        + [ours for _name, ours, _theirs in scenarios],
        cwd=ROOT,
        env=django_env(url),
        capture_output=True,
        text=True,
        check=True,
    )
    for (name, _ours, _theirs), line in zip(scenarios, inproc.stdout.splitlines(), strict=True):
        results["inprocess"].append({"scenario": name, **json.loads(line)})
    log(
        "in-process:", ", ".join(f"{r['scenario']} p95 {r['p95']} ms" for r in results["inprocess"])
    )

    gunicorn = [str(PYTHON), "-m", "gunicorn", "catalogue.wsgi", "--log-level", "warning"]

    # Datasette, tuned: immutable file, no suggested facets, facet size like ours.
    datasette = procs.start(
        [
            str(ensure_datasette()),
            "serve",
            "--immutable",
            str(datasette_db),
            "--host",
            "127.0.0.1",
            "--port",
            str(port + 3),
            "--setting",
            "suggest_facets",
            "off",
            "--setting",
            "default_facet_size",
            "8",
            "--setting",
            "sql_time_limit_ms",
            "10000",
            "--setting",
            "facet_time_limit_ms",
            "10000",
        ],
        url=datasette_base + "/catalogue",
        log_name="datasette",
    )
    # Datasette pages by keyset: the "next" token after the first 980 rows (one request without
    # facets) opens page 50, the page our deep-page scenario asks for.
    page = json.loads(fetch(datasette_base + "/catalogue/initiatives.json?_sort=title&_size=980"))
    deep = f"/catalogue/initiatives?{FACETS}&_sort=title&_size=20"
    if page.get("next"):
        deep += "&_next=" + urllib.parse.quote(page["next"])
    scenarios = [(n, o, t.replace("{deep}", deep).format(**fill)) for n, o, t in scenarios]
    for name, _ours, theirs in scenarios:
        fetch(datasette_base + theirs)
        results["wrk"][("datasette", name)] = wrk(
            datasette_base + theirs, args.duration, args.connections
        )
    seconds, size_bytes = timed_download(
        datasette_base + "/catalogue/initiatives.csv?_stream=on&_size=max"
    )
    results["exports"]["datasette CSV (all rows, _stream=on)"] = (seconds, size_bytes, None)
    procs.stop(datasette)
    log("datasette done")

    # Our app, one server (workers = cores): no cache at all, page cache off, page cache on.
    modes = [
        ("django, no cache", {"CACHE_URL": "dummy://", "DJANGO_PAGE_CACHE": 0}, LIST_SCENARIOS),
        ("django, uncached", {"DJANGO_PAGE_CACHE": 0}, [n for n, _o, _t in scenarios]),
        ("django, cached", {"DJANGO_PAGE_CACHE": 1}, CACHED_SCENARIOS),
    ]
    for label, extra_env, names in modes:
        cache_on = label == "django, cached"
        server = procs.start(
            [*gunicorn, "--workers", str(CORES), "--bind", f"127.0.0.1:{port}"],
            env=django_env(url, **extra_env),
            url=django_base + "/initiatives/",
            log_name="django",
        )
        for name, ours, _theirs in scenarios:
            if name not in names:
                continue
            for _ in range(CORES * 2):  # every worker has seen the version and this page
                fetch(django_base + ours)
            results["wrk"][(label, name)] = wrk(django_base + ours, args.duration, args.connections)
        if label == "django, no cache":
            pass
        elif cache_on:
            page = fetch(django_base + "/initiatives/")
            static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
            (static_root / "list.html").write_bytes(page)
            results["list_bytes"] = len(page)
        else:
            before = {pid: rss_kb(pid) for pid in worker_pids(server.pid)}
            for fmt in ("json", "csv"):
                seconds, size_bytes = timed_download(f"{django_base}/initiatives/export.{fmt}")
                after = {pid: rss_kb(pid) for pid in worker_pids(server.pid)}
                growth = max((after.get(pid, 0) - kb for pid, kb in before.items()), default=0)
                results["exports"][f"django export.{fmt} (all rows)"] = (
                    seconds,
                    size_bytes,
                    growth / 1024,
                )
        procs.stop(server)
        log(label, "done")

    # The physical limit: WhiteNoise serving the cached list page's bytes.
    static = procs.start(
        [
            str(PYTHON),
            "-m",
            "gunicorn",
            "bench.static_app:application",
            "--workers",
            str(CORES),
            "--bind",
            f"127.0.0.1:{args.static_port}",
        ],
        env={**os.environ, "BENCH_STATIC_ROOT": str(static_root)},
        url=static_base + "/list.html",
        log_name="static",
    )
    results["wrk"][("static", "list, facets")] = wrk(
        static_base + "/list.html", args.duration, args.connections
    )
    procs.stop(static)
    shutil.rmtree(static_root, ignore_errors=True)

    # Two app servers sharing Redis (one worker each: the machine has only so many cores).
    redis_env = django_env(url, CACHE_URL=args.redis_url)
    _flush_redis(args.redis_url)
    servers = [
        procs.start(
            [*gunicorn, "--workers", str(max(1, CORES // 2)), "--bind", f"127.0.0.1:{port + n}"],
            env=redis_env,
            url=f"http://127.0.0.1:{port + n}/initiatives/",
            log_name=f"django-redis-{n}",
        )
        for n in (1, 2)
    ]
    for name, ours, _theirs in scenarios:
        if name in CACHED_SCENARIOS:
            urls = [f"http://127.0.0.1:{port + n}{ours}" for n in (1, 2)]
            for u in urls:
                fetch(u)
            results["wrk"][("2 servers + Redis, cached", name)] = wrk_together(
                urls, args.duration, args.connections
            )
    for server in servers:
        procs.stop(server)
    log("two servers done")
    return results


def _flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def _save_raw(all_results):
    raw = [
        {**r, "wrk": [{"system": k[0], "scenario": k[1], **v} for k, v in r["wrk"].items()]}
        for r in all_results
    ]
    (DATA / "results.json").write_text(json.dumps(raw, indent=2, default=str), encoding="utf-8")


def _load_raw():
    raw = json.loads((DATA / "results.json").read_text(encoding="utf-8"))
    for r in raw:
        r["wrk"] = {(w.pop("system"), w.pop("scenario")): w for w in r["wrk"]}
        r["exports"] = {k: tuple(v) for k, v in r["exports"].items()}
    return raw


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite-sizes", default="10000,100000")
    parser.add_argument("--postgres-sizes", default="100000")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/wt_scale"),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8131)))
    parser.add_argument(
        "--static-port", type=int, default=int(os.environ.get("BENCH_STATIC_PORT", 8130))
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--inprocess-runs",
        type=int,
        default=200,
        help="requests per URL in-process; the p95 of 200 is the 10th slowest, of 50 the 3rd",
    )
    parser.add_argument("--regenerate", action="store_true", help="rebuild the SQLite files")
    parser.add_argument(
        "--quick", action="store_true", help="2,000 initiatives on SQLite, 2 s per scenario"
    )
    parser.add_argument("--no-write", action="store_true", help="print, leave RESULTS.md alone")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="write RESULTS.md again from the last run's bench/data/results.json",
    )
    args = parser.parse_args()
    if args.quick:
        args.sqlite_sizes, args.postgres_sizes, args.duration = "2000", "", 2
        args.inprocess_runs = 10
    if args.report_only:
        all_results = _load_raw()
        info = all_results[0].get("info") or versions(PYTHON, DATASETTE_VENV, CORES)
        text = report(all_results, info, args, SCENARIOS, CORES)
        write_results(RESULTS, text)
        return
    if not shutil.which("wrk"):
        raise SystemExit("bench: wrk is not installed: apt-get install wrk")
    DATA.mkdir(exist_ok=True)
    runs = [("sqlite", int(s)) for s in args.sqlite_sizes.split(",") if s] + [
        ("postgresql", int(s)) for s in args.postgres_sizes.split(",") if s
    ]
    info = versions(PYTHON, DATASETTE_VENV, CORES)
    procs = Processes()
    all_results = []
    try:
        for kind, size in runs:
            url, datasette_db, generated, reload_seconds = prepare(
                kind, size, args.pg_url, args.regenerate
            )
            results = measure(kind, size, url, datasette_db, args, procs)
            results["generated"], results["reload"] = generated, reload_seconds
            results["info"] = info
            all_results.append(results)
            _save_raw(all_results)  # a failing report must not lose the measurements
    finally:
        procs.stop_all()
    # Datasette is installed during the first run: ask its version again now that it is there.
    info["datasette"] = versions(PYTHON, DATASETTE_VENV, CORES)["datasette"]
    text = report(all_results, info, args, SCENARIOS, CORES)
    print(text)
    if not args.no_write and not args.quick:
        write_results(RESULTS, text)
        log(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
