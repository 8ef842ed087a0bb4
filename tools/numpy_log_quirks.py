#!/usr/bin/python3
"""Prints the integers K for which numpy's float64 log(K) differs from the correctly rounded log.

cleanlab divides entropies by np.log(K). On x86-64 machines with AVX-512, numpy computes log with
its own vectorised routine, which is one unit in the last place away from the correctly rounded
value for some K (e.g. K = 3: 1.0986122886681096 instead of ...098). The difference decides the
order of rows whose confidence-weighted-entropy scores are otherwise equal, so labelcheck divides
by the same value. Run with Debian's python3-numpy on such a machine; the output is pasted into
src/cl/numpy_log.cpp.
"""
import math
import numpy as np

MAX_K = 4096
quirks = []
for k in range(2, MAX_K + 1):
    got = float(np.log(np.float64(k)))
    want = math.log(k)
    if got != want:
        steps = 0
        x = want
        while x != got and abs(steps) < 8:
            x = math.nextafter(x, got)
            steps += 1 if got > want else -1
        quirks.append((k, steps))
print(f"// numpy {np.__version__}: {len(quirks)} of {MAX_K - 1} values differ")
print(",\n".join(f"    {{{k}, {s}}}" for k, s in quirks))
