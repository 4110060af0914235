//! The leadroute command line (placeholder until the foundation issue lands).

/// Runs the command line with the process arguments and returns the exit code.
pub fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(2)
}
