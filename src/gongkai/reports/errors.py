"""The one exception type of the reports engine.

Callers (the CLI, the web app) show ``str(error)`` to people, so every message is Chinese and
says what to do next.
"""


class ReportError(Exception):
    """A circular, table, chart or PDF could not be produced; the message is for people."""
