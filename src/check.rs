//! `aterrapport check`: the shared setup, the files to read, then one of four modes — report the
//! findings (the default), apply the fixes (`--fix`), show them (`--diff`), or record a baseline
//! (`--write-baseline`). Files are checked in parallel a chunk at a time and handled in path order
//! as each chunk is done, so a batch of any size is never held in memory whole and the output does
//! not depend on the number of threads. `-` reads one report from standard input instead, checked
//! as the file `--stdin-filename` names.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

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

/// What a run reads: the files found from the paths, or one report on standard input.
enum Input {
    Files(Vec<Candidate>),
    Stdin(Stdin),
}

/// A report read from standard input, checked as if it were the file at `path`.
struct Stdin {
    path: PathBuf,
    display: String,
    bytes: Vec<u8>,
    /// `--reports-only`: skipped when the text is not a report.
    reports_only: bool,
}

impl Input {
    fn len(&self) -> usize {
        match self {
            Input::Files(c) => c.len(),
            Input::Stdin(_) => 1,
        }
    }

    fn stdin(&self) -> Option<&Stdin> {
        match self {
            Input::Files(_) => None,
            Input::Stdin(stdin) => Some(stdin),
        }
    }
}

pub fn run(args: &CheckArgs) -> i32 {
    let stdin_path = match stdin_path(args) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // Standard input is configured as the file it stands for.
    let config_paths = match &stdin_path {
        Some(p) => std::slice::from_ref(p),
        None => args.paths.as_slice(),
    };
    let setup = match Setup::new(&args.setup, config_paths) {
        Ok(s) => s,
        Err(e) => return e.exit(),
    };
    let fail_on = setup.fail_on(args.fail_on.or(args.strict.then_some(FailOn::Warning)));
    if args.print_config {
        print!("{}", setup.config.to_toml(setup.lang, fail_on));
        return EXIT_OK;
    }
    let input = match stdin_path {
        Some(path) => match read_stdin(&setup, path, args.reports_only) {
            Ok(stdin) => Input::Stdin(stdin),
            Err(code) => return code,
        },
        None => match setup.candidates(&args.paths) {
            Ok(mut candidates) => {
                if args.reports_only {
                    candidates.iter_mut().for_each(|c| c.explicit = false);
                }
                Input::Files(candidates)
            }
            Err(e) => return e.exit(),
        },
    };
    if let Some(path) = &args.write_baseline {
        return write_baseline(&setup, &input, path);
    }
    if args.diff {
        return diff(&setup, &input);
    }
    report(&setup, args, &input, fail_on)
}

/// `--stdin-filename`'s path when the paths are `-`; `None` for a run over files. A usage error
/// (exit 2) when `-` comes without `--stdin-filename`, beside other paths, or the other way round.
fn stdin_path(args: &CheckArgs) -> Result<Option<PathBuf>, i32> {
    // The language of a usage error: the flag's, as no configuration is read yet.
    let lang = args.setup.lang.unwrap_or_default();
    let dash = args.paths.iter().any(|p| p.as_os_str() == "-");
    match (&args.stdin_filename, dash) {
        (_, true) if args.paths.len() > 1 => Err(fail(
            lang,
            "`-` (standard input) kan inte kombineras med andra sökvägar",
            "`-` (standard input) cannot be combined with other paths",
        )),
        (None, true) => Err(fail(
            lang,
            "`-` läser rapporten från standard input och kräver `--stdin-filename SÖKVÄG`: den sökväg rapporten visas som och där aterrapport.toml och strategifiler söks från",
            "`-` reads the report from standard input and needs `--stdin-filename PATH`: the path the report is shown as, and where aterrapport.toml and strategy files are looked up from",
        )),
        (Some(_), false) => Err(fail(
            lang,
            "`--stdin-filename` namnger standard input: ange `-` som sökväg",
            "`--stdin-filename` names standard input: give `-` as the path",
        )),
        (Some(path), true) if crate::word::check::is_docx(path) => Err(fail(
            lang,
            "ett Word-dokument kan inte läsas från standard input: ange filen",
            "a Word document cannot be read from standard input: name the file",
        )),
        (path, _) => Ok(path.clone()),
    }
}

/// Reads standard input whole (up to the size limit of a report file).
fn read_stdin(setup: &Setup, path: PathBuf, reports_only: bool) -> Result<Stdin, i32> {
    let lang = setup.lang;
    let limit = setup.options.limits.max_bytes;
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        return Err(fail(
            lang,
            &format!("standard input kan inte läsas: {e}"),
            &format!("standard input cannot be read: {e}"),
        ));
    }
    if bytes.len() as u64 > limit {
        let mib = limit / (1024 * 1024);
        return Err(fail(
            lang,
            &format!("standard input är större än gränsen för en rapport ({mib} MiB)"),
            &format!("standard input is larger than the limit for a report ({mib} MiB)"),
        ));
    }
    Ok(Stdin {
        display: crate::walk::display(&path),
        path,
        bytes,
        reports_only,
    })
}

impl Stdin {
    /// The check of the text, as `check PATH` checks the file; `None` with `--reports-only` when
    /// it is not a report.
    fn check(&self, setup: &Setup) -> Option<FileReport> {
        if self.reports_only
            && !crate::walk::looks_like_report(&String::from_utf8_lossy(&self.bytes))
        {
            return None;
        }
        Some(setup.check_text(&self.path, &self.display, &self.bytes))
    }
}

