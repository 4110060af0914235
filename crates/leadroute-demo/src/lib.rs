//! leadroute-demo: placeholder, filled in by its issue.
