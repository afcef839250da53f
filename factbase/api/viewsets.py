"""The base viewset every resource uses: permissions, strict filters, keyset pages, ETags,
If-Match under a row lock, history, and writes through the app's services (via serializers).

A resource declares its queryset shape (`get_queryset`), its FilterSet, a list serializer (also
the input serializer; its create/update call the services) and a detail serializer.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection, transaction
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from factbase.api import prepared
from factbase.api.conditional import (
    digest,
    if_match_satisfied,
    if_none_match_satisfied,
    quote_etag,
    required_if_match,
)
from factbase.api.errors import PreconditionFailed
from factbase.api.history import HistoryEventSerializer, history_entries, history_events
from factbase.api.sequence_pagination import QUERY_PARAMS as SEQUENCE_QUERY_PARAMS
from factbase.api.sequence_pagination import HistoryPagination
from factbase.api.views import ThrottleFirstMixin

# The list and detail querysets of views whose queries depend on nothing of the request
# (`fixed_list_shape`), by view class and action, built on first use (`read_queryset`).
_read_querysets: dict[tuple[type, str], QuerySet] = {}


class ResourceReadViewSet(ThrottleFirstMixin, viewsets.ReadOnlyModelViewSet):
    """A resource read through the API (list, detail with ETag, history); its writes, if any,
    are actions of its own."""

    detail_serializer_class: type[serializers.BaseSerializer] | None = None
    # Service errors name model fields; the API may call them differently.
    error_field_names: dict[str, str] = {}
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    # The query parameters an action takes (@action(query_params=...)); lists take their
    # FilterSet's, which it checks.
    query_params: frozenset[str] = frozenset()
    # Whether an action changes the object under If-Match (@action(requires_if_match=True)),
    # as updates and deletes do; the schema then documents the header and 409/412/428.
    requires_if_match = False
    # Whether the list's query depends on nothing of the request but its filters and cursor
    # (not on the user, say): an unfiltered page's statement is then compiled once per process
    # (factbase.api.prepared).
    fixed_list_shape = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action not in {"list", None}:
            self.reject_query_params(request, self.query_params)

    def reject_query_params(self, request, allowed: frozenset[str] = frozenset()) -> None:
        """Outside lists (whose FilterSet checks them), no query parameter has a meaning."""
        unknown = set(request.query_params) - {"format", *allowed}
        if unknown:
            self.is_query_validation = True
            raise ValidationError(
                {name: ["Unknown query parameter for this operation."] for name in sorted(unknown)}
            )

    # --- reads ---------------------------------------------------------------------------

    def read_queryset(self) -> QuerySet:
        """`get_queryset()`, but for a list or detail of a view whose queries depend on nothing
        of the request (`fixed_list_shape`) a copy of the one built on its first use: building
        the joins, deferred columns and count subqueries again was a sixth of a sources page's
        CPU time."""
        if not (self.fixed_list_shape and self.action in {"list", "retrieve"}):
            return self.get_queryset()
        key = (type(self), self.action)
        shape = _read_querysets.get(key)
        if shape is None:
            shape = _read_querysets[key] = self.get_queryset()
        return shape.all()

    def list(self, request, *args, **kwargs):
        # DRF's, reading `read_queryset`. (No docstring: the schema would take it for every
        # list's description.)
        queryset = self.filter_queryset(self.read_queryset())
        page = self.paginate_queryset(queryset)
        if page is not None:
            serializer = self.get_serializer(page, many=True)
            return self.get_paginated_response(serializer.data)
        serializer = self.get_serializer(queryset, many=True)
        return Response(serializer.data)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset  # filters and ordering apply to lists only
        return super().filter_queryset(queryset)

    def get_object(self):
        """As DRF's, but a detail of a view whose queries depend on nothing of the request
        (`fixed_list_shape`) runs its statement compiled once per process (factbase.api.prepared):
        compiling the detail's joins and counts was a third of the request's CPU time."""
        if not (self.fixed_list_shape and self.action == "retrieve" and self.lookup_field == "pk"):
            return super().get_object()
        queryset = self.read_queryset()
        raw = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        try:
            pk = queryset.model._meta.pk.to_python(raw)
        except (TypeError, ValueError, DjangoValidationError) as error:
            raise Http404 from error  # as DRF's get_object_or_404 answers a malformed key
        meta = queryset.model._meta
        quote = connection.ops.quote_name
        equal = f"{quote(meta.db_table)}.{quote(meta.pk.column)} = %s"

        def by_key(values: list) -> QuerySet:
            return queryset.filter(RawSQL(equal, values, output_field=BooleanField()))[:1]

        found = prepared.rows((type(self), self.action, "by key"), by_key, [pk])
        if not found:
            raise Http404(f"No {meta.object_name} matches the given query.")
        self.check_object_permissions(self.request, found[0])
        return found[0]

    def get_serializer_class(self):
        if self.action in {"retrieve"} and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()

    def detail_data(self, instance) -> dict:
        serializer_class = self.detail_serializer_class or super().get_serializer_class()
        return serializer_class(instance, context=self.get_serializer_context()).data

    def etag_for(self, instance, data: dict | None = None) -> str:
        """A strong validator of the detail representation."""
        return quote_etag(digest(data if data is not None else self.detail_data(instance)))

    def fresh(self, pk):
        """The object as the detail view shows it (queryset shape included)."""
        return self.get_queryset().get(pk=pk)

    def detail_response(self, instance, status_code=status.HTTP_200_OK, headers=None):
        data = self.detail_data(instance)
        etag = self.etag_for(instance, data)
        return Response(data, status=status_code, headers={"ETag": etag, **(headers or {})})

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.detail_data(instance)
        etag = self.etag_for(instance, data)
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match and if_none_match_satisfied(if_none_match, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})

    def lock(self, instance):
        """Lock the row (held until the request's transaction ends) and return it re-read."""
        model = type(instance)
        if not model.objects.select_for_update().filter(pk=instance.pk).exists():
            raise NotFound()
        return self.fresh(instance.pk)

    def check_if_match(self, header: str, instance) -> None:
        etag = self.etag_for(instance)
        if not if_match_satisfied(header, etag):
            raise PreconditionFailed(etag)

    def locked_object(self):
        """The object a write applies to, read under its row lock, with the detail's shape.

        By default it is read, locked and read again (a resource whose writers lock rows in a
        set order locks them in `lock`); a resource may read it once with the lock instead.
        """
        return self.lock(self.get_object())

    @contextmanager
    def locked_if_match(self, request, lock: Callable[[], Any] | None = None) -> Iterator[Any]:
        """The object a write applies to, under its row lock, once `If-Match` matches it: the
        block writes in the transaction of the lock, so nobody changes the row between the
        check and the write. 404 when it is gone, 428 without `If-Match`, 412 (with the current
        ETag) when it does not match. `lock` locks and reads it when `locked_object` does not
        fit (several rows, locked in a set order).
        """
        # No savepoint of its own: requests are atomic (ATOMIC_REQUESTS), and an error here
        # fails the whole request anyway.
        with transaction.atomic(savepoint=False):
            current = (lock or self.locked_object)()
            self.check_if_match(required_if_match(request), current)
            yield current

    def written(self, instance):
        """The object to answer a write with: by default re-read with the detail's shape."""
        return self.fresh(instance.pk)

    # --- history -------------------------------------------------------------------------

    @extend_schema(
        responses={200: HistoryEventSerializer(many=True)},
        filters=False,
        summary="Change history",
        description="Every change to this object, oldest first, a page at a time: who (user "
        "or command), when, and each changed field's old and new value.",
    )
    @action(
        detail=True,
        methods=["get"],
        pagination_class=HistoryPagination,
        filter_backends=[],
        query_params=SEQUENCE_QUERY_PARAMS,
    )
    def history(self, request, *args, **kwargs):
        events = history_events(self.get_object())
        page = self.paginator.paginate_sequence(
            request, lambda offset, limit: history_entries(events[offset : offset + limit])
        )
        return self.paginator.get_paginated_response(HistoryEventSerializer(page, many=True).data)


class ResourceViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ResourceReadViewSet
):
    """A resource written through the API: create, update and delete under If-Match."""

    # --- writes --------------------------------------------------------------------------

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        instance = self.fresh(instance.pk)
        return self.created_response(instance, serializer)

    def created_response(self, instance, serializer):
        location = self.reverse_action("detail", args=[instance.pk])
        return self.detail_response(instance, status.HTTP_201_CREATED, {"Location": location})

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with self.locked_if_match(request) as current:
            serializer = self.get_serializer(current, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            instance = serializer.save()
        return self.detail_response(self.written(instance))

    def destroy(self, request, *args, **kwargs):
        with self.locked_if_match(request) as current:
            self.perform_destroy(current)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_destroy(self, instance):  # pragma: no cover - every resource overrides it
        raise NotImplementedError("Deletes go through the app's service.")
