//! Hostile pages: each must decode and extract without panicking, keep the article's prose,
//! and finish in bounded time. The bound is generous (a quadratic path on these 2.6 MB pages
//! takes tens of seconds; linear ones take well under one); timings are measured by
//! `benches/hostile.rs`, not here.

mod hostile;

use hostile::cases::{self, Case, PROSE};
use sift_extract::input::{ContentKind, Page};
use sift_extract::{ExtractConfig, Extracted, extract};
use std::time::Duration;

/// The size of the page that took 30 s before the attribute fix (200,000 attributes).
const PAGE_BYTES: usize = 2_600_000;

/// Release builds take well under a second per page; unoptimised builds are ~10-20× slower.
/// Measured in CPU time of the test's thread (see [`cases::time`]), so a busy machine does not
/// make it flaky.
const TIME_BOUND: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(60)
} else {
    Duration::from_secs(5)
};

fn check(case: &Case) {
    let page = cases::page_of_size(case, PAGE_BYTES);
    let mut result = Err(String::new());
    let took = cases::time(|| result = cases::decode_and_extract(&page));
    let extracted = match result {
        Ok(x) => x,
        Err(e) => panic!("{}: {e}", case.name),
    };
    assert!(
        took < TIME_BOUND,
        "{}: {took:?} for {} bytes",
        case.name,
        page.len()
    );
    if case.keeps_prose {
        assert!(
            extracted.event.text.contains(PROSE),
            "{}: the prose is lost: {:?}",
            case.name,
            extracted.event.text.get(..200)
        );
    }
}

/// One test per case, so that a slow or failing case is named.
macro_rules! hostile_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let name = stringify!($name);
                match cases::ALL.iter().find(|c| c.name == name) {
                    Some(case) => check(case),
                    None => panic!("no case named {name}"),
                }
            }
        )*

        #[test]
        fn every_case_has_a_test() {
            let tested = [$(stringify!($name)),*];
            for case in cases::ALL {
                assert!(tested.contains(&case.name), "{} has no test", case.name);
            }
        }
    };
}

hostile_tests!(
    attributes_on_one_element,
    duplicate_attributes,
    attributes_on_every_element,
    long_attribute_value,
    long_class_list,
    long_class_list_on_nested_elements,
    long_href,
    entities_in_text,
    entities_in_attribute,
    long_numeric_reference,
    long_entity_like_name,
    long_comment_of_dashes,
    long_comment_of_near_ends,
    many_comments,
    unclosed_comment,
    many_bogus_constructs,
    many_lone_less_than_signs,
    many_scripts_and_styles,
    script_full_of_end_tag_starts,
    unclosed_script,
    many_titles,
    double_encoded_text,
    nested_captions,
    one_long_word,
    long_line_of_words,
    long_line_of_punctuation,
    long_line_of_digits_and_dates,
    long_line_of_bylines,
    long_line_of_date_labels,
    many_paragraphs,
    many_distinct_paragraphs,
    many_repeated_paragraphs,
    many_spans,
    many_links,
    many_line_breaks,
    many_list_items,
    many_headings,
    many_divs,
    siblings_of_distinct_classes,
    many_images_and_figures,
    many_svgs,
    many_hidden_elements,
    many_collapsed_panels,
    many_forms,
    many_code_blocks,
    deep_nesting,
    chrome_tags_nested_around_main,
    many_paragraphs_deep_inside,
    paragraphs_at_every_depth,
    sections_at_every_depth,
    quotes_at_every_depth,
    text_at_every_depth,
    unclosed_formatting_elements,
    misnested_formatting_elements,
    stray_end_tags,
    deeply_nested_lists,
    deeply_nested_tables,
    deeply_nested_svg,
    many_tables,
    table_with_many_rows,
    table_with_many_columns,
    many_meta_tags,
    many_distinct_meta_tags,
    json_ld_with_many_authors,
    json_ld_with_a_large_graph,
    many_json_ld_scripts,
    deeply_nested_json_ld,
    long_json_ld_string,
    many_time_elements,
    many_author_elements,
    many_microdata_items,
    deeply_nested_microdata_items,
    long_title,
    many_h1,
    text_dump_with_many_lines,
    text_dump_with_many_distinct_lines,
    text_dump_one_long_line,
    text_dump_of_bylines_and_bullets,
);

/// Extracts `text` as a page of `kind`, without the decoding step.
fn run(text: String, kind: ContentKind) -> Option<Extracted> {
    let page = Page {
        text,
        kind,
        url: Some("https://example.com/a".into()),
        fetched_at: None,
        status: None,
        charset: "UTF-8",
        charset_source: "transport",
        repaired_chars: 0,
    };
    extract(&page, &ExtractConfig::default()).ok()
}

fn html(text: String) -> Option<Extracted> {
    run(text, ContentKind::Html)
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
