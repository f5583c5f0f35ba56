"""Test settings: the real settings, with a fast password hasher, in-memory mail, private temp media."""

import os
import tempfile

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="ketnghia-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "vi"

# A queue of this test run's own, so that two suites sharing one Redis never take each other's jobs.
JOBS_QUEUE = f"test-{os.getpid()}"
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": [JOBS_QUEUE]}}
RQ_QUEUES = {JOBS_QUEUE: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}  # noqa: F405
