"""apps.core.errors: a refusal carries its message, every reason and, if any, its field."""

from apps.core.errors import DomainError, PermissionDenied


def test_without_reasons_the_message_is_the_one_reason():
    error = DomainError("Chưa đủ điều kiện.")
    assert str(error) == error.message == "Chưa đủ điều kiện."
    assert error.reasons == ["Chưa đủ điều kiện."] and error.field is None


def test_every_reason_is_kept_as_text_and_the_field_is_named():
    from django.utils.translation import gettext_lazy

    error = DomainError(
        gettext_lazy("Không mở được đại hội."),
        [gettext_lazy("Thiếu R30."), "Thiếu R20."],
        field="x",
    )
    assert error.message == "Không mở được đại hội." and isinstance(error.message, str)
    assert error.reasons == ["Thiếu R30.", "Thiếu R20."]
    assert all(type(r) is str for r in error.reasons) and error.field == "x"


def test_a_permission_refusal_is_a_domain_error():
    refusal = PermissionDenied("Không có quyền.")
    assert isinstance(refusal, DomainError) and refusal.reasons == ["Không có quyền."]
