"""Read the YAML reference data bundled inside the domain packages, fast.

YAML is what people write and review; parsing ~300 KB of it costs ~60 ms, too much
for a CLI that must start in under 0.3 s. Each package's ``data/`` folder therefore
carries ``_parsed.json``: the parsed content of every YAML file, keyed by file name,
with the SHA-256 of the text it came from. :func:`read_yaml` uses the JSON only when the
hash of the YAML file on disk still matches, so a stale cache can never be read; it
falls back to parsing the YAML. Regenerate the caches with
``python -m slingcoach.datafiles`` (a test checks that they are current).
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from slingcoach.errors import ReferenceDataError

CACHE_NAME = "_parsed.json"
PACKAGES = ("slingcoach.anatomy", "slingcoach.exercises", "slingcoach.assessment")


def _folder(package: str) -> Traversable:
    return resources.files(package).joinpath("data")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def _cache(package: str) -> dict[str, Any]:
    entry = _folder(package).joinpath(CACHE_NAME)
    if not entry.is_file():
        return {}
    try:
        parsed = json.loads(entry.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _parse(text: str, where: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # SafeLoader/CSafeLoader only
    except yaml.YAMLError as exc:
        raise ReferenceDataError(f"{where}: not valid YAML: {exc}") from None


def read_yaml(package: str, name: str) -> Any:
    """The parsed content of ``<package>/data/<name>``, from the cache when it is current."""
    text = _folder(package).joinpath(name).read_text(encoding="utf-8")
    cached = _cache(package).get(name)
    if isinstance(cached, dict) and cached.get("sha256") == _digest(text):
        return cached["data"]
    return _parse(text, f"{package.rsplit('.', 1)[-1]}/data/{name}")


def yaml_names(package: str) -> list[str]:
    """The YAML file names in ``<package>/data``, sorted."""
    return sorted(
        entry.name for entry in _folder(package).iterdir() if entry.name.endswith((".yaml", ".yml"))
    )


def build_cache(package: str) -> str:
    """The JSON text of the cache for ``package`` as it should be now."""
    folder = _folder(package)
    files = {}
    for name in yaml_names(package):
        text = folder.joinpath(name).read_text(encoding="utf-8")
        files[name] = {"sha256": _digest(text), "data": _parse(text, f"{package}/data/{name}")}
    return json.dumps(files, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def write_caches() -> list[Path]:
    """Rewrite every package's cache file in the source tree; returns the paths written."""
    written = []
    for package in PACKAGES:
        target = Path(str(_folder(package).joinpath(CACHE_NAME)))
        target.write_text(build_cache(package), encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in write_caches():
        sys.stdout.write(f"wrote {path}\n")
