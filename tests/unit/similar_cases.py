"""A small labelled set for the similar-question finder: answered questions of three courses (ru, kk, en),
new questions that paraphrase them (with the ids that answer each), and new questions nothing answers.

Written by hand the way students write: other word forms ("экзамена" / "экзамен", "емтиханның" / "емтихан"),
other words for the same thing, typos left out on purpose (the finder does not claim to fix them).
The set is data, in similar_cases.toml beside this module; `evaluate()` gives the figures bench/similar.py prints
and tests/unit/test_similar.py holds the line on.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tutoring.similar import Candidate, Match, find_similar


@dataclass(frozen=True)
class Case:
    lang: str
    query: str
    relevant: frozenset[int]  # empty: nothing already answered answers it


def _load() -> tuple[dict[str, dict[int, str]], dict[str, tuple[Case, ...]]]:
    with (Path(__file__).parent / "similar_cases.toml").open("rb") as f:
        data = tomllib.load(f)
    answered = {lang: {int(i): text for i, text in questions.items()} for lang, questions in data["answered"].items()}
    cases = {name: tuple(Case(lang, query, frozenset(relevant)) for lang, query, *relevant in rows)
             for name, rows in data["cases"].items()}
    return answered, cases


ANSWERED_BY_LANG, _CASES = _load()
RU_ANSWERED, KK_ANSWERED, EN_ANSWERED = ANSWERED_BY_LANG["ru"], ANSWERED_BY_LANG["kk"], ANSWERED_BY_LANG["en"]
CASES: tuple[Case, ...] = _CASES["dev"]
# Written after the finder and its thesaurus were settled on CASES, and not used to tune them: the honest figure.
HELD_OUT: tuple[Case, ...] = _CASES["held_out"]

Finder = Callable[[str, Sequence[Candidate]], list[Match]]


@dataclass(frozen=True)
class Figures:
    cases: int
    positives: int
    negatives: int
    precision_at_3: float  # micro: suggestions that were right / all suggestions shown (negatives included)
    recall_at_3: float  # macro over paraphrases: share of the right answers shown among the first three
    top1: float  # paraphrases whose first suggestion is right
    false_alarms: float  # unanswerable questions that got at least one suggestion
    shown_per_question: float


def evaluate(cases: Sequence[Case] = CASES, finder: Finder | None = None) -> Figures:
    def default(query: str, candidates: Sequence[Candidate]) -> list[Match]:
        return find_similar(query, candidates)

    find = finder or default
    shown = right = 0
    recall_sum = top1 = false_alarms = positives = 0.0
    for case in cases:
        candidates = [Candidate(i, t) for i, t in ANSWERED_BY_LANG[case.lang].items()]
        ids = [m.id for m in find(case.query, candidates)][:3]
        shown += len(ids)
        hits = len(set(ids) & case.relevant)
        right += hits
        if case.relevant:
            positives += 1
            recall_sum += hits / len(case.relevant)
            top1 += 1 if ids and ids[0] in case.relevant else 0
        elif ids:
            false_alarms += 1
    negatives = len(cases) - positives
    return Figures(
        cases=len(cases),
        positives=int(positives),
        negatives=int(negatives),
        precision_at_3=right / shown if shown else 0.0,
        recall_at_3=recall_sum / positives if positives else 0.0,
        top1=top1 / positives if positives else 0.0,
        false_alarms=false_alarms / negatives if negatives else 0.0,
        shown_per_question=shown / len(cases),
    )
