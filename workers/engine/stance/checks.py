"""Compare a claim with a passage: how much of the claim the passage covers, and what differs.

Embeddings see "the meeting lasted 90 minutes" and "the meeting lasted 40 minutes" as near-identical, so each
check looks for one kind of difference editors most often get wrong: numbers and quantities,
dates and weekdays, a name swapped for another in the same position, who did what, negation and
denials, and certainty ("definitely" vs "unlikely"). A check returns Findings; the scorer weighs
them by how well the rest of the claim is covered.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from workers.engine.stance.analysis import (
    Analysis,
    Descriptor,
    Predicate,
    Quantity,
    Term,
    TimeRef,
    names_match,
)
from workers.engine.stance.lexicon import (
    ABSENCE_NOUNS,
    ANTONYMS,
    COMMUNICATION_VERBS,
    DOUBTFUL,
    LIGHT_VERBS,
    LONG_DURATIONS,
    MONTHS,
    NEGATORS,
    RECIPROCAL_VERBS,
    REFUSAL_VERBS,
    SHORT_DURATIONS,
    WEEKDAYS,
)

# word similarity: (claim key, passage key) -> cosine in [-1, 1]
WordSimilarity = Callable[[str, str], float]
# whether two name keys name the same thing: (claim key, passage key) -> bool
NameMatch = Callable[[str, str], bool]

# Quantities that measure something (a duration, a sum, a rate): a claim stating one is not
# confirmed by a passage that lacks it. Counts of things ("two ministers") are often restated
# by naming them instead.
MEASURED_GROUPS = frozenset(
    {
        "short_duration",
        "long_duration",
        "percent",
        "dollar",
        "euro",
        "pound",
        "metre",
        "kilometre",
        "tonne",
        "degree",
    }
)

SOFT_MATCH_FLOOR = 0.45  # below this cosine two words are unrelated
SOFT_MATCH_FULL = 0.80  # at or above it they count as the same word
COMMUNICATION_MATCH = 0.8
DOCUMENT_NAME_MATCH = 0.6
# "golf coach" / "rugby coach": a noun naming a kind of thing is a fact; an adjective
# ("senior" / "top") is more often a paraphrase, so it alone cannot refute a claim.
COMPOUND_SWAP = 0.65
# Weight of a claim's count of things that the passage states no count of (a stated or measured
# quantity weighs 1.5).
UNSTATED_COUNT = 0.5
# A denied act that the passage reports without a denial: weaker than a negated verb that matches.
DENIED_ACT = 0.6
DENIED_ACT_MATCH = 0.75
# How much of the rest of the claim a passage must have for a different speaker to be a swap.
SAID_SAME = 0.7


@dataclass(frozen=True)
class Finding:
    kind: str  # "number", "date", "entity", "role", "negation", "antonym", "certainty"
    polarity: int  # -1 contradicts the claim, +1 supports it
    strength: float  # 0..1
    reason: str  # "the claim says 90 minutes; the passage says 40 minutes"
    claim_keys: frozenset[str] = frozenset()  # claim terms this finding explains
    role: str | None = None  # for a role swap, the claim's doer-and-act it disputes (role_key)
    # The difference is in what both say of the same act by the same doer ("Smith resigned on
    # Monday" / "Smith resigned on Friday"): it needs no more of the claim to be there.
    same_act: bool = False


@dataclass(frozen=True)
class Coverage:
    score: float  # weighted share of the claim's terms found in the passage, 0..1
    matched: dict[str, float]  # claim term key -> best match 0..1
    weights: dict[str, float]  # claim term key -> weight
    # Names found only elsewhere in the document: enough to help confirm a claim, not to say
    # that a passage is about the same event, which a contradiction needs.
    document_only: frozenset[str] = frozenset()

    def missing_specifics(self, claim: Analysis) -> float:
        """How much of the claim's specific detail (names, numbers, dates) the passage lacks, 0..n."""
        measured = {f"#{q.text}" for q in claim.quantities if q.group in MEASURED_GROUPS and not q.relative}
        specific = (
            {t.key for t in claim.terms if t.kind == "name"}
            | measured
            | {k for k in self.weights if k[:1] == "@"}
        )
        return sum(1.0 - self.matched[k] for k in specific if k in self.matched)

    def without(self, keys: frozenset[str]) -> float:
        """Coverage of the claim once the terms a finding explains are set aside."""
        total = sum(w for k, w in self.weights.items() if k not in keys)
        if total <= 0:
            return self.score
        kept = (k for k in self.weights if k not in keys and k not in self.document_only)
        return sum(self.matched[k] * self.weights[k] for k in kept) / total


