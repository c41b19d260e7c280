//! The `pto` binary: parse the command line, run, map to an exit status.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = pto::cli::parse();
    pto::threads::configure();
    pto::cli::run(cli).into()
}
