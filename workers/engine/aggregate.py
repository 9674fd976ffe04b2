"""From per-passage stances to one verdict, with evidence, a per-source tally and an explanation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workers.engine.retrieval import Hit
from workers.engine.stance.checks import is_speech_role
from workers.engine.types import Corpus, Evidence, Label, Sources, Stance, StanceResult, Verdict

# A passage takes a side when its probability for that side reaches this.
DECISIVE = 0.5
# Both sides decisive: the weaker side (its strength summed over documents) must reach this share
# of the stronger, and come from at least two documents, for the sources to count as disagreeing
# rather than one side being noise.
CONFLICT_RATIO = 0.5


@dataclass(frozen=True)
class _Scored:
    hit: Hit
    stance: StanceResult
    doc_id: str


def aggregate(
    claim: str,
    corpus: Corpus,
    hits: Sequence[Hit],
    stances: Sequence[StanceResult],
    *,
    top_k: int,
    engine_version: str,
) -> Verdict:
    scored = [_Scored(h, s, corpus.passages[h.passage_id].doc_id) for h, s in zip(hits, stances, strict=True)]
    # A passage that says someone else did what the claim says (a role swap) is answered only by
    # a passage that states the claimed doer doing it. Passages with both names and the claim's
    # other words, but no word on who did it, are silent on that point, and news text is full
    # of them: they would otherwise outvote the one sentence that settles it.
    disputes: dict[str, float] = {}
    for s in scored:
        role = s.stance.disputed_role
        if role is not None and s.stance.contradict >= DECISIVE:
            disputes[role] = max(disputes.get(role, 0.0), s.stance.contradict)
    # Who said something is settled by a passage that states the claimed speaker saying it and
    # supports the claim more strongly than any passage disputes it: that someone else said the
    # same ("the ministry said" / "the minister said") does not make the claim false.
    settled = {
        role
        for s in scored
        if s.stance.support >= DECISIVE
        for role in s.stance.stated_roles
        if is_speech_role(role) and s.stance.support >= disputes.get(role, 1.0)
    }
    disputed_roles = set(disputes) - settled
    support_by_doc: dict[str, float] = {}
    contradict_by_doc: dict[str, float] = {}
    for item in scored:
        support = item.stance.support if disputed_roles <= item.stance.stated_roles else 0.0
        contradict = 0.0 if item.stance.disputed_role in settled else item.stance.contradict
        support_by_doc[item.doc_id] = max(support_by_doc.get(item.doc_id, 0.0), support)
        contradict_by_doc[item.doc_id] = max(contradict_by_doc.get(item.doc_id, 0.0), contradict)
    supporting = {d for d, v in support_by_doc.items() if v >= DECISIVE and v >= contradict_by_doc[d]}
    contradicting = {d for d, v in contradict_by_doc.items() if v >= DECISIVE and v > support_by_doc[d]}
    best_support = max(support_by_doc.values(), default=0.0)
    best_contradict = max(contradict_by_doc.values(), default=0.0)

    if supporting and contradicting:
        support_weight = sum(support_by_doc[d] for d in supporting)
        contradict_weight = sum(contradict_by_doc[d] for d in contradicting)
        weaker, stronger = sorted((support_weight, contradict_weight))
        if weaker >= CONFLICT_RATIO * stronger and min(len(supporting), len(contradicting)) >= 2:
            label, confidence = Label.CONFLICTING, min(best_support, best_contradict)
        elif support_weight > contradict_weight:
            label, confidence = Label.SUPPORTED, best_support * (1 - best_contradict / 2)
        else:
            label, confidence = Label.REFUTED, best_contradict * (1 - best_support / 2)
    elif supporting:
        label, confidence = Label.SUPPORTED, best_support
    elif contradicting:
        label, confidence = Label.REFUTED, best_contradict
    else:
        label, confidence = Label.NOT_ENOUGH_INFO, 1.0 - max(best_support, best_contradict)

    consulted = len({item.doc_id for item in scored})
    sources = Sources(len(supporting), len(contradicting), consulted)
    evidence = _evidence(corpus, scored, label, top_k)
    return Verdict(
        claim=claim,
        verdict=label,
        confidence=max(0.0, min(1.0, confidence)),
        explanation=_explain(label, scored, sources, corpus),
        evidence=tuple(evidence),
        sources=sources,
        corpus_version=corpus.version,
        engine_version=engine_version,
    )


def _evidence(corpus: Corpus, scored: list[_Scored], label: Label, top_k: int) -> list[Evidence]:
    """The strongest passages for each side first, then the closest neutral ones."""
    wanted = {
        Label.SUPPORTED: (Stance.SUPPORTS, Stance.CONTRADICTS),
        Label.REFUTED: (Stance.CONTRADICTS, Stance.SUPPORTS),
        Label.CONFLICTING: (Stance.SUPPORTS, Stance.CONTRADICTS),
        Label.NOT_ENOUGH_INFO: (Stance.SUPPORTS, Stance.CONTRADICTS),
    }[label]

    def rank(item: _Scored) -> tuple[int, float]:
        stance = item.stance.stance
        side = wanted.index(stance) if stance in wanted else len(wanted)
        strength = item.stance.score if stance is not Stance.NEUTRAL else item.hit.fused
        return side, -strength

    chosen: list[Evidence] = []
    seen_text: set[str] = set()
    for item in sorted(scored, key=rank):
        passage = corpus.passages[item.hit.passage_id]
        if passage.text in seen_text:  # syndicated copies of one sentence add nothing
            continue
        seen_text.add(passage.text)
        doc = corpus.document(passage.doc_id)
        chosen.append(
            Evidence(
                doc_id=doc.id,
                title=doc.title,
                outlet=doc.outlet,
                published=doc.published,
                text=passage.text,
                start=passage.start,
                end=passage.end,
                stance=item.stance.stance,
                score=item.stance.score,
            )
        )
        if len(chosen) >= top_k:
            break
    return chosen


def _source_name(corpus: Corpus, doc_id: str) -> str:
    doc = corpus.document(doc_id)
    return doc.outlet or doc.title or doc.id


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _explain(label: Label, scored: list[_Scored], sources: Sources, corpus: Corpus) -> str:
    of = f"of {sources.consulted}"
    if label is Label.SUPPORTED:
        best = max(scored, key=lambda s: s.stance.support)
        text = f"Supported by {sources.supporting} {of} sources"
        text += (
            "; none contradicts it." if not sources.contradicting else f"; {sources.contradicting} disagree."
        )
        return f"{text} Strongest: {_source_name(corpus, best.doc_id)}."
    if label is Label.REFUTED:
        best = max(scored, key=lambda s: s.stance.contradict)
        reason = best.stance.reason or "a source says otherwise"
        says = "sources say" if sources.contradicting > 1 else "source says"
        reason = reason.replace("the passage says", f"{sources.contradicting} {says}")
        verb = "contradicts" if sources.contradicting == 1 else "contradict"
        tally = f"{_plural(sources.contradicting, 'source')} {of} {verb} the claim"
        return f"{reason[0].upper()}{reason[1:]} ({tally})."
    if label is Label.CONFLICTING:
        best = max(scored, key=lambda s: s.stance.contradict)
        detail = f" ({best.stance.reason})" if best.stance.reason else ""
        return (
            f"Sources disagree: {sources.supporting} {of} support the claim and "
            f"{sources.contradicting} contradict it{detail}."
        )
    closest = max(scored, key=lambda s: s.hit.dense, default=None)
    if closest is None or closest.hit.dense < 0.35:
        return "The corpus does not cover this claim."
    return (
        f"No source settles this claim; the closest passage ({_source_name(corpus, closest.doc_id)}) "
        "does not state it."
    )