def term_match(
    claim_term: Term,
    passage_terms: tuple[Term, ...],
    similarity: WordSimilarity,
    names_only: bool = False,
    same_name: NameMatch = names_match,
) -> float:
    best = 0.0
    for p in passage_terms:
        if claim_term.kind == "name" or p.kind == "name":
            if same_name(claim_term.key, p.key):
                return 1.0
            continue
        if names_only:
            continue
        if claim_term.key == p.key or _stem(claim_term.key) == _stem(p.key):
            return 1.0
        if claim_term.key in COMMUNICATION_VERBS and p.key in COMMUNICATION_VERBS:
            best = max(best, COMMUNICATION_MATCH)  # "said" ~ "acknowledged": both report speech
            continue
        sim = similarity(claim_term.key, p.key)
        if sim > SOFT_MATCH_FLOOR:
            best = max(best, min(1.0, (sim - SOFT_MATCH_FLOOR) / (SOFT_MATCH_FULL - SOFT_MATCH_FLOOR)))
    return best


@functools.lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    from workers.engine.retrieval import lexical_terms

    stems = lexical_terms(word)
    return stems[0] if stems else word


def coverage(
    claim: Analysis,
    passage: Analysis,
    context: Analysis | None,
    weigh: Callable[[Term], float],
    similarity: WordSimilarity,
    document_names: frozenset[str] = frozenset(),
    same_name: NameMatch = names_match,
    document_years: frozenset[int] = frozenset(),
) -> Coverage:
    """Weighted share of the claim found in the passage.

    The sentence before the passage (context) counts only a little, and mostly for names: it is
    where "he" or "the ministry" is introduced, not where the passage's own claims are. A name
    found only elsewhere in the document counts less again: news text names someone once and
    then writes "the minister" or "he". A year is found in the document's publication date.
    """
    matched: dict[str, float] = {}
    weights: dict[str, float] = {}
    document_only: set[str] = set()
    for term in claim.terms:
        if term.key in weights:
            continue
        weights[term.key] = weigh(term)
        score = term_match(term, passage.terms, similarity, same_name=same_name)
        if score < 1.0 and context is not None:
            discount = 0.8 if term.kind == "name" else 0.4
            score = max(score, discount * term_match(term, context.terms, similarity, same_name=same_name))
        if (
            term.kind == "name"
            and score < DOCUMENT_NAME_MATCH
            and any(names_match(term.key, n) for n in document_names)
        ):
            score = DOCUMENT_NAME_MATCH
            document_only.add(term.key)
        matched[term.key] = score
    # Quantities and dates are claim content too: a passage that states the same one covers it.
    for q in claim.quantities:
        key = f"#{q.text}"
        same = any(
            _same_quantity(q, p) or (p.group == "bare" and p.value == q.value) for p in passage.quantities
        )
        matched[key] = 1.0 if same else 0.0
        # A count the passage does not state at all ("the two prisoners" restated by naming
        # them) is unconfirmed, not missing detail; a different count is check_quantities' job.
        stated = same or any(_comparable(q, p) for p in passage.quantities)
        weights[key] = 1.5 if stated or q.group in MEASURED_GROUPS else UNSTATED_COUNT
    for t in claim.times:
        key = f"@{t.text}"
        weights[key] = 1.2
        dated = any(t.value == p.value and _times_comparable(claim, t, p, similarity) for p in passage.times)
        matched[key] = 1.0 if dated else 0.0
        # News rarely restates the year it is published in: the document's date stands in for
        # it, as a name found elsewhere in the document does.
        if not dated and t.kind == "year" and t.value in document_years:
            matched[key] = DOCUMENT_NAME_MATCH
            document_only.add(key)
    total = sum(weights.values())
    score = sum(matched[k] * w for k, w in weights.items()) / total if total else 0.0
    return Coverage(score, matched, weights, frozenset(document_only))


def about_someone_else(
    claim: Analysis, passage: Analysis, cover: Coverage, explained: frozenset[str] = frozenset()
) -> bool:
    """Whether the passage's own sentence is about someone other than the claim's named parties.

    True when the claim names someone, the sentence names none of them, and either they are
    known only from elsewhere in the document or the sentence's subject is a different name:
    after "Smith faces ten years.", the next sentence "Jones is serving 16 years." says nothing
    about Smith, though Smith is in its context. Names a finding `explained` (the one swapped
    for another) are left out.
    """
    names = [t for t in claim.terms if t.kind == "name" and t.pos == "PROPN" and t.key not in explained]
    if not names or any(cover.matched.get(t.key, 0.0) >= 1.0 for t in names):
        return False
    if all(t.key in cover.document_only or cover.matched.get(t.key, 0.0) <= 0.0 for t in names):
        return True
    return any(
        p.kind == "name"
        and p.pos == "PROPN"
        and p.slot[0] == "nsubj"
        and not any(names_match(t.key, p.key) for t in names)
        for p in passage.terms
    )


