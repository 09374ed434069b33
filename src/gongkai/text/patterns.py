"""Dictionary patterns matched in one Aho-Corasick pass, and how each is reported."""

from __future__ import annotations

from dataclasses import dataclass, field

OK = "ok"
TYPO = "typo"
NAME = "name"
SENSITIVE = "sensitive_word"
LEAD = "lead"
# Keys shorter than this are never folded (see ``PatternTable.add``).
_FOLD_MIN = 4


@dataclass(frozen=True)
class Pattern:
    """What a dictionary key means.

    ``OK`` keys are correct terms or whitelisted words: a typo hit inside one is dropped.
    ``confirm`` asks the scanner to check with jieba that the hit does not straddle real words.
    A ``LEAD`` key is the tail of several wrong variants that differ only in their first
    character; ``leads`` maps that character to the variant's own pattern.
    """

    kind: str
    suggestion: str = ""
    severity: str = ""
    message: str = ""
    confirm: bool = False
    list: str = ""
    leads: dict[str, Pattern] = field(default_factory=dict, compare=False)


class PatternTable:
    """Keys and their patterns, ready for one Aho-Corasick automaton.

    The automaton's speed falls sharply with the number of distinct first characters (the root's
    fan-out): substituting the first character of every term would bring in a thousand of them.
    So a wrong variant that differs from its suggestion only in the first character is stored
    under its tail, and the scanner checks the character before the tail.
    """

    def __init__(self) -> None:
        self.keys: dict[str, list[Pattern]] = {}
        self._leads: dict[str, Pattern] = {}

    def add(self, key: str, pattern: Pattern) -> None:
        suggestion = pattern.suggestion
        if (
            pattern.kind == TYPO
            and len(key) >= _FOLD_MIN
            and len(key) == len(suggestion)
            and key[0] != suggestion[0]
            and key[1:] == suggestion[1:]
        ):
            tail = key[1:]
            lead = self._leads.get(tail)
            if lead is None:
                lead = self._leads[tail] = Pattern(LEAD)
                self.keys.setdefault(tail, []).append(lead)
            lead.leads.setdefault(key[0], pattern)
            return
        self.keys.setdefault(key, []).append(pattern)
