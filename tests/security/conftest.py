"""Fixtures for the security tests: the web tests' small catalogue, and staff signed in the way
production signs them in (password and TOTP code through the real login form)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.web.conftest import build_catalogue

PASSWORD = "et-langt-og-hemmeligt-kodeord"
ROOT = Path(__file__).resolve().parents[2]


def start_manage(database_url, *args):
    """``manage.py ARGS -v 0`` started in a process of its own on ``database_url`` (debug
    settings); its stderr is kept for the test's message."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(DJANGO_DEBUG="1", DATABASE_URL=database_url)
    return subprocess.Popen(
        [sys.executable, "manage.py", *args, "-v", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(autouse=True)
def _empty_page_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(db):
    return build_catalogue()


@pytest.fixture
def two_factor(settings):
    """The production default: the admin asks for a TOTP code."""
    settings.ADMIN_2FA_REQUIRED = True
    return settings


def current_code(device):
    """The six digits the user's authenticator app shows now."""
    device.refresh_from_db()
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(
        device.digits
    )


def make_admin(username="redaktoer", *, device=True):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser(username, f"{username}@example.dk", PASSWORD)
    if device:
        TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
    return user


def login(client, username, password=PASSWORD, code=None, **extra):
    data = {"username": username, "password": password, "next": reverse("admin:index")}
    if code is not None:
        data["otp_token"] = code
    return client.post(reverse("admin:login"), data, **extra)


@pytest.fixture
def staff_client(client, db, two_factor):
    """A superuser signed in with password and TOTP code, as in production."""
    user = make_admin()
    response = login(client, user.username, code=current_code(user.totpdevice_set.get()))
    assert response.status_code == 302, response.content.decode()[:2000]
    client.user = user
    return client
