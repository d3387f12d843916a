// mimalloc: most of a check is small, short-lived strings and vectors, which it allocates and
// frees faster than the system allocator (see README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(aterrapport::run(std::env::args_os()));
}
