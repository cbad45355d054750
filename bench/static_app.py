"""The physical limit for bench/run: WhiteNoise serving a copy of the list page's bytes.

gunicorn ``bench.static_app:application`` with ``BENCH_STATIC_ROOT`` naming a directory that
holds ``list.html`` (the bytes of the cached list page). Nothing else runs per request.
"""

import os

from whitenoise import WhiteNoise


def _not_found(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]


application = WhiteNoise(_not_found, root=os.environ["BENCH_STATIC_ROOT"], autorefresh=False)
