fn main() {
    std::process::exit(lofte::cli::main());
}
