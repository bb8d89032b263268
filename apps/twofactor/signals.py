"""Remember at sign-in whether the user has a confirmed device, so the middleware need not ask
the database on every request of users who never enrolled."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import user_has_device

from .policy import ENROLLED_SESSION_KEY


@receiver(user_logged_in)
def remember_enrolment(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED_SESSION_KEY] = user_has_device(user)
