"""Formula-injection payloads for the export tests (issue 12.6)."""

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1", "=1+1", "#N/A"]
