//! Hostile pages: each must give a result (or a typed error) without panicking, in bounded time
//! and memory. Assertions are about the result, not about timing.

use sift_extract::{ExtractConfig, Extracted, extract};
use sift_extract::input::{ContentKind, Page};

fn run(text: String, kind: ContentKind) -> Option<Extracted> {
    let page = Page {
        text,
        kind,
        url: Some("https://example.com/a".into()),
        fetched_at: None,
        status: None,
        charset: "UTF-8",
        charset_source: "transport",
    };
    extract(&page, &ExtractConfig::default()).ok()
}

fn html(text: String) -> Option<Extracted> {
    run(text, ContentKind::Html)
}

const PROSE: &str = "Plain prose of an article that survives the hostile markup around it, \
    long enough to count as a real paragraph of text for the extractor.";

#[test]
fn hundred_thousand_nested_divs() {
    let page = format!(
        "{}<p>{PROSE}</p>{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let x = html(page).expect("a result");
    assert!(x.event.text.contains("hostile markup"));
}

#[test]
fn hundred_thousand_unclosed_inline_tags() {
    let page = format!("<p>{PROSE}</p>{}", "<span><b><i>x".repeat(100_000));
    let x = html(page).expect("a result");
    assert!(x.event.text.contains("hostile markup"));
}

#[test]
fn ten_mib_single_line() {
    let line = "word ".repeat(2 * 1024 * 1024);
    let x = html(format!("<html><body><p>{line}</p></body></html>")).expect("a result");
    assert!(x.event.word_count >= 1_000_000);
}

#[test]
fn page_over_the_size_limit_is_cut_not_refused() {
    let filler = format!("<p>{PROSE}</p>").repeat(60_000);
    let x = html(format!(
        "<html><body><article>{filler}</article></body></html>"
    ))
    .expect("a result");
    assert!(
        x.event
            .diagnostics
            .notes
            .iter()
            .any(|n| n.starts_with("input cut"))
    );
    assert!(x.event.text.contains("hostile markup"));
}

#[test]
fn deeply_nested_tables() {
    let open = "<table><tr><td>".repeat(20_000);
    let close = "</td></tr></table>".repeat(20_000);
    let x = html(format!("{open}<p>{PROSE}</p>{close}")).expect("a result");
    assert!(x.event.text.contains("hostile markup"));
}

#[test]
fn huge_attribute_counts() {
    let attrs: String = (0..50_000).map(|i| format!(" data-a{i}=\"v\"")).collect();
    let x = html(format!("<div{attrs}><p>{PROSE}</p></div>")).expect("a result");
    assert!(x.event.text.contains("hostile markup"));
}

#[test]
fn ten_thousand_meta_tags() {
    let metas = "<meta name=description content=x>".repeat(10_000);
    let x = html(format!(
        "<html><head>{metas}</head><body><p>{PROSE}</p></body></html>"
    ))
    .expect("a result");
    assert!(x.event.text.contains("hostile markup"));
}

#[test]
fn nul_bytes_and_binary_junk() {
    let junk: String = (0u32..200_000)
        .map(|i| char::from_u32((i * 7919) % 0xD7FF).unwrap_or('\u{FFFD}'))
        .collect();
    // Junk may be rejected or give little text; getting past these lines without a panic is
    // the point.
    let _ = html(junk.clone());
    let _ = run(junk, ContentKind::Text);
    let x = html(format!("<p>\0{PROSE}\0</p>")).expect("a result");
    assert!(x.event.text.contains("hostile markup"));
}

#[test]
fn broken_json_ld_and_unclosed_script() {
    let page = format!(
        "<script type=application/ld+json>{{\"@type\": \"NewsArticle\", \"author\": [</script><p>{PROSE}</p><script>var a = '"
    );
    let x = html(page).expect("a result");
    assert!(x.event.text.contains("hostile markup"));
}

#[test]
fn empty_page_is_a_typed_error() {
    assert!(html("   ".into()).is_none());
}

#[test]
fn huge_text_dump() {
    let x = run(format!("{PROSE}\n\n").repeat(50_000), ContentKind::Text).expect("a result");
    assert_eq!(x.event.text.matches("hostile markup").count(), 1);
}

/// The whole path (decode, then extract) as `sift extract` runs it; panics would be dead letters.
fn process(value: Vec<u8>, headers: &[(&str, &[u8])]) -> sift::route::Outcome {
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
    pipeline.process(&msg).outcome
}

#[test]
fn fifty_mib_page_is_refused_by_the_input_cap() {
    let page = format!("<html><body><p>{PROSE}</p>{}", "x".repeat(50 * 1024 * 1024));
    match process(page.into_bytes(), &[]) {
        sift::route::Outcome::DeadLetter(f) => {
            assert_eq!((f.stage, f.class), ("decode", "oversized"))
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
            sift::route::Outcome::Clean(e) | sift::route::Outcome::Rejected(e) => {
                assert!(e.text.contains("hostile markup"), "{:?}", e.text)
            }
            other => panic!("expected an event, got {other:?}"),
        }
    }
}
