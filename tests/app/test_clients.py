"""Client use cases on both databases: add, list, show, find with did-you-mean."""

from __future__ import annotations

import datetime as dt

import pytest

from slingcoach.app.clients import (
    ClientCreate,
    add_client,
    list_clients,
    show_client,
    slugify,
)
from slingcoach.errors import ConflictError, InvalidInputError, NotFoundError
from slingcoach.storage.database import Database

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_add_makes_a_unique_id_from_the_name(db: Database) -> None:
    first = add_client(db, ClientCreate(name="Sam  Rivera", body_mass_kg=78.5), now=NOW)
    second = add_client(db, ClientCreate(name="Sam Rivera"), now=NOW)
    third = add_client(db, ClientCreate(name="Sam Rivera"), now=NOW)
    assert [first.slug, second.slug, third.slug] == ["sam-rivera", "sam-rivera-2", "sam-rivera-3"]
    assert first.name == "Sam Rivera" and first.body_mass_kg == 78.5
    assert first.created_at == NOW


def test_a_given_id_that_is_taken_is_a_conflict(db: Database) -> None:
    add_client(db, ClientCreate(name="A", slug="coach-pick"), now=NOW)
    with pytest.raises(ConflictError, match="'coach-pick' exists already"):
        add_client(db, ClientCreate(name="B", slug="coach-pick"), now=NOW)
    assert [c.slug for c in list_clients(db)] == ["coach-pick"]


@pytest.mark.parametrize("bad", ["Sam Rivera", "sam--rivera", "-sam", "sam_rivera", "x" * 81])
def test_bad_ids_are_refused_with_the_rule(bad: str) -> None:
    with pytest.raises(ValueError, match="lowercase letters, digits and single hyphens"):
        ClientCreate(name="Sam", slug=bad)


def test_slugify_keeps_ascii_words() -> None:
    assert slugify("Zoë O'Brien") == "zoe-o-brien"
    assert slugify("李小龙") == "client"
    assert slugify("../../escaped") == "escaped"


def test_list_is_by_name_with_counts(db: Database) -> None:
    add_client(db, ClientCreate(name="Zed"), now=NOW)
    add_client(db, ClientCreate(name="Amy"), now=NOW)
    rows = list_clients(db)
    assert [r.name for r in rows] == ["Amy", "Zed"]
    assert all(r.assessments == 0 and r.programs == 0 for r in rows)


def test_unknown_client_suggests_close_ids(db: Database) -> None:
    add_client(db, ClientCreate(name="Sam Rivera"), now=NOW)
    with pytest.raises(NotFoundError, match=r"no client with the id 'sam-rivra'.*sam-rivera"):
        show_client(db, "sam-rivra")
    with pytest.raises(InvalidInputError, match="is not a client id"):
        show_client(db, "")


def test_show_an_empty_client(db: Database) -> None:
    add_client(db, ClientCreate(name="Sam Rivera"), now=NOW)
    detail = show_client(db, "sam-rivera")
    assert detail.intakes == 0 and detail.assessments == [] and detail.programs == []
