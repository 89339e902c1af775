//! Renderers that turn engine outcomes into text. They return strings; printing is the
//! caller's job.

pub mod human;
