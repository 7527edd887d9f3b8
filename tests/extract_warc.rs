//! `sift extract` over WARC archives written here with the `warc` crate's writer: plain and
//! per-record gzip, pages carried with their URL and fetch time, non-page records counted, broken
//! records reported and skipped, and the same output for any number of jobs. No services needed.

use chrono::{DateTime, TimeZone, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use warc::{BufferedBody, Record, RecordBuilder, RecordType, WarcHeader, WarcWriter};

/// An article long enough to be published as clean, distinct per `n`.
fn article(n: usize) -> String {
    let words = [
        "river", "council", "budget", "harbour", "school", "railway", "library", "market",
    ];
    let paragraphs: String = (0..6)
        .map(|p| {
            let sentence: Vec<String> = (0..40)
                .map(|w| {
                    format!(
                        "{}{}",
                        words[(n * 7 + p * 3 + w) % words.len()],
                        (n * 31 + p * 13 + w) % 97
                    )
                })
                .collect();
            format!("<p>{}.</p>\n", sentence.join(" "))
        })
        .collect();
    format!(
        "<!doctype html><html><head><title>Story {n}</title></head><body><nav><a href=\"/\">Home</a></nav>\
         <article><h1>Story {n}</h1>\n{paragraphs}</article><footer>Contact us</footer></body></html>"
    )
}

fn url(n: usize) -> String {
    format!("https://news.example.org/2026/story-{n}.html")
}

fn date(n: usize) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap() + chrono::Duration::minutes(n as i64)
}

fn record(kind: RecordType, n: usize, content_type: &str, body: Vec<u8>) -> Record<BufferedBody> {
    RecordBuilder::default()
        .warc_type(kind)
        .date(date(n))
        .header(WarcHeader::TargetURI, url(n))
        .header(WarcHeader::ContentType, content_type)
        .body(body)
        .build()
        .expect("a valid record")
}

fn http_response(head: &str, body: &[u8]) -> Vec<u8> {
    let mut message = format!("HTTP/1.1 {head}\r\n\r\n").into_bytes();
    message.extend_from_slice(body);
    message
}

/// A crawl of `pages` articles as a crawler writes it: warcinfo, then request, response and
/// metadata records per page.
fn crawl(pages: usize) -> Vec<Record<BufferedBody>> {
    let mut records = vec![
        RecordBuilder::default()
            .warc_type(RecordType::WarcInfo)
            .header(WarcHeader::ContentType, "application/warc-fields")
            .body(b"software: sift tests\r\n".to_vec())
            .build()
            .expect("a valid record"),
    ];
    for n in 0..pages {
        let request =
            format!("GET /2026/story-{n}.html HTTP/1.1\r\nHost: news.example.org\r\n\r\n");
        records.push(record(
            RecordType::Request,
            n,
            "application/http; msgtype=request",
            request.into_bytes(),
        ));
        let response = http_response(
            "200 OK\r\nContent-Type: text/html; charset=utf-8",
            article(n).as_bytes(),
        );
        records.push(record(
            RecordType::Response,
            n,
            "application/http; msgtype=response",
            response,
        ));
        records.push(record(
            RecordType::Metadata,
            n,
            "application/warc-fields",
            b"fetchTimeMs: 12\r\n".to_vec(),
        ));
    }
    records
}

fn serialize(record: &Record<BufferedBody>) -> Vec<u8> {
    let mut bytes = Vec::new();
    WarcWriter::new(&mut bytes)
        .write(record)
        .expect("write to memory");
    bytes
}

/// Each record as its own gzip member, as Common Crawl writes them.
fn gzip_member(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("compress in memory");
    encoder.finish().expect("compress in memory")
}

/// Writes the records to `name` in `dir`, gzip per record when the name ends in `.gz`; returns
/// the path and each record's offset.
fn write_archive(
    dir: &Path,
    name: &str,
    records: &[Record<BufferedBody>],
) -> (PathBuf, Vec<usize>) {
    let gzip = name.ends_with(".gz");
    let mut bytes = Vec::new();
    let mut offsets = Vec::new();
    for record in records {
        offsets.push(bytes.len());
        let raw = serialize(record);
        bytes.extend(if gzip { gzip_member(&raw) } else { raw });
    }
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the archive");
    (path, offsets)
}

fn sift_extract(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_sift"))
        .arg("extract")
        .args(args)
        .output()
        .expect("run sift extract");
    assert!(
        output.status.success(),
        "sift extract failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn events(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON event per line"))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The story numbers of the events, in output order.
