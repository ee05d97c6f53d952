"""The default site is called by the library's name, which the admin dashboard uses
as its title (it showed the host name, "localhost")."""

from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Site.objects.filter(is_default_site=True, site_name="").update(
        site_name=settings.WAGTAIL_SITE_NAME
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("policies", "0003_site_tree"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
