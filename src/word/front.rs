//! Front matter and paths: the region's name among Sweden's 21, the years a title block
//! mentions, and the strategy file's path relative to the imported report.

use std::path::{Component, Path, PathBuf};

use super::outline::fold;

/// Is this (folded) paragraph one of the 21 regions' names?
pub fn is_region(folded: &str) -> bool {
    crate::rules::metadata::REGIONS
        .iter()
        .any(|r| fold(r) == folded)
}

/// Four-digit years standing alone (not in a date such as 2019-11-12).
pub fn years_in(text: &str) -> Vec<i64> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let window = bytes.get(i..i + 4).unwrap_or_default();
        let before = i.checked_sub(1).and_then(|b| bytes.get(b));
        let after = bytes.get(i + 4);
        let edge = |c: Option<&u8>| c.is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'-');
        if window.iter().all(u8::is_ascii_digit) && edge(before) && edge(after) {
            if let Some(y) = std::str::from_utf8(window)
                .ok()
                .and_then(|s| s.parse::<i64>().ok())
                && (1990..2100).contains(&y)
            {
                out.push(y);
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

/// `file` relative to the directory of `output` (both as given, compared by components).
pub fn relative_to(file: &Path, output: Option<&Path>) -> String {
    let base: Vec<Component<'_>> = output
        .and_then(Path::parent)
        .map(|p| p.components().filter(|c| *c != Component::CurDir).collect())
        .unwrap_or_default();
    let target: Vec<Component<'_>> = file
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for c in target.iter().skip(common) {
        out.push(c.as_os_str());
    }
    out.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_stand_alone_not_in_dates() {
        assert_eq!(years_in("Rapportår: 2020"), vec![2020]);
        assert_eq!(years_in("fastställd 2019-11-12, mall 2020."), vec![2020]);
        assert_eq!(years_in("12020 och x2021"), Vec::<i64>::new());
    }

    #[test]
    fn the_strategy_path_is_relative_to_the_report() {
        let rel = |f: &str, o: Option<&str>| relative_to(Path::new(f), o.map(Path::new));
        assert_eq!(
            rel("strategier/s.yaml", Some("rapport.yaml")),
            "strategier/s.yaml"
        );
        assert_eq!(
            rel("strategier/s.yaml", Some("./rapporter/r.yaml")),
            "../strategier/s.yaml"
        );
        assert_eq!(
            rel("/p/strategier/s.yaml", Some("/p/r.yaml")),
            "strategier/s.yaml"
        );
        assert_eq!(rel("s.yaml", None), "s.yaml");
    }

    #[test]
    fn regions_are_recognised_after_folding() {
        assert!(is_region(&fold("region  SKÅNE")));
        assert!(!is_region(&fold("Skåne")));
    }
}
