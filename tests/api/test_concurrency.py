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
def test_concurrent_patches_with_the_same_etag_give_one_200_and_one_412():
    user = UserFactory(username="racer")
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_claim", "change_claim"])
    )
    claim = ClaimFactory(text="Turnout was 40%")
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
