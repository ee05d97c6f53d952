"""Who the API sees: the user a token or session stands for, and their roles."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from policies.roles import user_groups

from .base import ApiView
from .errors import errors


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField(help_text="Full name, as on signatures.")
    groups = serializers.ListField(
        child=serializers.CharField(), help_text="The user's groups (their roles)."
    )


class MeView(ApiView):
    @extend_schema(
        operation_id="me",
        summary="The user the request is authenticated as",
        responses={200: MeSerializer, **errors()},
    )
    def get(self, request):
        user = request.user
        return Response(
            MeSerializer(
                {
                    "username": user.get_username(),
                    "name": user.get_full_name(),
                    "groups": sorted(user_groups(user).values()),
                }
            ).data
        )
