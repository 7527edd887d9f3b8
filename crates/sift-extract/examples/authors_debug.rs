//! Prints every raw author candidate of the given HTML files (JSON-LD, meta tags, microdata,
//! `rel=author`, bylines), to study author extraction:
//!
//!     cargo run --release --example authors_debug -- FILE...

use sift_extract::dom::Document;
use sift_extract::metadata::collect::collect;
use sift_extract::metadata::jsonld::read_jsonld;
use sift_extract::metadata::meta_tags::AUTHOR_KEYS;

fn main() -> anyhow::Result<()> {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        let html = String::from_utf8_lossy(&bytes);
        let doc = Document::parse(&html);
        let c = collect(&doc);
        let ld = read_jsonld(c.jsonld_scripts.iter().copied());
        println!("== {path}");
        println!("  json-ld:    {:?}", ld.authors);
        println!("  meta:       {:?}", c.meta.all(AUTHOR_KEYS));
        println!("  microdata:  {:?}", c.microdata.authors);
        println!("  rel-author: {:?}", c.rel_authors);
        println!("  bylines:    {:?}", c.byline_elements);
        println!("  by-lines:   {:?}", c.byline_texts);
    }
    Ok(())
}
