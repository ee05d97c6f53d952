"""Wagtail's cluster backends with English text analysis.

Wagtail maps every text field (and the `_all_text` fields it searches) with the
cluster's standard analyzer, which does not stem: "incidents" would miss
"incident", as it does not on our database backends. These subclasses name the
`english` analyzer on each text field that has none; edge n-gram autocomplete
fields keep theirs. Naming it per field, rather than as the index's default
analyzer, also works on servers that ignore index-level defaults (osmem-server)."""


def with_english_text(mapping):
    for field in mapping.get("properties", {}).values():
        if field.get("type") == "text" and "analyzer" not in field:
            field["analyzer"] = "english"
        if field.get("type") == "nested":
            with_english_text(field)
    return mapping
