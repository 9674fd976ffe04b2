"""Request and response schemas: the API's edge. Unknown fields are rejected (marshmallow's RAISE)."""

from __future__ import annotations

import unicodedata
from typing import Any

from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from workers.engine.text import normalize_claim

DEFAULT_TOP_K = 5
MAX_TOP_K = 20
MAX_BATCH = 100
DEFAULT_MAX_CLAIM_CHARS = 1000


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


class ClaimText(fields.String):
    """A claim, normalised (NFC, whitespace collapsed, case kept), checked for length and control chars."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        claim = normalize_claim(text)
        if not claim:
            raise ValidationError("The claim is empty. Send the sentence to check, e.g. \"The call lasted "
                                  "two hours.\"")
        limit = current_app.config.get("FACTCHECK_MAX_CLAIM_CHARS", DEFAULT_MAX_CLAIM_CHARS)
        if len(claim) > limit:
            raise ValidationError(f"The claim is {len(claim)} characters long; the limit is {limit}. "
                                  "Check one statement at a time.")
        bad = sorted({f"U+{ord(c):04X}" for c in claim if unicodedata.category(c) in ("Cc", "Cs")})
        if bad:
            raise ValidationError(f"The claim contains control characters ({', '.join(bad)}); "
                                  "remove them and send plain text.")
        return claim


def _top_k() -> fields.Integer:
    return fields.Integer(strict=True, load_default=DEFAULT_TOP_K, validate=validate.Range(1, MAX_TOP_K),
                          metadata={"description": "How many evidence passages to return."})


class ClaimRequestSchema(StrictSchema):
    claim = ClaimText(required=True, metadata={"description": "The statement to check (at most 1,000 "
                                                              "characters after normalisation).",
                                               "example": "The call lasted two hours."})
    top_k = _top_k()


class BatchItemSchema(StrictSchema):
    claim = ClaimText(required=True)
    id = fields.String(validate=validate.Length(1, 200),
                       metadata={"description": "Your own reference, echoed back on the job."})
    top_k = _top_k()


class BatchRequestSchema(StrictSchema):
    claims = fields.List(fields.Nested(BatchItemSchema), required=True,
                         validate=validate.Length(1, MAX_BATCH),
                         metadata={"description": f"1 to {MAX_BATCH} claims."})


# ---------------------------------------------------------------------------------------- responses


class EvidenceSchema(Schema):
    doc_id = fields.String(required=True)
    title = fields.String(allow_none=True)
    outlet = fields.String(allow_none=True)
    published = fields.String(allow_none=True,
                              metadata={"description": "ISO date, where the source states one"})
    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": "Offset of the passage in the document"})
    end = fields.Integer(required=True)
    stance = fields.String(required=True, validate=validate.OneOf(["supports", "contradicts", "neutral"]))
    score = fields.Float(required=True)


class SourcesSchema(Schema):
    supporting = fields.Integer(required=True)
    contradicting = fields.Integer(required=True)
    consulted = fields.Integer(required=True)


class ResultSchema(Schema):
    claim = fields.String(required=True)
    verdict = fields.String(
        required=True, validate=validate.OneOf(["SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "CONFLICTING"])
    )
    confidence = fields.Float(required=True)
    explanation = fields.String(required=True)
    evidence = fields.List(fields.Nested(EvidenceSchema), required=True)
    sources = fields.Nested(SourcesSchema, required=True)
    corpus_version = fields.String(required=True)
    engine_version = fields.String(required=True)


class LinksSchema(Schema):
    self = fields.String(required=True)


class JobSchema(Schema):
    job_id = fields.String(required=True)
    id = fields.String(metadata={"description": "The reference sent with a batch item, if any."})
    status = fields.String(required=True, validate=validate.OneOf(["queued", "running", "done", "failed"]))
    claim = fields.String(required=True)
    created_at = fields.String(required=True)
    finished_at = fields.String(allow_none=True)
    result = fields.Nested(ResultSchema, metadata={"description": "Present when status is done."})
    error = fields.String(metadata={"description": "Present when status is failed."})
    links = fields.Nested(LinksSchema, required=True)


class BatchResponseSchema(Schema):
    jobs = fields.List(fields.Nested(JobSchema), required=True)


class CorpusDocumentSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(allow_none=True)
    outlet = fields.String(allow_none=True)
    published = fields.String(allow_none=True)
    passages = fields.Integer(required=True)


class CorpusSchema(Schema):
    version = fields.String(required=True)
    documents = fields.List(fields.Nested(CorpusDocumentSchema), required=True)


class ProblemSchema(Schema):
    """RFC 9457 problem details: every error response has this shape (application/problem+json)."""

    type = fields.String(required=True, metadata={"example": "about:blank"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True, metadata={"description": "What went wrong and what to do next."})
    instance = fields.String(metadata={"description": "The path of the request."})
    errors = fields.Dict(metadata={"description": "Validation errors by field (422 only)."})


class HealthSchema(Schema):
    status = fields.String(required=True)
    checks = fields.Dict(keys=fields.String(), values=fields.String())
