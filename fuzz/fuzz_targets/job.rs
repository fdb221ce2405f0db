//! Fuzz target: `tokumei::fuzz::job` must never panic, whatever the bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tokumei::fuzz::job(data));
