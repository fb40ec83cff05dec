//! Fuzz target: see `shipwise_fuzz::properties::workload` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shipwise_fuzz::properties::workload(data));
