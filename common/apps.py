from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _register_sqlite_fold(sender, connection, **kwargs):
    """Give SQLite the diacritic-folding function that PostgreSQL gets from `unaccent`."""
    if connection.vendor == "sqlite":
        from common.text import FOLD_FUNCTION, fold

        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)
        from common.text import VI_COLLATION, vi_collate

        # The name PostgreSQL's ICU collation has, so that one COLLATE clause sorts both alike.
        connection.connection.create_collation(VI_COLLATION, vi_collate)


class CommonConfig(AppConfig):
    """No models: an app so that its template filters (`{% load ketnghia %}`) are found and its
    signal receivers connected."""

    name = "common"

    def ready(self):
        connection_created.connect(_register_sqlite_fold, dispatch_uid="ketnghia_sqlite_fold")
        from django.contrib.auth.signals import user_logged_in

        from common.middleware import mark_seen

        user_logged_in.connect(mark_seen, dispatch_uid="ketnghia_mark_seen")
