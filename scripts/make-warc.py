#!/usr/bin/env python3
"""Writes a corpus directory's pages as a crawl archive, the way a crawler would (warcio).

    scripts/make-warc.py DIR OUT.warc[.gz] [--pages N]

Each page becomes a request and a response record (HTTP/1.1 200, text/html), plus one warcinfo
record at the start; `.gz` compresses each record as its own gzip member, as Common Crawl does.
--pages N cycles through the corpus until N pages are written, each copy under its own URL, so
archives of any size can be made from one corpus.
"""
import argparse, io, os
from urllib.parse import quote
from warcio.warcwriter import WARCWriter
from warcio.statusandheaders import StatusAndHeaders

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("out")
ap.add_argument("--pages", type=int, default=0)
args = ap.parse_args()

names = sorted(f for f in os.listdir(args.dir) if f.endswith((".html", ".htm")))
total = args.pages or len(names)
with open(args.out, "wb") as out:
    writer = WARCWriter(out, gzip=args.out.endswith(".gz"))
    writer.write_record(writer.create_warcinfo_record(os.path.basename(args.out), {"software": "sift make-warc"}))
    for i in range(total):
        name = names[i % len(names)]
        with open(os.path.join(args.dir, name), "rb") as f:
            body = f.read()
        copy = i // len(names)
        path = f"/{copy}/{quote(name)}"
        url = "https://corpus.example" + path
        request = StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", "corpus.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
