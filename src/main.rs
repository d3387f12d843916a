// On Linux with glibc the C runtime calls `main` below directly (README, Decisions).
#![cfg_attr(all(target_os = "linux", target_env = "gnu", not(test)), no_main)]

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

/// The two functions of the C maths library that the executable calls, `pow` (the progress bar's
/// estimate of the time left) and `log2` (the ZIP writer's strongest compression, which aterrapport
/// never asks for), from the `libm` crate, the Rust project's port of musl's maths library (like
/// glibc's, within one unit of the last place): `--as-needed` then leaves libm out, and the
/// dynamic loader opens, maps and relocates one library less at every start (README, Decisions).
/// Nothing else of libm is called; a later call of another of its functions brings the library
/// back, costing only that time. tests/all/cli.rs checks what the loader loads.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod maths {
    #[unsafe(no_mangle)]
    extern "C" fn pow(x: f64, y: f64) -> f64 {
        libm::pow(x, y)
    }

    #[unsafe(no_mangle)]
    extern "C" fn log2(x: f64) -> f64 {
        libm::log2(x)
    }

    #[cfg(test)]
    mod tests {
        use super::{log2, pow};

        /// Within one unit in the last place of `want`.
        fn close(got: f64, want: f64) -> bool {
            (got - want).abs() <= want.abs() * f64::EPSILON
        }

        #[test]
        fn pow_takes_the_base_first() {
            assert_eq!(pow(2.0, 10.0), 1024.0);
            assert_eq!(pow(3.0, 2.0), 9.0);
            assert_eq!(pow(2.0, -1.0), 0.5);
            assert!(close(pow(0.1, 0.5), 0.1_f64.sqrt()));
            assert_eq!(pow(0.0, 0.0), 1.0);
            assert!(pow(-1.0, 0.5).is_nan());
        }

        #[test]
        fn log2_is_the_binary_logarithm() {
            assert_eq!(log2(1024.0), 10.0);
            assert_eq!(log2(0.125), -3.0);
            assert!(close(log2(10.0), std::f64::consts::LOG2_10));
            assert_eq!(log2(0.0), f64::NEG_INFINITY);
            assert!(log2(-1.0).is_nan());
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu", not(test))))]
fn main() {
    let code = aterrapport::run(std::env::args_os());
    exit(code)
}

/// Where a run starts on Linux with glibc: the C runtime calls this `main`, and std's own start
/// (`lang_start`) does not run. That start reads `/proc/self/maps` to find the main thread's stack
/// and gives every thread an alternate signal stack, so that a stack overflow is reported by name
/// instead of as a segmentation fault: 23 system calls of a check of one report, a mapping and a
/// change of protection for the helper thread's signal stack among them (one report: 0.93–0.97× of
/// the time without them, README, Decisions). What else it does, a check relies on and this does
/// too: standard input, output and error are open (on `/dev/null` if the caller closed them, so
/// that no file the run opens takes their place), SIGPIPE is ignored (a closed pipe is an `EPIPE`
/// error that the output code handles), and a panic ends the run with exit code 101. The arguments
/// come from std as before: with glibc it reads them when the program is loaded.
#[cfg(all(target_os = "linux", target_env = "gnu", not(test)))]
mod start {
    use std::ffi::{c_char, c_int};

    #[unsafe(no_mangle)]
    extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
        standard_streams_open();
        ignore_sigpipe();
        let code = std::panic::catch_unwind(|| aterrapport::run(std::env::args_os()));
        // The panic hook has printed the message; std's start exits with 101 after a panic too.
        super::exit(code.unwrap_or(101))
    }

    /// Opens `/dev/null` on each of descriptors 0, 1 and 2 that is closed, as std's start does:
    /// one `poll` tells which are closed; where `poll` cannot run (fewer than three descriptors
    /// allowed, `EINVAL`, or no memory for it, `EAGAIN`/`ENOMEM`), one `fcntl` per descriptor
    /// does. If `/dev/null` cannot be opened the process aborts, as under std's start: a file
    /// opened later would take the closed descriptor's number, and what is printed would land in
    /// it.
    fn standard_streams_open() {
        for _ in closed_standard_streams().iter().filter(|&&closed| closed) {
            // SAFETY: a NUL-terminated path; `open` returns the lowest free descriptor, which is
            // the closed one, since the lower ones are open by now.
            if unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) } == -1 {
                std::process::abort();
            }
        }
    }

    /// Which of descriptors 0, 1 and 2 are closed.
    fn closed_standard_streams() -> [bool; 3] {
        let mut fds = [0, 1, 2].map(|fd| libc::pollfd {
            fd,
            events: 0,
            revents: 0,
        });
        loop {
            // SAFETY: `fds` is an array of three `pollfd`s that `poll` may write; a zero timeout
            // returns at once.
            if unsafe { libc::poll(fds.as_mut_ptr(), 3, 0) } >= 0 {
                return fds.map(|fd| fd.revents & libc::POLLNVAL != 0);
            }
            match errno() {
                Some(libc::EINTR) => {}
                Some(libc::EINVAL | libc::EAGAIN | libc::ENOMEM) => {
                    return [0, 1, 2].map(|fd| {
                        // SAFETY: `F_GETFD` only reads a descriptor's flags.
                        let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
                        flags == -1 && errno() == Some(libc::EBADF)
                    });
                }
                _ => std::process::abort(),
            }
        }
    }

    /// The error number of the last failed system call.
    fn errno() -> Option<c_int> {
        std::io::Error::last_os_error().raw_os_error()
    }

    /// Writes to a closed pipe then fail with `EPIPE` instead of ending the process, as under
    /// std's start.
    fn ignore_sigpipe() {
        // SAFETY: `SIG_IGN` installs no handler; nothing else of this process runs yet.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    }
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
