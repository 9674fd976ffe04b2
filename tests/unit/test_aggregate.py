"""From per-passage stances to a verdict: labels, the source tally, evidence and explanation.

Pure: the corpus, hits and stances are built by hand, no model is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from workers.engine.aggregate import aggregate
from workers.engine.retrieval import Hit
from workers.engine.types import Corpus, Document, Label, Passage, Stance, StanceResult, Verdict

ENGINE_VERSION = "test-engine-1"

# Six invented local-news documents, two sentences each.
_DOCUMENT_TEXTS = {
    "ledger": (
        "The bridge over the Alder river reopened on Thursday.  Repairs took eleven weeks.",
        "Lakeview Ledger",
    ),
    "times": (
        "Crews reopened the Alder bridge on Thursday morning.  The mayor cut a ribbon.",
        "Valley Times",
    ),
    "herald": ("The Alder bridge is open again after repairs.  Traffic was light.", "Harbor Herald"),
    "post": ("The Alder bridge remains closed, officials said.  No date was given.", "County Post"),
    "gazette": ("Officials said the Alder bridge would stay closed.  Repairs continue.", None),
    "blog": ("Weather was mild across the valley.  Rain is expected on Sunday.", None),
}


def _build_corpus() -> Corpus:
    documents: list[Document] = []
    passages: list[Passage] = []
    for doc_id, (text, outlet) in _DOCUMENT_TEXTS.items():
        documents.append(
            Document(
                id=doc_id,
                text=text,
                title=f"Title of {doc_id}",
                outlet=outlet,
                published="2031-03-0" + str(len(documents) + 1),
            )
        )
        cursor = 0
        previous = ""
        for sentence in text.split("  "):
            start = text.index(sentence, cursor)
            end = start + len(sentence)
            cursor = end
            passages.append(Passage(len(passages), doc_id, start, end, sentence, context=previous))
            previous = sentence
    return Corpus(documents=tuple(documents), passages=tuple(passages), version="corpus-v-test")


CORPUS = _build_corpus()


def _pid(doc_id: str, nth: int = 0) -> int:
    """Id of the nth passage of a document."""
    return [p.id for p in CORPUS.passages if p.doc_id == doc_id][nth]


def _hit(passage_id: int, dense: float = 0.6, fused: float = 0.03) -> Hit:
    return Hit(passage_id=passage_id, lexical=5.0, dense=dense, fused=fused)


def _stance(support: float, contradict: float, reason: str | None = None) -> StanceResult:
    """A StanceResult that obeys its contract: stance = most likely side, score = its probability."""
    neutral = 1.0 - support - contradict
    stance, score = max(
        ((Stance.SUPPORTS, support), (Stance.CONTRADICTS, contradict), (Stance.NEUTRAL, neutral)),
        key=lambda pair: pair[1],
    )
    return StanceResult(stance, score, support, contradict, reason if stance is Stance.CONTRADICTS else None)


NEUTRAL = _stance(0.05, 0.05)


def _run(
    pairs: Sequence[tuple[Hit, StanceResult]], top_k: int = 5, claim: str = "The Alder bridge reopened."
) -> Verdict:
    hits = [h for h, _ in pairs]
    stances = [s for _, s in pairs]
    return aggregate(claim, CORPUS, hits, stances, top_k=top_k, engine_version=ENGINE_VERSION)


# --- labels ---------------------------------------------------------------------------------------


def test_all_neutral_is_not_enough_info() -> None:
    verdict = _run([(_hit(_pid(d)), NEUTRAL) for d in ("ledger", "times", "blog")])
    assert verdict.verdict is Label.NOT_ENOUGH_INFO
    assert verdict.sources.supporting == 0
    assert verdict.sources.contradicting == 0
    assert verdict.sources.consulted == 3
    # nothing leans either way: the engine is sure the corpus does not settle it
    assert verdict.confidence == pytest.approx(0.95)


def test_not_enough_info_explanation_depends_on_how_close_the_best_passage_is() -> None:
    far = _run([(_hit(_pid("blog"), dense=0.1), NEUTRAL), (_hit(_pid("ledger"), dense=0.2), NEUTRAL)])
    assert far.explanation == "The corpus does not cover this claim."
    near = _run([(_hit(_pid("blog"), dense=0.1), NEUTRAL), (_hit(_pid("ledger"), dense=0.7), NEUTRAL)])
    assert near.verdict is Label.NOT_ENOUGH_INFO
    assert "Lakeview Ledger" in near.explanation
    assert "does not state it" in near.explanation


def test_no_hits_at_all_is_not_enough_info() -> None:
    verdict = _run([])
    assert verdict.verdict is Label.NOT_ENOUGH_INFO
    assert verdict.evidence == ()
    assert verdict.sources.consulted == 0
    assert verdict.explanation == "The corpus does not cover this claim."


def test_below_decisive_leaning_is_not_enough_info() -> None:
    verdict = _run([(_hit(_pid("ledger")), _stance(0.45, 0.1)), (_hit(_pid("post")), _stance(0.1, 0.4))])
    assert verdict.verdict is Label.NOT_ENOUGH_INFO
    assert verdict.confidence == pytest.approx(0.55)


def test_strong_support_from_three_documents_is_supported() -> None:
    verdict = _run(
        [
            (_hit(_pid("ledger")), _stance(0.9, 0.02)),
            (_hit(_pid("times")), _stance(0.85, 0.05)),
            (_hit(_pid("herald")), _stance(0.8, 0.05)),
            (_hit(_pid("blog")), NEUTRAL),
            (_hit(_pid("blog", 1)), NEUTRAL),  # a second passage of the same document
        ]
    )
    assert verdict.verdict is Label.SUPPORTED
    assert verdict.sources.supporting == 3
    assert verdict.sources.contradicting == 0
    assert verdict.sources.consulted == 4  # documents among the hits, not passages
    assert verdict.confidence == pytest.approx(0.9)
    assert verdict.explanation == (
        "Supported by 3 of 4 sources; none contradicts it. Strongest: Lakeview Ledger."
    )


def test_several_passages_of_one_document_count_as_one_source() -> None:
    verdict = _run(
        [
            (_hit(_pid("ledger", 0)), _stance(0.9, 0.02)),
            (_hit(_pid("ledger", 1)), _stance(0.8, 0.02)),
            (_hit(_pid("post")), NEUTRAL),
        ]
    )
    assert verdict.verdict is Label.SUPPORTED
    assert verdict.sources.supporting == 1
    assert verdict.sources.consulted == 2


def test_strong_contradiction_is_refuted_with_the_reason() -> None:
    reason = "the claim says Tuesday; the passage says Thursday"
    verdict = _run(
        [
            (_hit(_pid("ledger")), _stance(0.05, 0.88, reason)),
            (_hit(_pid("herald")), NEUTRAL),
            (_hit(_pid("blog")), NEUTRAL),
        ]
    )
    assert verdict.verdict is Label.REFUTED
    assert verdict.sources.contradicting == 1
    assert verdict.sources.supporting == 0
    assert verdict.sources.consulted == 3
    assert verdict.confidence == pytest.approx(0.88)
    # the reason leads the explanation, with the passage named as the sources that say it
    assert verdict.explanation.startswith("The claim says Tuesday; 1 source says Thursday")
    assert "Thursday" in verdict.explanation
    assert "1 source of 3 contradicts the claim" in verdict.explanation


def test_refuted_by_two_sources_says_so_in_the_plural() -> None:
    reason = "the claim says two hours; the passage says 25 minutes"
    verdict = _run(
        [
            (_hit(_pid("post")), _stance(0.05, 0.9, reason)),
            (_hit(_pid("gazette")), _stance(0.05, 0.7, reason)),
        ]
    )
    assert verdict.verdict is Label.REFUTED
    assert verdict.explanation.startswith("The claim says two hours; 2 sources say 25 minutes")
    assert "2 sources of 2 contradict the claim" in verdict.explanation


def test_refuted_without_a_reason_still_explains() -> None:
    verdict = _run([(_hit(_pid("post")), _stance(0.05, 0.9, None))])
    assert verdict.verdict is Label.REFUTED
    assert verdict.explanation.startswith("A source says otherwise")


def test_two_against_two_of_similar_strength_is_conflicting() -> None:
    reason = "the claim says reopened; the passage says closed"
    verdict = _run(
        [
            (_hit(_pid("ledger")), _stance(0.85, 0.05)),
            (_hit(_pid("times")), _stance(0.8, 0.05)),
            (_hit(_pid("post")), _stance(0.05, 0.82, reason)),
            (_hit(_pid("gazette")), _stance(0.05, 0.75, reason)),
            (_hit(_pid("blog")), NEUTRAL),
        ]
    )
    assert verdict.verdict is Label.CONFLICTING
    assert verdict.sources.supporting == 2
    assert verdict.sources.contradicting == 2
    assert verdict.sources.consulted == 5
    assert verdict.confidence == pytest.approx(min(0.85, 0.82))
    assert verdict.explanation.startswith("Sources disagree: 2 of 5 support the claim and 2 contradict it")
    assert reason in verdict.explanation


def test_one_weak_contradiction_against_three_strong_supports_is_supported() -> None:
    verdict = _run(
        [
            (_hit(_pid("ledger")), _stance(0.9, 0.02)),
            (_hit(_pid("times")), _stance(0.88, 0.02)),
            (_hit(_pid("herald")), _stance(0.86, 0.02)),
            (_hit(_pid("post")), _stance(0.1, 0.55, "the claim says reopened; the passage says closed")),
        ]
    )
    assert verdict.verdict is Label.SUPPORTED
    assert verdict.sources.supporting == 3
    assert verdict.sources.contradicting == 1
    # the dissent lowers the confidence but does not overturn the verdict
    assert verdict.confidence == pytest.approx(0.9 * (1 - 0.55 / 2))
    assert "1 disagree" in verdict.explanation


def test_a_single_contradicting_document_is_not_a_conflict() -> None:
    # Two strong supports and one equally strong contradiction: CONFLICTING needs two on each side.
    verdict = _run(
        [
            (_hit(_pid("ledger")), _stance(0.8, 0.02)),
            (_hit(_pid("times")), _stance(0.8, 0.02)),
            (_hit(_pid("post")), _stance(0.02, 0.8, "the claim says reopened; the passage says closed")),
        ]
    )
    assert verdict.verdict is Label.SUPPORTED


def test_stronger_contradicting_side_wins_when_the_other_is_too_weak_to_conflict() -> None:
    verdict = _run(
        [
            (_hit(_pid("ledger")), _stance(0.52, 0.02)),
            (_hit(_pid("post")), _stance(0.02, 0.95, "the claim says reopened; the passage says closed")),
            (_hit(_pid("gazette")), _stance(0.02, 0.9, "the claim says reopened; the passage says closed")),
            (_hit(_pid("herald")), _stance(0.02, 0.9, "the claim says reopened; the passage says closed")),
        ]
    )
    assert verdict.verdict is Label.REFUTED
    assert verdict.confidence == pytest.approx(0.95 * (1 - 0.52 / 2))


def _role_stance(
    support: float, contradict: float, disputed: str | None = None, stated: frozenset[str] = frozenset()
) -> StanceResult:
    plain = _stance(support, contradict, "the claim says Lee reopened; the passage says it was Kim")
    return StanceResult(plain.stance, plain.score, support, contradict, plain.reason, disputed, stated)


def test_a_role_swap_is_answered_only_by_passages_that_say_who_did_it() -> None:
    # Two sources say Kim reopened the bridge; three match every word of "Lee reopened the
    # bridge" but never say who reopened it: they are silent on the point in dispute.
    swap = "lee>reopen"
    silent = [(_hit(_pid(d)), _role_stance(0.8, 0.02)) for d in ("ledger", "times", "herald")]
    disputing = [(_hit(_pid(d)), _role_stance(0.1, 0.75, disputed=swap)) for d in ("post", "gazette")]
    verdict = _run(silent + disputing, claim="Lee reopened the bridge.")
    assert verdict.verdict is Label.REFUTED
    assert verdict.sources.supporting == 0
    assert verdict.sources.contradicting == 2

    # Two sources that do say Lee reopened it answer: the sources now disagree.
    stating = [
        (_hit(_pid(d)), _role_stance(0.8, 0.02, stated=frozenset({swap}))) for d in ("ledger", "times")
    ]
    verdict = _run(stating + silent[2:] + disputing, claim="Lee reopened the bridge.")
    assert verdict.verdict is Label.CONFLICTING
    assert verdict.sources.supporting == 2


def test_a_passage_stating_the_claimed_speaker_more_strongly_than_the_swap_settles_it() -> None:
    # One source says Lee said the bridge would reopen; others that Kim said it: both may be true.
    swap = "lee>say"
    stating = [(_hit(_pid("ledger")), _role_stance(0.9, 0.02, stated=frozenset({swap})))]
    disputing = [(_hit(_pid(d)), _role_stance(0.1, 0.75, disputed=swap)) for d in ("post", "gazette")]
    verdict = _run(stating + disputing, claim="Lee said the bridge would reopen.")
    assert verdict.verdict is Label.SUPPORTED
    assert verdict.sources.contradicting == 0
    # A weaker statement (Lee said something, not all of it) does not settle it.
    weak = [(_hit(_pid("ledger")), _role_stance(0.6, 0.02, stated=frozenset({swap})))]
    assert _run(weak + disputing, claim="Lee said the bridge would reopen.").verdict is Label.REFUTED
    # Nor does a stronger one settle who did an act only one doer does: the sources disagree.
    act = "lee>reopen"
    stating = [(_hit(_pid(d)), _role_stance(0.9, 0.02, stated=frozenset({act}))) for d in ("ledger", "times")]
    disputing = [(_hit(_pid(d)), _role_stance(0.1, 0.75, disputed=act)) for d in ("post", "gazette")]
    assert _run(stating + disputing, claim="Lee reopened the bridge.").verdict is Label.CONFLICTING


def test_a_role_swap_below_decisive_does_not_silence_support() -> None:
    silent = [(_hit(_pid(d)), _role_stance(0.8, 0.02)) for d in ("ledger", "times")]
    weak = [(_hit(_pid("post")), _role_stance(0.3, 0.4, disputed="lee>reopen"))]
    assert _run(silent + weak).verdict is Label.SUPPORTED


def test_a_document_supporting_and_contradicting_equally_counts_as_supporting() -> None:
    # Ties inside one document go to support (>= for support, > for contradiction).
    verdict = _run(
        [
            (_hit(_pid("ledger", 0)), _stance(0.6, 0.1)),
            (_hit(_pid("ledger", 1)), _stance(0.1, 0.6, "the claim says x; the passage says y")),
        ]
    )
    assert verdict.sources.supporting == 1
    assert verdict.sources.contradicting == 0


def test_mismatched_hits_and_stances_are_rejected() -> None:
    with pytest.raises(ValueError):
        aggregate("claim", CORPUS, [_hit(0), _hit(1)], [NEUTRAL], top_k=5, engine_version=ENGINE_VERSION)


# --- evidence -------------------------------------------------------------------------------------


def test_refuted_evidence_puts_contradicting_passages_first() -> None:
    verdict = _run(
        [
            (_hit(_pid("blog"), fused=0.05), NEUTRAL),
            (_hit(_pid("ledger")), _stance(0.55, 0.02)),
            (_hit(_pid("post")), _stance(0.02, 0.7, "the claim says open; the passage says closed")),
            (_hit(_pid("gazette")), _stance(0.02, 0.9, "the claim says open; the passage says closed")),
        ]
    )
    assert verdict.verdict is Label.REFUTED
    assert [e.doc_id for e in verdict.evidence] == ["gazette", "post", "ledger", "blog"]
    assert [e.stance for e in verdict.evidence] == [
        Stance.CONTRADICTS,
        Stance.CONTRADICTS,
        Stance.SUPPORTS,
        Stance.NEUTRAL,
    ]


def test_supported_evidence_puts_supporting_passages_first_then_neutral_by_retrieval_rank() -> None:
    verdict = _run(
        [
            (_hit(_pid("blog", 0), fused=0.01), NEUTRAL),
            (
                _hit(_pid("post"), fused=0.02),
                _stance(0.02, 0.6, "the claim says open; the passage says closed"),
            ),
            (_hit(_pid("blog", 1), fused=0.04), NEUTRAL),
            (_hit(_pid("times"), fused=0.001), _stance(0.7, 0.02)),
            (_hit(_pid("ledger"), fused=0.001), _stance(0.9, 0.02)),
        ]
    )
    assert verdict.verdict is Label.SUPPORTED
    texts = [e.text for e in verdict.evidence]
    blog = [p.text for p in CORPUS.passages if p.doc_id == "blog"]
    assert texts == [
        CORPUS.passages[_pid("ledger")].text,
        CORPUS.passages[_pid("times")].text,
        CORPUS.passages[_pid("post")].text,
        blog[1],  # the neutral passage retrieval ranked higher comes first
        blog[0],
    ]
    assert [e.score for e in verdict.evidence[:2]] == [pytest.approx(0.9), pytest.approx(0.7)]


def test_top_k_limits_the_evidence() -> None:
    pairs = [(_hit(p.id), _stance(0.6, 0.05)) for p in CORPUS.passages]
    for k in (1, 3, 7):
        assert len(_run(pairs, top_k=k).evidence) == k
    # the tally still counts every document, not only those shown
    assert _run(pairs, top_k=1).sources.supporting == len(CORPUS.documents)


def test_duplicate_passage_texts_are_shown_once() -> None:
    shared = "The Alder bridge reopened on Thursday."
    documents = (
        Document("wire-a", shared, outlet="Wire A"),
        Document("wire-b", shared, outlet="Wire B"),
        Document("local", "Traffic on the Alder bridge was light.", outlet="Local"),
    )
    passages = tuple(Passage(i, doc.id, 0, len(doc.text), doc.text) for i, doc in enumerate(documents))
    corpus = Corpus(documents, passages, version="dup-test")
    hits = [_hit(0), _hit(1), _hit(2)]
    stances = [_stance(0.9, 0.02), _stance(0.85, 0.02), NEUTRAL]
    verdict = aggregate("claim", corpus, hits, stances, top_k=5, engine_version=ENGINE_VERSION)
    assert [e.doc_id for e in verdict.evidence] == ["wire-a", "local"]
    # both copies still count as sources
    assert verdict.sources.supporting == 2


def test_evidence_copies_offsets_and_document_metadata() -> None:
    passage = CORPUS.passages[_pid("times", 1)]
    verdict = _run([(_hit(passage.id), _stance(0.8, 0.05))])
    (evidence,) = verdict.evidence
    doc = CORPUS.document("times")
    assert (evidence.start, evidence.end) == (passage.start, passage.end)
    assert passage.start > 0  # the second sentence: a real offset, not 0
    assert doc.text[evidence.start : evidence.end] == evidence.text == passage.text
    assert (evidence.doc_id, evidence.title, evidence.outlet, evidence.published) == (
        doc.id,
        doc.title,
        doc.outlet,
        doc.published,
    )
    assert evidence.stance is Stance.SUPPORTS
    assert evidence.score == pytest.approx(0.8)


def test_source_without_outlet_is_named_by_its_title() -> None:
    verdict = _run([(_hit(_pid("gazette")), _stance(0.9, 0.02))])
    assert verdict.explanation.endswith("Strongest: Title of gazette.")


# --- the result shape -----------------------------------------------------------------------------


def test_to_dict_has_exactly_the_result_shape() -> None:
    verdict = _run(
        [
            (_hit(_pid("ledger")), _stance(0.9, 0.02)),
            (_hit(_pid("post")), _stance(0.02, 0.6, "the claim says open; the passage says closed")),
        ],
        claim="The Alder bridge reopened on Thursday.",
    )
    data = verdict.to_dict()
    assert set(data) == {
        "claim",
        "verdict",
        "confidence",
        "explanation",
        "evidence",
        "sources",
        "corpus_version",
        "engine_version",
    }
    assert data["claim"] == "The Alder bridge reopened on Thursday."
    assert data["verdict"] == "SUPPORTED"
    assert isinstance(data["confidence"], float) and 0.0 <= data["confidence"] <= 1.0
    assert isinstance(data["explanation"], str) and data["explanation"]
    assert data["corpus_version"] == "corpus-v-test"
    assert data["engine_version"] == ENGINE_VERSION
    assert set(data["sources"]) == {"supporting", "contradicting", "consulted"}
    assert data["sources"] == {"supporting": 1, "contradicting": 1, "consulted": 2}
    assert len(data["evidence"]) == 2
    for item in data["evidence"]:
        assert set(item) == {
            "doc_id",
            "title",
            "outlet",
            "published",
            "text",
            "start",
            "end",
            "stance",
            "score",
        }
        assert item["stance"] in {"supports", "contradicts", "neutral"}
    assert data["evidence"][0]["stance"] == "supports"
    assert data["evidence"][1]["stance"] == "contradicts"
    assert Verdict.from_dict(data).to_dict() == data


def test_confidence_stays_within_bounds() -> None:
    for support, contradict in ((1.0, 0.0), (0.0, 1.0), (0.0, 0.0)):
        verdict = _run([(_hit(_pid("ledger")), _stance(support, contradict, "the claim says a"))])
        assert 0.0 <= verdict.confidence <= 1.0
