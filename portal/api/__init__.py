"""The open data API, ``/api/v1/``: read-only JSON of what the public may
read on the site — the directory of established units, the publicity lists
and the notices.

Every response is built field by field from public facts (no model is
serialised whole), so a field added to a model never leaks by itself: no
objector's or commenter's identity, no organisation's contact, address or
统一社会信用代码, nothing of any user. Lists are paginated (``limit`` /
``offset``, with ``count``); answers may be cached for five minutes by
browsers and proxies and carry an ETag; each address may ask 600 times an
hour. The schema is at ``/api/v1/openapi.json``, its documentation at
``/api/v1/docs``.

One module per resource (``units``, ``publicity``, ``notices``), each a
router mounted here; ``base`` says how every answer is made and ``common``
holds what the resources share.
"""

from . import notices, publicity, units
from .base import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    RATE_LIMIT,
    AddressThrottle,
    PublicAPI,
    UnicodeJSONRenderer,
)

api = PublicAPI(
    title="景德镇陶瓷文化生态保护实验区开放数据 / Open data API",
    version="1",
    description=(
        "Read-only public data of the National Jingdezhen Ceramic Cultural Ecology "
        "Protection Experimental Zone: established units, publicity lists, notices. "
        f"Lists take limit (1–{MAX_LIMIT}, default {DEFAULT_LIMIT}) and offset and "
        f"give count; at most {RATE_LIMIT} requests an hour per address."
    ),
    urls_namespace="api_v1",
    renderer=UnicodeJSONRenderer(),
    throttle=[AddressThrottle()],
)
# In this order in the schema and its documentation.
api.add_router("", units.router)
api.add_router("", publicity.router)
api.add_router("", notices.router)
