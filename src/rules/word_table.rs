//! How AR502's built-in word lists are laid out as hash tables, shared by build.rs (which lays them
//! out when aterrapport is built) and `rules::diacritics` (which reads them in place): both must
//! hash a word and walk a table the same way.
//!
//! A table has a power of two of slots, in groups of `GROUP`. Each slot has a one-byte tag, `EMPTY`
//! or the top seven bits of the word's hash, and an entry of 8 bytes: where the word is in the
//! list's text and its rank (`entry`). A word is looked for in the groups `probe` gives, a group's
//! eight tags compared at once, and the search stops at the first group with an empty slot: the
//! layout of hashbrown's tables, so that most lookups read one line of tags and one entry.

/// Slots a group: one `u64` of tags.
pub const GROUP: usize = 8;

/// The tag of a slot that holds no word (a word's tag has its top bit clear).
#[allow(dead_code, reason = "build.rs lays the tables out with it")]
pub const EMPTY: u8 = 0x80;

/// The hash of a word: rustc-hash's for byte strings (FxHash's successor: the bytes folded into
/// two words, a 128-bit multiply to mix them), written out in full, on `u64`, so that build.rs and
/// every target compute the same value.
pub fn hash(word: &str) -> u64 {
    const SEED1: u64 = 0x243f_6a88_85a3_08d3;
    const SEED2: u64 = 0x1319_8a2e_0370_7344;
    const NO_ZERO_COLLAPSE: u64 = 0xa409_3822_299f_31d0;
    let bytes = word.as_bytes();
    let len = bytes.len();
    let (mut s0, mut s1) = (SEED1, SEED2);
    let u64_at = |i: usize| {
        bytes
            .get(i..i + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    };
    let u32_at = |i: usize| {
        bytes
            .get(i..i + 4)
            .and_then(|b| b.try_into().ok())
            .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
    };
    let byte_at = |i: usize| bytes.get(i).copied().map_or(0, u64::from);
    if len <= 16 {
        if len >= 8 {
            s0 ^= u64_at(0);
            s1 ^= u64_at(len - 8);
        } else if len >= 4 {
            s0 ^= u32_at(0);
            s1 ^= u32_at(len - 4);
        } else if len > 0 {
            s0 ^= byte_at(0);
            s1 ^= (byte_at(len - 1) << 8) | byte_at(len / 2);
        }
    } else {
        let mut at = 0;
        while at + 16 < len {
            let t = multiply_mix(s0 ^ u64_at(at), NO_ZERO_COLLAPSE ^ u64_at(at + 8));
            s0 = s1;
            s1 = t;
            at += 16;
        }
        s0 ^= u64_at(len - 16);
        s1 ^= u64_at(len - 8);
    }
    multiply_mix(s0, s1) ^ (len as u64)
}

/// The high and low halves of the 128-bit product, folded.
fn multiply_mix(x: u64, y: u64) -> u64 {
    let full = u128::from(x) * u128::from(y);
    (full as u64) ^ ((full >> 64) as u64)
}

/// The tag of a word with hash `h`.
pub fn tag(h: u64) -> u8 {
    (h >> 57) as u8
}

/// The groups to look in for a word with hash `h`, in a table of `groups` groups (a power of two):
/// each once, in triangular steps from the one its hash chooses.
pub fn probe(h: u64, groups: usize) -> impl Iterator<Item = usize> {
    let mask = groups.wrapping_sub(1);
    let first = (h as usize) & mask;
    (0..groups).scan(first, move |at, step| {
        let here = *at;
        *at = (*at + step + 1) & mask;
        Some(here)
    })
}

/// The entry of a word that starts at byte `start` of its list, is `len` bytes long and has rank
/// `rank`; `None` for a list too long for 32 bits of places or 16 of ranks.
#[allow(dead_code, reason = "build.rs lays the tables out with it")]
pub fn entry(start: usize, len: usize, rank: usize) -> Option<u64> {
    let start = u32::try_from(start).ok()?;
    let len = u16::try_from(len).ok()?;
    let rank = u16::try_from(rank).ok()?;
    Some((u64::from(start) << 32) | (u64::from(len) << 16) | u64::from(rank))
}

/// The word an entry of the table of `text` points at.
#[allow(
    dead_code,
    reason = "build.rs only writes entries; the rule reads them"
)]
pub fn entry_word(text: &str, entry: u64) -> &str {
    let start = (entry >> 32) as usize;
    let len = ((entry >> 16) & 0xFFFF) as usize;
    text.get(start..start + len).unwrap_or_default()
}

/// The rank an entry holds.
#[allow(
    dead_code,
    reason = "build.rs only writes entries; the rule reads them"
)]
pub fn entry_rank(entry: u64) -> usize {
    (entry & 0xFFFF) as usize
}
