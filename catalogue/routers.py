"""Read replicas: public reads go to a replica, everything else to the primary.

``DATABASE_REPLICA_URLS`` adds the aliases ``replica1``, ``replica2`` … (``REPLICA_DATABASES``).
``PublicReadsMiddleware`` marks an anonymous GET/HEAD request (no session cookie: the public
never signs in) as public and picks one replica for the whole request, so one page reads one
consistent snapshot. ``ReplicaRouter`` sends that request's reads there; writes, migrations,
the admin, signed-in staff, management commands and the loader always use ``default``. With no
replica configured the router changes nothing.

A replica may lag behind the primary. The page cache therefore stores a page rendered from a
replica only when that replica already shows the catalogue version the page is cached under
(``replica_is_current``), so a lagging replica can slow a page down, never make it stale.
"""

import contextvars
import random

from django.conf import settings

_replica = contextvars.ContextVar("catalogue_replica", default=None)


def current_replica():
    """The replica this request reads from, or None (the primary)."""
    return _replica.get()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _replica.get()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PublicReadsMiddleware:
    """Route an anonymous GET/HEAD request's reads to one replica (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicas = getattr(settings, "REPLICA_DATABASES", [])
        public = (
            replicas
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        if not public:
            return self.get_response(request)
        token = _replica.set(random.choice(replicas))
        try:
            response = self.get_response(request)
            # Rendering may happen here (template responses): still on the same replica.
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            return response
        finally:
            _replica.reset(token)


def replica_is_current(version):
    """Whether the replica this request reads from already has catalogue version ``version``."""
    alias = _replica.get()
    if alias is None:
        return True
    from initiatives.models import CatalogueVersion

    row = CatalogueVersion.objects.using(alias).filter(pk=1).values_list("version", flat=True)
    return (row.first() or 0) >= version
