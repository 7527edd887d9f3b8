//! Hostile pages, each built from a repeated unit so that its size can be chosen: shared by
//! `tests/extract_hostile.rs` (a generous time bound at one size) and `benches/hostile.rs`
//! (timings at N and 4N, to see whether a path grows faster than the input).
//!
//! Each page holds [`PROSE`] somewhere the extractor should find it, unless `keeps_prose` says
//! the hostile part legitimately swallows it (an unclosed comment hides everything after it).

use sift_extract::input::{InputConfig, InputError, InputFormat, Page, Transport, decode};
use sift_extract::{ExtractConfig, Extracted, extract};
use std::time::{Duration, Instant};

pub const PROSE: &str = "Plain prose of an article that survives the hostile markup around it, \
    long enough to count as a real paragraph of text for the extractor.";

/// A paragraph of [`PROSE`] inside an article.
fn article(inner: &str) -> String {
    format!("<html><body><article><p>{PROSE}</p>{inner}<p>{PROSE}</p></article></body></html>")
}

pub struct Case {
    pub name: &'static str,
    /// The page with the hostile unit repeated `n` times.
    pub page: fn(usize) -> String,
    /// Whether [`PROSE`] must come out of the page.
    pub keeps_prose: bool,
}

const fn case(name: &'static str, page: fn(usize) -> String) -> Case {
    Case {
        name,
        page,
        keeps_prose: true,
    }
}

