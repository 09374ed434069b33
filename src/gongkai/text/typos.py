"""General typos: a curated list of confusions, context rules, and variants of common idioms.

Precision first: a supervisor must not wade through false alarms. So the engine does not guess
at every word; it reports (1) curated confusions seen in government writing (``data/typos.tsv``),
(2) context rules where the right word depends on what follows (``data/typo_rules.tsv``, e.g.
截止/截至), and (3) same-sound/similar-shape variants of common four-character expressions
(``data/idioms.txt``) as ``suspect``. Every dictionary hit is confirmed with jieba on a small
window so that two correct words side by side are not reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.text import variants
from gongkai.text.data_files import packaged
from gongkai.text.patterns import TYPO, Pattern

NORMAL = "normal"
SUSPECT = "suspect"
SEVERITIES = (NORMAL, SUSPECT)


def _message(wrong: str, right: str, severity: str, note: str = "") -> str:
    tail = f"（{note}）" if note else ""
    if severity == SUSPECT:
        return f"疑似错别字：“{wrong}”可能应为“{right}”{tail}，请核实"
    return f"错别字：“{wrong}”应为“{right}”{tail}"


def idioms() -> list[str]:
    return [row[0] for row in packaged("idioms.txt").rows]


def curated_patterns(protected: set[str]) -> dict[str, Pattern]:
    """Curated confusions (confirmed with jieba) and generated variants of the idiom list."""
    patterns: dict[str, Pattern] = {}
    for row in packaged("typos.tsv", min_columns=3).rows:
        wrong, right, severity = row[0], row[1], row[2]
        if severity not in SEVERITIES:
            raise ValueError(f"typos.tsv 中“{wrong}”的级别“{severity}”无效，应为 normal 或 suspect")
        patterns[wrong] = Pattern(TYPO, right, severity, _message(wrong, right, severity), confirm=True)
    for idiom in idioms():
        for variant in variants.generate(idiom, protected):
            patterns.setdefault(
                variant,
                Pattern(
                    TYPO, idiom, SUSPECT, _message(variant, idiom, SUSPECT, "同音字或形近字"), confirm=True
                ),
            )
    return patterns


@dataclass(frozen=True)
class ContextRule:
    regex: re.Pattern[str]
    suggestion: str
    severity: str
    message: str


def context_rules() -> list[ContextRule]:
    rules = []
    for row in packaged("typo_rules.tsv", min_columns=3).rows:
        regex = re.compile(row[0])
        note = row[3] if len(row) > 3 else ""
        wrong = re.sub(r"\(.*", "", row[0])
        rules.append(ContextRule(regex, row[1], row[2], _message(wrong, row[1], row[2], note)))
    return rules
