"""Site audit engine: crawl one website, run the checks, return findings (no Django here).

Public entry points:
- :func:`gongkai.audit.engine.audit` runs a whole audit and returns an :class:`AuditResult`
  whose ``to_dict()`` is the JSON of ``audit-contract.md``.
- :func:`gongkai.audit.probe.probe` runs availability probes of one URL.
The plug-in interface for checks is documented in :mod:`gongkai.audit.checks`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gongkai.audit.config import AuditConfig
from gongkai.audit.findings import Finding

if TYPE_CHECKING:
    from gongkai.audit.engine import AuditResult, audit
    from gongkai.audit.probe import ProbeReport, ProbeResult

# the probe function is gongkai.audit.probe.probe: the package's own ``probe`` attribute is the
# submodule once anything imported it, so it is not offered here
__all__ = ["AuditConfig", "AuditResult", "Finding", "ProbeReport", "ProbeResult", "audit"]
# the crawler (aiohttp, dnspython, ~0.3 s to import) only when it is used: a Django command that
# only needs gongkai.audit.kinds does not load it
_LAZY = {"AuditResult": "engine", "audit": "engine", "ProbeReport": "probe", "ProbeResult": "probe"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"gongkai.audit.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'gongkai.audit' has no attribute {name!r}")
