//! Fingerprints of normalized text: content hash, word shingles, MinHash signature, LSH band
//! keys and the similarity estimates derived from them. Pure functions, no I/O.
//!
//! Every hash here is persisted and shared between instances, so each is seeded xxh3 with the
//! fixed [`HASH_SEED`] (never a per-process random state): the same text gives the same
//! fingerprint on every machine and every version that keeps these functions.

use xxhash_rust::xxh3::{xxh3_64_with_seed, xxh3_128_with_seed};

/// Seed of every persisted hash. Changing it (or the functions below) orphans stored state.
pub const HASH_SEED: u64 = 0x5349_4654_4445_4450;

/// Shape of the MinHash signature and of its LSH banding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FingerprintParams {
    /// Words per shingle.
    pub shingle_words: usize,
    /// MinHash values in a signature; the similarity estimates use all of them.
    pub values: usize,
    /// LSH bands over the first `bands × rows_per_band` values; a candidate must agree on every
    /// value of at least one band.
    pub bands: usize,
    /// MinHash values per band.
    pub rows_per_band: usize,
}

impl FingerprintParams {
    /// MinHash values in a signature.
    pub fn signature_len(&self) -> usize {
        self.values
    }
}

/// What deduplication knows about one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFingerprint {
    /// xxh3-128 of the normalized text.
    pub content_hash: u128,
    /// Distinct shingles in the text (the set size the similarity estimates need).
    pub shingle_count: u32,
    /// MinHash signature: for each hash function the low 16 bits of the minimum over all
    /// shingles. Empty when the text has no words.
    pub signature: Vec<u16>,
}

/// Fingerprints already-normalized text (see [`super::normalize::normalize_text`]).
pub fn fingerprint(normalized: &str, params: &FingerprintParams) -> TextFingerprint {
    let shingles = shingle_hashes(normalized, params.shingle_words);
    TextFingerprint {
        content_hash: content_hash(normalized),
        shingle_count: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
        signature: minhash_signature(&shingles, params.signature_len()),
    }
}

/// xxh3-128 of the normalized text.
pub fn content_hash(normalized: &str) -> u128 {
    xxh3_128_with_seed(normalized.as_bytes(), HASH_SEED)
}

/// The content hash as 32 lower-case hex digits (as in `DedupInfo::supersedes`).
pub fn content_hash_hex(hash: u128) -> String {
    format!("{hash:032x}")
}

/// Store key of a canonical URL.
pub fn url_key(canonical_url: &str) -> u64 {
    xxh3_64_with_seed(canonical_url.as_bytes(), HASH_SEED)
}

/// Store key of an article id.
pub fn doc_key(id: &str) -> u64 {
    xxh3_64_with_seed(id.as_bytes(), HASH_SEED)
}

