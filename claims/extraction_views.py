"""`POST sources/?extract=true`: a raw page in; its sources, candidate claims and citations out.

The sources endpoint lives in `sources`, which knows nothing of claims; `claims.cited_sources`
adds the citations, and this subclass adds the extraction (the seed import's pipeline) and is
what the router serves at `sources/`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.cited_sources import (
    CitedSourceDetailSerializer,
    CitedSourceSerializer,
    CitedSourceViewSet,
)
from claims.extraction_jobs import EXTRACT_PAGE, NO_ITEMS
from claims.importing import import_page
from claims.selectors import claim_detail_queryset
from claims.serializers import ClaimDetailSerializer
from factbase.api.serializers import StrictSerializer
from factbase.api.views import ThrottleFirstMixin
from jobs.models import Job, JobStatus
from jobs.queue import job_enqueue, job_state

# Extraction time grows faster than the page (a 95 KB page takes ~40 s), so a page to extract
# is held to far less than a stored source body may be (sources.models.BODY_MAX_CHARS).
EXTRACTION_BODY_MAX_CHARS = 200_000

# Extraction writes more than a source: the user must be allowed to add all of it.
EXTRACTION_PERMISSIONS = (
    "sources.add_source",
    "sources.add_entity",
    "claims.add_claim",
    "claims.add_citation",
)


class PageExtractionRequestSerializer(StrictSerializer):
    body = serializers.CharField(
        max_length=EXTRACTION_BODY_MAX_CHARS,
        trim_whitespace=False,
        error_messages={
            "max_length": f"A page to extract is at most {EXTRACTION_BODY_MAX_CHARS} characters; "
            "split it, or post it without `extract` to store it as one source."
        },
        help_text="The raw text of a page: an article, or a listing page holding several posts, "
        f"site furniture included (it is removed). At most {EXTRACTION_BODY_MAX_CHARS} "
        "characters.",
    )
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")


class ExtractionSummarySerializer(serializers.Serializer):
    sources = serializers.IntegerField(help_text="Sources created (0 when the page was known).")
    entities = serializers.IntegerField()
    claims = serializers.IntegerField()
    citations = serializers.IntegerField()
    merges = serializers.IntegerField(help_text="Passages cited for a claim already stored.")
    suggestions = serializers.IntegerField(help_text="Possible same-claim links to confirm.")


class PageExtractionSerializer(serializers.Serializer):
    sources = CitedSourceDetailSerializer(many=True)
    claims = ClaimDetailSerializer(
        many=True, help_text="Candidate claims, each with its citations."
    )
    created = ExtractionSummarySerializer()


class ExtractionJobSerializer(serializers.Serializer):
    """A page being extracted in the background: poll `status_url` until it is done."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["queued", "running", "succeeded", "failed"])
    status_url = serializers.URLField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(allow_null=True, help_text="Why it failed (status `failed`).")
    result = PageExtractionSerializer(
        allow_null=True,
        help_text="When it succeeded: the page's sources and claims, as a synchronous "
        "extraction returns them.",
    )


def extraction_data(request, *, source_ids: list[int], claim_ids: list[int], created: dict):
    """The sources and claims a page became, shaped as their detail endpoints show them."""
    context = {"request": request, "format": None, "view": None}
    view = ExtractingSourceViewSet(action="retrieve", request=request, format_kwarg=None)
    sources = view.get_queryset().filter(pk__in=source_ids).order_by("pk")
    claims = claim_detail_queryset().filter(pk__in=claim_ids).order_by("pk")
    return {
        "sources": CitedSourceDetailSerializer(sources, many=True, context=context).data,
        "claims": ClaimDetailSerializer(claims, many=True, context=context).data,
        "created": created,
    }


def job_data(request, job: Job) -> dict:
    state = job_state(job)
    result = None
    if state == JobStatus.SUCCEEDED and job.result is not None:
        result = extraction_data(
            request,
            source_ids=job.result["sources"],
            claim_ids=job.result["claims"],
            created=job.result["created"],
        )
    return {
        "id": job.pk,
        "status": state,
        "status_url": request.build_absolute_uri(reverse("extraction-detail", args=[job.pk])),
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "error": job.last_error if state == JobStatus.FAILED else None,
        "result": result,
    }


