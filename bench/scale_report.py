"""bench/run's report: the "Scale" section of bench/RESULTS.md from the measured figures."""

import datetime
import platform
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

SECTION = "## Scale: 10k and 100k initiatives against Datasette (`bench/run`)"


def versions(python, datasette_venv, cores):
    def run(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except FileNotFoundError:
            return "not found"

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)
    django_version = run(str(python), "-c", "import django; print(django.get_version())")
    return {
        "machine": f"{cores} cores ({cpu}), {int(memory) // 1024 // 1024} GiB",
        "load": Path("/proc/loadavg").read_text().split()[:3],
        "python": platform.python_version(),
        "django": django_version,
        "sqlite": sqlite3.sqlite_version,
        "postgresql": run("psql", "--version"),
        "datasette": run(str(datasette_venv / "bin" / "datasette"), "--version"),
        "wrk": run("wrk", "--version").splitlines()[0] if shutil.which("wrk") else "not found",
    }


def _ratio(ours, theirs):
    if not ours or not theirs:
        return ""
    if theirs["rps"] == 0:
        return "∞ (none answered)" if ours["rps"] else "–"
    return f"{ours['rps'] / theirs['rps']:.2f}×"


def ms(value):
    return f"{value:.1f}"


def report(all_results, info, args, scenarios, cores):
    lines = [
        SECTION,
        "",
        f"Run {datetime.date.today().isoformat()} on {info['machine']}; load average at the "
        f"start {' '.join(info['load'])} (the machine is shared: figures vary ±30 % between "
        f"runs). Python {info['python']}, Django {info['django']}, SQLite {info['sqlite']}, "
        f"{info['postgresql']}, {info['datasette']}, {info['wrk']}. wrk: {args.connections} "
        f"connections, 2 threads, {args.duration} s per scenario, on loopback. gunicorn with "
        f"{cores} sync workers; Datasette `--immutable`, `suggest_facets off`, facet size 8, "
        "the same indexes (title, status, date) and an FTS5 index on title and description.",
        "",
        "Systems: *django, no cache* = `CACHE_URL=dummy://`: every request reads the version "
        "and counts its facets (only the per-process vocabulary and unfiltered counts remain). "
        "*django, uncached* = the page cache off (`DJANGO_PAGE_CACHE=0`); facet counts (and a "
        "search's ranked ids) per filter combination stay in the local-memory cache, so repeated requests for one URL "
        "count once (the in-process *first request* column shows that cost). "
        "*django, cached* = whole pages from "
        "the local-memory cache. *2 servers + Redis* = two gunicorn servers sharing one Redis "
        "(one wrk each, req/s summed). *static* = WhiteNoise serving the cached list page's "
        "bytes. Our list has 7 facets, Datasette's 4.",
        "",
    ]
    for results in all_results:
        kind, size = results["kind"], results["size"]
        lines += [
            f"### {kind}, {size:,} initiatives".replace(f"{size:,}", f"{size:,}".replace(",", " ")),
            "",
        ]
        if results.get("generated") is not None:
            lines.append(
                f"`generate_catalogue --initiatives {size}`: {results['generated']:.1f} s "
                f"(generate, bulk write, search index); a second identical run writes nothing "
                f"({results['reload']:.1f} s, Django start-up included)."
            )
            lines.append("")
        lines += [
            f"In-process, page cache off (one thread, Django test client, "
            f"{results.get('inprocess_runs', 50)} requests per URL after the first):",
            "",
            "| scenario | first request ms | p50 ms | p95 ms | queries | KB |",
            "|---|---|---|---|---|---|",
        ]
        for r in results["inprocess"]:
            lines.append(
                f"| {r['scenario']} | {ms(r['first'])} | {ms(r['p50'])} | {ms(r['p95'])} | "
                f"{r['queries']} | "
                f"{r['bytes'] / 1024:.1f} |"
            )
        systems = sorted({system for system, _name in results["wrk"]})
        order = [
            "django, no cache",
            "django, uncached",
            "django, cached",
            "2 servers + Redis, cached",
            "datasette",
            "static",
        ]
        systems = [s for s in order if s in systems]
        lines += [
            "",
            "Over HTTP (wrk): req/s, and p50 / p95 / p99 in ms:",
            "",
            "| scenario | "
            + " | ".join(systems)
            + " | uncached ÷ Datasette | no cache ÷ Datasette |",
            "|---|" + "---|" * (len(systems) + 2),
        ]
        for name, _ours, _theirs in scenarios:
            cells = []
            for system in systems:
                figures = results["wrk"].get((system, name))
                if figures is None:
                    cells.append("")
                    continue
                if not figures["rps"]:
                    cells.append("0 (no answer within the run)")
                    continue
                err = f", {figures['errors']} errors" if figures["errors"] else ""
                cells.append(
                    f"{figures['rps']:.0f} ({ms(figures['p50'])} / {ms(figures['p95'])} / "
                    f"{ms(figures['p99'])}{err})"
                )
            theirs = results["wrk"].get(("datasette", name))
            ratios = []
            for system in ("django, uncached", "django, no cache"):
                ours = results["wrk"].get((system, name))
                ratios.append(_ratio(ours, theirs))
            lines.append(f"| {name} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
        cached = results["wrk"].get(("django, cached", "list, facets"))
        static = results["wrk"].get(("static", "list, facets"))
        if cached and static:
            lines += [
                "",
                f"Cached list page ÷ static copy of its bytes: "
                f"{_ratio(cached, static)} ({cached['rps']:.0f} vs "
                f"{static['rps']:.0f} req/s; the page is {results['list_bytes'] / 1024:.1f} KB).",
            ]
        lines += ["", "| export | seconds | MB | worker memory growth |", "|---|---|---|---|"]
        for name, (seconds, size_bytes, growth) in results["exports"].items():
            growth_text = "" if growth is None else f"{growth:.1f} MB"
            lines.append(f"| {name} | {seconds:.2f} | {size_bytes / 1e6:.1f} | {growth_text} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def write_results(results, text):
    current = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    if SECTION in current:
        before, _sep, after = current.partition(SECTION)
        rest = re.search(r"\n## ", after)
        current = before + (after[rest.start() + 1 :] if rest else "")
    results.write_text(current.rstrip("\n") + "\n\n" + text, encoding="utf-8")
