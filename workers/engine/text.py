"""Small text helpers shared by the engine and its callers."""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalize_claim(text: str) -> str:
    """Unicode NFC with whitespace collapsed; case is kept (it carries names)."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
