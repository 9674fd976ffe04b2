"""Loaders for the two evaluation formats: hand-written dev claims and CLIMATE-FEVER.

Dev claims (one JSON object per line):
    {"id", "claim", "label", "kind"?, "evidence"?: [{"doc", "quote"}], "note"?}
CLIMATE-FEVER (one JSON object per line):
    {"claim_id", "claim", "claim_label", "evidences": [{"evidence_id", "evidence_label",
     "article", "evidence", ...}]}
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workers.engine.types import Corpus, Document, Label, Stance
from workers.evaluation.metrics import GoldQuote


class DatasetError(ValueError):
    """A dataset file that cannot be read as the format it claims to be, with file and line."""


CLIMATE_FEVER_CLAIM_LABELS: dict[str, Label] = {
    "SUPPORTS": Label.SUPPORTED,
    "REFUTES": Label.REFUTED,
    "NOT_ENOUGH_INFO": Label.NOT_ENOUGH_INFO,
    "DISPUTED": Label.CONFLICTING,
}

# Pair level: an evidence sentence's annotated label as the stance the engine should assign it.
CLIMATE_FEVER_EVIDENCE_STANCES: dict[str, Stance] = {
    "SUPPORTS": Stance.SUPPORTS,
    "REFUTES": Stance.CONTRADICTS,
    "NOT_ENOUGH_INFO": Stance.NEUTRAL,
}


@dataclass(frozen=True)
class EvalClaim:
    """One claim to check, whatever file it came from."""

    id: str
    claim: str
    label: Label
    kind: str | None = None
    evidence: tuple[GoldQuote, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class ClimateFeverEvidence:
    evidence_id: str
    stance: Stance  # the annotated label, as a stance
    article: str
    sentence: str


@dataclass(frozen=True)
class ClimateFeverClaim:
    claim_id: str
    claim: str
    label: Label
    evidences: tuple[ClimateFeverEvidence, ...]

    def as_eval_claim(self) -> EvalClaim:
        """Annotated SUPPORTS/REFUTES sentences become the gold quotes, in their article's document."""
        gold = tuple(
            GoldQuote(doc=article_doc_id(e.article), quote=e.sentence)
            for e in self.evidences
            if e.stance is not Stance.NEUTRAL
        )
        return EvalClaim(id=self.claim_id, claim=self.claim, label=self.label, evidence=gold)


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise DatasetError(f"{path}: no such file")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise DatasetError(f"{path}:{number}: expected a JSON object, got {type(record).__name__}")
            yield number, record


