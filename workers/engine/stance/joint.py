"""Claims that no one passage settles, where news states each part in its own sentence:

- two parties' amounts compared ("A's sentence is nine years longer than B's"): each party's
  amount is taken from the best-ranked candidate passage that names that party and not the
  other, and states exactly one amount of the kind compared;
- a total of named parties' amounts ("their terms add up to 41 years"), taken the same way;
- two events timed against each other ("X came the day after Y"): each event is dated by the
  passage that covers most of it and states exactly one day.

Then arithmetic decides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from workers.engine.stance.analysis import Analysis, Comparison, Quantity, Term, TimeRef
from workers.engine.stance.checks import MEASURED_GROUPS, WordSimilarity, in_base_unit, term_match

# (claim name key, passage name key) -> whether they name the same party
NameMatch = Callable[[str, str], bool]

# How sure a comparison of two stated amounts is: arithmetic, but on amounts attributed by names.
COMPARISON_STRENGTH = 0.85
# "roughly three times as long": a ratio this close to the claimed factor counts as it.
FACTOR_TOLERANCE = 0.15
# "about nine years longer": within a tenth; "a full decade longer": exactly.
DIFFERENCE_TOLERANCE = 0.1
EXACT = 0.001


@dataclass(frozen=True)
class JointFinding:
    passages: tuple[int, ...]  # indices of the candidate passages: the left party's or X's first
    holds: bool  # the comparison or timing is true of the stated amounts or days
    strength: float
    reason: str  # "the claim says A's is nine years longer than B's; the passages say 25 years and 12 years"


def check_comparison(
    claim: Analysis,
    candidates: Sequence[tuple[Analysis, Analysis | None]],
    same_name: NameMatch,
) -> JointFinding | None:
    """`candidates`: each candidate passage's analysis and its context sentence's, best first."""
    comparison = claim.comparison
    if comparison is None:
        return None
    difference = comparison.difference
    # A percentage difference compares amounts of any measured kind.
    groups = (
        [difference.group]
        if difference is not None and difference.group != "percent"
        else sorted(MEASURED_GROUPS - {"percent"})
    )
    found = []
    for group in groups:
        left = _amount(comparison.left, (comparison.right,), group, candidates, same_name)
        right = _amount(comparison.right, (comparison.left,), group, candidates, same_name)
        if left is not None and right is not None and left[0] != right[0]:
            found.append((left, right))
    if len(found) != 1:  # nothing to compare, or amounts of several kinds: which is meant?
        return None
    (i, a), (j, b) = found[0]
    holds = _holds(comparison, in_base_unit(a), in_base_unit(b))
    reason = (
        f"the claim says {comparison.left_text}'s is {comparison.text} than {comparison.right_text}'s; "
        f"the passages say {a.text} and {b.text}"
    )
    return JointFinding((i, j), holds, COMPARISON_STRENGTH, reason)


def check_total(
    claim: Analysis,
    candidates: Sequence[tuple[Analysis, Analysis | None]],
    same_name: NameMatch,
) -> JointFinding | None:
    """'A's and B's terms add up to 41 years': each named party's amount, as for a comparison,
    summed."""
    total = next((q for q in claim.quantities if q.total and not q.difference), None)
    parties = list(dict.fromkeys(t.key for t in claim.terms if t.kind == "name" and t.pos == "PROPN"))
    if total is None or total.group not in MEASURED_GROUPS or len(parties) < 2:
        return None
    amounts = [
        _amount(party, tuple(p for p in parties if p != party), total.group, candidates, same_name)
        for party in parties
    ]
    if any(a is None for a in amounts):
        return None
    found = [a for a in amounts if a is not None]
    if len({i for i, _ in found}) < len(found):
        return None
    summed = sum(in_base_unit(q) for _, q in found)
    claimed = in_base_unit(total)
    tolerance = DIFFERENCE_TOLERANCE if total.approximate else EXACT
    holds = abs(summed - claimed) <= tolerance * claimed
    stated = " + ".join(q.text for _, q in found)
    reason = f"the claim says {total.text} together; the passages say {stated}"
    return JointFinding(tuple(i for i, _ in found), holds, COMPARISON_STRENGTH, reason)


def _amount(
    party: str,
    others: tuple[str, ...],
    group: str,
    candidates: Sequence[tuple[Analysis, Analysis | None]],
    same_name: NameMatch,
) -> tuple[int, Quantity] | None:
    for index, (passage, context) in enumerate(candidates):
        # A sentence with no names at all ("She could face ten years") is about whoever the
        # sentence before it names.
        names = passage.names or (context.names if context is not None else ())
        if not any(same_name(party, n) for n in names) or any(
            same_name(other, n) for other in others for n in names
        ):
            continue
        amounts = [
            q for q in passage.quantities if q.group == group and not (q.relative or q.difference or q.total)
        ]
        if len(amounts) == 1:
            return index, amounts[0]
    return None


def _holds(comparison: Comparison, a: float, b: float) -> bool:
    if comparison.direction < 0:
        a, b = b, a
    difference = comparison.difference
    if difference is not None:
        # "50 percent longer" is a share of the smaller amount; "nine years longer" an amount.
        claimed = b * difference.value / 100 if difference.group == "percent" else in_base_unit(difference)
        if difference.bound == "lower":  # "more than nine years longer"
            return a - b > claimed
        if difference.bound == "upper":
            return a - b < claimed
        tolerance = DIFFERENCE_TOLERANCE if difference.approximate else EXACT
        return abs((a - b) - claimed) <= tolerance * claimed
    if comparison.factor is not None:
        if b <= 0:
            return False
        if comparison.at_least:
            return a / b > comparison.factor
        return abs(a / b - comparison.factor) <= FACTOR_TOLERANCE * comparison.factor
    return a > b


# How much of an event's words a passage must have to be taken as dating that event.
EVENT_MATCH = 0.5
# How close the verb a day hangs from must be to one of the event's words to date it.
EVENT_ACT = 0.6
TIMING_STRENGTH = 0.8


def check_timing(
    claim: Analysis,
    candidates: Sequence[tuple[Analysis, Analysis | None]],
    weigh: Callable[[Term], float],
    similarity: WordSimilarity,
    same_name: NameMatch,
) -> JointFinding | None:
    """'X came the day after Y': the best passage for each event, each dating it with one day."""
    timing = claim.timing
    if timing is None:
        return None
    first = _dated_event(claim, timing.first, candidates, weigh, similarity, same_name)
    second = _dated_event(claim, timing.second, candidates, weigh, similarity, same_name)
    if first is None or second is None or first[0] == second[0]:
        return None
    (i, a_days), (j, b_days) = first, second
    kind: str | None
    if timing.days is not None:
        kind = next((k for k in ("day", "weekday") if k in a_days and k in b_days), None)
        if kind is None or (kind == "weekday" and abs(timing.days) >= 7):  # which week?
            return None
        a, b = a_days[kind], b_days[kind]
        if kind == "weekday":
            holds = (a.value - b.value - timing.days) % 7 == 0
        else:
            holds = _ordinal(a.value) - _ordinal(b.value) == timing.days
    else:
        # Only the order: any kind both are dated by, read as the same week or year.
        kind = next((k for k in ("day", "month", "weekday") if k in a_days and k in b_days), None)
        if kind is None:
            return None
        a, b = a_days[kind], b_days[kind]
        gap = _ordinal(a.value) - _ordinal(b.value) if kind == "day" else a.value - b.value
        if gap == 0:  # the same day, week day or month: which came first is not said
            return None
        holds = (gap > 0) == (timing.order > 0)
    reason = f"the claim says {timing.text.lower()}; the passages say {a.text} and {b.text}"
    return JointFinding((i, j), holds, TIMING_STRENGTH, reason)


def _ordinal(day: int) -> int:
    """A 'day' TimeRef value (month * 100 + day) as a day count (in a leap year, so 29 February
    counts; a day no month has, '31 April', as if it had)."""
    try:
        return date(2000, day // 100, day % 100).toordinal()
    except ValueError:
        return date(2000, day // 100, 1).toordinal() + day % 100 - 1


def _dated_event(
    claim: Analysis,
    keys: frozenset[str],
    candidates: Sequence[tuple[Analysis, Analysis | None]],
    weigh: Callable[[Term], float],
    similarity: WordSimilarity,
    same_name: NameMatch,
) -> tuple[int, dict[str, TimeRef]] | None:
    """The passage that covers most of the event (and one of its names) and dates it: its one
    weekday, date and/or month ('on Friday, 29 July' gives all three)."""
    terms = [t for t in claim.terms if t.key in keys and t.pos != "ADV"]
    total = sum(weigh(t) for t in terms)
    if total <= 0 or all(t.kind == "name" for t in terms):  # a name alone is no event
        return None
    best: tuple[float, int, dict[str, TimeRef]] | None = None
    words = [t.key for t in terms if t.kind == "word"]
    for index, (passage, _context) in enumerate(candidates):
        # The day must date this event's act ("on Friday ... since the war began" does not date
        # the war's start).
        days = _one_day_of_each_kind(
            passage, lambda act: any(w == act or similarity(w, act) >= EVENT_ACT for w in words)
        )
        if not days:
            continue
        matches = [(t, term_match(t, passage.terms, similarity, same_name=same_name)) for t in terms]
        names = [m for t, m in matches if t.kind == "name"]
        if names and max(names) < 1.0:  # about someone else
            continue
        share = sum(weigh(t) * m for t, m in matches) / total
        if share >= EVENT_MATCH and (best is None or share > best[0]):
            best = (share, index, days)
    return None if best is None else (best[1], best[2])


def _one_day_of_each_kind(passage: Analysis, dates_event: Callable[[str], bool]) -> dict[str, TimeRef]:
    found: dict[str, dict[int, TimeRef]] = {}
    for t in passage.times:
        # "since the war began in May" dates the beginning (t.clause), not the sentence's act.
        act = t.clause or t.act
        if t.kind in ("weekday", "day", "month") and t.since is None and (act is None or dates_event(act)):
            found.setdefault(t.kind, {})[t.value] = t
    return {kind: next(iter(by_value.values())) for kind, by_value in found.items() if len(by_value) == 1}
