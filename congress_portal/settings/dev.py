"""The embedded default: what `make run` uses on a fresh machine (SQLite, filesystem broker)."""

from .base import *  # noqa: F403
from .base import CELERY_BROKER_DIR, VAR_DIR

DEBUG = True
DEMO_DATA_ALLOWED = True

# The embedded database and broker live under var/; create the folders on first start.
for folder in (VAR_DIR, CELERY_BROKER_DIR / "queue", CELERY_BROKER_DIR / "processed"):
    folder.mkdir(parents=True, exist_ok=True)
