//! Fuzz target: `tokumei::fuzz::values` must never panic, whatever the bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tokumei::fuzz::values(data));
