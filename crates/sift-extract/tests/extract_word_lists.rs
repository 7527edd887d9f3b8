//! Word lists that misfired on pages they were never meant for (issue 18, item 7): each test runs
//! a small page through `sift_extract::extract` and is named for the bug it guards against.

use sift_extract::event::{Block, RejectReason};
use sift_extract::input::{ContentKind, Page};
use sift_extract::{ExtractConfig, Extracted, Verdict, extract};

/// Three paragraphs of prose, enough body for an article.
const BODY: &str = "<p>The council met on Tuesday evening to discuss the budget for the coming \
    year, and most members agreed that the library and the swimming pool need repairs.</p>\
    <p>Several residents spoke during the public session, asking for longer opening hours and \
    for a safer crossing near the primary school on the main road.</p>\
    <p>The final vote is expected next month, after the finance committee has reviewed the \
    figures and published its recommendations for the town.</p>";

fn extract_page(head: &str, body: &str) -> Extracted {
    let html = format!("<html><head>{head}</head><body><article>{body}</article></body></html>");
    let page = Page {
        text: html,
        kind: ContentKind::Html,
        url: Some("https://news.example.org/local/council-budget".into()),
        fetched_at: None,
        status: None,
        charset: "UTF-8",
        charset_source: "meta",
        repaired_chars: 0,
    };
    match extract(&page, &ExtractConfig::default()) {
        Ok(extracted) => extracted,
        Err(e) => panic!("extraction failed: {e}"),
    }
}

/// Another three paragraphs, so that no paragraph repeats.
const MORE_BODY: &str = "<p>Members of the planning board asked how the repairs would be \
    scheduled, since the pool is used by four schools during the winter term.</p>\
    <p>The mayor answered that the work would start in the summer holidays and that the \
    library would stay open on weekdays throughout the construction period.</p>\
    <p>Local businesses welcomed the plan and offered to sponsor new benches for the park \
    beside the library, which many families visit on sunny afternoons.</p>";

/// The authors of a page whose `head` may state one and whose byline shows `shown`.
fn authors_of(head: &str, shown: &str) -> Vec<String> {
    let body = format!("<h1>Council weighs repairs</h1><p class=\"byline\">By {shown}</p>{BODY}");
    extract_page(head, &body).event.authors
}

fn headings_of(heading: &str) -> Vec<String> {
    let body = format!("<h1>Council weighs repairs</h1>{BODY}<h2>{heading}</h2>{MORE_BODY}");
    extract_page("", &body)
        .event
        .blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Heading { text, .. } => Some(text),
            _ => None,
        })
        .collect()
}

#[test]
fn sid_meier_is_a_person_not_the_sid_agency() {
    assert_eq!(authors_of("", "Sid Meier"), ["Sid Meier"]);
}

#[test]
fn michael_bloomberg_in_json_ld_person_is_a_person_not_the_agency() {
    let head = r#"<script type="application/ld+json">{"@type":"NewsArticle",
        "author":{"@type":"Person","name":"Michael Bloomberg"}}</script>"#;
    assert_eq!(authors_of(head, "Michael Bloomberg"), ["Michael Bloomberg"]);
}

#[test]
fn thomas_kreuzer_is_a_person_not_a_red_cross_compound() {
    assert_eq!(authors_of("", "Thomas Kreuzer"), ["Thomas Kreuzer"]);
}

#[test]
fn agencies_and_organisation_compounds_are_still_no_authors() {
    for name in [
        "dpa",
        "SID",
        "Bloomberg",
        "Deutsches Rotes Kreuz",
        "Bundesverband Musik",
    ] {
        assert!(authors_of("", name).is_empty(), "{name}");
    }
}

#[test]
fn heading_copyright_reform_passes_is_kept() {
    assert!(headings_of("Copyright reform passes").contains(&"Copyright reform passes".into()));
}

#[test]
fn heading_a_banner_year_for_farmers_is_kept() {
    let heading = "A banner year for farmers";
    assert!(headings_of(heading).contains(&heading.into()));
}

#[test]
fn heading_the_final_10_minutes_is_kept() {
    let heading = "The final 10 minutes";
    assert!(headings_of(heading).contains(&heading.into()));
}

#[test]
fn chrome_headings_still_go() {
    for heading in ["Copyright © 2024 Example News", "Newsletter", "5 min read"] {
        assert!(!headings_of(heading).contains(&heading.into()), "{heading}");
    }
}

#[test]
fn story_titled_404_jobs_cut_at_plant_is_no_error_page() {
    let title = "404 jobs cut at plant";
    let body = format!(
        "<h1>{title}</h1><p>The carmaker said on Monday it would cut 404 jobs at its engine \
         plant by the end of the year, citing falling demand for diesel engines.</p>\
         <p>Unions called the decision a blow to the region and asked the management for talks \
         before any notices are sent to the workers.</p>"
    );
    let extracted = extract_page(&format!("<title>{title}</title>"), &body);
    assert_eq!(extracted.verdict, Verdict::Article);
}

#[test]
fn a_404_not_found_page_is_still_an_error_page() {
    let extracted = extract_page(
        "<title>404 - Page not found</title>",
        "<h1>Error 404</h1><p>The page you asked for does not exist. Try the search box or go \
         back to the front page of the site to find what you were looking for.</p>",
    );
    assert_eq!(
        extracted.verdict,
        Verdict::NotArticle(RejectReason::ErrorPage)
    );
}
