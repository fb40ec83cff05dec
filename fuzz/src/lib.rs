//! The properties the fuzz targets check, one function per parser of untrusted input. `cargo
//! test` runs the same functions on the seed corpora and the minimised crashers
//! (tests/fuzz_regressions.rs includes `properties.rs`), so a crash found once stays fixed.

pub mod properties;
