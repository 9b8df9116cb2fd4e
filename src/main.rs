use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    porten::cli::run(porten::cli::Cli::parse()).await
}
