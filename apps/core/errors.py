"""Domain errors: a refusal with a message the user can act on (Vietnamese, translatable)."""

from collections.abc import Sequence


class DomainError(Exception):
    """A service refused an action because a rule or the input forbids it.

    `reasons` lists every reason, so a page can show all of them at once rather than one per try.
    """

    def __init__(
        self, message: str, reasons: Sequence[str] = (), *, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        self.reasons = [str(r) for r in reasons] or [self.message]
        self.field = field  # the form field the message belongs to, when there is one

    def __str__(self) -> str:
        return self.message


class PermissionDenied(DomainError):
    """The user may not do this on this object (the permission layer said no)."""
