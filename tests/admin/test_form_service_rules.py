"""The claim form applies the services' rules, not copies of them: a pasted quote is anchored by
`citation_anchor`, a version conflict is found by `claim_update`, and the form shows what they
say (the comparison, the anchoring messages) in the journalist's words."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from claims.services import StaleVersionError, citation_anchor, claim_update
from tests.admin.conftest import LETTER_BODY, add_citation_data, change_url, claim_form_data

pytestmark = pytest.mark.django_db


def test_a_pasted_quote_is_found_as_the_source_writes_it(letter):
    typed = "The party's critics disputed the figure - an internal"
    anchor = citation_anchor(source=letter, quote=typed, lenient=True)
    assert LETTER_BODY[anchor.start : anchor.end] == (
        "The party’s critics disputed the figure – an internal"
    )


def test_a_pasted_quote_that_does_not_anchor_is_explained_naming_the_source(letter):
    with pytest.raises(ValidationError) as missing:
        citation_anchor(source=letter, quote="Membership fell to 200", lenient=True)
    assert missing.value.message_dict["quote"][0].startswith(
        "This quote does not occur in “Letter to members”, even ignoring"
    )
    with pytest.raises(ValidationError) as ambiguous:
        citation_anchor(source=letter, quote="’s", lenient=True)
    assert "occurs 2 times in “Letter to members” (at offsets" in str(ambiguous.value)


def test_an_api_quote_is_located_exactly_as_sent(letter):
    with pytest.raises(ValidationError) as straight:
        citation_anchor(source=letter, quote="The party's critics")
    assert straight.value.message_dict["quote"] == [
        "The quote does not occur in the source text (check quote marks and spacing)."
    ]
    anchor = citation_anchor(source=letter, quote="The party’s critics")
    assert LETTER_BODY[anchor.start : anchor.end] == "The party’s critics"


def test_a_conflict_found_by_the_service_is_resolved_by_the_form(
    reporter_client, claim, monkeypatch
):
    """claim_update, not the form, decides that the claim changed since the form was opened;
    the form then combines the changes (here: nobody else changed a field) and saves."""
    calls = []

    def stale_once(**kwargs):
        calls.append(kwargs["expected_version"])
        if len(calls) == 1:
            raise StaleVersionError(kwargs["expected_version"])
        return claim_update(**kwargs)

    monkeypatch.setattr("claims.admin.claim.claim_update", stale_once)
    response = reporter_client.post(
        change_url(claim), claim_form_data(claim, text="Membership was 300")
    )
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).text == "Membership was 300"
    assert calls == [claim.version, claim.version]


def test_a_form_opened_at_an_old_version_writes_nothing_before_the_comparison(
    reporter_client, claim, fact_checker
):
    opened = claim_form_data(claim)
    claim_update(claim=claim, changes={"text": "Membership was 280"}, user=fact_checker)
    response = reporter_client.post(change_url(claim), opened | {"text": "Membership was 300"})
    assert response.status_code == 200
    assert "compare the two versions below" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).text == "Membership was 280"


@pytest.mark.parametrize(
    ("new_citation", "statements"),
    # Measured: a plain save, and one adding a citation (its quote located once, its anchor
    # checked for a duplicate once). The same as when the form repeated the services' checks,
    # plus the statement that plans the page's similar-claims lookup without JIT.
    [(False, 35), (True, 47)],
)
def test_saving_the_claim_form_costs_a_fixed_number_of_statements(
    reporter_client, claim, letter, new_citation, statements
):
    data = claim_form_data(claim, text="Membership was 300")
    if new_citation:
        data = add_citation_data(data, source=letter, quote="Fees stayed at £5 a head.")
    ContentType.objects.clear_cache()  # its lookups, cached per process, are counted
    with CaptureQueriesContext(connection) as queries:
        response = reporter_client.post(change_url(claim), data)
    assert response.status_code == 302
    assert len(queries) == statements
