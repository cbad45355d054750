"""Reading the catalogue's configuration from environment variables.

Every setting that differs between a laptop and production comes from here. A value that cannot be
used raises ``ConfigError`` whose message is one line naming the variable to set.
"""

import hashlib
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

    Connections persist for a minute, as PostgreSQL's do. A new one per request cost an app
    server about 6 ms at 100,000 initiatives (opening the file, the pragmas, reading the schema,
    compiling the page's statement again): a detail page served 400 requests/s on two workers,
    and 640 with the connection kept. In autocommit each statement still reads the last
    committed catalogue.
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        "CONN_MAX_AGE": 60,
    }


def database(url, base_dir: Path, pool=None, prepared=True):
    """Django DATABASES['default'] for a ``DATABASE_URL``; SQLite under ``base_dir`` when empty.

    PostgreSQL connections persist for a minute and are health-checked before each request's
    first query (CONN_HEALTH_CHECKS), so a worker whose connection died while the database
    restarted reconnects by itself, without a restart. ``pool`` (PostgreSQL only) is
    psycopg_pool's options, e.g. ``{"min_size": 2, "max_size": 4}``: connections then come from a
    pool per process instead of persistent connections. ``prepared`` lets a statement that asks
    for it be prepared on the server (see ``PREPARE_THRESHOLD``); False for a pooler that cannot
    keep prepared statements.
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
        # No parallel workers for a query: on a web server every core is already busy serving
        # requests, and starting workers costs more than it saves (a ranked search at 100,000
        # initiatives: 50 ms with two workers, 30 ms without). ``?options=…`` in the URL wins.
        options.setdefault("options", "-c max_parallel_workers_per_gather=0")
        if pool:
            options["pool"] = dict(pool)
        # Django turns psycopg's prepared statements off (None) for every connection, so that a
        # pooler in transaction mode keeps working. Only a statement run on a server-binding cursor
        # with ``prepare=True`` is prepared: the initiative page's (``initiatives.precompiled``).
        # Django's own cursors bind client-side, and psycopg never prepares those.
        options["prepare_threshold"] = PREPARE_THRESHOLD if prepared else None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname,
            "PORT": str(port or ""),
            # A pool keeps the connections itself; Django refuses persistent ones beside it.
            "CONN_MAX_AGE": 0 if pool else 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ConfigError(
        f"DATABASE_URL scheme {scheme or '(none)'!r} is not supported: "
        "use postgres://… for PostgreSQL or sqlite:///… for SQLite."
    )


# psycopg's own default: a server-binding cursor's statement is prepared after five runs. No
# cursor the project opens binds server-side except the precompiled one, which asks at once.
PREPARE_THRESHOLD = 5


def pool_options(environ=os.environ):
    """psycopg_pool options from ``DATABASE_POOL`` and friends; None when pooling is off."""
    if not flag("DATABASE_POOL", default=False, environ=environ):
        return None
    min_size = integer("DATABASE_POOL_MIN_SIZE", default=2, environ=environ)
    max_size = integer("DATABASE_POOL_MAX_SIZE", default=4, environ=environ)
    if max_size < max(min_size, 1):
        raise ConfigError(
            f"DATABASE_POOL_MAX_SIZE={max_size} is below DATABASE_POOL_MIN_SIZE={min_size}: "
            "set DATABASE_POOL_MAX_SIZE to at least the minimum (and at least 1)."
        )
    return {
        "min_size": min_size,
        "max_size": max_size,
        "timeout": integer("DATABASE_POOL_TIMEOUT", default=10, environ=environ),
    }


def replicas(urls, base_dir: Path, pool=None, prepared=True):
    """DATABASES entries ``replica1``, ``replica2`` … for ``DATABASE_REPLICA_URLS``."""
    entries = {}
    for n, url in enumerate(urls, start=1):
        try:
            entry = database(url, base_dir, pool=pool, prepared=prepared)
        except ConfigError as error:
            raise ConfigError(f"DATABASE_REPLICA_URLS, replica {n}: {error}") from None
        entries[f"replica{n}"] = entry
    return entries


def cache(url, namespace=""):
    """Django CACHES['default'] for a ``CACHE_URL``: local memory when empty.

    ``namespace`` goes into a shared cache's key prefix, so two catalogues (two databases) that
    share one Redis never read each other's pages or versions.
    """
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "catalogue"}
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"katalog-{namespace}" if namespace else "katalog",
        }
    if scheme == "locmem":
        name = url.split("://", 1)[1] or "catalogue"
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ConfigError(
        f"CACHE_URL={url!r} is not supported: use redis://host:6379/0 (several app servers), "
        "locmem:// (one process) or dummy:// (no cache)."
    )


def database_namespace(settings_dict):
    """A short, stable name for a database (host, port and name), for cache key prefixes."""
    raw = f"{settings_dict.get('HOST', '')}:{settings_dict.get('PORT', '')}/{settings_dict['NAME']}"
    return hashlib.sha256(raw.encode()).hexdigest()[:12]
