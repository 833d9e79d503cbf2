"""The layering rule of product.md: domain packages never import the outer layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "slingcoach"
DOMAIN = (
    "anatomy",
    "exercises",
    "assessment",
    "signals",
    "programming",
    "tracking",
    "booking",
)
OUTER = ("storage", "web", "cli", "reports")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", DOMAIN)
def test_domain_package_does_not_import_outer_layers(package: str) -> None:
    offenders = []
    for path in sorted((SRC / package).rglob("*.py")):
        for module in _imported_modules(path):
            parts = module.split(".")
            if parts[0] == "slingcoach" and len(parts) > 1 and parts[1] in OUTER:
                offenders.append(f"{path.relative_to(SRC)} imports {module}")
    assert not offenders, "\n".join(offenders)


def test_the_rule_itself_catches_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from slingcoach.reports import diagrams\nimport slingcoach.cli\n")
    assert {"slingcoach.reports", "slingcoach.cli"} <= _imported_modules(bad)
