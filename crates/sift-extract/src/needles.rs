//! Substring tests for the short strings heuristics look at (class names, labels): no
//! allocation, no per-needle search setup.

/// A fixed set of needles (at most 64, non-empty) indexed by their first two bytes, built at
/// compile time: one pass over the haystack compares, at each position, only the needles that
/// start with the two bytes found there. Far cheaper than one search per needle on the short
/// class names this runs on for every element; the second byte matters because most needles
/// share a few common first letters.
pub struct NeedleSet {
    needles: &'static [&'static str],
    /// Bit `i` of entry `b` is set when needle `i` starts with byte `b`.
    by_first_byte: [u64; 256],
    /// Bit `i` of entry `b` is set when needle `i`'s second byte is `b`, or when it has none.
    by_second_byte: [u64; 256],
    /// Bit `i` is set when needle `i` is one byte long (it fits at the haystack's last byte).
    one_byte: u64,
}

impl NeedleSet {
    pub const fn new(needles: &'static [&'static str]) -> NeedleSet {
        assert!(needles.len() <= 64, "a needle set holds at most 64 needles");
        let mut by_first_byte = [0u64; 256];
        let mut by_second_byte = [0u64; 256];
        let mut one_byte = 0u64;
        let mut i = 0;
        while i < needles.len() {
            let bytes = needles[i].as_bytes();
            assert!(!bytes.is_empty(), "needles are non-empty");
            by_first_byte[bytes[0] as usize] |= 1 << i;
            if bytes.len() == 1 {
                one_byte |= 1 << i;
            } else {
                by_second_byte[bytes[1] as usize] |= 1 << i;
            }
            i += 1;
        }
        let mut b = 0;
        while b < 256 {
            by_second_byte[b] |= one_byte;
            b += 1;
        }
        NeedleSet {
            needles,
            by_first_byte,
            by_second_byte,
            one_byte,
        }
    }

    /// Whether `haystack` contains any of the needles.
    pub fn found_in(&self, haystack: &str) -> bool {
        self.search(haystack.as_bytes(), false)
    }

    /// Whether `haystack` contains any of the needles, ignoring its ASCII case (the needles
    /// must be lower-case).
    pub fn found_in_ignoring_ascii_case(&self, haystack: &str) -> bool {
        self.search(haystack.as_bytes(), true)
    }

    fn search(&self, h: &[u8], ignore_case: bool) -> bool {
        let fold = |b: u8| {
            if ignore_case {
                b.to_ascii_lowercase()
            } else {
                b
            }
        };
        (0..h.len()).any(|i| {
            let mut candidates = self.by_first_byte[usize::from(fold(h[i]))];
            if candidates == 0 {
                return false;
            }
            candidates &= match h.get(i + 1) {
                Some(&second) => self.by_second_byte[usize::from(fold(second))],
                None => self.one_byte,
            };
            while candidates != 0 {
                let n = self.needles[candidates.trailing_zeros() as usize].as_bytes();
                if starts_with(&h[i..], n, ignore_case) {
                    return true;
                }
                candidates &= candidates - 1;
            }
            false
        })
    }
}

/// `slice::starts_with` as an inlined loop: most candidates fail within a byte or two, where a
/// call to `memcmp` would cost more than the comparison.
fn starts_with(h: &[u8], n: &[u8], ignore_case: bool) -> bool {
    h.len() >= n.len()
        && h.iter().zip(n).all(|(a, b)| {
            if ignore_case {
                a.to_ascii_lowercase() == *b
            } else {
                a == b
            }
        })
}

/// The needles of two lists in one array, `a`'s then `b`'s (`N` is the sum of their lengths):
/// for one set that tells in a single search that a haystack holds none of either.
pub const fn joined<const N: usize>(a: &[&'static str], b: &[&'static str]) -> [&'static str; N] {
    assert!(a.len() + b.len() == N, "N is the length of both lists");
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < a.len() { a[i] } else { b[i - a.len()] };
        i += 1;
    }
    out
}

/// ASCII case-insensitive substring test without allocating; `needle` must be lower-case.
pub fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    // Compare whole windows only where the first byte matches: most positions fail there.
    h.windows(n.len())
        .any(|w| w[0].to_ascii_lowercase() == first && w[1..].eq_ignore_ascii_case(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_any_needle_anywhere() {
        const BYLINE: NeedleSet = NeedleSet::new(&["author", "byline", "bio"]);
        assert!(BYLINE.found_in("post-byline small"));
        assert!(BYLINE.found_in("x-bio"));
        assert!(!BYLINE.found_in("byl"));
        assert!(!BYLINE.found_in(""));
        assert!(!NeedleSet::new(&[]).found_in("update-box"));
        assert!(BYLINE.found_in_ignoring_ascii_case("Post-ByLine"));
        assert!(!BYLINE.found_in("Post-ByLine"));
    }

    #[test]
    fn joined_lists_keep_their_order() {
        const JOINED: [&str; 3] = joined(&["a", "b"], &["c"]);
        assert_eq!(JOINED, ["a", "b", "c"]);
        assert_eq!(joined::<0>(&[], &[]), [""; 0]);
    }

    #[test]
    fn one_byte_needles_match_anywhere_even_last() {
        const SET: NeedleSet = NeedleSet::new(&["x", "ab"]);
        assert!(SET.found_in("x"));
        assert!(SET.found_in("zzx"));
        assert!(SET.found_in("xz"));
        assert!(SET.found_in("zab"));
        assert!(!SET.found_in("za"));
        assert!(SET.found_in_ignoring_ascii_case("ZAB"));
    }

    #[test]
    fn ignores_ascii_case_of_the_haystack_only() {
        assert!(contains_ignore_ascii_case("Entry-Meta Byline", "byline"));
        assert!(contains_ignore_ascii_case("anything", ""));
        assert!(!contains_ignore_ascii_case("by", "byline"));
    }
}
