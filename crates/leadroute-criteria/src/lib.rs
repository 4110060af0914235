//! leadroute-criteria: placeholder, filled in by its issue.
