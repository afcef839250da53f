"""API representations of change events (the feed and webhook bodies share them)."""

from django.urls import NoReverseMatch, reverse
from rest_framework import serializers

from events.models import EVENT_TYPES, Event, EventAction, EventResource

# The API route (router basename) of each resource, for links to the changed object.
RESOURCE_ROUTES: dict[str, str] = {
    EventResource.SOURCE: "source",
    EventResource.ENTITY: "entity",
    EventResource.CLAIM: "claim",
    EventResource.CITATION: "citation",
    EventResource.CLAIM_RELATION: "claim-relation",
}


def object_path(event: Event) -> str | None:
    """The API path of the changed object; None once it is deleted or when it has no route."""
    if event.action == EventAction.DELETED:
        return None
    try:
        return reverse(f"{RESOURCE_ROUTES[event.resource]}-detail", args=[event.object_id])
    except NoReverseMatch:
        return None


class EventSerializer(serializers.Serializer):
    """One change to one object."""

    id = serializers.IntegerField(help_text="Unique; not an order (see the feed's cursor).")
    type = serializers.ChoiceField(
        choices=EVENT_TYPES, help_text="`<resource>.<action>`, e.g. `claim.published`."
    )
    resource = serializers.ChoiceField(choices=EventResource.choices)
    action = serializers.ChoiceField(
        choices=EventAction.choices,
        help_text="`merged` (a claim merged into another) and `published` are updates too.",
    )
    object_id = serializers.IntegerField()
    url = serializers.SerializerMethodField(
        help_text="The changed object in the API (null after a deletion)."
    )
    occurred_at = serializers.DateTimeField()
    # DRF's metaclass moves declared fields off the class: this does not hide Serializer.fields.
    fields = serializers.ListField(  # type: ignore[assignment]
        child=serializers.CharField(),
        help_text="For updates, the fields that changed. An update of a claim with no field "
        "listed means what it embeds changed: a citation, its claimant, a cited source.",
    )
    version = serializers.IntegerField(
        allow_null=True, help_text="For claims: the version (ETag prefix) after this change."
    )
    # Nor does this hide Serializer.data.
    data = serializers.JSONField(  # type: ignore[assignment]
        allow_null=True,
        help_text="For deletions: the object's last stored values (large texts left out).",
    )

    def get_url(self, event: Event) -> str | None:
        path = object_path(event)
        if path is None:
            return None
        request = self.context.get("request")
        base_url = self.context.get("base_url")
        if request is not None:
            return request.build_absolute_uri(path)
        return f"{base_url.rstrip('/')}{path}" if base_url else path


class EventPageSerializer(serializers.Serializer):
    """A page of the feed, and where to continue."""

    results = EventSerializer(many=True)
    cursor = serializers.CharField(
        help_text="Pass as `after` to continue from here: store it once you have processed "
        "the page."
    )
    next = serializers.URLField(help_text="This feed continued from `cursor`.")
    more = serializers.BooleanField(
        help_text="More events are ready now; false means you are up to date (poll `next` later)."
    )
