//! Substring tests for the short strings heuristics look at (class names, labels): no
//! allocation, no per-needle search setup.

/// Whether `haystack` contains any of `needles` (non-empty): one pass over the haystack, the
/// needles compared only where one of their first bytes occurs. Far cheaper than one search
/// per needle on the short class names this runs on for every element.
pub fn contains_any(haystack: &str, needles: &[&str]) -> bool {
    let mut starts = [false; 256];
    for n in needles {
        if let Some(&b) = n.as_bytes().first() {
            starts[usize::from(b)] = true;
        }
    }
    let h = haystack.as_bytes();
    (0..h.len()).any(|i| {
        starts[usize::from(h[i])] && needles.iter().any(|n| starts_with(&h[i..], n.as_bytes()))
    })
}

/// `slice::starts_with` as an inlined loop: most candidates fail within a byte or two, where a
/// call to `memcmp` would cost more than the comparison.
fn starts_with(h: &[u8], n: &[u8]) -> bool {
    h.len() >= n.len() && h.iter().zip(n).all(|(a, b)| a == b)
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
        assert!(contains_any("post-byline small", &["author", "byline"]));
        assert!(contains_any("x-date", &["date"]));
        assert!(!contains_any("dat", &["date"]));
        assert!(!contains_any("", &["date"]));
        assert!(!contains_any("update-box", &[]));
    }

    #[test]
    fn ignores_ascii_case_of_the_haystack_only() {
        assert!(contains_ignore_ascii_case("Entry-Meta Byline", "byline"));
        assert!(contains_ignore_ascii_case("anything", ""));
        assert!(!contains_ignore_ascii_case("by", "byline"));
    }
}
