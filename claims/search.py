"""The desk's claim search: the claim's words, its claimant's names and aliases, and the titles
of the sources citing it, in one index.

Both the stored document and the query go through the database function
`claims_search_normalise`, so spelling variants meet: "anti-semitism", "anti Semitism" and
"antisemitism"; "organisation" and "organization"; "labor" and "Labour". The document is the
claims_claim.search_document column, kept current by triggers (migration 0007); it is not a
model field, so it is read only here.
"""

from typing import TYPE_CHECKING, TypedDict

from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from claims.models import Claim
from sources.models import SEARCH_CONFIG

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# Web-search syntax ("exact phrase", either OR other, -excluded) over the normalised text.
_TSQUERY = "websearch_to_tsquery(%s::regconfig, claims_search_normalise(%s))"
# The claim table's own name: the columns are qualified so that a join of claims to claims
# (a merged duplicate and its canonical claim) stays unambiguous.
_DOCUMENT = "claims_claim.search_document"


class SearchRanked(TypedDict):
    """What `claims_search` annotates each claim with."""

    search_rank: float


def claims_search(
    queryset: QuerySet[Claim], text: str
) -> "QuerySet[WithAnnotations[Claim, SearchRanked]]":
    """The claims of `queryset` matching `text`, annotated with `search_rank` (higher is
    better: a match in the claim's words outranks one in its claimant's name, which outranks
    one in a source title)."""
    params = (SEARCH_CONFIG, text)
    matches = RawSQL(f"{_DOCUMENT} @@ {_TSQUERY}", params, output_field=BooleanField())
    rank = RawSQL(f"ts_rank({_DOCUMENT}, {_TSQUERY})::float8", params, output_field=FloatField())
    return queryset.filter(matches).annotate(search_rank=rank)


def fragment_flag() -> RawSQL:
    """Whether the claim text starts mid-sentence (claims_claim.is_fragment, generated)."""
    return RawSQL("claims_claim.is_fragment", (), output_field=BooleanField())
