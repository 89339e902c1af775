//! The terminal: progress bars, and lines printed in course order as results arrive.

mod progress;

pub use progress::CheckProgress;
