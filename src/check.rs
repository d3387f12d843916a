//! `aterrapport check`: the shared setup, the files to read, then one of four modes — report the
//! findings (the default), apply the fixes (`--fix`), show them (`--diff`), or record a baseline
//! (`--write-baseline`). Files are checked in parallel a chunk at a time and handled in path order
//! as each chunk is done, so a batch of any size is never held in memory whole and the output does
//! not depend on the number of threads.

use std::io::{IsTerminal, Write};
use std::path::Path;

use rayon::prelude::*;

use crate::cli::CheckArgs;
use crate::config::FailOn;
use crate::i18n::Lang;
use crate::report::FileReport;
use crate::setup::{Setup, fail};
use crate::walk::Candidate;
use crate::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, baseline, fix, output};

/// How many files are checked before their results are handled.
const CHUNK: usize = 64;

pub fn run(args: &CheckArgs) -> i32 {
    let setup = match Setup::new(&args.setup, &args.paths) {
        Ok(s) => s,
        Err(e) => return e.exit(),
    };
    let fail_on = setup.fail_on(args.fail_on.or(args.strict.then_some(FailOn::Warning)));
    if args.print_config {
        print!("{}", setup.config.to_toml(setup.lang, fail_on));
        return EXIT_OK;
    }
    let mut candidates = match setup.candidates(&args.paths) {
        Ok(c) => c,
        Err(e) => return e.exit(),
    };
    if args.reports_only {
        candidates.iter_mut().for_each(|c| c.explicit = false);
    }
    if let Some(path) = &args.write_baseline {
        return write_baseline(&setup, &candidates, path);
    }
    if args.diff {
        return diff(&setup, &candidates);
    }
    report(&setup, args, &candidates, fail_on)
}

/// Checks the candidates a chunk at a time and hands each chunk, in path order, to `handle`; stops
/// early when `handle` says so. The parsed documents are dropped at once: emitters, baselines and
/// fixes need only the source and the findings.
fn for_each_chunk(
    setup: &Setup,
    candidates: &[Candidate],
    progress: &indicatif::ProgressBar,
    mut handle: impl FnMut(Vec<FileReport>) -> bool,
) {
    for chunk in candidates.chunks(CHUNK) {
        let reports = setup.install(|| {
            chunk
                .par_iter()
                .filter_map(|c| {
                    let report = setup.check(c).map(|mut r| {
                        r.document = None;
                        r
                    });
                    progress.inc(1);
                    report
                })
                .collect()
        });
        if !handle(reports) {
            break;
        }
    }
}

