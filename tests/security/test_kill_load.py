"""``kill -9`` of ``load_catalogue`` at any point leaves an intact database: either the
catalogue as it was before the load or the whole new one, never half, and the next load works.

Runs real processes on an SQLite file of its own (whatever DATABASE_URL the suite uses), killed
at four points of a load whose length it first measures; about 15 s on a quiet machine.
"""

import shutil
import signal
import sqlite3
import time

from tests.security.conftest import start_manage

TABLES = ("initiatives_initiative", "initiatives_mention", "initiatives_organisation")


def manage(db, *args, wait=True):
    process = start_manage(f"sqlite:///{db}", *args)
    if wait:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    return process


def counts(db):
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return tuple(connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)


def copy_database(source, target):
    with sqlite3.connect(source) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(source, target)


def test_kill_9_during_a_load_leaves_the_database_intact(tmp_path):
    template = tmp_path / "migrated.sqlite3"
    manage(template, "migrate", "--noinput")
    empty = counts(template)
    assert empty == (0, 0, 0)

    reference = tmp_path / "reference.sqlite3"
    copy_database(template, reference)
    started = time.monotonic()
    manage(reference, "load_catalogue")
    duration = time.monotonic() - started
    full = counts(reference)
    assert full[0] > 100

    outcomes = []
    for fraction in (0.3, 0.55, 0.75, 0.9):
        db = tmp_path / f"killed-{fraction}.sqlite3"
        copy_database(template, db)
        process = manage(db, "load_catalogue", wait=False)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        found = counts(db)
        assert found in (empty, full), f"killed at {fraction:.0%}: half a catalogue {found}"
        outcomes.append(found)
    # At least one kill landed before the commit, or the test proved nothing.
    assert empty in outcomes, outcomes
    # After the last kill (the latest in the load) the next load completes the catalogue.
    manage(db, "load_catalogue")
    assert counts(db) == full
