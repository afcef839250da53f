"""Next and previous claim: stepping through the claim list a journalist opened a claim from.

The claim page carries the list's query string (the admin's `_changelist_filters`); stepping
rebuilds that list (its filters, search and order, as the change list itself does) and reads the
ids of the current page with one row either side, so a step costs one bounded query whatever
the list's size. When the current claim has left the list (the queue drops a claim once it is
reviewed), the next claim is the one now first on its page.
"""

import copy
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.views.main import PAGE_VAR
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.urls import reverse

NEXT, PREVIOUS = "next", "previous"


def _page_number(filters: QueryDict) -> int:
    try:
        return max(int(filters.get(PAGE_VAR, 1)), 1)
    except ValueError:
        return 1


def neighbour(model_admin, request: HttpRequest, claim_id: int, direction: str, filters: QueryDict):
    """(id of the claim after or before `claim_id` in the list `filters` describes, or None;
    the list's query string with the page that claim is on)."""
    list_request = copy.copy(request)
    list_request.GET = QueryDict(filters.urlencode())  # as the list's own request has it
    changelist = model_admin.get_changelist_instance(list_request)
    per_page = changelist.list_per_page
    page = _page_number(filters)
    start = (page - 1) * per_page
    window_start = max(start - 1, 0)
    ids = list(
        changelist.queryset.values_list("pk", flat=True)[window_start : start + per_page + 1]
    )
    position: int | None
    if claim_id in ids:
        position = ids.index(claim_id) + (1 if direction == NEXT else -1)
    else:
        position = start - window_start if direction == NEXT else None
    if position is None or not 0 <= position < len(ids):
        return None, filters
    target = ids[position]
    target_page = (window_start + position) // per_page + 1
    moved = filters.copy()
    if target_page > 1:
        moved[PAGE_VAR] = str(target_page)
    else:
        moved.pop(PAGE_VAR, None)
    return target, moved


def step_view(model_admin, request: HttpRequest, object_id: str, direction: str):
    """Open the next or previous claim of the list this one was opened from."""
    claim = model_admin.get_object(request, object_id)
    filters = QueryDict(request.GET.get("_changelist_filters", ""), mutable=True)
    target, moved = (None, filters)
    if claim is not None and direction in (NEXT, PREVIOUS):
        target, moved = neighbour(model_admin, request, claim.pk, direction, filters)
    if target is None:
        where = "last" if direction == NEXT else "first"
        messages.info(request, f"This is the {where} claim of the list.")
        target = claim.pk if claim is not None else None
    if target is None:
        return HttpResponseRedirect(reverse("admin:claims_claim_changelist"))
    url = reverse("admin:claims_claim_change", args=[target])
    query = moved.urlencode()
    return HttpResponseRedirect(url + (f"?{urlencode({'_changelist_filters': query})}"))
