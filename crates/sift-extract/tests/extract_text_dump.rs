//! A scraper's plain-text dump of a news page (`samples/page-text-dump.txt`, written for sift):
//! the title and byline are inferred, the repeated lead and caption appear once, boilerplate
//! lines go.

use sift_extract::event::Block;
use sift_extract::input::{ContentKind, Page};
use sift_extract::{ExtractConfig, Verdict, extract};

fn fixture() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/page-text-dump.txt"
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
        repaired_chars: 0,
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
        Some("Lake Varden water level falls to record low as dry spring drags on")
    );
    assert_eq!(x.event.authors, ["Sofia Lindgren"]);
    assert_eq!(x.verdict, Verdict::Article);
    assert_eq!(x.event.diagnostics.input_kind, "text");
}

#[test]
fn lead_paragraph_appears_once() {
    let text = extract_fixture().event.text;
    assert_eq!(
        text.matches("dropped to its lowest point since measurements began")
            .count(),
        1
    );
    assert!(text.starts_with("The water level of Lake Varden dropped"));
}

#[test]
fn caption_is_one_figure_and_not_in_text() {
    let x = extract_fixture();
    let caption = "Fishing boats resting on the exposed lake bed near Holmsund harbour, Regional Water Authority/Anna Berg";
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
    assert!(!x.event.text.contains("Regional Water Authority/Anna Berg"));
}

#[test]
fn subheading_is_kept_as_heading() {
    let x = extract_fixture();
    assert!(x.event.blocks.contains(&Block::Heading {
        level: 2,
        text: "Consequences for wildlife".into()
    }));
    assert!(x.event.text.contains("\n\nConsequences for wildlife\n\n"));
}

#[test]
fn boilerplate_lines_are_gone() {
    let text = extract_fixture().event.text;
    for junk in [
        "Skip to main content",
        "4 min read",
        "Related",
        "Sign up for our newsletter",
        "Partner banner 2",
        "cookies",
        "By Sofia Lindgren",
    ] {
        assert!(!text.contains(junk), "{junk:?} left in:\n{text}");
    }
    assert!(text.ends_with("back to a normal level before summer."));
}
