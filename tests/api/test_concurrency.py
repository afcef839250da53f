"""Two writers holding the same ETag: exactly one wins, the other gets 412 (no lost update)."""

import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection

from claims.models import Claim
from tests.api.conftest import token_client
from tests.factories import ClaimFactory, UserFactory

ROUNDS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_patches_with_the_same_etag_give_one_200_and_one_412() -> None:
    user = UserFactory.create(username="racer")
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_claim", "change_claim"])
    )
    claim = ClaimFactory.create(text="Turnout was 40%")
    clients = [token_client(user), token_client(user)]
    url = f"/api/v1/claims/{claim.pk}/"

    for round_number in range(ROUNDS):
        etag = clients[0].get(url)["ETag"]
        barrier = threading.Barrier(2)
        statuses: list[int] = []

        def write(client, text, barrier=barrier, etag=etag, statuses=statuses):
            try:
                barrier.wait(timeout=10)
                response = client.patch(url, {"text": text}, format="json", HTTP_IF_MATCH=etag)
                statuses.append(response.status_code)
            finally:
                connection.close()  # each thread has its own connection; leave none open

        threads = [
            threading.Thread(target=write, args=(client, f"Turnout was {round_number}{i}%"))
            for i, client in enumerate(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(statuses) == [200, 412], f"round {round_number}: {statuses}"

    claim = Claim.objects.get(pk=claim.pk)
    assert claim.version == 1 + ROUNDS


@pytest.mark.django_db
def test_a_version_conflict_found_below_the_view_is_a_412(monkeypatch, api, fact_checker):
    """Whatever layer finds the conflict (here the write service, as a race past the view's
    own check would), the client gets 412 with the one error shape, never a 500."""
    from claims import services
    from claims.serializers import ClaimSerializer

    claim = ClaimFactory.create(text="Turnout was 40%")
    client = api(fact_checker)
    url = f"/api/v1/claims/{claim.pk}/"
    etag = client.get(url)["ETag"]

    def stale(self, instance, validated_data):
        raise services.StaleVersionError(instance.version + 1)

    monkeypatch.setattr(ClaimSerializer, "update", stale)
    response = client.patch(url, {"text": "Turnout was 41%"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    body = response.json()
    assert body["code"] == "precondition_failed"
    assert "Re-read it" in body["detail"]
    assert Claim.objects.get(pk=claim.pk).text == "Turnout was 40%"
