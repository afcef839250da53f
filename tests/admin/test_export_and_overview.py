"""CSV and XLSX export of the filtered claim list; the admin index overview."""

import csv
import io

import openpyxl
import pytest

from claims.models import Claim
from claims.services import claim_create, claim_update
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def export(client, query: str = "", *, resource: str = "0", prefix: str = "claimresource"):
    fields = EXPORTED if prefix == "claimresource" else CITATION_EXPORTED
    return client.post(
        f"/admin/claims/claim/export/{query}",
        {"format": "0", "resource": resource, **{f"{prefix}_{f}": "on" for f in fields}},
    )


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


EXPORTED = [
    "id",
    "text",
    "claimant",
    "status",
    "verdict",
    "review_url",
    "reviewer",
    "reviewed_at",
    "citation_count",
    "source_count",
    "source_urls",
    "created_at",
    "updated_at",
]
CITATION_EXPORTED = ["claim_id", "claim", "verdict", "reviewer", "relation", "quote", "source"]


def test_export_has_the_filtered_claims_with_clear_columns(reporter_client, claim, fact_checker):
    ClaimFactory(text="Another claim", status="reviewed")
    claim_update(claim=claim, changes={"verdict": "misleading"}, user=fact_checker)
    (row,) = rows(export(reporter_client, "?needs_review=yes"))
    assert row["claim"] == claim.text
    assert row["claimant"] == "Labour Party"
    assert (row["status"], row["verdict"]) == ("New", "Misleading")
    assert row["reviewed by"] == "checker"
    assert row["reviewed at"]
    assert row["created at"]
    assert row["updated at"]
    assert (row["citations"], row["sources"]) == ("2", "1")
    assert row["source URLs"] == "https://example.org/letter"


def test_the_citation_export_has_one_row_per_citation_with_its_claim(reporter_client, claim):
    exported = rows(export(reporter_client, resource="1", prefix="citationrowresource"))
    assert [(r["claim id"], r["relation"]) for r in exported] == [
        (str(claim.pk), "States the claim"),
        (str(claim.pk), "Contradicts"),
    ]
    assert exported[0]["quote"] == "Membership rose to 300 in 2019, the highest in a decade."
    assert exported[1]["source"] == "Letter to members"


def test_the_csv_starts_with_a_utf8_byte_order_mark(reporter_client, claim):
    content = export(reporter_client).content
    assert content.startswith(b"\xef\xbb\xbf")
    assert "Letter" in content.decode("utf-8-sig") or "Labour" in content.decode("utf-8-sig")


def test_the_export_page_offers_csv_first_and_both_shapes(reporter_client):
    form = reporter_client.get("/admin/claims/claim/export/").context["form"]
    assert form["format"].value() == "0"
    assert dict(form.fields["format"].choices)["0"] == "csv"
    assert "" not in dict(form.fields["format"].choices)
    assert [label for _, label in form.fields["resource"].choices] == [
        "Claims: one row per claim",
        "Citations: one row per citation, with its claim",
    ]


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]
)
def test_export_defuses_spreadsheet_formulas(reporter_client, text):
    claim_create(text=text)
    (row,) = rows(export(reporter_client))
    assert row["claim"] == "'" + text


def test_the_same_export_is_offered_as_an_excel_workbook(reporter_client, claim):
    claim_create(text="=1+1")
    response = reporter_client.post(
        "/admin/claims/claim/export/",
        {"format": "1", "resource": "0", **{f"claimresource_{f}": "on" for f in EXPORTED}},
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    texts = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert set(texts) == {claim.text, "'=1+1"}


def test_the_export_button_is_on_the_claim_list(reporter_client):
    page = reporter_client.get("/admin/claims/claim/").content.decode()
    assert 'href="/admin/claims/claim/export/' in page


def test_the_index_shows_counts_by_status_and_verdict_and_claims_needing_review(reporter_client):
    ClaimFactory(text="Waiting claim", status="new")
    ClaimFactory(text="Being checked", status="in_review", verdict="mixed")
    ClaimFactory(text="Finished claim", status="published", verdict="accurate")
    response = reporter_client.get("/admin/")
    page = response.content.decode()
    assert "Claims overview" in page
    assert (
        '<a href="/admin/claims/claim/?status=in_review&amp;merged=no">In review</a></th>'
        '<td class="fb-n">1' in (page)
    )
    assert (
        '<a href="/admin/claims/claim/?verdict=accurate&amp;merged=no">Accurate</a></th>'
        '<td class="fb-n">1' in (page)
    )
    needing = page.split('id="fb-needing-review"')[1].split("</table>")[0]
    assert "Waiting claim" in needing
    assert "Being checked" in needing
    assert "Finished claim" not in needing
    assert Claim.objects.count() == 3


def test_the_overview_is_hidden_from_users_who_cannot_see_claims(client, django_user_model):
    user = django_user_model.objects.create_user("intern", is_staff=True)
    client.force_login(user)
    assert "Claims overview" not in client.get("/admin/").content.decode()
