"""Sentiment and escalation cues: anger, legal threats, sensitive topics, asking for a person.

Word lists, deliberately conservative: a false handover costs an agent a minute, a missed one
costs a customer. Each cue says which words triggered it, so the handover summary can quote it.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

_ANGER = (
    "furious", "angry", "livid", "outraged", "ridiculous", "unacceptable", "disgusting", "pathetic",
    "useless", "worst", "scam", "fraud", "rip off", "ripoff", "rip-off", "joke", "incompetent",
    "fed up", "sick of", "wtf", "damn", "hate", "terrible", "awful", "horrible", "never again",
)  # fmt: skip
_LEGAL = (
    "lawyer", "attorney", "solicitor", "sue", "suing", "lawsuit", "legal action", "court",
    "small claims", "trading standards", "consumer protection", "chargeback", "ombudsman", "bbb",
)  # fmt: skip
_SENSITIVE = (
    "allergic reaction", "allergy", "injured", "injury", "hospital", "burned", "burnt", "bleeding",
    "choking", "poison", "unsafe", "caught fire", "exploded", "harassment", "threat", "suicide",
    "self harm", "stolen card", "identity theft", "hacked", "data breach", "gdpr", "pregnant",
)  # fmt: skip
_HUMAN = (
    "human", "real person", "an agent", "live agent", "representative", "speak to someone",
    "talk to someone", "a person", "manager", "supervisor", "operator",
)  # fmt: skip
_POSITIVE = ("thank", "great", "love", "perfect", "awesome", "excellent", "happy", "amazing", "helpful")


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


_ANGER_RE, _LEGAL_RE, _SENSITIVE_RE, _HUMAN_RE, _POSITIVE_RE = (
    _pattern(w) for w in (_ANGER, _LEGAL, _SENSITIVE, _HUMAN, _POSITIVE)
)


class Cues(BaseModel):
    """Escalation cues and a sentiment score for one message."""

    sentiment: float = Field(ge=-1, le=1, description="-1 very negative … 1 very positive.", examples=[-0.6])
    angry: bool = Field(description="Strong anger.", examples=[False])
    legal: list[str] = Field(default_factory=list, description="Legal-threat words.", examples=[["lawyer"]])
    sensitive: list[str] = Field(default_factory=list, description="Sensitive-topic words.", examples=[[]])
    wants_human: bool = Field(description="Asked for a person.", examples=[False])
    triggers: list[str] = Field(default_factory=list, description="The words that fired.", examples=[[]])


def read_cues(text: str) -> Cues:
    """The cues in one message."""
    anger = [m.lower() for m in _ANGER_RE.findall(text)]
    legal = [m.lower() for m in _LEGAL_RE.findall(text)]
    sensitive = [m.lower() for m in _SENSITIVE_RE.findall(text)]
    human = [m.lower() for m in _HUMAN_RE.findall(text)]
    positive = len(_POSITIVE_RE.findall(text))
    letters = [c for c in text if c.isalpha()]
    shouting = len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7
    exclaim = text.count("!") >= 3
    negative = len(anger) + (1 if shouting else 0) + (1 if exclaim else 0)
    score = max(-1.0, min(1.0, 0.35 * positive - 0.4 * negative))
    angry = negative >= 2 or (negative >= 1 and (shouting or exclaim))
    return Cues(
        sentiment=round(score, 2),
        angry=angry,
        legal=legal,
        sensitive=sensitive,
        wants_human=bool(human),
        triggers=anger + legal + sensitive + human + (["SHOUTING"] if shouting else []),
    )
