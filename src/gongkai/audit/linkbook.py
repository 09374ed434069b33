"""Book-keeping of link targets: who links where, and what each target answered.

Referrers are only kept while a target is pending or failed: once a target opened, its
referrers are dropped, so memory grows with the number of distinct targets, not of links.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from gongkai.audit.fetch import FetchResult
from gongkai.audit.page import Link


@dataclass(slots=True)
class Referrer:
    page: str
    element: str
    text: str
    home: bool


class LinkBook:
    def __init__(self) -> None:
        self._ok: set[str] = set()
        self._pending: dict[str, list[Referrer]] = {}
        self.failed: dict[str, tuple[FetchResult, list[Referrer]]] = {}
        self.failed_at: dict[str, float] = {}  # target -> time.monotonic() of its failure

    def add(self, page: str, link: Link, home: bool) -> bool:
        """Record a reference; True when the target is new and must be fetched."""
        target = link.target
        if target in self._ok:
            return False
        ref = Referrer(page, link.element, link.text, home)
        if target in self.failed:
            refs = self.failed[target][1]
            if not refs or refs[-1].page != page:  # a page's links arrive together: compare with the last
                refs.append(ref)
            return False
        if target in self._pending:
            refs = self._pending[target]
            if not refs or refs[-1].page != page:
                refs.append(ref)
            return False
        self._pending[target] = [ref]
        return True

    @property
    def opened(self) -> set[str]:
        """The targets that opened (or are not checked): ``add`` records nothing for them."""
        return self._ok

    def known(self, target: str) -> bool:
        return target in self._ok or target in self._pending or target in self.failed

    def resolve(self, target: str, result: FetchResult) -> None:
        """Store the answer of a target fetched (and retried) by the engine."""
        refs = self._pending.pop(target, [])
        if result.ok:
            self._ok.add(target)
            self.failed.pop(target, None)
        else:
            self.failed[target] = (result, refs)
            self.failed_at.setdefault(target, time.monotonic())

    def recovered(self, target: str) -> None:
        """A failed target opened on the re-check: it is not broken."""
        self.failed.pop(target, None)
        self._ok.add(target)

    def drop(self, target: str) -> None:
        """Forget a target that will not be checked (robots.txt, endless URL space)."""
        self._pending.pop(target, None)
        self._ok.add(target)
