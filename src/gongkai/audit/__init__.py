"""Site audit engine: crawl one website, run the checks, return findings (no Django here).

Public entry points:
- :func:`gongkai.audit.engine.audit` runs a whole audit and returns an :class:`AuditResult`
  whose ``to_dict()`` is the JSON of ``audit-contract.md``.
- :func:`gongkai.audit.probe.probe` runs availability probes of one URL.
The plug-in interface for checks is documented in :mod:`gongkai.audit.checks`.
"""

from gongkai.audit.config import AuditConfig
from gongkai.audit.engine import AuditResult, audit
from gongkai.audit.findings import Finding
from gongkai.audit.probe import ProbeReport, ProbeResult, probe

__all__ = ["AuditConfig", "AuditResult", "Finding", "ProbeReport", "ProbeResult", "audit", "probe"]
