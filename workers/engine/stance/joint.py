"""Claims that no one passage settles: two parties' amounts compared ("A's sentence is nine years
longer than B's"), where news states each amount in its own sentence.

Each party's amount is taken from the best-ranked candidate passage that names that party and
not the other, and states exactly one amount of the kind compared; then the arithmetic decides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from workers.engine.stance.analysis import Analysis, Comparison, Quantity
from workers.engine.stance.checks import MEASURED_GROUPS, in_base_unit

# (claim name key, passage name key) -> whether they name the same party
NameMatch = Callable[[str, str], bool]

# How sure a comparison of two stated amounts is: arithmetic, but on amounts attributed by names.
COMPARISON_STRENGTH = 0.85
# "roughly three times as long": a ratio this close to the claimed factor counts as it.
FACTOR_TOLERANCE = 0.15
DIFFERENCE_TOLERANCE = 0.1


@dataclass(frozen=True)
class JointFinding:
    passages: tuple[int, int]  # indices of the two candidate passages, left party's first
    holds: bool  # the comparison is true of the stated amounts
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
    groups = (
        [comparison.difference.group] if comparison.difference is not None else sorted(MEASURED_GROUPS)
    )
    found = []
    for group in groups:
        left = _amount(comparison.left, comparison.right, group, candidates, same_name)
        right = _amount(comparison.right, comparison.left, group, candidates, same_name)
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


def _amount(
    party: str,
    other: str,
    group: str,
    candidates: Sequence[tuple[Analysis, Analysis | None]],
    same_name: NameMatch,
) -> tuple[int, Quantity] | None:
    for index, (passage, context) in enumerate(candidates):
        # A sentence with no names at all ("She could face ten years") is about whoever the
        # sentence before it names.
        names = passage.names or (context.names if context is not None else ())
        if not any(same_name(party, n) for n in names) or any(same_name(other, n) for n in names):
            continue
        amounts = [q for q in passage.quantities if q.group == group and not (q.relative or q.difference)]
        if len(amounts) == 1:
            return index, amounts[0]
    return None


def _holds(comparison: Comparison, a: float, b: float) -> bool:
    if comparison.direction < 0:
        a, b = b, a
    if comparison.difference is not None:
        claimed = in_base_unit(comparison.difference)
        return abs((a - b) - claimed) <= DIFFERENCE_TOLERANCE * claimed
    if comparison.factor is not None:
        if b <= 0:
            return False
        if comparison.at_least:
            return a / b > comparison.factor
        return abs(a / b - comparison.factor) <= FACTOR_TOLERANCE * comparison.factor
    return a > b
