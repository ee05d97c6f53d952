"""On PostgreSQL, a GIN index on the search vector Wagtail's database backend
matches: it filters on `title || body` (one tsvector of both columns), which the
GIN indexes Wagtail creates on each column alone cannot serve, so every search
read the whole index table. Other databases: nothing (SQLite searches its FTS5
table)."""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
INDEX = "search_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_fill_search_text"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
