// The check allocates many short-lived strings and vectors per report (the YAML tree, AR502's
// candidate words); mimalloc serves them faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(aterrapport::run(std::env::args_os()));
}
