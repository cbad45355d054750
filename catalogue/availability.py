"""Answers while the database is away: ``/healthz`` and the 503 page.

A request that needs the database while it is down (refused, restarting, dropped connection,
SQLite locked past its timeout) gets a Danish 503 page with ``Retry-After``, not a 500. The check
sits in the 500 handler, so it catches database errors wherever they surface: in a view, in a
template while the response renders, or in middleware (sessions, authentication). Django still
logs the error (one JSON line with the request id, status 503) and closes the broken connection
at the end of the request; the next request reconnects (CONN_HEALTH_CHECKS).
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 10
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(error):
    """True when ``error`` (or an error it was raised from) says the database cannot be reached."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OUTAGE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def unavailable(request):
    """The Danish 503 page, standing alone if even the site's base template cannot render."""
    try:
        response = render(request, "503.html", status=503)
    except Exception:  # the page must not fail the way the request did
        response = HttpResponse(
            "Kataloget er midlertidigt utilgængeligt. Prøv igen om lidt.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, *args, **kwargs):
    """handler500: 503 with Retry-After for a database outage, Django's 500 page otherwise."""
    if is_database_outage(sys.exc_info()[1]):
        return unavailable(request)
    return django_server_error(request, *args, **kwargs)


@never_cache
def healthz(request):
    """200 "ok" when the primary database answers a query; 503 when it does not.

    Only the primary: a load balancer that took every app server out because one read replica
    was down would turn a partial outage into a whole one.
    """
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        response = HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
