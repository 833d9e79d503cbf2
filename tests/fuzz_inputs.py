"""Mutated intakes and recordings, and one runner that feeds them to the application layer.

Shared by the fuzz test (``tests/test_fuzz.py``, a few dozen cases) and the fuzz benchmark
(``benchmarks/bench_fuzz.py``, thousands). Cases come from a seeded generator
(:class:`random.Random`), so a failing case is replayed by its seed and index.

A case passes when the call either succeeds or raises a
:class:`~slingcoach.errors.SlingcoachError`; anything else is an internal error (a bug).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@dataclass(frozen=True)
class Case:
    """One input: what it is (``intake``, ``emg``, ``force``), its file name and bytes."""

    kind: str
    name: str
    data: bytes
    mutation: str


@dataclass(frozen=True)
class Outcome:
    """What happened: ``ok``, the name of a SlingcoachError class, or ``internal: <type>``."""

    case: Case
    result: str
    message: str
    seconds: float

    @property
    def internal(self) -> bool:
        return self.result.startswith("internal")


# -- intakes -------------------------------------------------------------------------


def _intakes() -> list[dict[str, Any]]:
    out = []
    for path in sorted(SAMPLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.pop("recordings", None)  # recordings are fuzzed on their own
        out.append(data)
    return out


_ODD_TEXT = [
    "",
    "\u202eevil\u202c",
    "zero\u200bwidth",
    "😀" * 50,
    "Zoë",
    "a" * 20_000,
    "\ud800",
    "null",
    "2023-13-45",
    "../../escaped",
    "-1",
]
_ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    10**30,
    1e308,
    -1e308,
    0.1,
    [],
    {},
    [1, 2, 3],
    {"left": 1},
    "x",
    *_ODD_TEXT,
]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*prefix, index)
            yield from _paths(value, (*prefix, index))


def _set(data: Any, path: tuple[Any, ...], value: Any, *, delete: bool = False) -> None:
    for part in path[:-1]:
        data = data[part]
    if delete:
        del data[path[-1]]
    else:
        data[path[-1]] = value


def _nest(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def _mutate_data(rng: random.Random, data: dict[str, Any]) -> str:
    paths = list(_paths(data))
    path = rng.choice(paths)
    kind = rng.choice(["swap", "delete", "huge", "nest", "text", "date", "key"])
    if kind == "delete":
        _set(data, path, None, delete=True)
    elif kind == "swap":
        _set(data, path, rng.choice(_ODD_VALUES))
    elif kind == "huge":
        _set(data, path, rng.choice([10**400, 1e308, -(10**50), 2**63]))
    elif kind == "nest":
        _set(data, path, _nest(rng.choice([5, 40, 120])))
    elif kind == "text":
        _set(data, path, rng.choice(_ODD_TEXT))
    elif kind == "date":
        _set(data, path, rng.choice(["2023-13-45", "0000-00-00", "2023-02-30", "9999-99"]))
    else:
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict):
            parent[rng.choice(_ODD_TEXT[:6]) or "k"] = rng.choice(_ODD_VALUES)
    return f"{kind} {'.'.join(map(str, path))}"


def _dump(rng: random.Random, data: Any) -> tuple[str, bytes]:
    if rng.random() < 0.5:
        text = json.dumps(data, ensure_ascii=rng.random() < 0.5, default=str)
        return ".json", text.encode("utf-8", "surrogatepass")
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return ".yaml", text.encode("utf-8", "surrogatepass")


def _text_mutation(rng: random.Random, raw: bytes, suffix: str) -> tuple[bytes, str]:
    kind = rng.choice(["truncate", "garbage", "flip", "aliases", "deep", "nul", "tab"])
    if kind == "truncate":
        return raw[: rng.randrange(len(raw))], kind
    if kind == "garbage":
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))), kind
    if kind == "flip":
        out = bytearray(raw)
        for _ in range(rng.randrange(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out), kind
    if kind == "aliases":
        levels = rng.randrange(3, 12)
        lines = ["a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]"]
        names = "abcdefghijklm"
        for i in range(1, levels):
            lines.append(f"{names[i]}: &{names[i]} [{', '.join(['*' + names[i - 1]] * 9)}]")
        return raw + ("\n".join(lines) + "\n").encode(), kind
    if kind == "deep":
        depth = rng.choice([33, 500, 50_000])
        body = "[" * depth + "]" * depth
        if suffix == ".json":
            return raw.rstrip().rstrip(b"}") + f', "x": {body}}}'.encode(), kind
        return raw + f"x: {body}\n".encode(), kind
    if kind == "nul":
        at = rng.randrange(len(raw))
        return raw[:at] + b"\x00" + raw[at:], kind
    return raw.replace(b"  ", b"\t", rng.randrange(1, 5)), kind


def intake_cases(seed: int, count: int) -> list[Case]:
    """``count`` mutated intakes, YAML and JSON, from the sample clients."""
    rng = random.Random(seed)
    bases = _intakes()
    cases = []
    for index in range(count):
        data = json.loads(json.dumps(rng.choice(bases), default=str))
        notes = [_mutate_data(rng, data) for _ in range(rng.randrange(1, 4))]
        suffix, raw = _dump(rng, data)
        if rng.random() < 0.3:
            raw, kind = _text_mutation(rng, raw, suffix)
            notes.append(kind)
        cases.append(Case("intake", f"intake-{index}{suffix}", raw, "; ".join(notes)))
    return cases


# -- recordings ----------------------------------------------------------------------


def _emg_base() -> list[str]:
    lines = (SAMPLES / "recordings" / "sam-phe-right.csv").read_text(encoding="utf-8").splitlines()
    return lines[:4000]  # two trials of each side: enough to analyse, quick to fuzz


def _force_base() -> list[str]:
    return (SAMPLES / "recordings" / "sam-cmj-dual.txt").read_text(encoding="utf-8").splitlines()


def _mutate_lines(rng: random.Random, lines: list[str], delimiter: str) -> tuple[bytes, str]:
    kind = rng.choice(
        ["truncate", "nan", "inf", "text", "delimiter", "garbage", "drop-column", "huge",
         "no-header", "duplicate-time", "empty", "short-row", "latin1"]
    )  # fmt: skip
    lines = list(lines)
    body = [i for i, line in enumerate(lines) if line and not line.startswith("#")][1:]
    pick = rng.sample(body, k=min(len(body), rng.randrange(1, 20)))
    if kind == "truncate":
        text = "\n".join(lines)
        return text[: rng.randrange(len(text))].encode(), kind
    if kind in ("nan", "inf", "text", "huge"):
        value = {"nan": "nan", "inf": rng.choice(["inf", "-inf"]), "text": "abc", "huge": "1e308"}
        for i in pick:
            cells = lines[i].split(delimiter)
            cells[rng.randrange(len(cells))] = value[kind]
            lines[i] = delimiter.join(cells)
    elif kind == "delimiter":
        other = rng.choice([";", "|", " ", "\t", ","])
        lines = [line.replace(delimiter, other) for line in lines]
    elif kind == "garbage":
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2000))), kind
    elif kind == "drop-column":
        column = rng.randrange(len(lines[body[0] - 1].split(delimiter)))
        lines = [
            line
            if line.startswith("#")
            else delimiter.join(c for j, c in enumerate(line.split(delimiter)) if j != column)
            for line in lines
        ]
    elif kind == "no-header":
        lines = [line for line in lines if line.startswith("#") or line[:1].isdigit()]
    elif kind == "duplicate-time":
        for i in pick:
            lines[i] = lines[i - 1]
    elif kind == "empty":
        lines = [line for line in lines if line.startswith("#")]
    elif kind == "short-row":
        for i in pick:
            lines[i] = lines[i].split(delimiter)[0]
    else:
        return "\n".join(lines).replace("0", "\xe9", 3).encode("latin-1"), kind
    return "\n".join(lines).encode(), kind


def recording_cases(seed: int, count: int) -> list[Case]:
    """``count`` mutated EMG (CSV) and force-plate (text) recordings."""
    rng = random.Random(seed)
    emg, force = _emg_base(), _force_base()
    cases = []
    for index in range(count):
        if rng.random() < 0.5:
            raw, kind = _mutate_lines(rng, emg, ",")
            cases.append(Case("emg", f"emg-{index}.csv", raw, kind))
        else:
            raw, kind = _mutate_lines(rng, force, "\t")
            cases.append(Case("force", f"force-{index}.txt", raw, kind))
    return cases


# -- running -------------------------------------------------------------------------


def _call(case: Case, path: Path) -> None:
    if case.kind == "intake":
        from slingcoach.app.assessments import assess_intake
        from slingcoach.app.intakes import load_intake

        intake = load_intake(path)
        assess_intake(intake, assessed_on=dt.date(2026, 3, 2), recordings=False)
    elif case.kind == "emg":
        from slingcoach.app.analysis import analyse_emg
        from slingcoach.app.sources import Source

        analyse_emg(Source.from_path(path))
    else:
        from slingcoach.app.analysis import ForceOptions, analyse_force
        from slingcoach.app.sources import Source

        analyse_force(Source.from_path(path), ForceOptions(trial="cmj", left="FP1", right="FP2"))


def run_case(case: Case, folder: Path) -> Outcome:
    """Write the case into ``folder``, run it, and say how it ended (never raises)."""
    import warnings

    from slingcoach.errors import SlingcoachError

    path = folder / case.name
    path.write_bytes(case.data)
    started = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _call(case, path)
        result, message = "ok", ""
    except SlingcoachError as exc:
        result, message = type(exc).__name__, str(exc)
    except Exception as exc:  # what the fuzzing looks for
        result, message = f"internal: {type(exc).__name__}", str(exc)[:300]
    finally:
        path.unlink()
    return Outcome(case, result, message, time.perf_counter() - started)


def files_in(folder: Path) -> list[Path]:
    """Every file under ``folder`` (to check that nothing was written)."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


Runner = Callable[[Case, Path], Outcome]
