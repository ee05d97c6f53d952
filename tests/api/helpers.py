from django.test import Client

from api.actions import CreateApiTokenAction


def make_token(user, name="Service desk", days=90):
    """A token as its owner makes it: (ApiToken, the secret shown once)."""
    return CreateApiTokenAction(user=user, name=name, days=days).execute()


def bearer(secret):
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
