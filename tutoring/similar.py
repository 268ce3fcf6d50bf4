"""Finding already-answered questions that look like a new one (Russian, Kazakh, English). Pure, no I/O.

How it works, and why:
- Words are normalised (lower case, ё→е), stop words dropped, and each word becomes two features:
  its stem and its first five letters. Stems come from Snowball (Russian, English) and, for Kazakh, which
  Snowball lacks, from a small suffix stripper below (plural, possessive, case and common verb endings,
  stripped repeatedly because Kazakh stacks them: емтихан-дар-ы-на). The five-letter prefix catches what a
  stemmer misses: Snowball's Russian stemmer turns "экзамена" into "экзам" but "экзамен" into "экзамен".
- Texts are compared by TF-IDF cosine over those features, IDF taken from the course's answered questions,
  so words every question shares ("курс", "тьютор") weigh little and rare ones ("пересдача", "прокторинг") a lot.
- A candidate is suggested only above `THRESHOLD`: showing nothing is better than showing noise.
- Tried and left out: a small ru/kk/en thesaurus of the service's words (экзамен = аттестация = емтихан = exam).
  It lifted recall on the set it was written against and bought none on the held-out set while costing
  precision: it was fitting its own examples.

The figures of how well this finds the right ones come from a labelled set of paraphrases in the tests
(tests/unit/similar_cases.py, printed by bench/similar.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, cast

THRESHOLD = 0.3
LIMIT = 3
PREFIX = 5
PREFIX_WEIGHT = 0.5

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)  # letters and digits: "рк1", "ab1", "2026"
_KAZAKH_LETTERS = frozenset("әғқңөұүһі")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]")

def _listed(words: str) -> list[str]:
    return words.split()


STOP_WORDS: frozenset[str] = frozenset(_listed(
    # Russian
    "а без более бы был была были было быть в вам вас весь во вот все всё всего вы где да даже для до его ее её "
    "если есть еще ещё же за здравствуйте и из или им их к как какая какие какой когда кто ли либо между меня мне "
    "много может можно мой мы на над надо наш не него нет ни них но ну о об однако он она они оно от очень по под "
    "пожалуйста после при про раз с свой себя со спасибо так также там те тем то того тоже только тот ту тут у уже "
    "хочу чем что чтобы эта эти это этот я мой моя мои моё нам нас нужно подскажите скажите добрый день вечер утро сколько какое каким будут будет "
    # Kazakh
    "мен сен сіз ол біз сіздер олар менің сенің сіздің оның біздің және мен бен пен да де та те ма ме ба бе па пе "
    "ғой ғана әлде не неге қалай қашан қайда кім қандай бұл осы сол анау мұнда сонда үшін туралы бар жоқ еді ғой "
    "сәлеметсіз бе рахмет өтінемін айтыңызшы маған бізге қай болады бола болса болатын керек қанша "
    # English
    "a an and are as at be been but by can could do does did for from has have hello hi how i if in is it its me my "
    "of on or our please so than thanks thank that the their them then there these they this to was we were what "
    "when where which who why will with would you your yours about any there's i'm many much"
))

# Kazakh suffixes, longest first within the stripping loop. Single letters only on long words.
_KAZAKH_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        set(_listed(
            # plural
            "лар лер дар дер тар тер "
            # possessive
            "ымыз іміз ыңыз іңіз мыз міз ңыз ңіз сы сі ым ім ың ің "
            # genitive, accusative, dative, locative, ablative, instrumental, equative
            "ның нің дың дің тың тің ны ні ды ді ты ті ға ге қа ке на не нда нде да де та те "
            "дан ден тан тен нан нен мен бен пен ша ше "
            # verbs: verbal noun, participles, past, present/future, converbs, conditional, person endings
            "уға уге уді уды уы уі "
            "ған ген қан кен атын етін йтын йтін атын ады еді йды йді ды ді ты ті ып іп са се "
            "мын мін мыз міз сың сің сыз сіз ады еді уда уде "
            "ғанда генде қанда кенде ғаны гені"
        )),
        key=len,
        reverse=True,
    )
)
_KAZAKH_SINGLE = ("ы", "і")  # third-person possessive; other one-letter endings cut roots too often


@dataclass(frozen=True)
class Candidate:
    id: int
    text: str


@dataclass(frozen=True)
class Match:
    id: int
    score: float


def kazakh_stem(word: str) -> str:
    """Strip stacked Kazakh endings, keeping at least three letters of the root."""
    for _ in range(5):
        for suffix in _KAZAKH_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        else:
            if len(word) >= 5 and word.endswith(_KAZAKH_SINGLE):
                word = word[:-1]
                continue
            return word
    return word


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...


@lru_cache(maxsize=1)
def _stemmers() -> tuple[_Stemmer, _Stemmer]:
    import snowballstemmer  # type: ignore[import-untyped]  # at the first question, not at start (issue 13)

    make = cast(Callable[[str], _Stemmer], snowballstemmer.stemmer)  # pyright: ignore[reportUnknownMemberType]
    return make("russian"), make("english")


def is_kazakh(text: str) -> bool:
    """A text is Kazakh when a tenth of its Cyrillic words (and at least one) have letters Russian lacks."""
    words = [w for w in _WORD.findall(text.lower()) if _CYRILLIC.search(w)]
    marked = sum(1 for w in words if _KAZAKH_LETTERS & set(w))
    return marked >= 1 and marked * 10 >= len(words)


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower().replace("ё", "е")) if w not in STOP_WORDS and len(w) > 1]


def features(text: str, *, stems: bool = True, prefixes: bool = True) -> Counter[str]:
    """The features of a text: stems, and five-letter prefixes (weighted down later)."""
    russian, english = _stemmers()
    kazakh = is_kazakh(text)
    found: Counter[str] = Counter()
    for word in words(text):
        if _CYRILLIC.search(word):
            stem = kazakh_stem(word) if kazakh else russian.stemWord(word)
        else:
            stem = english.stemWord(word)
        if stems:
            found["s:" + stem] += 1
        if prefixes and len(word) > PREFIX:
            found["p:" + word[:PREFIX]] += 1
    return found


def _weights(counts: Counter[str], idf: dict[str, float], default_idf: float, prefix_weight: float,
             ) -> dict[str, float]:
    vector = {
        f: (1.0 + math.log(n)) * idf.get(f, default_idf) * (prefix_weight if f.startswith("p:") else 1.0)
        for f, n in counts.items()
    }
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {f: v / norm for f, v in vector.items()} if norm else {}


def find_similar(
    query: str,
    candidates: Sequence[Candidate],
    *,
    limit: int = LIMIT,
    threshold: float = THRESHOLD,
    stems: bool = True,
    prefix_weight: float = PREFIX_WEIGHT,
) -> list[Match]:
    """Up to `limit` candidates most like `query`, best first, each scoring at least `threshold` (cosine, 0..1).

    `stems` and `prefix_weight` exist to compare variants (bench/similar.py); the defaults are the measured best.
    """
    prefixes = prefix_weight > 0
    query_features = features(query, stems=stems, prefixes=prefixes)
    if not query_features or not candidates:
        return []
    documents = [features(c.text, stems=stems, prefixes=prefixes) for c in candidates]
    idf = _idf([*documents, query_features])
    default_idf = math.log((len(documents) + 2) / 1) + 1.0
    q = _weights(query_features, idf, default_idf, prefix_weight)
    scored: list[Match] = []
    for candidate, document in zip(candidates, documents, strict=True):
        d = _weights(document, idf, default_idf, prefix_weight)
        score = sum(weight * d.get(f, 0.0) for f, weight in q.items())
        if score >= threshold:
            scored.append(Match(candidate.id, round(score, 4)))
    scored.sort(key=lambda m: (-m.score, m.id))
    return scored[:limit]


def _idf(documents: Iterable[Counter[str]]) -> dict[str, float]:
    docs = list(documents)
    df: Counter[str] = Counter()
    for document in docs:
        df.update(document.keys())
    n = len(docs)
    return {f: math.log((n + 1) / (k + 1)) + 1.0 for f, k in df.items()}