def _same_quantity(a: Quantity, b: Quantity) -> bool:
    """Whether `b` (the passage's) says what `a` (the claim's) says: the same amount, or one
    within the claim's bound ('25 minutes' is 'less than half an hour')."""
    if not _comparable(a, b):
        return False
    # Two bounds of one kind ("up to ten years" / "up to 25 years") are two different limits.
    if a.bound == b.bound:
        va, vb = in_base_unit(a), in_base_unit(b)
        tolerance = 0.1 if (a.approximate or b.approximate) else 0.001
        return abs(va - vb) <= tolerance * max(abs(va), abs(vb), 1e-9)
    (a_low, a_high), (b_low, b_high) = _interval(a), _interval(b)
    return a_low <= b_low and b_high <= a_high


def _disagree(a: Quantity, b: Quantity) -> bool:
    """Whether no amount fits both: '40 minutes' / 'less than half an hour'. Two amounts without
    bounds, or two bounds of one kind, disagree when they are not the same."""
    if a.bound == b.bound:
        return not _same_quantity(a, b)
    (a_low, a_high), (b_low, b_high) = _interval(a), _interval(b)
    return a_high < b_low or b_high < a_low


def _interval(q: Quantity) -> tuple[float, float]:
    value = in_base_unit(q)
    if q.bound == "upper":
        return 0.0, value * 1.001
    if q.bound == "lower":
        return value * 0.999, math.inf
    tolerance = 0.1 if q.approximate else 0.001
    return value * (1 - tolerance), value * (1 + tolerance)


def _comparable(a: Quantity, b: Quantity) -> bool:
    # A bare number ("the two", "in 40") is too ambiguous to compare with anything.
    return a.group != "bare" and a.group == b.group


def in_base_unit(q: Quantity) -> float:
    scale = SHORT_DURATIONS.get(q.unit) or LONG_DURATIONS.get(q.unit) or 1
    return q.value * scale


def check_quantities(claim: Analysis, passage: Analysis) -> list[Finding]:
    findings = []
    for q in claim.quantities:
        same_group = [
            p
            for p in passage.quantities
            if _comparable(q, p) and p.difference == q.difference and p.total == q.total
        ]
        if not same_group:
            continue
        key = frozenset({f"#{q.text}"})
        # "Exactly 25 minutes" is not what "about 25 minutes" says.
        loose = q.exact and next((p for p in same_group if _same_quantity(q, p) and p.approximate), None)
        if loose:
            reason = f"the claim says exactly {q.text}; the passage says approximately {loose.text}"
            findings.append(Finding("number", -1, 0.7, reason, key))
        elif any(_same_quantity(q, p) for p in same_group):
            findings.append(Finding("number", +1, 0.6, f"the passage also says {q.text}", key))
        elif all(_disagree(q, p) for p in same_group):
            other = same_group[0]
            findings.append(
                Finding("number", -1, 0.9, f"the claim says {q.text}; the passage says {other.text}", key)
            )
    return findings


def _times_comparable(claim: Analysis, t: TimeRef, p: TimeRef, similarity: WordSimilarity) -> bool:
    """Whether two times date the same thing.

    "Their first meeting since May" does not date this meeting; it dates the one before, so it
    bears only on a claim about the last time they met, and only when the act is the same.
    In "the first meeting since the strike began in May", May dates the strike, not the meeting.
    """
    if t.kind != p.kind or t.future != p.future:
        return False
    if p.clause is not None:
        return any(_verbs_align(cp.verb, p.clause, similarity) for cp in claim.predicates)
    if p.since is None:
        return True
    if t.since is None and not claim.looks_back:
        return False
    acts = [t.since] if t.since else [cp.verb for cp in claim.predicates]
    return any(_verbs_align(act, p.since, similarity) for act in acts)


def _same_words(a: str, b: str) -> float:
    return 1.0 if a == b else 0.0


