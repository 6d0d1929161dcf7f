"""Template helpers of the public site."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Site

from applications.measures.numerals import to_chinese

register = template.Library()


@register.filter
def cn_numeral(value: int) -> str:
    """Renders 12 as 十二, for 第十二条."""
    return to_chinese(int(value))


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Links to the current page in each other language. Plain links, not a
    form: they work without JavaScript and keep pages cacheable."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return {
        "links": [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in settings.LANGUAGES
            if code != current
        ],
    }


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page.specific if site else None


@register.simple_tag(takes_context=True)
def main_home_url(context) -> str:
    """Returns the URL of the site's home page ("/" when there is none yet)."""
    root = _site_root(context.get("request"))
    return (root.get_url(context.get("request")) if root else None) or "/"


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The main navigation: the home page and its live children marked
    "show in menus"."""
    request = context.get("request")
    root = _site_root(request)
    if root is None:
        return {"home": None, "items": []}
    current = context.get("page")
    items = list(root.get_children().live().in_menu())
    for item in items:
        item.is_current = bool(current and current.path.startswith(item.path))
    return {
        "home": root,
        "items": items,
        "current_path": getattr(current, "path", None),
        "home_path": root.path,
        "request": request,
    }
