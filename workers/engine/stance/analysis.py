"""Turn a parsed sentence into the facts the stance checks compare.

A claim and each passage are reduced to plain dataclasses: content terms with the syntactic slot
they fill, names, quantities with units, dates and weekdays, and predicates (who did what, negated
or not). They are computed once per passage at index time and pickled with the index.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from workers.engine.stance.lexicon import (
    ABSENCE_NOUNS,
    APPROXIMATORS,
    BOUND_PHRASES,
    CERTAIN,
    COMMUNICATION_VERBS,
    DOUBT_PHRASES,
    DOUBTFUL,
    EMPTY_OBJECTS,
    EXACT_WORDS,
    HEDGES,
    INTENT_WORDS,
    LESS_WORDS,
    LIGHT_VERBS,
    LONG_DURATIONS,
    LOOKING_BACK,
    MODALS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    MORE_WORDS,
    NEGATORS,
    NUMBER_WORDS,
    OFFICE_TITLES,
    ORDINAL_WORDS,
    POSSIBILITY_MODALS,
    PRONOUN_DETERMINERS,
    REFUSAL_VERBS,
    RELATIVE_TIME_WORDS,
    SHORT_DURATIONS,
    SUM_VERBS,
    SUM_WORDS,
    SUMMING_WORDS,
    UNIT_ALIASES,
    WEEKDAYS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "i"})
# A clause governed by another verb: reported speech, a reason, a purpose, a second act.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "xcomp", "conj"})
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_ORDINAL_DIGITS = re.compile(r"^(\d{1,2})(st|nd|rd|th)$")
_DECADE = re.compile(r"^(\d{3})0s$")
CURRENCY_SIGNS = frozenset({"$", "€", "£", "¥"})
Slot = tuple[str, str]  # (relation, anchor lemma): "prep:in"/"conference", "nsubj"/"hold"


@dataclass(frozen=True)
class Term:
    text: str
    key: str  # lower-case lemma for words; normalised full name for names
    kind: str  # "word" or "name"
    # for names: "NORP" for a nationality or group, "TITLE" for an office ("the Foreign
    # Minister", which may be anyone's), else "PROPN"
    pos: str
    slot: Slot
    weight: float  # relative importance before corpus rarity (names matter more)
    possible: bool = False  # in a clause stated as possible only ("could face ten years")
    negated: bool = False  # a noun said not to exist: "no need", "without warning"


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # normalised unit ("minute", "year", "percent", "dollar") or a counted noun
    group: str  # units comparable with each other ("short_duration", "long_duration", unit)
    text: str
    approximate: bool
    # An offset from another time ("two days before", "a year ago"), not a measured amount.
    relative: bool = False
    # A difference between two amounts ("nine years longer than", "two metres more"), which an
    # amount stated elsewhere neither confirms nor contradicts without arithmetic.
    difference: bool = False
    # "less than half an hour" ("upper"), "more than 20 minutes" ("lower"): any amount on the
    # right side of it agrees.
    bound: str | None = None
    # A sum of several amounts ("terms that add up to 41 years", "together they earned $40
    # million"), which no single amount stated elsewhere confirms or contradicts.
    total: bool = False
    # "exactly 25 minutes", "precisely": the claim insists on the figure, which "about" does not give.
    exact: bool = False


@dataclass(frozen=True)
class TimeRef:
    kind: str  # "weekday", "month", "year", "day" (value = month * 100 + day)
    value: int
    text: str
    # The act whose period the time starts ("not spoken since May" -> "speak"): such a time
    # dates the previous occurrence, not the one the sentence reports.
    since: str | None = None
    # The act of a "since" clause the time dates ("met, for the first time since the war began
    # in May" -> "begin"), which is not the act the sentence reports.
    clause: str | None = None
    # The verb the time hangs from ("resigned on Monday" -> "resign"): the act it dates.
    act: str | None = None
    # The act is to come ("will meet on Monday", "agreed to meet in May"): a week day then names
    # the next one, not the last, and a time of a past act does not contradict it.
    future: bool = False


@dataclass(frozen=True)
class Predicate:
    verb: str  # lemma
    subject: str | None  # name key or noun lemma; None when a pronoun or absent
    subject_is_name: bool
    objects: tuple[str, ...]
    negated: bool
    certainty: str | None  # "high", "low" or None
    text: str
    co_subjects: tuple[str, ...] = ()  # names joined to the subject: "Smith and Jones met"
    subject_text: str = ""  # the subject as written, for explanations: "Jane Smith", "the council"
    # Urged, wanted or planned ("pressed them to accept"), not reported as done.
    unreal: bool = False
    # Reported as done ("had proposed", "was carried out"), or as only to come ("will propose",
    # "is willing to exchange", "plans to").
    done: bool = False
    planned: bool = False


@dataclass(frozen=True)
class Comparison:
    """'A's sentence is nine years longer than B's': two named parties' amounts compared. Each
    amount is usually stated in a different sentence, so it is checked across passages."""

    left: str  # name key of the party said to have the larger (direction +1) or smaller amount
    right: str
    left_text: str  # the names as written, for explanations
    right_text: str
    direction: int  # +1 left's amount is the larger, -1 the smaller
    text: str  # "nine years longer", "three times as long", "longer"
    factor: float | None = None  # "three times as long as"
    at_least: bool = False  # "more than three times as long"
    difference: Quantity | None = None  # "nine years longer than"


@dataclass(frozen=True)
class Timing:
    """'X happened the day after Y': two events and the days between them. Each event is usually
    dated in a different sentence, so it is checked across passages."""

    first: frozenset[str]  # term keys of the event the sentence reports (X)
    second: frozenset[str]  # term keys of the event it is timed against (Y)
    # X's day minus Y's: 1 "the day after", -2 "two days before", 0 "the same day"; None when
    # only the order is said ("X came before Y").
    days: int | None
    order: int  # +1 X after Y, -1 X before Y, 0 the same day
    text: str  # "the day after", "before"


@dataclass(frozen=True)
class Descriptor:
    """What a sentence calls someone it names: 'journalist Jane Smith', 'Jane Smith, a corporate
    lawyer', 'Smith is a nurse'."""

    name: str  # name key
    name_text: str
    head: str  # the descriptive noun's lemma: 'journalist', 'lawyer'
    words: frozenset[str]  # the head and its modifiers: {'corporate', 'lawyer'}
    text: str  # as written: 'corporate lawyer'


