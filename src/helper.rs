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
//! Performance: "Helpers on the other core"). The parent therefore takes its own core out of the
//! helper's allowed cores as soon as the thread exists, before it has run, which moves it to the
//! other core at once, and goes on. Elsewhere than Linux the thread starts as usual.

use std::sync::OnceLock;

/// The helper once started; `None` inside if no thread could be started.
static LANE: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();

/// The helper, started on first use; `None` if no thread could be started.
fn lane() -> Option<&'static rayon::ThreadPool> {
    LANE.get_or_init(|| {
        let here = core::current();
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .spawn_handler(move |thread| {
                let helper = std::thread::Builder::new()
                    .name("aterrapport-helper".to_string())
                    .spawn(move || thread.run())?;
                // The helper keeps that mask: on two cores it is the other core.
                core::move_off(&helper, here);
                // Dropping the handle lets the thread run on its own, as rayon's threads do.
                Ok(())
            })
            // A job that panics has printed its message (the panic hook), and whoever waits for
            // what it does sees that it did not finish; without a handler rayon would abort.
            .panic_handler(|_| {})
            .build()
            .ok()
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

/// Drops `value` on the helper thread, once the jobs given before it are done, if the helper has
/// been started and this is not a thread of a pool (a batch's, where every core has files, or the
/// helper itself); here otherwise (no thread is started for a drop). For what is large and no
/// longer needed while this thread still has work: one report's parsed document is about 0.25 M
/// instructions of frees, which the helper, idle by then, does while the findings are written.
pub fn drop_beside<T: Send + 'static>(value: T) {
    match LANE.get() {
        Some(Some(pool)) if rayon::current_thread_index().is_none() => {
            pool.spawn(move || drop(value));
        }
        _ => drop(value),
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

#[cfg(target_os = "linux")]
mod core {
    use rustix::thread::{CpuSet, sched_getaffinity, sched_getcpu};
    use std::os::unix::thread::JoinHandleExt;

    /// The core the calling thread runs on.
    pub fn current() -> usize {
        sched_getcpu()
    }

    /// Takes `core` out of the cores `thread` may use (of those the calling thread may use), which
    /// moves it to another one, if another is allowed. Called before the thread has run, it then
    /// starts there.
    pub fn move_off<T>(thread: &std::thread::JoinHandle<T>, core: usize) {
        let Ok(allowed) = sched_getaffinity(None) else {
            return;
        };
        if allowed.count() < 2 || !allowed.is_set(core) {
            return;
        }
        // SAFETY: a `cpu_set_t` is an array of integers, for which all zeros is a valid value
        // (the empty set).
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        for cpu in (0..CpuSet::MAX_CPU).filter(|&c| c != core && allowed.is_set(c)) {
            // SAFETY: `CPU_SET` sets bit `cpu` of `set`; below `CpuSet::MAX_CPU` (`CPU_SETSIZE`)
            // that bit is inside it.
            unsafe { libc::CPU_SET(cpu, &mut set) };
        }
        // SAFETY: the handle is borrowed, so the thread is neither joined nor detached and its
        // `pthread_t` is valid; `set` is a `cpu_set_t` of the size given. A failure (an error
        // code) leaves the thread where it is, which costs time only.
        let _ = unsafe {
            libc::pthread_setaffinity_np(
                thread.as_pthread_t(),
                std::mem::size_of::<libc::cpu_set_t>(),
                &set,
            )
        };
    }
}

#[cfg(not(target_os = "linux"))]
mod core {
    pub fn current() {}

    pub fn move_off<T>(_: &std::thread::JoinHandle<T>, _: ()) {}
}

#[cfg(all(test, target_os = "linux"))]
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

    /// A thread moved off a core before it runs starts elsewhere and may not use that core; the
    /// caller's own cores are untouched.
    #[test]
    fn a_thread_moved_off_a_core_runs_elsewhere() {
        let Some(parent_allows) = cores_allowed() else {
            return;
        };
        let here = core::current();
        let (go, wait) = crossbeam_channel::bounded::<()>(0);
        let thread = std::thread::spawn(move || {
            let _ = wait.recv();
            let allowed = sched_getaffinity(None).ok();
            (sched_getcpu(), allowed.map(|a| (a.count(), a.is_set(here))))
        });
        core::move_off(&thread, here);
        let _ = go.send(());
        let seen = thread.join().ok();
        let Some((now_on, allowed)) = seen else {
            panic!("the thread panicked");
        };
        assert_ne!(now_on, here, "the thread runs on the core it was moved off");
        assert_eq!(allowed, Some((parent_allows - 1, false)));
        assert_eq!(cores_allowed(), Some(parent_allows));
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

    /// Once the helper runs, what is given to `drop_beside` is dropped there, not by the caller.
    #[test]
    fn a_value_given_away_is_dropped_on_the_helper() {
        struct Tells(crossbeam_channel::Sender<Option<String>>);
        impl Drop for Tells {
            fn drop(&mut self) {
                let _ = self
                    .0
                    .send(std::thread::current().name().map(str::to_string));
            }
        }
        assert!(spawn(|| {}), "the helper could not be started");
        let (tx, rx) = crossbeam_channel::bounded(1);
        drop_beside(Tells(tx));
        assert_eq!(rx.recv().ok(), Some(Some("aterrapport-helper".to_string())));
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
