use std::process::ExitCode;

use clap::Parser;
use console::style;

use backlings::cli::Cli;

/// The exit status of a program stopped by SIGINT, by shell convention (128 + 2).
const INTERRUPTED: i32 = 130;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Test binaries run in process groups of their own, so Ctrl-C does not reach them:
    // stop them before leaving, and leave nothing running behind.
    let _ = ctrlc::set_handler(|| {
        backlings::engine::stop_running_tests();
        backlings::ui::terminal::restore();
        #[allow(clippy::disallowed_methods)]
        std::process::exit(INTERRUPTED);
    });
    match backlings::commands::dispatch(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{} {error:#}", style("error:").red().bold());
            // 2: the run itself could not be done (1 is kept for "some exercises failed").
            ExitCode::from(2)
        }
    }
}
