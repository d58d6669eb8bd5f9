"""Audit trails in words ("Dana accepted this"), as the issue and correction pages show
them: never the event's code."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from corrigenda.reports.models import Event, Issue

_STATUS_SENTENCES = {
    Issue.Status.NEW: gettext_noop("%(who)s reopened this"),
    Issue.Status.ACCEPTED: gettext_noop("%(who)s accepted this"),
    Issue.Status.REJECTED: gettext_noop("%(who)s rejected this"),
    Issue.Status.DUPLICATE: gettext_noop("%(who)s marked this a duplicate"),
    Issue.Status.SPAM: gettext_noop("%(who)s marked this as spam"),
    Issue.Status.FIXED: gettext_noop("%(who)s marked this fixed"),
    Issue.Status.PUBLISHED: gettext_noop("%(who)s published a correction for this"),
}
_ANCHOR_SENTENCES = {
    Issue.AnchorState.ANCHORED: gettext_noop(
        "The article was edited; the passage reads as readers saw it"
    ),
    Issue.AnchorState.MOVED: gettext_noop("The article was edited; the passage moved"),
    Issue.AnchorState.CHANGED: gettext_noop("The article was edited; the passage changed"),
    Issue.AnchorState.ORPHANED: gettext_noop("The article was edited; the passage is gone"),
}


_CORRECTION_SENTENCES = {
    "correction.drafted": gettext_noop("%(who)s wrote the draft"),
    "correction.edited": gettext_noop("%(who)s edited the draft"),
    "correction.published": gettext_noop("%(who)s published it"),
    "correction.amended": gettext_noop("%(who)s amended the published note"),
    "correction.withdrawn": gettext_noop("%(who)s withdrew it"),
}


def describe(event: Event) -> str:
    """One line saying who did what, in the desk's words (never the event's code)."""
    who = event.actor.get_username() if event.actor else _("The desk")
    detail = event.detail or {}
    if event.action == "issue.status":
        if detail.get("undo"):
            return _("%(who)s undid a change: this is %(status)s again") % {
                "who": who,
                "status": Issue.Status(detail["to"]).label.lower(),
            }
        sentence = _(
            _STATUS_SENTENCES.get(detail.get("to"), gettext_noop("%(who)s changed the status"))
        )
        if detail.get("duplicate_of"):
            return _("%(who)s marked this a duplicate of #%(issue)s") % {
                "who": who,
                "issue": detail["duplicate_of"],
            }
        return sentence % {"who": who}
    if event.action == "issue.assigned":
        assignee = detail.get("assignee")
        if detail.get("undo"):
            return _("%(who)s undid an assignment") % {"who": who}
        if not assignee:
            return _("%(who)s left this unassigned") % {"who": who}
        if event.actor and assignee == event.actor.get_username():
            return _("%(who)s took this") % {"who": who}
        return _("%(who)s assigned this to %(assignee)s") % {"who": who, "assignee": assignee}
    if event.action == "issue.commented":
        return _("%(who)s commented") % {"who": who}
    if event.action == "issue.opened":
        return _("A reader flagged this passage")
    if event.action == "report.received":
        return _("A reader's report arrived")
    if event.action in _CORRECTION_SENTENCES:
        return _(_CORRECTION_SENTENCES[event.action]) % {"who": who}
    if event.action == "issue.reanchored":
        return _(_ANCHOR_SENTENCES.get(detail.get("to"), gettext_noop("The article was edited")))
    return _("%(who)s changed this") % {"who": who}
