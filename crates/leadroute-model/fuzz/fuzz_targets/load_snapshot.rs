//! Fuzzes `load_snapshot` (and `parse_record::<Lead>`) with arbitrary text: neither
//! may panic, and every problem of a snapshot says where it is.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let snapshot = leadroute_model::load_snapshot(&text);
    for p in &snapshot.problems {
        assert!(p.line.is_some() || p.path.is_empty(), "{p:?}");
    }
    assert_eq!(
        snapshot.delivery_accounts.len(),
        snapshot.delivery_account_paths.len()
    );
    let _ = leadroute_model::parse_record::<leadroute_model::Lead>(&text);
});