/// The default mode, and `--fix`: findings to the emitter, the exit code from `fail_on`.
fn report(setup: &Setup, args: &CheckArgs, candidates: &[Candidate], fail_on: FailOn) -> i32 {
    let lang = setup.lang;
    let known = match &args.baseline {
        Some(path) => match baseline::Baseline::read(path) {
            Ok(b) => Some(b),
            Err(e) => {
                return fail(
                    lang,
                    &format!("baslinjen {} kan inte användas: {e}", path.display()),
                    &format!("the baseline {} cannot be used: {e}", path.display()),
                );
            }
        },
        None => None,
    };
    let stdout = std::io::stdout();
    let color = !args.no_color && std::env::var_os("NO_COLOR").is_none() && stdout.is_terminal();
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    let mut emitter = output::emitter(args.format, output::Settings { lang, color, width });
    let mut out = stdout.lock();
    let mut output_error = emitter.begin(&mut out).err();
    let mut totals = output::Totals::default();
    let mut fixes = FixTally::default();
    let (mut failing, mut hidden) = (false, 0);
    let progress = progress_bar(args, candidates.len());
    for_each_chunk(setup, candidates, &progress, |mut reports| {
        if args.fix {
            fixes.apply(setup, &mut reports);
        }
        if let Some(known) = &known {
            hidden += known.filter(&mut reports);
        }
        totals.add(&output::totals(&reports));
        failing |= reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .any(|d| fail_on.fails(d.severity));
        output_error = reports
            .iter()
            .try_for_each(|r| emitter.file(r, &mut out))
            .err();
        output_error.is_none()
    });
    progress.finish_and_clear();
    if args.fix {
        eprintln!("{}", fixes.summary(lang));
    }
    if hidden > 0 && !args.format.is_machine() {
        eprintln!(
            "{}",
            lang.pick(
                &format!("{hidden} kända fynd från baslinjen visas inte"),
                &if hidden == 1 {
                    "1 known finding from the baseline is not shown".to_string()
                } else {
                    format!("{hidden} known findings from the baseline are not shown")
                },
            )
        );
    }
    if output_error.is_none() {
        output_error = emitter.end(&totals, &mut out).and(out.flush()).err();
    }
    drop(out);
    if let Err(e) = setup.finish() {
        return e.exit();
    }
    // A closed pipe (`| head`) is not a failure of the check.
    if let Some(e) = output_error.filter(|e| e.kind() != std::io::ErrorKind::BrokenPipe) {
        return fail(
            lang,
            &format!("kan inte skriva utdata: {e}"),
            &format!("cannot write output: {e}"),
        );
    }
    if fixes.write_failed {
        EXIT_FAILURE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// What `--fix` did so far.
#[derive(Default)]
struct FixTally {
    findings: usize,
    files: usize,
    write_failed: bool,
}

impl FixTally {
    /// Fixes the chunk's files on disk (atomically) and replaces each fixed file's report with the
    /// report of its fixed text.
    fn apply(&mut self, setup: &Setup, reports: &mut [FileReport]) {
        let lang = setup.lang;
        for r in reports.iter().filter(|r| r.word.is_some()) {
            eprintln!(
                "aterrapport: {}",
                lang.pick(
                    &format!(
                        "{}: --fix rättar YAML; importera Word-dokumentet först (`aterrapport import {}`) och rätta YAML-filen",
                        r.source.display, r.source.display
                    ),
                    &format!(
                        "{}: --fix fixes YAML; import the Word document first (`aterrapport import {}`) and fix the YAML file",
                        r.source.display, r.source.display
                    ),
                )
            );
        }
        for (i, f) in fixes_of(setup, reports) {
            let Some(slot) = reports.get_mut(i) else {
                continue;
            };
            let path = slot.source.path.clone();
            match fix::write_atomic(&path, &f.original, &f.fixed, &fix::plain_sink) {
                Ok(()) => {
                    self.files += 1;
                    self.findings += f.count;
                    *slot = f.report;
                }
                Err(e) => {
                    self.write_failed = true;
                    eprintln!(
                        "aterrapport: {}",
                        lang.pick(
                            &format!("{}: rättningarna skrevs inte: {e}", path.display()),
                            &format!("{}: the fixes were not written: {e}", path.display()),
                        )
                    );
                }
            }
        }
    }

    fn summary(&self, lang: Lang) -> String {
        let (n, files) = (findings(lang, self.findings), files(lang, self.files));
        lang.pick(
            &format!("Rättade {n} i {files}"),
            &format!("Fixed {n} in {files}"),
        )
    }
}

/// The fixes of a chunk's files, computed in parallel: (index in `reports`, fixed text).
fn fixes_of(setup: &Setup, reports: &[FileReport]) -> Vec<(usize, fix::Fixed)> {
    setup.install(|| {
        reports
            .par_iter()
            .enumerate()
            // A Word document is never rewritten: its findings are fixed in Word.
            .filter(|(_, r)| r.word.is_none())
            .filter_map(|(i, r)| {
                fix::fix_in_memory(r, &setup.templates, &setup.options).map(|f| (i, f))
            })
            .collect()
    })
}

/// `--diff`: the fixes as a unified diff on standard output; exit 1 when there are any.
fn diff(setup: &Setup, candidates: &[Candidate]) -> i32 {
    let lang = setup.lang;
    let mut out = std::io::stdout().lock();
    let mut tally = FixTally::default();
    let mut output_error = None;
    for_each_chunk(
        setup,
        candidates,
        &indicatif::ProgressBar::hidden(),
        |reports| {
            for (i, f) in fixes_of(setup, &reports) {
                let Some(report) = reports.get(i) else {
                    continue;
                };
                let diff = fix::unified_diff(&report.source.display, &f.original, &f.fixed);
                if let Err(e) = out.write_all(diff.as_bytes()) {
                    output_error = Some(e);
                    return false;
                }
                tally.findings += f.count;
                tally.files += 1;
            }
            true
        },
    );
    if let Some(e) = output_error.filter(|e| e.kind() != std::io::ErrorKind::BrokenPipe) {
        return fail(
            lang,
            &format!("kan inte skriva utdata: {e}"),
            &format!("cannot write output: {e}"),
        );
    }
    if let Err(e) = setup.finish() {
        return e.exit();
    }
    let (n, shown) = (findings(lang, tally.findings), files(lang, tally.files));
    eprintln!(
        "{}",
        lang.pick(
            &format!("--fix skulle rätta {n} i {shown}"),
            &format!("--fix would fix {n} in {shown}"),
        )
    );
    if tally.files == 0 {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}

/// `--write-baseline FILE`: records today's findings; exit 0 when the file is written.
fn write_baseline(setup: &Setup, candidates: &[Candidate], path: &Path) -> i32 {
    let lang = setup.lang;
    let mut recorder = baseline::Recorder::new(path);
    for_each_chunk(
        setup,
        candidates,
        &indicatif::ProgressBar::hidden(),
        |reports| {
            reports.iter().for_each(|r| recorder.add(r));
            true
        },
    );
    if let Err(e) = setup.finish() {
        return e.exit();
    }
    match recorder.write(path) {
        Ok(n) => {
            let n = findings(lang, n);
            eprintln!(
                "{}",
                lang.pick(
                    &format!("Skrev {n} till baslinjen {}", path.display()),
                    &format!("Wrote {n} to the baseline {}", path.display()),
                )
            );
            EXIT_OK
        }
        Err(e) => fail(
            lang,
            &format!("baslinjen {} kan inte skrivas: {e}", path.display()),
            &format!("the baseline {} cannot be written: {e}", path.display()),
        ),
    }
}

fn files(lang: Lang, n: usize) -> String {
    lang.count(n, ("fil", "filer"), ("file", "files"))
}

fn findings(lang: Lang, n: usize) -> String {
    lang.count(n, ("fynd", "fynd"), ("finding", "findings"))
}

/// A progress bar on stderr, only when stderr is a terminal, the output is for people and the
/// batch is large enough to wait for.
fn progress_bar(args: &CheckArgs, files: usize) -> indicatif::ProgressBar {
    const LARGE: usize = 200;
    let shown = !args.no_progress
        && !args.format.is_machine()
        && files >= LARGE
        && std::io::stderr().is_terminal();
    if !shown {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(files as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}
