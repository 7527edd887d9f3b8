//! Hostile input on the whole path the service runs (decode, then extract, as
//! `sift::pipeline::Pipeline` does): panics would be dead letters. Extraction-only cases live in
//! `crates/sift-extract/tests/extract_hostile.rs`.

use sift_extract::ExtractConfig;

const PROSE: &str = "Plain prose of an article that survives the hostile markup around it, \
    long enough to count as a real paragraph of text for the extractor.";

/// The whole path (decode, then extract) as `sift extract` runs it; panics would be dead letters.
fn process(value: Vec<u8>, headers: &[(&str, &[u8])]) -> sift::route::Disposition {
    let pipeline = sift::pipeline::Pipeline::new(
        sift_extract::input::InputConfig::default(),
        ExtractConfig::default(),
        None,
    );
    let msg = sift::route::SourceMessage {
        value,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_vec()))
            .collect(),
        ..sift::route::SourceMessage::default()
    };
    pipeline.process(&msg).disposition
}

#[test]
fn fifty_mib_page_is_refused_by_the_input_cap() {
    let page = format!("<html><body><p>{PROSE}</p>{}", "x".repeat(50 * 1024 * 1024));
    match process(page.into_bytes(), &[]) {
        sift::route::Disposition::DeadLetter(f) => {
            assert_eq!(
                (f.stage.as_str(), f.class.as_str()),
                ("decode", "oversized")
            )
        }
        other => panic!("expected an oversized dead letter, got {other:?}"),
    }
}

#[test]
fn invalid_utf8_in_a_declared_charset() {
    let mut page = format!("<meta charset=utf-8><p>{PROSE}").into_bytes();
    page.extend_from_slice(b" \xff\xfe\xc3( \xe2\x82 end</p>");
    for headers in [
        &[][..],
        &[("content-type", &b"text/html; charset=utf-8"[..])][..],
    ] {
        // Declared UTF-8 that is not: detection picks a charset, the prose survives.
        match process(page.clone(), headers) {
            sift::route::Disposition::Clean(e) | sift::route::Disposition::Rejected(e) => {
                assert!(e.text.contains("hostile markup"), "{:?}", e.text)
            }
            other => panic!("expected an event, got {other:?}"),
        }
    }
}
