"""The state of a crawl written as it goes, so an audit killed half-way resumes where it stopped.

Every answer the crawl gets for a page or a link target is appended to a JSON-lines file (one
object per line, flushed at once, the body compressed). Resuming runs the crawl again from the
start page, but every target already in the file is answered from it instead of the network:
the pages, the check state built from them, the frontier and the findings come out as in an
uninterrupted run, and only what was never fetched is fetched. A line cut short by the kill is
ignored (that one target is fetched again).
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import asdict, fields
from pathlib import Path
from typing import IO, Any

from gongkai.audit.fetch import FetchResult

_RESULT_FIELDS = {f.name for f in fields(FetchResult)} - {"body"}


def _encode(kind: str, target: str, result: FetchResult) -> str:
    record: dict[str, Any] = {
        "kind": kind,
        "target": target,
        "result": {k: v for k, v in asdict(result).items() if k != "body"},
    }
    if result.body is not None:
        record["body"] = base64.b64encode(zlib.compress(result.body, 6)).decode("ascii")
    return json.dumps(record, ensure_ascii=False) + "\n"


def _decode(line: str) -> tuple[tuple[str, str], FetchResult] | None:
    try:
        record = json.loads(line)
        result = FetchResult(**{k: v for k, v in record["result"].items() if k in _RESULT_FIELDS})
        if "body" in record:
            result.body = zlib.decompress(base64.b64decode(record["body"]))
        return (record["kind"], record["target"]), result
    except (ValueError, KeyError, TypeError, zlib.error):
        return None  # the last line of a killed run, cut short


class Checkpoint:
    """Answers already received (``take``) and the file new ones are appended to (``put``).
    Without a path it keeps nothing: the crawl behaves as before."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self._answers: dict[tuple[str, str], FetchResult] = {}
        self._file: IO[str] | None = None
        self.replayed = 0  # answers given from the file
        if self.path is None:
            return
        if self.path.exists():
            with self.path.open(encoding="utf-8") as existing:
                for line in existing:
                    decoded = _decode(line)
                    if decoded is not None:
                        self._answers[decoded[0]] = decoded[1]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("a", encoding="utf-8")

    @property
    def recorded(self) -> int:
        return len(self._answers)

    def take(self, kind: str, target: str) -> FetchResult | None:
        """The stored answer for ``target`` (``kind``: page or check), given once."""
        result = self._answers.pop((kind, target), None)
        if result is not None:
            self.replayed += 1
        return result

    def put(self, kind: str, target: str, result: FetchResult) -> None:
        if self._file is not None:
            self._file.write(_encode(kind, target, result))
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def recorded_targets(path: str | Path) -> set[str]:
    """The targets a checkpoint file holds answers for (for tests and progress)."""
    targets = set()
    with Path(path).open(encoding="utf-8") as existing:
        for line in existing:
            decoded = _decode(line)
            if decoded is not None:
                targets.add(decoded[0][1])
    return targets
