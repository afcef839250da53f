"""API representations of entities and sources; writes go through `sources.services`."""

from typing import Any

from rest_framework import serializers

from factbase.api.serializers import StrictModelSerializer
from sources import services
from sources.models import (
    BODY_MAX_CHARS,
    DESCRIPTION_MAX_CHARS,
    NAME_MAX_CHARS,
    Entity,
    EntityKind,
    Source,
    SourceKind,
)

MAX_ID = 2**63 - 1


def id_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def reference_field(
    source: str, queryset: Any, **kwargs: Any
) -> serializers.PrimaryKeyRelatedField:
    """A write-only `<name>_id` input for a related object whose read form is nested."""
    options = {"allow_null": True, "required": False, "write_only": True, **kwargs}
    if options.get("many"):
        options.pop("allow_null")
    return serializers.PrimaryKeyRelatedField(
        source=source, queryset=queryset, pk_field=id_field(), **options
    )


def no_nul_characters(value: Any) -> Any:
    """PostgreSQL cannot store NUL characters, in text or in JSON; refuse them as input."""
    if isinstance(value, str) and "\x00" in value:
        raise serializers.ValidationError("NUL characters are not allowed.")
    if isinstance(value, dict):
        for key, item in value.items():
            no_nul_characters(key)
            no_nul_characters(item)
    if isinstance(value, list):
        for item in value:
            no_nul_characters(item)
    return value


class EntityCompactSerializer(serializers.ModelSerializer):
    """An entity as embedded in other resources."""

    class Meta:
        model = Entity
        fields = ["id", "name", "kind"]


class EntitySerializer(StrictModelSerializer):
    """A person or organisation: claimant, publisher, author or quoted speaker."""

    name = serializers.CharField(max_length=NAME_MAX_CHARS)
    kind = serializers.ChoiceField(choices=EntityKind.choices)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=NAME_MAX_CHARS), max_length=50, required=False
    )
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX_CHARS, allow_blank=True, required=False
    )
    wikidata_id = serializers.RegexField(
        r"^Q[1-9][0-9]*$", max_length=20, allow_blank=True, required=False
    )

    class Meta:
        model = Entity
        fields = [
            "id",
            "name",
            "kind",
            "aliases",
            "description",
            "wikidata_id",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        # The model's constraints are checked by full_clean in the service.
        validators: list[Any] = []

    def create(self, validated_data: dict[str, Any]) -> Entity:
        return services.entity_create(**validated_data)

    def update(self, instance: Entity, validated_data: dict[str, Any]) -> Entity:
        return services.entity_update(entity=instance, changes=validated_data)


class SourceSerializer(StrictModelSerializer):
    """A document claims come from (the body is in the detail representation only).

    What the claims app knows of a source (its citations) it adds in subclasses."""

    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)
    title = serializers.CharField(max_length=500)
    url = serializers.URLField(max_length=2000, allow_blank=True, required=False)
    publisher = EntityCompactSerializer(read_only=True, allow_null=True)
    publisher_id = reference_field(
        "publisher",
        Entity.objects.all(),
        help_text="The publishing entity (usually an organisation).",
    )
    authors = EntityCompactSerializer(many=True, read_only=True)
    author_ids = reference_field("authors", Entity.objects.all(), many=True)
    language = serializers.CharField(max_length=16, required=False)
    body = serializers.CharField(
        max_length=BODY_MAX_CHARS,
        write_only=True,
        trim_whitespace=False,
        help_text="The full text; returned by the detail endpoint.",
    )
    origin = serializers.JSONField(
        required=False,
        validators=[no_nul_characters],
        help_text="Where the source came from (file or URL, position in that page).",
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "kind",
            "title",
            "url",
            "publisher",
            "publisher_id",
            "authors",
            "author_ids",
            "published_on",
            "language",
            "body",
            "body_sha256",
            "origin",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "body_sha256", "created_at", "updated_at"]
        validators: list[Any] = []

    def validate_origin(self, value: Any) -> dict:
        if not isinstance(value, dict):
            raise serializers.ValidationError("Must be a JSON object.")
        return value

    def create(self, validated_data: dict[str, Any]) -> Source:
        return services.source_create(**validated_data)

    def update(self, instance: Source, validated_data: dict[str, Any]) -> Source:
        return services.source_update(source=instance, changes=validated_data)


class SourceDetailSerializer(SourceSerializer):
    """A source with its full text."""

    body = serializers.CharField(read_only=True)


class SourceBulkItemSerializer(SourceSerializer):
    """A new source in a bulk create."""

    # References are plain ids here (the view looks them up for the whole batch), replacing
    # the inherited related fields: DRF collects declared fields per class, so this is safe.
    publisher_id = id_field(  # type: ignore[assignment]
        required=False,
        allow_null=True,
        help_text="The publishing entity (usually an organisation).",
    )
    author_ids = serializers.ListField(  # type: ignore[assignment]
        child=id_field(), max_length=100, required=False, help_text="Its authors (entity ids)."
    )

    class Meta(SourceSerializer.Meta):
        fields = [
            "kind",
            "title",
            "url",
            "publisher_id",
            "author_ids",
            "published_on",
            "language",
            "body",
            "origin",
        ]
