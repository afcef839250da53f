"""Page links carry cursors signed as Django signs (the signer's key derived once per secret,
factbase/api/pagination.py): a link given out before the secret was rotated still works while
the old secret is among SECRET_KEY_FALLBACKS, and not once it is dropped."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing

from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def _cursor(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


def test_a_cursor_is_signed_as_djangos_signer_signs_it(api, reader, settings):
    for n in range(3):
        SourceFactory(title=f"Source {n}")
    client = api(reader)
    for secret in ("a first secret of the newsroom " * 2, "a second secret of the newsroom " * 2):
        settings.SECRET_KEY = secret
        cursor = _cursor(client.get("/api/v1/sources/", {"page_size": 1}).json()["next"])
        value = signing.Signer(salt="factbase.api.cursor", sep=".").unsign(cursor)
        assert signing.Signer(salt="factbase.api.cursor", sep=".").sign(value) == cursor


def test_a_link_outlives_a_key_rotation_while_the_old_key_is_a_fallback(api, reader, settings):
    for n in range(3):
        SourceFactory(title=f"Source {n}")
    client = api(reader)
    old = "the secret before the rotation " * 2
    settings.SECRET_KEY = old
    page = {"page_size": 1}
    link = client.get("/api/v1/sources/", page).json()["next"]
    second = client.get(link).json()["results"]
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the secret after it " * 3, [old]
    assert client.get(link).json()["results"] == second
    settings.SECRET_KEY_FALLBACKS = []
    response = client.get(link)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]
