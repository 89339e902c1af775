use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;
use console::style;

use backlings::cli::Cli;

/// The exit status of a program stopped by SIGINT, by shell convention (128 + 2).
const INTERRUPTED: i32 = 130;

static INTERRUPTED_BY_USER: AtomicBool = AtomicBool::new(false);

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Test binaries and the servers the runner started run in process groups of their
    // own, so Ctrl-C does not reach them: stop them before leaving, and leave nothing
    // running behind.
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED_BY_USER.store(true, Ordering::SeqCst);
        // Servers first: a run waits on its tests meanwhile, so nothing it holds goes away
        // before them.
        backlings::services::stop_all();
        backlings::ui::terminal::restore();
        backlings::engine::stop_running_tests();
        #[allow(clippy::disallowed_methods)]
        std::process::exit(INTERRUPTED);
    });
    let result = backlings::commands::dispatch(cli);
    // A run whose tests Ctrl-C stopped ends as interrupted, not as failed.
    if INTERRUPTED_BY_USER.load(Ordering::SeqCst) {
        return ExitCode::from(INTERRUPTED as u8);
    }
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{} {error:#}", style("error:").red().bold());
            // 2: the run itself could not be done (1 is kept for "some exercises failed").
            ExitCode::from(2)
        }
    }
}
