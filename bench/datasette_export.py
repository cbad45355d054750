"""Copy the catalogue in DATABASE_URL into one SQLite table for Datasette (bench/run).

One row per initiative with the export's columns: multi-valued ones (regions, partners, target
groups, sources) as JSON arrays so Datasette can facet them with ``_facet_array``; an FTS5 table
over title and description for ``_search``; and the indexes the catalogue has (title order,
status, date). Usage: ``DATABASE_URL=… python bench/datasette_export.py OUT.db``.
"""

import json
import os
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from initiatives.export import iter_records  # noqa: E402
from initiatives.models import Initiative  # noqa: E402

COLUMNS = (
    "id integer primary key, slug text, title text, status text, status_as_of text, "
    "last_reported text, regions text, partners text, target_groups text, sources text, "
    "url text, description text"
)


def main(out):
    path = Path(out)
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute(f"CREATE TABLE initiatives ({COLUMNS})")
    ids = dict(Initiative.objects.values_list("slug", "pk"))
    reported = dict(Initiative.objects.values_list("pk", "last_reported"))
    rows = []
    for record in iter_records(Initiative.objects.order_by("pk")):
        pk = ids[record["slug"]]
        rows.append(
            (
                pk,
                record["slug"],
                record["title"],
                record["status"]["label"],
                record["status"]["as_of"],
                reported[pk].isoformat() if reported[pk] else None,
                json.dumps([r["name"] for r in record["regions"]], ensure_ascii=False),
                json.dumps([p["name"] for p in record["partners"]], ensure_ascii=False),
                json.dumps([g["name"] for g in record["target_groups"]], ensure_ascii=False),
                json.dumps([m["source"]["title"] for m in record["mentions"]], ensure_ascii=False),
                record["url"],
                record["description"],
            )
        )
    db.executemany(f"INSERT INTO initiatives VALUES ({', '.join('?' * 12)})", rows)
    db.execute("CREATE INDEX initiatives_title ON initiatives (title, id)")
    db.execute("CREATE INDEX initiatives_status ON initiatives (status, title)")
    db.execute("CREATE INDEX initiatives_last_reported ON initiatives (last_reported DESC, title)")
    db.execute(
        'CREATE VIRTUAL TABLE initiatives_fts USING fts5(title, description, content="initiatives")'
    )
    db.execute("INSERT INTO initiatives_fts (initiatives_fts) VALUES ('rebuild')")
    db.execute("ANALYZE")
    db.commit()
    db.execute("VACUUM")
    db.close()
    print(f"{len(rows)} rows -> {path}")


if __name__ == "__main__":
    main(sys.argv[1])
