//! Stage 3, analysis: questions about evaluations. What would change the answer and which
//! assumptions are worth answering (`sensitivity`), how much it rests on the weights
//! (`robustness`), and how often it agrees with real, published decisions (`calibration`).

pub mod calibration;
pub mod robustness;
pub mod sensitivity;
