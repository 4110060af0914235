//! The crate's error: what the Redis ledger could not do, and against which server.
//! Behind the [`leadroute_caps::Ledger`] trait it travels as the source of a
//! [`leadroute_caps::ErrorKind::Backend`]: the engine then fails closed (no sale).

use std::fmt;

/// What went wrong talking to Redis.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The URL does not name a Redis server (`redis://host:port/db`).
    #[error("not a Redis URL: {0}")]
    Url(#[source] redis::RedisError),
    /// The server could not be reached or answered with an error; nothing was sold.
    #[error("Redis unavailable: {0}")]
    Unavailable(#[source] redis::RedisError),
    /// The server answered something the scripts never return.
    #[error("unexpected reply from Redis: {0}")]
    Reply(String),
    /// `load_sends` found the ledger loaded already (loading twice would count every
    /// send twice).
    #[error("the ledger was loaded already ({0}); load a snapshot's sends only once")]
    AlreadyLoaded(String),
    /// A previous `load_sends` started and did not finish.
    #[error("an earlier load ({0}) did not finish: delete the ledger's keys and load again")]
    LoadUnfinished(String),
}

/// An error of the Redis ledger: what went wrong, and the server (its URL without
/// credentials).
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    target: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, target: &str) -> Error {
        Error {
            kind,
            target: target.to_string(),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The server, as `redis://host:port/db` without credentials.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The error as a ledger backend failure, for the [`leadroute_caps::Ledger`] seam.
    pub(crate) fn into_backend(self) -> leadroute_caps::Error {
        leadroute_caps::ErrorKind::Backend(Box::new(self)).into()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.target, self.kind)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.kind)
    }
}
