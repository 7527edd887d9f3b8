//! Substring tests for the short strings heuristics look at (class names, labels): no
//! allocation, no per-needle search setup.

/// A fixed set of needles (at most 64, non-empty) indexed by their first byte, built at compile
/// time: one pass over the haystack compares, at each position, only the needles that start
/// with the byte found there. Far cheaper than one search per needle on the short class names
/// this runs on for every element.
pub struct NeedleSet {
    needles: &'static [&'static str],
    /// Bit `i` of entry `b` is set when needle `i` starts with byte `b`.
    by_first_byte: [u64; 256],
}

impl NeedleSet {
    pub const fn new(needles: &'static [&'static str]) -> NeedleSet {
        assert!(needles.len() <= 64, "a needle set holds at most 64 needles");
        let mut by_first_byte = [0u64; 256];
        let mut i = 0;
        while i < needles.len() {
            let bytes = needles[i].as_bytes();
            assert!(!bytes.is_empty(), "needles are non-empty");
            by_first_byte[bytes[0] as usize] |= 1 << i;
            i += 1;
        }
        NeedleSet {
            needles,
            by_first_byte,
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
        (0..h.len()).any(|i| {
            let first = if ignore_case {
                h[i].to_ascii_lowercase()
            } else {
                h[i]
            };
            let mut candidates = self.by_first_byte[usize::from(first)];
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
    fn ignores_ascii_case_of_the_haystack_only() {
        assert!(contains_ignore_ascii_case("Entry-Meta Byline", "byline"));
        assert!(contains_ignore_ascii_case("anything", ""));
        assert!(!contains_ignore_ascii_case("by", "byline"));
    }
}
