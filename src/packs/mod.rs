//! Rule packs as code: `rules lint` (every problem of a pack at once) and `rules test` (a pack's
//! own test cases and what they cover).

pub mod cases;
pub mod lint;
