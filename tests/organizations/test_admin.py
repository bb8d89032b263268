"""The admin's organisation and congress changelists, with the export and import links."""

import pytest

pytestmark = pytest.mark.django_db


def test_admin_changelists_with_export_and_import_links(client, tree, admin_user):
    client.force_login(admin_user)
    page = client.get("/admin/organizations/organization/").content.decode()
    assert "/admin/organizations/organization/import-file/" in page
    assert (
        client.get("/admin/organizations/organization/import-file/")["Location"]
        == "/org/CATW/import/"
    )
    assert client.get("/admin/organizations/organization/export/").status_code == 200
    assert client.get("/admin/congresses/congress/").status_code == 200
