fn main() {
    std::process::exit(redline::cli::main());
}
