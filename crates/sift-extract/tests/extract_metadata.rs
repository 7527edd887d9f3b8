//! `extract_metadata` end to end on small inline pages: one test per source and per rule.

use chrono::{DateTime, TimeZone, Utc};
use sift_extract::dom::Document;
use sift_extract::metadata::{Metadata, extract_metadata};

const URL: &str = "https://www.example-news.com/politics/story-123";

fn fetched() -> Option<DateTime<Utc>> {
    Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).single()
}

fn extract(html: &str, url: &str) -> Metadata {
    extract_metadata(&Document::parse(html), Some(url), fetched())
}

fn day(m: &Metadata) -> Option<String> {
    m.published_at.map(|d| d.format("%Y-%m-%d").to_string())
}

#[test]
fn each_date_source_is_read() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "json-ld",
            r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-01-28T10:12:00+01:00"}</script>"#,
            "2020-01-28",
        ),
        (
            "meta",
            r#"<meta property="article:published_time" content="2020-01-28T10:00:00Z">"#,
            "2020-01-28",
        ),
        (
            "meta",
            r#"<meta name="parsely-pub-date" content="2020-01-28">"#,
            "2020-01-28",
        ),
        (
            "microdata",
            r#"<span itemprop="datePublished" content="2020-01-28"></span>"#,
            "2020-01-28",
        ),
        (
            "time",
            r#"<time datetime="2020-01-28T08:00:00Z" pubdate>28 Jan</time>"#,
            "2020-01-28",
        ),
        (
            "dateline",
            r#"<div class="post-date">Veröffentlicht am 28. Januar 2020</div>"#,
            "2020-01-28",
        ),
    ];
    for (source, html, want) in cases {
        let m = extract(html, URL);
        assert_eq!(day(&m).as_deref(), Some(*want), "{html}");
        assert!(
            m.notes.iter().any(|n| n.ends_with(source)),
            "{source}: {:?}",
            m.notes
        );
    }
}

#[test]
fn url_date_is_used_and_overrides_distant_structured_dates() {
    let m = extract("<p>text</p>", "https://ex.com/2020/01/28/story");
    assert_eq!(day(&m).as_deref(), Some("2020-01-28"));
    let m = extract(
        r#"<meta property="article:published_time" content="2023-05-05">"#,
        "https://ex.com/2020/01/28/story",
    );
    assert_eq!(day(&m).as_deref(), Some("2020-01-28"));
}

#[test]
fn future_dates_are_discarded() {
    let html = r#"<meta property="article:published_time" content="2030-01-01">
        <meta name="date" content="2020-01-28">"#;
    assert_eq!(day(&extract(html, URL)).as_deref(), Some("2020-01-28"));
}

#[test]
fn publication_and_modification_stay_apart() {
    let html = r#"<meta property="article:published_time" content="2020-01-28T10:00:00Z">
        <meta property="article:modified_time" content="2020-02-01T10:00:00Z">"#;
    let m = extract(html, URL);
    assert_eq!(day(&m).as_deref(), Some("2020-01-28"));
    assert_eq!(
        m.modified_at.map(|d| d.to_rfc3339()).as_deref(),
        Some("2020-02-01T10:00:00+00:00")
    );
    let only_modified = extract(
        r#"<time class="updated" datetime="2020-02-01">x</time>"#,
        URL,
    );
    assert_eq!(only_modified.published_at, None);
}

#[test]
fn dates_keep_the_offset_the_page_stated() {
    // Converted to UTC, this time would fall on the 27th: a day the page never shows.
    let html = r#"<meta property="article:published_time" content="2020-01-28T00:30:00+02:00">"#;
    let m = extract(html, URL);
    assert_eq!(
        m.published_at.map(|d| d.to_rfc3339()).as_deref(),
        Some("2020-01-28T00:30:00+02:00")
    );
}

