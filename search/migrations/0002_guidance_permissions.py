"""Everyone who works in the admin may read the guidance; editing it is for
administrators (every change is versioned)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READERS = ["Document owners", "Reviewers", "Approvers", "Auditors"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth.Permission")
    view = Permission.objects.get(
        content_type__app_label="search", codename="view_guidanceentry"
    )
    for group in apps.get_model("auth.Group").objects.filter(name__in=READERS):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    for group in apps.get_model("auth.Group").objects.filter(name__in=READERS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="search")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("policies", "0004_groups_and_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
