"""Same-sound and similar-shape variants of correct terms, for typo candidates.

A variant replaces one character of a term by a character with the same toneless pinyin (among
common characters) or by a character of the same similar-shape group (``data/shape_confusion.txt``).
Variants are kept only when they cannot be correct text: not a word of jieba's dictionary (see
``lexicon.REAL_WORD_FREQ``), not a
correct term, and — for short terms — the replaced character does not form a real word with a
neighbour (“四个意思” is good Chinese although “四个意识” is the term).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache

from gongkai.text import lexicon
from gongkai.text.data_files import packaged

# Terms this long carry enough context that any non-word variant is an error.
LONG_TERM = 6
MIN_TERM = 4


@cache
def shape_groups() -> dict[str, frozenset[str]]:
    """Character → its similar-shape alternatives."""
    groups: dict[str, set[str]] = defaultdict(set)
    for row in packaged("shape_confusion.txt").rows:
        chars = row[0].split()
        for char in chars:
            groups[char].update(c for c in chars if c != char)
    return {char: frozenset(others) for char, others in groups.items()}


@cache
def _sound_index() -> dict[str, frozenset[str]]:
    """Toneless pinyin → common characters read that way (any of their readings)."""
    from pypinyin import Style, pinyin  # ~55 MB of dictionaries: only when a scanner is built

    index: dict[str, set[str]] = defaultdict(set)
    for char in lexicon.common_chars():
        for reading in pinyin(char, style=Style.NORMAL, heteronym=True)[0]:
            index[reading].add(char)
    return {reading: frozenset(chars) for reading, chars in index.items()}


def _replacements(term: str) -> Iterator[tuple[int, str]]:
    from pypinyin import Style, lazy_pinyin

    sounds = _sound_index()
    readings = lazy_pinyin(term, style=Style.NORMAL)
    shapes = shape_groups()
    for position, char in enumerate(term):
        if not "\u4e00" <= char <= "\u9fff":
            continue
        candidates = set(sounds.get(readings[position], ())) | set(shapes.get(char, ()))
        candidates.discard(char)
        for other in sorted(candidates):
            yield position, other


def _forms_word(variant: str, position: int, term: str) -> bool:
    for left, right in ((position - 1, position + 1), (position, position + 2)):
        if left < 0 or right > len(variant):
            continue
        piece = variant[left:right]
        if piece not in term and lexicon.is_word(piece):
            return True
    return False


def generate(term: str, protected: Iterable[str] | set[str]) -> list[str]:
    """Variants of ``term`` that are wrong for sure (see module docstring); empty for short terms."""
    if len(term) < MIN_TERM:
        return []
    protected_set = protected if isinstance(protected, set) else set(protected)
    variants = []
    for position, other in _replacements(term):
        variant = term[:position] + other + term[position + 1 :]
        if variant in protected_set or lexicon.is_word(variant, lexicon.REAL_WORD_FREQ):
            continue
        if len(term) < LONG_TERM and _forms_word(variant, position, term):
            continue
        variants.append(variant)
    return variants
