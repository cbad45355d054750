"""In-process latency of pages (no HTTP server): p50/p95 per URL, page cache off (bench/run).

``DATABASE_URL=… python bench/inprocess.py N URL…`` prints one JSON object per URL:
``{"url", "first", "p50", "p95", "queries", "bytes"}`` (milliseconds): the first request (which
counts the facets of that filter combination), then p50/p95 of N more (counts from the cache).
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ["DJANGO_PAGE_CACHE"] = "0"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main(n, urls):
    client = Client(HTTP_HOST="127.0.0.1")
    for url in urls:
        started = time.perf_counter()
        client.get(url)  # the first request for this URL counts its facets (kept afterwards)
        first = (time.perf_counter() - started) * 1000
        times = []
        for _ in range(n):
            started = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        times.sort()
        print(
            json.dumps(
                {
                    "url": url,
                    "status": response.status_code,
                    "first": round(first, 2),
                    "p50": round(statistics.median(times), 2),
                    "p95": round(times[min(len(times) - 1, int(len(times) * 0.95))], 2),
                    "queries": len(queries),
                    "bytes": len(body),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
