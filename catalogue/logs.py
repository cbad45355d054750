"""Structured logging: errors as JSON lines, each with the request id of the request it is about.

``RequestIdMiddleware`` (catalogue.middleware) gives every request an id, sends it back in the
``X-Request-ID`` header and keeps it in a context variable while the request runs; the filter
here stamps it on every log record, and the formatter writes one JSON object a line, so that an
operator can count errors (``jq 'select(.status == 503)'``) and find the one a visitor reports.
"""

import contextvars
import datetime
import json
import logging

request_id = contextvars.ContextVar("request_id", default="")

# Attributes every LogRecord has; anything else was passed in ``extra`` and is worth keeping.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


def _request_id(record):
    # Django logs a 4xx/5xx response after the middleware has finished (the context variable is
    # reset by then) but passes the request along; an error inside a request has the variable.
    return (
        getattr(record, "request_id", "")
        or getattr(getattr(record, "request", None), "request_id", "")
        or request_id.get()
    )


class RequestIdFilter(logging.Filter):
    """Stamps the current request's id (or "" outside a request) on each record."""

    def filter(self, record):
        record.request_id = _request_id(record)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, request and error."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": _request_id(record),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
            entry["error_message"] = str(record.exc_info[1])
            entry["traceback"] = self.formatException(record.exc_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in ("request", "status_code") and key not in entry:
                entry[key] = value if isinstance(value, (str, int, float, bool)) else repr(value)
        return json.dumps(entry, ensure_ascii=False)
