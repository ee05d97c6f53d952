"""Words, stems and snippets: what readers see in results."""

from concurrent.futures import ThreadPoolExecutor

from search.loading import load_guidance
from search.models import GuidanceEntry
from search.text import (
    best_passage,
    guidance_text,
    highlight,
    render_passage,
    stem,
    text_fragment,
    words,
)


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


def test_the_snippet_is_the_sentence_holding_most_of_the_query_words():
    text = (
        "Changes are logged in the change record.\n"
        "Emergency changes are approved by the ECAB. Other changes wait for CAB.\n"
        "An emergency is declared by the duty manager."
    )
    passage = best_passage(text, ["approves", "emergency", "changes"])
    assert passage.text == "Emergency changes are approved by the ECAB."
    assert (passage.cut_before, passage.cut_after) == (True, True)
    assert render_passage(passage) == (
        "…<mark>Emergency</mark> <mark>changes</mark> are <mark>approved</mark>"
        " by the ECAB.…"
    )


def test_a_rare_word_outweighs_a_common_one_repeated():
    text = "Change after change after change.\nThe ECAB meets within the hour."
    weights = {"change": 0.1, "ecab": 3.0}
    assert best_passage(text, ["change", "ecab"], weights).text == (
        "The ECAB meets within the hour."
    )


def test_a_text_without_the_query_words_starts_the_snippet():
    passage = best_passage("First line.\nSecond line.", ["absent"])
    assert passage.text == "First line. Second line."
    assert text_fragment(passage) == ""


def test_the_link_fragment_quotes_the_passage_safely():
    short = best_passage("Call the on-call manager, then wait.", ["manager"])
    assert text_fragment(short) == (
        ":~:text=Call%20the%20on%2Dcall%20manager%2C%20then%20wait."
    )
    long = best_passage(
        "The duty manager opens a bridge call and invites the resolver teams,"
        " the service owner and the communications lead at once.",
        ["bridge"],
    )
    assert text_fragment(long) == (
        ":~:text=The%20duty%20manager%20opens,communications%20lead%20at%20once."
    )