/// Every case, in the order the bench prints them.
pub const ALL: &[Case] = &[
    // Attributes.
    case("attributes_on_one_element", |n| {
        let attrs: String = (0..n).map(|i| format!(" data-a{i}=\"v\"")).collect();
        article(&format!("<div{attrs}>x</div>"))
    }),
    case("duplicate_attributes", |n| {
        article(&format!("<div{}>x</div>", " class=\"a\"".repeat(n)))
    }),
    case("attributes_on_every_element", |n| {
        article(&"<span class=c id=i data-x=1 title=t lang=en dir=ltr role=note>x</span>".repeat(n))
    }),
    case("long_attribute_value", |n| {
        article(&format!("<div title=\"{}\">x</div>", "a".repeat(n)))
    }),
    case("long_class_list", |n| {
        let classes: String = (0..n).map(|i| format!("c{i} ")).collect();
        article(&format!(
            "<div class=\"{classes}\" id=\"{classes}\"><p>{PROSE}</p></div>"
        ))
    }),
    case("long_class_list_on_nested_elements", |n| {
        // Twenty nested elements share the n classes.
        let classes: String = (0..n / 20).map(|i| format!("c{i} ")).collect();
        let open = format!("<div class=\"{classes}\">").repeat(20);
        article(&format!("{open}<p>{PROSE}</p>{}", "</div>".repeat(20)))
    }),
    case("long_href", |n| {
        article(&format!(
            "<a href=\"https://example.com/{}\">link</a>",
            "a/".repeat(n)
        ))
    }),
    // Character references.
    case("entities_in_text", |n| {
        article(&format!(
            "<p>{}</p>",
            "&amp;&eacute;&#x41;&#150;&notin &bogus; ".repeat(n)
        ))
    }),
    case("entities_in_attribute", |n| {
        article(&format!(
            "<a href=\"?{}\">x</a>",
            "a=1&amp&copy=2&lt;".repeat(n)
        ))
    }),
    case("long_numeric_reference", |n| {
        article(&format!("<p>&#{};</p>", "9".repeat(n)))
    }),
    case("long_entity_like_name", |n| {
        article(&format!("<p>&{};</p>", "notin".repeat(n)))
    }),
    // Comments and other `<!` constructs.
    case("long_comment_of_dashes", |n| {
        article(&format!("<!--{}-->", "-".repeat(n)))
    }),
    case("long_comment_of_near_ends", |n| {
        article(&format!("<!--{}-->", "--!x -- ".repeat(n)))
    }),
    case("many_comments", |n| article(&"<!-- c -->x".repeat(n))),
    Case {
        keeps_prose: false,
        ..case("unclosed_comment", |n| {
            format!("<p>{PROSE}</p><!--{}", "x -- y --!".repeat(n))
        })
    },
    case("many_bogus_constructs", |n| {
        article(&"<!x></ x><?y>".repeat(n))
    }),
    case("many_lone_less_than_signs", |n| {
        article(&format!("<p>{}</p>", "a < b ".repeat(n)))
    }),
    // Raw text.
    case("many_scripts_and_styles", |n| {
        article(&"<script>var a = '</p>';</script><style>p{}</style>".repeat(n))
    }),
    case("script_full_of_end_tag_starts", |n| {
        article(&format!("<script>{}</script>", "</scrip </ </s".repeat(n)))
    }),
    Case {
        keeps_prose: false,
        ..case("unclosed_script", |n| {
            format!("<p>{PROSE}</p><script>{}", "</div> ".repeat(n))
        })
    },
    case("many_titles", |n| {
        format!("{}{}", "<title>T &amp; t</title>".repeat(n), article(""))
    }),
    // Text.
    case("double_encoded_text", |n| {
        // UTF-8 read as Latin-1 and written as UTF-8 again, which input decoding repairs.
        article(&format!(
            "<p>{}</p>",
            "It\u{e2}\u{80}\u{99}s caf\u{c3}\u{a9} \u{c2}\u{80}\u{c3}".repeat(n)
        ))
    }),
    case("nested_captions", |n| {
        // Elements named as captions inside each other, cards (a heading beside text) or not:
        // whether each is a card is read from what it holds.
        let open = "<div class=caption>words <h3>title</h3><div class=item-caption>more ";
        article(&format!("{}{}", open.repeat(n), "</div></div>".repeat(n)))
    }),
    case("one_long_word", |n| {
        article(&format!("<p>{}</p>", "a".repeat(n)))
    }),
    case("long_line_of_words", |n| {
        article(&format!("<p>{}</p>", "word ".repeat(n)))
    }),
    case("long_line_of_punctuation", |n| {
        article(&format!("<p>{}</p>", ".,;:!?".repeat(n)))
    }),
    case("long_line_of_digits_and_dates", |n| {
        article(&format!(
            "<p>{}</p>",
            "2024-05-01 12:00 3 May 2024 ".repeat(n)
        ))
    }),
    case("long_line_of_bylines", |n| {
        article(&format!(
            "<p>{}</p>",
            "By Jane Example and John Example, ".repeat(n)
        ))
    }),
    case("long_line_of_date_labels", |n| {
        article(&format!(
            "<p>{}</p>",
            "Published on Updated: Posted ".repeat(n)
        ))
    }),
    // Many small elements.
    case("many_paragraphs", |n| article(&"<p>x</p>".repeat(n))),
    case("many_distinct_paragraphs", |n| {
        article(
            &(0..n)
                .map(|i| format!("<p>Paragraph {i} of the story.</p>"))
                .collect::<String>(),
        )
    }),
    case("many_repeated_paragraphs", |n| {
        article(&format!("<p>{PROSE}</p>").repeat(n))
    }),
    case("many_spans", |n| {
        article(&format!("<p>{}</p>", "<span>x</span>".repeat(n)))
    }),
    case("many_links", |n| {
        article(&format!("<p>{}</p>", "<a href=/x>word</a> ".repeat(n)))
    }),
    case("many_line_breaks", |n| {
        article(&format!("<p>{}</p>", "x<br>".repeat(n)))
    }),
    case("many_list_items", |n| {
        article(&format!("<ul>{}</ul>", "<li>item".repeat(n)))
    }),
    case("many_headings", |n| {
        article(&format!("<h2>Heading</h2><p>{PROSE}</p>").repeat(n))
    }),
    case("many_divs", |n| article(&"<div>x</div>".repeat(n))),
    // Siblings of as many builds as there are siblings (content/repeats.rs groups them).
    case("siblings_of_distinct_classes", |n| {
        let divs: String = (0..n).map(|i| format!("<div class=c{i}>x</div>")).collect();
        article(&divs)
    }),
    case("many_images_and_figures", |n| {
        article(&"<figure><img src=/i.jpg alt=a><figcaption>c</figcaption></figure>".repeat(n))
    }),
    case("many_svgs", |n| {
        article(&"<svg><title/><path d=x /></svg>".repeat(n))
    }),
    case("many_hidden_elements", |n| {
        article(&"<div hidden>h</div><div style=\"display:none\">s</div>".repeat(n))
    }),
    case("many_collapsed_panels", |n| {
        article(&(0..n).fold(String::new(), |mut out, i| {
            out.push_str(&format!(
                "<button aria-expanded=false aria-controls='p{i} p{}'>b</button>\
                 <div id=p{i} hidden>t</div>",
                i + 1
            ));
            out
        }))
    }),
    case("many_forms", |n| {
        article(&"<form><input><button>b</button></form>".repeat(n))
    }),
    case("many_code_blocks", |n| {
        article(&"<pre><code>x = 1</code></pre>".repeat(n))
    }),
    // Nesting.
    case("deep_nesting", |n| {
        article(&format!(
            "{}<p>{PROSE}</p>{}",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ))
    }),
    // Chrome tags around the page's `<main>` (content/prune.rs looks for the `<main>` they wrap).
    case("chrome_tags_nested_around_main", |n| {
        article(&format!(
            "{}<main><p>{PROSE}</p><p>{PROSE}</p></main>{}",
            "<aside class=sidebar>".repeat(n),
            "</aside>".repeat(n)
        ))
    }),
    case("many_paragraphs_deep_inside", |n| {
        let depth = 250;
        let open = "<div class=\"content main\">".repeat(depth);
        let paragraphs = "<p>Paragraph of the story.</p>".repeat(n);
        article(&format!("{open}{paragraphs}{}", "</div>".repeat(depth)))
    }),
    case("paragraphs_at_every_depth", |n| {
        article(&"<div class=c><p>Paragraph of the story.</p>".repeat(n))
    }),
    case("sections_at_every_depth", |n| {
        article(&"<section><h2>Heading</h2><p>Paragraph of the story.</p>".repeat(n))
    }),
    case("quotes_at_every_depth", |n| {
        article(&"<blockquote><p>Quoted words.</p>".repeat(n))
    }),
    case("text_at_every_depth", |n| {
        article(&format!("<p>{}</p>", "<span>word ".repeat(n)))
    }),
    case("unclosed_formatting_elements", |n| {
        article(&"<span><b><i>x".repeat(n))
    }),
    case("misnested_formatting_elements", |n| {
        article(&"<b>1<i>2</b>3</i>".repeat(n))
    }),
    case("stray_end_tags", |n| {
        article(&"</div></p></b></table>".repeat(n))
    }),
    case("deeply_nested_lists", |n| article(&"<ul><li>x".repeat(n))),
    case("deeply_nested_tables", |n| {
        let open = "<table><tr><td>".repeat(n);
        article(&format!(
            "{open}<p>{PROSE}</p>{}",
            "</td></tr></table>".repeat(n)
        ))
    }),
    case("deeply_nested_svg", |n| {
        article(&format!("{}</svg>", "<svg>".repeat(n)))
    }),
    // Tables.
    case("many_tables", |n| {
        article(&"<table><tr><td>cell</td></tr></table>".repeat(n))
    }),
    case("table_with_many_rows", |n| {
        article(&format!(
            "<table>{}</table>",
            "<tr><td>a</td><td>b</td></tr>".repeat(n)
        ))
    }),
    case("table_with_many_columns", |n| {
        article(&format!(
            "<table><tr>{}</tr></table>",
            "<td>a</td>".repeat(n)
        ))
    }),
    // Metadata.
    case("many_meta_tags", |n| {
        let metas = "<meta name=description content=x><meta property=article:tag content=t>\
                     <meta name=author content=\"Jane Example\">"
            .repeat(n);
        format!("<html><head>{metas}</head>{}", article(""))
    }),
    case("many_distinct_meta_tags", |n| {
        let metas: String = (0..n)
            .map(|i| {
                format!(
                    "<meta property=article:tag content=t{i}>\
                     <meta name=author content=\"Jane Example{i}\">"
                )
            })
            .collect();
        format!("<html><head>{metas}</head>{}", article(""))
    }),
    case("json_ld_with_many_authors", |n| {
        let authors: String = (0..n)
            .map(|i| format!("{{\"@type\":\"Person\",\"name\":\"Jane Example{i}\"}},"))
            .collect();
        let json = format!("{{\"@type\":\"NewsArticle\",\"author\":[{authors}{{}}]}}");
        article(&format!(
            "<script type=\"application/ld+json\">{json}</script>"
        ))
    }),
    case("json_ld_with_a_large_graph", |n| {
        let items: String = (0..n)
            .map(|i| format!("{{\"@type\":\"WebPage\",\"@id\":\"#p{i}\",\"name\":\"p{i}\"}},"))
            .collect();
        let json = format!("{{\"@graph\":[{items}{{\"@type\":\"NewsArticle\"}}]}}");
        article(&format!(
            "<script type=\"application/ld+json\">{json}</script>"
        ))
    }),
    case("many_json_ld_scripts", |n| {
        article(
            &"<script type=application/ld+json>{\"@type\":\"NewsArticle\",\
              \"datePublished\":\"2024-05-01\",\"author\":\"Jane Example\"}</script>"
                .repeat(n),
        )
    }),
    case("deeply_nested_json_ld", |n| {
        article(&format!(
            "<script type=application/ld+json>{}</script>",
            "[".repeat(n)
        ))
    }),
    case("long_json_ld_string", |n| {
        article(&format!(
            "<script type=application/ld+json>{{\"articleBody\":\"{}\"}}</script>",
            "word ".repeat(n)
        ))
    }),
    case("many_time_elements", |n| {
        article(&"<time datetime=\"2024-05-01T10:00:00Z\">1 May 2024</time> ".repeat(n))
    }),
    case("many_author_elements", |n| {
        article(&"<span class=author><a rel=author href=/a>Jane Example</a></span> ".repeat(n))
    }),
    case("many_microdata_items", |n| {
        article(
            &"<div itemscope itemtype=https://schema.org/Person><span itemprop=name>Jane</span>\
              <meta itemprop=datePublished content=2024-05-01></div>"
                .repeat(n),
        )
    }),
    case("deeply_nested_microdata_items", |n| {
        article(&format!(
            "{}<p>{PROSE}</p>{}",
            "<div itemscope itemprop=author><span itemprop=name>Jane</span>".repeat(n),
            "</div>".repeat(n)
        ))
    }),
    case("long_title", |n| {
        format!(
            "<title>{}</title>{}",
            "Headline words | ".repeat(n),
            article("")
        )
    }),
    case("many_h1", |n| {
        article(&"<h1>Headline of the day</h1>".repeat(n))
    }),
    // Plain-text dumps (no markup: read by the text-dump path).
    case("text_dump_with_many_lines", |n| {
        format!("{PROSE}\n\n").repeat(n)
    }),
    case("text_dump_with_many_distinct_lines", |n| {
        (0..n).map(|i| format!("{PROSE} {i}\n")).collect()
    }),
    case("text_dump_one_long_line", |n| {
        format!("{PROSE}\n\n{}\n\n{PROSE}", "wordy".repeat(n))
    }),
    case("text_dump_of_bylines_and_bullets", |n| {
        format!(
            "{PROSE}\n\n{}",
            "By Jane Example\n• item\nCaption\nCaption\n".repeat(n)
        )
    }),
];

