//! Memos: answers kept to spare work, which never change what their owner answers.

/// Implements `Clone`, `PartialEq`, `Eq` and `Hash` for the memo type `$t`: a clone
/// starts as `$fresh`, and equality and hashing ignore the memo. For a value kept
/// inside a compiled record (a criterion's remembered local day, an account's day of
/// open time) so that the record still compares and hashes by what it answers.
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
///
/// #[derive(Debug, Default)]
/// struct Kept(AtomicU64);
/// leadroute_time::ignored_by_equality!(Kept, Kept::default());
///
/// let a = Kept(AtomicU64::new(7));
/// assert_eq!(a, Kept::default());
/// assert_eq!(a.clone().0.load(Ordering::Relaxed), 0);
/// ```
#[macro_export]
macro_rules! ignored_by_equality {
    ($t:ty, $fresh:expr) => {
        impl ::std::clone::Clone for $t {
            fn clone(&self) -> $t {
                $fresh
            }
        }

        impl ::std::cmp::PartialEq for $t {
            fn eq(&self, _: &$t) -> bool {
                true
            }
        }

        impl ::std::cmp::Eq for $t {}

        impl ::std::hash::Hash for $t {
            fn hash<H: ::std::hash::Hasher>(&self, _: &mut H) {}
        }
    };
}
