"""Every template's ``{% url %}``, answered from ``catalogue.reversing.cached_reverse``.

Django's ``{% url %}`` calls ``reverse()`` each time it renders: fourteen times on an
initiative's page, for the same handful of URLs (the menu, the footer, the language form, each
note's text). This library, listed in ``TEMPLATES["OPTIONS"]["builtins"]``, replaces the tag with
Django's own node whose ``reverse()`` is remembered per process. It answers what Django's answers,
``as var`` and errors included; a URL with keyword arguments, or an argument that cannot be a key
(a list), is reversed as Django does it.
"""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape

from catalogue.reversing import cached_reverse

register = template.Library()


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = _reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _reverse(view_name, args, kwargs, current_app):
    if not kwargs:
        try:
            return cached_reverse(view_name, *args, current_app=current_app)
        except TypeError:  # an argument that is no key (a list): reverse it each time
            pass
    return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
