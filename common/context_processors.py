"""What every page's template needs from the settings: the idle-session limits (base.html)."""

from django.conf import settings


def idle_session(request):
    return {
        "idle_seconds": settings.SESSION_IDLE_MINUTES * 60,
        "idle_warning_seconds": settings.SESSION_IDLE_WARNING_MINUTES * 60,
        "idle_warning_minutes": settings.SESSION_IDLE_WARNING_MINUTES,
    }
