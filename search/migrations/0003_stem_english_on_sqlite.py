"""On SQLite, rebuild Wagtail's FTS5 table with the Porter stemmer, so that
"incidents" finds "incident" as it does on PostgreSQL ('english' configuration) and
on a search cluster (English analyzer). Wagtail's triggers on the index table name
the FTS table, so they keep working on the rebuilt one. Other databases: nothing."""

from django.db import migrations

FTS_TABLE = "wagtailsearch_indexentry_fts"
INDEX_TABLE = "wagtailsearch_indexentry"


def fts_table_sql(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s",
            [FTS_TABLE],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def rebuild(schema_editor, tokenize):
    if schema_editor.connection.vendor != "sqlite":
        return
    if fts_table_sql(schema_editor) is None:  # SQLite built without FTS5
        return
    columns = "autocomplete, body, title"
    options = f", tokenize = '{tokenize}'" if tokenize else ""
    schema_editor.execute(f"DROP TABLE {FTS_TABLE}")
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({columns}{options})"
    )
    schema_editor.execute(
        f"INSERT INTO {FTS_TABLE} (rowid, {columns}) "  # noqa: S608
        f"SELECT id, {columns} FROM {INDEX_TABLE}"
    )


def stem(apps, schema_editor):
    rebuild(schema_editor, "porter unicode61 remove_diacritics 2")


def unstem(apps, schema_editor):
    rebuild(schema_editor, None)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_guidance_permissions"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(stem, unstem)]
