"""Follow-up question rules matched against an answer's transcript (issue 3)."""

from openhire.ai.followups.rules import (
    FollowupMatch,
    FollowupRule,
    FollowupRuleError,
    default_rules,
    match_followup,
)

__all__ = ["FollowupMatch", "FollowupRule", "FollowupRuleError", "default_rules", "match_followup"]
