"""The JSON caches of the bundled YAML data are current, and a stale cache is never read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slingcoach import datafiles


@pytest.mark.parametrize("package", datafiles.PACKAGES)
def test_committed_cache_is_current(package: str) -> None:
    path = Path(str(datafiles._folder(package).joinpath(datafiles.CACHE_NAME)))
    assert path.read_text(encoding="utf-8") == datafiles.build_cache(package), (
        f"{path} is stale: run `python -m slingcoach.datafiles`"
    )


@pytest.mark.parametrize("package", datafiles.PACKAGES)
def test_cache_holds_what_yaml_parsing_gives(package: str) -> None:
    import yaml

    cache = json.loads(datafiles.build_cache(package))
    for name in datafiles.yaml_names(package):
        text = datafiles._folder(package).joinpath(name).read_text(encoding="utf-8")
        assert cache[name]["data"] == json.loads(json.dumps(yaml.safe_load(text)))
        assert datafiles.read_yaml(package, name) == cache[name]["data"]


def test_stale_entry_falls_back_to_the_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    package = "slingcoach.anatomy"
    name = datafiles.yaml_names(package)[0]
    real = datafiles.read_yaml(package, name)
    stale = {name: {"sha256": "0" * 64, "data": {"muscles": []}}}
    monkeypatch.setattr(datafiles, "_cache", lambda _package: stale)
    assert datafiles.read_yaml(package, name) == real
