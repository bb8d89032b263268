"""API errors: the services' refusals become HTTP answers with Vietnamese (or English) messages.

A rule refusing an action (RuleViolation: opening before RA…) is 409 with every reason; a
permission refusal is 403; bad input is 400 with field errors.
"""

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from apps.congresses.services import RuleViolation
from apps.core.errors import DomainError, PermissionDenied


def exception_handler(exc, context):
    if isinstance(exc, PermissionDenied):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, RuleViolation):
        return Response(
            {"detail": exc.message, "reasons": exc.reasons}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, DomainError):
        body = (
            {exc.field: exc.reasons}
            if exc.field
            else {"detail": exc.message, "reasons": exc.reasons}
        )
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response = drf_handler(exc, context)
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response["WWW-Authenticate"] = "Token"
        return response
    return drf_handler(exc, context)
