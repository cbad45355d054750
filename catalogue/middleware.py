"""Language selection: Danish unless the visitor chose English with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language header, so most visitors
with an English-language browser would get English. The catalogue speaks Danish by default
(DESIGN.md); English is a choice, remembered in the language cookie that ``set_language`` sets.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
