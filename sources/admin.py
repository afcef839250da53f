"""Admin registration for sources and entities (the editorial workbench builds on this)."""

from django.contrib import admin

from sources.models import Entity, Source


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "wikidata_id", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "publisher", "published_on", "created_at"]
    list_filter = ["kind", "language", ("published_on", admin.DateFieldListFilter)]
    list_select_related = ["publisher"]
    search_fields = ["title", "url", "publisher__name"]
    autocomplete_fields = ["publisher", "authors"]
    readonly_fields = ["body_sha256", "created_at", "updated_at"]
    date_hierarchy = "published_on"
