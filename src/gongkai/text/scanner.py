"""The text engine: all detectors over one text, with dictionaries compiled once.

One Aho-Corasick automaton holds every dictionary key (correct terms, wrong variants, curated
typos, leader names, sensitive words); one compiled regex finds personal data; jieba only
confirms word boundaries around the few dictionary hits. Build a :class:`Scanner` once and call
:meth:`Scanner.scan` for every page.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from functools import cache

import ahocorasick

from gongkai.text import compiled, fixed_terms, lexicon, official_titles, privacy, typos
from gongkai.text.config import TextConfig
from gongkai.text.hits import TextHit
from gongkai.text.leaders import TitleChecker, load_tenures
from gongkai.text.patterns import LEAD, NAME, OK, SENSITIVE, TYPO, Pattern, PatternTable

_SEVERITY_RANK = {fixed_terms.SERIOUS: 0, typos.NORMAL: 1, typos.SUSPECT: 2}


class Scanner:
    """All text detectors, compiled for one configuration."""

    def __init__(self, config: TextConfig | None = None) -> None:
        self.config = config or TextConfig()
        cfg = self.config
        whitelist = cfg.whitelist_terms()
        protected = set(fixed_terms.correct_terms()) | set(typos.idioms()) | set(whitelist)
        if cfg.leaders:
            protected |= set(official_titles.correct_titles())
        table = PatternTable()
        add = table.add
        for term in protected:
            add(term, Pattern(OK))
        if cfg.fixed_terms:
            for key, pattern in fixed_terms.wrong_patterns(protected).items():
                add(key, pattern)
        if cfg.typos:
            for key, pattern in typos.curated_patterns(protected).items():
                add(key, pattern)
        if cfg.leaders:
            for key, pattern in official_titles.wrong_patterns(protected).items():
                add(key, pattern)
        self.rules = typos.context_rules() if cfg.typos else []
        self.titles = None
        if cfg.leaders:
            tenures = load_tenures(cfg.leaders_path)
            if cfg.regional_leaders_path:
                tenures += load_tenures(cfg.regional_leaders_path)
            self.titles = TitleChecker(tenures)
        if self.titles:
            for name in self.titles.names:
                add(name, Pattern(NAME))
        if cfg.sensitive:
            for list_name, words in cfg.sensitive_lists.items():
                for word in words:
                    if word:
                        add(word, Pattern(SENSITIVE, list=list_name))
        self._automaton = ahocorasick.Automaton()
        for key, patterns in table.keys.items():
            self._automaton.add_word(key, (len(key), tuple(patterns)))
        self._automaton.make_automaton()  # never empty: the correct terms are always in

    def scan(self, text: str, *, published: dt.date | None = None) -> list[TextHit]:
        """Every hit in ``text`` in reading order; ``published`` dates the leader titles."""
        if not isinstance(text, str) or not text:
            return []
        if isinstance(published, dt.datetime):
            published = published.date()
        personal = privacy.find(text) if self.config.privacy else []
        hits = [
            TextHit("privacy", p.masked, p.message, p.start, p.end, category=p.category) for p in personal
        ]
        candidates: list[tuple[int, int, Pattern]] = []
        correct: list[tuple[int, int]] = []
        for last, (length, patterns) in self._automaton.iter(text):
            start, end = last - length + 1, last + 1
            for pattern in patterns:
                if pattern.kind == OK:
                    correct.append((start, end))
                elif pattern.kind == LEAD:
                    variant = pattern.leads.get(text[start - 1]) if start else None
                    if variant:
                        candidates.append((start - 1, end, variant))
                elif pattern.kind == NAME:
                    hit = self._title(text, personal, start, end, published)
                    if hit:
                        hits.append(hit)
                elif pattern.kind == SENSITIVE:
                    word = text[start:end]
                    message = f"含有敏感词“{word}”（词表：{pattern.list}），请核实后处理"
                    hits.append(TextHit(SENSITIVE, word, message, start, end, list=pattern.list))
                else:
                    candidates.append((start, end, pattern))
        for rule in self.rules:
            for match in rule.regex.finditer(text):
                pattern = Pattern(TYPO, rule.suggestion, rule.severity, rule.message)
                candidates.append((match.start(), match.end(), pattern))
        hits += self._typos(text, personal, candidates, correct)
        hits.sort(key=lambda hit: (hit.start, hit.end))
        return hits

    def _title(
        self,
        text: str,
        personal: list[privacy.PersonalData],
        start: int,
        end: int,
        published: dt.date | None,
    ) -> TextHit | None:
        """A serious typo when the title next to the leader's name does not fit the date."""
        found = self.titles.check(text, start, end, published) if self.titles else None
        if found is None:
            return None
        return self._typo(
            text, personal, found.start, found.end, found.suggestion, fixed_terms.SERIOUS, found.message
        )

    def _typos(
        self,
        text: str,
        personal: list[privacy.PersonalData],
        candidates: list[tuple[int, int, Pattern]],
        correct: list[tuple[int, int]],
    ) -> list[TextHit]:
        """Typo candidates minus those inside correct terms, overlapping stronger ones, or straddling words."""
        candidates.sort(key=lambda c: (_SEVERITY_RANK[c[2].severity], c[0] - c[1], c[0]))
        covered = _Cover(correct)
        taken: list[tuple[int, int]] = []  # sorted, non-overlapping
        hits = []
        for start, end, pattern in candidates:
            if covered.covers(start, end):
                continue
            index = bisect.bisect_left(taken, (start, end))
            if (index < len(taken) and taken[index][0] < end) or (index and taken[index - 1][1] > start):
                continue
            if pattern.confirm and lexicon.straddles_words(text, start, end):
                continue
            taken.insert(index, (start, end))
            hits.append(
                self._typo(text, personal, start, end, pattern.suggestion, pattern.severity, pattern.message)
            )
        return hits

    def _typo(
        self,
        text: str,
        personal: list[privacy.PersonalData],
        start: int,
        end: int,
        suggestion: str,
        severity: str,
        message: str,
    ) -> TextHit:
        return TextHit(
            TYPO,
            text[start:end],
            message,
            start,
            end,
            suggestion=suggestion,
            severity=severity,
            context=self._context(text, personal, start, end),
        )

    def _context(self, text: str, personal: list[privacy.PersonalData], start: int, end: int) -> str:
        """The hit with a few characters either side, personal data masked, on one line."""
        width = self.config.context_chars
        left, right = max(0, start - width), min(len(text), end + width)
        while left > 0 and text[left - 1].isdigit():
            left -= 1
        while right < len(text) and text[right].isdigit():
            right += 1
        chars = list(text[left:right])
        for item in personal:
            for offset, char in enumerate(item.masked):
                position = item.start + offset - left
                if 0 <= position < len(chars):
                    chars[position] = char
        window = privacy.mask_long_numbers("".join(chars))
        return " ".join(window.split())


class _Cover:
    """Answers “does one of these spans contain [start, end)?” in logarithmic time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [start for start, _ in spans]
        self.max_end = list(itertools.accumulate((end for _, end in spans), max))

    def covers(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and self.max_end[index] >= end


@cache
def default_scanner() -> Scanner:
    """The scanner for the default configuration, built on first use (or loaded from the cache)."""
    return cached_scanner(TextConfig())


def cached_scanner(config: TextConfig) -> Scanner:
    """A scanner for ``config``, loaded from the cache of compiled scanners when it was built
    before on this machine (:mod:`gongkai.text.compiled`), else built and stored there."""
    return compiled.load_or_build(config, Scanner)


def scan(text: str, *, published: dt.date | None = None, config: TextConfig | None = None) -> list[TextHit]:
    """Scan one text. With a ``config``, a scanner is loaded or built: reuse a :class:`Scanner` for many pages."""
    scanner = default_scanner() if config is None else cached_scanner(config)
    return scanner.scan(text, published=published)
