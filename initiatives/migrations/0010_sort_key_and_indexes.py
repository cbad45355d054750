"""A stored Danish sort key for initiatives, and indexes that serve the list at 100k rows.

Besides the model's indexes, this creates (in SQL, since they cannot be declared in a Meta):
- the newest-first index ``initiative_newest`` matching ``InitiativeQuerySet.newest_first()``:
  ``last_reported DESC NULLS LAST`` on PostgreSQL; plain ``DESC`` on SQLite, where NULLs already
  sort last in descending order and ``NULLS LAST`` is not allowed in an index;
- reverse indexes (``<related>_id, initiative_id``) on the auto-created link tables, so a filter
  or facet that starts from a region, partner or target group reads only the index.
"""

from django.db import migrations, models

from initiatives.collation import sort_key

LINK_INDEXES = [
    ("initiative_regions_reverse", "initiatives_initiative_regions", "region_id"),
    ("initiative_partners_reverse", "initiatives_initiative_partners", "organisation_id"),
    ("initiative_groups_reverse", "initiatives_initiative_target_groups", "targetgroup_id"),
    ("initiative_models_reverse", "initiatives_initiative_models", "collaborationmodel_id"),
]


def fill_sort_keys(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    rows = list(Initiative.objects.only("pk", "title"))
    for row in rows:
        row.sort_key = sort_key(row.title)
    Initiative.objects.bulk_update(rows, ["sort_key"], batch_size=1000)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        newest = "last_reported DESC NULLS LAST, sort_key, id"
    else:
        newest = "last_reported DESC, sort_key, id"
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS initiative_newest ON initiatives_initiative ({newest})"
    )
    for name, table, column in LINK_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column}, initiative_id)"
        )


def drop_indexes(apps, schema_editor):
    for name in ["initiative_newest", *(name for name, _table, _column in LINK_INDEXES)]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0009_collaboration_model_history"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="initiative",
            options={
                "ordering": ["sort_key", "id"],
                "verbose_name": "initiativ",
                "verbose_name_plural": "initiativer",
            },
        ),
        migrations.RemoveIndex(model_name="initiative", name="initiative_title"),
        migrations.RemoveIndex(model_name="initiative", name="initiative_last_reported"),
        migrations.RemoveIndex(model_name="initiative", name="initiative_status_title"),
        migrations.AddField(
            model_name="initiative",
            name="sort_key",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="sorteringsnøgle"
            ),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(fields=["sort_key", "id"], name="initiative_sort_key"),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(fields=["status", "sort_key", "id"], name="initiative_status_sort"),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(("parent__isnull", False)),
                fields=["parent"],
                name="initiative_parts",
            ),
        ),
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(fields=["initiative", "source"], name="mention_initiative_source"),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
