//! Prepares at build time what AR502 (lost å/ä/ö/é) would otherwise compute at every start:
//! - the sorted table of contexts of every å/ä/ö/é in its word list (`src/rules/diacritics.rs`,
//!   `CONTEXTS`), computed by `src/rules/diacritic_context.rs`, which the rule uses too;
//! - both built-in word lists as hash tables (`src/rules/word_table.rs`), which the rule reads in
//!   place instead of building them in every process.
//!
//! Unit tests in `src/rules/diacritics.rs` check both against the word lists read at run time.
//!
//! It also links the `aterrapport` executable at a fixed address on Linux (see `link_fixed`),
//! with gcc's static unwinder (see `link_unwinder`) and with the functions a check runs side by
//! side (see `link_order`).

use std::collections::HashMap;
use std::path::Path;

#[path = "src/rules/diacritic_context.rs"]
mod diacritic_context;
#[path = "src/rules/word_table.rs"]
mod word_table;

fn main() {
    println!("cargo::rerun-if-changed=src/rules/diacritic_context.rs");
    println!("cargo::rerun-if-changed=src/rules/word_table.rs");
    println!("cargo::rerun-if-changed=build.rs");
    link_fixed();
    link_unwinder();
    link_order();
    let Some(dir) = std::env::var_os("OUT_DIR") else {
        println!("cargo::error=OUT_DIR is not set");
        return;
    };
    let out = Path::new(&dir);
    let Some(words) = read("src/rules/diacritics-words.txt") else {
        return;
    };
    let Some(common) = read("src/rules/diacritics-common.txt") else {
        return;
    };
    write(out, "diacritics_contexts.rs", contexts(&words).as_bytes());
    for (name, list) in [("words", &words), ("common", &common)] {
        let Some((tags, entries)) = layout(list) else {
            println!("cargo::error=the {name} list is too long for its table's entries");
            return;
        };
        write(out, &format!("{name}.tags"), &tags);
        let bytes: Vec<u8> = entries.iter().flat_map(|e| e.to_le_bytes()).collect();
        write(out, &format!("{name}.entries"), &bytes);
    }
}

