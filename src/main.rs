//! The `leadroute` binary: a thin entry point over `leadroute-cli`.

fn main() -> std::process::ExitCode {
    leadroute_cli::main()
}
