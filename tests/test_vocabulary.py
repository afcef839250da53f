"""One vocabulary for kinds: what the text pipeline calls a source or an entity is what the
database stores and the API and admin offer, so an extracted item is never refused or
mislabelled for its kind."""

import pytest

from newstext import metadata, names
from newstext.furniture import LineKind
from sources.models import EntityKind, SourceKind


def test_source_kinds_are_the_pipelines_kinds_in_its_order():
    assert SourceKind.values == list(metadata.KINDS)


def test_entity_kinds_are_the_pipelines_kinds():
    assert EntityKind.values == [names.PERSON, names.ORGANISATION]
    assert metadata.Publisher(name="Riverside Tenants Union").kind == EntityKind.ORGANISATION


@pytest.mark.parametrize(
    ("title", "layout", "header", "kind"),
    [
        ("Council approves budget", "article", (), SourceKind.ARTICLE),
        ("Statement: on the budget", "article", (), SourceKind.STATEMENT),
        ("Union writes to the council", "listing", (), SourceKind.LETTER),
        ("Annual Report 2020", "listing", (), SourceKind.REPORT),
        ("Budget day", "listing", (), SourceKind.WEB_PAGE),
        ("Budget day", "listing", ((LineKind.LABEL, "Press release: 3 March"),), "press_release"),
        ("Budget day", "listing", ((LineKind.LABEL, "Notice"),), SourceKind.OTHER),
    ],
)
def test_every_kind_the_pipeline_detects_is_a_stored_kind(title, layout, header, kind):
    detected = metadata.detect_kind(title, "", layout=layout, header=header)
    assert detected == kind
    assert detected in SourceKind.values
