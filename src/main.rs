fn main() -> std::process::ExitCode {
    lofte::cli::main()
}
