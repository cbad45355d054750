"""Give a staff user a TOTP device (an authenticator app) for the admin's two-factor login.

Why a command: with two-factor login required, the first admin cannot reach the admin to set up
a device there, and an admin who lost a phone needs a new one. It prints the otpauth:// link and
the same as a QR code to scan; the new device is confirmed, so the next login asks for its code.
"""

import io

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Give USERNAME a TOTP device for the admin's two-factor login; prints its QR code."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="authenticator", help="the device's name")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete the user's other TOTP devices (a lost phone)",
        )
        parser.add_argument("--no-qr", action="store_true", help="print the link only")

    def handle(self, username, name, replace, no_qr, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist:
            raise CommandError(
                f"No user {username!r}: create one first with `manage.py createsuperuser`."
            ) from None
        if not user.is_staff:
            raise CommandError(f"User {username!r} is not staff and cannot use the admin.")
        with transaction.atomic():
            removed = 0
            if replace:
                removed, _ = TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        url = device.config_url
        if not no_qr:
            code = qrcode.QRCode(border=1)
            code.add_data(url)
            picture = io.StringIO()
            code.print_ascii(out=picture, invert=True)
            self.stdout.write(picture.getvalue())
        self.stdout.write(url)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"TOTP device {name!r} added for {username}"
                + (f" ({removed} old device(s) removed)" if removed else "")
                + ": scan the code (or open the link) in an authenticator app, then log in to "
                "the admin with the six-digit code it shows."
            )
