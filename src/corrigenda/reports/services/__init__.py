"""Write operations on sites, articles, reports, issues and their settings: one module
per noun, every name re-exported here so callers write `services.change_status(...)`.

Each state change happens in exactly one function, which also writes its `Event`.
"""

from corrigenda.reports.models import ALLOWED_TRANSITIONS, OPEN_STATUSES, TRIAGE_STATUSES

from .articles import (
    FETCH_INTERVAL_SECONDS,
    READER_COPIES_PER_ARTICLE,
    READER_COPIES_PER_CLIENT,
    SITE_HISTORY_ARTICLES,
    PushedText,
    article_metadata,
    fetch_current_text,
    receive_article_revision,
    record_reader_copy,
    record_revision,
    request_fetch,
    site_history_for,
    update_article_metadata,
)
from .findings import (
    CheckRun,
    check_revision,
    dismiss_finding,
    finding_fingerprint,
    switch_off_rule_of,
)
from .issues import (
    IssueBefore,
    assign_issue,
    change_status,
    comment_on_issue,
    decide_many,
    reanchor_open_issues,
    undo_decisions,
)
from .reports import REVISION_CACHE_SECONDS, ReportSubmission, receive_report
from .sites import (
    add_member,
    change_check_settings,
    create_site,
    switch_off_check,
    switch_on_check,
    update_site_settings,
)
from .style_rules import (
    StyleRuleImport,
    create_style_rule,
    delete_style_rule,
    import_style_rules,
    import_vale_package,
    style_rule_value,
    switch_off_style_rule,
    switch_on_style_rule,
    update_style_rule,
)
from .tokens import (
    API_TOKEN_USE_RESOLUTION,
    create_api_token,
    note_api_token_use,
    revoke_api_token,
)
from .uncorrected_changes import (
    note_uncorrected_changes,
    open_due_uncorrected_changes,
    settle_uncorrected_changes,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "FETCH_INTERVAL_SECONDS",
    "READER_COPIES_PER_ARTICLE",
    "READER_COPIES_PER_CLIENT",
    "API_TOKEN_USE_RESOLUTION",
    "OPEN_STATUSES",
    "REVISION_CACHE_SECONDS",
    "SITE_HISTORY_ARTICLES",
    "TRIAGE_STATUSES",
    "CheckRun",
    "IssueBefore",
    "PushedText",
    "ReportSubmission",
    "StyleRuleImport",
    "add_member",
    "article_metadata",
    "assign_issue",
    "change_check_settings",
    "change_status",
    "check_revision",
    "comment_on_issue",
    "create_api_token",
    "create_site",
    "create_style_rule",
    "decide_many",
    "delete_style_rule",
    "dismiss_finding",
    "fetch_current_text",
    "note_uncorrected_changes",
    "open_due_uncorrected_changes",
    "settle_uncorrected_changes",
    "finding_fingerprint",
    "import_style_rules",
    "import_vale_package",
    "note_api_token_use",
    "receive_article_revision",
    "receive_report",
    "record_reader_copy",
    "request_fetch",
    "reanchor_open_issues",
    "record_revision",
    "revoke_api_token",
    "site_history_for",
    "style_rule_value",
    "switch_off_check",
    "switch_off_rule_of",
    "switch_off_style_rule",
    "switch_on_check",
    "switch_on_style_rule",
    "update_article_metadata",
    "update_site_settings",
    "undo_decisions",
    "update_style_rule",
]
