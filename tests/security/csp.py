"""Reading a Content-Security-Policy the way a browser applies it to a
page's inline code, for the header tests (test_headers.py)."""

from html.parser import HTMLParser

# Script types a browser does not run: data blocks.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


def csp_directives(header: str) -> dict[str, list[str]]:
    """Returns the policy's directives: name → its sources."""
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def _sources(directives: dict, name: str) -> list[str]:
    return directives.get(name, directives.get("default-src", []))


def _inline_allowed(sources: list[str], nonce: str | None = None) -> bool:
    # With a nonce or hash in the list, browsers ignore 'unsafe-inline'.
    if nonce and f"'nonce-{nonce}'" in sources:
        return True
    guarded = any(s.startswith(("'nonce-", "'sha")) for s in sources)
    return "'unsafe-inline'" in sources and not guarded


class _InlineCode(HTMLParser):
    def __init__(self, directives: dict):
        super().__init__(convert_charrefs=True)
        self.directives = directives
        self.blocked: list[str] = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        scripts = _sources(self.directives, "script-src")
        styles = _sources(self.directives, "style-src")
        for name in attrs:
            if name.startswith("on") and not _inline_allowed(scripts):
                self.blocked.append(f"<{tag} {name}=…>")
        if "style" in attrs and not _inline_allowed(styles):
            self.blocked.append(f'<{tag} style="{attrs["style"]}">')
        if tag == "script" and "src" not in attrs:
            kind = (attrs.get("type") or "").lower()
            if kind not in DATA_SCRIPT_TYPES and not _inline_allowed(scripts, attrs.get("nonce")):
                self._open = "<script> (inline)"
        if tag == "style" and not _inline_allowed(styles, attrs.get("nonce")):
            self._open = "<style> (inline)"

    def handle_data(self, data):
        if self._open and data.strip():
            self.blocked.append(f"{self._open}: {data.strip()[:60]}")
            self._open = None

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._open = None


def inline_code_blocked(html: str, header: str) -> list[str]:
    """Returns the inline scripts, event handler attributes, style elements
    and style attributes of ``html`` that the policy ``header`` blocks."""
    parser = _InlineCode(csp_directives(header))
    parser.feed(html)
    return parser.blocked
