"""API tokens of users who must use the second factor count only once they have enrolled.

Tokens are issued with the second factor (apps.api.views.TokenView) and revoked at enrolment
(services.totp_confirm), so a token of an enrolled user was issued with it; a token held by a
user who must enrol but has not (say, made before the requirement, or the role was granted
later) is refused until they enrol on the web.
"""

from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .policy import second_factor_required
from .services import is_enrolled


class SecondFactorTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if second_factor_required(user) and not is_enrolled(user):
            raise AuthenticationFailed(
                _("Tài khoản này phải bật xác thực hai lớp trên trang web trước khi dùng API.")
            )
        return user, token
