"""Words in, words out: the terms of a staff query, the plain text of a document,
and highlighted snippets.

Every backend gets the same sanitised terms (letters and digits only, no operators),
so no query can reach FTS5, PostgreSQL or a cluster as syntax. Wagtail's search API
has no highlighting, so snippets are built here, once, from the text we show: a word
is marked when its English stem is the stem of a query term, which is how the
backends matched it ("incidents" marks "incident").
"""

import math
import re
import threading
import unicodedata
from collections import Counter
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

from policies.blocks import text_leaves

MAX_QUERY_TERMS = 12
MAX_TERM_LENGTH = 40
# Letters and digits; "_" is a word character to the regex but not to any backend.
WORD = re.compile(r"[^\W_]+")
LIST_MARK = re.compile(r"^- ", re.MULTILINE)
# Common English words: no backend finds anything useful with them alone.
STOPWORDS = frozenset(
    "a about after all also an and any are as at be been before being but by can "  # noqa: SIM905
    "could did do does doing for from had has have how i if in into is it its may "
    "me might must my no nor not of on or our should so such than that the their "
    "them then there these they this those to too under until up us was we were "
    "what when where which while who whom why will with would you your "
    "across against always among between both each either every more most much "
    "never often only other own same some still very within without yet".split()
)

_stemmer = snowballstemmer.stemmer("english")
# The pure-Python stemmer keeps its working state on the object: two threads
# stemming at once corrupt each other's words (and the cache would keep them).
_stemmer_lock = threading.Lock()


@lru_cache(maxsize=4096)
def stem(word):
    with _stemmer_lock:
        return _stemmer.stemWord(word.lower())


def words(text):
    """The words of text, folded to NFKC (full-width letters become ASCII) and with
    NUL and other control characters dropped."""
    text = unicodedata.normalize("NFKC", text or "")
    return WORD.findall(text)


def query_terms(query):
    """The distinct, lower-cased search terms of a staff query: operators, quotes
    and punctuation dropped, common words dropped, at most MAX_QUERY_TERMS."""
    terms = []
    for word in words(query[: MAX_QUERY_TERMS * (MAX_TERM_LENGTH + 1) * 4]):
        word = word.lower()[:MAX_TERM_LENGTH]
        if word in STOPWORDS or word in terms:
            continue
        terms.append(word)
        if len(terms) == MAX_QUERY_TERMS:
            break
    return terms


def stream_text(stream_value):
    """Plain text of a StreamField value, in reading order."""
    raw = getattr(stream_value, "raw_data", stream_value) or []
    parts = []
    for block in raw:
        for _label, text in text_leaves(block.get("value")):
            parts.append(text)
    return "\n".join(parts)


def document_text(document):
    return "\n".join(
        part for part in (document.purpose, stream_text(document.body)) if part
    )


def guidance_text(entry):
    text = "\n".join(
        (entry.what_to_do, entry.why_it_matters, entry.further_considerations)
    )
    return LIST_MARK.sub("", text)  # the "- " of list lines reads badly in snippets


def stems_of(text):
    """The stems of a plain text's words."""
    return {stem(word) for word in {w.lower() for w in words(text)}}


def rarity(texts):
    """{stem: inverse document frequency} over a corpus of texts: how much a shared
    word says about two texts being alike."""
    frequency = Counter()
    for text in texts:
        frequency.update(stems_of(text))
    return {
        key: math.log((len(texts) + 1) / (count + 0.5))
        for key, count in frequency.items()
    }


def key_terms(*weighted_texts, limit=10, rarity=None):
    """The most characteristic words of some texts, for a "more like this" query,
    as {word: weight}: `weighted_texts` are (text, weight) pairs; common words and
    numbers are dropped, words counted by stem. With `rarity` ({stem: idf} of the
    corpus searched) words are weighed by it, and words the corpus lacks dropped."""
    counts = Counter()
    spelling = {}
    for text, weight in weighted_texts:
        for word in words(text):
            word = word.lower()
            if len(word) < 3 or word in STOPWORDS or word.isdigit():
                continue
            key = stem(word)
            if rarity is not None and key not in rarity:
                continue
            counts[key] += weight
            spelling.setdefault(key, word)
    if rarity is not None:
        counts = Counter({key: count * rarity[key] for key, count in counts.items()})
    return {spelling[key]: count for key, count in counts.most_common(limit)}


def coverage(text, terms, weights=None):
    """The share of the query terms that `text` holds, compared by stem; with
    `weights` ({term: weight}) a share of their weight."""
    if not terms:
        return 0.0
    present = stems_of(text)
    weights = weights or {}
    total = sum(weights.get(term, 1) for term in terms)
    found = sum(weights.get(term, 1) for term in terms if stem(term) in present)
    return found / total


def highlight(text, terms, length=280):
    """A safe HTML snippet of about `length` characters from plain `text`, around
    the passage with the most query terms, with those words in <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    stems = {stem(term) for term in terms} | set(terms)
    matches = [
        (match.start(), match.end())
        for match in WORD.finditer(text)
        if match.group().lower() in stems or stem(match.group()) in stems
    ]
    start = _best_window(text, matches, length)
    end = min(len(text), start + length)
    # Cut on word boundaries.
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out = ["…"] if start > 0 else []
    position = start
    for match_start, match_end in matches:
        if match_start < start or match_end > end:
            continue
        out.append(escape(text[position:match_start]))
        out.append(f"<mark>{escape(text[match_start:match_end])}</mark>")
        position = match_end
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def _best_window(text, matches, length):
    """Start of the window of `length` characters holding the most matches, a
    little before the first of them so the reader sees the context."""
    if not matches:
        return 0
    best_start, best_count = matches[0][0], 0
    right = 0
    for left, (start, _end) in enumerate(matches):
        right = max(right, left)
        while right + 1 < len(matches) and matches[right + 1][1] - start <= length:
            right += 1
        if right - left + 1 > best_count:
            best_start, best_count = start, right - left + 1
    return max(0, best_start - length // 4)
