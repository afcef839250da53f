"""The admin site the newsroom works in: the stock AdminSite, made plain for journalists.

- A user whose password is right but who has no staff access is told so (and whom to ask),
  instead of being told the password is wrong.
- Operator tools (webhooks, background jobs, API tokens, raw history events) are listed only
  for superusers, after the editorial apps; the editorial apps come first, and within an app
  the models a ModelAdmin ranks first (`menu_rank`, lower first) lead.
- Autocomplete results read as a ModelAdmin describes them (`autocomplete_label`), e.g. a
  source with its publisher and date, not only its title.
- "View site" goes to the newsroom's public site when one is configured, and is not shown
  otherwise (there is no public site to view).

Nothing here knows the domain apps: they declare what they want on their ModelAdmins.
"""

from typing import Any, cast

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse

# Apps an operator uses, never a journalist: listed last, and only for superusers.
OPERATOR_APPS = ("events", "jobs", "knox", "pghistory")
# The editorial apps first, in this order; anything else after them.
APP_ORDER = ("claims", "sources", "auth")


class DeskAuthenticationForm(AdminAuthenticationForm):
    """The admin login, telling a right password on a non-staff account what is wrong."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "not_staff": (
            "The password is right, but the account “%(username)s” has no access to the "
            "newsroom workbench. Ask an administrator to give it staff status and a desk "
            "role (reader, reporter or fact-checker)."
        ),
    }

    def confirm_login_allowed(self, user) -> None:
        # Only reached with the right password, so saying why reveals nothing to a guesser.
        if user.is_active and not user.is_staff:
            raise ValidationError(
                self.error_messages["not_staff"],
                code="not_staff",
                params={"username": user.get_username()},
            )
        super().confirm_login_allowed(user)


class DeskAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete results labelled by the target ModelAdmin's `autocomplete_label(obj)`,
    read from its `autocomplete_queryset(queryset)` (say, with the related rows the label
    needs, in the same query)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        shape = getattr(self.model_admin, "autocomplete_queryset", None)
        return shape(queryset) if shape is not None else queryset

    def serialize_result(self, obj: Any, to_field_name: str) -> dict[str, str]:
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


class DeskAdminSite(admin.AdminSite):
    site_header = "factbase"
    site_title = "factbase"
    index_title = "Editorial workbench"
    login_form = DeskAuthenticationForm
    # The desk's navigation (in the header) replaces the side bar, which took a quarter of a
    # laptop screen from the claim page.
    enable_nav_sidebar = False

    @property
    # A property, so the setting is read per request; AdminSite declares a plain attribute.
    def site_url(self) -> str | None:  # type: ignore[override]
        return getattr(settings, "FACTBASE_SITE_URL", "") or None

    def autocomplete_view(self, request: HttpRequest) -> HttpResponse:
        # The view answers JSON or raises (403, 404); as_view() is typed for any response.
        return cast(JsonResponse, DeskAutocompleteJsonView.as_view(admin_site=self)(request))

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        app_list = super().get_app_list(request, app_label)
        if not request.user.is_superuser:
            app_list = [app for app in app_list if app["app_label"] not in OPERATOR_APPS]

        def position(app: dict) -> tuple[int, str]:
            label = app["app_label"]
            if label in APP_ORDER:
                return APP_ORDER.index(label), ""
            return len(APP_ORDER) + (label in OPERATOR_APPS), app["name"].lower()

        for app in app_list:
            app["models"].sort(
                key=lambda entry: (getattr(self._registry[entry["model"]], "menu_rank", 100),)
            )
        return sorted(app_list, key=position)
