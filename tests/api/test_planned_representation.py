"""Serializers represent objects through a plan worked out once per class
(factbase.api.representation): every page answers with the same bytes and the same ETag as
DRF's own field-by-field path."""

import datetime
import json
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.db.models import Prefetch
from django.db.models.fields.related_descriptors import (
    ForwardManyToOneDescriptor,
    ManyToManyDescriptor,
)
from django.utils import timezone
from rest_framework import serializers

from claims.models import Claim, ClaimRelation
from claims.serializers import ClaimSerializer
from factbase.api.representation import PlannedRepresentation, plan_for
from sources.models import Entity, Source
from sources.serializers import SourceSerializer
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    EntityFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
_TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.fixture
def newsroom():
    """Claims with and without claimant, reviewer, assignee, tags, a merge and citations (with
    and without a speaker); sources with and without publisher and authors."""
    reviewer = UserFactory(username="rev")
    assignee = UserFactory(username="asg")
    bare_source = SourceFactory(publisher=None, url="", published_on=None)
    authored = SourceFactory(published_on=datetime.date(2024, 5, 1), url="https://e.org/a")
    authored.authors.set([EntityFactory(name="Zoe"), EntityFactory(name="Adam", aliases=["A"])])
    reviewed = ClaimFactory(
        status="published",
        verdict="accurate",
        explanation="Checked against the register.",
        reviewer=reviewer,
        reviewed_at=timezone.now(),
        assignee=assignee,
        created_by=reviewer,
        tags=["housing", "2019"],
        claimed_on=datetime.date(2019, 3, 2),
        review_url="https://e.org/review",
        review_title="Membership did rise",
        check_worthiness=0.731,
    )
    CitationFactory(claim=reviewed, source=authored, speaker=EntityFactory(), note="On p. 2")
    CitationFactory(claim=reviewed, source=bare_source, rank="preferred")
    orphan = ClaimFactory(claimant=None, text="Nobody said this")
    merged = ClaimFactory(duplicate_of=reviewed)
    CitationFactory(claim=merged, relation="supports")
    ClaimRelation.objects.create(from_claim=merged, to_claim=reviewed, score=0.8)
    return [reviewed, orphan, merged]


def _both_ways(client, url, monkeypatch):
    planned = client.get(url)
    monkeypatch.setattr(PlannedRepresentation, "planned_representation", False)
    drf = client.get(url)
    monkeypatch.setattr(PlannedRepresentation, "planned_representation", True)
    assert planned.status_code == drf.status_code == 200, drf.content
    return planned, drf


def test_every_page_answers_the_same_bytes_and_etag_as_drf(newsroom, api, reader, monkeypatch):
    reader.groups.add(Group.objects.get(name="reader"))
    client = api(reader)
    urls = [
        "/api/v1/claims/",
        "/api/v1/claims/?page_size=2",
        "/api/v1/sources/",
        "/api/v1/citations/",
        "/api/v1/entities/",
        "/api/v1/relations/",
        *(f"/api/v1/claims/{claim.pk}/" for claim in newsroom),
        *(f"/api/v1/sources/{citation.source_id}/" for citation in newsroom[0].citations.all()),
        f"/api/v1/claims/{newsroom[0].pk}/similar/",
    ]
    for url in urls:
        planned, drf = _both_ways(client, url, monkeypatch)
        assert planned.content == drf.content, url
        assert planned.get("ETag") == drf.get("ETag"), url
    detail = client.get(f"/api/v1/claims/{newsroom[0].pk}/").json()
    # What the comparison covered: nested objects, nulls and the citations.
    assert detail["reviewer"] == {"id": newsroom[0].reviewer_id, "username": "rev"}
    assert len(detail["citations"]) == 2
    assert {citation["speaker"] is None for citation in detail["citations"]} == {True, False}
    orphan = client.get(f"/api/v1/claims/{newsroom[1].pk}/").json()
    assert orphan["claimant"] is None
    assert orphan["reviewer"] is None


