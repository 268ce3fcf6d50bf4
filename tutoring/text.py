"""Text as people submit it, made safe to store, show and export: the one place that cleans it (issue 10). Pure.

XML 1.0 (so XLSX and DOCX) forbids most C0 control characters; PostgreSQL refuses NUL in text; a lone surrogate
cannot be encoded as UTF-8. Text pasted from Word brings its line break (Shift+Enter, vertical tab) and page break
(form feed): those become a newline, the rest of the forbidden characters are dropped. The bot applies
`clean_data` / `clean_text` to every card submission and typed message before a dialog sees it, to every roster
CSV cell, and again when it writes a spreadsheet or a document (for rows stored before this rule).
"""

from __future__ import annotations

import re
from typing import Any

# Tab, newline and carriage return are allowed in XML; the rest of C0, surrogates and U+FFFE/U+FFFF are not.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WORD_BREAKS = re.compile("[\x0b\x0c]")  # Word's line break (Shift+Enter) and page break
_LINE_BREAKS = re.compile("\r\n|[\r\n\t\x0b\x0c\x85\u2028\u2029]")

# The largest id a card may name: the databases' 32-bit integer key (a larger number cannot be a record).
MAX_ID = 2**31 - 1


def clean_text(value: str) -> str:
    """`value` without the characters XML forbids; Word's line and page breaks as newlines."""
    return _FORBIDDEN.sub("", _WORD_BREAKS.sub("\n", value))


def clean_line(value: str) -> str:
    """One line (a roster name, a code): cleaned, and any line break or tab a single space."""
    return _LINE_BREAKS.sub(" ", clean_text(value))


def clean_data(value: Any) -> Any:
    """A submitted card's values (nested dicts and lists as JSON gives them) with every string cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, list):
        return [clean_data(v) for v in value]  # pyright: ignore[reportUnknownVariableType]
    return value


def parse_id(value: object) -> int | None:
    """A record id from a card's data ("12" or 12); None for anything else, a negative or an absurdly large one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and 0 < len(value.strip()) <= 10 and value.strip().isascii() \
            and value.strip().isdigit():
        number = int(value.strip())
    else:
        return None
    return number if 0 <= number <= MAX_ID else None
