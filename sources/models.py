"""Sources (documents, or one item of a scraped page) and entities (people and organisations)."""

import hashlib

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, HashIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models.functions import Cast, Lower

from factbase.db import (
    ChecksValidatedInPython,
    HistoryLink,
    history_tracking,
    max_length_check,
)
from factbase.row_loading import LoadedFromRows
from newstext import metadata, names

BODY_MAX_CHARS = 1_000_000
DESCRIPTION_MAX_CHARS = 5_000
NAME_MAX_CHARS = 300
# The text-search configuration of the generated search vectors (and of queries against them).
SEARCH_CONFIG = "english"


def title_terms() -> models.Func:
    """A source's search vector cut to its title's words (weight A): `ts_filter`, indexed
    (sources_source_title_search) so that the sources whose title has a word are found without
    reading the many whose body has it (sources.filters.SourceFilterSet.filter_q)."""
    return models.Func(
        models.F("search_vector"),
        models.Value("{a}"),
        function="ts_filter",
        output_field=SearchVectorField(),
    )


def nullable_key_indexes(field: str, name: str) -> list[models.Index]:
    """The two indexes a list ordering by a nullable `field` needs to be read in page order:
    (field, id) for ascending pages, (field DESC NULLS LAST, id DESC) for descending ones (each
    scanned backwards for `previous` pages); NULLs come last either way."""
    return [
        models.Index(fields=[field, "id"], name=name),
        models.Index(
            models.F(field).desc(nulls_last=True), models.F("id").desc(), name=f"{name}_desc"
        ),
    ]


class LowerAliases(models.Func):
    """An entity's aliases lower-cased (`sources_entity_lower_aliases`, an immutable SQL function
    so that an index can be built on it): `LowerAliases("aliases")`."""

    function = "sources_entity_lower_aliases"
    output_field = ArrayField(models.TextField())


class EntityKind(models.TextChoices):
    # The text pipeline's words for the two kinds: what it finds is stored as it names it.
    PERSON = names.PERSON, "Person"
    ORGANISATION = names.ORGANISATION, "Organisation"


@history_tracking(exclude=("search_name",))
class Entity(LoadedFromRows, ChecksValidatedInPython):
    """A person or organisation: a claimant, a publisher, an author or a quoted speaker."""

    name = models.CharField(max_length=NAME_MAX_CHARS)
    kind = models.CharField(max_length=20, choices=EntityKind.choices)
    aliases = ArrayField(
        models.CharField(max_length=NAME_MAX_CHARS),
        blank=True,
        default=list,
        size=50,
        help_text="Other names for the same entity: acronyms, former names, short forms.",
    )
    description = models.TextField(
        blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX_CHARS)]
    )
    wikidata_id = models.CharField(
        "Wikidata ID",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata ID looks like Q42.")],
    )
    # Lower-cased name for case-insensitive matching and the trigram index.
    search_name = models.GeneratedField(
        expression=Lower("name"),
        output_field=models.CharField(max_length=NAME_MAX_CHARS),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "entities"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "kind",
                name="sources_entity_unique_name_per_kind",
                violation_error_message="An entity of this kind with this name already exists.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=EntityKind.values), name="sources_entity_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""), name="sources_entity_name_not_empty"
            ),
            max_length_check(
                "description", DESCRIPTION_MAX_CHARS, name="sources_entity_description_max"
            ),
        ]
        indexes = [
            GinIndex(
                fields=["search_name"], opclasses=["gin_trgm_ops"], name="sources_entity_name_trgm"
            ),
            GinIndex(fields=["aliases"], name="sources_entity_aliases"),
            # The substring filter `description=` (see Claim's trigram indexes).
            GinIndex(
                fields=["description"],
                opclasses=["gin_trgm_ops"],
                name="sources_entity_about_trgm",
            ),
            # Aliases as compared when an entity is looked up by name (lower-cased): the
            # importer finds a document's people and organisations without reading them all.
            GinIndex(LowerAliases("aliases"), name="sources_entity_aliases_lower"),
            # List orderings, read from an index in page order (see Claim's indexes).
            models.Index(fields=["name", "id"], name="sources_entity_name_id"),
            models.Index(fields=["kind", "id"], name="sources_entity_kind_id"),
            models.Index(fields=["created_at", "id"], name="sources_entity_created"),
            models.Index(fields=["updated_at", "id"], name="sources_entity_updated"),
        ]

    def __str__(self) -> str:
        return self.name


