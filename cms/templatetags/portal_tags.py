"""Template helpers of the public site."""

import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from wagtail.models import Site

from applications.measures.numerals import to_chinese

register = template.Library()


@register.filter
def cn_numeral(value: int) -> str:
    """Renders 12 as 十二, for 第十二条."""
    return to_chinese(int(value))


def _english() -> bool:
    """Returns True on the English site (/en/), whose pages are English
    unless marked Chinese."""
    return not (get_language() or settings.LANGUAGE_CODE).startswith("zh")


@register.filter
def page_title(page) -> str:
    """Renders a page's title in the language of the site: on the English
    site its English title, or, when it has none, its Chinese title marked
    lang="zh-Hans"; on the Chinese site its Chinese title."""
    if page is None:
        return ""
    if not _english():
        return page.title
    english = getattr(page, "title_en", "")
    return english or format_html('<span lang="zh-Hans">{}</span>', page.title)


@register.filter
def page_title_text(page) -> str:
    """A page's title as plain text for the <title> element, which cannot
    hold a language mark: on the English site its English title, or, when
    it has none, the English name of the kind of page ("Notice"); on the
    Chinese site its SEO title or its title."""
    if page is None:
        return ""
    if not _english():
        return page.seo_title or page.title
    english = getattr(page, "title_en", "")
    return english or capfirst(page.specific_class._meta.verbose_name)


@register.filter
def zh(value) -> str:
    """Marks a Chinese value (a name, a document number) as Chinese inside
    a translated sentence: ``<span lang="zh-Hans">…</span>``."""
    return format_html('<span lang="zh-Hans">{}</span>', value) if value else ""


# A run of Chinese: from a Chinese character to a Chinese character, with
# the Chinese punctuation and the digits in between (景文旅字〔2020〕152号).
CHINESE_RUN = re.compile(
    r"[\u4e00-\u9fff](?:[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef0-9]*[\u4e00-\u9fff\uff09\u3015])?"
)
TAG = re.compile(r"(<[^>]*>)")


@register.filter
def mark_chinese(value) -> str:
    """On the English site, marks each run of Chinese in an English sentence
    made elsewhere (a warning with a document number, a help text naming a
    document) as Chinese; on the Chinese site returns the value as is.
    Plain text is escaped first; in HTML already marked safe only the text
    between tags is touched."""
    if value is None:
        return ""
    if not _english():
        # On the Chinese site the whole page is Chinese already.
        return value
    if isinstance(value, SafeData):
        parts = TAG.split(str(value))
    else:
        parts = [escape(value)]
    # Safe: the text was escaped, or was safe HTML whose tags are kept as is.
    return mark_safe(  # noqa: S308
        "".join(
            part
            if part.startswith("<")
            else CHINESE_RUN.sub(lambda m: f'<span lang="zh-Hans">{m.group(0)}</span>', part)
            for part in parts
        )
    )


@register.filter
def page_intro(page) -> str:
    """Renders an index page's introduction in the language of the site,
    as ``page_title`` does its title ("" when it has none)."""
    intro = getattr(page, "intro", "")
    if not _english():
        return intro
    english = getattr(page, "intro_en", "")
    if english:
        return english
    return format_html('<span lang="zh-Hans">{}</span>', intro) if intro else ""


@register.inclusion_tag("cms/includes/legal_text_note.html")
def legal_text_note():
    """On the English site, a note that the legal text of the page (the
    measures, a notice, a report) is in Chinese; nothing on the Chinese
    site."""
    return {"show": _english(), "language": get_language()}


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
    items = root.get_children().live().in_menu()
    # The English titles are on the specific pages: a query per kind of
    # page, on the English site only.
    items = list(items.specific() if _english() else items)
    for item in items:
        item.is_current = bool(current and current.path.startswith(item.path))
    return {
        "home": root,
        "items": items,
        "current_path": getattr(current, "path", None),
        "home_path": root.path,
        "request": request,
    }
