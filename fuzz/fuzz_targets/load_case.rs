//! Fuzzes case-file loading: any bytes through `bytes_to_text`, and any UTF-8
//! text through `load_str`, must give a case or input errors, never a panic or
//! a hang (docs/architecture.md: "Never a panic, always a located message").
//!
//! Run (stable toolchain; see the main repository's tests/cli/fuzz.rs):
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run load_case fuzz/corpus/load_case \
//!       -- -max_total_time=1200 -timeout=10 -rss_limit_mb=2048

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = match pto::case::bytes_to_text(data.to_vec()) {
        Ok(text) => text,
        // Not text: still try what is valid UTF-8 of it, so that mutations
        // which break UTF-8 somewhere do not hide the rest from the loader.
        Err(_) => String::from_utf8_lossy(data).replace('\0', ""),
    };
    if let Err(errors) = pto::case::load_str("fuzz.yaml", &text) {
        assert!(!errors.is_empty(), "a failed load must say why");
        for e in &errors {
            assert!(!e.message.is_empty(), "an input error without a message");
            if let Some(span) = e.span {
                assert!(span.line >= 1, "an error at line 0: {e:?}");
            }
        }
    }
});
