"""Full-text search storage: a GIN-indexed tsvector on PostgreSQL, an FTS5 table on SQLite.

The GIN index is created here rather than declared in ``Initiative.Meta``: a ``GinIndex`` in the
model state would make ``migrate`` fail on SQLite. Both backends are filled by
``initiatives.search.rebuild_index()``.
"""

import django.contrib.postgres.search
from django.db import migrations


def create_search_storage(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS initiative_search_vector "
            "ON initiatives_initiative USING gin (search_vector)"
        )
    elif connection.vendor == "sqlite":
        # Danish-stemmed text goes in; diacritics stay (æ/ø/å are letters, not accents).
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS initiatives_search USING fts5("
            "title, target_groups, partners, description, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )


def drop_search_storage(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS initiative_search_vector")
    elif connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS initiatives_search")


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='initiative',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_search_storage, drop_search_storage),
    ]
