"""Oversight pages: live progress of background audits, the leader dashboard, the audit log,
and sign-in rate limiting."""
