//! Linting off the main loop. One thread takes lint jobs; before each lint it drains the queue and
//! keeps only the newest version of each document, so a burst of keystrokes costs one lint, and a
//! lint that finishes for a version the editor has since replaced is dropped by the main loop.
//! Setups (configuration and templates) are built once per `aterrapport.toml` and kept until one
//! of those files changes.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crossbeam_channel::{Receiver, Sender};
use lsp_types::Uri;

use super::store::Analysis;
use crate::config::Config;
use crate::i18n::Lang;
use crate::setup::{Setup, SetupArgs, SetupError};

/// Builds setups and lints texts; shared by the worker and the main loop.
pub struct Linter {
    args: SetupArgs,
    /// `initializationOptions.lang`: used where neither a flag nor `aterrapport.toml` decides.
    lang: Option<Lang>,
    setups: Mutex<HashMap<Option<PathBuf>, Arc<Setup>>>,
}

impl Linter {
    pub fn new(args: SetupArgs, lang: Option<Lang>) -> Linter {
        Linter {
            args,
            lang,
            setups: Mutex::new(HashMap::new()),
        }
    }

    /// The setup for a document at `path`: one per configuration file.
    pub fn setup(&self, path: &Path) -> Result<Arc<Setup>, SetupError> {
        let key = if self.args.isolated || self.args.config.is_some() {
            None
        } else {
            Config::discover(path)
        };
        if let Some(s) = self.setups.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(s);
        }
        let setup = Arc::new(Setup::for_document(&self.args, path, self.lang)?);
        if let Ok(mut m) = self.setups.lock() {
            m.insert(key, setup.clone());
        }
        Ok(setup)
    }

    /// Forgets every setup: a configuration or schema file changed.
    pub fn forget_setups(&self) {
        if let Ok(mut m) = self.setups.lock() {
            m.clear();
        }
    }

    /// The full pipeline of `check` on the editor's text, as if it were the file at `path`.
    pub fn analyse(
        &self,
        path: &Path,
        version: i32,
        text: Arc<str>,
    ) -> Result<Analysis, SetupError> {
        let setup = self.setup(path)?;
        let display = path.to_string_lossy().replace('\\', "/");
        let report = setup.check_text(path, &display, text.as_bytes());
        Ok(Analysis {
            version,
            text,
            setup,
            report,
        })
    }
}

pub struct Job {
    pub uri: Uri,
    pub version: i32,
    pub path: PathBuf,
    pub text: Arc<str>,
}

/// What the worker hands back to the main loop.
pub struct Done {
    pub uri: Uri,
    pub version: i32,
    /// `None` when the lint panicked (logged; the previous findings stay).
    pub result: Option<Result<Arc<Analysis>, SetupError>>,
}

/// Starts the lint thread; it ends when `jobs` is closed.
pub fn spawn(
    linter: Arc<Linter>,
    jobs: Receiver<Job>,
    done: Sender<Done>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("aterrapport-lint".into())
        .spawn(move || {
            let mut pending: Vec<Job> = Vec::new();
            loop {
                if pending.is_empty() {
                    match jobs.recv() {
                        Ok(job) => pending.push(job),
                        Err(_) => return,
                    }
                }
                while let Ok(job) = jobs.try_recv() {
                    pending.retain(|p| p.uri != job.uri);
                    pending.push(job);
                }
                let job = pending.remove(0);
                let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    linter
                        .analyse(&job.path, job.version, job.text.clone())
                        .map(Arc::new)
                }));
                if result.is_err() {
                    eprintln!(
                        "aterrapport server: the lint of {} panicked",
                        job.path.display()
                    );
                }
                let message = Done {
                    uri: job.uri,
                    version: job.version,
                    result: result.ok(),
                };
                if done.send(message).is_err() {
                    return;
                }
            }
        })
}
