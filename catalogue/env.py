"""Reading the catalogue's configuration from environment variables.

Every setting that differs between a laptop and production comes from here. A value that cannot be
used raises ``ConfigError`` whose message is one line naming the variable to set.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit


class ConfigError(Exception):
    """A configuration value is missing or unusable; the message says what to set."""


TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def flag(name, default=False, environ=os.environ):
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean: set {name} to 0 or 1.")


def integer(name, default=0, environ=os.environ):
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise ConfigError(
            f"{name}={raw!r} is not a whole number of 0 or more: set {name} to e.g. 0."
        )
    return value


def csv_list(name, default=(), environ=os.environ):
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def sqlite(name):
    """An SQLite database that keeps serving pages while an import writes.

    Write-ahead logging lets readers go on reading the last committed catalogue while a load runs
    (they never see half of it, and never wait for it); writers take the lock when their
    transaction begins (IMMEDIATE), so two imports at once queue up for up to ``timeout``
    seconds instead of failing half-way with "database is locked".
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


def database(url, base_dir: Path):
    """Django DATABASES['default'] for a ``DATABASE_URL``; SQLite under ``base_dir`` when empty.

    PostgreSQL connections persist for a minute and are health-checked before each request's
    first query (CONN_HEALTH_CHECKS), so a worker whose connection died while the database
    restarted reconnects by itself, without a restart.
    """
    if not url:
        return sqlite(base_dir / "db.sqlite3")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(
            f"DATABASE_URL is not a valid URL ({exc}): set it like "
            "postgres://user:password@host:5432/name or sqlite:///path/to/db.sqlite3."
        ) from None
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc or not path or path == "/":
            raise ConfigError(
                f"DATABASE_URL={url!r} names no SQLite file: set it like sqlite:///path/to/db.sqlite3."
            )
        return sqlite(path)
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name or not parts.hostname:
            raise ConfigError(
                f"DATABASE_URL={url!r} lacks a host or database name: set it like "
                "postgres://user:password@host:5432/name."
            )
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname,
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ConfigError(
        f"DATABASE_URL scheme {scheme or '(none)'!r} is not supported: "
        "use postgres://… for PostgreSQL or sqlite:///… for SQLite."
    )
