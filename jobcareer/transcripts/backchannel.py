"""Back-channel: what a listener says to show they are listening, not to take the turn."""

from __future__ import annotations

import re

__all__ = ["BACKCHANNEL", "is_backchannel"]

#: Words and phrases that, alone, are listening noises rather than a question.
BACKCHANNEL = frozenset(
    {"mm", "mhm", "mm-hm", "mm-hmm", "hm", "hmm", "uh-huh", "uh huh", "right", "okay", "ok", "yeah", "yes",
     "yep", "sure", "i see", "got it", "great", "nice", "cool", "interesting", "ah", "oh", "wow", "true",
     "exactly", "absolutely", "of course", "go on", "makes sense", "that makes sense", "thanks", "thank you",
     "good", "perfect", "fair enough", "totally", "uh", "um"}
)
_PIECES = re.compile(r"[^\w'\- ]+")


def is_backchannel(text: str) -> bool:
    """Whether a turn is only listening noises ("Mm-hm.", "Right, okay.")."""
    pieces = [p.strip() for p in _PIECES.split(text.lower()) if p.strip()]
    return bool(pieces) and all(p in BACKCHANNEL or all(w in BACKCHANNEL for w in p.split()) for p in pieces)
