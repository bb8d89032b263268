"""Vietnamese first: on pages the language comes from the user's choice (the switcher's cookie),
never from the browser's Accept-Language, so an officer's English-language browser still gets
the Vietnamese UI unless they switch. API clients ask with Accept-Language (default Vietnamese)."""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from apps.core.validators import control_character_in, control_character_message


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if request.path.startswith("/api/") and "HTTP_ACCEPT_LANGUAGE" in request.META:
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware:
    """Send the policy of settings.CONTENT_SECURITY_POLICY with every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


class ControlCharacterMiddleware:
    """Answer 400 to a URL or query string carrying a control character (a NUL byte in
    ?search=, ?after= or an organisation code in the path reached PostgreSQL and answered 500).
    The same check as forms, serializers and importers (apps.core.validators)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = control_character_in(request.path) or next(
            (
                code
                for key, values in request.GET.lists()
                for text in (key, *values)
                if (code := control_character_in(text))
            ),
            None,
        )
        if found:
            message = control_character_message(found)
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": message}, status=400, json_dumps_params={"ensure_ascii": False}
                )
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class NoStoreMiddleware:
    """Personnel data and PDFs are never kept by browsers or shared caches.

    Candidate lists, votes and official PDFs stay on a shared office computer's disk, or in a
    proxy's cache, long after the session ends unless the response forbids it: every page of
    the personnel app (and the API's personnel-plan routes), every PDF and every file download
    answers ``Cache-Control: no-store, private`` (with Django's never_cache set).
    """

    NAMESPACES = frozenset({"personnel"})
    URL_NAME_PREFIXES = ("api-plan-",)
    CONTENT_TYPES = ("application/pdf", "application/octet-stream")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        sensitive = response.get("Content-Type", "").startswith(self.CONTENT_TYPES) or (
            match is not None
            and (
                self.NAMESPACES.intersection(match.namespaces)
                or (match.url_name or "").startswith(self.URL_NAME_PREFIXES)
            )
        )
        if sensitive or response.get("Content-Disposition", "").startswith("attachment"):
            add_never_cache_headers(response)
        return response