fn stories(events: &[serde_json::Value]) -> Vec<usize> {
    events
        .iter()
        .map(|e| {
            let url = e["url"].as_str().expect("every page has its URL");
            url.trim_start_matches("https://news.example.org/2026/story-")
                .trim_end_matches(".html")
                .parse()
                .expect("a story URL")
        })
        .collect()
}

#[test]
fn every_page_of_plain_and_gzip_archives_comes_out_once_with_url_and_fetch_time() {
    let dir = tempfile::tempdir().unwrap();
    let records = crawl(12);
    for name in ["crawl.warc", "crawl.warc.gz"] {
        let (path, _) = write_archive(dir.path(), name, &records);
        let output = sift_extract(&["--jobs", "3", path.to_str().unwrap()]);
        let events = events(&output);
        assert_eq!(stories(&events), (0..12).collect::<Vec<_>>(), "{name}");
        for (n, event) in events.iter().enumerate() {
            assert_eq!(event["outcome"], "clean", "{name}: story {n}: {event}");
            assert_eq!(event["title"], format!("Story {n}"));
            let fetched: DateTime<Utc> = event["fetched_at"].as_str().unwrap().parse().unwrap();
            assert_eq!(fetched, date(n), "{name}: story {n}");
            assert!(
                event["source"]
                    .as_str()
                    .unwrap()
                    .starts_with(path.to_str().unwrap())
            );
        }
        let summary = stderr(&output);
        assert!(
            summary.contains("12 pages (clean 12,")
                && summary
                    .contains("25 not pages (metadata 12, request 12, warcinfo 1), 0 malformed"),
            "{name}: {summary}"
        );
    }
}

#[test]
fn status_charset_and_encodings_come_from_the_http_headers() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = article(1).replace("Story 1</h1>", "Story 1</h1><p>Caf\u{e9} cr\u{e8}me.</p>");
    let latin1: Vec<u8> = latin1.chars().map(|c| c as u32 as u8).collect();
    let chunked = {
        let body = article(2);
        let (a, b) = body.as_bytes().split_at(100);
        let mut out = format!("{:x}\r\n", a.len()).into_bytes();
        out.extend_from_slice(a);
        out.extend(format!("\r\n{:x}\r\n", b.len()).into_bytes());
        out.extend_from_slice(b);
        out.extend_from_slice(b"\r\n0\r\n\r\n");
        out
    };
    let responses = [
        http_response(
            "404 Not Found\r\nContent-Type: text/html",
            article(0).as_bytes(),
        ),
        http_response(
            "200 OK\r\nContent-Type: text/html; charset=ISO-8859-1",
            &latin1,
        ),
        http_response(
            "200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked",
            &chunked,
        ),
        http_response(
            "200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip",
            &gzip_member(article(3).as_bytes()),
        ),
        http_response(
            "200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br",
            b"\x0b\x02\x80",
        ),
    ];
    let records: Vec<_> = responses
        .into_iter()
        .enumerate()
        .map(|(n, r)| {
            record(
                RecordType::Response,
                n,
                "application/http; msgtype=response",
                r,
            )
        })
        .collect();
    let (path, offsets) = write_archive(dir.path(), "mixed.warc.gz", &records);
    let output = sift_extract(&[path.to_str().unwrap()]);
    let events = events(&output);
    assert_eq!(stories(&events), vec![0, 1, 2, 3]);
    assert_eq!(events[0]["outcome"], "rejected");
    assert_eq!(events[0]["rejected_reason"], "http_status");
    assert!(
        events[1]["text"]
            .as_str()
            .unwrap()
            .contains("Caf\u{e9} cr\u{e8}me."),
        "{}",
        events[1]
    );
    assert_eq!(
        events[1]["diagnostics"]["charset"], "windows-1252",
        "{}",
        events[1]["diagnostics"]
    );
    for event in &events[1..] {
        assert_eq!(event["outcome"], "clean", "{event}");
    }
    let report = stderr(&output);
    assert!(
        report.contains(&format!(
            "mixed.warc.gz@{}: record skipped: unsupported Content-Encoding \"br\"",
            offsets[4]
        )),
        "{report}"
    );
}