class _Linked(PlannedRepresentation):
    link = serializers.HyperlinkedIdentityField(view_name="claim-detail")


class _Plain(PlannedRepresentation):
    text = serializers.CharField()
    score = serializers.FloatField(source="rank", default=0.0)
    missing = serializers.CharField(required=False)


def test_a_field_that_needs_the_request_keeps_the_class_on_drfs_path():
    assert plan_for(_Linked) is None


def test_objects_and_mappings_are_represented_as_drf_does(monkeypatch):
    claim = Claim(text="Rents rose")
    mapping = {"text": "Rents fell", "rank": 0.5}
    planned = [_Plain(item).data for item in (claim, mapping)]
    monkeypatch.setattr(PlannedRepresentation, "planned_representation", False)
    assert planned == [_Plain(item).data for item in (claim, mapping)]
    # DRF's own rules held: a default for what an object lacks, nothing for an optional field.
    assert planned == [{"text": "Rents rose", "score": 0.0}, {"text": "Rents fell", "score": 0.5}]


class _Times(PlannedRepresentation):
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    in_tokyo = serializers.DateTimeField(source="created_at", default_timezone=_TOKYO)
    as_date = serializers.DateTimeField(source="reviewed_at", format="%Y-%m-%d %H:%M")
    reviewed_at = serializers.DateTimeField()


def _times_both_ways(objects, monkeypatch) -> tuple[list, list]:
    planned = [_Times(item).data for item in objects]
    assert _Times(objects, many=True).data == planned  # one object at a time, or a list
    monkeypatch.setattr(PlannedRepresentation, "planned_representation", False)
    drf = [_Times(item).data for item in objects]
    assert _Times(objects, many=True).data == drf
    monkeypatch.setattr(PlannedRepresentation, "planned_representation", True)
    return planned, drf


