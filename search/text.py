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
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

from policies.blocks import text_leaves

MAX_QUERY_TERMS = 12
MAX_TERM_LENGTH = 40
# Letters and digits; "_" is a word character to the regex but not to any backend.
WORD = re.compile(r"[^\W_]+")
LIST_MARK = re.compile(r"^- ", re.MULTILINE)
# Where a sentence ends: its stop and the space after it.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
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


@lru_cache(maxsize=65536)
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


def term_counts(text, stems):
    """How often each of `stems` occurs in plain `text` ({stem: count}), and how
    many words the text has. Only words that may stem to one of them are
    stemmed: a word and its stem share their first two letters."""
    counts = Counter(word.lower() for word in words(text))
    starts = {key[:2] for key in stems}
    found = Counter()
    for word, count in counts.items():
        if word[:2] in starts and (key := stem(word)) in stems:
            found[key] += count
    return found, sum(counts.values())


@dataclass
class Passage:
    """The passage of a text that best answers a query: white space folded, as
    a reader sees it, with the query words to mark as (start, end) in it."""

    text: str = ""
    marks: list = field(default_factory=list)
    cut_before: bool = False  # text precedes it
    cut_after: bool = False  # text follows it


def best_passage(text, terms, weights=None, length=280):
    """The sentence of plain `text` (paragraphs, list items and cells are lines
    of it) holding the most of the query's words: the largest share of their
    weight, then the most weight counting repeats, then the shortest. A
    sentence longer than `length` characters is cut to its window with the most
    query words. Without any query word, the start of the text."""
    weights = weights or {}
    stems = {}
    for term in terms:
        stems.setdefault(stem(term), weights.get(term, 1))
        stems.setdefault(term, weights.get(term, 1))
    lines = [" ".join(line.split()) for line in (text or "").split("\n")]
    lines = [line for line in lines if line]
    # The text's words that are query words: a sentence holding none of them
    # is passed over without being taken apart word by word.
    present = {
        word
        for word in set(WORD.findall((text or "").lower()))
        if word in stems or stem(word) in stems
    }
    best, best_key = None, (0.0, 0.0, 0)
    for number, line in enumerate(lines if present else ()):
        position = 0
        for sentence in SENTENCE_END.split(line):
            start = line.index(sentence, position)
            position = start + len(sentence)
            folded = sentence.lower()
            if not any(word in folded for word in present):
                continue
            marks = _marks(sentence, stems)
            if not marks:
                continue
            distinct = {key: weight for _s, _e, key, weight in marks}
            key = (
                sum(distinct.values()),
                sum(weight for *_span, weight in marks),
                -len(sentence),
            )
            if key > best_key:
                best_key = key
                best = (number, start, sentence, marks)
    if best is None:
        folded = " ".join(lines)
        passage = Passage(folded, cut_after=False)
        return _cut(passage, 0, length, len(folded))
    number, start, sentence, marks = best
    passage = Passage(
        sentence,
        [(mark_start, mark_end) for mark_start, mark_end, *_rest in marks],
        cut_before=number > 0 or start > 0,
        cut_after=number < len(lines) - 1 or start + len(sentence) < len(lines[number]),
    )
    window = _best_window(sentence, passage.marks, length)
    return _cut(passage, window, length, len(sentence))


def _marks(text, stems):
    """(start, end, stem, weight) of each word of `text` that is a query word."""
    marks = []
    for match in WORD.finditer(text):
        word = match.group().lower()
        key = word if word in stems else stem(word)
        if key in stems:
            marks.append((match.start(), match.end(), key, stems[key]))
    return marks


def _cut(passage, start, length, size):
    """`passage` cut to about `length` characters from `start`, on word
    boundaries."""
    text = passage.text
    if size <= length and start == 0:
        return passage
    end = min(size, start + length)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < size:
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return Passage(
        text[start:end],
        [(s - start, e - start) for s, e in passage.marks if s >= start and e <= end],
        cut_before=passage.cut_before or start > 0,
        cut_after=passage.cut_after or end < size,
    )


def highlight(text, terms, length=280, weights=None):
    """A safe HTML snippet of about `length` characters from plain `text`: the
    passage that best answers the query (best_passage), with its query words in
    <mark>."""
    return render_passage(best_passage(text, terms, weights, length))


def render_passage(passage):
    if not passage.text:
        return ""
    out = ["…"] if passage.cut_before else []
    position = 0
    for mark_start, mark_end in passage.marks:
        out.append(escape(passage.text[position:mark_start]))
        out.append(f"<mark>{escape(passage.text[mark_start:mark_end])}</mark>")
        position = mark_end
    out.append(escape(passage.text[position:]))
    if passage.cut_after:
        out.append("…")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def _best_window(text, matches, length):
    """Start of the window of `length` characters holding the most matches, a
    little before the first of them so the reader sees the context."""
    if not matches or len(text) <= length:
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


# quote() leaves "-" alone, but in a text directive it marks a prefix or suffix.
FRAGMENT_SYNTAX = str.maketrans({"-": "%2D"})
FRAGMENT_EDGE_WORDS = 4


def text_fragment(passage):
    """A URL text fragment (":~:text=...") that makes a browser scroll to the
    passage and mark it: the passage's own words, percent-encoded; a long one as
    its first and last words (textStart,textEnd). Empty without query words."""
    if not passage.marks:
        return ""
    passage_words = passage.text.split(" ")
    if len(passage_words) <= 2 * FRAGMENT_EDGE_WORDS:
        parts = [passage.text]
    else:
        parts = [
            " ".join(passage_words[:FRAGMENT_EDGE_WORDS]),
            " ".join(passage_words[-FRAGMENT_EDGE_WORDS:]),
        ]
    return ":~:text=" + ",".join(
        quote(part, safe="").translate(FRAGMENT_SYNTAX) for part in parts
    )
