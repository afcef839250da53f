"""Claims (checkable statements with their editorial state) and citations (anchored evidence)."""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F

from claims.anchoring import CONTEXT_CHARS, anchor_error, context_around
from factbase.db import ChecksValidatedInPython, history_tracking, max_length_check
from factbase.row_loading import LoadedFromRows
from sources.models import NAME_MAX_CHARS, SEARCH_CONFIG, Entity, Source, nullable_key_indexes

CLAIM_TEXT_MAX_CHARS = 5_000
EXPLANATION_MAX_CHARS = 20_000
QUOTE_MAX_CHARS = 10_000
NOTE_MAX_CHARS = 5_000
REVIEW_TITLE_MAX_CHARS = 500
REVIEW_URL_MAX_CHARS = 2_000


class ClaimStatus(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    REVIEWED = "reviewed", "Reviewed"
    PUBLISHED = "published", "Published"


class Verdict(models.TextChoices):
    UNRATED = "unrated", "Unrated"
    ACCURATE = "accurate", "Accurate"
    MOSTLY_ACCURATE = "mostly_accurate", "Mostly accurate"
    MIXED = "mixed", "Mixed"
    MISLEADING = "misleading", "Misleading"
    INACCURATE = "inaccurate", "Inaccurate"
    UNPROVEN = "unproven", "Unproven"


class ClaimOrigin(models.TextChoices):
    ENTERED = "entered", "Entered by a journalist"
    EXTRACTED = "extracted", "Extracted from a source"
    IMPORTED = "imported", "Imported"


@history_tracking(exclude=("search_vector",), quiet=("version",))
class Claim(LoadedFromRows, ChecksValidatedInPython):
    """A checkable statement, who made it and when, and where the newsroom stands on it."""

    text = models.TextField(validators=[MaxLengthValidator(CLAIM_TEXT_MAX_CHARS)])
    claimant = models.ForeignKey(
        Entity,
        # Deleting a person or organisation must not silently orphan what they claimed.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    claimed_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.NEW)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.UNRATED)
    explanation = models.TextField(
        blank=True, validators=[MaxLengthValidator(EXPLANATION_MAX_CHARS)]
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_claims",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_url = models.URLField(
        max_length=REVIEW_URL_MAX_CHARS,
        blank=True,
        help_text="Where the newsroom publishes its review of this claim (the fact-check "
        "article); empty: the newsroom's review URL template.",
    )
    review_title = models.CharField(
        max_length=REVIEW_TITLE_MAX_CHARS,
        blank=True,
        help_text="The headline of that article; empty: the newsroom's review title template.",
    )
    tags = ArrayField(models.CharField(max_length=50), blank=True, default=list, size=30)
    origin = models.CharField(
        max_length=20, choices=ClaimOrigin.choices, default=ClaimOrigin.ENTERED
    )
    check_worthiness = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="For extracted claims: how likely the statement is worth checking (0–1).",
    )
    fact_key = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="The checkable fact in normal form (e.g. who, what, which year), set by "
        "extraction; claims with the same key are one claim.",
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Incremented by the database on every change."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_claims",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
        help_text="The journalist checking this claim.",
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        help_text="Set when this claim was merged into another; its citations moved there.",
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("text", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("review_claim", "Can review claims: set verdicts and mark reviewed or published")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ClaimStatus.values), name="claims_claim_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(verdict__in=Verdict.values), name="claims_claim_verdict_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(origin__in=ClaimOrigin.values), name="claims_claim_origin_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(check_worthiness__isnull=True)
                | models.Q(check_worthiness__gte=0, check_worthiness__lte=1),
                name="claims_claim_check_worthiness_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(text=""), name="claims_claim_text_not_empty"
            ),
            max_length_check("text", CLAIM_TEXT_MAX_CHARS, name="claims_claim_text_max"),
            max_length_check(
                "explanation", EXPLANATION_MAX_CHARS, name="claims_claim_explanation_max"
            ),
        ]
        indexes = [
            # No pending list (fastupdate off): with one, every search also reads the entries
            # inserted since the last flush (up to 4 MB), and the importer searches this index
            # a hundred times per document while it inserts claims. Inserting straight into the
            # index costs a little more per claim than it saves per search.
            GinIndex(fields=["search_vector"], name="claims_claim_search", fastupdate=False),
            # The substring filters (`text=`, `explanation=`): ILIKE, which these trigram
            # indexes serve at any table size (factbase.db.ContainsAnyCase).
            GinIndex(fields=["text"], opclasses=["gin_trgm_ops"], name="claims_claim_text_trgm"),
            GinIndex(
                fields=["explanation"],
                opclasses=["gin_trgm_ops"],
                name="claims_claim_explain_trgm",
            ),
            GinIndex(fields=["tags"], name="claims_claim_tags"),
            # varchar_pattern_ops: the importer looks keys up by prefix (LIKE 'subject|pred|%').
            models.Index(
                fields=["fact_key"], name="claims_claim_fact_key", opclasses=["varchar_pattern_ops"]
            ),
            # Every list ordering is read from an index in page order (factbase.api.pagination):
            # (key, id) serves a NOT NULL key both ways; a key that may be NULL also needs the
            # DESC NULLS LAST form, since NULLs come last in both directions.
            models.Index(fields=["created_at", "id"], name="claims_claim_created"),
            models.Index(fields=["updated_at", "id"], name="claims_claim_updated_id"),
            *nullable_key_indexes("claimed_on", "claims_claim_claimed"),
            *nullable_key_indexes("reviewed_at", "claims_claim_reviewed"),
            *nullable_key_indexes("check_worthiness", "claims_claim_worthy"),
            # The common filters, newest first.
            models.Index(fields=["status", "created_at", "id"], name="claims_claim_status_new"),
            models.Index(fields=["verdict", "created_at", "id"], name="claims_claim_verdict_new"),
            models.Index(fields=["claimant", "created_at", "id"], name="claims_claim_claimant_new"),
            # The desk's count of a journalist's open claims, in the header of every admin page:
            # counted from this index alone, however many claims the archive holds.
            models.Index(
                fields=["assignee", "id"],
                name="claims_claim_assigned_open",
                condition=models.Q(
                    status__in=[ClaimStatus.NEW, ClaimStatus.IN_REVIEW], duplicate_of__isnull=True
                ),
            ),
            # The ClaimReview feed and Fact Check search: published, rated, canonical claims,
            # most recently reviewed first.
            models.Index(
                F("reviewed_at").desc(nulls_last=True),
                F("id").desc(),
                name="claims_claim_published_feed",
                condition=models.Q(status="published", duplicate_of__isnull=True)
                & ~models.Q(verdict="unrated"),
            ),
        ]
        triggers = [
            # In the database, so every write path (services, admin, bulk updates) bumps it.
            # Changes to what a claim embeds (citations, claimant, cited sources) bump it too:
            # events/migrations/0002_change_tracking_triggers.py.
            pgtrigger.Trigger(
                name="claims_claim_version_bump",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(
                    exclude=["version", "search_vector"], exclude_auto=True
                ),
                func="NEW.version := OLD.version + 1; RETURN NEW;",
            )
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"


class CitationRelation(models.TextChoices):
    STATES = "states", "States the claim"
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"
    CONTEXT = "context", "Gives context"


class CitationRank(models.TextChoices):
    PREFERRED = "preferred", "Preferred"
    NORMAL = "normal", "Normal"
    DEPRECATED = "deprecated", "Deprecated (superseded, kept for the record)"


@history_tracking()
class Citation(LoadedFromRows, ChecksValidatedInPython):
    """A claim's appearance in (or evidence from) a source: an exact passage, by offsets."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(
        # Evidence is never lost by deleting a source that is cited.
        Source,
        on_delete=models.PROTECT,
        related_name="citations",
    )
    relation = models.CharField(
        max_length=20, choices=CitationRelation.choices, default=CitationRelation.STATES
    )
    quote = models.TextField(validators=[MaxLengthValidator(QUOTE_MAX_CHARS)])
    start = models.PositiveIntegerField(help_text="Offset of the quote's first character.")
    end = models.PositiveIntegerField(help_text="Offset just past the quote's last character.")
    prefix = models.CharField(max_length=CONTEXT_CHARS, blank=True, editable=False)
    suffix = models.CharField(max_length=CONTEXT_CHARS, blank=True, editable=False)
    speaker = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quoted_in",
        help_text="Who is quoted, when that is not the claimant.",
    )
    speaker_as_written = models.CharField(
        max_length=NAME_MAX_CHARS,
        blank=True,
        default="",
        db_default="",  # rows written in bulk by SQL (the benchmark newsroom) have none
        help_text="The name the text gives the speaker when the importer could not tell who "
        "it is (a surname the article never introduced, or one two of its people share).",
    )
    rank = models.CharField(
        max_length=20, choices=CitationRank.choices, default=CitationRank.NORMAL
    )
    note = models.TextField(blank=True, validators=[MaxLengthValidator(NOTE_MAX_CHARS)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_citations",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source_id", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__gte=0) & models.Q(start__lt=models.F("end")),
                name="claims_citation_offsets_ordered",
                violation_error_message="Offsets must satisfy 0 <= start < end.",
            ),
            models.UniqueConstraint(
                fields=["claim", "source", "start", "end"],
                name="claims_citation_unique_anchor",
                violation_error_message="This claim already cites this passage of this source.",
            ),
            models.CheckConstraint(
                condition=models.Q(relation__in=CitationRelation.values),
                name="claims_citation_relation_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(rank__in=CitationRank.values), name="claims_citation_rank_valid"
            ),
            max_length_check("quote", QUOTE_MAX_CHARS, name="claims_citation_quote_max"),
            max_length_check("note", NOTE_MAX_CHARS, name="claims_citation_note_max"),
        ]
        indexes = [
            # The list's default order, and its orderings (see Claim's indexes).
            models.Index(fields=["source", "start", "id"], name="claims_citation_in_source"),
            models.Index(fields=["start", "id"], name="claims_citation_start"),
            models.Index(fields=["created_at", "id"], name="claims_citation_created"),
            models.Index(fields=["updated_at", "id"], name="claims_citation_updated_id"),
            # The desk's list of speakers not yet identified, and identifying one.
            models.Index(
                fields=["speaker_as_written"],
                name="claims_citation_unidentified",
                condition=~models.Q(speaker_as_written=""),
            ),
            # The substring filters `quote=` and `note=` (see Claim's trigram indexes).
            GinIndex(
                fields=["quote"], opclasses=["gin_trgm_ops"], name="claims_citation_quote_trgm"
            ),
            GinIndex(fields=["note"], opclasses=["gin_trgm_ops"], name="claims_citation_note_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.quote[:60]} ({self.source_id}:{self.start}–{self.end})"

    def clean(self) -> None:
        """The quote must be exactly the source text between the offsets."""
        if self.source_id is None or self.start is None or self.end is None:
            return  # field validation reports the missing values
        error = anchor_error(self.source.body, self.start, self.end, self.quote)
        if error:
            raise ValidationError({"quote": error})
        self.prefix, self.suffix = context_around(self.source.body, self.start, self.end)


class RelationKind(models.TextChoices):
    SAME_CLAIM = "same_claim", "Same claim"
    RELATED = "related", "Related claim"


class RelationStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


@history_tracking()
class ClaimRelation(LoadedFromRows, ChecksValidatedInPython):
    """A link between two claims: matching suggests it, a journalist confirms or rejects it."""

    checks_to_validate = frozenset({"claims_claimrelation_not_self"})

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_from")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_to")
    kind = models.CharField(
        max_length=20, choices=RelationKind.choices, default=RelationKind.SAME_CLAIM
    )
    status = models.CharField(
        max_length=20, choices=RelationStatus.choices, default=RelationStatus.SUGGESTED
    )
    score = models.FloatField(validators=[MinValueValidator(0.0), MaxValueValidator(1.0)])
    method = models.CharField(max_length=100, help_text="How the match was found.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_claim_relations",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_claim=models.F("to_claim")),
                name="claims_claimrelation_not_self",
                violation_error_message="A claim cannot be related to itself.",
            ),
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"], name="claims_claimrelation_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="claims_claimrelation_score"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=RelationKind.values),
                name="claims_claimrelation_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RelationStatus.values),
                name="claims_claimrelation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_claim_id} {self.get_kind_display().lower()} {self.to_claim_id}?"


# --- Import provenance: what the importer read and made, so importing again never undoes a
# journalist's work (a deleted claim stays deleted, a merged one stays merged).


class ImportedDocument(models.Model):
    """A page (file) the importer has read whole, by the hash of its content: importing the same
    content again is skipped without extraction unless asked for."""

    content_sha256 = models.CharField("content SHA-256", max_length=64, unique=True)
    name = models.CharField(max_length=500, help_text="The file it was first imported from.")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.name


class ImportedKind(models.TextChoices):
    SOURCE = "source", "Source"
    ENTITY = "entity", "Entity"
    CLAIM = "claim", "Claim"
    CITATION = "citation", "Citation"
    RELATION = "relation", "Claim relation"


# The target column of each kind of imported object.
IMPORTED_TARGETS: dict[str, str] = {
    ImportedKind.SOURCE: "source",
    ImportedKind.ENTITY: "entity",
    ImportedKind.CLAIM: "claim",
    ImportedKind.CITATION: "citation",
    ImportedKind.RELATION: "relation",
}


def _only_target_of_its_kind() -> models.Q:
    """Each row points (if at all) only through the column of its kind."""
    condition = models.Q()
    for kind, column in IMPORTED_TARGETS.items():
        others = {
            f"{other}__isnull": True for other in IMPORTED_TARGETS.values() if other != column
        }
        condition |= models.Q(kind=kind, **others)
    return condition


class ImportedObject(models.Model):
    """Something an import made or found for a passage of a source, keyed by the source's body
    hash and the passage, so that importing the source again recognises it.

    The target is cleared, not the row, when a journalist deletes the object: the row then says
    "deleted on purpose", and the importer does not make it again.
    """

    source_sha256 = models.CharField("source body SHA-256", max_length=64)
    kind = models.CharField(max_length=20, choices=ImportedKind.choices)
    key = models.CharField(
        max_length=200,
        blank=True,
        help_text="Which one, within the source: a passage's offsets, an entity's name.",
    )
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    citation = models.ForeignKey(
        Citation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    relation = models.ForeignKey(
        ClaimRelation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_sha256", "kind", "key"], name="claims_importedobject_unique_key"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ImportedKind.values),
                name="claims_importedobject_kind_valid",
            ),
            models.CheckConstraint(
                condition=_only_target_of_its_kind(), name="claims_importedobject_one_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} of {self.source_sha256[:12]}"

    @property
    def target_id(self) -> int | None:
        """The id of the object, None once a journalist deleted it."""
        return getattr(self, f"{IMPORTED_TARGETS[self.kind]}_id")


# The desk's team work (notes, checklists, notifications, saved searches) has its own module;
# importing it here registers its models with the app.
from claims.team_models import (  # noqa: E402, F401 - registered with the app, re-exported
    ChecklistItem,
    Note,
    Notification,
    NotificationKind,
    SavedSearch,
)
