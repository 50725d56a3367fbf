#!/usr/bin/env python3
"""Reference values for the SunanTestSupport tests, computed independently of the Swift code.

Run: python3 Tests/SunanTestSupportTests/Reference/make_reference.py
It prints Swift literals pasted into SupportReferenceTests.swift:

- SplitMix64 (Steele, Lea and Flood 2014; Vigna's splitmix64.c) with Python's arbitrary-precision
  integers reduced mod 2**64: the first five 64-bit outputs for seeds 0, 42 and 2024.
- The first uniform and the first Box-Muller normal of SeededGenerator for the same seeds. Swift's
  Double.random(in: 0..<1, using:) keeps the low 53 bits of one 64-bit output and scales them by
  2**-53; normal() uses u1 = 1 - uniform, u2 = uniform: sqrt(-2 ln u1) cos(2 pi u2).
- Log relative errors, -log10(|estimate - certified| / |certified|) of the exact binary values, with the
  decimal module at 50 significant digits.
"""
import math
from decimal import Decimal, getcontext

MASK = (1 << 64) - 1


def splitmix64(seed):
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def uniform(words):
    return (next(words) & ((1 << 53) - 1)) * 2.0 ** -53


def lre(estimate, certified):
    getcontext().prec = 50
    e, c = Decimal(estimate), Decimal(certified)
    error = abs(e) if c == 0 else abs(e - c) / abs(c)
    return min(Decimal(15), -error.log10())


for seed in (0, 42, 2024):
    words = splitmix64(seed)
    print(f"seed {seed}: words {[next(words) for _ in range(5)]}")
    words = splitmix64(seed)
    print(f"seed {seed}: first uniform {uniform(words)!r}")
    words = splitmix64(seed)
    u1 = 1 - uniform(words)
    u2 = uniform(words)
    print(f"seed {seed}: first normal {math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)!r}")

for estimate, certified in [(1.000001, 1.0), (3.14159, math.pi), (1e-9, 0.0), (1.1, 1.0), (-2.0000000002, -2.0)]:
    print(f"LRE({estimate!r}, {certified!r}) = {float(lre(estimate, certified))!r}")
