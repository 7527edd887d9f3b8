#!/usr/bin/env python3
"""Article texts for the dedup evaluation, one JSON object per line: {"id", "url", "text"}.

Until sift's extractor can produce them (`sift extract` output has the same fields), the texts
come from the trafilatura-eval corpus: each page's block-level text (paragraphs, headings, list
items), kept from the first to the last block that contains one of the page's gold "with"
segments, so the text is the annotated main content plus what lies between, without the
page's navigation. Pages whose text has fewer than --min-words words are left out.

Usage: bench-dedup-texts.py CORPUS_DIR [--min-words N] > texts.jsonl
"""
import argparse
import html.parser
import json
import os
import re
import sys

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "div",
          "section", "article", "br", "tr"}
SKIP = {"head", "script", "style", "noscript", "template", "svg", "nav", "footer"}


class BlockText(html.parser.HTMLParser):
    """Splits a page into the text of its blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.current, self.skipping = [], [], 0

    def flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skipping += 1
        elif tag in BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)


def main_text(page_html, gold):
    parser = BlockText()
    parser.feed(page_html)
    parser.close()
    parser.flush()
    blocks = parser.blocks
    gold = [" ".join(g.split()) for g in gold if g.strip()]
    hits = [i for i, b in enumerate(blocks) if any(g in b for g in gold)]
    if not hits:
        return ""
    return "\n\n".join(blocks[hits[0]:hits[-1] + 1])


def main():
    args = argparse.ArgumentParser()
    args.add_argument("corpus")
    args.add_argument("--min-words", type=int, default=80)
    opts = args.parse_args()
    with open(os.path.join(opts.corpus, "evaldata.json"), encoding="utf-8") as f:
        entries = json.load(f)
    kept = 0
    for url, entry in sorted(entries.items()):
        path = os.path.join(opts.corpus, entry["file"])
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError:
            continue
        text = main_text(raw.decode("utf-8", errors="replace"), entry.get("with", []))
        if len(re.findall(r"\w+", text)) < opts.min_words:
            continue
        kept += 1
        print(json.dumps({"id": entry["file"], "url": url, "text": text}, ensure_ascii=False))
    print(f"{kept} of {len(entries)} pages kept", file=sys.stderr)


if __name__ == "__main__":
    main()
