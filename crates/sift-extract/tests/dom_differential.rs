//! sift's HTML tokenizer against html5ever's, token for token, on the sample pages and (with
//! `--features integration`) on every page of both development corpora.
//!
//! Both feed the same recorder: start tags (name, attributes, `/>`), end tags and text (runs
//! joined), with raw-text elements chosen by `sift_extract::dom::text_mode`. Comments, doctypes
//! and parse errors are not tokens the tree uses and are not compared.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use sift_extract::dom::text_mode;
use sift_extract::dom::tokenizer::{StartTag, TextMode, TokenSink, tokenize};
use std::cell::RefCell;

#[derive(Default, Debug, PartialEq)]
struct Recorder(Vec<String>);

impl Recorder {
    fn start(&mut self, name: &str, attrs: Vec<String>, self_closing: bool) -> TextMode {
        let close = if self_closing { "/" } else { "" };
        self.0.push(format!("<{name}{}{close}>", attrs.concat()));
        text_mode(name)
    }

    fn end(&mut self, name: &str) {
        self.0.push(format!("</{name}>"));
    }

    fn text(&mut self, text: &str) {
        match self.0.last_mut() {
            Some(last) if last.starts_with('#') => last.push_str(text),
            _ => self.0.push(format!("#{text}")),
        }
    }
}

fn attr(name: &str, value: &str) -> String {
    format!(" {name}={value:?}")
}

impl TokenSink for Recorder {
    fn start_tag(&mut self, tag: &StartTag<'_>) -> TextMode {
        let attrs = tag.attrs.iter().map(|(n, v)| attr(n, v)).collect();
        self.start(&tag.name, attrs, tag.self_closing)
    }
    fn end_tag(&mut self, name: &str) {
        self.end(name);
    }
    fn text(&mut self, text: &str) {
        Recorder::text(self, text);
    }
}

struct Reference(RefCell<Recorder>);

impl html5ever::tokenizer::TokenSink for Reference {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut rec = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let attrs = tag
                    .attrs
                    .iter()
                    .map(|a| attr(&a.name.local, &a.value))
                    .collect();
                match rec.start(&tag.name, attrs, tag.self_closing) {
                    TextMode::Markup => {}
                    TextMode::Raw if &*tag.name == "script" => {
                        return TokenSinkResult::RawData(RawKind::ScriptData);
                    }
                    TextMode::Raw => return TokenSinkResult::RawData(RawKind::Rawtext),
                    TextMode::Rcdata => return TokenSinkResult::RawData(RawKind::Rcdata),
                }
            }
            Token::TagToken(tag) => rec.end(&tag.name),
            Token::CharacterTokens(text) => rec.text(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn html5ever_tokens(html: &str) -> Recorder {
    let tokenizer = Tokenizer::new(
        Reference(RefCell::new(Recorder::default())),
        TokenizerOpts::default(),
    );
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

fn sift_tokens(html: &str) -> Recorder {
    let mut rec = Recorder::default();
    tokenize(html, &mut rec);
    rec
}

/// The first token where the two streams differ, with its index.
fn first_difference(a: &Recorder, b: &Recorder) -> Option<(usize, String, String)> {
    let n = a.0.len().max(b.0.len());
    (0..n).find_map(|i| {
        let (x, y) = (a.0.get(i), b.0.get(i));
        (x != y).then(|| {
            let cut =
                |t: Option<&String>| t.map_or("<none>".into(), |t| t.chars().take(160).collect());
            (i, cut(x), cut(y))
        })
    })
}

/// Asserts that every page in `paths` gives the same token stream in both tokenizers.
fn check_pages(label: &str, paths: &[std::path::PathBuf]) {
    let mut differing = Vec::new();
    for path in paths {
        let html = String::from_utf8_lossy(&std::fs::read(path).expect("page")).into_owned();
        let (ours, reference) = (sift_tokens(&html), html5ever_tokens(&html));
        if let Some((i, mine, theirs)) = first_difference(&ours, &reference) {
            differing.push(format!(
                "{}: token {i}\n  sift:      {mine}\n  html5ever: {theirs}",
                path.display()
            ));
        }
    }
    assert!(
        differing.is_empty(),
        "{} of {} {label} pages tokenize differently:\n{}",
        differing.len(),
        paths.len(),
        differing.join("\n")
    );
}

/// The `.html` files directly in `dir`, sorted.
fn html_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn same_tokens_as_html5ever_on_the_sample_pages() {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let paths = html_files(&samples);
    assert!(paths.len() >= 5, "samples/: only {} pages", paths.len());
    check_pages("sample", &paths);
}

/// Every page of the development corpora beside the clone (`../shared`): a quality gate, so
/// only with `--features integration`, and then a missing corpus fails.
#[cfg(feature = "integration")]
mod corpora {
    use super::*;

    fn check_corpus(name: &str) {
        let paths = html_files(&corpus_dir(name));
        assert!(paths.len() > 900, "{name}: only {} pages", paths.len());
        check_pages(name, &paths);
    }

    #[test]
    fn same_tokens_as_html5ever_on_trafilatura_eval() {
        check_corpus("trafilatura-eval");
    }

    #[test]
    fn same_tokens_as_html5ever_on_htmldate_eval() {
        check_corpus("htmldate-eval");
    }

    /// Unpacks a shared corpus (`../shared/tools/corpus NAME`) and returns its directory.
    fn corpus_dir(name: &str) -> std::path::PathBuf {
        let tool =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/tools/corpus");
        let out = std::process::Command::new(&tool)
            .arg(name)
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "{}: {e} (the development corpora are expected in ../shared beside the clone)",
                    tool.display()
                )
            });
        assert!(
            out.status.success(),
            "corpus {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::path::PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
    }
}
