"""The text engine's compiled forms, made once per machine and loaded by every process.

Building a :class:`~gongkai.text.scanner.Scanner` takes 1–3 s and ~130 MB (jieba's and pypinyin's
dictionaries, to generate and filter typo variants); what it yields is small (an Aho-Corasick
automaton of ~15,000 keys). So the built scanner is pickled into the cache directory under a key
made of everything it is built from — its configuration, the packaged and configured data files,
the text engine's own source and the versions of jieba, pypinyin and pyahocorasick — and a later
process with the same key loads it in a few tens of milliseconds without those dictionaries.

The cache directory is ``GONGKAI_CACHE_DIR``, else ``$XDG_CACHE_HOME/gongkai``, else
``~/.cache/gongkai``. When it cannot be written the scanner is simply built in memory, as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.text.config import TextConfig
    from gongkai.text.scanner import Scanner

log = logging.getLogger(__name__)
_FORMAT = b"scanner-1"
KEEP_SCANNERS = 16  # compiled scanners kept in the cache (each ~5 MB), the most recently made
_PACKAGE = Path(__file__).parent


def cache_dir() -> Path:
    """Where compiled forms are kept (created on first use)."""
    base = os.environ.get("GONGKAI_CACHE_DIR")
    if base:
        path = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        path = (Path(xdg) if xdg else Path.home() / ".cache") / "gongkai"
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """``write(tmp)`` then rename ``tmp`` to ``path``: readers never see half a file, and two
    processes building at once both end with a whole one."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.chmod(0o644)  # shared by the workers of other users
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _file_bytes(path: Path | None) -> bytes:
    if path is None:
        return b"-"
    try:
        return Path(path).read_bytes()
    except OSError:
        return b"?"  # the build reports the missing file itself


def scanner_key(config: TextConfig) -> str:
    """Everything a scanner is built from, hashed."""
    digest = hashlib.sha256(_FORMAT)
    digest.update(repr(config).encode("utf-8"))
    for path in (config.leaders_path, config.regional_leaders_path):
        digest.update(_file_bytes(path))
    for folder in (_PACKAGE, _PACKAGE / "data"):
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix in (".py", ".tsv", ".txt"):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in ("jieba", "pypinyin", "pyahocorasick"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(package.encode())
    return digest.hexdigest()[:24]


def load_or_build(config: TextConfig, build: Callable[[TextConfig], Scanner]) -> Scanner:
    """The scanner for ``config`` from the cache, else ``build(config)``, stored for next time."""
    try:
        path = cache_dir() / f"scanner-{scanner_key(config)}.pickle"
    except OSError as exc:
        log.info("文本检测缓存不可用:%s", exc)
        return build(config)
    try:
        with path.open("rb") as f:
            scanner = pickle.load(f)
        scanner.config = config  # equal to the one it was built for (same key)
        return scanner
    except FileNotFoundError:
        pass
    except Exception as exc:  # a damaged or foreign file: build anew and replace it
        log.info("文本检测缓存 %s 无法读取,重新生成:%s", path, exc)
    scanner = build(config)
    try:
        write_atomically(path, lambda tmp: tmp.write_bytes(pickle.dumps(scanner, pickle.HIGHEST_PROTOCOL)))
        _prune(path.parent)
    except OSError as exc:
        log.info("文本检测缓存 %s 无法写入:%s", path, exc)
    return scanner


def _prune(folder: Path) -> None:
    """Keep the ``KEEP_SCANNERS`` most recently made scanners (word lists change, tests make many)."""
    made = sorted(folder.glob("scanner-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in made[KEEP_SCANNERS:]:
        old.unlink(missing_ok=True)
