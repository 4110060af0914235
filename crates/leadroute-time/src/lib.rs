//! leadroute-time: placeholder, filled in by its issue.
