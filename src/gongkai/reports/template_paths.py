"""Where the default Word templates live (kept apart so ``make_template`` can run as a module)."""

from pathlib import Path

TEMPLATES_DIR = Path(__file__).parent / "templates"
CIRCULAR_TEMPLATE = TEMPLATES_DIR / "circular.docx"
NOTICE_TEMPLATE = TEMPLATES_DIR / "notice.docx"
BULLETIN_TEMPLATE = TEMPLATES_DIR / "bulletin.docx"
