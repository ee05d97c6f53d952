"""Replace Wagtail's welcome page with our home page and the library root."""

from django.db import migrations


def create_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")
    DocumentLibraryPage = apps.get_model("policies.DocumentLibraryPage")

    Page.objects.filter(
        depth=2, slug="home", content_type__app_label="wagtailcore"
    ).delete()
    locale = Locale.objects.order_by("pk").first()
    home = HomePage.objects.create(
        title="ITSMS document library",
        draft_title="ITSMS document library",
        slug="home",
        content_type=ContentType.objects.get_or_create(
            app_label="cms", model="homepage"
        )[0],
        path="00010001",
        depth=2,
        numchild=1,
        url_path="/home/",
        locale=locale,
        live=True,
        intro="<p>The controlled documents of our service management system: "
        "plans, policies, processes, procedures and work instructions.</p>",
    )
    DocumentLibraryPage.objects.create(
        title="Document library",
        draft_title="Document library",
        slug="library",
        content_type=ContentType.objects.get_or_create(
            app_label="policies", model="documentlibrarypage"
        )[0],
        path="000100010001",
        depth=3,
        numchild=0,
        url_path="/home/library/",
        locale=locale,
        live=True,
    )
    Page.objects.filter(depth=1).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )


def remove_tree(apps, schema_editor):
    Page = apps.get_model("wagtailcore.Page")
    Page.objects.filter(path__startswith="00010001", depth__gte=3).delete()
    apps.get_model("cms.HomePage").objects.filter(depth=2, slug="home").delete()
    Page.objects.filter(depth=1).update(numchild=Page.objects.filter(depth=2).count())


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0002_clause_catalogue"),
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_tree, remove_tree)]
