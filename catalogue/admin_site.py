"""The admin site's login: a TOTP second factor when required, lockout by django-axes.

``CatalogueAdminSite`` is Django's ``admin.site`` (installed by ``catalogue.apps.AdminConfig``),
so every ``@admin.register`` in the project lands on it. When ``settings.ADMIN_2FA_REQUIRED``
(the default in production; ``DJANGO_ADMIN_2FA=0`` turns it off) the login form asks for the
six-digit code of the user's TOTP device (django-otp) and only a session verified by such a code
has access; ``manage.py add_totp_device USER`` gives the first admin a device. The setting is
read per request, so tests can switch it.

Lockout (settings ``AXES_*``) needs two things here: ``locked_out``, the Danish page a locked-out
login gets, and ``client_ip``: behind a TLS-terminating
load balancer every request comes from the balancer, so the visitor's address is the one it
appended to ``X-Forwarded-For``.
"""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm


class TwoFactorLoginForm(OTPAdminAuthenticationForm):
    """The admin login with a code from the user's authenticator app, in Danish."""

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Skriv koden fra din godkendelses-app."),
        "invalid_token": _("Koden er forkert eller udløbet. Prøv igen med en ny kode."),
        "device_required": _("Vælg den enhed, koden kommer fra."),
        "n_failed_attempts": ngettext_lazy(
            "Koden kan ikke prøves lige nu efter %(failure_count)d forkert forsøg. Vent lidt.",
            "Koden kan ikke prøves lige nu efter %(failure_count)d forkerte forsøg. Vent lidt.",
            "failure_count",
        ),
        "verification_not_allowed": _("Koden kan ikke prøves lige nu. Vent lidt."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].label = _("Kode fra godkendelses-app")
        self.fields["otp_token"].widget.attrs.update(
            autocomplete="one-time-code", inputmode="numeric", pattern="[0-9]*"
        )
        self.fields["otp_device"].label = _("Enhed")

    def _chosen_device(self, user):
        # Most staff have one authenticator; then there is nothing to choose.
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True))
            if not devices:
                raise forms.ValidationError(
                    _(
                        "Du har ingen godkendelses-app endnu. Bed en administrator om at køre "
                        "»manage.py add_totp_device %(username)s« på serveren."
                    ),
                    code="no_device",
                    params={"username": user.get_username()},
                )
            if len(devices) == 1:
                device = devices[0]
        return device


class CatalogueAdminSite(AdminSite):
    @property
    def login_form(self):
        return TwoFactorLoginForm if settings.ADMIN_2FA_REQUIRED else None

    @property
    def login_template(self):
        return "admin/login_2fa.html" if settings.ADMIN_2FA_REQUIRED else None

    def has_permission(self, request):
        allowed = super().has_permission(request)
        if allowed and settings.ADMIN_2FA_REQUIRED:
            return request.user.is_verified()
        return allowed


def client_ip(request):
    """The visitor's address for django-axes: the proxy's last X-Forwarded-For entry behind one."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer: a Danish page (429) saying how long, and who can unlock."""
    from axes.helpers import get_cool_off  # axes' helpers need the app registry

    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "admin/locked_out.html", context, status=429)
