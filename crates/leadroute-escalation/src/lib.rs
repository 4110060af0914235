//! leadroute-escalation: placeholder, filled in by its issue.
