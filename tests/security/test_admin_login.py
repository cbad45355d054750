"""The admin login: lockout after repeated failures (per user and per address), a Danish lockout
page, unlocking by staff, and the second factor (TOTP) that production requires."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tests.security.conftest import current_code, login, make_admin

pytestmark = pytest.mark.django_db


def wrong(client, username, times, **extra):
    return [login(client, username, "forkert", **extra).status_code for _ in range(times)]


def test_twelve_wrong_passwords_then_the_right_one_is_still_locked_out(client, two_factor):
    user = make_admin()
    statuses = wrong(client, user.username, 12)
    assert statuses[:4] == [200] * 4  # the login form again, with its error
    assert set(statuses[5:]) == {429}
    response = login(client, user.username, code=current_code(user.totpdevice_set.get()))
    assert response.status_code == 429
    page = response.content.decode()
    assert "Login spærret" in page and "Prøv igen om 60 minutter" in page
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still the login page


def test_a_locked_out_username_stays_locked_from_another_address(two_factor):
    user = make_admin()
    wrong(Client(REMOTE_ADDR="192.0.2.10"), user.username, 5)
    other = Client(REMOTE_ADDR="198.51.100.7")
    response = login(other, user.username, code=current_code(user.totpdevice_set.get()))
    assert response.status_code == 429


def test_an_address_guessing_many_usernames_is_locked_out_for_all_of_them(two_factor):
    user = make_admin()
    guesser = Client(REMOTE_ADDR="192.0.2.66")
    for name in ("admin", "root", "test", "staff", "user"):
        login(guesser, name, "forkert")
    response = login(guesser, user.username, code=current_code(user.totpdevice_set.get()))
    assert response.status_code == 429
    # The real user, elsewhere, is not locked out by the guesser.
    elsewhere = Client(REMOTE_ADDR="203.0.113.5")
    user.totpdevice_set.update(last_t=-1)
    response = login(elsewhere, user.username, code=current_code(user.totpdevice_set.get()))
    assert response.status_code == 302


def test_behind_the_proxy_the_visitors_address_is_the_forwarded_one(settings, two_factor):
    settings.BEHIND_PROXY = True
    user = make_admin()
    # Same load balancer address, different visitors: only the guesser is locked out.
    guesser = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.66")
    for name in ("admin", "root", "test", "staff", "user"):
        login(guesser, name, "forkert")
    assert login(guesser, "someone", "x").status_code == 429
    visitor = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    response = login(visitor, user.username, code=current_code(user.totpdevice_set.get()))
    assert response.status_code == 302


def test_staff_unlock_a_user_with_axes_reset_username(client, two_factor):
    user = make_admin()
    wrong(client, user.username, 6)
    call_command("axes_reset_username", user.username, verbosity=0)
    call_command("axes_reset_ip", "127.0.0.1", verbosity=0)
    response = login(client, user.username, code=current_code(user.totpdevice_set.get()))
    assert response.status_code == 302


def test_the_password_alone_is_not_enough_in_production(client, two_factor):
    user = make_admin()
    response = login(client, user.username)
    assert response.status_code == 200
    assert "Skriv koden fra din godkendelses-app." in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused_in_danish(client, two_factor):
    user = make_admin()
    good = current_code(user.totpdevice_set.get())
    bad = str((int(good) + 1) % 10**6).zfill(6)
    response = login(client, user.username, code=bad)
    assert "Koden er forkert eller udløbet" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_password_and_code_let_staff_in(client, two_factor):
    user = make_admin()
    page = client.get("/admin/login/").content.decode()
    assert "Kode fra godkendelses-app" in page
    response = login(client, user.username, code=current_code(user.totpdevice_set.get()))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_session_signed_in_without_a_code_has_no_admin_access_in_production(client, two_factor):
    client.force_login(make_admin())
    assert client.get("/admin/").status_code == 302


def test_local_development_can_switch_the_second_factor_off(client, settings):
    settings.ADMIN_2FA_REQUIRED = False
    user = make_admin(device=False)
    assert "Kode fra godkendelses-app" not in client.get("/admin/login/").content.decode()
    assert login(client, user.username).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_add_totp_device_gives_the_first_admin_a_device_to_log_in_with(client, two_factor):
    user = make_admin(device=False)
    refused = login(client, user.username, code="123456")  # no device yet
    assert refused.status_code == 200
    assert f"manage.py add_totp_device {user.username}" in refused.content.decode()
    out = StringIO()
    call_command("add_totp_device", user.username, stdout=out)
    printed = out.getvalue()
    assert "otpauth://totp/" in printed and "secret=" in printed
    assert "█" in printed or "▀" in printed  # the QR code
    device = user.totpdevice_set.get()
    assert device.confirmed
    response = login(Client(), user.username, code=current_code(device))
    assert response.status_code == 302


def test_add_totp_device_replace_removes_a_lost_phone(two_factor):
    user = make_admin()
    call_command("add_totp_device", user.username, "--replace", "--no-qr", stdout=StringIO())
    assert user.totpdevice_set.count() == 1


def test_add_totp_device_refuses_unknown_and_non_staff_users(db):
    from django.core.management.base import CommandError

    from tests.builders import make_user

    with pytest.raises(CommandError, match="createsuperuser"):
        call_command("add_totp_device", "ingen")
    with pytest.raises(CommandError, match="not staff"):
        call_command("add_totp_device", make_user("borger").username)
