fn main() {
    std::process::exit(aterrapport::run(std::env::args_os()));
}
