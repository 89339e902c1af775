use std::process::ExitCode;

use clap::Parser;
use console::style;

use backlings::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match backlings::commands::dispatch(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{} {error:#}", style("error:").red().bold());
            // 2: the run itself could not be done (1 is kept for "some exercises failed").
            ExitCode::from(2)
        }
    }
}