class ExtractingSourceViewSet(CitedSourceViewSet):
    """Sources; `sources/extract/` (or posting with `?extract=true`) runs the import pipeline on
    a posted page."""

    def reject_query_params(self, request, allowed: frozenset[str] = frozenset()) -> None:
        if self.action == "create":
            allowed = allowed | {"extract"}
        super().reject_query_params(request, allowed)

    @extend_schema(
        request=CitedSourceSerializer,
        responses={201: CitedSourceDetailSerializer},
        summary="Create a source",
        description="Store one source (201 with its detail, `Location` and `ETag`). To turn a "
        "raw page into sources with candidate claims, post it to `sources/extract/` "
        "(`?extract=true` here does the same, for existing integrations).",
    )
    def create(self, request, *args, **kwargs):
        extract = request.query_params.get("extract", "false")
        if extract not in {"true", "false"}:
            raise ValidationError({"extract": ['Must be "true" or "false".']})
        if extract == "false":
            return super().create(request, *args, **kwargs)
        return self.extract_page(request)

    @extend_schema(
        request=PageExtractionRequestSerializer,
        responses={
            201: PageExtractionSerializer,
            200: PageExtractionSerializer,
            202: ExtractionJobSerializer,
        },
        filters=False,
        summary="Turn a raw page into sources and candidate claims",
        description="Post a raw page: it is split into sources, attributed quotes and "
        "check-worthy statements become claims with anchored citations, matched against stored "
        "claims. A page of up to EXTRACTION_SYNC_MAX_CHARS characters (10,000 by default) is "
        "extracted at once (201, or 200 when it was known: re-posting a page changes nothing); "
        "a larger one is queued and answered with 202, a `Location` and a `status_url` to poll "
        "until the extraction succeeded or failed.",
        examples=[
            OpenApiExample(
                "A statement page",
                value={
                    "url": "https://tenants.example.org/news/rents",
                    "body": "Rents up 40% since 2015, tenants' union says\n\n“Families are "
                    "paying three times as much as they did,” said Maria Lopez.",
                },
                request_only=True,
            )
        ],
    )
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def extract(self, request, *args, **kwargs):
        return self.extract_page(request)

    def extract_page(self, request) -> Response:
        if not request.user.has_perms(EXTRACTION_PERMISSIONS):
            raise PermissionDenied("Extraction adds sources, entities, claims and citations.")
        payload = PageExtractionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        url = payload.validated_data["url"]
        body = payload.validated_data["body"]
        if len(body) > settings.EXTRACTION_SYNC_MAX_CHARS:
            # Extraction time grows faster than the page: a large one runs in the background.
            job = job_enqueue(
                kind=EXTRACT_PAGE, payload={"body": body, "url": url}, created_by=request.user
            )
            data = job_data(request, job)
            headers = {"Location": data["status_url"], "Retry-After": "2"}
            return Response(data, status=202, headers=headers)
        try:
            page = import_page(body, origin=f"api:{url or 'posted page'}", url=url)
        except DjangoValidationError as error:
            # What the pipeline made of the page was refused; the client sent only the page.
            raise ValidationError(
                {"body": [f"This page could not be imported: {' '.join(error.messages)}"]}
            ) from error
        if not page.sources:
            raise ValidationError({"body": [NO_ITEMS]})
        data = extraction_data(
            request,
            source_ids=[source.pk for source in page.sources],
            claim_ids=[claim.pk for claim in page.claims],
            created={
                name: getattr(page.stats, name)
                for name in ExtractionSummarySerializer().get_fields()
            },
        )
        created_anything = page.stats.sources or page.stats.claims or page.stats.citations
        return Response(data, status=201 if created_anything else 200)


class ExtractionStatusView(ThrottleFirstMixin, APIView):
    """A background page extraction: its status, and when done what the page became."""

    permission_classes = [IsAuthenticated]
    is_query_validation = True

    @extend_schema(
        operation_id="extractions_retrieve",
        summary="Poll a background page extraction",
        description="`queued`, `running`, then `succeeded` (with `result`: the sources and "
        "claims, as a synchronous extraction returns them) or `failed` (with `error`). Only "
        "the user who posted the page sees it.",
        responses={200: ExtractionJobSerializer},
        examples=[
            OpenApiExample(
                "Still running",
                value={
                    "id": 17,
                    "status": "running",
                    "status_url": "https://factbase.example.org/api/v1/extractions/17/",
                    "created_at": "2026-11-26T09:00:00Z",
                    "started_at": None,
                    "finished_at": None,
                    "error": None,
                    "result": None,
                },
                response_only=True,
            )
        ],
        tags=["sources"],
    )
    def get(self, request, pk: int):
        if set(request.query_params) - {"format"}:
            raise ValidationError(
                {name: ["Unknown query parameter."] for name in request.query_params}
            )
        job = Job.objects.filter(pk=pk, kind=EXTRACT_PAGE).first()
        if job is None or (job.created_by_id != request.user.pk and not request.user.is_superuser):
            raise NotFound("No such extraction.")
        return Response(job_data(request, job))
