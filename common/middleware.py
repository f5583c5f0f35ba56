"""Request-wide hardening that is no feature's business: idle sessions and caching of private pages."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

# Session key holding the time (epoch seconds) of the user's last request.
LAST_SEEN_KEY = "ketnghia_last_seen"
# Refresh the stored time at most once a minute: a session write on every request costs a query.
_REFRESH_AFTER_SECONDS = 60


def mark_seen(sender, request, user, **kwargs):
    """Signing in counts as a request: stamp it, so the first page after login writes no session."""
    if hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose another language with the switch in the top bar.

    Django's LocaleMiddleware also follows the browser's language (Accept-Language), so an
    officer whose Windows or Chrome is set to English got an English portal without asking.
    Here only the switch's cookie counts; a cookie naming no language of the portal is ignored.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The page's language depends on the cookie, not on Accept-Language.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class IdleTimeoutMiddleware:
    """Ends a signed-in session after SESSION_IDLE_MINUTES without a request.

    The page warns before that (static/js/portal.js, from the data attributes on <body>), and its
    "keep working" button calls the keep-alive URL, which is an ordinary request like any other.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if isinstance(last_seen, int) and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.warning(
                    request,
                    _("Phiên làm việc đã kết thúc vì không hoạt động quá %(minutes)d phút. Xin đăng nhập lại.")
                    % {"minutes": settings.SESSION_IDLE_MINUTES},
                )
                return redirect_to_login(request.get_full_path())
            if not isinstance(last_seen, int) or now - last_seen >= _REFRESH_AFTER_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages and downloads for a signed-in user are never kept by the browser or a proxy: a
    shared office computer must not show the last user's records from its cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
