//! backlings: a hands-on course runner for backend engineering in Rust.
//!
//! Layers, top to bottom: `cli` and `commands` (what the user asked), `report` and `ui`
//! (rendering), `engine` (build, run, judge), `course`, `state` and `services` (data).
//! Arrows only point down.

pub mod cli;
pub mod commands;
pub mod course;
pub mod engine;
pub mod report;
pub mod services;
pub mod state;
pub mod ui;
