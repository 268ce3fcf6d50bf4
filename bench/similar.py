"""How well the similar-question finder finds the right answered questions, on the labelled set in the tests.

    .venv/bin/python bench/similar.py

Prints precision@3 / recall@3 / top-1 / false alarms per language for the finder as shipped and for the variants
it was chosen over, on the set it was developed against ("dev") and on the set written after ("held-out").
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unit.similar_cases import CASES, HELD_OUT, Case, Figures, evaluate
from tutoring.similar import THRESHOLD, Candidate, Match, find_similar

Finder = Callable[[str, Sequence[Candidate]], list[Match]]

VARIANTS: dict[str, Finder] = {
    "shipped: stems + prefixes": lambda q, c: find_similar(q, c),
    "stems only": lambda q, c: find_similar(q, c, prefix_weight=0),
    "prefixes only": lambda q, c: find_similar(q, c, stems=False, prefix_weight=1),
}


def row(name: str, f: Figures) -> str:
    return (f"{name:34} {f.cases:5} {f.precision_at_3:8.2f} {f.recall_at_3:8.2f} {f.top1:6.2f} "
            f"{f.false_alarms:7.2f} {f.shown_per_question:6.2f}")


def main() -> None:
    print(f"threshold {THRESHOLD}; precision@3 = right suggestions / all shown; recall@3 over paraphrases;")
    print("false alarms = questions nothing answers that still got a suggestion\n")
    header = f"{'':34} {'cases':>5} {'prec@3':>8} {'rec@3':>8} {'top1':>6} {'f.alarm':>7} {'shown':>6}"
    for set_name, cases in (("dev", CASES), ("held-out", HELD_OUT)):
        print(f"== {set_name} ==")
        print(header)
        for name, finder in VARIANTS.items():
            print(row(name, evaluate(cases, finder)))
        for lang in ("ru", "kk", "en"):
            subset: Sequence[Case] = [c for c in cases if c.lang == lang]
            print(row(f"  shipped, {lang} course", evaluate(subset)))
        print()


if __name__ == "__main__":
    main()
