import pytest


@pytest.fixture
def production_hashers(monkeypatch):
    """PASSWORD_HASHERS as the production settings module computes it (read from the module,
    not assumed, so a hasher added there is what this test checks against)."""
    import runpy

    monkeypatch.setenv("SECRET_KEY", "test-production-settings-read-only-" + "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused")
    prod = runpy.run_module("congress_portal.settings.prod", run_name="prod_settings_read")
    from django.conf import global_settings

    return prod.get("PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
