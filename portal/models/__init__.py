"""The models of the ``portal`` app, for Django to find: those of the core
(calendar, periods, inbox and outbox) and the site search's index. Code
imports them from ``portal.core.models`` and ``portal.search.models``."""

from portal.core.models import *  # noqa: F403
from portal.core.models import __all__ as _core
from portal.search.models import SearchEntry

__all__ = [*_core, "SearchEntry"]
