"""API representations of claims and citations; writes go through `claims.services`."""

from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from claims import services
from claims.models import (
    CLAIM_TEXT_MAX_CHARS,
    EXPLANATION_MAX_CHARS,
    NOTE_MAX_CHARS,
    QUOTE_MAX_CHARS,
    REVIEW_TITLE_MAX_CHARS,
    REVIEW_URL_MAX_CHARS,
    Citation,
    CitationRank,
    CitationRelation,
    Claim,
    ClaimOrigin,
    ClaimRelation,
    ClaimStatus,
    RelationStatus,
    Verdict,
)
from claims.services import REVIEW_PERMISSION
from factbase.api.representation import PlannedRepresentation
from factbase.api.serializers import StrictModelSerializer, StrictSerializer
from sources.models import Entity, Source
from sources.serializers import EntityCompactSerializer, id_field, reference_field

MAX_OFFSET = 2_147_483_647


class UserCompactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


def _changed(instance: Any, validated_data: dict[str, Any]) -> dict[str, Any]:
    """Only the values that differ: sending back an unchanged read-only value is not an error."""
    return {
        field: value for field, value in validated_data.items() if getattr(instance, field) != value
    }


class ClaimSerializer(StrictModelSerializer):
    """A checkable statement, who made it and when, and where the newsroom stands on it."""

    known_read_only = frozenset({"citations", "likely_duplicates"})

    text = serializers.CharField(max_length=CLAIM_TEXT_MAX_CHARS)
    claimant = EntityCompactSerializer(read_only=True, allow_null=True)
    claimant_id = reference_field(
        "claimant", Entity.objects.all(), help_text="Who made the claim (an entity id)."
    )
    status = serializers.ChoiceField(
        choices=ClaimStatus.choices,
        required=False,
        help_text="`reviewed` and `published` need the claims.review_claim permission; "
        "`published` also needs a verdict, an explanation and the review article's URL and "
        "title (400 naming what is missing).",
    )
    verdict = serializers.ChoiceField(
        choices=Verdict.choices,
        required=False,
        help_text="Changing it needs the claims.review_claim permission.",
    )
    explanation = serializers.CharField(
        max_length=EXPLANATION_MAX_CHARS, allow_blank=True, required=False
    )
    reviewer = UserCompactSerializer(read_only=True, allow_null=True)
    review_url = serializers.URLField(
        max_length=REVIEW_URL_MAX_CHARS,
        allow_blank=True,
        required=False,
        help_text="Where the newsroom publishes its review of this claim; empty: the "
        "newsroom's review URL template. Publishing needs one or the other.",
    )
    review_title = serializers.CharField(
        max_length=REVIEW_TITLE_MAX_CHARS,
        allow_blank=True,
        required=False,
        help_text="The review article's headline; empty: the newsroom's review title "
        "template. Publishing needs one or the other.",
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50), max_length=30, required=False
    )
    origin = serializers.ChoiceField(
        choices=ClaimOrigin.choices,
        read_only=True,
        help_text="How the claim got here (set by the server): `entered` when posted to claims/, "
        "`extracted` when found by `sources/?extract=true`.",
    )
    check_worthiness = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="The extractor's estimate (0 to 1) that the claim is worth checking.",
    )
    created_by = UserCompactSerializer(read_only=True, allow_null=True)
    assignee = UserCompactSerializer(read_only=True, allow_null=True)
    assignee_id = reference_field(
        "assignee",
        get_user_model().objects.all(),
        help_text="The journalist checking this claim (a user id).",
    )
    duplicate_of: serializers.PrimaryKeyRelatedField[Claim] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    citation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "claimant",
            "claimant_id",
            "claimed_on",
            "status",
            "verdict",
            "explanation",
            "reviewer",
            "reviewed_at",
            "review_url",
            "review_title",
            "tags",
            "origin",
            "check_worthiness",
            "fact_key",
            "version",
            "created_by",
            "assignee",
            "assignee_id",
            "duplicate_of",
            "citation_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "reviewed_at",
            "fact_key",
            "version",
            "created_at",
            "updated_at",
        ]
        validators: list[Any] = []

    def _user(self):
        return self.context["request"].user

    def _require_review_permission(self, claim: Claim, changes: dict[str, Any]) -> None:
        if services.is_review_change(claim, changes) and not self._user().has_perm(
            REVIEW_PERMISSION
        ):
            raise PermissionDenied(
                "Setting a verdict or explanation, or marking a claim reviewed or published, "
                f"needs the {REVIEW_PERMISSION} permission."
            )

    def create(self, validated_data: dict[str, Any]) -> Claim:
        review = {
            field: validated_data.pop(field)
            for field in services.CLAIM_CREATE_LATER_FIELDS
            if field in validated_data
        }
        review = _changed(Claim(), review)
        self._require_review_permission(Claim(), review)
        return services.claim_create(**validated_data, created_by=self._user(), review=review)

    def update(self, instance: Claim, validated_data: dict[str, Any]) -> Claim:
        # The view holds the claim's row lock and has checked If-Match against this very row.
        changes = _changed(instance, validated_data)
        self._require_review_permission(instance, changes)
        return services.claim_update(
            claim=instance, changes=changes, user=self._user(), locked=True
        )


