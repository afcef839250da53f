"""Rows inserted as one JSON array (factbase.json_insert) are stored as `bulk_create` stores them:
every column's value, arrays, dates and floats included, with keys either reserved or given by
the table, and one statement whatever the number of rows."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.expressions import DatabaseDefault
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimOrigin
from factbase.json_insert import insert_as_json
from sources.models import Entity

pytestmark = pytest.mark.django_db


def _stored(claim: Claim) -> dict:
    fields = [f.attname for f in Claim._meta.concrete_fields if f.name != "search_vector"]
    return {name: getattr(Claim.objects.get(pk=claim.pk), name) for name in fields}


def test_rows_are_stored_as_bulk_create_stores_them():
    claimant = Entity.objects.create(name="Ann Lee", kind="person")

    def made() -> list[Claim]:
        return [
            Claim(
                text="Rents rose 4.5% “last year”\nin Leeds.",
                claimant=claimant,
                claimed_on=datetime.date(2016, 2, 29),
                check_worthiness=0.123,
                tags=["housing", 'o\'clock "quoted"'],
                origin=ClaimOrigin.EXTRACTED,
                fact_key="rents|rose|",
            ),
            Claim(text="Unemployment fell.", check_worthiness=None, tags=[]),
        ]

    expected = Claim.objects.bulk_create(made())
    inserted = insert_as_json(made())
    assert all(claim.pk and not claim._state.adding for claim in inserted)
    for old, new in zip(expected, inserted, strict=True):
        assert new.search_vector == old.search_vector
        assert new.created_at is not None
        assert new.updated_at is not None
        ignored = {"id", "created_at", "updated_at"}
        old_row, new_row = _stored(old), _stored(new)
        assert {k: v for k, v in new_row.items() if k not in ignored} == {
            k: v for k, v in old_row.items() if k not in ignored
        }
        assert new_row["created_at"] == new.created_at  # the stamp set on the instance


def test_reserved_keys_are_kept_and_one_statement_serves_any_number_of_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('claims_claim', 'id')) + 100")
        (first,) = cursor.fetchone()
    statements = []
    for count in (1, 3):
        claims = [Claim(pk=first + count * 10 + i, text=f"Claim {i}.") for i in range(count)]
        with CaptureQueriesContext(connection) as captured:
            insert_as_json(claims)
        assert [c.pk for c in claims] == [first + count * 10 + i for i in range(count)]
        assert Claim.objects.filter(pk__in=[c.pk for c in claims]).count() == count
        (query,) = captured.captured_queries
        # The statement less its one value (the rows' JSON, interpolated in the captured text).
        statements.append(re.sub(r"'(?:[^']|'')*'::jsonb", "?", query["sql"]))
    assert statements[0] == statements[1]


def test_a_value_without_a_json_form_is_refused():
    claim = Claim(text="Rents rose.")
    claim.explanation = DatabaseDefault(Value(""))
    with pytest.raises(TypeError, match="no JSON form"):
        insert_as_json([claim])
    with pytest.raises(ValueError, match="every instance has its key or none"):
        insert_as_json([Claim(pk=10**12, text="A."), Claim(text="B.")])
