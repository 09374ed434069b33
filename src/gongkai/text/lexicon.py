"""jieba's dictionary, loaded lazily and once, used to keep candidate generation precise.

jieba is slow at segmenting, so the engine never segments whole pages: it uses the word list to
reject generated variants that are real words, and segments only a small window around a hit to
confirm that the hit is not just two correct words side by side.
"""

from __future__ import annotations

import logging
from collections import Counter
from functools import cache

import jieba

jieba.setLogLevel(logging.WARNING)

# Size of the "common characters" set used as replacement characters: the 3,500 characters of
# the first level of the 通用规范汉字表 (GB list of commonly used characters).
COMMON_CHARS = 3500
_WINDOW = 8
# jieba's dictionary itself lists some misspellings with frequencies 2–4 (布署, 迫不急待, 再接再励);
# from this frequency on an entry counts as a real word when filtering generated variants.
REAL_WORD_FREQ = 5
# A piece of a hit this frequent (按, 以, 主任, 境外) reads as a word of its own, not as part of a typo.
COMMON_WORD_FREQ = 100


@cache
def _tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.dt
    tokenizer.initialize()
    return tokenizer


def is_word(text: str, min_freq: int = 1) -> bool:
    """True when jieba's dictionary lists ``text`` with at least ``min_freq`` (prefix entries have 0)."""
    return _tokenizer().FREQ.get(text, 0) >= min_freq


@cache
def common_chars() -> frozenset[str]:
    """The most frequent characters of jieba's dictionary, weighted by word frequency."""
    counts: Counter[str] = Counter()
    for word, freq in _tokenizer().FREQ.items():
        if freq:
            for char in word:
                if "\u4e00" <= char <= "\u9fff":
                    counts[char] += freq
    return frozenset(char for char, _ in counts.most_common(COMMON_CHARS))


def straddles_words(text: str, start: int, end: int) -> bool:
    """True when the hit ``text[start:end]`` reads as correct words around it.

    That is the case when jieba's segmentation of a small window cuts through the hit (a word
    runs over its start or end) and what is left inside the hit is empty or made of common words:
    “按装修标准” reads 按/装修 and “以经济” reads 以/经济, so 按装 and 以经 are no typos; in
    “广大党员千部” the segmentation 广大党员/千部 leaves the rare 千部, so 党员千部 is one.
    """
    left = max(0, start - _WINDOW)
    position = left
    inside: list[str] = []
    crossed = False
    freq = _tokenizer().FREQ
    for token in _tokenizer().cut(text[left : end + _WINDOW], HMM=False):
        token_start, position = position, position + len(token)
        if token_start < start < position or token_start < end < position:
            crossed = True
        elif start <= token_start and position <= end:
            inside.append(token)
    if not crossed:
        return False
    return all(freq.get(token, 0) >= COMMON_WORD_FREQ for token in inside)
