"""Change-list filters a fact-checker asks for that Django does not provide.

A newsroom's archive holds a million claims and tens of thousands of claimants, so no filter
here reads the claims table to build its choices: the claimant is found by name, dates are a
range typed in (Django's date hierarchy reads every claim's date to list the years).
"""

import datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR
from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet
from django.http import HttpRequest

from claims.models import Citation, CitationRank, CitationRelation, Claim, ClaimStatus
from claims.search import fragment_flag
from sources.filters import entity_name_q
from sources.models import Entity

NEEDS_REVIEW = [ClaimStatus.NEW, ClaimStatus.IN_REVIEW]
# The review queue: full statements before fragments, the most check-worthy first, then the
# newest (the claims_claim_queue index serves it).
QUEUE_ORDER = (fragment_flag().asc(), F("check_worthiness").desc(nulls_last=True), "-id")
TAGS_LISTED = 200
# A claims table estimated at this many rows or more offers the tags of its statistics.
TAGS_READ_BELOW = 10_000


def tags_in_use(limit: int) -> list[str]:
    """The tags to offer: on a small claims table every tag in use, read from the claims; on a
    big one the most common tags of the planner's statistics (autovacuum's ANALYZE keeps them),
    since listing every distinct tag reads every claim."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'claims_claim'::regclass")
        (rows,) = cursor.fetchone()
        if rows >= TAGS_READ_BELOW:
            cursor.execute(
                "SELECT most_common_elems::text::text[] FROM pg_stats WHERE schemaname ="
                " current_schema() AND tablename = 'claims_claim' AND attname = 'tags'"
            )
            found = cursor.fetchone()
            return sorted(found[0] or [])[:limit] if found else []
    tags = (
        Claim.objects.annotate(tag=Func(F("tags"), function="unnest"))
        .values_list("tag", flat=True)
        .distinct()
        .order_by("tag")[:limit]
    )
    return list(tags)


class TagFilter(admin.SimpleListFilter):
    """The common tags to click, and any tag typed in."""

    title = "tag"
    parameter_name = "tag"
    template = "admin/claims/claim/input_filter.html"
    placeholder = "Any tag"

    def __init__(self, request, params, model, model_admin) -> None:
        if self.parameter_name in params and not _last_nonempty(dict(params), "tag"):
            params.pop(self.parameter_name)  # the form's empty field
        super().__init__(request, params, model, model_admin)
        self.input_name = self.parameter_name
        self.input_value = self.value() or ""
        self.hidden_fields = _other_parameters(request, {self.parameter_name})

    def lookups(self, request, model_admin):
        tags = tags_in_use(TAGS_LISTED)
        if self.value() and self.value() not in tags:
            tags.append(self.value())  # a typed tag shows as chosen
        return [(tag, tag) for tag in tags]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__contains=[self.value()])
        return queryset


class ContradictingEvidenceFilter(admin.SimpleListFilter):
    title = "contradicting evidence"
    parameter_name = "contradicted"

    def lookups(self, request, model_admin):
        return [("yes", "Has contradicting evidence"), ("no", "No contradicting evidence")]

    def queryset(self, request, queryset):
        # Deprecated (superseded) evidence no longer counts against a claim.
        contradicting = Exists(
            Citation.objects.filter(
                claim=OuterRef("pk"), relation=CitationRelation.CONTRADICTS
            ).exclude(rank=CitationRank.DEPRECATED)
        )
        if self.value() == "yes":
            return queryset.filter(contradicting)
        if self.value() == "no":
            return queryset.filter(~contradicting)
        return queryset


class NeedsReviewFilter(admin.SimpleListFilter):
    """The review queue: new or in review, and not merged into another claim (its canonical
    claim is the one to check)."""

    title = "needs review"
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return [("yes", "Review queue (new or in review)"), ("no", "Reviewed or published")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status__in=NEEDS_REVIEW, duplicate_of__isnull=True)
        if self.value() == "no":
            return queryset.exclude(status__in=NEEDS_REVIEW)
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Me"), ("nobody", "Nobody"), ("others", "Someone else")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee__isnull=True)
        if self.value() == "others":
            return queryset.filter(assignee__isnull=False).exclude(assignee=request.user)
        return queryset


class MergedFilter(admin.SimpleListFilter):
    title = "merged"
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("no", "Canonical claims only"), ("yes", "Merged duplicates")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(duplicate_of__isnull=True)
        if self.value() == "yes":
            return queryset.filter(duplicate_of__isnull=False)
        return queryset


def _other_parameters(request: HttpRequest, own: set[str]) -> list[tuple[str, str]]:
    """The list's query string without a filter's own parameters (and the page number): the
    hidden fields of the filter's form, so typing into it keeps the other filters."""
    return [
        (name, value)
        for name, values in request.GET.lists()
        if name not in own and name != PAGE_VAR
        for value in values
    ]


