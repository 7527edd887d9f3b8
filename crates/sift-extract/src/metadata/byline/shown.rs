//! Whether a name is shown on the page. A structured author (JSON-LD, a meta tag, microdata)
//! that no visible text repeats is most often the account that posted the page (an editor, the
//! site's owner, a CMS user), not a byline the reader sees.

use crate::dom::{Document, ROOT};
use crate::text_key::{Digits, latin_key, push_latin_key};
use std::cell::OnceCell;

/// The page's visible text, reduced to [`latin_key`] without digits once, on first use.
pub struct ShownText<'d> {
    doc: &'d Document,
    key: OnceCell<String>,
}

impl<'d> ShownText<'d> {
    pub fn new(doc: &'d Document) -> Self {
        ShownText {
            doc,
            key: OnceCell::new(),
        }
    }

    /// The name's letters appear, in order and together, in the visible text ("Jane Doe" in
    /// "Von JANE DOE", "Gàbor Muniér" in "Gabor Munier"). Names with no Latin letters (CJK) are
    /// given the benefit of the doubt.
    pub fn shows(&self, name: &str) -> bool {
        let name = latin_key(name, Digits::Drop);
        name.is_empty()
            || self
                .key
                .get_or_init(|| visible_key(self.doc))
                .contains(&name)
    }
}

/// [`latin_key`] (no digits) of every text node outside scripts, styles and the `<head>`.
fn visible_key(doc: &Document) -> String {
    let mut key = String::new();
    for id in doc.descendants(ROOT) {
        let Some(text) = doc.text(id) else { continue };
        let hidden = doc
            .parent(id)
            .and_then(|p| doc.element(p))
            .is_some_and(|e| {
                matches!(
                    e.name,
                    "script" | "style" | "noscript" | "template" | "title"
                )
            });
        if !hidden {
            push_latin_key(&mut key, text, Digits::Drop);
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_shown_in_any_case_and_spelling_but_not_in_scripts() {
        let doc = Document::parse(
            r#"<html><head><title>Max Muster</title><script>var a = "John Roe";</script></head>
            <body><p>Von <b>JANE</b> DOE</p><p>Gabor Munier</p></body></html>"#,
        );
        let shown = ShownText::new(&doc);
        assert!(shown.shows("Jane Doe"));
        assert!(shown.shows("Gàbor Muniér"));
        assert!(shown.shows("孔德明"));
        assert!(!shown.shows("John Roe"));
        assert!(!shown.shows("Max Muster"));
    }
}
