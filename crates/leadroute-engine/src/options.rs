//! Request options of a scan and of routing, as the source API's scanner takes them.

use leadroute_model::AccountType;

/// What a scan asks for (the source API's scanner request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanOptions {
    /// The kind of accounts scanned (`ScanType`): General (web/chat), Redirect,
    /// LiveCall, IVR.
    pub scan_type: AccountType,
    /// Only accounts with `AutomationEnabled` (`Automated`).
    pub automated: bool,
    /// Ignore the lead's max sell (`AllowOverMax`).
    pub allow_over_max: bool,
    /// Ignore exclusivity (`IgnoreExclusive`): exclusive sends and exclusive accounts
    /// are then treated like any other, and no sale is made "alone".
    pub ignore_exclusive: bool,
    /// Force ids of the request (`ForceIDs`); when empty, the lead's `ForceID` field
    /// (if any) gives them.
    pub force_ids: Vec<String>,
    /// Record every failing check of every account, not only the first.
    pub explain: Explain,
}

/// How much of the per-account log a scan or route keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Explain {
    /// The first failing reason per account (scan), counts only (route).
    #[default]
    FirstReason,
    /// Every failing reason per account, and the log in route output.
    AllReasons,
}

impl Default for ScanOptions {
    /// A general, non-automated scan without overrides.
    fn default() -> Self {
        ScanOptions {
            scan_type: AccountType::General,
            automated: false,
            allow_over_max: false,
            ignore_exclusive: false,
            force_ids: Vec::new(),
            explain: Explain::FirstReason,
        }
    }
}

impl ScanOptions {
    /// The options of automated delivery (`route`): General, automated accounts only,
    /// no overrides.
    pub fn automated() -> Self {
        ScanOptions {
            automated: true,
            ..ScanOptions::default()
        }
    }

    /// The same options with every failing reason recorded.
    pub fn explained(mut self) -> Self {
        self.explain = Explain::AllReasons;
        self
    }
}
