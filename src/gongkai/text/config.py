"""Configuration of the text engine: which detectors run and which lists they use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gongkai.text.data_files import read_data_file

ALL_REGIONS = "*"


@dataclass
class TextConfig:
    """What the text engine checks.

    ``whitelist`` maps a region name (or ``"*"`` for every region) to terms that must never be
    reported as typos (local place names, unit names); ``region`` picks the region in force.
    ``sensitive_lists`` maps a list name to its words; no list is enabled by default.
    ``leaders_path`` replaces the packaged national leader list (same format as ``data/leaders.tsv``);
    ``regional_leaders_path`` adds the supervisor's own region's leaders to it.
    """

    fixed_terms: bool = True
    leaders: bool = True
    typos: bool = True
    privacy: bool = True
    sensitive: bool = True
    leaders_path: Path | None = None
    regional_leaders_path: Path | None = None
    region: str | None = None
    whitelist: dict[str, list[str]] = field(default_factory=dict)
    sensitive_lists: dict[str, list[str]] = field(default_factory=dict)
    attachment_max_bytes: int = 20 * 1024 * 1024
    context_chars: int = 15

    def whitelist_terms(self) -> list[str]:
        """Whitelist terms in force for ``region`` (those for all regions included)."""
        terms = list(self.whitelist.get(ALL_REGIONS, []))
        if self.region:
            terms += self.whitelist.get(self.region, [])
        return [term for term in terms if term]


def load_word_list(path: Path) -> list[str]:
    """Words from a text file, one per line (first column if tab-separated), ``#`` lines ignored."""
    return [row[0] for row in read_data_file(Path(path)).rows]
