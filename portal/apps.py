from django.apps import AppConfig


class PortalConfig(AppConfig):
    """No models: the top of the portal (home page, navigation, error pages); it reads both apps."""

    name = "portal"
