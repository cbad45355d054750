"""One load at a time: the lock ``imports.loader.load`` holds while it writes.

Two ``load_catalogue`` (or ``import_note``) runs at once would otherwise race: on SQLite the
second fails deep inside with "database is locked", on PostgreSQL both may create the same rows.
The second run waits up to ``wait`` seconds for the first to finish, then stops with
``LoadBusy`` and one clear line. PostgreSQL uses a session advisory lock (so it holds across app
servers sharing the database); SQLite, used by one machine, a lock file beside the database
file. An in-memory SQLite database belongs to one process and needs none.
"""

import contextlib
import fcntl
import time
import zlib

from django.db import connection

# pg_advisory_lock takes a bigint; this one is the catalogue's load, whatever else uses locks.
ADVISORY_KEY = zlib.crc32(b"tvaersektorielt-katalog:load") or 1
POLL_SECONDS = 0.2
BUSY_MESSAGE = "en anden indlæsning kører allerede (load_catalogue eller import_note)"


class LoadBusy(Exception):
    """Another load holds the lock and did not finish within the wait."""

    def __init__(self, waited):
        super().__init__(
            f"{BUSY_MESSAGE}; ventede {waited:g} s. Prøv igen, når den anden er færdig."
        )


@contextlib.contextmanager
def load_lock(*, wait=0, on_wait=None):
    """Hold the load lock for the block; wait up to ``wait`` seconds for it (``on_wait()`` once)."""
    if connection.vendor == "postgresql":
        with _advisory_lock(wait, on_wait):
            yield
    elif _sqlite_file():
        with _file_lock(_sqlite_file() + ".load-lock", wait, on_wait):
            yield
    else:
        yield


def _sqlite_file():
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or ":memory:" in name or "mode=memory" in name:
        return ""
    return name


def _poll(try_once, wait, on_wait):
    deadline = time.monotonic() + wait
    told = False
    while not try_once():
        if time.monotonic() >= deadline:
            raise LoadBusy(wait)
        if on_wait is not None and not told:
            on_wait()
            told = True
        time.sleep(POLL_SECONDS)


@contextlib.contextmanager
def _advisory_lock(wait, on_wait):
    def try_once():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            return cursor.fetchone()[0]

    _poll(try_once, wait, on_wait)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])


@contextlib.contextmanager
def _file_lock(path, wait, on_wait):
    with open(path, "a+b") as handle:

        def try_once():
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        _poll(try_once, wait, on_wait)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