@dataclass(frozen=True)
class Alternative:
    """'Smith, not Jones, resigned': the name the claim asserts and the one it denies."""

    asserted: str  # name keys
    denied: str
    asserted_text: str
    denied_text: str


@dataclass(frozen=True)
class Analysis:
    terms: tuple[Term, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeRef, ...] = ()
    predicates: tuple[Predicate, ...] = ()
    hedged: bool = False
    certainty: str | None = None
    names: tuple[str, ...] = field(default=())
    looks_back: bool = False  # "the last time", "previously": about an earlier occurrence
    # The main clause is stated as done or true: no modal ("could", "will"), negation, hedge or doubt.
    asserted: bool = False
    # The sentence's words as (lower case, lemma), punctuation left out, and the runs of them it
    # puts in quotation marks: a quote is checked word for word.
    words: tuple[tuple[str, str], ...] = ()
    quoted: tuple[tuple[tuple[str, str], ...], ...] = ()
    comparison: Comparison | None = None
    timing: Timing | None = None
    descriptors: tuple[Descriptor, ...] = ()
    # The denied name is not part of what the claim asserts, and a passage that gives it the
    # claim's role refutes it.
    alternatives: tuple[Alternative, ...] = ()


def _display_name(text: str) -> str:
    """'Canada's' -> 'Canada': the name as an explanation should show it."""
    return re.sub(r"['’]s?$", "", text.strip())