def _last_nonempty(params: dict, name: str) -> str:
    """A filter parameter's value, taken out of the list's parameters ('' when absent or blank:
    an empty form field is no filter)."""
    values = params.pop(name, None) or [""]
    return str(values[-1]).strip()


class ClaimantFilter(admin.ListFilter):
    """The claimant, by name or alias (typed in), or one entity (`claimant__id__exact`, the
    link from an entity's page). Names that match several entities list the first few to pick
    from; the claims of all of them are shown meanwhile."""

    title = "claimant"
    template = "admin/claims/claim/input_filter.html"
    placeholder = "Name or alias"
    id_parameter = "claimant__id__exact"
    name_parameter = "claimant_name"
    SHOWN = 10
    # A name matching more entities than this (a few letters) filters by the first of them.
    MATCHED = 500

    def __init__(self, request, params, model, model_admin) -> None:
        super().__init__(request, params, model, model_admin)
        parameters = {self.id_parameter, self.name_parameter}
        for name in parameters:
            if value := _last_nonempty(params, name):
                self.used_parameters[name] = value
        self.name = str(self.used_parameters.get(self.name_parameter, ""))
        self.input_name, self.input_value = self.name_parameter, self.name
        self.hidden_fields = _other_parameters(request, parameters)
        self.chosen = self._chosen_entity()

    def _chosen_entity(self) -> Entity | None:
        key = str(self.used_parameters.get(self.id_parameter, ""))
        if not key.isdigit():
            return None
        return Entity.objects.filter(pk=key).first()

    def _matching_entities(self) -> QuerySet[Entity]:
        """Entities whose name contains the typed text, or with it as an alias (the trigram
        and alias indexes answer both)."""
        text = self.name
        return Entity.objects.filter(
            Q(search_name__contains=text.lower()) | entity_name_q("pk", text)
        )

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str | None]:
        return [self.id_parameter, self.name_parameter]

    def queryset(self, request, queryset):
        key = self.used_parameters.get(self.id_parameter)
        if key is not None:
            if not key.isdigit():
                raise IncorrectLookupParameters(f"Not a claimant: {key!r}")
            return queryset.filter(claimant_id=int(key))
        if self.name:
            # The matching entities' keys first: given them, the planner reads their claims
            # from the claimant index; given the subquery, it may walk the whole list in
            # page order testing each claim.
            keys = self._matching_entities().values_list("pk", flat=True)[: self.MATCHED]
            return queryset.filter(claimant_id__in=list(keys))
        return queryset

    def choices(self, changelist):
        own = self.expected_parameters()
        yield {
            "selected": not self.used_parameters,
            "query_string": changelist.get_query_string(remove=own),
            "display": "All",
        }
        if self.chosen is not None:
            yield {
                "selected": True,
                "query_string": changelist.get_query_string(
                    {self.id_parameter: self.chosen.pk}, [self.name_parameter]
                ),
                "display": self.chosen.name,
            }
        elif self.name:
            for entity in self._matching_entities().order_by("name", "id")[: self.SHOWN]:
                yield {
                    "selected": False,
                    "query_string": changelist.get_query_string(
                        {self.id_parameter: entity.pk}, [self.name_parameter]
                    ),
                    "display": f"{entity.name} ({entity.get_kind_display().lower()})",
                }


class ClaimedOnFilter(admin.DateFieldListFilter):
    """Django's date links (today, past 7 days, this month, this year, no date) and a range of
    dates typed in, both ends included."""

    template = "admin/claims/claim/date_range_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path) -> None:
        self.lookup_kwarg_through = f"{field_path}__lte"
        # An empty end of the range (the form always sends both) is no bound.
        for name in (f"{field_path}__gte", f"{field_path}__lt", self.lookup_kwarg_through):
            if name in params and not _last_nonempty(dict(params), name):
                params.pop(name)
        super().__init__(field, request, params, model, model_admin, field_path)
        self.hidden_fields = _other_parameters(
            request, {name for name in request.GET if name.startswith(self.field_generic)}
        )
        self.range_from = self._date(self.lookup_kwarg_since)
        self.range_through = self._date(self.lookup_kwarg_through)

    def _date(self, name: str) -> str:
        """A bound of the range as the date input shows it ('' unless it is a date)."""
        value = self.date_params.get(name, "")
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            return ""

    def expected_parameters(self) -> list[str | None]:
        return [*super().expected_parameters(), self.lookup_kwarg_through]
