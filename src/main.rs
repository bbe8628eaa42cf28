//! `leitmotif`: composes a themed original soundtrack from a story.
//!
//! The binary is thin: it parses arguments, loads the story, calls the pipeline crates and reports
//! errors with their source location. Exit codes: 0 success, 1 failure writing output, 2 invalid
//! input (the story or the arguments).

mod cli;
mod commands;
mod diagnostics;
mod progress;
mod slug;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    diagnostics::install();
    let result = match args.command {
        cli::Command::Compose(a) => commands::compose::run(&a),
        cli::Command::Explain(a) => commands::explain::run(&a),
        cli::Command::Import(a) => commands::import::run(&a),
        cli::Command::Render(a) => commands::render::run(&a),
        cli::Command::Plot(a) => commands::plot::run(&a),
        cli::Command::Play(a) => commands::play::run(&a),
        cli::Command::Adapt(a) => commands::adapt::run(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            diagnostics::report(&failure);
            ExitCode::from(failure.exit_code())
        }
    }
}
