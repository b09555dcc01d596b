"""API tests: a client that sends a person's personal token, as a script would."""

import pytest
from django.test import Client


@pytest.fixture
def api_client(token_for):
    """api_client(user): a Client whose every request carries `user`'s new token."""

    def make(user) -> Client:
        return Client(headers={"Authorization": f"Bearer {token_for(user)}"}, enforce_csrf_checks=True)

    return make
