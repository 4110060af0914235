//! leadroute-caps: placeholder, filled in by its issue.