#[test]
fn authors_are_people_not_organisations() {
    let cases: &[(&str, &[&str])] = &[
        (
            r#"<script type="application/ld+json">{"@type":"Article","author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Organization","name":"Example News"}]}</script><p>Jane Doe</p>"#,
            &["Jane Doe"],
        ),
        (
            r#"<script type="application/ld+json">{"@type":"Article","author":{"@type":"Person","name":"Site Admin"}}</script><p>A page that shows no byline.</p>"#,
            &[],
        ),
        (
            r#"<meta name="author" content="Example News"><meta property="og:site_name" content="Example News">"#,
            &[],
        ),
        (r#"<meta name="author" content="dpa">"#, &[]),
        (
            r#"<p class="byline">By Jane Doe and John Roe, Staff Writers</p>"#,
            &["Jane Doe", "John Roe"],
        ),
        (
            r#"<a rel="author" href="/a/jd">Jane Doe</a>"#,
            &["Jane Doe"],
        ),
        (r#"<p>Von Max Muster</p>"#, &["Max Muster"]),
        (r#"<p class="byline">Staff</p>"#, &[]),
    ];
    for (html, want) in cases {
        assert_eq!(extract(html, URL).authors, *want, "{html}");
    }
}

#[test]
fn without_a_page_url_the_canonical_host_names_the_site() {
    let html = r#"<link rel="canonical" href="https://www.larepublica.example/story">
        <script type="application/ld+json">{"@type":"Article","author":{"@type":"Person","name":"La República"}}</script>
        <p>La República</p>"#;
    let m = extract_metadata(&Document::parse(html), None, fetched());
    assert_eq!(m.authors, Vec::<String>::new());
}

#[test]
fn title_drops_the_site_name_and_prefers_a_matching_h1() {
    let cases: &[(&str, &str)] = &[
        (
            "<title>Big news today | Example News</title>",
            "Big news today",
        ),
        (
            r#"<title>Big news today - Politics - EN</title><meta property="og:site_name" content="EN">"#,
            "Big news today",
        ),
        (
            "<title>Example News</title><h1>Big news today</h1>",
            "Big news today",
        ),
        (
            "<title>Big news today: more | Example News</title><h1>Big news today: more</h1>",
            "Big news today: more",
        ),
        (
            r#"<title>Big news | Example News</title><meta property="og:title" content="Big news today, longer">"#,
            "Big news today, longer",
        ),
    ];
    for (html, want) in cases {
        assert_eq!(extract(html, URL).title.as_deref(), Some(*want), "{html}");
    }
}

#[test]
fn canonical_url_is_resolved_and_normalized() {
    let cases: &[(&str, &str)] = &[
        (
            r#"<link rel="canonical" href="/politics/story-123?utm_source=x&b=2&a=1#top">"#,
            "https://www.example-news.com/politics/story-123?a=1&b=2",
        ),
        (
            r#"<meta property="og:url" content="HTTPS://WWW.Example-News.com:443/s">"#,
            "https://www.example-news.com/s",
        ),
        ("<p>none</p>", URL),
    ];
    for (html, want) in cases {
        assert_eq!(
            extract(html, URL).canonical_url.as_deref(),
            Some(*want),
            "{html}"
        );
    }
}

#[test]
fn broken_json_ld_still_gives_fields() {
    let html = "<script type=\"application/ld+json\"><!--\n{\"@type\":\"NewsArticle\",\"headline\":\"Line\nbreak\",\"author\":{\"name\":\"Jane Doe\"},}\n--></script><p>Jane Doe</p>";
    let m = extract(html, URL);
    assert_eq!(m.title.as_deref(), Some("Line break"));
    assert_eq!(m.authors, ["Jane Doe"]);
}

#[test]
fn hostile_metadata_stays_bounded() {
    let html =
        r#"<meta name="x" content="y">"#.repeat(10_000) + &"<div class=\"date\">".repeat(5_000);
    let start = std::time::Instant::now();
    let m = extract(&html, URL);
    assert!(m.published_at.is_none());
    assert!(start.elapsed().as_secs_f64() < 1.0);
}
