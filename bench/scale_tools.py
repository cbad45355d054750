"""bench/run's tools: the processes it starts and stops, and what it measures them with.

``Processes`` starts servers on loopback and stops each by its own id however the bench ends;
``wrk``/``wrk_together`` drive them; ``django_env``/``manage`` run the project against one
catalogue; ``rss_kb``/``worker_pids``/``timed_download`` read memory and export times.
"""

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
PYTHON = ROOT / ".venv" / "bin" / "python"
DATASETTE_VENV = BENCH / ".venv-datasette"


def log(*parts):
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


# Processes ------------------------------------------------------------------------------------


class Processes:
    """Every process the bench starts, stopped (by its own id) however the bench ends."""

    def __init__(self):
        self.running = []

    def start(self, args, env=None, url=None, log_name="server"):
        out = open(DATA / f"{log_name}.log", "ab")  # noqa: SIM115 -- closed in stop()
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running.append((process, out))
        if url:
            wait_for(url, process)
        return process

    def stop(self, process):
        for entry in list(self.running):
            if entry[0] is process:
                _terminate(process)
                entry[1].close()
                self.running.remove(entry)

    def stop_all(self):
        for process, _out in list(self.running):
            self.stop(process)


def _terminate(process):
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: {url}: the server exited (see bench/data/*.log)")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SystemExit(f"bench: {url} did not answer within {seconds} s")


def fetch(url, timeout=120):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


# Environment ----------------------------------------------------------------------------------


def django_env(database_url, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SECRET_KEY="bench-only-not-a-secret-" + "x" * 40,
        DJANGO_DEBUG="0",
        DJANGO_STATIC_MANIFEST="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        CACHE_URL="",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(database_url, *args):
    started = time.perf_counter()
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=django_env(database_url),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench: manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout, time.perf_counter() - started


def ensure_postgres_database(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_datasette():
    binary = DATASETTE_VENV / "bin" / "datasette"
    if not binary.exists():
        log("installing Datasette into bench/.venv-datasette (not a project dependency)")
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        subprocess.run(
            [str(DATASETTE_VENV / "bin" / "pip"), "install", "--quiet", "datasette"], check=True
        )
    return binary


# Measuring ------------------------------------------------------------------------------------


def _wrk_command(url, duration, connections, threads):
    return [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "30s",
        "-s",
        str(BENCH / "wrk_report.lua"),
        url,
    ]


def _figures(url, out):
    match = re.search(r"^BENCH (\{.*\})$", out, re.MULTILINE)
    if not match:
        raise SystemExit(f"bench: wrk gave no figures for {url}:\n{out}")
    figures = json.loads(match.group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["errors"] += int(non_2xx.group(1)) if non_2xx else 0
    return figures


def wrk(url, duration, connections, threads=2):
    command = _wrk_command(url, duration, connections, threads)
    result = subprocess.run(command, capture_output=True, text=True)
    return _figures(url, result.stdout + result.stderr)


def wrk_together(urls, duration, connections):
    """wrk against several servers at once (one wrk each): summed req/s, worst percentiles."""
    share = max(1, connections // len(urls))
    processes = [
        subprocess.Popen(
            _wrk_command(url, duration, share, 1),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for url in urls
    ]
    results = [_figures(url, p.communicate()[0]) for url, p in zip(urls, processes, strict=True)]
    return {
        "rps": sum(r["rps"] for r in results),
        "p50": max(r["p50"] for r in results),
        "p95": max(r["p95"] for r in results),
        "p99": max(r["p99"] for r in results),
        "errors": sum(r["errors"] for r in results),
    }


def rss_kb(pid):
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return 0
    return int(re.search(r"VmRSS:\s+(\d+)", text).group(1))


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def timed_download(url):
    started = time.perf_counter()
    size = 0
    with urllib.request.urlopen(url, timeout=600) as response:
        while chunk := response.read(1 << 16):
            size += len(chunk)
    return time.perf_counter() - started, size


# One catalogue --------------------------------------------------------------------------------
