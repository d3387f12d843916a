//! Writes a corpus of realistic reports for the benchmark: variations of examples/skane-2020.yaml
//! (rows dropped, duplicated and reordered, another region and year, smaller and larger sizes) and
//! about one in ten broken (a syntax error, a missing section, a wrong column, a bad goal
//! reference). Deterministic from the seed; no dependencies.
//!
//! Usage: cargo run --release --example gen_corpus -- OUT_DIR COUNT [SEED]

use std::path::PathBuf;

// Sweden's 21 regions, as AR602 knows them.
use aterrapport::rules::metadata::REGIONS;

/// SplitMix64: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The template split into pieces: plain lines and tables (a run of `- namn:` row blocks).
enum Piece {
    Line(String),
    Table(Vec<Vec<String>>),
}

/// A table row starts with `- key:` (not a goal's `- id:`).
fn starts_row(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ") && !t.starts_with("- id:") && t.contains(':')
}

fn pieces(text: &str) -> Vec<Piece> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if starts_row(line) {
            let dash = indent(line);
            let mut rows = Vec::new();
            while i < lines.len() && indent(lines[i]) == dash && starts_row(lines[i]) {
                let mut row = vec![lines[i].to_string()];
                i += 1;
                while i < lines.len() && (lines[i].trim().is_empty() || indent(lines[i]) > dash) {
                    row.push(lines[i].to_string());
                    i += 1;
                }
                rows.push(row);
            }
            out.push(Piece::Table(rows));
        } else {
            out.push(Piece::Line(line.to_string()));
            i += 1;
        }
    }
    out
}

/// A copy of a row, its `namn` marked so that it is not a duplicate (AR405).
fn renamed(row: &[String], mark: &str) -> Vec<String> {
    let mut out = row.to_vec();
    let Some(at) = out
        .iter()
        .position(|l| l.trim_start().trim_start_matches("- ").starts_with("namn:"))
    else {
        return out;
    };
    let line = out[at].trim_end().to_string();
    let value = line.split_once("namn:").map_or("", |(_, v)| v.trim());
    if value.starts_with(['>', '|']) {
        // A block scalar: mark its first line.
        if let Some(next) = out.get_mut(at + 1) {
            next.push_str(mark);
        }
    } else if let Some(body) = value.strip_suffix('"') {
        let prefix = &line[..line.len() - value.len()];
        out[at] = format!("{prefix}{body}{mark}\"");
    } else {
        out[at] = format!("{line}{mark}");
    }
    out
}

fn shuffle<T>(rng: &mut Rng, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        let j = rng.below(i + 1);
        v.swap(i, j);
    }
}

/// One valid variation: each table's rows dropped, duplicated (renamed, so no AR405) and
/// reordered, scaled by a size factor; another region; sometimes another year.
fn variation(rng: &mut Rng, template: &[Piece]) -> String {
    // Sizes from a tenth of Skåne's rows to three times them.
    let scale = [10, 25, 50, 100, 100, 100, 150, 200, 300][rng.below(9)];
    let region = REGIONS[rng.below(REGIONS.len())];
    let year = if rng.chance(15) { 2019 } else { 2020 };
    let mut out = String::with_capacity(100_000);
    for piece in template {
        match piece {
            Piece::Line(l) => {
                let l = if l.starts_with("region:") {
                    format!("region: {region}")
                } else if l.starts_with("rapportar:") {
                    format!("rapportar: {year}")
                } else {
                    l.clone()
                };
                out.push_str(&l);
                out.push('\n');
            }
            Piece::Table(rows) => {
                let want = (rows.len() * scale).div_ceil(100).max(1);
                let mut chosen: Vec<(usize, usize)> = (0..want)
                    .map(|k| (rng.below(rows.len()), k / rows.len()))
                    .collect();
                chosen.sort_unstable();
                chosen.dedup();
                shuffle(rng, &mut chosen);
                for (n, (row, copy)) in chosen.iter().enumerate() {
                    let lines = if *copy > 0 || n > 0 {
                        renamed(&rows[*row], &format!(" (del {})", copy + 1))
                    } else {
                        rows[*row].clone()
                    };
                    for line in lines {
                        out.push_str(&line);
                        out.push('\n');
                    }
                }
            }
        }
    }
    out
}

/// One defect of the kinds authors make.
fn break_it(rng: &mut Rng, text: String) -> String {
    match rng.below(4) {
        // A syntax error: prose with `: ` in a plain scalar inside a flow mapping, or a tab.
        0 => text.replacen(
            "    utmaningar:\n",
            "    utmaningar: {text: Detta: går inte\n",
            1,
        ),
        // A missing section.
        1 => {
            let mut out = String::with_capacity(text.len());
            let mut skipping = false;
            for line in text.lines() {
                if line == "    inomregionala_skillnader:" {
                    skipping = true;
                    continue;
                }
                if skipping && (line.trim().is_empty() || indent(line) > 4) {
                    continue;
                }
                skipping = false;
                out.push_str(line);
                out.push('\n');
            }
            out
        }
        // A wrong column name.
        2 => text.replacen("          prestationer:", "          prestation:", 1),
        // A reference to a goal the strategy does not define.
        _ => text.replacen("visionsmål 2:", "visionsmål 9:", 1),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(count)) = (
        args.get(1),
        args.get(2).and_then(|c| c.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_corpus OUT_DIR COUNT [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2020);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let template = match std::fs::read_to_string(root.join("examples/skane-2020.yaml")) {
        Ok(t) => pieces(&t),
        Err(e) => {
            eprintln!("examples/skane-2020.yaml: {e}");
            std::process::exit(2);
        }
    };
    let dir = PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        std::process::exit(2);
    }
    let mut rng = Rng(seed);
    let mut broken = 0;
    let mut bytes = 0;
    for i in 0..count {
        let mut text = variation(&mut rng, &template);
        if rng.chance(10) {
            text = break_it(&mut rng, text);
            broken += 1;
        }
        bytes += text.len();
        let path = dir.join(format!("rapport-{i:05}.yaml"));
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2);
        }
    }
    eprintln!(
        "gen_corpus: {count} reports ({broken} broken), {:.1} MB in {}",
        bytes as f64 / 1e6,
        dir.display()
    );
}
