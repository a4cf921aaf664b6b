"""Name normalisation shared by the gazetteer index and its lookups."""

from __future__ import annotations

import functools
import re
import unicodedata

# Arabic article forms as they appear in transliterations (sun letters assimilate: ar-, as-, ...).
_ARTICLE = re.compile(r"^(?:[ae]l[-\s]+|[ae]([rsdtzn])[-\s]+(?=\1)|[ae](sh|dh|th)[-\s]+(?=\2))")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_TA_MARBUTA = re.compile(r"(?<=[^aeiou])ah$")
_OW = re.compile(r"ow(?=[^aeiouyw])")
_APOSTROPHES = re.compile(r"[’'`ʻʼ‘´]")
_SPECIAL = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss",
                          "æ": "ae", "œ": "oe", "ə": "a"})


def fold(text: str) -> str:
    """Casefold and strip diacritics: 'Bāniyās' -> 'baniyas'."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The index key of a name: folded, article stripped, apostrophes gone, no spaces or hyphens."""
    folded = _APOSTROPHES.sub("", fold(text).strip())
    folded = _ARTICLE.sub("", folded)
    # Arabic ta marbuta is written with or without a final h: "Hawijah"/"Hawija", "Fallujah".
    # Persian "ow" for o in GeoNames' Afghan names: "Ghowr", "Lowgar", "Khowst" as written
    # Ghor, Logar, Khost.
    return _OW.sub("o", _TA_MARBUTA.sub("a", _NON_ALNUM.sub("", folded)))


def is_latin(text: str) -> bool:
    """True when the folded name is plain Latin letters, digits and punctuation."""
    return fold(text).isascii()


_SKELETON_MAP = str.maketrans({"q": "k", "c": "k", "z": "s", "v": "w", "j": "j"})
_DROP_AFTER_FIRST = re.compile(r"(?<=.)[aeiouyhw]")
_REPEATS = re.compile(r"(.)\1+")


def skeleton(key: str) -> str:
    """A loose form of a name key for transliteration variants: 'jableh', 'jablah' -> 'jbl'."""
    loose = _DROP_AFTER_FIRST.sub("", key.translate(_SKELETON_MAP))
    return _REPEATS.sub(r"\1", loose)