def check_times(
    claim: Analysis, passage: Analysis, similarity: WordSimilarity = _same_words
) -> list[Finding]:
    findings = []
    for t in claim.times:
        comparable = [p for p in passage.times if _times_comparable(claim, t, p, similarity)]
        if t.kind == "day":
            # "24 February" vs "February 15th": only a day in the same month disagrees.
            comparable = [p for p in comparable if p.value // 100 == t.value // 100]
        if not comparable:
            continue
        key = frozenset({f"@{t.text}"})
        if any(p.value == t.value for p in comparable):
            findings.append(Finding("date", +1, 0.5, f"the passage also says {t.text}", key))
        else:
            findings.append(
                Finding(
                    "date",
                    -1,
                    0.85 if t.kind in ("weekday", "day") else 0.75,
                    f"the claim says {_time_text(t)}; the passage says {_time_text(comparable[0])}",
                    key,
                    same_act=any(_same_act(claim, t, passage, p, similarity) for p in comparable),
                )
            )
    return findings


def _same_act(claim: Analysis, t: TimeRef, passage: Analysis, p: TimeRef, similarity: WordSimilarity) -> bool:
    """Whether two times date the same act by the same named doer. Not an act of speech: one
    person says things on many days."""
    if t.act is None or p.act is None or t.act in COMMUNICATION_VERBS:
        return False
    return any(
        cp.verb == t.act
        and pp.verb == p.act
        and cp.subject_is_name
        and _verbs_align(cp.verb, pp.verb, similarity)
        and _subjects_agree(cp, pp) is True
        for cp in claim.predicates
        for pp in passage.predicates
    )


def _time_text(t: TimeRef) -> str:
    if t.kind == "weekday":
        return WEEKDAYS[t.value].capitalize()
    if t.kind == "month":
        return MONTHS[t.value - 1].capitalize()
    return t.text


def _slots_match(a: tuple[str, str], b: tuple[str, str], similarity: WordSimilarity) -> bool:
    if a[0] != b[0]:
        return False
    return a[1] == b[1] or similarity(a[1], b[1]) >= 0.6


def check_substitutions(
    claim: Analysis,
    passage: Analysis,
    cover: Coverage,
    similarity: WordSimilarity,
    opposite: Callable[[str, str], bool] | None = None,
) -> list[Finding]:
    """A claim name or word the passage lacks, where the passage has another one in the same slot.

    Names can be swapped in any position ("in Oslo" / "in Helsinki"). Common words only as a
    modifier of the same noun ("golf coach" / "rugby coach"): a different head noun is
    far more often a paraphrase ("results" / "outcome") than a different fact. An adjective
    the lexicon lists as the opposite ("a tiny fine" / "a huge fine", "talks were tense" /
    "talks were relaxed") contradicts more strongly.
    """
    findings = []
    claim_keys = {t.key for t in claim.terms}
    for term in claim.terms:
        if cover.matched.get(term.key, 0.0) >= 0.75:
            continue
        if opposite is not None and term.kind == "word" and term.pos == "ADJ":
            flipped = _opposite_adjective(term, passage, opposite)
            if flipped is not None:
                findings.append(flipped)
                continue
        if term.kind == "word" and (
            term.pos not in ("NOUN", "ADJ") or term.slot[0] not in ("compound", "amod")
        ):
            continue
        for p in passage.terms:
            if p.kind != term.kind or p.key in claim_keys:
                continue
            if term.kind == "name" and any(names_match(p.key, k) for k in claim.names):
                continue
            if term.kind == "name" and (term.pos == "NORP") != (p.pos == "NORP"):
                continue  # "two Canadians" / "Jane Smith": she may well be one of them
            if term.kind == "name" and "TITLE" in (term.pos, p.pos):
                continue  # "the Mayor" / "Jane Smith": she may well be the mayor
            if term.kind == "word" and (p.slot != term.slot or p.pos != term.pos):
                continue
            if not _slots_match(term.slot, p.slot, similarity):
                continue
            strength = 0.8 if term.kind == "name" else COMPOUND_SWAP if term.slot[0] == "compound" else 0.45
            findings.append(
                Finding(
                    "entity",
                    -1,
                    strength,
                    f"the claim says {term.text}; the passage says {p.text}",
                    frozenset({term.key}),
                )
            )
            break
    return findings


def _opposite_adjective(
    term: Term, passage: Analysis, opposite: Callable[[str, str], bool]
) -> Finding | None:
    """The passage's adjective in the claim adjective's place (same noun, or said of the same
    verb) is its opposite."""
    if term.slot[0] not in ("amod", "acomp", "oprd", "attr"):
        return None
    for p in passage.terms:
        if p.kind == "word" and p.pos == "ADJ" and p.slot == term.slot and opposite(term.key, p.key):
            return Finding(
                "antonym",
                -1,
                0.8,
                f"the claim says {term.text}; the passage says {p.text}",
                frozenset({term.key}),
            )
    return None


def _verbs_align(a: str, b: str, similarity: WordSimilarity) -> bool:
    if a == b or (a in COMMUNICATION_VERBS and b in COMMUNICATION_VERBS):
        return True
    return similarity(a, b) >= 0.7


def _subjects_agree(a: Predicate, b: Predicate) -> bool | None:
    """True same doer, False a different one, None unknown (pronoun or missing)."""
    if a.subject is None or b.subject is None:
        return None
    if a.subject_is_name and b.subject_is_name:
        return any(
            names_match(x, y) for x in (a.subject, *a.co_subjects) for y in (b.subject, *b.co_subjects)
        )
    if a.subject_is_name != b.subject_is_name:
        return None
    return a.subject == b.subject


def role_key(predicate: Predicate) -> str:
    """'smith>resign': who did what, comparable across passages."""
    return f"{predicate.subject}>{predicate.verb}"


def is_speech_role(key: str) -> bool:
    """Whether a role_key is someone saying something: many people say the same thing, while
    only one person resigns a given post."""
    return key.partition(">")[2] in COMMUNICATION_VERBS


def stated_roles(claim: Analysis, passage: Analysis, similarity: WordSimilarity) -> frozenset[str]:
    """The claim's doer-and-act pairs that the passage itself states ("Smith resigned"). Only
    named doers: no other kind of doer is ever disputed as a role swap."""
    return frozenset(
        role_key(cp)
        for cp in claim.predicates
        if cp.subject_is_name
        for pp in passage.predicates
        if _subjects_agree(cp, pp) is True and _verbs_align(cp.verb, pp.verb, similarity)
    )


def check_predicates(
    claim: Analysis,
    passage: Analysis,
    similarity: WordSimilarity,
    opposite: Callable[[str, str], bool] | None = None,
    cover: Coverage | None = None,
) -> list[Finding]:
    """Who did what (role swaps), negation and antonyms on predicates that line up.

    `opposite` adds antonyms from a lexicon to the built-in list. With `cover`, two people
    saying what is all of the rest of the claim is a swap of who said it.
    """
    findings = []
    for cp in claim.predicates:
        said_same = (
            cover is not None
            and cp.subject is not None
            and cp.verb in COMMUNICATION_VERBS
            and cover.without(frozenset({cp.subject})) >= SAID_SAME
            # "The ministry said Smith told them that...": the claimed speaker speaks here too.
            and not any(
                _subjects_agree(cp, pp) is True and pp.verb in COMMUNICATION_VERBS
                for pp in passage.predicates
            )
        )
        # "Smith said the ministry had commented": Smith, speaking in the passage, is no swap.
        claim_speakers = [c for c in claim.predicates if c.verb in COMMUNICATION_VERBS and c is not cp]
        for pp in passage.predicates:
            antonym = pp.verb in ANTONYMS.get(cp.verb, frozenset()) or (
                opposite is not None and opposite(cp.verb, pp.verb)
            )
            if not antonym and not _verbs_align(cp.verb, pp.verb, similarity):
                continue
            agree = _subjects_agree(cp, pp)
            objects_overlap = bool(set(cp.objects) & set(pp.objects))
            # Two people saying things is not a swap; two people saying the same thing may be.
            # "A told B" vs "B told A": the claimed doer is on the receiving end.
            crossed = cp.subject is not None and any(names_match(cp.subject, o) for o in pp.objects)
            # ...or the passage's doer is the one the claim says was acted on.
            reversed_roles = pp.subject is not None and any(names_match(pp.subject, o) for o in cp.objects)
            same_act = (
                objects_overlap
                or crossed
                or reversed_roles
                or (cp.verb == pp.verb and cp.verb not in COMMUNICATION_VERBS)
                or (said_same and pp.verb in COMMUNICATION_VERBS)
            )
            if pp.verb in COMMUNICATION_VERBS and any(_subjects_agree(c, pp) is True for c in claim_speakers):
                same_act = False  # the passage's speaker is the claim's reporter
            if cp.verb in RECIPROCAL_VERBS and (crossed or reversed_roles):
                same_act = False  # "A spoke with B": B spoke too, with A

            # Who was urged to act is not who acted: "pressed Smith to resign" is no swap for
            # "Jones resigned".
            same_mood = cp.unreal == pp.unreal
            if (
                agree is False
                and cp.subject_is_name
                and pp.subject_is_name
                and same_act
                and same_mood
                and not antonym
                # "Smith did not resign" names no doer to swap: "Jones resigned" is no answer.
                and not (cp.negated or pp.negated)
            ):
                findings.append(
                    Finding(
                        "role",
                        -1,
                        0.75,
                        f"the claim says {cp.subject_text or cp.subject} {cp.text}; "
                        f"the passage says it was {pp.subject_text or pp.subject}",
                        frozenset({cp.subject or ""}),
                        role_key(cp),
                    )
                )
                continue
            if agree is False:
                continue
            if agree is True and cp.verb == pp.verb and cp.negated == pp.negated and not antonym:
                findings.append(Finding("role", +1, 0.4, f"{pp.subject_text} {pp.text}", frozenset()))
            related = agree is True or objects_overlap
            # The same verb with its doer unknown (a passive, a pronoun): negation still counts,
            # a little less, since the scorer only weighs it when the rest of the claim is there.
            loosely = agree is None and cp.verb == pp.verb and not antonym
            # "Smith told reporters..." against "Smith declined to say...": the same person
            # reporting and refusing to, whatever the verb of speech.
            speech = agree is True and cp.verb in COMMUNICATION_VERBS and pp.verb in COMMUNICATION_VERBS
            if (not related and not loosely) or not same_mood:
                continue
            if antonym and cp.negated == pp.negated:
                findings.append(
                    Finding(
                        "antonym",
                        -1,
                        0.8,
                        f"the claim says {cp.text}; the passage says {pp.text}",
                        frozenset({cp.verb}),
                    )
                )
            elif not antonym and cp.negated != pp.negated and (cp.verb == pp.verb or speech):
                said, denied = (pp.text, "not " + cp.text) if cp.negated else (cp.text, "not " + pp.text)
                findings.append(
                    Finding(
                        "negation",
                        -1,
                        0.75 if related else 0.6,
                        f"the claim says {denied if cp.negated else said}; "
                        f"the passage says {said if cp.negated else denied}",
                        frozenset({cp.verb}),
                    )
                )
    return findings


# Quotes shorter than this are too short to tell a misquote from a different remark.
MIN_QUOTE_WORDS = 3


def check_quotes(claim: Analysis, passage: Analysis) -> list[Finding]:
    """A quote in the claim that the passage has word for word supports it; the same quote with
    one content word changed ("in the coming weeks" / "in the coming days") is a misquote."""
    findings = []
    words = passage.words
    for quote in claim.quoted:
        n = len(quote)
        if n < MIN_QUOTE_WORDS or len(words) < n:
            continue
        best, at = max(
            (sum(q[1] == w[1] for q, w in zip(quote, words[i : i + n], strict=True)), i)
            for i in range(len(words) - n + 1)
        )
        window = words[at : at + n]
        said = " ".join(w[0] for w in window)
        if best == n:
            findings.append(Finding("quote", +1, 0.5, f'the passage also says "{said}"'))
            continue
        if best != n - 1:
            continue
        k = next(i for i in range(n) if quote[i][1] != window[i][1])
        if quote[k][0] in STOP_WORDS or window[k][0] in STOP_WORDS or not quote[k][0].isalpha():
            continue  # "a" for "the" is no misquote
        quoted = " ".join(q[0] for q in quote)
        findings.append(
            Finding(
                "quote",
                -1,
                0.8,
                f'the claim quotes "{quoted}"; the passage says "{said}"',
                frozenset({quote[k][1]}),
            )
        )
    return findings


def check_quoted_words(claim: Analysis, passage: Analysis, similarity: WordSimilarity) -> list[Finding]:
    """A word the claim puts in quotation marks ('pressed them to "consider" it') where the
    passage has another word in its place ('pressed them to accept it'): a quote is a claim
    about the words used, so a paraphrase of it is a misquote. (Longer quotes: `check_quotes`.)"""
    if not claim.quoted:
        return []
    findings = []
    said = {lemma for _, lemma in passage.words}
    for quote in claim.quoted:
        if len(quote) >= MIN_QUOTE_WORDS:
            continue
        for _, lemma in quote:
            if lemma in said or lemma in STOP_WORDS:
                continue
            term = next((t for t in claim.terms if t.kind == "word" and t.key == lemma), None)
            if term is None:
                continue
            other = next(
                (
                    p
                    for p in passage.terms
                    if p.kind == "word"
                    and p.pos == term.pos
                    and p.key != term.key
                    and _slots_match(term.slot, p.slot, similarity)
                ),
                None,
            )
            if other is not None:
                findings.append(
                    Finding(
                        "quote",
                        -1,
                        0.75,
                        f'the claim quotes "{term.text}"; the passage says "{other.text}"',
                        frozenset({term.key}),
                    )
                )
    return findings


def check_denied_alternatives(
    claim: Analysis, passage: Analysis, same_name: NameMatch = names_match
) -> list[Finding]:
    """'Smith, not Jones, approved the budget' against a passage that names Jones and not Smith:
    the passage gives the denied one the claim's role."""
    names = [p.key for p in passage.terms if p.kind == "name"]
    # Jones as a party to the act, not as a modifier ("Jones's reply", "the Jones plan").
    parties = [p.key for p in passage.terms if p.kind == "name" and p.slot[0] not in ("poss", "compound")]
    findings = []
    for alt in claim.alternatives:
        given_to_denied = any(same_name(alt.denied, n) for n in parties)
        if given_to_denied and not any(same_name(alt.asserted, n) for n in names):
            findings.append(
                Finding(
                    "entity",
                    -1,
                    0.75,
                    f"the claim says {alt.asserted_text}, not {alt.denied_text}; "
                    f"the passage says {alt.denied_text}",
                    frozenset({alt.asserted}),
                )
            )
    return findings


# Verbs too general to say which act is meant ("came", "went on to"), and how close two verbs
# must be to name the same act.
VAGUE_VERBS = LIGHT_VERBS | {"come", "go", "happen", "get"}
SAME_ACT = 0.8


def check_done_or_planned(claim: Analysis, passage: Analysis, similarity: WordSimilarity) -> list[Finding]:
    """'Moscow had already proposed a date' against 'Moscow will propose a date': the claim
    reports as done what the passage says is still to come."""
    findings = []
    for cp in claim.predicates:
        if not cp.done or cp.negated or cp.verb in COMMUNICATION_VERBS or cp.verb in VAGUE_VERBS:
            continue
        for pp in passage.predicates:
            if not pp.planned or pp.negated:
                continue
            # The same act, not merely a related one: "came" is not "will happen".
            if cp.verb != pp.verb and similarity(cp.verb, pp.verb) < SAME_ACT:
                continue
            if _subjects_agree(cp, pp) is False:
                continue
            findings.append(
                Finding(
                    "certainty",
                    -1,
                    0.65,
                    f"the claim says it was done ({cp.text}); "
                    f"the passage says it is still to come ({pp.text})",
                    frozenset({cp.verb}),
                    same_act=bool(set(cp.objects) & set(pp.objects)),
                )
            )
            break
    return findings


# A passage with any of these words may be saying, in its own way, that something did not happen.
_DENIAL_CUES = NEGATORS | REFUSAL_VERBS | ABSENCE_NOUNS | DOUBTFUL


def _denies_anything(passage: Analysis) -> bool:
    return (
        any(p.negated for p in passage.predicates)
        or any(t.negated for t in passage.terms)
        or any(lower in _DENIAL_CUES or lemma in _DENIAL_CUES for lower, lemma in passage.words)
    )


def _verb_term(verb: str) -> Term:
    return Term(verb, verb, "word", "VERB", ("ROOT", verb), 1.0)


def check_denied_acts(
    claim: Analysis, passage: Analysis, cover: Coverage, similarity: WordSimilarity = _same_words
) -> list[Finding]:
    """'The budget did not come up at the meeting' against 'they discussed the budget': a claim
    that something did not happen, where the passage reports the rest of it and denies nothing.

    The passage must report the act itself as done (the verb or a near-synonym; "pressed them to
    accept" is no acceptance); the scorer weighs the finding by how much of the rest of the claim
    the passage has.
    """
    done = tuple(_verb_term(pp.verb) for pp in passage.predicates if not pp.unreal)
    denied = [
        cp
        for cp in claim.predicates
        if cp.negated
        and not cp.unreal
        # "did not claim a breakthrough" is not answered by what else was said
        and cp.verb not in COMMUNICATION_VERBS
        and cover.matched.get(cp.verb, 0.0) >= DENIED_ACT_MATCH
        # reported as done, not only urged: "pressed them to accept" says nothing of acceptance
        and term_match(_verb_term(cp.verb), done, similarity) >= DENIED_ACT_MATCH
    ]
    if not denied or _denies_anything(passage):
        return []
    return [
        Finding(
            "negation",
            -1,
            DENIED_ACT,
            f"the claim says {cp.subject_text + ' ' if cp.subject_text else ''}did not {cp.verb}; "
            "the passage reports it without any denial",
            frozenset({cp.verb}),
        )
        for cp in denied[:1]
    ]


def check_denied_nouns(claim: Analysis, passage: Analysis, similarity: WordSimilarity) -> list[Finding]:
    """'Relations are in no need of repair' against 'relations are in need of repair': the same
    noun, said to be there in one and not in the other."""
    if not any(t.negated for t in claim.terms) and not any(p.negated for p in passage.terms):
        return []  # the common case, decided without comparing words
    findings = []
    for term in claim.terms:
        if term.kind != "word" or term.pos != "NOUN":
            continue
        same = tuple(p for p in passage.terms if p.negated == term.negated)
        other = tuple(p for p in passage.terms if p.negated != term.negated)
        if term_match(term, other, similarity) >= 0.75 and term_match(term, same, similarity) < 0.75:
            said, denied = (f"no {term.text}", term.text) if term.negated else (term.text, f"no {term.text}")
            findings.append(
                Finding(
                    "negation",
                    -1,
                    0.75,
                    f"the claim says {said}; the passage says {denied}",
                    frozenset({term.key}),
                )
            )
    return findings


# Two descriptions of one person agree when any of their words are this close ('reporter' ~
# 'journalist' 0.79, 'nurse' ~ 'doctor' 0.61); 'journalist' / 'executive' is 0.31.
DESCRIPTOR_AGREE = 0.45
DESCRIPTOR_SWAP = 0.6


def descriptors_agree(a: Descriptor, b: Descriptor, similarity: WordSimilarity) -> bool:
    return any(x == y or similarity(x, y) >= DESCRIPTOR_AGREE for x in a.words for y in b.words)


def confirmed_descriptors(
    claim: Analysis, passages: Sequence[Analysis], similarity: WordSimilarity
) -> frozenset[str]:
    """The claim's descriptions of people that some passage gives them too: one person is often
    several things ('a former soldier', 'a security executive'), so another passage's other
    description of them is no contradiction."""
    return frozenset(
        cd.head
        for cd in claim.descriptors
        if any(
            names_match(cd.name, pd.name) and descriptors_agree(cd, pd, similarity)
            for passage in passages
            for pd in passage.descriptors
        )
    )


def check_descriptors(
    claim: Analysis,
    passage: Analysis,
    cover: Coverage,
    similarity: WordSimilarity,
    names_a_person: Callable[[str], bool],
    confirmed: frozenset[str] = frozenset(),
) -> list[Finding]:
    """'journalist Jane Smith' against 'Jane Smith, a corporate lawyer': the passage calls the
    same person a different kind of person, and no passage calls them what the claim does.
    Only nouns for people count: 'Smith was part of the deal' describes no one."""
    findings = []
    for cd in claim.descriptors:
        if cd.head in confirmed or cover.matched.get(cd.head, 0.0) >= 0.75 or not names_a_person(cd.head):
            continue
        others = [
            pd for pd in passage.descriptors if names_match(cd.name, pd.name) and names_a_person(pd.head)
        ]
        if not others or any(descriptors_agree(cd, pd, similarity) for pd in others):
            continue
        findings.append(
            Finding(
                "entity",
                -1,
                DESCRIPTOR_SWAP,
                f"the claim calls {cd.name_text} {cd.text}; the passage calls them {others[0].text}",
                frozenset(cd.words),
            )
        )
    return findings


def check_certainty(
    claim: Analysis,
    passage: Analysis,
    cover: Coverage | None = None,
    similarity: WordSimilarity = _same_words,
) -> list[Finding]:
    """A claim presented as certain or as fact where the passage doubts it or says it only could be."""
    if claim.certainty and passage.certainty and claim.certainty != passage.certainty:
        word = {"high": "certain", "low": "unlikely"}
        return [
            Finding(
                "certainty",
                -1,
                0.6,
                f"the claim presents it as {word[claim.certainty]}; the passage as {word[passage.certainty]}",
            )
        ]
    if cover is not None and claim.asserted and _only_possible(claim, passage, cover, similarity):
        reason = "the claim states it as fact; the passage says only that it could be"
        return [Finding("certainty", -1, 0.6, reason)]
    return []


def _only_possible(claim: Analysis, passage: Analysis, cover: Coverage, similarity: WordSimilarity) -> bool:
    """Whether most of the claim's words the passage has are in a clause it states as possible only."""
    if not any(t.possible for t in passage.terms):
        return False
    stated = tuple(t for t in passage.terms if not t.possible)
    covered = [t for t in claim.terms if t.kind == "word" and cover.matched.get(t.key, 0.0) >= 0.75]
    possible_only = [t for t in covered if term_match(t, stated, similarity) < 0.75]
    weight = sum(cover.weights[t.key] for t in covered)
    return weight > 0 and sum(cover.weights[t.key] for t in possible_only) >= 0.5 * weight
