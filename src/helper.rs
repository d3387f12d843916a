//! The helper thread that works beside the thread that starts it: the warm-up at start, AR502's
//! learning while a report is read, and half of the rules of a report checked on its own.
//!
//! One thread does all three, in the order they are given: on two cores there is one core to
//! share, and starting a thread cost the starting thread about 0.1 ms here (its stack mapped,
//! its first pages faulted in), three times per report; a thread that stays also reuses the
//! memory its earlier jobs freed. It is a rayon pool of one thread, which lets a job borrow from
//! the caller's stack while the caller waits for it (`beside`).
//!
//! Linux puts a new thread on the core of the thread that creates it, and lets it run there first;
//! an idle core takes one of the two over only at a later scheduler tick. Measured on 2 cores, a
//! helper started this way ran after its parent, not beside it, in most runs (README,
//! Performance: "Helpers on the other core"). The helper therefore moves itself off its parent's
//! core when it starts, and the parent yields once so that this happens at once. Elsewhere than
//! Linux the thread starts as usual.

use std::sync::OnceLock;

/// The helper, started on first use; `None` if no thread could be started.
fn lane() -> Option<&'static rayon::ThreadPool> {
    static LANE: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    LANE.get_or_init(|| {
        let here = core::current();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "aterrapport-helper".to_string())
            // The helper keeps that mask: on two cores it is the other core.
            .start_handler(move |_| core::leave(here))
            // A job that panics has printed its message (the panic hook), and whoever waits for
            // what it does sees that it did not finish; without a handler rayon would abort.
            .panic_handler(|_| {})
            .build()
            .ok();
        // Lets the new thread run now and move off this core.
        std::thread::yield_now();
        pool
    })
    .as_ref()
}

/// Runs `f` on the helper thread once the jobs given before it are done. `false` if there is no
/// helper thread; `f` is then dropped without running.
pub fn spawn(f: impl FnOnce() + Send + 'static) -> bool {
    match lane() {
        Some(pool) => {
            pool.spawn(f);
            true
        }
        None => false,
    }
}

/// Runs `theirs` on the helper thread (once the jobs given before it are done) while this thread
/// runs `here`, and returns `here`'s result once both are done. `theirs` may borrow from the
/// caller. Without a helper thread `theirs` is dropped without running: it should record that it
/// ran.
pub fn beside<R>(theirs: impl FnOnce() + Send, here: impl FnOnce() -> R) -> R {
    match lane() {
        Some(pool) => pool.in_place_scope(|scope| {
            scope.spawn(|_| theirs());
            here()
        }),
        None => here(),
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod core {
    use rustix::thread::{sched_getaffinity, sched_getcpu, sched_setaffinity};

    /// The core the calling thread runs on.
    pub fn current() -> usize {
        sched_getcpu()
    }

    /// Takes `core` out of the calling thread's allowed cores, which moves it to another one, if
    /// another is allowed. The thread keeps that mask: giving `core` back at once could let the
    /// scheduler leave it where it was.
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
    fn the_helper_may_use_every_core_but_one_and_jobs_run_in_order() {
        let Some(parent_allows) = cores_allowed() else {
            return;
        };
        let (tx, rx) = crossbeam_channel::unbounded();
        for job in 0..3 {
            let tx = tx.clone();
            assert!(spawn(move || {
                let _ = tx.send((job, sched_getaffinity(None).map(|a| a.count()).ok()));
            }));
        }
        drop(tx);
        let seen: Vec<_> = rx.iter().collect();
        let allows = Some(parent_allows - 1);
        assert_eq!(seen, vec![(0, allows), (1, allows), (2, allows)]);
        // The caller's own cores are untouched.
        assert_eq!(cores_allowed(), Some(parent_allows));
    }

    #[test]
    fn a_job_beside_this_thread_borrows_and_is_done_when_it_returns() {
        let words = ["ett", "två"];
        let theirs = std::sync::Mutex::new(None);
        let mine = beside(
            || {
                let on_helper = std::thread::current().name() == Some("aterrapport-helper");
                *theirs.lock().unwrap_or_else(|e| e.into_inner()) = Some((words.len(), on_helper));
            },
            || words.first().copied(),
        );
        assert_eq!(mine, Some("ett"));
        assert_eq!(
            theirs.into_inner().unwrap_or_else(|e| e.into_inner()),
            Some((2, true))
        );
    }

    /// A job that panics does not take the helper (or the process) with it.
    #[test]
    fn the_helper_outlives_a_job_that_panics() {
        let (tx, rx) = crossbeam_channel::bounded(1);
        assert!(spawn(|| panic!("a panic asked for by the test")));
        assert!(spawn(move || {
            let _ = tx.send("still here");
        }));
        assert_eq!(rx.recv().ok(), Some("still here"));
    }
}
