"""YAML and JSON documents within limits: alias bombs, depth, duplicate keys, odd numbers."""

from __future__ import annotations

import doctest
import itertools
import json

import pytest

from slingcoach import structured
from slingcoach.errors import InvalidInputError
from slingcoach.inputs import Limits
from slingcoach.structured import parse_document, parse_json, parse_yaml


def _laughs(levels: int) -> str:
    """The classic "billion laughs": each level repeats the one before nine times."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnop"[: levels + 1]
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def test_doctests_pass() -> None:
    result = doctest.testmod(structured)
    assert result.attempted >= 3
    assert result.failed == 0


def test_billion_laughs_is_refused_before_expansion() -> None:
    text = _laughs(8)
    assert len(text) < 450
    with pytest.raises(InvalidInputError, match=r"bomb\.yaml, line \d+, column \d+: the aliases"):
        parse_yaml(text, source="bomb.yaml")


def test_too_many_aliases_are_refused() -> None:
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * 101) + "]\n"
    with pytest.raises(InvalidInputError, match=r"line 2, column \d+: more than 100 aliases"):
        parse_yaml(text, source="t.yaml")


def test_aliases_within_the_limits_still_work() -> None:
    text = "base: &trial {left: 12, right: 10}\nagain: *trial\nmerged: {<<: *trial, right: 11}\n"
    doc = parse_yaml(text, source="t.yaml")
    assert doc.data["again"] == {"left": 12, "right": 10}
    assert doc.data["merged"] == {"left": 12, "right": 11}
    assert doc.line_of(("again", "left")) == 1  # the alias's values live where the anchor is


def test_merge_key_bomb_is_refused() -> None:
    lines = ["l0: &l0 {a: 1, b: 2, c: 3}"]
    for level in range(1, 30):
        lines.append(f"l{level}: &l{level} {{<<: [*l{level - 1}, *l{level - 1}], k{level}: 0}}")
    with pytest.raises(InvalidInputError, match="expand to more than"):
        parse_yaml("\n".join(lines), source="t.yaml")


def test_a_value_that_contains_itself_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="contains it"):
        parse_yaml("a: &x [1, *x]\n", source="t.yaml")


@pytest.mark.parametrize("levels", [33, 500, 5000])
def test_deep_yaml_is_refused_with_its_line(levels: int) -> None:
    text = "person:\n  notes: " + "[" * levels + "]" * levels + "\n"
    with pytest.raises(InvalidInputError, match=r"line 2, column \d+: nested more than 32 levels"):
        parse_yaml(text, source="t.yaml")


@pytest.mark.parametrize("levels", [33, 500, 100_000])
def test_deep_json_is_refused_with_its_line(levels: int) -> None:
    text = '{"person":\n' + "[" * levels + "]" * levels + "}"
    with pytest.raises(InvalidInputError, match=r"line 2, column \d+: nested more than 32 levels"):
        parse_json(text, source="t.json")


def test_depth_at_the_limit_is_accepted() -> None:
    text = "[" * 32 + "]" * 32
    assert parse_json(text, source="t.json").data is not None
    assert parse_yaml(text, source="t.yaml").data is not None
    limit = Limits(max_depth=3)
    with pytest.raises(InvalidInputError, match="nested more than 3 levels"):
        parse_json('{"a": {"b": {"c": []}}}', source="t.json", limit=limit)


def test_alias_nesting_counts_toward_the_depth() -> None:
    inner = "[" * 20 + "]" * 20
    text = f"a: &a {inner}\nb: [[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]\n"
    with pytest.raises(InvalidInputError, match="nested more than 32 levels"):
        parse_yaml(text, source="t.yaml")


def test_json_duplicate_key_names_both_lines() -> None:
    text = '{\n  "person": {\n    "age": 30,\n    "age": 31\n  }\n}\n'
    with pytest.raises(
        InvalidInputError, match=r"t\.json, line 4: key 'age' appears twice \(first on line 3\)"
    ):
        parse_json(text, source="t.json")


def test_yaml_duplicate_key_names_both_lines() -> None:
    with pytest.raises(InvalidInputError, match=r"line 3, column 3: key 'a' appears twice"):
        parse_yaml("x:\n  a: 1\n  a: 2\n", source="t.yaml")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: .inf\n", ".inf"),
        ("a: -.Inf\n", "-.Inf"),
        ("a: .nan\n", ".nan"),
        ("a: 1.0e+999\n", r"1\.0e\+999"),
        ("a: " + "9" * 5000 + "\n", "5000 characters"),
    ],
)
def test_yaml_numbers_that_are_not_usable_are_refused(text: str, shown: str) -> None:
    with pytest.raises(InvalidInputError, match=rf"line 1, column 4: .*{shown}.* not a usable"):
        parse_yaml(text, source="t.yaml")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('{"a":\n NaN}', "NaN"),
        ('{"a":\n -Infinity}', "-Infinity"),
        ('{"a":\n 1e999}', "1e999"),
        ('{"a":\n ' + "9" * 5000 + "}", "5000 characters"),
    ],
)
def test_json_numbers_that_are_not_usable_are_refused(text: str, shown: str) -> None:
    with pytest.raises(InvalidInputError, match=rf"line 2, column 2: .*{shown}.* not a usable"):
        parse_json(text, source="t.json")


def test_a_date_that_does_not_exist_stays_text() -> None:
    doc = parse_yaml("when: 2023-13-45\nok: 2023-01-02\n", source="t.yaml")
    assert doc.data["when"] == "2023-13-45"
    assert str(doc.data["ok"]) == "2023-01-02"


def test_python_tags_are_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"line 1, column 4: not valid YAML"):
        parse_yaml("a: !!python/object/apply:os.system ['true']\n", source="t.yaml")


def test_syntax_errors_name_line_and_column() -> None:
    with pytest.raises(InvalidInputError, match=r"line 2, column 2: not valid JSON"):
        parse_json('{"a": 1\n}}', source="t.json")
    with pytest.raises(InvalidInputError, match=r"line 2, column \d+: not valid YAML"):
        parse_yaml("a: [1, 2\nb: 3\n", source="t.yaml", what="intake")


def test_line_of_follows_keys_and_items_in_both_formats() -> None:
    data = {"person": {"name": "Sam"}, "tests": [{"left": 1}, {"left": [2, 3]}]}
    as_json = json.dumps(data, indent=2)
    doc = parse_json(as_json, source="t.json")
    lines = as_json.splitlines()
    assert lines[doc.line_of(("person", "name")) - 1].strip().startswith('"name"')
    found = doc.line_of(("tests", 1, "left", 1))
    assert found is not None and lines[found - 1].strip() == "3"
    assert doc.line_of(("tests", 5, "x")) == doc.line_of(("tests",))

    as_yaml = "person:\n  name: Sam\ntests:\n- left: 1\n- left:\n  - 2\n  - 3\n"
    ydoc = parse_yaml(as_yaml, source="t.yaml")
    assert ydoc.data == data
    assert ydoc.line_of(("person", "name")) == 2
    assert ydoc.line_of(("tests", 1, "left", 1)) == 7


def test_json_keeps_escaped_keys_and_strings() -> None:
    text = '{"a\\"b": "x}]", "c": {"d\\\\": [1, -2.5e3, true, null]}}'
    doc = parse_json(text, source="t.json")
    assert doc.data == {'a"b': "x}]", "c": {"d\\": [1, -2500.0, True, None]}}
    assert doc.line_of(("c", "d\\", 3)) == 1


def test_empty_yaml_is_none_and_format_is_chosen() -> None:
    assert parse_document("", source="t.yaml").data is None
    assert parse_document('{"a": 1}', source="t.json", format="json").format == "json"


def test_control_characters_yaml_refuses_are_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match=r"t\.yaml: not valid YAML \(.*special characters"):
        parse_yaml("a: b\x0bc\n", source="t.yaml")
