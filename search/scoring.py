"""How well a hit answers a query, the same on every backend, and the floor under
which a question's hits are dropped.

Backends score each kind of hit on its own scale (a cluster ranks each index on
its own statistics; SQLite's bm25() and PostgreSQL's ts_rank are different
measures), so their scores only order hits of one kind. Here every hit is
weighed alike, from its own words: the share of the query's words it holds,
each word weighted by how rare it is in the guidance corpus (a word most
guidance uses, like "service" or "change", says little), and each counted fully
only when it occurs often enough for the hit's length, as in BM25 (Robertson's
k1 and b). A long procedure that mentions a word once, in passing, holds less of
it than a short entry about it.

A question (two words or more) keeps the hits holding at least FLOOR of the
weight the best hit holds, and any other hit ranked within TITLE_FLOOR of the
best score (an entry whose title is the question, say): a hit matching only a
generic word or two of it is dropped. A single word keeps everything that
matches it.
"""

from dataclasses import dataclass
from functools import cached_property

from .text import coverage, stem, term_counts
from .vocabulary import term_weights

K1 = 1.2
B = 0.75
TITLE_WEIGHT = 2  # a title word counts as two of the text's

FLOOR = 0.65
TITLE_FLOOR = 0.7


@dataclass
class Profile:
    """How often a hit holds each query word (title counted TITLE_WEIGHT
    times), and its length in words, counted the same way."""

    counts: dict
    length: int


class Relevance:
    """The weighing of hits for one query."""

    def __init__(self, terms):
        self.terms = terms
        self.weights = term_weights(terms)
        # Two spellings of one word ("change changes") weigh as one word.
        self.stems = {}
        for term in terms:
            self.stems.setdefault(stem(term), self.weights[term])

    @cached_property
    def is_question(self):
        return len(self.stems) > 1

    def profile(self, candidate):
        if (profile := getattr(candidate, "profile", None)) is None:
            title, title_length = term_counts(candidate.title, self.stems)
            if (stored := candidate.stored) is not None:  # counted when stored
                text = {key: stored.stems.get(key, 0) for key in self.stems}
                text_length = stored.words
            else:
                text, text_length = term_counts(candidate.text, self.stems)
            counts = {key: TITLE_WEIGHT * title[key] + text[key] for key in self.stems}
            profile = Profile(counts, TITLE_WEIGHT * title_length + text_length)
            candidate.profile = profile
        return profile

    def weigh(self, candidates):
        """Set each candidate's `evidence`: the weighted share of the query's
        words it holds, from 0 to 1 (see the module's docstring). Returns the
        best."""
        profiles = [self.profile(candidate) for candidate in candidates]
        lengths = {}
        for candidate, profile in zip(candidates, profiles, strict=True):
            lengths.setdefault(candidate.kind, []).append(profile.length)
        # Each kind is measured against its own average length: a procedure is
        # long and covers much, a guidance entry short and about one thing.
        average = {kind: sum(some) / len(some) for kind, some in lengths.items()}
        total = sum(self.stems.values()) or 1.0
        best = 0.0
        for candidate, profile in zip(candidates, profiles, strict=True):
            relative = profile.length / max(average[candidate.kind], 1)
            damping = K1 * (1 - B + B * relative)
            held = sum(
                weight * count / (count + damping)
                for key, weight in self.stems.items()
                if (count := profile.counts[key])
            )
            candidate.evidence = held / total
            best = max(best, candidate.evidence)
        return best

    def above_floor(self, candidates):
        """`candidates` (weighed and ranked) without those under a question's
        floor (see the module's docstring)."""
        if not self.is_question or not candidates:
            return candidates
        best = max(candidate.evidence for candidate in candidates)
        top = max(candidate.score for candidate in candidates)
        return [
            c
            for c in candidates
            if c.evidence >= FLOOR * best or c.score >= TITLE_FLOOR * top
        ]

    def rank(self, candidates, best):
        """Candidates best first: their evidence (as a share of the best), the
        share of the query's weight in their title, and a quarter of the backend's score
        (scaled to their kind's best), which only breaks near-ties. On a tie a
        document goes before guidance: it is what staff act on."""
        for candidate in candidates:
            candidate.score = (
                (candidate.evidence / best if best else 0.0)
                + coverage(candidate.title, self.terms, self.weights)
                + candidate.backend_score / 4
            )
        return sorted(
            candidates,
            key=lambda c: (c.score, c.kind == "document"),
            reverse=True,
        )
