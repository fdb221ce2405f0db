//! Fuzz target: `tokumei::fuzz::csv` must never panic, whatever the bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tokumei::fuzz::csv(data));
