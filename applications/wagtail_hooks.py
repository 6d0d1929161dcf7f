from wagtail.snippets.models import register_snippet

from .viewsets import RuleSetViewSet

register_snippet(RuleSetViewSet)
