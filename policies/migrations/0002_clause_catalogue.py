from django.db import migrations

from policies.catalogue import load_catalogue


def load(apps, schema_editor):
    load_catalogue(
        apps.get_model("policies", "Clause"), apps.get_model("policies", "ProcessArea")
    )


def unload(apps, schema_editor):
    apps.get_model("policies", "ProcessArea").objects.all().delete()
    Clause = apps.get_model("policies", "Clause")
    for depth in range(4, 0, -1):  # children before parents: parent is PROTECT
        for clause in Clause.objects.all():
            if clause.number.count(".") == depth - 1:
                clause.delete()


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