/// `case`'s page scaled to about `bytes` bytes.
pub fn page_of_size(case: &Case, bytes: usize) -> String {
    let probe = (case.page)(1024).len().max(1);
    let base = (case.page)(0).len();
    let per_unit = (probe.saturating_sub(base) / 1024).max(1);
    (case.page)(bytes.saturating_sub(base) / per_unit)
}

/// What the service does with a page's bytes: decode (charset, HTML or text), then extract.
pub fn decode_and_extract(page: &str) -> Result<Extracted, String> {
    let transport = Transport {
        key: None,
        headers: vec![("url", b"https://example.com/story".as_slice())],
    };
    let input = InputConfig {
        format: InputFormat::Raw,
        ..InputConfig::default()
    };
    let page: Page =
        decode(page.as_bytes(), &transport, &input).map_err(|e: InputError| e.to_string())?;
    extract(&page, &ExtractConfig::default()).map_err(|e| e.to_string())
}

/// CPU time this thread has run, when the system tells it.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// How long `f` takes: CPU time of this thread where the system tells it (Linux), so that
/// other jobs on a busy machine do not count; wall time otherwise.
pub fn time(f: impl FnOnce()) -> Duration {
    let (cpu, wall) = (thread_cpu_time(), Instant::now());
    f();
    match (cpu, thread_cpu_time()) {
        (Some(before), Some(after)) => after.saturating_sub(before),
        _ => wall.elapsed(),
    }
}