/// Links the executable (not the tests, examples or benchmarks) as a position-dependent one on
/// Linux with glibc: the dynamic loader then has no 15,700 relocations to apply at every start
/// and no 70 pages of pointer tables to copy before `main` (one report: 0.94× of the time,
/// README, Performance). Libraries, the heap and the stack stay at random addresses.
/// `ATERRAPPORT_PIE=1` keeps the platform's default (a position-independent executable), and so
/// does a static build (`crt-static`), which `-no-pie` would break.
fn link_fixed() {
    println!("cargo::rerun-if-env-changed=ATERRAPPORT_PIE");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let opted_out = !matches!(var("ATERRAPPORT_PIE").as_str(), "" | "0");
    let linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    let static_crt = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    if linux_gnu && !static_crt && !opted_out {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

/// Links the unwinder (what a panic unwinds with, and backtraces read) from gcc's static
/// `libgcc_eh` instead of `libgcc_s.so.1` on Linux with glibc, as `gcc -static-libgcc` does: the
/// dynamic loader then opens and maps one library less at every start, and that library's
/// constructor, which asks the processor for its features one `cpuid` at a time (each one a trip
/// to the hypervisor in a virtual machine), does not run. Panics and backtraces are all that use
/// it; `ldd` shows libm and libc only. Static builds (`crt-static`) link it so already.
fn link_unwinder() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    let static_crt = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    if linux_gnu && !static_crt {
        // A native library of this package comes before the standard library's `-lgcc_s` on the
        // linker's command line, so the unwinder's symbols are found here first and `--as-needed`
        // then leaves libgcc_s out.
        println!("cargo::rustc-link-lib=static:-bundle=gcc_eh");
    }
}

/// The functions a check runs, in the order they first ran; made by `bench/link_order.py`.
const ORDER: &str = "link/order.txt";

/// Has the linker place the functions listed in `link/order.txt` first and side by side. One
/// report runs about 900 of the executable's functions, 1.4 MB of its 10 MB of code, which the
/// compiler's own layout spreads over about 110 windows of 64 kB, which the kernel maps around
/// each page a run touches and unmaps again at exit: 7 MB where 1.4 would do (README,
/// Performance). Only where rustc links with its own lld (x86-64 Linux with
/// glibc, from Rust 1.90 on) and nobody chose another linker: GNU ld does not know the option.
/// A listed name the binary does not have is skipped. `ATERRAPPORT_LINK_ORDER=0` turns it off.
fn link_order() {
    println!("cargo::rerun-if-changed={ORDER}");
    println!("cargo::rerun-if-env-changed=ATERRAPPORT_LINK_ORDER");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let opted_out = !matches!(var("ATERRAPPORT_LINK_ORDER").as_str(), "" | "1");
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    let other_linker = !var("RUSTC_LINKER").is_empty()
        || flags.split('\x1f').any(|f| {
            ["linker", "fuse-ld", "link-self-contained"]
                .iter()
                .any(|word| f.contains(word))
        });
    if opted_out || other_linker || var("TARGET") != "x86_64-unknown-linux-gnu" {
        return;
    }
    if !rustc_links_with_lld(&var("RUSTC")) {
        return;
    }
    let path = Path::new(&var("CARGO_MANIFEST_DIR")).join(ORDER);
    if !path.is_file() {
        return;
    }
    let Some(path) = path.to_str().filter(|p| !p.contains(',')) else {
        return;
    };
    println!("cargo::rustc-link-arg-bins=-Wl,--symbol-ordering-file={path}");
    println!("cargo::rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
}

/// Whether `rustc` is 1.90 or later, the first stable release that links x86-64 Linux programs
/// with its own lld.
fn rustc_links_with_lld(rustc: &str) -> bool {
    let Ok(out) = std::process::Command::new(rustc).arg("-vV").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(release) = text.lines().find_map(|l| l.strip_prefix("release: ")) else {
        return false;
    };
    let mut parts = release
        .split(['.', '-'])
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    (major, minor) >= (1, 90)
}

fn read(path: &str) -> Option<String> {
    println!("cargo::rerun-if-changed={path}");
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) => {
            println!("cargo::error=cannot read {path}: {e}");
            None
        }
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    if let Err(e) = std::fs::write(dir.join(name), bytes) {
        println!("cargo::error=cannot write {name}: {e}");
    }
}

/// `CONTEXTS`: the sorted keys of every å/ä/ö/é of the word list with the letters around it.
fn contexts(words: &str) -> String {
    let mut keys = Vec::new();
    for word in diacritic_context::word_lines(words) {
        diacritic_context::word_contexts(word, |key| keys.push(key));
    }
    keys.sort_unstable();
    keys.dedup();
    let body: Vec<String> = keys.iter().map(|k| format!("{k:#x},")).collect();
    format!(
        "/// Generated by build.rs from diacritics-words.txt: sorted `context` keys.\nconst CONTEXTS: &[u64] = &[\n{}\n];\n",
        body.join("\n")
    )
}

/// The tags and entries of the table of `list`: every word of its lines with its rank (a word
/// listed twice with its last line, as a map from word to line would have it), at most seven
/// eighths full.
fn layout(list: &str) -> Option<(Vec<u8>, Vec<u64>)> {
    let mut ranks: HashMap<&str, usize> = HashMap::new();
    let mut order = Vec::new();
    for (rank, word) in diacritic_context::word_lines(list).enumerate() {
        if ranks.insert(word, rank).is_none() {
            order.push(word);
        }
    }
    let slots = (order.len() * 8 / 7 + 1)
        .next_power_of_two()
        .max(word_table::GROUP);
    let groups = slots / word_table::GROUP;
    let mut tags = vec![word_table::EMPTY; slots];
    let mut entries = vec![0u64; slots];
    for word in order {
        // `word` is a slice of `list`: its address tells where.
        let start = word.as_ptr() as usize - list.as_ptr() as usize;
        let entry = word_table::entry(start, word.len(), *ranks.get(word)?)?;
        let h = word_table::hash(word);
        let slot = word_table::probe(h, groups).find_map(|group| {
            (group * word_table::GROUP..(group + 1) * word_table::GROUP)
                .find(|&slot| tags.get(slot) == Some(&word_table::EMPTY))
        })?;
        *tags.get_mut(slot)? = word_table::tag(h);
        *entries.get_mut(slot)? = entry;
    }
    Some((tags, entries))
}
