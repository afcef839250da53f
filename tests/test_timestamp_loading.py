"""timestamptz values are read by psycopg's C loader (factbase/timestamp_loading.py), giving
exactly what Django's own loader gave: aware date-times in the connection's time zone (UTC),
dates as dates, NULL as None, infinities refused as before."""

import datetime

import psycopg
import pytest
from django.db import DataError, connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.test import override_settings
from psycopg.adapt import Transformer
from psycopg.pq import Format

from claims.models import Claim
from factbase.timestamp_loading import TIMESTAMPTZ_OID, c_loader_available
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC

# Values as PostgreSQL writes them in a UTC session and as Django's loader reads them.
VALUES = {
    "2026-11-27 04:35:49.123456+00": datetime.datetime(2026, 11, 27, 4, 35, 49, 123456, UTC),
    "2024-02-29 23:59:59+05:30": datetime.datetime(2024, 2, 29, 18, 29, 59, tzinfo=UTC),
    "2021-03-28 01:30:00-09:00": datetime.datetime(2021, 3, 28, 10, 30, tzinfo=UTC),
    "1900-01-01 00:00:00+00": datetime.datetime(1900, 1, 1, tzinfo=UTC),
    "0001-01-01 00:00:00+00": datetime.datetime(1, 1, 1, tzinfo=UTC),
    "9999-12-31 23:59:59.999999+00": datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, UTC),
}
SELECT = (
    "SELECT a::timestamptz, NULL::timestamptz, a::timestamptz::date "
    "FROM unnest(%s::text[]) WITH ORDINALITY AS t(a, n) ORDER BY n"
)


def _read(sql, params, *, djangos_loader=False):
    with connection.cursor() as cursor:
        if djangos_loader:
            register_tzloader(connection.timezone, cursor.cursor)
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_timestamptz_and_date_columns_read_as_before():
    rows = _read(SELECT, [list(VALUES)])

    assert rows == _read(SELECT, [list(VALUES)], djangos_loader=True)
    assert [row[0] for row in rows] == list(VALUES.values())
    for moment, missing, day in rows:
        assert type(moment) is datetime.datetime
        assert moment.tzinfo is datetime.UTC
        assert missing is None
        assert type(day) is datetime.date
        assert day == moment.date()


@pytest.mark.parametrize("value", ["infinity", "-infinity"])
def test_infinite_timestamps_are_refused_as_before(value):
    for djangos_loader in (False, True):
        with pytest.raises(DataError, match=r"timestamp too (large|small)"):
            _read("SELECT %s::timestamptz", [value], djangos_loader=djangos_loader)


@pytest.mark.skipif(not c_loader_available(), reason="psycopg without its C implementation")
def test_the_c_loader_reads_a_cursors_timestamps():
    default_c_loader = psycopg.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    with connection.cursor() as cursor:
        loader = Transformer.from_context(cursor.cursor).get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    assert type(loader) is default_c_loader


def test_models_read_aware_utc_datetimes():
    created = ClaimFactory().created_at

    claim = Claim.objects.get()

    assert claim.created_at == created
    assert claim.created_at.tzinfo is datetime.UTC


def test_without_time_zone_support_date_times_are_naive_as_before():
    with override_settings(USE_TZ=False):
        rows = _read(SELECT, [["2026-11-27 04:35:49.5+00"]])
    assert rows == [
        (datetime.datetime(2026, 11, 27, 4, 35, 49, 500000), None, datetime.date(2026, 11, 27))
    ]
