"""The benchmark's generator in small: planted duplicates of every variation in a demo base are found,
and almost nothing else is reported (the SPEC §15 figures come from benchmarks/bench_dedup.py)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from clientbook.core import dedup, demo

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import bench_dedup  # noqa: E402


@pytest.mark.slow
def test_planted_duplicates_in_a_demo_base_are_found(vault) -> None:  # type: ignore[no-untyped-def]
    demo.fill_vault(vault, 3000, seed=3, mix=demo.DemoMix(contacts=0.5, interactions=0, purchases=0))
    truth_pairs, truth = bench_dedup.plant(vault, 0.05, seed=3)
    assert set(Counter(truth.values())) == set(bench_dedup.VARIATIONS)
    with vault.session() as s:
        reported = {(c.a, c.b) for c in dedup.scan(s)}
    base_pairs = bench_dedup.base_duplicates(vault)
    assert base_pairs  # the demo's own duplicates are known, so the scan finding them is no false positive
    scored = bench_dedup.score(reported, truth_pairs, base_pairs)
    assert scored.recall >= 0.95
    assert scored.precision >= 0.95, sorted(scored.false)[:5]
    for variation in bench_dedup.VARIATIONS:
        planted = {p for p, v in truth.items() if v == variation}
        assert len(planted & reported) / len(planted) >= 0.9, variation