def test_date_times_are_written_as_drf_writes_them_in_any_time_zone(monkeypatch):
    summer = datetime.datetime(2024, 7, 1, 23, 30, 0, 120, tzinfo=datetime.UTC)
    winter = datetime.datetime(2024, 1, 1, 0, 0, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    objects = [
        Claim(created_at=summer, updated_at=winter, reviewed_at=summer),
        Claim(created_at=winter, updated_at=summer, reviewed_at=None),
        {"created_at": summer, "updated_at": winter, "reviewed_at": None},
    ]
    planned, drf = _times_both_ways(objects, monkeypatch)
    assert planned == drf
    assert planned[0]["created_at"] == "2024-07-01T23:30:00.000120Z"
    assert planned[0]["in_tokyo"] == "2024-07-02T08:30:00.000120+09:00"
    assert planned[0]["as_date"] == "2024-07-01 23:30"
    assert planned[1]["reviewed_at"] is None
    with timezone.override("Europe/London"):
        planned, drf = _times_both_ways(objects, monkeypatch)
    assert planned == drf
    assert planned[0]["created_at"] == "2024-07-02T00:30:00.000120+01:00"
    assert planned[0]["updated_at"] == "2024-01-01T05:00:00Z"  # London in winter is UTC


def test_a_page_looks_the_time_zone_up_once_not_per_claim_or_date_time(
    newsroom, api, reader, monkeypatch
):
    reader.groups.add(Group.objects.get(name="reader"))
    client = api(reader)
    lookups = []
    current = timezone.get_current_timezone

    def counted():
        lookups.append(1)
        return current()

    monkeypatch.setattr(timezone, "get_current_timezone", counted)
    page = client.get("/api/v1/claims/").json()["results"]
    # Each claim shows two or three date-times (created, updated, reviewed when it was).
    assert len(page) == 3
    assert len(lookups) == 1


class _Shouting(_Plain):
    def to_representation(self, instance):
        return {
            key: str(value).upper() for key, value in super().to_representation(instance).items()
        }


def test_a_list_of_a_class_representing_objects_its_own_way_is_represented_its_way():
    claims = [Claim(text="Rents rose"), Claim(text="Rents fell")]
    shouted = [{"text": "RENTS ROSE", "score": "0.0"}, {"text": "RENTS FELL", "score": "0.0"}]
    assert _Shouting(claims, many=True).data == shouted


class _Values(PlannedRepresentation):
    text = serializers.CharField()
    count = serializers.IntegerField()
    big = serializers.IntegerField(source="count")
    as_text = serializers.CharField(source="count")
    flag = serializers.BooleanField()
    kind = serializers.ChoiceField(choices=["person", "organisation"])
    level = serializers.ChoiceField(choices=[1, 2])  # "1" names the choice 1
    wide = serializers.BigIntegerField(source="count")
    wide_text = serializers.BigIntegerField(source="count", coerce_to_string=True)


def test_values_already_of_the_output_type_are_written_without_converting_them(monkeypatch):
    """Strings, integers and the like are written as they are; every other value is still
    converted by its field, so the JSON is DRF's."""
    calls = []
    for field_class in (serializers.CharField, serializers.IntegerField):
        original = field_class.to_representation

        def counted(field, value, original=original):
            calls.append(value)
            return original(field, value)

        monkeypatch.setattr(field_class, "to_representation", counted)
    rows = [
        {"text": "Rents rose", "count": 3, "flag": True, "kind": "person", "level": "1"},
        {"text": None, "count": 2**40, "flag": False, "kind": "organisation", "level": 2},
    ]

    class Row:
        def __init__(self, values):
            self.__dict__.update(values)

    planned = [json.dumps(_Values(Row(row)).data) for row in rows]
    # Only the integers shown as text were converted, by the field.
    assert calls == [3, 2**40]
    monkeypatch.setattr(PlannedRepresentation, "planned_representation", False)
    assert planned == [json.dumps(_Values(Row(row)).data) for row in rows]
    assert json.loads(planned[0]) == {
        "text": "Rents rose",
        "count": 3,
        "big": 3,
        "as_text": "3",
        "flag": True,
        "kind": "person",
        "level": 1,
        "wide": 3,
        "wide_text": "3",
    }


def test_a_changed_setting_for_big_integers_is_honoured(settings):
    class Row:
        text, count, flag, kind, level = "Rents rose", 3, True, "person", 1

    assert _Values(Row()).data["wide"] == 3
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "COERCE_BIGINT_TO_STRING": True}
    assert _Values(Row()).data["wide"] == "3"


def test_prefetched_related_objects_are_represented_without_making_their_manager(monkeypatch):
    """A page's prefetched authors (and a claim's citations) are read where the prefetch
    keeps them, as the related manager would give them; without a prefetch they are read
    through the manager, as DRF reads them."""
    source = SourceFactory()
    source.authors.set([EntityFactory(name="Zoe"), EntityFactory(name="Adam")])
    managers = []
    descriptor_get = ManyToManyDescriptor.__get__

    def counted(descriptor, instance, cls=None):
        if instance is not None:
            managers.append(descriptor)
        return descriptor_get(descriptor, instance, cls)

    monkeypatch.setattr(ManyToManyDescriptor, "__get__", counted)
    prefetched = Source.objects.prefetch_related("authors").get(pk=source.pk)
    managers.clear()  # (the prefetch's own)
    planned = SourceSerializer(prefetched).data
    assert managers == []
    assert [author["name"] for author in planned["authors"]] == ["Adam", "Zoe"]
    plain = SourceSerializer(Source.objects.get(pk=source.pk)).data
    assert managers  # not prefetched: read through the manager
    monkeypatch.setattr(PlannedRepresentation, "planned_representation", False)
    assert SourceSerializer(prefetched).data == planned
    assert sorted(plain["authors"], key=lambda a: a["name"]) == planned["authors"]


