"""The "Redaktør" group: editors may correct initiatives, mentions and organisations and resolve
import warnings, and nothing else (not users, not reference data: regions, clusters, statuses,
target groups). They may read the sources their corrections cite."""

from django.db import migrations

GROUP = "Redaktør"
PERMISSIONS = {
    "initiative": ("view", "add", "change"),
    "mention": ("view", "change"),
    "organisation": ("view", "add", "change"),
    "importwarning": ("view", "change"),
    "sourcedocument": ("view",),
}


def make_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # On a fresh database the permissions are made after the last migration; make them now.
    app_config = apps.get_app_config("initiatives")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    wanted = [
        Permission.objects.get(
            content_type__app_label="initiatives", codename=f"{action}_{model}"
        )
        for model, actions in PERMISSIONS.items()
        for action in actions
    ]
    group.permissions.set(wanted)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0006_editorial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(make_group, remove_group)]
