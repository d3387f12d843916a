// mimalloc: most of a check is small, short-lived strings and vectors, which it allocates and
// frees faster than the system allocator (see README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = aterrapport::run(std::env::args_os());
    exit(code)
}

/// Ends the process without running the C runtime's exit handlers. The one that costs is the
/// allocator's: it hands every page it holds back to the kernel one `madvise` at a time, just
/// before the kernel takes them all back anyway (one report: 0.95× of the time without it,
/// README, Performance). Nothing is lost: every file and buffered writer is closed when `run` returns,
/// its helper threads write nothing, the language server's are joined, and standard output is
/// flushed here, as `std::process::exit` does.
#[cfg(unix)]
fn exit(code: i32) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    // SAFETY: `_exit` takes any status and ends the process; no code of this process runs after.
    unsafe { libc::_exit(code) }
}

#[cfg(not(unix))]
fn exit(code: i32) -> ! {
    std::process::exit(code)
}
