// mimalloc: most of a check is small, short-lived strings and vectors, which it allocates and
// frees faster than the system allocator (see README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc reserves its first arena at the first allocation, before `main`, and sets up the
/// arena's bitmaps, one per size class among them, in memory it touches at once: 1 GiB of address
/// space by default, about 40 pages of bitmaps, each a page fault (3–6 µs in a virtual machine)
/// before the first line of `main` and a page to unmap at exit. A check of one report uses a few
/// MiB, a batch of 10,000 about 50: the smallest arena mimalloc makes, 32 MiB, needs a
/// thirty-second of the bitmaps, and mimalloc reserves more arenas, each larger, as it needs them
/// (one report: 0.95× of the time, README, Performance). This sets the default before mimalloc
/// starts: its constructor runs at priority 101, this one at 99, with the standard library's
/// own; `MIMALLOC_ARENA_RESERVE` in the environment still wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[used]
#[unsafe(link_section = ".init_array.00099")]
static SMALL_FIRST_ARENA: extern "C" fn() = small_first_arena;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" fn small_first_arena() {
    /// `mi_option_arena_reserve` in mimalloc.h's `mi_option_t` (libmimalloc-sys names only the
    /// older options); tests/all/cli.rs checks it against mimalloc's own name for it.
    const ARENA_RESERVE: libmimalloc_sys::mi_option_t = 23;
    /// In KiB, as mimalloc takes it.
    const SIZE: std::ffi::c_long = 32 * 1024;
    // SAFETY: mimalloc's options are a static array that `mi_option_set_default` writes one entry
    // of; nothing else runs yet (no thread, no allocation), and mimalloc ignores an unknown option.
    unsafe { libmimalloc_sys::mi_option_set_default(ARENA_RESERVE, SIZE) }
}

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
