class DomainError(Exception):
    """A business rule refused the operation; the message is shown to the user as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class TransitionNotAllowed(DomainError):
    pass


class NotPermitted(DomainError):
    """The actor may not do this to this row (views answer 403)."""