class SourceCompactSerializer(serializers.ModelSerializer):
    """A source as embedded in a citation."""

    publisher = EntityCompactSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Source
        fields = ["id", "title", "publisher", "published_on", "url"]


class CitationSerializer(StrictModelSerializer):
    """A claim's appearance in (or evidence from) a source: an exact passage, by offsets."""

    claim_id = serializers.PrimaryKeyRelatedField(
        source="claim", queryset=Claim.objects.all(), pk_field=id_field()
    )
    # DRF's metaclass moves declared fields off the class: this does not hide Field.source.
    source = SourceCompactSerializer(read_only=True)  # type: ignore[assignment]
    source_id = reference_field(
        "source", Source.objects.defer("search_vector"), allow_null=False, required=True
    )
    relation = serializers.ChoiceField(choices=CitationRelation.choices, required=False)
    quote = serializers.CharField(
        max_length=QUOTE_MAX_CHARS,
        trim_whitespace=False,
        help_text="Exactly the source text between `start` and `end`.",
    )
    start = serializers.IntegerField(
        min_value=0,
        max_value=MAX_OFFSET,
        required=False,
        allow_null=True,
        help_text="Offset of the quote's first character; omit it to have the quote located "
        "(it must then occur exactly once).",
    )
    end = serializers.IntegerField(
        min_value=1,
        max_value=MAX_OFFSET,
        required=False,
        allow_null=True,
        help_text="Offset just past the quote's last character (default: start + length).",
    )
    speaker = EntityCompactSerializer(read_only=True, allow_null=True)
    speaker_id = reference_field(
        "speaker", Entity.objects.all(), help_text="Who is quoted, when that is not the claimant."
    )
    rank = serializers.ChoiceField(choices=CitationRank.choices, required=False)
    note = serializers.CharField(max_length=NOTE_MAX_CHARS, allow_blank=True, required=False)
    created_by = UserCompactSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Citation
        fields = [
            "id",
            "claim_id",
            "source",
            "source_id",
            "relation",
            "quote",
            "start",
            "end",
            "prefix",
            "suffix",
            "speaker",
            "speaker_id",
            "speaker_as_written",
            "rank",
            "note",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "prefix",
            "suffix",
            "speaker_as_written",
            "created_at",
            "updated_at",
        ]
        validators: list[Any] = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["claim_id"] = instance.claim_id
        return data

    def create(self, validated_data: dict[str, Any]) -> Citation:
        rank = validated_data.pop("rank", None)
        user = self.context["request"].user
        if validated_data.get("start") is None:
            validated_data.pop("start", None)
            validated_data.pop("end", None)
        citation = services.citation_create(**validated_data, created_by=user)
        if rank is not None and rank != citation.rank:
            citation = services.citation_update(
                citation=citation, changes={"rank": rank}, user=user
            )
        return citation

    def update(self, instance: Citation, validated_data: dict[str, Any]) -> Citation:
        changes = _changed(instance, validated_data)
        if changes.get("start", 0) is None:
            changes.pop("start")
            changes.pop("end", None)
        if not changes:
            return instance
        return services.citation_update(
            citation=instance, changes=changes, user=self.context["request"].user
        )