def _text_field(record: dict[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    value = record.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise DatasetError(f"{where}: field {key!r} must be a non-empty string")
    return value


def _required(record: dict[str, Any], key: str, where: str) -> str:
    value = _text_field(record, key, where)
    assert value is not None  # _text_field raises for a missing required field
    return value


def load_dev_claims(path: Path, limit: int | None = None) -> list[EvalClaim]:
    """Read a dev-claims file; every record must have id, claim and a known label."""
    claims: list[EvalClaim] = []
    seen_ids: set[str] = set()
    for number, record in _read_jsonl(path):
        where = f"{path}:{number}"
        claim_id = str(record.get("id", "")).strip()
        if not claim_id:
            raise DatasetError(f"{where}: field 'id' is missing")
        if claim_id in seen_ids:
            raise DatasetError(f"{where}: duplicate id {claim_id!r}")
        seen_ids.add(claim_id)
        raw_label = _required(record, "label", where)
        try:
            label = Label(raw_label.strip().upper())
        except ValueError:
            known = ", ".join(label.value for label in Label)
            raise DatasetError(f"{where}: unknown label {raw_label!r} (expected one of {known})") from None
        evidence_records = record.get("evidence") or []
        if not isinstance(evidence_records, list):
            raise DatasetError(f"{where}: 'evidence' must be a list of {{doc, quote}} objects")
        evidence = []
        for item in evidence_records:
            if not isinstance(item, dict):
                raise DatasetError(f"{where}: each evidence item must be a {{doc, quote}} object")
            evidence.append(
                GoldQuote(doc=_required(item, "doc", where), quote=_required(item, "quote", where))
            )
        claims.append(
            EvalClaim(
                id=claim_id,
                claim=_required(record, "claim", where),
                label=label,
                kind=_text_field(record, "kind", where, required=False),
                evidence=tuple(evidence),
                note=_text_field(record, "note", where, required=False),
            )
        )
        if limit is not None and len(claims) >= limit:
            break
    if not claims:
        raise DatasetError(f"{path}: no claims in the file")
    return claims


def load_climate_fever(path: Path, limit: int | None = None) -> list[ClimateFeverClaim]:
    """Read a CLIMATE-FEVER file, mapping claim labels to verdicts and evidence labels to stances."""
    claims: list[ClimateFeverClaim] = []
    for number, record in _read_jsonl(path):
        where = f"{path}:{number}"
        claim_id = str(record.get("claim_id", "")).strip()
        if not claim_id:
            raise DatasetError(f"{where}: field 'claim_id' is missing")
        raw_label = _required(record, "claim_label", where)
        if raw_label not in CLIMATE_FEVER_CLAIM_LABELS:
            raise DatasetError(f"{where}: unknown claim_label {raw_label!r}")
        evidence_records = record.get("evidences")
        if not isinstance(evidence_records, list):
            raise DatasetError(f"{where}: 'evidences' must be a list")
        evidences = []
        for item in evidence_records:
            if not isinstance(item, dict):
                raise DatasetError(f"{where}: each evidence must be an object")
            raw_stance = _required(item, "evidence_label", where)
            if raw_stance not in CLIMATE_FEVER_EVIDENCE_STANCES:
                raise DatasetError(f"{where}: unknown evidence_label {raw_stance!r}")
            evidences.append(
                ClimateFeverEvidence(
                    evidence_id=_required(item, "evidence_id", where),
                    stance=CLIMATE_FEVER_EVIDENCE_STANCES[raw_stance],
                    article=_required(item, "article", where).strip(),
                    sentence=_required(item, "evidence", where),
                )
            )
        claims.append(
            ClimateFeverClaim(
                claim_id=claim_id,
                claim=_required(record, "claim", where),
                label=CLIMATE_FEVER_CLAIM_LABELS[raw_label],
                evidences=tuple(evidences),
            )
        )
        if limit is not None and len(claims) >= limit:
            break
    if not claims:
        raise DatasetError(f"{path}: no claims in the file")
    return claims


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def article_doc_id(article: str) -> str:
    """A stable document id for a Wikipedia article title.

    A readable slug plus a short hash of the exact title, so titles that slug alike
    ("C++" and "C") still get distinct ids, and the id never depends on which other
    articles are in the file.
    """
    ascii_title = unicodedata.normalize("NFKD", article).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_title.lower()).strip("-")[:60].rstrip("-") or "article"
    digest = hashlib.sha1(article.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}"


def _sentence_position(evidence_id: str) -> int:
    """The sentence number in "Article title:183"; sentences without one sort last."""
    _, _, tail = evidence_id.rpartition(":")
    return int(tail) if tail.isdigit() else 1 << 30


def climate_fever_documents(claims: Iterable[ClimateFeverClaim]) -> list[Document]:
    """One document per article, holding the article's distinct evidence sentences.

    Sentences are ordered by their number in the evidence id (their order in the article),
    ties by text; they are joined with a blank line so each stays its own paragraph.
    Documents are ordered by title, so the same file always gives the same corpus.
    """
    sentences: dict[str, dict[str, int]] = {}
    for claim in claims:
        for evidence in claim.evidences:
            text = evidence.sentence.strip()
            by_text = sentences.setdefault(evidence.article, {})
            position = _sentence_position(evidence.evidence_id)
            by_text[text] = min(position, by_text.get(text, position))
    documents = []
    for article in sorted(sentences):
        ordered = sorted(sentences[article].items(), key=lambda item: (item[1], item[0]))
        documents.append(
            Document(
                id=article_doc_id(article),
                text="\n\n".join(text for text, _ in ordered),
                title=article,
            )
        )
    return documents


def build_climate_fever_corpus(claims: Iterable[ClimateFeverClaim]) -> Corpus:
    from workers.engine.corpus import build_corpus

    return build_corpus(climate_fever_documents(claims))
