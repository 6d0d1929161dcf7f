"""The procedure drawn from the declared workflow."""

from django import template
from django.utils.translation import gettext as _

from applications.roles import Role
from applications.workflow import EXITS, STATES, SYSTEM, TRANSITIONS, Party, State, main_path

register = template.Library()


@register.inclusion_tag("applications/includes/workflow_diagram.html")
def workflow_diagram(current: str = ""):
    """The main path of states with whose turn it is and the transitions out
    of each, and the exits; generated from applications.workflow, never
    drawn by hand."""
    labels = dict(Role.choices) | {SYSTEM: _("System")}
    path = main_path()
    # The main path first, then the detours (a supplement request, …) and
    # the exits with a way on (a returned application reopened).
    path += [
        s
        for s in State.values
        if s not in path and (s not in EXITS or any(s in t.sources for t in TRANSITIONS))
    ]
    steps = [
        {
            "state": state,
            "label": State(state).label,
            "current": state == current,
            # Whose move it is in this state, from the declaration.
            "turn": Party(STATES[state].turn) if STATES[state].turn else None,
            "transitions": [
                {
                    "label": t.label,
                    "target": State(t.target).label,
                    "roles": [labels.get(r, r) for r in sorted(t.roles)],
                    "exit": t.target in EXITS,
                }
                for t in TRANSITIONS
                if state in t.sources
            ],
        }
        for state in path
    ]
    return {"steps": steps, "exits": [State(s).label for s in sorted(EXITS)]}