def test_joined_objects_are_represented_without_their_descriptor(monkeypatch):
    """A claim's claimant and reviewer read with it (`select_related`) are taken where Django
    caches them; a claim read alone still gets them through the descriptor, as DRF does."""
    claim = ClaimFactory(reviewer=UserFactory(username="rev"))
    reads = []
    descriptor_get = ForwardManyToOneDescriptor.__get__

    def counted(descriptor, instance, cls=None):
        if instance is not None:
            reads.append(descriptor.field.name)
        return descriptor_get(descriptor, instance, cls)

    monkeypatch.setattr(ForwardManyToOneDescriptor, "__get__", counted)
    joined = Claim.objects.select_related("claimant", "reviewer", "created_by", "assignee").get(
        pk=claim.pk
    )
    planned = ClaimSerializer(joined).data
    assert reads == []
    assert planned["reviewer"] == {"id": claim.reviewer_id, "username": "rev"}
    assert planned["claimant"]["id"] == claim.claimant_id
    alone = ClaimSerializer(Claim.objects.get(pk=claim.pk)).data
    assert {"claimant", "reviewer"} <= set(reads)
    monkeypatch.setattr(PlannedRepresentation, "planned_representation", False)
    assert ClaimSerializer(joined).data == planned == alone


def test_objects_changed_after_they_were_read_are_represented_as_changed(monkeypatch):
    """A joined reviewer reassigned (as an object or by key) or reloaded after the claim was
    read, and a source's authors prefetched through a filter or added to after the prefetch,
    are represented as DRF represents them: as they are now, not as they were read."""
    claim = ClaimFactory(reviewer=UserFactory(username="rev"))
    other = UserFactory(username="other")
    joined = Claim.objects.select_related("claimant", "reviewer", "created_by", "assignee")

    def assigned() -> Claim:
        read = joined.get(pk=claim.pk)
        read.reviewer = other
        return read

    def by_key() -> Claim:
        read = joined.get(pk=claim.pk)
        read.reviewer_id = other.pk
        return read

    def cleared() -> Claim:
        read = joined.get(pk=claim.pk)
        read.reviewer = None
        return read

    def reloaded() -> Claim:
        read = joined.get(pk=claim.pk)
        # Changed once (the second read finds it changed): both ways see the same row.
        Claim.objects.filter(pk=claim.pk).exclude(reviewer=other).update(reviewer=other)
        read.refresh_from_db()
        return read

    source = SourceFactory()
    source.authors.set([EntityFactory(name="Zoe"), EntityFactory(name="Adam")])
    sources = Source.objects.filter(pk=source.pk)
    only_zoe = Prefetch("authors", queryset=Entity.objects.filter(name="Zoe"))

    def filtered() -> Source:
        return sources.prefetch_related(only_zoe).get()

    bea = EntityFactory(name="Bea")

    def added_to() -> Source:
        read = sources.prefetch_related("authors").get()
        read.authors.add(bea)  # (added once: the second read finds her among them)
        return read

    cases = [
        (ClaimSerializer, assigned, "reviewer", {"id": other.pk, "username": "other"}),
        (ClaimSerializer, by_key, "reviewer", {"id": other.pk, "username": "other"}),
        (ClaimSerializer, cleared, "reviewer", None),
        (ClaimSerializer, reloaded, "reviewer", {"id": other.pk, "username": "other"}),
        (SourceSerializer, filtered, "authors", ["Zoe"]),
        (SourceSerializer, added_to, "authors", ["Adam", "Bea", "Zoe"]),
    ]
    for serializer, read, key, expected in cases:
        planned = serializer(read()).data
        monkeypatch.setattr(PlannedRepresentation, "planned_representation", False)
        assert serializer(read()).data == planned, read.__name__
        monkeypatch.setattr(PlannedRepresentation, "planned_representation", True)
        value = planned[key]
        if key == "authors":
            value = sorted(author["name"] for author in value)
        assert value == expected, read.__name__
