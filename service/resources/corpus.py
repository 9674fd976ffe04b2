"""GET /v1/corpus: the documents claims are checked against."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from service.context import service
from service.schemas import CorpusSchema


def create_blueprint() -> Blueprint:
    blp = Blueprint("corpus", __name__, url_prefix="/v1/corpus", description="The corpus in use.")

    @blp.route("")
    class CorpusResource(MethodView):
        @blp.response(200, CorpusSchema)
        def get(self) -> Any:
            """Describe the corpus: its version and documents"""
            return service().engine.describe_corpus()

    return blp
