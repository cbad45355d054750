"""``reverse()`` remembered per process: the public pages reverse the same URLs over and over.

An initiative's page reverses about 24 URLs and a list page more, each about 25 µs of
``django.urls.reverse``. ``cached_reverse(viewname, *args, current_app=None)`` answers what
``reverse(viewname, args=args, current_app=current_app)`` answers, from a bounded memo keyed on
the arguments and on everything else ``reverse()`` reads: the script prefix (a site served under
``/katalog/``), the thread's urlconf, ``ROOT_URLCONF`` and the active language (a translated
pattern would differ). ``get_absolute_url`` and every template's ``{% url %}``
(``catalogue.url_tag``) go through it.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

MEMO_SIZE = 16384  # about 2 MB of URLs; a page reverses tens


def cached_reverse(viewname, *args, current_app=None):
    return _reverse(
        viewname,
        args,
        current_app,
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
        get_language(),
    )


@lru_cache(maxsize=MEMO_SIZE)
def _reverse(viewname, args, current_app, prefix, urlconf, root_urlconf, language):
    return reverse(viewname, args=args, urlconf=urlconf, current_app=current_app)