#[test]
fn a_truncated_archive_keeps_every_whole_record() {
    let dir = tempfile::tempdir().unwrap();
    let records = crawl(6);
    for name in ["cut.warc", "cut.warc.gz"] {
        let (path, offsets) = write_archive(dir.path(), name, &records);
        // Cut the archive in the middle of the last page's response record.
        let last_response = offsets[records.len() - 2];
        let bytes = std::fs::read(&path).unwrap();
        let cut = last_response + (offsets[records.len() - 1] - last_response) / 2;
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let output = sift_extract(&[path.to_str().unwrap()]);
        assert_eq!(
            stories(&events(&output)),
            (0..5).collect::<Vec<_>>(),
            "{name}"
        );
        let report = stderr(&output);
        assert!(
            report.contains(&format!("{name}@{last_response}: record skipped:")),
            "{name}: {report}"
        );
        assert!(report.contains("1 malformed"), "{name}: {report}");
    }
}

#[test]
fn a_corrupt_record_is_reported_and_the_rest_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let records = crawl(8);
    // The response of story 3 is record 1 + 3 * 3 + 1 (warcinfo, then request/response/metadata).
    let broken = 1 + 3 * 3 + 1;

    // Plain: a Content-Length that overruns into the next record.
    let (path, offsets) = write_archive(dir.path(), "corrupt.warc", &records);
    let mut bytes = std::fs::read(&path).unwrap();
    let header_end =
        offsets[broken] + memchr::memmem::find(&bytes[offsets[broken]..], b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&bytes[offsets[broken]..header_end]).into_owned();
    let length_line = head
        .lines()
        .find(|l| l.starts_with("content-length") || l.starts_with("Content-Length"))
        .unwrap();
    let bigger = format!("Content-Length: {}", 9_000_000);
    let at = offsets[broken] + head.find(length_line).unwrap();
    bytes.splice(at..at + length_line.len(), bigger.bytes());
    std::fs::write(&path, &bytes).unwrap();
    let output = sift_extract(&[path.to_str().unwrap()]);
    let kept = stories(&events(&output));
    assert_eq!(kept, vec![0, 1, 2, 4, 5, 6, 7], "{}", stderr(&output));
    assert!(stderr(&output).contains(&format!(
        "corrupt.warc@{}: record skipped:",
        offsets[broken]
    )));

    // Gzip: bytes flipped inside the record's compressed data.
    let (path, offsets) = write_archive(dir.path(), "corrupt.warc.gz", &records);
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = (offsets[broken] + offsets[broken + 1]) / 2;
    for b in &mut bytes[middle..middle + 16] {
        *b ^= 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let output = sift_extract(&[path.to_str().unwrap()]);
    assert_eq!(
        stories(&events(&output)),
        vec![0, 1, 2, 4, 5, 6, 7],
        "{}",
        stderr(&output)
    );
    let report = stderr(&output);
    assert!(
        report.contains(&format!(
            "corrupt.warc.gz@{}: record skipped:",
            offsets[broken]
        )),
        "{report}"
    );
}

#[test]
fn one_job_and_four_jobs_write_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    // Re-scrapes and a copy under another URL, so that dedup decisions depend on order.
    let mut records = crawl(24);
    for n in [3, 7, 11] {
        let again = http_response("200 OK\r\nContent-Type: text/html", article(n).as_bytes());
        records.push(record(
            RecordType::Response,
            n,
            "application/http; msgtype=response",
            again,
        ));
    }
    let copy = http_response("200 OK\r\nContent-Type: text/html", article(5).as_bytes());
    let mut copy = record(
        RecordType::Response,
        5,
        "application/http; msgtype=response",
        copy,
    );
    copy.set_header(WarcHeader::TargetURI, "https://mirror.example.net/story-5")
        .unwrap();
    records.push(copy);
    let (path, _) = write_archive(dir.path(), "order.warc.gz", &records);
    let loose = dir.path().join("loose.html");
    std::fs::write(&loose, article(30)).unwrap();
    let args = |jobs| {
        vec![
            "--dedup",
            "--jobs",
            jobs,
            path.to_str().unwrap(),
            loose.to_str().unwrap(),
        ]
    };
    let one = sift_extract(&args("1"));
    let four = sift_extract(&args("4"));
    assert_eq!(events(&one).len(), 24 + 4 + 1);
    assert!(String::from_utf8_lossy(&one.stdout).contains("\"outcome\":\"duplicate\""));
    assert!(one.stdout == four.stdout, "--jobs 1 and --jobs 4 differ");
}
