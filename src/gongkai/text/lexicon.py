"""jieba's dictionary, loaded lazily and once, used to keep candidate generation precise.

jieba is slow at segmenting, so the engine never segments whole pages: it uses the word list to
reject generated variants that are real words, and segments only a small window around a hit to
confirm that the hit is not just two correct words side by side.

Building the scanner reads jieba's whole dictionary (a Python dict of ~500,000 entries, ~70 MB);
scanning only needs it to segment a small window around a few hits. So a scan in a process that
did not build (the scanner came from the cache, :mod:`gongkai.text.compiled`) segments with jieba's
own code over a compact copy of the same dictionary: an SQLite file made once per machine,
read through the page cache and shared by every worker process.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from collections import Counter
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongkai.text.compiled import cache_dir, write_atomically

if TYPE_CHECKING:  # imported on first use: a scan that confirms no hit never needs it
    import jieba


def _jieba() -> Any:  # the module
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


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
    tokenizer = _jieba().dt
    tokenizer.initialize()
    return tokenizer


class _CompactFreq:
    """jieba's ``FREQ`` (word or word prefix -> frequency, 0 for a prefix only) read from SQLite,
    with a bounded memo of the fragments already looked up."""

    _MEMO = 200_000

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._memo: dict[str, int | None] = {}

    def get(self, word: str, default: int | None = None) -> int | None:
        memo = self._memo
        if word in memo:
            value = memo[word]
        else:
            with self._lock:
                row = self._db.execute("SELECT n FROM freq WHERE word = ?", (word,)).fetchone()
            value = None if row is None else row[0]
            if len(memo) >= self._MEMO:
                memo.clear()
            memo[word] = value
        return default if value is None else value

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value


def _dictionary_digest() -> str:
    digest = hashlib.sha256()
    with _jieba().Tokenizer().get_dict_file() as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:16]


def _build_compact(path: Path) -> None:
    """The SQLite copy of what ``jieba.Tokenizer.gen_pfdict`` makes of the same dictionary."""

    def write(tmp: Path) -> None:
        db = sqlite3.connect(tmp)
        db.execute("CREATE TABLE freq (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
        db.execute("CREATE TABLE meta (total INTEGER NOT NULL)")
        total = 0
        with _jieba().Tokenizer().get_dict_file() as f:
            for line in f:
                word, freq_text = line.strip().decode("utf-8").split(" ")[:2]
                freq = int(freq_text)
                total += freq
                db.execute("INSERT OR REPLACE INTO freq VALUES (?, ?)", (word, freq))
                db.executemany(
                    "INSERT OR IGNORE INTO freq VALUES (?, 0)",
                    ((word[: n + 1],) for n in range(len(word) - 1)),
                )
        db.execute("INSERT INTO meta VALUES (?)", (total,))
        db.commit()
        db.close()

    write_atomically(path, write)


def compact_dictionary() -> Path:
    """The compact SQLite copy of jieba's dictionary, made on first use (a few seconds, once)."""
    path = cache_dir() / f"jieba-dict-{_dictionary_digest()}.sqlite3"
    if not path.exists():
        _build_compact(path)
    return path


@cache
def _compact_tokenizer(pid: int) -> jieba.Tokenizer:
    """A jieba tokenizer whose dictionary is the compact SQLite copy (one per process)."""
    path = compact_dictionary()
    tokenizer = _jieba().Tokenizer()
    tokenizer.FREQ = _CompactFreq(path)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tokenizer.total = db.execute("SELECT total FROM meta").fetchone()[0]
    tokenizer.initialized = True
    return tokenizer


def _segmenter() -> jieba.Tokenizer:
    """The full dictionary when this process has loaded it (it built a scanner), else the compact one."""
    if _tokenizer.cache_info().currsize:
        return _tokenizer()
    try:
        return _compact_tokenizer(os.getpid())
    except (OSError, sqlite3.Error):  # no writable cache: the full dictionary, as before
        return _tokenizer()


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
    tokenizer = _segmenter()
    freq = tokenizer.FREQ
    for token in tokenizer.cut(text[left : end + _WINDOW], HMM=False):
        token_start, position = position, position + len(token)
        if token_start < start < position or token_start < end < position:
            crossed = True
        elif start <= token_start and position <= end:
            inside.append(token)
    if not crossed:
        return False
    return all(freq.get(token, 0) >= COMMON_WORD_FREQ for token in inside)
