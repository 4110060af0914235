//! Four routing processes over one Redis ledger.
