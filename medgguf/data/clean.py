"""Text normalisation and the keys used to find duplicates and leaked questions.

Cleaning is NFC, not NFKC: NFKC folds superscripts and other compatibility characters
("10⁹/L" would become "109/L"), which changes the meaning of medical text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Zero-width and byte-order characters carry no text and break dedup.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# C0/C1 control characters other than tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")  # whitespace other than newline (incl. NBSP, tabs)
_SPACE_AROUND_NEWLINE = re.compile(r" ?\n ?")
_BLANK_LINES = re.compile(r"\n{3,}")
_NOT_WORD = re.compile(r"[\W_]+")


def clean_text(text: str) -> str:
    """NFC, no control or invisible characters, single spaces, at most one blank line, trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _HORIZONTAL_SPACE.sub(" ", text)
    text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def normalised_key(text: str) -> str:
    """What two texts share when they differ only in case, accents' encoding, punctuation or spacing."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub(" ", folded).strip()


def digest(*parts: str) -> str:
    """A compact key for a tuple of texts (kept in memory for every row, so hashed)."""
    material = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(material, digest_size=16).hexdigest()