/// Checks the candidates a chunk at a time and hands each chunk, in path order, to `handle`; stops
/// early when `handle` says so. The parsed documents are dropped at once: emitters, baselines and
/// fixes need only the source and the findings.
fn for_each_chunk(
    setup: &Setup,
    input: &Input,
    progress: &indicatif::ProgressBar,
    mut handle: impl FnMut(Vec<FileReport>) -> bool,
) {
    let candidates = match input {
        Input::Files(c) => c,
        Input::Stdin(stdin) => {
            let reports = stdin.check(setup).map(|mut r| {
                crate::helper::drop_beside(r.document.take());
                r
            });
            handle(reports.into_iter().collect());
            return;
        }
    };
    for chunk in candidates.chunks(CHUNK) {
        let reports = setup.check_many(chunk, |report| {
            progress.inc(1);
            report.map(|mut r| {
                crate::helper::drop_beside(r.document.take());
                r
            })
        });
        if !handle(reports) {
            break;
        }
    }
}

/// The default mode, and `--fix`: findings to the emitter, the exit code from `fail_on`. `--fix -`
/// writes the fixed text to standard output and so the findings that remain to standard error.
fn report(setup: &Setup, args: &CheckArgs, input: &Input, fail_on: FailOn) -> i32 {
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
    let fix_stdin = match input {
        Input::Stdin(stdin) if args.fix => Some(stdin),
        _ => None,
    };
    let terminal = if fix_stdin.is_some() {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    let color = !args.no_color && std::env::var_os("NO_COLOR").is_none() && terminal;
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    let mut emitter = output::emitter(args.format, output::Settings { lang, color, width });
    // Buffered, flushed after each chunk of files: standard output is line-buffered, and a write
    // per line was a system call per line of JSON or SARIF.
    let mut out: Box<dyn Write> = if fix_stdin.is_some() {
        Box::new(std::io::stderr().lock())
    } else {
        Box::new(std::io::BufWriter::new(std::io::stdout().lock()))
    };
    let mut output_error = emitter.begin(&mut out).err();
    let mut totals = output::Totals::default();
    let mut fixes = FixTally::default();
    let (mut failing, mut hidden) = (false, 0);
    let progress = progress_bar(args, input.len());
    for_each_chunk(setup, input, &progress, |mut reports| {
        if let Some(stdin) = fix_stdin {
            fixes.apply_stdin(setup, stdin, &mut reports);
        } else if args.fix {
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
            .and_then(|()| out.flush())
            .err();
        output_error.is_none()
    });
    progress.finish_and_clear();
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
    // After the findings: with `--fix -` they share standard error.
    if args.fix {
        eprintln!("{}", fixes.summary(lang));
    }
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
        for (i, f) in fixes_of(setup, None, reports) {
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

    /// `--fix -`: writes the fixed text to standard output — the input unchanged when there is
    /// nothing to fix or it is not a report — and replaces the report with that of the fixed text.
    fn apply_stdin(&mut self, setup: &Setup, stdin: &Stdin, reports: &mut [FileReport]) {
        let fixed = reports
            .first()
            .and_then(|r| fix::fix_bytes(r, stdin.bytes.clone(), &setup.templates, &setup.options));
        let text = fixed.as_ref().map_or(stdin.bytes.as_slice(), |f| &f.fixed);
        let mut out = std::io::stdout().lock();
        if let Err(e) = out.write_all(text).and_then(|()| out.flush())
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            self.write_failed = true;
            eprintln!(
                "aterrapport: {}",
                setup.lang.pick(
                    &format!("den rättade texten kan inte skrivas: {e}"),
                    &format!("the fixed text cannot be written: {e}"),
                )
            );
            return;
        }
        if let (Some(f), Some(slot)) = (fixed, reports.first_mut()) {
            self.files += 1;
            self.findings += f.count;
            *slot = f.report;
            slot.document = None;
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

/// The fixes of a chunk's files, computed in parallel: (index in `reports`, fixed text). The text
/// of standard input is fixed as it was read.
fn fixes_of(
    setup: &Setup,
    stdin: Option<&Stdin>,
    reports: &[FileReport],
) -> Vec<(usize, fix::Fixed)> {
    if let Some(stdin) = stdin {
        // The text read is the text checked: nothing to read again.
        return reports
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                fix::fix_bytes(r, stdin.bytes.clone(), &setup.templates, &setup.options)
                    .map(|f| (i, f))
            })
            .collect();
    }
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
fn diff(setup: &Setup, input: &Input) -> i32 {
    let lang = setup.lang;
    let mut out = std::io::stdout().lock();
    let mut tally = FixTally::default();
    let mut output_error = None;
    for_each_chunk(setup, input, &indicatif::ProgressBar::hidden(), |reports| {
        for (i, f) in fixes_of(setup, input.stdin(), &reports) {
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
    });
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
fn write_baseline(setup: &Setup, input: &Input, path: &Path) -> i32 {
    let lang = setup.lang;
    let mut recorder = baseline::Recorder::new(path);
    for_each_chunk(setup, input, &indicatif::ProgressBar::hidden(), |reports| {
        reports.iter().for_each(|r| recorder.add(r));
        true
    });
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
