//! leadroute-sort: placeholder, filled in by its issue.
