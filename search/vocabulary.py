"""How much a word says: its rarity in the guidance corpus, our code of practice
written in the vocabulary of service management. A word most entries use
("service", "change", "review") says little about what a text is about; one few
use ("emergency", "rollback") says a lot; one none uses (a name, "ECAB") most."""

import math
from dataclasses import dataclass

from django.core.cache import cache

from .models import GuidanceEntry
from .text import guidance_text, rarity, stem

VOCABULARY_KEY = "search:guidance-vocabulary"
VOCABULARY_SECONDS = 3600


@dataclass
class Vocabulary:
    entries: int
    rarity: dict  # {stem: inverse document frequency}

    def weight(self, word):
        """The rarity of `word`, as search.text.rarity counts it; a word no entry
        uses is as rare as can be."""
        return self.rarity.get(stem(word), math.log((self.entries + 1) / 0.5))


def guidance_vocabulary():
    """Cached for an hour, and forgotten when an entry is saved or deleted
    (search.signal_handlers)."""

    def build():
        texts = [guidance_text(entry) for entry in GuidanceEntry.objects.all()]
        return Vocabulary(len(texts), rarity(texts))

    return cache.get_or_set(VOCABULARY_KEY, build, VOCABULARY_SECONDS)


def guidance_rarity():
    return guidance_vocabulary().rarity


def term_weights(terms):
    """{term: weight} of a query's terms."""
    vocabulary = guidance_vocabulary()
    return {term: vocabulary.weight(term) for term in terms}
