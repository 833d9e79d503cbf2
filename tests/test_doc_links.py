"""Every link in the README and the docs points at a file that exists in the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(
    [ROOT / "README.md", *ROOT.glob("docs/**/*.md"), *ROOT.glob("samples/**/*.md")],
    key=str,
)
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
MENTION = re.compile(
    r"(?<![\w/])((?:docs|samples|benchmarks|src|tests)/[\w./-]+\.(?:md|json|yaml|py|png|svg))"
)


def _targets(page: Path) -> list[tuple[str, Path]]:
    text = page.read_text(encoding="utf-8")
    found = [
        (link, page.parent / link)
        for link in LINK.findall(text)
        if not link.startswith(("http://", "https://", "mailto:"))
    ]
    found += [(mention, ROOT / mention) for mention in MENTION.findall(text)]
    return found


def test_there_are_pages_with_links() -> None:
    assert len(PAGES) >= 5
    assert sum(len(_targets(page)) for page in PAGES) >= 20


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_resolve(page: Path) -> None:
    missing = [name for name, target in _targets(page) if not target.exists()]
    assert not missing, f"{page.relative_to(ROOT)} links to missing files: {missing}"


def test_code_cites_papers_not_a_document_outside_the_repository() -> None:
    # science.md is the team's notes, not shipped: code cites the paper itself.
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "src").rglob("*.py"))
        if "science.md" in path.read_text(encoding="utf-8")
    ]
    assert not offenders
