"""Search terms, kept only as keyed hashes.

NEN 7513 requires searches to be logged, but a search for a client's name is itself personal data
(and reveals who is being looked for). The log therefore stores HMACs, under a key only the vault
holds, of the normalised query and of each of its words. "Was this person searched for?" is then
answerable by hashing the name the same way, without the log ever holding the name. Anyone with the
vault key could test guesses against the hashes; they could also read the files themselves, so this
protects the log as an export, not against the key holder.
"""

from __future__ import annotations

import hmac
import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")
MAX_WORDS = 16


def normalise(text: str) -> list[str]:
    """Words without accents, case or punctuation: 'Muñoz-García ' → ['munoz', 'garcia']."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return [w for w in _NOT_WORD.split(stripped.casefold()) if w and w != "_"]


def _digest(key: bytes, text: str) -> str:
    # 16 bytes are plenty to answer "was this searched for" and keep rows small.
    return hmac.new(key, text.encode("utf-8"), "sha256").hexdigest()[:32]


def digests(key: bytes, query: str) -> list[str]:
    """The whole normalised query first, then each distinct word (at most MAX_WORDS)."""
    words = normalise(query)
    if not words:
        return []
    found = [_digest(key, "q:" + " ".join(words))]
    for word in dict.fromkeys(words[:MAX_WORDS]):
        found.append(_digest(key, "w:" + word))
    return found


def probe(key: bytes, term: str) -> tuple[str | None, list[str]]:
    """What to look for: the whole-query digest and the digests of each word of ``term``."""
    words = normalise(term)
    if not words:
        return None, []
    return _digest(key, "q:" + " ".join(words)), [
        _digest(key, "w:" + w) for w in dict.fromkeys(words)
    ]
