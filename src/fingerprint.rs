//! Stable fingerprints of findings, for baselines and GitLab Code Quality: the code, the JSON
//! pointer, the offending text inside the span and the occurrence index among identical ones —
//! never line numbers and never the localised message, so they survive edits that move lines and a
//! change of `--lang`.

use std::collections::HashMap;

use crate::report::FileReport;

/// FNV-1a, 64 bit: tiny, and stable across platforms and compiler versions (unlike `DefaultHasher`).
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in *part {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// One fingerprint per diagnostic of the report, in order.
pub fn fingerprints(report: &FileReport) -> Vec<String> {
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let text = report.source_of(d.file).slice(d.span).to_string();
            let key = (
                d.code.to_string(),
                d.pointer.clone().unwrap_or_default(),
                text,
            );
            let occurrence = seen.entry(key.clone()).or_insert(0);
            let index = *occurrence;
            *occurrence += 1;
            let hash = fnv1a(&[
                key.0.as_bytes(),
                key.1.as_bytes(),
                key.2.as_bytes(),
                index.to_string().as_bytes(),
            ]);
            format!("{hash:016x}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(&[b"AR101"]), fnv1a(&[b"AR101"]));
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
    }
}
