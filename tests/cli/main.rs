//! The runner's own tests: they drive the built `backlings` binary on small fixture
//! courses (copied from `tests/fixtures/` into a temporary folder) and on the real course.

mod commands;
mod dev_check;
mod distribution;
mod info_file;
mod manifests;
mod outcomes;
mod progress;
mod reports;
mod services;
mod support;
#[cfg(unix)]
mod terminal;
#[cfg(unix)]
mod watch;
