//! How a Rust crawler would use sift-extract: a fetched page (body bytes, URL, response
//! headers) in, the article out. Here the body comes from a file and the headers from the
//! command line.
//!
//!     cargo run --release -p sift-extract --example extract_file -- \
//!         PAGE.html https://example.com/story [Content-Type: text/html; charset=iso-8859-1] ...
//!
//! Prints the verdict and metadata, then the main text.

use anyhow::{Context, bail};
use sift_extract::input::{InputConfig, Transport, decode};
use sift_extract::{ExtractConfig, Extracted, Verdict, extract};

/// Extracts the article from a fetched page. `headers` are the HTTP response headers as
/// received (`Content-Type` gives the charset when the page declares none); the URL goes in as
/// the `url` transport header, the way the sift service receives it.
fn extract_fetched(
    body: &[u8],
    url: &str,
    headers: &[(String, String)],
) -> anyhow::Result<Extracted> {
    let mut transport = Transport {
        key: None,
        headers: vec![("url", url.as_bytes())],
    };
    transport.headers.extend(
        headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes())),
    );
    // One configuration per crawler; the defaults are what the sift service runs.
    let page = decode(body, &transport, &InputConfig::default())?;
    if let Some(status) = page.status.filter(|s| *s >= 400) {
        bail!("HTTP {status}: not a page to extract");
    }
    Ok(extract(&page, &ExtractConfig::default())?)
}

/// `Name: value` arguments as header pairs.
fn parse_headers(args: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    args.iter()
        .map(|arg| {
            let (name, value) = arg
                .split_once(':')
                .with_context(|| format!("not a `Name: value` header: {arg}"))?;
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, url, headers @ ..] = args.as_slice() else {
        bail!("usage: extract_file PAGE URL ['Name: value' ...]");
    };
    let body = std::fs::read(path).with_context(|| format!("reading {path}"))?;
    let extracted = extract_fetched(&body, url, &parse_headers(headers)?)?;
    let event = &extracted.event;
    match &extracted.verdict {
        Verdict::Article => println!("verdict: article"),
        Verdict::NotArticle(reason) => println!("verdict: not an article ({})", reason.as_str()),
    }
    println!("title: {}", event.title.as_deref().unwrap_or("-"));
    println!("authors: {}", event.authors.join(", "));
    println!(
        "published: {}",
        event.published_at.as_deref().unwrap_or("-")
    );
    println!("language: {}", event.language.as_deref().unwrap_or("-"));
    println!("words: {}", event.word_count);
    println!(
        "charset: {} ({})",
        event.diagnostics.charset, event.diagnostics.charset_source
    );
    println!("\n{}", event.text);
    Ok(())
}