class SourceKind(models.TextChoices):
    # The text pipeline's kinds of item (`metadata.KINDS`, in its order): what it finds is stored
    # as it names it. Declared member by member so migrations and type checkers see them.
    ARTICLE = metadata.ARTICLE, "Article"
    PRESS_RELEASE = metadata.PRESS_RELEASE, "Press release"
    STATEMENT = metadata.STATEMENT, "Statement"
    SPEECH = metadata.SPEECH, "Speech"
    LETTER = metadata.LETTER, "Letter"
    INTERVIEW = metadata.INTERVIEW, "Interview"
    REPORT = metadata.REPORT, "Report"
    WEB_PAGE = metadata.WEB_PAGE, "Web page"
    OTHER = metadata.OTHER, "Other"


def body_sha256(body: str) -> str:
    """The hash that identifies a source body: the same item is never stored twice."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@history_tracking(exclude=("search_vector",))
class Source(LoadedFromRows, ChecksValidatedInPython):
    """A document claims come from, or one item (post) of a scraped page."""

    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.ARTICLE)
    title = models.CharField(max_length=500)
    url = models.URLField("URL", max_length=2000, blank=True)
    publisher = models.ForeignKey(
        Entity,
        # A publisher with sources cannot be deleted by accident: merge or reassign first.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sources",
    )
    authors = models.ManyToManyField(Entity, blank=True, related_name="authored_sources")
    published_on = models.DateField(
        null=True, blank=True, help_text="Only when the text states it; never guessed."
    )
    language = models.CharField(max_length=16, default="en")
    body = models.TextField(validators=[MaxLengthValidator(BODY_MAX_CHARS)])
    body_sha256 = models.CharField("body SHA-256", max_length=64, editable=False)
    origin = models.JSONField(
        default=dict,
        blank=True,
        help_text="Where the source came from: file or URL, and its position in that page.",
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("body", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body_sha256"],
                name="sources_source_unique_body",
                violation_error_message="A source with exactly this body already exists.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values), name="sources_source_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(body=""), name="sources_source_body_not_empty"
            ),
            max_length_check("body", BODY_MAX_CHARS, name="sources_source_body_max"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="sources_source_search"),
            # Without a pending list (see claims_claim_search): a source adds a title's few words.
            GinIndex(title_terms(), name="sources_source_title_search", fastupdate=False),
            # List orderings, read from an index in page order (see Claim's indexes).
            models.Index(fields=["created_at", "id"], name="sources_source_created"),
            models.Index(fields=["updated_at", "id"], name="sources_source_updated_id"),
            models.Index(fields=["title", "id"], name="sources_source_title"),
            # The substring filter `title=` (see Claim's trigram indexes).
            GinIndex(
                fields=["title"], opclasses=["gin_trgm_ops"], name="sources_source_title_trgm"
            ),
            # The substring filter `origin=`, on the origin's JSON as text.
            GinIndex(
                OpClass(Cast("origin", models.TextField()), name="gin_trgm_ops"),
                name="sources_source_origin_trgm",
            ),
            # `url=`: a hash index, since a URL may be longer than a B-tree entry can be; the
            # sources without a URL are left out (`url=` with no value filters nothing).
            HashIndex(fields=["url"], name="sources_source_url", condition=~models.Q(url="")),
            *nullable_key_indexes("published_on", "sources_source_pub"),
            # A publisher's sources, newest first.
            models.Index(
                fields=["publisher", "created_at", "id"], name="sources_source_publisher_new"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body_sha256 = body_sha256(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_sha256"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Before constraint validation, so a duplicate body is reported as a validation error.
        self.body_sha256 = body_sha256(self.body)


# The through model is made by Django at runtime; the type checker cannot name it as a base.
@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent(), obj_field=None)
class SourceAuthor(Source.authors.through):  # type: ignore[name-defined]
    """A source's link to one of its authors (the authors table, as Django made it), tracked so
    that adding or removing an author is in the source's history like any other change."""

    # How history shows a link: a change of `authors` on the `source`, naming the `entity`.
    history_link = HistoryLink(owner="source", field="authors", target="entity")

    class Meta:
        proxy = True
