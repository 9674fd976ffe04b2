"""Load a corpus from disk and turn documents into passages with a content fingerprint.

Two on-disk forms are accepted:
  * a directory of `.txt` / `.md` files (document id = file name without extension), with an
    optional `manifest.json` mapping ids to {"title", "outlet", "published", "url"};
  * a `.jsonl` file of {"id", "text", "title"?, "outlet"?, "published"?, "url"?} records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from workers.engine.nlp import model_version
from workers.engine.segment import SEGMENTATION_VERSION, form_passages, normalize_whitespace, segment_texts
from workers.engine.types import Corpus, Document, Passage

DOCUMENT_SUFFIXES = (".txt", ".md")
MANIFEST_NAME = "manifest.json"
METADATA_FIELDS = ("title", "outlet", "published", "url")
VERSION_HEX_CHARS = 16


class CorpusError(ValueError):
    """A corpus that cannot be loaded or built; the message says what to fix."""


def default_corpus_path() -> Path:
    """The seed articles shipped with the repository (`seeds/` next to the `workers` package)."""
    return Path(__file__).resolve().parents[2] / "seeds"


def load_corpus(path: str | Path | None = None) -> Corpus:
    """Read documents from a directory or a .jsonl file (None = the default corpus) and build them."""
    source = default_corpus_path() if path is None else Path(path)
    if not source.exists():
        raise CorpusError(f"corpus path {source} does not exist (give a directory of .txt/.md files "
                          "or a .jsonl file)")
    if source.is_dir():
        documents = read_directory(source)
    elif source.suffix.lower() == ".jsonl":
        documents = read_jsonl(source)
    else:
        raise CorpusError(f"corpus path {source} is neither a directory nor a .jsonl file")
    return build_corpus(documents)


def _optional_string(value: Any, field: str, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise CorpusError(f"{where}: field {field!r} must be a string or null, not {type(value).__name__}")


def _read_manifest(path: Path) -> dict[str, dict[str, str | None]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read the manifest as JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: the manifest must be a JSON object mapping document ids to metadata")
    manifest: dict[str, dict[str, str | None]] = {}
    for doc_id, entry in data.items():
        where = f"{path}: entry {doc_id!r}"
        if not isinstance(entry, dict):
            raise CorpusError(f"{where} must be an object with any of {', '.join(METADATA_FIELDS)}")
        unknown = sorted(set(entry) - set(METADATA_FIELDS))
        if unknown:
            raise CorpusError(f"{where} has unknown fields {unknown}; allowed: {', '.join(METADATA_FIELDS)}")
        manifest[doc_id] = {f: _optional_string(entry.get(f), f, where) for f in METADATA_FIELDS}
    return manifest


def read_directory(directory: Path) -> list[Document]:
    """Documents from the .txt/.md files of `directory` (not recursive), sorted by id."""
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
    if not files:
        raise CorpusError(f"corpus directory {directory} has no .txt or .md files")
    manifest_path = directory / MANIFEST_NAME
    manifest = _read_manifest(manifest_path) if manifest_path.exists() else {}
    documents: dict[str, Document] = {}
    for file in files:
        doc_id = file.stem
        if doc_id in documents:
            raise CorpusError(f"{directory}: two files give the document id {doc_id!r}; rename one")
        try:
            # utf-8-sig drops a byte-order mark; newlines are kept exactly as in the file.
            text = file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CorpusError(f"{file}: not UTF-8 text ({exc})") from exc
        meta = manifest.get(doc_id, {})
        documents[doc_id] = Document(id=doc_id, text=text, **{f: meta.get(f) for f in METADATA_FIELDS})
    orphans = sorted(set(manifest) - set(documents))
    if orphans:
        raise CorpusError(f"{manifest_path}: entries {orphans} match no .txt/.md file in {directory}")
    return list(documents.values())


def _document_from_record(record: Any, where: str) -> Document:
    if not isinstance(record, dict):
        raise CorpusError(f"{where}: expected a JSON object, got {type(record).__name__}")
    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise CorpusError(f"{where}: missing or empty \"id\" (a non-empty string is required)")
    if not isinstance(text, str):
        raise CorpusError(f"{where}: document {doc_id!r} has no \"text\" string")
    return Document(
        id=doc_id, text=text, **{f: _optional_string(record.get(f), f, where) for f in METADATA_FIELDS}
    )


def read_jsonl(path: Path) -> list[Document]:
    """Documents from a JSON Lines file, one object per line (blank lines are skipped)."""
    documents: list[Document] = []
    first_seen: dict[str, int] = {}
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read as UTF-8 text ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
        doc = _document_from_record(record, where)
        if doc.id in first_seen:
            raise CorpusError(f"{where}: duplicate id {doc.id!r} (first used on line {first_seen[doc.id]})")
        first_seen[doc.id] = number
        documents.append(doc)
    if not documents:
        raise CorpusError(f"{path} holds no documents")
    return documents


def corpus_version(documents: Iterable[Document]) -> str:
    """Fingerprint of the content and of how it is segmented.

    Order-insensitive: documents are taken sorted by id, the same canonical order in which
    `build_corpus` numbers passages, so equal versions always mean equal passage ids.
    """
    canonical = [
        [doc.id, doc.text, *(getattr(doc, f) for f in METADATA_FIELDS)]
        for doc in sorted(documents, key=lambda d: d.id)
    ]
    payload = json.dumps(
        {"segmentation": SEGMENTATION_VERSION, "model": model_version(), "documents": canonical},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:VERSION_HEX_CHARS]


def _check_unique_ids(documents: Iterable[Document]) -> None:
    seen: set[str] = set()
    for doc in documents:
        if doc.id in seen:
            raise CorpusError(f"duplicate document id {doc.id!r}: ids must be unique")
        seen.add(doc.id)


def build_corpus(documents: Iterable[Document]) -> Corpus:
    """Clean and segment documents into passages (documents sorted by id; passage ids in that order)."""
    ordered = sorted(documents, key=lambda d: d.id)
    if not ordered:
        raise CorpusError("a corpus needs at least one document")
    _check_unique_ids(ordered)
    sentences = segment_texts([doc.text for doc in ordered])
    passages: list[Passage] = []
    for doc, doc_sentences in zip(ordered, sentences, strict=True):
        for span in form_passages(doc.text, doc_sentences):
            passages.append(
                Passage(
                    id=len(passages),
                    doc_id=doc.id,
                    start=span.start,
                    end=span.end,
                    text=normalize_whitespace(doc.text[span.start : span.end]),
                    context=span.context,
                )
            )
    if not passages:
        raise CorpusError("the documents hold no prose after cleaning: no passages to search")
    return Corpus(documents=tuple(ordered), passages=tuple(passages), version=corpus_version(ordered))


def documents_from_records(records: Iterable[Mapping[str, Any]]) -> list[Document]:
    """Documents from in-memory records shaped like the .jsonl lines (for callers building corpora)."""
    return [_document_from_record(dict(r), f"record {i}") for i, r in enumerate(records, start=1)]