class ClaimCitationSerializer(serializers.ModelSerializer):
    """A citation as embedded in its claim: quote, offsets, relation and a compact source."""

    # DRF's metaclass moves declared fields off the class: this does not hide Field.source.
    source = SourceCompactSerializer(read_only=True)  # type: ignore[assignment]
    speaker = EntityCompactSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Citation
        fields = [
            "id",
            "source",
            "relation",
            "quote",
            "start",
            "end",
            "speaker",
            "speaker_as_written",
            "rank",
            "note",
        ]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with its claimant and its citations (each with a compact source)."""

    citations = ClaimCitationSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "citations"]


class SimilarClaimSerializer(PlannedRepresentation):
    """A claim likely to state the same thing, with how sure the match is."""

    id = serializers.IntegerField(source="claim.id")
    text = serializers.CharField(source="claim.text")
    claimant = EntityCompactSerializer(source="claim.claimant", allow_null=True)
    status = serializers.CharField(source="claim.status")
    verdict = serializers.CharField(source="claim.verdict")
    score = serializers.FloatField(help_text="0–1, higher is more similar.")
    method = serializers.CharField(
        help_text="How the candidate was found: full-text (its words, a misspelt word by its "
        "first letters)."
    )


class ClaimCreatedSerializer(ClaimDetailSerializer):
    """The new claim, and existing claims that probably state the same thing."""

    likely_duplicates = SimilarClaimSerializer(
        many=True,
        read_only=True,
        help_text="Existing claims likely to be the same: link or merge instead of keeping both.",
    )

    class Meta(ClaimDetailSerializer.Meta):
        fields = [*ClaimDetailSerializer.Meta.fields, "likely_duplicates"]


# --- Merging and deciding suggested relations ------------------------------------------------


class ClaimMergeSerializer(StrictSerializer):
    """Which claim the addressed claim is merged into."""

    into = serializers.PrimaryKeyRelatedField(
        queryset=Claim.objects.defer("search_vector"),
        pk_field=id_field(),
        help_text="The claim that stands for both afterwards (its id); the addressed claim's "
        "citations move to it and the addressed claim is kept, marked `duplicate_of`.",
    )

    def validate_into(self, into: Claim) -> Claim:
        # DRF reports the service's ValidationError under `into`.
        services.claim_merge_check_pair(duplicate=self.context["duplicate"], into=into)
        return into


class ClaimSummarySerializer(serializers.ModelSerializer):
    """A claim as embedded in a relation: enough to decide without another request."""

    claimant = EntityCompactSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Claim
        fields = ["id", "text", "claimant", "status", "verdict", "duplicate_of"]
        read_only_fields = fields


class ClaimRelationSerializer(PlannedRepresentation, serializers.ModelSerializer):
    """A suggested or decided link between two claims."""

    from_claim = ClaimSummarySerializer(read_only=True)
    to_claim = ClaimSummarySerializer(read_only=True)
    decided_by = UserCompactSerializer(read_only=True, allow_null=True)
    method = serializers.CharField(read_only=True, help_text="How the match was found.")

    class Meta:
        model = ClaimRelation
        fields = [
            "id",
            "from_claim",
            "to_claim",
            "kind",
            "status",
            "score",
            "method",
            "decided_by",
            "decided_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RelationDecisionSerializer(StrictSerializer):
    """A journalist's decision on a suggested relation."""

    status = serializers.ChoiceField(
        choices=[
            (RelationStatus.CONFIRMED.value, RelationStatus.CONFIRMED.label),
            (RelationStatus.REJECTED.value, RelationStatus.REJECTED.label),
        ],
        help_text="`confirmed`: the claims are related as suggested (both are kept; merge to "
        "make them one); `rejected`: they are not, and the suggestion is dismissed.",
    )


# --- Bulk creation: references as plain ids (looked up for the whole batch at once) -----------


class ClaimBulkItemSerializer(ClaimSerializer):
    """A new claim in a bulk create (status `new`; review it with PATCH afterwards)."""

    # References are plain ids here (the view looks them up for the whole batch), replacing
    # the inherited related fields: DRF collects declared fields per class, so this is safe.
    claimant_id = id_field(  # type: ignore[assignment]
        required=False, allow_null=True, help_text="Who made the claim (an entity id)."
    )

    class Meta(ClaimSerializer.Meta):
        fields = ["text", "claimant_id", "claimed_on", "tags"]


class CitationBulkItemSerializer(CitationSerializer):
    """A new citation in a bulk create."""

    # Plain ids replacing the inherited related fields, as in ClaimBulkItemSerializer.
    claim_id = id_field(help_text="The claim cited for (a claim id).")  # type: ignore[assignment]
    source_id = id_field(help_text="The source quoted (a source id).")  # type: ignore[assignment]
    speaker_id = id_field(  # type: ignore[assignment]
        required=False,
        allow_null=True,
        help_text="Who is quoted, when that is not the claimant.",
    )

    class Meta(CitationSerializer.Meta):
        fields = [
            "claim_id",
            "source_id",
            "quote",
            "start",
            "end",
            "relation",
            "speaker_id",
            "rank",
            "note",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("start") is None:
            attrs.pop("start", None)
            attrs.pop("end", None)
        return attrs
