"""Fixed political expressions and official names (``data/fixed_terms.tsv``) → ``serious`` typos."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.text import variants
from gongkai.text.data_files import packaged
from gongkai.text.patterns import TYPO, Pattern

SOURCE = "fixed_terms.tsv"
SERIOUS = "serious"


@dataclass(frozen=True)
class FixedTerm:
    term: str
    category: str
    wrong: tuple[str, ...]
    note: str


def load_terms() -> list[FixedTerm]:
    terms = []
    for row in packaged(SOURCE, min_columns=2).rows:
        wrong = tuple(w for w in (row[2].split("|") if len(row) > 2 else ()) if w)
        note = row[3] if len(row) > 3 else ""
        terms.append(FixedTerm(term=row[0], category=row[1], wrong=wrong, note=note))
    return terms


def correct_terms() -> list[str]:
    return [term.term for term in load_terms()]


def wrong_patterns(protected: set[str]) -> dict[str, Pattern]:
    """Known wrong variants, then generated same-sound/similar-shape variants, of every term.

    ``protected`` holds every correct term and whitelisted word: no variant may equal one.
    """
    patterns: dict[str, Pattern] = {}
    terms = load_terms()
    for term in terms:
        for wrong in term.wrong:
            if wrong in protected:
                continue
            note = f"（{term.note}）" if term.note else ""
            patterns[wrong] = Pattern(
                TYPO, term.term, SERIOUS, f"固定表述错误：“{wrong}”应为“{term.term}”{note}", confirm=True
            )
    for term in terms:
        if "“" in term.term:  # quoted names (“三个代表”) are matched as written only
            continue
        for variant in variants.generate(term.term, protected):
            patterns.setdefault(
                variant,
                Pattern(
                    TYPO,
                    term.term,
                    SERIOUS,
                    f"固定表述错误：“{variant}”应为“{term.term}”（{term.category}，疑为同音字或形近字）",
                    confirm=True,
                ),
            )
    return patterns
