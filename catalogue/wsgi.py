"""WSGI entry point (gunicorn catalogue.wsgi; runserver through WSGI_APPLICATION).

Django's application behind ``CachedPagesLayer``, which answers cached pages before Django runs
(catalogue.cached_pages).
"""

import os

from django.core.wsgi import get_wsgi_application

from catalogue.cached_pages import CachedPagesLayer

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
application = CachedPagesLayer(get_wsgi_application())
