from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _register_sqlite_fold(sender, connection, **kwargs):
    """Give SQLite the diacritic-folding function that PostgreSQL gets from `unaccent`."""
    if connection.vendor == "sqlite":
        from common.text import SQLITE_FOLD_FUNCTION, fold

        connection.connection.create_function(SQLITE_FOLD_FUNCTION, 1, fold, deterministic=True)


class CommonConfig(AppConfig):
    """No models: an app only so that its template filters (`{% load ketnghia %}`) are found."""

    name = "common"

    def ready(self):
        connection_created.connect(_register_sqlite_fold, dispatch_uid="ketnghia_sqlite_fold")
