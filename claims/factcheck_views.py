"""Google Fact Check Tools API, served locally: `claims:search` and its discovery document.

A tool written for Google's API (or Google's own client library, built from the discovery
document) points here unchanged: Google's standard parameters are accepted, errors come in
Google's shape, and access follows FACTCHECK_ACCESS (an API key or a token by default; anyone
when the newsroom makes it public). Only published fact-checks are ever served.
"""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import factcheck_search, services
from claims.factcheck_discovery import SCHEMAS, SEARCH_RESPONSE_SCHEMA, discovery_document
from claims.models import Claim
from factbase.api.authentication import ApiKey, ApiKeyAuthentication, TokenAuthentication
from factbase.api.google import (
    FieldMaskError,
    GoogleStyleMixin,
    StandardParametersSerializer,
    apply_field_mask,
    check_field_mask,
    parse_field_mask,
    refuse_parameters,
)
from factbase.api.permissions import ModelPermissions
from factbase.api.views import ThrottleFirstMixin


class FactCheckAccess(ModelPermissions):
    """Anyone while FACTCHECK_ACCESS is "public"; otherwise a valid API key, or a user who may
    view claims (the API's usual read permission)."""

    def has_permission(self, request, view):
        if settings.FACTCHECK_ACCESS == "public" or isinstance(request.auth, ApiKey):
            return True
        return super().has_permission(request, view)


class FactCheckView(GoogleStyleMixin, ThrottleFirstMixin, APIView):
    queryset = Claim.objects.none()  # for the model permissions: needs claims.view_claim
    # Token first, so a request without credentials is told `WWW-Authenticate: Token`.
    authentication_classes = [TokenAuthentication, SessionAuthentication, ApiKeyAuthentication]
    permission_classes = [FactCheckAccess]
    is_query_validation = True

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise NotAuthenticated(
                "This API needs an API key (`key=`, issued by the newsroom) or an "
                "`Authorization: Token` header."
            )
        super().permission_denied(request, message, code)


class FactCheckSearchQuerySerializer(StandardParametersSerializer):
    query = serializers.CharField(max_length=500, required=False, allow_blank=True)
    languageCode = serializers.RegexField(
        r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35, required=False
    )
    reviewPublisherSiteFilter = serializers.CharField(
        max_length=253, required=False, allow_blank=True
    )
    maxAgeDays = serializers.IntegerField(min_value=1, max_value=36500, required=False)
    pageSize = serializers.IntegerField(
        min_value=1, max_value=factcheck_search.MAX_PAGE_SIZE, required=False
    )
    pageToken = serializers.CharField(max_length=200, required=False)
    offset = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)

    def validate_fields(self, value):
        try:
            mask = parse_field_mask(value)
            check_field_mask(mask, SEARCH_RESPONSE_SCHEMA, SCHEMAS)
        except FieldMaskError as error:
            raise ValidationError(str(error)) from error
        return mask

    def validate(self, attrs):
        if not attrs.get("query") and not attrs.get("reviewPublisherSiteFilter"):
            raise ValidationError(
                {"query": ["Required unless reviewPublisherSiteFilter is given."]}
            )
        if "pageToken" in attrs:
            try:
                attrs["offset"] = factcheck_search.decode_page_token(attrs["pageToken"])
            except ValueError as error:
                raise ValidationError({"pageToken": [str(error)]}) from error
        return attrs


FactCheckSearchResponse = inline_serializer(
    "FactCheckSearchResponse",
    {
        "claims": inline_serializer(
            "FactCheckClaim",
            {
                "text": serializers.CharField(),
                "claimant": serializers.CharField(required=False),
                "claimDate": serializers.DateTimeField(required=False),
                "claimReview": inline_serializer(
                    "FactCheckClaimReview",
                    {
                        "publisher": inline_serializer(
                            "FactCheckPublisher",
                            {"name": serializers.CharField(), "site": serializers.CharField()},
                        ),
                        "url": serializers.URLField(),
                        "title": serializers.CharField(),
                        "reviewDate": serializers.DateTimeField(),
                        "textualRating": serializers.CharField(),
                        "languageCode": serializers.CharField(),
                    },
                    many=True,
                ),
            },
            many=True,
        ),
        "nextPageToken": serializers.CharField(required=False),
    },
)


class FactCheckSearchView(FactCheckView):
    """Published fact-checks, searched like Google's Fact Check Tools API `claims:search`."""

    @extend_schema(
        operation_id="factcheck_claims_search",
        parameters=[FactCheckSearchQuerySerializer],
        responses={200: FactCheckSearchResponse},
        tags=["factcheck"],
        description="Published fact-checks, in the shape of Google's Fact Check Tools API "
        "`claims:search`. Google's standard parameters are accepted (`fields` gives a partial "
        "response); errors come in Google's shape.",
    )
    def get(self, request):
        known = set(FactCheckSearchQuerySerializer().fields) | {"format"}
        refuse_parameters(request.query_params, known)
        params = FactCheckSearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        self.standard_parameters(data)
        search_request = factcheck_search.SearchRequest(
            query=data.get("query", ""),
            language_code=data.get("languageCode", ""),
            review_publisher_site_filter=data.get("reviewPublisherSiteFilter", ""),
            max_age_days=data.get("maxAgeDays"),
            page_size=data.get("pageSize", factcheck_search.DEFAULT_PAGE_SIZE),
            offset=data.get("offset", 0),
        )
        found = factcheck_search.search(
            search_request,
            publisher=settings.FACTBASE_PUBLISHER,
            review_article=services.review_article,
        )
        return Response(apply_field_mask(found, data.get("fields")))


class DiscoveryQuerySerializer(StandardParametersSerializer):
    version = serializers.ChoiceField(
        choices=["v1alpha1"], required=False, help_text="The API version (only v1alpha1)."
    )


class FactCheckDiscoveryView(FactCheckView):
    """The discovery document Google's client libraries build a Fact Check Tools client from."""

    @extend_schema(exclude=True)
    def get(self, request):
        known = set(DiscoveryQuerySerializer().fields) | {"format"}
        refuse_parameters(request.query_params, known)
        params = DiscoveryQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        self.standard_parameters(params.validated_data)
        document = discovery_document(
            request.build_absolute_uri("/"), publisher_name=settings.FACTBASE_PUBLISHER["name"]
        )
        return Response(document)


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "factbase.api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "query",
            "name": "key",
            "description": "An API key issued by the newsroom (FACTCHECK_API_KEYS); reads "
            "published fact-checks only.",
        }
