"""The add-child form: the code checked (whatever its case, saying nothing of who has it) before
the service; the search box bounded."""

import pytest

from apps.organizations.forms import OrganizationForm, OrganizationSearchForm

pytestmark = pytest.mark.django_db


def data(**over) -> dict:
    return {
        "code": "QB-MOI",
        "name": "Chi bộ Mới",
        "short_name": "",
        "kind": "grassroots_cell",
    } | over


def test_a_new_code_is_accepted_trimmed(tree):
    form = OrganizationForm(data(code="  QB-MOI "))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["code"] == "QB-MOI"


@pytest.mark.parametrize("code", ["HT-PTM", "ht-ptm", " Qb-Ankt "])
def test_a_code_in_use_anywhere_is_refused_with_the_one_answer(tree, code):
    form = OrganizationForm(data(code=code))
    assert not form.is_valid()
    assert form.errors["code"] == [f"Mã “{code.strip()}” không dùng được; hãy đặt mã khác."]


def test_a_bad_kind_or_missing_name_is_refused(tree):
    form = OrganizationForm(data(kind="unknown", name=""))
    assert not form.is_valid() and set(form.errors) == {"kind", "name"}


def test_the_search_box_is_optional_and_bounded():
    assert OrganizationSearchForm({}).is_valid()
    assert OrganizationSearchForm({"q": "Phòng"}).is_valid()
    assert not OrganizationSearchForm({"q": "x" * 101}).is_valid()
