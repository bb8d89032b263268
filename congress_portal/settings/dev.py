"""The embedded default: what `make run` uses on a fresh machine (SQLite, filesystem broker)."""

import os

from .base import *  # noqa: F403
from .base import CELERY_BROKER_DIR, VAR_DIR, env_bool

DEBUG = True
DEMO_DATA_ALLOWED = True
# The demo's users sign in with their password only, so anyone can try every role at once;
# TWO_FACTOR_REQUIRED=1 make run turns the production rule on (see README, "Two-factor").
# A demo user who enrols by choice is still asked for the code.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)

# The embedded database and broker live under var/; create the folders on first start.
for folder in (VAR_DIR, CELERY_BROKER_DIR / "queue", CELERY_BROKER_DIR / "processed"):
    folder.mkdir(parents=True, exist_ok=True)

# The web server, the Celery worker and beat are three processes: a cache in one process's
# memory would not see the versions another renews (apps.core.tree_versions), so without Redis
# the demo shares a cache in files under var/.
if not os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