def name_key(text: str) -> str:
    """'the U.S.' -> 'us', "Canada's" -> 'canada'."""
    text = text.lower().replace("’", "'").replace(".", "")
    text = re.sub(r"'s$|'$", "", text.strip())
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _same_word(a: str, b: str) -> bool:
    """Equal, or one a derived form of the other ('canada' ~ 'canadian', 'norway' ~ 'norwegian')."""
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) < 4:
        return False
    common = 0
    for x, y in zip(shorter, longer, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(4, int(0.7 * len(shorter))) and len(longer) - common <= 4


# Every claim name is compared with every name of every candidate passage and its document.
@functools.lru_cache(maxsize=200_000)
def names_match(a: str, b: str) -> bool:
    """Same name, a part of it ('smith' in 'jane smith'), a derived form ('canada' ~ 'canadian'),
    or its initials ('us' ~ 'united states')."""
    if a == b:
        return True
    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if all(any(_same_word(x, y) for y in long_) for x in short):
        return True
    initials_a = "".join(w[0] for w in ta)
    initials_b = "".join(w[0] for w in tb)
    return (len(ta) == 1 and len(tb) > 1 and ta[0] == initials_b) or (
        len(tb) == 1 and len(ta) > 1 and tb[0] == initials_a
    )


def slot_of(token: Token) -> Slot:
    """The syntactic position of a word: its relation and the word it hangs from."""
    dep, head = token.dep_, token.head
    if dep == "pobj" and head.dep_ in ("prep", "agent"):
        relation = "nsubj" if head.dep_ == "agent" else f"prep:{head.lower_}"
        return relation, head.head.lemma_.lower()
    if dep in ("conj", "appos") and head is not token:
        return slot_of(head)
    if dep == "nsubjpass":
        return "dobj", head.lemma_.lower()
    return dep, head.lemma_.lower()


def analyze(doc: Doc | Span) -> Analysis:
    tokens = list(doc)
    name_spans = _name_spans(doc)
    in_name = {t.i for span in name_spans for t in span}
    times, time_tokens = _times(tokens)
    quantities, number_tokens = _quantities(tokens, time_tokens)

    possible = _possible_tokens(tokens)
    denied, alternatives, asserted_for = _denied_alternatives(tokens, name_spans)
    terms: list[Term] = []
    term_tokens: dict[str, set[int]] = {}  # where each term is: a timing splits the claim in two
    for span in name_spans:
        if any(t.i in time_tokens or t.i in denied for t in span):
            continue
        root = span.root
        # A nationality or group ("Canadians") names a class of people, not one of them.
        kind_of_name = "NORP" if root.ent_type_ == "NORP" else "TITLE" if _is_title(span) else "PROPN"
        for part in _name_parts(span.text):
            terms.append(Term(part, name_key(part), "name", kind_of_name, slot_of(root), 1.5))
            term_tokens.setdefault(name_key(part), set()).update(t.i for t in span)
    for t in tokens:
        if t.i in in_name or t.i in time_tokens or t.i in number_tokens or t.i in denied:
            continue
        lemma = t.lemma_.lower()
        if t.pos_ not in CONTENT_POS or t.is_stop or not t.is_alpha or lemma in HEDGES:
            continue
        if lemma in NEGATORS or lemma in CERTAIN or lemma in DOUBTFUL or lemma in APPROXIMATORS:
            continue
        if t.pos_ == "VERB" and lemma in LIGHT_VERBS:
            continue
        if t.dep_ == "dobj" and (t.head.lemma_.lower(), lemma) in EMPTY_OBJECTS:
            continue
        weight = 0.35 if lemma in COMMUNICATION_VERBS else 1.0
        if t.dep_ in ("compound", "amod") and t.head.pos_ in ("NOUN", "PROPN"):
            weight *= 0.6  # "bus ticket": the head carries the meaning
        terms.append(
            Term(t.text, lemma, "word", t.pos_, slot_of(t), weight, t.i in possible, _is_denied_noun(t))
        )
        term_tokens.setdefault(lemma, set()).add(t.i)

    lowered = {t.lower_ for t in tokens}
    doubting = bool({t.lemma_.lower() for t in tokens} & DOUBTFUL) or any(
        (t.lemma_.lower(), c.lower_) in DOUBT_PHRASES
        for t in tokens
        for c in t.children
        if c.dep_ in ("prt", "dobj")
    )
    certainty = "high" if lowered & CERTAIN else "low" if doubting else None
    # Main clauses, and clauses set beside them ("X has not been sentenced; she is on trial").
    clauses = [
        t for t in tokens if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj", "ccomp", "parataxis")
    ]
    asserted = (
        bool(clauses)
        and not doubting
        and not lowered & HEDGES
        and not any(c.dep_ == "aux" and c.lower_ in MODALS for v in clauses for c in v.children)
        # "has not been sentenced" is consistent with "could face a sentence"
        and not any(_is_negated(v) for v in clauses)
    )
    return Analysis(
        terms=tuple(terms),
        quantities=tuple(quantities),
        times=tuple(times),
        predicates=tuple(_predicates(tokens, in_name, name_spans, asserted_for)),
        hedged=bool(lowered & HEDGES),
        certainty=certainty,
        names=tuple(dict.fromkeys(t.key for t in terms if t.kind == "name")),
        looks_back=bool(lowered & LOOKING_BACK),
        asserted=asserted,
        words=tuple(_word(t) for t in tokens if _is_word(t)),
        quoted=_quoted(tokens),
        comparison=_comparison(tokens, name_spans, quantities),
        timing=_timing(tokens, term_tokens),
        descriptors=_descriptors(name_spans),
        alternatives=alternatives,
    )


# "rather than Jones", "instead of Jones", ", not Jones": what follows is denied, not asserted.
_DENYING_MARKERS = (("rather", "than"), ("instead", "of"), (",", "not"))
_DENIED_SPAN_ENDS = frozenset({",", ";", ".", ":", ")", "who", "that", "which"})
MAX_DENIED_WORDS = 8


def _denied_alternatives(
    tokens: list[Token], name_spans: list[Span]
) -> tuple[set[int], tuple[Alternative, ...], dict[int, Token]]:
    """Tokens of the alternatives a claim denies ('Smith, rather than Jones, resigned'), the
    (asserted, denied) name pairs, and for each denied token the asserted name's root (the
    parser may hang 'that resigned' on Jones)."""
    denied: set[int] = set()
    pairs: list[Alternative] = []
    asserted_for: dict[int, Token] = {}
    doc = tokens[0].doc if tokens else None
    for k in range(len(tokens) - 1):
        marker = (tokens[k].lower_, tokens[k + 1].lower_)
        if marker not in _DENYING_MARKERS:
            continue
        span: list[int] = []
        for t in tokens[k + 2 : k + 2 + MAX_DENIED_WORDS]:
            if t.lower_ in _DENIED_SPAN_ENDS:
                break
            span.append(t.i)
        # Only a name set against a name ("Smith, not Jones", "from Oslo rather than from
        # Bergen"): a denied phrase ("rather than in public") is still something the claim says.
        denied_names = [n for n in name_spans if n.start in span]
        if doc is None or len(denied_names) != 1:
            continue
        inside = range(denied_names[0].start, denied_names[0].end)
        if any(i not in inside and doc[i].pos_ not in ("DET", "ADP") for i in span):
            continue
        # The asserted name ends where the marker starts, or before the comma ahead of it.
        end = tokens[k].i
        if marker[0] != "," and k > 0 and tokens[k - 1].text == ",":
            end -= 1
        asserted = next((n for n in name_spans if n.end == end), None)
        if asserted is None:
            continue
        denied.update((*span, tokens[k].i, tokens[k + 1].i))
        a_text, d_text = _display_name(asserted.text), _display_name(denied_names[0].text)
        pairs.append(Alternative(name_key(a_text), name_key(d_text), a_text, d_text))
        asserted_for.update({i: asserted.root for i in span})
    return denied, tuple(pairs), asserted_for


def _descriptors(name_spans: list[Span]) -> tuple[Descriptor, ...]:
    """The common nouns a sentence puts beside a person's or body's name to say what it is."""
    found = []
    for span in name_spans:
        if _is_title(span) or span.root.ent_type_ == "NORP":
            continue
        root = span.root
        nouns = [c for c in root.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < span.start]
        nouns += [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            nouns.append(root.head)
        # "a lawyer, Jane Smith and a nurse, Paul Brown": spaCy may hang the second pair wrongly,
        # but the noun written just before the name's comma still describes it.
        before = span.doc[span.start - 2 : span.start] if span.start >= 2 else None
        if root.dep_ == "appos" and before is not None and before[1].text == "," and before[0].pos_ == "NOUN":
            nouns.append(before[0])
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":
            nouns += [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        name_text = _display_name(span.text)
        for noun in dict.fromkeys(nouns):
            modifiers = [
                c for c in noun.children if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "ADJ")
            ]
            shown = sorted([noun, *modifiers], key=lambda t: t.i)
            found.append(
                Descriptor(
                    name_key(name_text),
                    name_text,
                    noun.lemma_.lower(),
                    frozenset(t.lemma_.lower() for t in shown),
                    " ".join(t.text for t in shown),
                )
            )
    return tuple(found)


COMPARATIVES = MORE_WORDS | LESS_WORDS
FACTOR_WORDS = {"twice": 2.0, "thrice": 3.0, "half": 0.5}
FREQUENCY_WORDS = frozenset({"once", "twice", "thrice"})


def _comparison(tokens: list[Token], name_spans: list[Span], quantities: list[Quantity]) -> Comparison | None:
    """'A's term is nine years longer than B's', 'A serves a longer term than B', 'A's term is
    three times as long as B's'. The party named nearest before the comparative is compared with
    the first named after 'than' / 'as'."""
    pivot, marker, factor, at_least, direction = None, None, None, False, 0
    for k, t in enumerate(tokens):
        low = t.lower_
        # "three times as long as": the number before "times", then "as <adjective> as"; or
        # "twice as long as".
        if low in ("times", *FACTOR_WORDS) and k + 3 < len(tokens) and tokens[k + 1].lower_ == "as":
            first = k if low in FACTOR_WORDS else k - 1
            value = FACTOR_WORDS.get(low) or (_number_value(tokens[first]) if first >= 0 else None)
            # "one and a half times as long"
            if low == "times" and k >= 4 and [x.lower_ for x in tokens[k - 3 : k]] == ["and", "a", "half"]:
                first = k - 4
                whole = _number_value(tokens[first])
                value = whole + 0.5 if whole is not None else None
            closing = next(
                (j for j in range(k + 2, min(k + 5, len(tokens))) if tokens[j].lower_ == "as"), None
            )
            if closing is not None and value is not None and value != 1:
                pivot, marker, factor, direction = closing, first, value, 1
                at_least = first >= 2 and (tokens[first - 2].lower_, tokens[first - 1].lower_) == (
                    "more",
                    "than",
                )
                break
        if low == "than" and k > 0:
            comparative = next(
                (j for j in range(k - 1, max(-1, k - 5), -1) if tokens[j].lower_ in COMPARATIVES),
                None,
            )
            # "more than three times as long", "more than a week": "than" belongs to an amount,
            # not a comparison of two parties.
            if (
                comparative is None
                or k + 1 >= len(tokens)
                or _number_value(tokens[k + 1]) is not None
                or _article_count(tokens[k + 1]) is not None
            ):
                continue
            pivot, marker = k, comparative
            direction = 1 if tokens[comparative].lower_ in MORE_WORDS else -1
            break
    if pivot is None or marker is None:
        return None
    offset = tokens[0].i
    named = [s for s in name_spans if s.root.ent_type_ != "NORP" and not _is_title(s)]
    before = [s for s in named if s.end - offset <= marker]
    after = [s for s in named if s.start - offset > pivot]
    if not before or not after or {t.lower_ for t in tokens[pivot + 1 :]} & SUM_WORDS:
        return None
    # The compared party belongs to the comparative's own clause: in "Smith said the plan costs
    # more than Jones promised", Smith is the speaker.
    if _clause_verb(before[-1].root) != _clause_verb(tokens[marker]):
        return None
    difference = next((q for q in quantities if q.difference), None)
    if difference is not None:
        text = f"{difference.text} {tokens[marker].text}"
    elif factor is not None:
        text = ("more than " if at_least else "") + " ".join(t.text for t in tokens[marker:pivot])
    else:
        text = tokens[marker].text
    left, right = _display_name(before[-1].text), _display_name(after[0].text)
    return Comparison(
        left=name_key(left),
        right=name_key(right),
        left_text=left,
        right_text=right,
        direction=direction,
        text=text,
        factor=factor,
        at_least=at_least,
        difference=difference,
    )


def _clause_verb(token: Token) -> int | None:
    return next((a.i for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)


def _timing(tokens: list[Token], term_tokens: dict[str, set[int]]) -> Timing | None:
    """'X came the day after Y', 'One day before Y, X', 'X on the same day Y', 'X on the day of Y',
    'X came before Y'. Y runs from the relation to the next comma or the end; X is the rest."""
    n = len(tokens)
    relation = _day_relation(tokens) or _order_relation(tokens)
    if relation is None:
        return None
    days, order, start, marker = relation
    if start > 0 and tokens[start - 1].lower_ == "on":
        start -= 1
    end = next((j for j in range(marker + 1, n) if tokens[j].text == ","), n)
    second_tokens = {tokens[j].i for j in range(marker + 1, end)}
    first_tokens = {tokens[j].i for j in [*range(start), *range(end, n)]}
    first = frozenset(key for key, at in term_tokens.items() if at <= first_tokens)
    second = frozenset(key for key, at in term_tokens.items() if at <= second_tokens)
    if not first or not second:
        return None
    text = " ".join(x.text for x in tokens[start : marker + 1])
    return Timing(first, second, days, order, text)


DAY_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}


def _day_relation(tokens: list[Token]) -> tuple[int, int, int, int] | None:
    """(days, order, start, marker) of 'the day after', 'two days before', 'a week before', 'the
    same day (as)'."""
    n = len(tokens)
    for k, t in enumerate(tokens):
        unit = DAY_UNITS.get(t.lower_)
        if unit is None or k == 0:
            continue
        before, after = tokens[k - 1].lower_, tokens[k + 1].lower_ if k + 1 < n else ""
        if after in ("after", "before"):
            # "the day after", "two days before", "a full week before"; not "in the days after"
            start = k - 2 if before in ("full", "whole") and k >= 2 else k - 1
            article = tokens[start].lower_
            singular = not t.lower_.endswith("s") and article in ("the", "a", "one")
            plural = t.lower_.endswith("s") and start == k - 1
            count = 1.0 if singular else _number_value(tokens[start]) if plural else None
            if count is None:
                continue
            days = int(count * unit) if after == "after" else -int(count * unit)
            return days, (1 if days > 0 else -1), start, k + 1
        if before in ("same", "very") or (before == "the" and after == "of"):
            start = k - 2 if before in ("same", "very") else k - 1
            return 0, 0, start, (k + 1 if after in ("as", "that", "when", "of") else k)
    return None


def _order_relation(tokens: list[Token]) -> tuple[None, int, int, int] | None:
    """(None, order, start, marker) of 'X came before Y', 'After Y, X'."""
    for k, t in enumerate(tokens):
        if t.lower_ in ("before", "after") and t.dep_ in ("mark", "prep"):
            return None, (1 if t.lower_ == "after" else -1), k, k
    return None


def with_weekdays_dated(analysis: Analysis, published: date) -> Analysis:
    """'On Friday' in a story published on Saturday 30 July is 29 July: news reports the week's
    past by its week days ('will meet on Monday' is the future, left as it is)."""
    if not any(t.kind == "weekday" and not t.future for t in analysis.times):
        return analysis
    stated = {(t.kind, t.value) for t in analysis.times}
    added = []
    for t in analysis.times:
        if t.kind != "weekday" or t.future:
            continue
        day = published - timedelta(days=(published.weekday() - t.value) % 7)
        text = f"{t.text} ({day.day} {MONTHS[day.month - 1].capitalize()})"
        for kind, value in (("day", day.month * 100 + day.day), ("month", day.month)):
            if (kind, value) not in stated:
                stated.add((kind, value))
                added.append(TimeRef(kind, value, text, t.since, t.clause, t.act, t.future))
    return replace(analysis, times=analysis.times + tuple(added)) if added else analysis


# Quotation marks that open and close a quote. The single curly ones are used as quotation
# marks by some outlets ("a ‘frank’ discussion"); the straight single one is too often an
# apostrophe to count.
_OPENING = frozenset({'"', "“", "‘"})
_CLOSING = frozenset({'"', "”", "’"})


def _is_word(token: Token) -> bool:
    return not (token.is_punct or token.is_space or token.is_quote)


def _word(token: Token) -> tuple[str, str]:
    return token.lower_, token.lemma_.lower()


def _quoted(tokens: list[Token]) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The runs of words between quotation marks: 'called it "frank and direct"' ->
    ((frank, frank), (and, and), (direct, direct))."""
    quotes: list[tuple[tuple[str, str], ...]] = []
    current: list[tuple[str, str]] | None = None
    for t in tokens:
        if current is None and t.text in _OPENING:
            current = []
        elif current is not None and t.text in _CLOSING:
            if current:
                quotes.append(tuple(current))
            current = None
        elif current is not None and _is_word(t):
            current.append(_word(t))
    return tuple(quotes)


def _is_denied_noun(token: Token) -> bool:
    """'in no need of', 'no agreement was reached', 'left without a deal', 'the lack of a reply'.
    Not under a modal: 'there should be no delay' asks for something, it does not report it."""
    if token.pos_ != "NOUN":
        return False
    head = token.head
    denied = (
        any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)
        or (token.dep_ == "pobj" and head.lower_ == "without")
        or (token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in ABSENCE_NOUNS)
    )
    return denied and not any(
        c.dep_ == "aux" and c.lower_ in MODALS for a in token.ancestors for c in a.children
    )


def _possible_tokens(tokens: list[Token]) -> set[int]:
    """Tokens of clauses whose verb is only possible: 'she could face ten years in prison'."""
    found: set[int] = set()
    for t in tokens:
        if t.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "aux" and c.lower_ in POSSIBILITY_MODALS for c in t.children
        ):
            found.update(w.i for w in t.subtree)
    return found


def _is_title(span: Span) -> bool:
    """'the Foreign Minister', 'Deputy Mayor': an office, which names no one in particular."""
    return span[-1].lemma_.lower() in OFFICE_TITLES


def _name_parts(text: str) -> list[str]:
    """'Smith-Jones talks' names two people; a hyphen inside one capitalised word splits it."""
    parts = text.split("-")
    if len(parts) > 1 and " " not in text and all(part[:1].isupper() and len(part) > 1 for part in parts):
        return parts
    return [text]


def _name_spans(doc: Doc | Span) -> list[Span]:
    """Named entities plus runs of proper nouns the entity recogniser missed."""
    spans: list[Span] = []
    covered: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS:
            # Entities often swallow a leading determiner or trailing possessive.
            start, end = ent.start, ent.end
            while start < end and ent.doc[start].pos_ in ("DET", "PART"):
                start += 1
            span = ent.doc[start:end]
            if len(span):
                spans.append(span)
                covered.update(t.i for t in span)
    run: list[Token] = []
    for t in doc:
        if t.pos_ == "PROPN" and t.i not in covered and t.is_alpha:
            run.append(t)
            continue
        if run:
            spans.append(run[0].doc[run[0].i : run[-1].i + 1])
            run = []
    if run:
        spans.append(run[0].doc[run[0].i : run[-1].i + 1])
    return spans


def _number_value(token: Token) -> float | None:
    text = token.lower_.replace("’", "'")
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    if "-" in text:  # "twenty-five"
        parts = text.split("-")
        if all(p in NUMBER_WORDS for p in parts):
            return float(sum(NUMBER_WORDS[p] for p in parts))
    return None


# "a quarter of a century", "half a decade", "a quarter century"
FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}


def _article_count(token: Token) -> tuple[float, Token | None, Token | None] | None:
    """'an hour', 'a decade': the article counts one of a duration ('over an hour' is a length).
    Returns the count, the 'half' token of 'an hour and a half', if any, and the fraction word of
    'a quarter of a century' / 'half a century', if any."""
    if token.lower_ not in ("a", "an") or token.head.i == token.i:
        return None
    unit_token = token.head
    unit = UNIT_ALIASES.get(unit_token.lemma_.lower(), unit_token.lemma_.lower())
    if unit not in SHORT_DURATIONS and unit not in LONG_DURATIONS:
        return None
    half = next((c for c in unit_token.children if c.dep_ == "conj" and c.lower_ == "half"), None)
    doc = token.doc
    fraction: Token | None = None
    if token.i + 1 < unit_token.i and doc[token.i + 1].lower_ in FRACTIONS:  # "a quarter century"
        fraction = doc[token.i + 1]
    elif token.i > 0 and doc[token.i - 1].lower_ in FRACTIONS:  # "half a century"
        fraction = doc[token.i - 1]
    elif unit_token.head.lower_ == "of" and unit_token.head.head.lower_ in FRACTIONS:  # "a quarter of a"
        fraction = unit_token.head.head
    count = 1.5 if half is not None else 1.0
    if fraction is not None:
        count *= FRACTIONS[fraction.lower_]
    return count, half, fraction


def _month_of(token: Token) -> str | None:
    text = token.lower_.rstrip(".")
    if text in MONTHS:
        # "may" is a month only as a proper noun.
        return text if text != "may" or token.pos_ == "PROPN" else None
    if text in MONTH_ABBREVIATIONS and token.text[:1].isupper():
        return MONTH_ABBREVIATIONS[text]
    return None


def _times(tokens: list[Token]) -> tuple[list[TimeRef], set[int]]:
    times: list[TimeRef] = []
    used: set[int] = set()
    for k, t in enumerate(tokens):
        low = t.lower_
        if low in WEEKDAYS or (low.endswith("s") and low[:-1] in WEEKDAYS):
            times.append(
                TimeRef(
                    "weekday",
                    WEEKDAYS.index(low.rstrip("s")) if low not in WEEKDAYS else WEEKDAYS.index(low),
                    t.text,
                    *_anchors(t),
                )
            )
            used.add(t.i)
            continue
        month = _month_of(t)
        if month:
            m = MONTHS.index(month) + 1
            anchors = _anchors(t)
            times.append(TimeRef("month", m, t.text, *anchors))
            used.add(t.i)
            for neighbour in (tokens[k - 1] if k else None, tokens[k + 1] if k + 1 < len(tokens) else None):
                day = _day_of(neighbour)
                if day is not None and neighbour is not None:
                    times.append(TimeRef("day", m * 100 + day, f"{t.text} {neighbour.text}", *anchors))
                    used.add(neighbour.i)
            continue
        if (
            low.isdigit()
            and len(low) == 4
            and 1000 <= int(low) <= 2100
            and (t.ent_type_ in ("DATE", "") and not (t.head.pos_ == "NOUN" and t.dep_ == "nummod"))
        ):
            times.append(TimeRef("year", int(low), t.text, *_anchors(t)))
            used.add(t.i)
            continue
        decade = _DECADE.match(low)
        if decade:
            times.append(TimeRef("decade", int(decade.group(1)) * 10, t.text, *_anchors(t)))
            used.add(t.i)
    return times, used


def _anchors(token: Token) -> tuple[str | None, str | None, str | None, bool]:
    """(since, clause, act, future) of a TimeRef: 'spoken since May' -> ('speak', None, 'speak');
    'since the war began in May' -> (None, 'begin', 'begin'); 'resigned on Monday' ->
    (None, None, 'resign'); 'will meet on Monday' -> (None, None, 'meet', True)."""
    verb = next((a for a in token.ancestors if a.pos_ == "VERB"), None)
    act = str(verb.lemma_.lower()) if verb is not None else None
    # "will meet on Monday", "agreed to meet in August": an act to come
    future = verb is not None and (
        any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in verb.children) or _is_unreal(verb)
    )
    for node in (token, *token.ancestors):
        if node.lower_ == "since":
            # "met for the first time since May": the act is the verb, not "time"; "has been on
            # the table since May": the act is being there, not a verb the clause hangs from.
            since = next(
                (a for a in (node.head, *node.head.ancestors) if a.pos_ in ("VERB", "AUX")), node.head
            )
            return str(since.lemma_.lower()), None, act, future
        if node.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "mark" and c.lower_ == "since" for c in node.children):
                return None, str(node.lemma_.lower()), act, future
            break
    return None, None, act, future


FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo"})


def _day_of(token: Token | None) -> int | None:
    if token is None:
        return None
    low = token.lower_
    match = _ORDINAL_DIGITS.match(low)
    if match:
        return int(match.group(1))
    if low.isdigit() and 1 <= int(low) <= 31:
        return int(low)
    return ORDINAL_WORDS.get(low)


def _unit_of(token: Token) -> tuple[str, str] | None:
    """(unit, comparison group) of the noun a number counts."""
    lemma = token.lemma_.lower()
    lemma = UNIT_ALIASES.get(lemma, UNIT_ALIASES.get(token.lower_, lemma))
    if lemma in SHORT_DURATIONS:
        return lemma, "short_duration"
    if lemma in LONG_DURATIONS:
        return lemma, "long_duration"
    if token.pos_ in ("NOUN", "PROPN", "SYM") or lemma in ("percent", "dollar", "euro", "pound"):
        return lemma, lemma
    return None


def _sums(before: list[Token]) -> bool:
    """'add up to 41 years', 'a total of 41 years', 'totalling 41 years'."""
    lemmas = [t.lemma_.lower() for t in before]
    return "total" in lemmas or any(
        lemmas[i] in SUM_VERBS and lemmas[i + 1 : i + 3] == ["up", "to"] for i in range(len(lemmas) - 2)
    )


def _quantities(tokens: list[Token], skip: set[int]) -> tuple[list[Quantity], set[int]]:
    lowered = [t.lower_ for t in tokens]
    # "Together, Smith and Jones earned $40 million", "between them": every amount is a sum.
    summed = bool(set(lowered) & SUMMING_WORDS) or any(
        lowered[i : i + 2] == ["between", "them"] for i in range(len(lowered) - 1)
    )
    quantities: list[Quantity] = []
    used: set[int] = set()
    k = 0
    while k < len(tokens):
        t = tokens[k]
        value = None if t.i in skip else _number_value(t)
        half = fraction = article_unit = None
        if t.lower_ in FRACTIONS and k + 1 < len(tokens) and _article_count(tokens[k + 1]) is not None:
            k += 1  # "half a century": counted with its article
            continue
        if value is None and t.i not in skip and (article := _article_count(t)) is not None:
            value, half, fraction = article
            article_unit = t.head
            if half is not None:
                skip = skip | {half.i}  # counted with its hour, not a number of its own
        if value is None:
            k += 1
            continue
        # Fold "2.5 million" / "twenty five" / "twenty-five" (split by the tokenizer) into one number.
        group = [t]
        while k + 1 < len(tokens) and tokens[k + 1].i not in skip:
            step = 2 if tokens[k + 1].text == "-" and k + 2 < len(tokens) else 1
            nxt = _number_value(tokens[k + step])
            if nxt is None:
                break
            value = value * nxt if nxt >= 100 and nxt > value else value + nxt
            group.append(tokens[k + step])
            k += step
        last = group[-1]
        if len(group) == 1 and _not_a_count(t):
            k += 1
            continue
        unit_token = article_unit or _unit_token(last, group[0])
        if unit_token is None and len(group) == 1 and t.lower_ == "one" and t.dep_ != "nummod":
            k += 1  # "one who", "no one": a pronoun, not a count
            continue
        unit = _unit_of(unit_token) if unit_token is not None else None
        if unit is None and len(group) == 1 and _is_frequency(t):
            unit = ("time", "time")  # "scored twice" is "scored two times"
        if unit is None:
            unit = ("", "bare")
        approx = any(
            w.lower_ in APPROXIMATORS
            # "add up to 41 years" is exactly 41
            and not (w.lower_ == "up" and w.i > 0 and w.nbor(-1).lemma_.lower() in SUM_VERBS)
            for w in list(last.children)
            + list(tokens[max(0, group[0].i - tokens[0].i - 3) : group[0].i - tokens[0].i])
        )
        used.update(g.i for g in group)
        number_text = " ".join(g.text for g in group)
        if unit_token is None:
            text = number_text
        elif unit_token.i < group[0].i:  # "$40 million"
            text = f"{unit_token.text}{number_text}"
        else:
            text = f"{number_text} {unit_token.text}"
        if article_unit is not None:  # "a full hour", "a quarter of a century", "half a decade"
            text = t.doc[min(fraction.i, t.i) if fraction is not None else t.i : article_unit.i + 1].text
        if half is not None:
            text += " and a half"
        relative = (
            unit_token is not None
            and unit[1] in ("short_duration", "long_duration")
            and any(w.lower_ in RELATIVE_TIME_WORDS for w in (unit_token.head, *unit_token.children))
        )
        measure = unit_token if unit_token is not None else last
        # "nine years longer", "$10 million more" (where the number, not the sign, hangs there)
        difference = not relative and any(
            m.dep_ == "npadvmod"
            and (m.head.tag_ in ("JJR", "RBR") or m.head.lower_ in ("more", "less", "fewer"))
            for m in (measure, last)
        )
        first = min(fraction.i, group[0].i) if fraction is not None else group[0].i
        window = tokens[max(0, first - tokens[0].i - 4) : first - tokens[0].i]
        bound = _bound(window)
        total = summed or _sums(window)
        exact = any(w.lower_ in EXACT_WORDS for w in window + list(last.children))
        quantities.append(
            Quantity(value, unit[0], unit[1], text, approx, relative, difference, bound, total, exact)
        )
        k += 1
    return quantities, used


def _bound(before: list[Token]) -> str | None:
    """The words before a number that make it a bound: 'less than', 'up to', 'at least'..."""
    while before and before[-1].lower_ in ("a", "an", "the"):  # "as much as a ten-year sentence"
        before = before[:-1]
    words = tuple(t.lower_ for t in before)
    for n in (3, 2, 1):
        if len(words) >= n and words[-n:] in BOUND_PHRASES:
            return BOUND_PHRASES[words[-n:]]
    return None


def _not_a_count(token: Token) -> bool:
    """'one of the two', 'the one he is serving': a pronoun; 'once served': formerly."""
    low = token.lower_
    if low == "one":
        after = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
        before = token.nbor(-1).lower_ if token.i > 0 else ""
        # "only one of them" still counts.
        return (after == "of" and before not in ("only", "just", "exactly")) or before in PRONOUN_DETERMINERS
    # "once" before its verb means formerly; after it ("met once"), one time.
    return low == "once" and token.head.pos_ in ("VERB", "AUX") and token.i < token.head.i


def _is_frequency(token: Token) -> bool:
    """'met twice', 'scored once': how many times an act happened. Not a factor ('twice as
    fast', 'twice the size')."""
    if token.lower_ not in FREQUENCY_WORDS:
        return False
    after = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
    return after not in ("as", "the", "that", "a", "an", "his", "her", "its", "their")


def _unit_token(number: Token, first: Token) -> Token | None:
    """The counted noun: a currency sign before the number ('$40 million'), the head of a numeral
    modifier, or 'billions (of dollars)'. `first` is the number's first token, `number` its last."""
    if first.i > first.sent.start and first.nbor(-1).text in CURRENCY_SIGNS:
        return first.nbor(-1)
    if number.head.i != number.i and number.head.text in CURRENCY_SIGNS:
        return number.head
    if number.dep_ in ("nummod", "quantmod", "compound", "amod") and number.head.i != number.i:
        head = number.head
        if head.pos_ in ("NUM",) and head.head.i != head.i:
            head = head.head
        return head
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    if number.pos_ == "NOUN":  # "millions", "dozens"
        return None
    nxt = number.nbor(1) if number.i + 1 < len(number.doc) else None
    if nxt is not None and (nxt.pos_ in ("NOUN", "SYM") or nxt.text == "%"):
        return nxt
    return None


def _subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return _cleft_subject(verb.head) or verb.head
            if child.lower_ in RELATIVE_PRONOUNS:
                return _cleft_focus(verb) or child
            return child
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    # "urged the council to act": the one urged acts, not the one urging.
    if verb.dep_ == "xcomp" and verb.head.i != verb.i:
        urged = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if urged is not None:
            return urged
    # "declined to say", "met and agreed": the subject is shared with the governing verb.
    if (
        verb.dep_ in ("xcomp", "conj", "advcl")
        and verb.head.i != verb.i
        and verb.head.pos_ in ("VERB", "AUX")
    ):
        return _subject_of(verb.head)
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return None
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):  # "Smith, a nurse hired in..."
        return verb.head
    return None


def _antecedent(verb: Token, span_of: dict[int, Span]) -> Token | None:
    """'Smith said she would resign', '"I will resign," Smith said': a personal pronoun that is
    the subject of a clause inside another is, in news writing, that clause's speaker or doer:
    the named subject of the verb that governs it."""
    while verb.dep_ in CLAUSE_DEPS and verb.head.i != verb.i:
        verb = verb.head
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and subject.i in span_of:
            return subject
        if subject is not None:
            return None  # a nearer subject that is not a name: the pronoun may be about it
    return None


def _cleft_subject(noun: Token) -> Token | None:
    """'Smith was the one who resigned': the doer is the copula's subject, not 'one'.
    ('It was Smith who resigned' keeps Smith: 'it' is only a placeholder.)"""
    copula = noun.head
    if noun.dep_ != "attr" or copula.lemma_ != "be" or noun.pos_ == "PROPN":
        return None
    subject = next((c for c in copula.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.lower_ in ("it", "this", "that", "there"):
        return None
    return subject


def _cleft_focus(verb: Token) -> Token | None:
    """'It was Smith who told Jones...' parsed with the verb as the copula's clause, not as a
    relative clause of 'Smith': the doer is still the copula's focus, 'Smith'."""
    copula = verb.head
    if verb.dep_ != "ccomp" or copula.lemma_ != "be":
        return None
    if not any(c.dep_ in SUBJECT_DEPS and c.lower_ == "it" for c in copula.children):
        return None
    return next((c for c in copula.children if c.dep_ == "attr" and c.i < verb.i), None)


def _is_negated(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ == "never":
            return True
        if child.dep_ in ("dobj", "attr", "nsubjpass") and any(
            c.dep_ == "det" and c.lower_ == "no" for c in child.children
        ):
            return True
    head = verb.head
    if head.i == verb.i:
        return False
    # spaCy hangs "nor" on the first conjunct; it negates the one it introduces.
    if verb.dep_ == "conj" and any(c.lower_ == "nor" for c in head.children):
        return True
    if verb.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in REFUSAL_VERBS:
        return not _is_negated(head)  # "declined to say" = did not say
    return False


def _is_unreal(verb: Token) -> bool:
    """'pressed them to accept', 'wants to leave', 'a plan to leave', 'went there to meet': an act
    asked for, intended or proposed, not reported as done. ('Declined to say' is a refusal, read as
    a negated act by `_is_negated`.)"""
    return (
        verb.dep_ in ("xcomp", "advcl", "acl", "relcl")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and verb.head.lemma_.lower() not in REFUSAL_VERBS
    )


def _predicates(
    tokens: list[Token],
    in_name: set[int],
    name_spans: list[Span],
    asserted_for: dict[int, Token] | None = None,
) -> list[Predicate]:
    span_of = {t.i: span for span in name_spans for t in span}
    predicates: list[Predicate] = []
    for t in tokens:
        if t.pos_ != "VERB":
            continue
        subject = _subject_of(t)
        if subject is not None and asserted_for and subject.i in asserted_for:
            subject = asserted_for[subject.i]  # "Smith, rather than Jones, that resigned"
        if subject is not None and subject.lower_ in PERSONAL_PRONOUNS:
            subject = _antecedent(subject.head, span_of) or subject
        subject_key: str | None = None
        subject_text = ""
        is_name = False
        if subject is not None:
            if subject.i in span_of and _is_title(span_of[subject.i]):
                subject_key, subject_text = subject.lemma_.lower(), f"the {subject.text}"
            elif subject.i in span_of:
                subject_text = _display_name(span_of[subject.i].text)
                subject_key, is_name = name_key(subject_text), True
            elif subject.pos_ in ("NOUN", "PROPN"):
                subject_key, subject_text = subject.lemma_.lower(), f"the {subject.text}"
        object_tokens = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        object_tokens += [o for c in t.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
        if (
            t.dep_ == "relcl"
            and t.head.pos_ in ("NOUN", "PROPN")
            and (subject is not None and subject.i != t.head.i)
        ):  # "the accusations she denies": the noun is what is denied
            object_tokens.append(t.head)
        objects = tuple(
            name_key(span_of[c.i].text) if c.i in span_of else c.lemma_.lower()
            for c in object_tokens
            if c.lower_ not in RELATIVE_PRONOUNS
        )
        certainty = None
        for c in t.children:
            if c.lower_ in CERTAIN:
                certainty = "high"
        joined = subject.conjuncts if subject is not None else ()
        co_subjects = tuple(name_key(span_of[c.i].text) for c in joined if c.i in span_of)
        verb, negated = t.lemma_.lower(), _is_negated(t)
        predicates.append(
            Predicate(
                verb,
                subject_key,
                is_name,
                objects,
                negated,
                certainty,
                t.text,
                co_subjects,
                subject_text,
                unreal=_is_unreal(t),
                done=_is_done(t),
                planned=_is_planned(t),
            )
        )
    return predicates


def _is_done(verb: Token) -> bool:
    """'proposed', 'had proposed', 'was carried out': past and stated, not hoped for or reported
    as a plan."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in MODALS or a.lower_ == "to" for a in auxiliaries):
        return False
    return verb.tag_ == "VBD" or (
        verb.tag_ == "VBN" and any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxiliaries)
    )


def _is_planned(verb: Token) -> bool:
    """'will propose', 'is willing to exchange', 'plans to meet': an act still to come."""
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in verb.children):
        return True
    return _is_unreal(verb) and verb.head.lemma_.lower() in INTENT_WORDS
