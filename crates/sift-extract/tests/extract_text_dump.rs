//! The plain-text fixture of issue 3: a scraper's text dump of a news page.

use sift_extract::event::Block;
use sift_extract::{ExtractConfig, Verdict, extract};
use sift_extract::input::{ContentKind, Page};

fn fixture() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/page-text-dump.txt"
    );
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

fn extract_fixture() -> sift_extract::Extracted {
    let page = Page {
        text: fixture(),
        kind: ContentKind::Text,
        url: None,
        fetched_at: None,
        status: None,
        charset: "UTF-8",
        charset_source: "transport",
    };
    match extract(&page, &ExtractConfig::default()) {
        Ok(x) => x,
        Err(e) => panic!("extract failed: {e}"),
    }
}

#[test]
fn title_and_author_are_inferred() {
    let x = extract_fixture();
    assert_eq!(
        x.event.title.as_deref(),
        Some("Khamenei rejects U.S. negotiation efforts, accuses Washington of seeking domination")
    );
    assert_eq!(x.event.authors, ["Philippe Tanios"]);
    assert_eq!(x.verdict, Verdict::Article);
    assert_eq!(x.event.diagnostics.input_kind, "text");
}

#[test]
fn lead_paragraph_appears_once() {
    let text = extract_fixture().event.text;
    assert_eq!(
        text.matches("asserted on Saturday that Tehran will not succumb")
            .count(),
        1
    );
    assert!(text.starts_with("Iran’s Supreme Leader, Ayatollah Ali Khamenei, asserted"));
}

#[test]
fn caption_is_one_figure_and_not_in_text() {
    let x = extract_fixture();
    let caption = "Iran's Supreme Leader Ayatollah Ali Khamenei, Office of the Iranian Supreme Leader/WANA (West Asia News Agency)";
    let figures: Vec<&Block> = x
        .event
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Figure { .. }))
        .collect();
    assert_eq!(
        figures,
        [&Block::Figure {
            src: None,
            caption: caption.into()
        }]
    );
    assert!(
        !x.event
            .text
            .contains("Office of the Iranian Supreme Leader")
    );
}

#[test]
fn subheading_is_kept_as_heading() {
    let x = extract_fixture();
    assert!(x.event.blocks.contains(&Block::Heading {
        level: 2,
        text: "Growing Concerns Over Iran’s Nuclear Ambitions".into()
    }));
    assert!(
        x.event
            .text
            .contains("\n\nGrowing Concerns Over Iran’s Nuclear Ambitions\n\n")
    );
}

#[test]
fn boilerplate_lines_are_gone() {
    let text = extract_fixture().event.text;
    for junk in [
        "Skip to main content",
        "1 min",
        "Related",
        "Subscribe to our newsletter",
        "Mena banner 4",
        "cookies",
        "By Philippe Tanios",
    ] {
        assert!(!text.contains(junk), "{junk:?} left in:\n{text}");
    }
    assert!(text.ends_with("continues to fuel geopolitical tensions."));
}
