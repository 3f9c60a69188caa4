"""What the LLM path hands back: generated sentences with their checked citations."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class GeneratedSentence:
    """One sentence the model wrote, with the passages it cites and the verdict of the check."""

    text: str              # the sentence without its [n] markers
    cited: list[int]       # 0-based indices into the passages given to the answerer (valid ones)
    supported: bool
    support_score: float   # the weakest of the support signals, 0..1
    reason: str            # why it was kept or removed, one short line


@dataclass
class Generation:
    """The checked output of one LLM call."""

    sentences: list[GeneratedSentence] = field(default_factory=list)   # kept, in order
    removed: list[GeneratedSentence] = field(default_factory=list)     # dropped, in order
    abstained: bool = False    # the model wrote the abstention marker
    raw: str = ""              # the model output exactly as received
