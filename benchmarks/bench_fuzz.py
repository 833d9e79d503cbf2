"""Fuzz run: ≥ 1,000 mutated intakes and ≥ 200 mutated recordings through the application layer.

Prints the number of cases, how each ended (success or a clean error, by class), the
internal errors (must be 0) and the worst time per case. Cases come from the seeded
generator of tests/fuzz_inputs.py; ``--seed`` changes the draw.

    .venv/bin/python benchmarks/bench_fuzz.py [--intakes 1000] [--recordings 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzz_inputs import files_in, intake_cases, recording_cases, run_case


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--intakes", type=int, default=1000)
    parser.add_argument("--recordings", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    cases = intake_cases(args.seed, args.intakes) + recording_cases(args.seed + 1, args.recordings)
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    worst = (0.0, "")
    internal = []
    leftovers = 0
    wall, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as folder:
        for case in cases:
            outcome = run_case(case, Path(folder))
            counts[case.kind][outcome.result] += 1
            if outcome.seconds > worst[0]:
                worst = (outcome.seconds, f"{case.name} ({case.mutation})")
            if outcome.internal:
                internal.append(
                    f"{case.name} ({case.mutation}): {outcome.result}: {outcome.message}"
                )
            leftovers += len(files_in(Path(folder)))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"fuzz: {len(cases)} cases (seed {args.seed}), {wall:.1f} s wall, {cpu:.1f} s CPU")
    for kind, counter in sorted(counts.items()):
        endings = ", ".join(f"{name} {n}" for name, n in counter.most_common())
        print(f"  {kind:7s} {sum(counter.values()):5d}: {endings}")
    print(f"  internal errors: {len(internal)}")
    print(f"  files left behind: {leftovers}")
    print(f"  worst case: {worst[0]:.2f} s, {worst[1]}")
    for line in internal[:20]:
        print(f"    {line}")
    if internal or leftovers:  # run_all counts a raised error as a failed benchmark
        raise RuntimeError(f"{len(internal)} internal errors, {leftovers} files left behind")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
