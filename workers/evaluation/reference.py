"""A fixed CPU workload timed beside each claim, so latency can be read as a ratio.

These machines are shared and not all alike: the same engine measured 17 ms p50 one day and 35 ms
another. Dividing by a workload that never changes, timed right after each claim, was meant to
take out how fast the host is that day. Measured, it does not do that well: across two days the
dev p50 went from 18 to 17 ms while this workload went from 8.2 to 6.1 ms (ratio 2.2x to 2.8x),
since a check is only about a third plain Python (the rest is embedding and parsing). Contention
is not taken out either: with both cores kept busy, one day a check slowed 1.3x while this
workload hardly moved, another day both slowed about 1.6x. Report it beside the milliseconds,
never instead of them. (A version that also parsed and embedded a fixed sentence tracked the
engine no better under contention.)
"""

from __future__ import annotations

import math
import random
import time

_WORDS = 6_000
_VECTOR = 20_000


def reference_workload() -> float:
    """Always the same work and the same result (a checksum, so none of it can be skipped)."""
    rng = random.Random(1234)
    words = [f"w{rng.randrange(5_000)}" for _ in range(_WORDS)]
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    joined = " ".join(word for word, _ in ranked[:500]).upper()
    vector = [rng.random() for _ in range(_VECTOR)]
    norm = math.sqrt(sum(v * v for v in vector))
    return float(len(joined) + ranked[0][1]) + sum(math.tanh(v / norm) for v in vector)


def time_reference() -> float:
    """Milliseconds the reference workload takes now."""
    started = time.perf_counter()
    reference_workload()
    return (time.perf_counter() - started) * 1000
