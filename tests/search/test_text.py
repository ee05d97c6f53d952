"""Words, stems and snippets: what readers see in results."""

from concurrent.futures import ThreadPoolExecutor

from search.loading import load_guidance
from search.models import GuidanceEntry
from search.text import guidance_text, highlight, stem, words


def test_snippets_keep_text_that_looks_like_markup_and_escape_it():
    snippet = highlight(
        "Ask the <service owner> & the desk about incidents.", ["incident"]
    )
    assert snippet == (
        "Ask the &lt;service owner&gt; &amp; the desk about <mark>incidents</mark>."
    )


def test_snippets_centre_on_the_passage_with_the_query_words():
    text = (
        "Filler words here. " * 40
        + "The escalation path for a major incident."
        + (" More filler." * 40)
    )
    snippet = highlight(text, ["major", "escalation"])
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>escalation</mark> path for a <mark>major</mark> incident" in snippet


def test_stemming_from_many_threads_gives_the_same_stems_as_from_one(db):
    # A threaded server stems in several threads at once; the stemmer must not
    # mix up their words.
    load_guidance()
    vocabulary = sorted(
        {
            w.lower()
            for e in GuidanceEntry.objects.all()
            for w in words(guidance_text(e))
        }
    )
    stem.cache_clear()
    expected = [stem(word) for word in vocabulary]
    for _round in range(3):
        stem.cache_clear()
        with ThreadPoolExecutor(max_workers=4) as pool:
            assert list(pool.map(stem, vocabulary)) == expected
