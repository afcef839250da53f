"""CSV and XLSX export of the filtered claim list; the admin index overview."""

import csv
import io

import openpyxl
import pytest

from claims.models import Claim
from claims.services import claim_create
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def export(client, query: str = "") -> list[dict]:
    response = client.post(
        f"/admin/claims/claim/export/{query}",
        {"format": "0", "resource": "0", **{f"claimresource_{f}": "on" for f in EXPORTED}},
    )
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


EXPORTED = ["id", "text", "claimant", "status", "verdict", "citations", "source_urls"]


def test_export_has_the_filtered_claims_with_citations_and_source_urls(reporter_client, claim):
    ClaimFactory(text="Another claim", status="reviewed")
    rows = export(reporter_client, "?needs_review=yes")
    assert [row["text"] for row in rows] == [claim.text]
    row = rows[0]
    assert row["claimant"] == "Labour Party"
    assert row["status"] == "New"
    assert (
        "“Membership rose to 300 in 2019, the highest in a decade.” — Letter to members"
        in (row["citations"])
    )
    assert "[Contradicts]" in row["citations"]
    assert row["source URLs"] == "https://example.org/letter"


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]
)
def test_export_defuses_spreadsheet_formulas(reporter_client, text):
    claim_create(text=text)
    (row,) = export(reporter_client)
    assert row["text"] == "'" + text


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
