"""Fuzz: mutated intakes and recordings through the application layer the CLI calls.

Every case must end in success or a SlingcoachError (never an internal error), write
nothing, and finish within a bound far above its normal time. The cases come from a
seeded generator (tests/fuzz_inputs.py); the larger run is ``benchmarks/bench_fuzz.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz_inputs import Case, files_in, intake_cases, recording_cases, run_case

CASE_LIMIT_S = 10.0  # normal cases take well under a second; a hang or blow-up does not

CASES: list[Case] = intake_cases(seed=11, count=60) + recording_cases(seed=12, count=16)


@pytest.mark.parametrize("chunk", range(4))
def test_mutated_inputs_end_cleanly(tmp_path: Path, chunk: int) -> None:
    mine = CASES[chunk::4]
    assert len(mine) >= 19
    for case in mine:
        outcome = run_case(case, tmp_path)
        where = f"{case.name} ({case.mutation})"
        assert not outcome.internal, f"{where}: {outcome.result}: {outcome.message}"
        assert outcome.seconds < CASE_LIMIT_S, f"{where} took {outcome.seconds:.1f} s"
        assert files_in(tmp_path) == [], f"{where} left files behind"


def test_the_generator_covers_every_kind_and_both_endings(tmp_path: Path) -> None:
    kinds = {case.kind for case in CASES}
    assert kinds == {"intake", "emg", "force"}
    assert {case.name.rsplit(".", 1)[1] for case in CASES if case.kind == "intake"} == {
        "yaml",
        "json",
    }
    assert intake_cases(seed=11, count=5) == CASES[:5]  # seeded: the same cases every run
