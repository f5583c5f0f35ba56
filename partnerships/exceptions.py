class DomainError(Exception):
    """A business rule refused the operation; the message is shown to the user as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class TransitionNotAllowed(DomainError):
    pass


class NotPermitted(DomainError):
    """The actor may not do this to this row (views answer 403)."""


class YearLocked(DomainError):
    """The year's report has been finalised; its figures may not change until it is reopened."""


# Database triggers (reports migration 0002) put this in the error text of a refused write.
YEAR_LOCK_DB_MARKER = "ketnghia_year_locked"


def is_year_lock_error(error: Exception) -> bool:
    return YEAR_LOCK_DB_MARKER in str(error)
