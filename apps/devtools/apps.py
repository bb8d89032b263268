from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development tools: the demo loader, the national data generator and the benchmark.

    They sit above every other app (they build and measure the whole portal), and nothing in
    the portal imports them (the import-linter contracts in pyproject.toml)."""

    name = "apps.devtools"
    verbose_name = "Development tools"
