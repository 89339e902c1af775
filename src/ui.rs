//! The terminal: progress bars, key input, and the screens of watch mode.

pub mod keys;
mod list_view;
mod progress;
pub mod terminal;
pub mod watch_screen;

pub use list_view::{ListAction, ListView};
pub use progress::CheckProgress;
