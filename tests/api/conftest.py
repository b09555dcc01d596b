"""API tests: a client that sends a person's personal token, as a script would."""

import pytest
from django.test import Client

from inspections.services.api_tokens import create_token


@pytest.fixture
def token_for():
    def make(user) -> str:
        return create_token(user, name="Tập lệnh thử", by=user)[1]

    return make


@pytest.fixture
def api_client(token_for):
    """api_client(user): a Client whose every request carries `user`'s new token."""

    def make(user) -> Client:
        return Client(headers={"Authorization": f"Bearer {token_for(user)}"}, enforce_csrf_checks=True)

    return make
