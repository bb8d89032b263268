"""apps.twofactor.services: enrolling, checking, regenerating, disabling and resetting, each
refusal with its message and nothing changed, each change audited."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from apps.audit.models import AuditEvent
from apps.core.errors import DomainError
from apps.twofactor import services
from tests.second_factor import current_code, enrol

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_clean_token_drops_spaces_and_case_and_accepts_none():
    assert services.clean_token(" 12 34\t56 ") == "123456"
    assert services.clean_token("AbCd EfGh") == "abcdefgh"
    assert services.clean_token(None) == ""  # type: ignore[arg-type]


def test_the_pending_device_is_kept_across_reloads(tree):
    first = services.totp_pending(user=tree.qb_member)
    again = services.totp_pending(user=tree.qb_member)
    assert first.pk == again.pk and not again.confirmed
    assert again.name == services.APP_DEVICE_NAME
    assert TOTPDevice.objects.filter(user=tree.qb_member).count() == 1


def test_a_wrong_code_confirms_nothing_and_says_why(tree):
    device = services.totp_pending(user=tree.qb_member)
    with pytest.raises(DomainError) as refused:
        services.totp_confirm(user=tree.qb_member, token="000000")
    assert refused.value.field == "token" and "Mã xác thực không đúng" in refused.value.message
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=tree.qb_member).exists()
    assert not AuditEvent.objects.filter(verb="twofactor.enrolled").exists()


def test_confirming_without_a_pending_device_is_refused(tree):
    with pytest.raises(DomainError):
        services.totp_confirm(user=tree.qb_member, token="123456")
    assert not TOTPDevice.objects.filter(user=tree.qb_member).exists()


def test_confirming_replaces_the_old_app_gives_ten_codes_and_revokes_api_tokens(tree):
    old = enrol(tree.qb_member)
    Token.objects.create(user=tree.qb_member)
    other_token = Token.objects.create(user=tree.qb_committee)
    pending = services.totp_pending(user=tree.qb_member)
    device, codes = services.totp_confirm(user=tree.qb_member, token=f" {_code(pending)} ")
    assert device.pk == pending.pk and device.confirmed
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert len(codes) == services.RECOVERY_CODES == len(set(codes))
    stored = StaticToken.objects.filter(device__user=tree.qb_member)
    assert sorted(stored.values_list("token", flat=True)) == sorted(codes)
    assert not Token.objects.filter(user=tree.qb_member).exists()
    assert Token.objects.filter(pk=other_token.pk).exists()  # someone else's token stays
    event = AuditEvent.objects.get(verb="twofactor.enrolled")
    assert event.actor == tree.qb_member and event.data == {"api_tokens_revoked": 1}


def test_regenerating_codes_needs_an_enrolment_and_replaces_the_old_codes(tree):
    with pytest.raises(DomainError) as refused:
        services.recovery_codes_regenerate(user=tree.qb_member)
    assert "Chưa bật" in refused.value.message
    assert not StaticDevice.objects.filter(user=tree.qb_member).exists()
    enrol(tree.qb_member)
    first = services.recovery_codes_regenerate(user=tree.qb_member)
    second = services.recovery_codes_regenerate(user=tree.qb_member)
    left = set(
        StaticToken.objects.filter(device__user=tree.qb_member).values_list("token", flat=True)
    )
    assert left == set(second) and not left & set(first)
    assert AuditEvent.objects.filter(verb="twofactor.recovery_codes_regenerated").count() == 2


def test_the_check_accepts_an_app_code_and_spends_a_recovery_code_once(tree):
    device = enrol(tree.qb_member)
    codes = services.recovery_codes_regenerate(user=tree.qb_member)
    assert services.second_factor_check(user=tree.qb_member, token="") is None
    assert services.second_factor_check(user=tree.qb_member, token="   ") is None
    assert services.second_factor_check(user=tree.qb_member, token=current_code(device)) == device
    used = services.second_factor_check(user=tree.qb_member, token=codes[0].upper())
    assert used is not None and used.name == services.RECOVERY_DEVICE_NAME
    assert services.recovery_codes_left(user=tree.qb_member) == services.RECOVERY_CODES - 1
    event = AuditEvent.objects.get(verb="twofactor.recovery_code_used")
    assert event.data == {"left": services.RECOVERY_CODES - 1}
    assert services.second_factor_check(user=tree.qb_member, token=codes[0]) is None
    assert services.recovery_codes_left(user=tree.qb_member) == services.RECOVERY_CODES - 1


def test_another_users_recovery_code_is_refused(tree):
    enrol(tree.qb_member)
    enrol(tree.qb_committee)
    codes = services.recovery_codes_regenerate(user=tree.qb_committee)
    assert services.second_factor_check(user=tree.qb_member, token=codes[0]) is None
    assert services.recovery_codes_left(user=tree.qb_committee) == services.RECOVERY_CODES


def test_disabling_is_refused_to_a_required_role_and_keeps_its_devices(tree):
    enrol(tree.qb_secretary)
    services.recovery_codes_regenerate(user=tree.qb_secretary)
    with pytest.raises(DomainError) as refused:
        services.second_factor_disable(user=tree.qb_secretary)
    assert "bắt buộc" in refused.value.message
    assert services.is_enrolled(tree.qb_secretary)
    assert services.recovery_codes_left(user=tree.qb_secretary) == services.RECOVERY_CODES
    assert not AuditEvent.objects.filter(verb="twofactor.disabled").exists()


def test_disabling_an_optional_factor_removes_both_devices(tree):
    enrol(tree.qb_member)
    services.recovery_codes_regenerate(user=tree.qb_member)
    services.second_factor_disable(user=tree.qb_member)
    assert not TOTPDevice.objects.filter(user=tree.qb_member).exists()
    assert not StaticDevice.objects.filter(user=tree.qb_member).exists()
    assert AuditEvent.objects.get(verb="twofactor.disabled").actor == tree.qb_member


def test_a_reset_clears_devices_and_tokens_of_that_user_only_and_names_the_actor(tree, admin_user):
    for user in (tree.qb_secretary, tree.qb_standing):
        enrol(user)
        services.recovery_codes_regenerate(user=user)
        Token.objects.create(user=user)
    services.second_factor_reset(actor=admin_user, user=tree.qb_secretary)
    assert not services.is_enrolled(tree.qb_secretary)
    assert services.recovery_codes_left(user=tree.qb_secretary) == 0
    assert not Token.objects.filter(user=tree.qb_secretary).exists()
    assert services.is_enrolled(tree.qb_standing)
    assert Token.objects.filter(user=tree.qb_standing).exists()
    event = AuditEvent.objects.get(verb="twofactor.reset")
    assert event.actor == admin_user and event.target_id == str(tree.qb_secretary.pk)


def test_an_unconfirmed_device_is_not_an_enrolment_and_its_codes_do_not_count(tree):
    services.totp_pending(user=tree.qb_member)
    static = StaticDevice.objects.create(user=tree.qb_member, name="x", confirmed=False)
    StaticToken.objects.create(device=static, token="abcdefgh")
    assert not services.is_enrolled(tree.qb_member)
    assert services.recovery_codes_left(user=tree.qb_member) == 0
