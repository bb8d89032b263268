"""apps.accounts.models: how a user is named wherever the portal shows a person."""

import pytest

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_full_name_is_shown_first():
    user = User.objects.create(
        username="nva", full_name="Nguyễn Văn A", first_name="A", last_name="Nguyễn"
    )
    assert str(user) == user.display_name == "Nguyễn Văn A"


def test_without_a_full_name_django_s_first_and_last_names_then_the_username():
    named = User.objects.create(username="ttb", first_name="Bình", last_name="Trần Thị")
    assert str(named) == named.display_name == "Bình Trần Thị"
    bare = User.objects.create(username="lvc")
    assert str(bare) == bare.display_name == "lvc"
