"""A stance scorer that runs a Hugging Face NLI cross-encoder, named on a model hub or saved on disk.

For deployments that can reach a model hub (or ship a model directory): the passage is the premise,
the claim the hypothesis, and the model's entailment / contradiction / neutral probabilities become
support / contradict / neutral. transformers and torch are the optional extra `nli`, so they are
imported only when a scorer is built.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import PurePath
from typing import Any

from workers.engine.types import Passage, Stance, StanceResult

_INSTALL_HINT = "install the optional extra: pip install 'factcheck[nli]' (transformers and torch)"


class _Role(StrEnum):
    SUPPORT = "support"
    CONTRADICT = "contradict"
    NEUTRAL = "neutral"
    NOT_SUPPORT = "not_support"  # the "other" class of a 2-way entailment model


# Label names as NLI and fact-checking models spell them, after lower-casing and folding
# spaces and hyphens to underscores ("NOT ENOUGH INFO" -> "not_enough_info").
_ROLE_BY_LABEL: dict[str, _Role] = {
    "entailment": _Role.SUPPORT,
    "entails": _Role.SUPPORT,
    "entailed": _Role.SUPPORT,
    "supports": _Role.SUPPORT,
    "support": _Role.SUPPORT,
    "supported": _Role.SUPPORT,
    "contradiction": _Role.CONTRADICT,
    "contradicts": _Role.CONTRADICT,
    "contradict": _Role.CONTRADICT,
    "refutes": _Role.CONTRADICT,
    "refute": _Role.CONTRADICT,
    "refuted": _Role.CONTRADICT,
    "neutral": _Role.NEUTRAL,
    "not_enough_info": _Role.NEUTRAL,
    "nei": _Role.NEUTRAL,
    "not_entailment": _Role.NOT_SUPPORT,
    "non_entailment": _Role.NOT_SUPPORT,
    "not_entailed": _Role.NOT_SUPPORT,
}


def _normalise_label(label: str) -> str:
    return re.sub(r"[\s\-]+", "_", label.strip().lower())


class LabelLayout:
    """Where support, contradiction and neutral sit in a model's output, read from its id2label.

    A 3-way model must name exactly one entailment, one contradiction and one neutral class. A
    2-way model must name one entailment class and one "not entailment" (or neutral) class; it
    cannot say "contradicts", so its contradiction probability is 0.
    """

    def __init__(self, support: int, contradict: int | None, neutral: int, num_labels: int) -> None:
        self.support = support
        self.contradict = contradict
        self.neutral = neutral
        self.num_labels = num_labels

    @classmethod
    def from_id2label(cls, id2label: Mapping[Any, str]) -> LabelLayout:
        if not id2label:
            raise ValueError("the model config has no id2label: cannot tell which output is entailment")
        labels = {int(index): str(name) for index, name in id2label.items()}
        num_labels = len(labels)
        if sorted(labels) != list(range(num_labels)):
            raise ValueError(f"id2label indices must be 0..{num_labels - 1}, got {sorted(labels)}")

        by_role: dict[_Role, int] = {}
        for index, name in sorted(labels.items()):
            role = _ROLE_BY_LABEL.get(_normalise_label(name))
            if role is None:
                raise ValueError(
                    f"cannot map NLI label {name!r} (id2label={labels}): expected names like "
                    "entailment/supports, contradiction/refutes, neutral/not_enough_info or not_entailment; "
                    "set id2label in the model's config.json"
                )
            if role in by_role:
                raise ValueError(f"two labels mean {role.value!r} in id2label={labels}")
            by_role[role] = index

        roles = set(by_role)
        if num_labels == 3 and roles == {_Role.SUPPORT, _Role.CONTRADICT, _Role.NEUTRAL}:
            return cls(by_role[_Role.SUPPORT], by_role[_Role.CONTRADICT], by_role[_Role.NEUTRAL], 3)
        if num_labels == 2 and _Role.SUPPORT in roles:
            other = by_role.get(_Role.NOT_SUPPORT, by_role.get(_Role.NEUTRAL))
            if other is not None:
                return cls(by_role[_Role.SUPPORT], None, other, 2)
        raise ValueError(
            f"unsupported NLI label set id2label={labels}: need entailment/contradiction/neutral "
            "(3-way) or entailment/not_entailment (2-way)"
        )

    def result(self, probabilities: Sequence[float]) -> StanceResult:
        support = float(probabilities[self.support])
        contradict = float(probabilities[self.contradict]) if self.contradict is not None else 0.0
        neutral = float(probabilities[self.neutral])
        # Neutral first so that an exact tie resolves to the cautious answer.
        stance, score = max(
            ((Stance.NEUTRAL, neutral), (Stance.SUPPORTS, support), (Stance.CONTRADICTS, contradict)),
            key=lambda pair: pair[1],
        )
        return StanceResult(stance=stance, score=score, support=support, contradict=contradict, reason=None)


def _model_basename(model: str) -> str:
    return PurePath(model.rstrip("/\\")).name or model


class NLICrossEncoderScorer:
    """StanceScorer backed by a sequence-classification NLI model (premise = passage, hypothesis = claim).

    `model` is anything `from_pretrained` accepts: a hub name such as
    "cross-encoder/nli-deberta-v3-xsmall" or a local directory. Nothing here forces a download;
    whether the hub may be reached is the caller's environment's business (HF_HUB_OFFLINE).
    `threads` sets torch's intra-op threads for the whole process (torch has no per-model setting).
    """

    def __init__(self, model: str, *, batch_size: int = 16, max_length: int = 256,
                 threads: int | None = None) -> None:
        if not model or not model.strip():
            raise ValueError("model must be a Hugging Face model name or a local path")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        if max_length < 8:
            raise ValueError(f"max_length must be >= 8 tokens, got {max_length}")
        if threads is not None and threads < 1:
            raise ValueError(f"threads must be >= 1, got {threads}")

        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise ImportError(f"NLICrossEncoderScorer needs transformers and torch: {_INSTALL_HINT}") from exc

        self._torch = torch
        if threads is not None:
            torch.set_num_threads(threads)

        started = time.perf_counter()
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(model)
            self._model = AutoModelForSequenceClassification.from_pretrained(model)
        except OSError as exc:
            raise OSError(
                f"could not load NLI model {model!r} (a local directory or a model hub name; "
                f"without hub access it must be saved on disk): {exc}"
            ) from exc
        self._model.to("cpu")
        self._model.eval()
        self.load_seconds = time.perf_counter() - started

        # Read the label order from the model itself: NLI models disagree on it.
        self._layout = LabelLayout.from_id2label(self._model.config.id2label)
        self.model = model
        self.name = f"nli:{_model_basename(model)}"
        self.batch_size = batch_size
        self.max_length = self._cap_length(max_length)

    def _cap_length(self, max_length: int) -> int:
        # Tokenizers saved without a limit report a huge model_max_length; only a real limit caps us.
        limit = getattr(self._tokenizer, "model_max_length", None)
        if isinstance(limit, int) and 0 < limit < 1_000_000:
            return min(max_length, limit)
        return max_length

    def score(self, claim: str, passages: Sequence[Passage]) -> list[StanceResult]:
        if not claim or not claim.strip():
            raise ValueError("claim must be a non-empty string")
        if not passages:
            return []

        torch = self._torch
        results: list[StanceResult] = []
        with torch.inference_mode():
            for start in range(0, len(passages), self.batch_size):
                batch = passages[start:start + self.batch_size]
                encoded = self._tokenizer(
                    [p.text for p in batch],
                    [claim] * len(batch),
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                logits = self._model(**encoded).logits
                if logits.shape[-1] != self._layout.num_labels:
                    raise ValueError(
                        f"model returned {logits.shape[-1]} logits but id2label names "
                        f"{self._layout.num_labels} labels"
                    )
                probabilities = torch.softmax(logits.float(), dim=-1).tolist()
                results.extend(self._layout.result(row) for row in probabilities)
        return results
