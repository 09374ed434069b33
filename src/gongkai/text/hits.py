"""The uniform record every detector returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Extra fields of each finding kind in shared/spec/audit-contract.md.
CONTRACT_FIELDS: dict[str, tuple[str, ...]] = {
    "typo": ("text", "suggestion", "severity", "context"),
    "privacy": ("category", "text"),
    "sensitive_word": ("text", "list"),
}


@dataclass
class TextHit:
    """One problem found in a text; ``start``/``end`` are character offsets into the scanned text.

    For ``privacy`` hits ``text`` is already masked: the raw number is never stored.
    """

    kind: str
    text: str
    message: str
    start: int
    end: int
    suggestion: str = ""
    severity: str = ""
    context: str = ""
    category: str = ""
    list: str = ""

    def to_dict(self) -> dict[str, Any]:
        """``kind``, ``message`` and exactly the contract's extra fields of this kind (no ``page``)."""
        record: dict[str, Any] = {"kind": self.kind, "message": self.message}
        for name in CONTRACT_FIELDS[self.kind]:
            record[name] = getattr(self, name)
        return record
