"""Settings for the test suite: production settings with a throwaway secret key.

DATABASE_URL still chooses the database, so the same suite runs on SQLite and PostgreSQL.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")

from catalogue.settings import *  # noqa: E402,F403
from catalogue.settings import STORAGES  # noqa: E402

# Tests do not run collectstatic; serve static names as they are.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests serve static files through the finders; WhiteNoise need not scan a collected STATIC_ROOT.
WHITENOISE_AUTOREFRESH = True
# The admin tests sign in with force_login; the two-factor login itself is tested with the
# production default switched back on (tests/test_admin_login.py).
ADMIN_2FA_REQUIRED = False

# A second alias to the test database, standing in for a read replica in tests/web/test_replicas.py.
# The router uses it only where a test lists it in REPLICA_DATABASES.
DATABASES["replica1"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
