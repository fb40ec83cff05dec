//! `shipwise ask`: the questionnaire. `flow` is the pure state machine over the fact catalog,
//! `keys` turns key presses into its inputs, `screen` draws its state as lines, and `terminal`
//! is the thin layer that reads keys and paints the screen.

pub(crate) mod flow;
pub(crate) mod keys;
pub(crate) mod screen;
pub(crate) mod terminal;
