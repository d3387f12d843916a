//! Helper threads that work beside the thread that starts them: the warm-up at start and the text
//! rules of a report checked on its own.
//!
//! Linux puts a new thread on the core of the thread that creates it, and lets it run there first;
//! an idle core takes one of the two over only at a later scheduler tick. Measured on 2 cores, a
//! helper started this way ran after its parent, not beside it, in most runs (README,
//! Performance: "Helpers on the other core"). A helper here therefore moves itself off its
//! parent's core before it starts its work, and the parent yields once so that this happens at
//! once. Elsewhere than Linux the thread starts as usual.

use std::io;
use std::thread::{Builder, JoinHandle, Scope, ScopedJoinHandle};

/// Starts `f` on a new thread named `name`, on another core than the caller's where there is one.
pub fn spawn<T: Send + 'static>(
    name: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> io::Result<JoinHandle<T>> {
    Builder::new()
        .name(name.to_string())
        .spawn(leaving_this_core(f))
        .map(let_it_move)
}

/// `spawn` for a thread of `scope`, which may borrow from the caller.
pub fn spawn_scoped<'scope, 'env, T: Send + 'scope>(
    scope: &'scope Scope<'scope, 'env>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> io::Result<ScopedJoinHandle<'scope, T>> {
    Builder::new()
        .spawn_scoped(scope, leaving_this_core(f))
        .map(let_it_move)
}

/// `f`, made to first leave the core of the thread that calls this (the one about to spawn it).
fn leaving_this_core<T>(f: impl FnOnce() -> T + Send) -> impl FnOnce() -> T + Send {
    let here = core::current();
    move || {
        core::leave(here);
        f()
    }
}

/// Yields once after a spawn, so that a helper placed on this core runs now and moves off it.
fn let_it_move<H>(handle: H) -> H {
    std::thread::yield_now();
    handle
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod core {
    use rustix::thread::{sched_getaffinity, sched_getcpu, sched_setaffinity};

    /// The core the calling thread runs on.
    pub fn current() -> usize {
        sched_getcpu()
    }

    /// Takes `core` out of the calling thread's allowed cores, which moves it to another one, if
    /// another is allowed. The thread keeps that mask until it ends: helpers are short-lived, and
    /// giving `core` back at once could let the scheduler leave it where it was.
    pub fn leave(core: usize) {
        let Ok(mut allowed) = sched_getaffinity(None) else {
            return;
        };
        if allowed.count() < 2 || !allowed.is_set(core) {
            return;
        }
        allowed.unset(core);
        let _ = sched_setaffinity(None, &allowed);
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
mod core {
    pub fn current() {}

    pub fn leave(_: ()) {}
}

#[cfg(all(test, any(target_os = "linux", target_os = "android")))]
mod tests {
    use super::*;
    use rustix::thread::{sched_getaffinity, sched_getcpu};

    /// How many cores the calling thread may use; `None` where that cannot be read or is one.
    fn cores_allowed() -> Option<u32> {
        let count = sched_getaffinity(None).ok()?.count();
        if count < 2 {
            eprintln!("skipped: this machine lets the test use one core only");
            return None;
        }
        Some(count)
    }

    #[test]
    fn leaving_a_core_moves_the_thread_off_it() {
        if cores_allowed().is_none() {
            return;
        }
        let seen = std::thread::spawn(|| {
            let was_on = core::current();
            core::leave(was_on);
            let allowed = sched_getaffinity(None).ok();
            (was_on, sched_getcpu(), allowed.map(|a| a.is_set(was_on)))
        })
        .join()
        .ok();
        let Some((was_on, now_on, may_return)) = seen else {
            panic!("the thread panicked");
        };
        assert_ne!(now_on, was_on, "the thread still runs on the core it left");
        assert_eq!(
            may_return,
            Some(false),
            "the thread may still use the core it left"
        );
    }

    #[test]
    fn a_helper_may_use_every_core_but_one() {
        let Some(parent_allows) = cores_allowed() else {
            return;
        };
        let helper_allows = spawn("aterrapport-test", || {
            sched_getaffinity(None).map(|a| a.count()).ok()
        })
        .ok()
        .and_then(|h| h.join().ok())
        .flatten();
        assert_eq!(helper_allows, Some(parent_allows - 1));
        // The caller's own cores are untouched.
        assert_eq!(cores_allowed(), Some(parent_allows));
    }

    #[test]
    fn a_scoped_helper_may_use_every_core_but_one_and_borrows() {
        let Some(parent_allows) = cores_allowed() else {
            return;
        };
        let words = ["ett", "två"];
        let seen = std::thread::scope(|scope| {
            spawn_scoped(scope, || {
                (sched_getaffinity(None).map(|a| a.count()).ok(), words.len())
            })
            .ok()
            .and_then(|h| h.join().ok())
        });
        assert_eq!(seen, Some((Some(parent_allows - 1), 2)));
    }
}
