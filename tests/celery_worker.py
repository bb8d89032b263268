"""A real Celery worker process on the real Redis broker, against the test database."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import redis
from celery import Celery
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def running_worker(concurrency: int = 2, broker: str = "", backend: str = ""):
    """A worker on the test settings' broker, or on `broker`/`backend` (a test's own Redis)."""
    broker = broker or settings.CELERY_BROKER_URL
    backend = backend or settings.CELERY_RESULT_BACKEND
    redis.Redis.from_url(broker).flushdb()
    redis.Redis.from_url(backend).flushdb()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congress_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": backend,
    }
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "test-worker.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "congress_portal",
            "worker",
            "--loglevel=INFO",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        app = Celery(broker=broker, backend=backend)
        deadline = time.time() + 30
        while time.time() < deadline:
            if app.control.ping(timeout=0.5):
                break
            if proc.poll() is not None:
                raise RuntimeError("the Celery worker exited; see var/test-worker.log")
        else:
            raise RuntimeError("the Celery worker did not answer within 30 s")
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
