"""Text engine: fixed expressions, leader titles, typos, sensitive words and personal data.

No Django here: the audit crawler calls :func:`scan` (or a reused :class:`Scanner`) on the
visible text of each page and on attachment text from :mod:`gongkai.text.attachments`.
"""

from gongkai.text.config import TextConfig, load_word_list
from gongkai.text.data_files import DataFileError, data_versions
from gongkai.text.hits import TextHit
from gongkai.text.scanner import Scanner, scan

__all__ = ["DataFileError", "Scanner", "TextConfig", "TextHit", "data_versions", "load_word_list", "scan"]