/// Sorted, distinct hashes of every run of `words` consecutive words. A text shorter than one
/// shingle is a single shingle; an empty text has none.
pub fn shingle_hashes(normalized: &str, words: usize) -> Vec<u64> {
    let starts = word_starts(normalized);
    if starts.is_empty() {
        return Vec::new();
    }
    let words = words.max(1);
    let shingle_count = starts.len().saturating_sub(words) + 1;
    let mut hashes: Vec<u64> = (0..shingle_count)
        .map(|i| {
            let start = starts[i];
            let end = starts
                .get(i + words)
                .map_or(normalized.len(), |next| next - 1);
            xxh3_64_with_seed(&normalized.as_bytes()[start..end], HASH_SEED)
        })
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// Byte offsets where words start in normalized text (words are separated by one space).
fn word_starts(normalized: &str) -> Vec<usize> {
    if normalized.is_empty() {
        return Vec::new();
    }
    std::iter::once(0)
        .chain(normalized.match_indices(' ').map(|(i, _)| i + 1))
        .collect()
}

/// MinHash signature of a shingle set: `len` hash functions `mix(shingle ^ seed_i)`, keeping the
/// low 16 bits of each minimum (b-bit MinHash: two different minima agree by chance with
/// probability 2^-16, a negligible bias on the estimate).
pub fn minhash_signature(shingles: &[u64], len: usize) -> Vec<u16> {
    if shingles.is_empty() {
        return Vec::new();
    }
    let seeds: Vec<u64> = (0..len as u64).map(|i| mix64(HASH_SEED ^ i)).collect();
    let mut minima = vec![u64::MAX; len];
    for &shingle in shingles {
        for (minimum, seed) in minima.iter_mut().zip(&seeds) {
            *minimum = (*minimum).min(mix64(shingle ^ seed));
        }
    }
    minima.into_iter().map(|m| m as u16).collect()
}

/// The splitmix64 finalizer: a fast, stable 64-bit bijection.
fn mix64(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// LSH band keys: one hash per band of `rows_per_band` consecutive signature values (the first
/// `bands` such runs), the band index included so equal values in different bands do not collide.
pub fn band_keys(signature: &[u16], params: &FingerprintParams) -> Vec<u64> {
    signature
        .chunks_exact(params.rows_per_band.max(1))
        .take(params.bands)
        .enumerate()
        .map(|(band, rows)| {
            let mut bytes = Vec::with_capacity(2 + 2 * rows.len());
            bytes.extend_from_slice(&(band as u16).to_le_bytes());
            for value in rows {
                bytes.extend_from_slice(&value.to_le_bytes());
            }
            xxh3_64_with_seed(&bytes, HASH_SEED)
        })
        .collect()
}

/// Estimated Jaccard similarity of two shingle sets: the share of equal signature values.
pub fn estimate_jaccard(a: &[u16], b: &[u16]) -> f64 {
    let len = a.len().min(b.len());
    if len == 0 {
        return 0.0;
    }
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / len as f64
}

/// Estimated share of the smaller set found in the larger one, from the Jaccard estimate and
/// both set sizes: |A∩B| = J·(|A|+|B|)/(1+J). Catches truncated and extended copies, whose
/// Jaccard similarity is low only because one side has more text.
pub fn estimate_containment(jaccard: f64, count_a: u32, count_b: u32) -> f64 {
    let smaller = count_a.min(count_b);
    if smaller == 0 {
        return 0.0;
    }
    let intersection = jaccard * f64::from(count_a + count_b) / (1.0 + jaccard);
    (intersection / f64::from(smaller)).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_text;

    const PARAMS: FingerprintParams = FingerprintParams {
        shingle_words: 3,
        values: 40,
        bands: 16,
        rows_per_band: 2,
    };

    #[test]
    fn shingles_cover_every_window_and_short_texts() {
        let cases = [
            ("", 0),
            ("one", 1),
            ("one two", 1),
            ("one two three", 1),
            ("one two three four", 2),
            ("a b c a b c", 3),
        ];
        for (text, expected) in cases {
            assert_eq!(shingle_hashes(text, 3).len(), expected, "text {text:?}");
        }
    }

    #[test]
    fn shingle_of_a_window_equals_the_hash_of_its_words() {
        let hashes = shingle_hashes("alpha beta gamma", 2);
        let mut expected = vec![
            xxh3_64_with_seed(b"alpha beta", HASH_SEED),
            xxh3_64_with_seed(b"beta gamma", HASH_SEED),
        ];
        expected.sort_unstable();
        assert_eq!(hashes, expected);
    }

    const PINNED_SIGNATURE: [u16; 4] = [31740, 58128, 449, 26584];

    #[test]
    fn hashes_are_stable_across_processes_and_versions() {
        // Persisted state depends on these exact values: a change here needs a store migration.
        assert_eq!(
            content_hash_hex(content_hash("hello world")),
            format!("{:032x}", xxh3_128_with_seed(b"hello world", HASH_SEED))
        );
        assert_eq!(url_key("https://example.com/a"), 0x4ee7_94ee_34f5_deca);
        let signature = minhash_signature(&shingle_hashes("the quick brown fox jumps", 3), 4);
        assert_eq!(signature, PINNED_SIGNATURE);
    }

    #[test]
    fn identical_texts_have_identical_fingerprints_and_bands() {
        let a = fingerprint(&normalize_text("Breaking: The Council voted 7-2."), &PARAMS);
        let b = fingerprint(&normalize_text("breaking  the council voted 7 2"), &PARAMS);
        assert_eq!(a, b);
        assert_eq!(
            band_keys(&a.signature, &PARAMS),
            band_keys(&b.signature, &PARAMS)
        );
        assert_eq!(band_keys(&a.signature, &PARAMS).len(), PARAMS.bands);
    }

    #[test]
    fn jaccard_estimate_tracks_the_true_overlap() {
        let base: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
        let text_a = base.join(" ");
        let text_b = base[..200].join(" ");
        let a = minhash_signature(&shingle_hashes(&text_a, 3), 512);
        let b = minhash_signature(&shingle_hashes(&text_b, 3), 512);
        let jaccard = estimate_jaccard(&a, &b);
        assert!((jaccard - 198.0 / 398.0).abs() < 0.07, "jaccard {jaccard}");
        let containment = estimate_containment(jaccard, 398, 198);
        assert!(containment > 0.9, "containment {containment}");
    }

    #[test]
    fn containment_estimate_from_jaccard_and_sizes() {
        let cases = [
            (1.0, 100, 100, 1.0),
            (0.5, 100, 50, 1.0),
            (0.0, 100, 100, 0.0),
            (0.5, 0, 10, 0.0),
            (1.0 / 3.0, 100, 100, 0.5),
        ];
        for (jaccard, a, b, expected) in cases {
            let got = estimate_containment(jaccard, a, b);
            assert!((got - expected).abs() < 1e-9, "{jaccard} {a} {b}: {got}");
        }
    }

    #[test]
    fn unrelated_texts_share_no_band() {
        let a = fingerprint(&normalize_text(&words(0, 300)), &PARAMS);
        let b = fingerprint(&normalize_text(&words(1000, 300)), &PARAMS);
        let bands_a = band_keys(&a.signature, &PARAMS);
        let bands_b = band_keys(&b.signature, &PARAMS);
        assert!(bands_a.iter().all(|k| !bands_b.contains(k)));
        assert!(estimate_jaccard(&a.signature, &b.signature) < 0.1);
    }

    fn words(start: usize, count: usize) -> String {
        (start..start + count)
            .map(|i| format!("word{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}
