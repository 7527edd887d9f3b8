//! WARC archives as a source of pages (`sift extract` over crawl archives).
//!
//! A `.warc` file is read record by record, a `.warc.gz` gzip member by member (Common Crawl and
//! most crawlers compress each record on its own), so memory holds one record at a time however
//! large the archive. The `warc` crate parses each record's header block and body; this module
//! keeps the offsets, undoes the HTTP framing of `response` records (status, headers, chunked
//! transfer, `Content-Encoding`) and recovers from a broken record by resynchronising on the
//! next record (plain) or gzip member (compressed) start, so one bad record costs only itself.

use flate2::bufread::{DeflateDecoder, GzDecoder, MultiGzDecoder, ZlibDecoder};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use warc::{BufferedBody, Record, RecordType, WarcHeader, WarcReader};

/// Headers read from one HTTP response head; more is a malformed record.
const MAX_HTTP_HEADERS: usize = 256;
/// Bytes scanned at a time when looking for the next record after a broken one.
const RESYNC_CHUNK: usize = 64 * 1024;

/// Whether a path names a WARC archive, and whether it is gzip-compressed.
pub fn archive_kind(path: &Path) -> Option<Compression> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".warc.gz") {
        Some(Compression::Gzip)
    } else if name.ends_with(".warc") {
        Some(Compression::None)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
}

/// A page taken from a `response` record.
#[derive(Debug)]
pub struct WarcPage {
    /// Offset of the record (compressed: of its gzip member) in the file.
    pub offset: u64,
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date`, RFC 3339.
    pub fetched_at: String,
    pub status: u16,
    /// The HTTP `Content-Type` header (its `charset` parameter picks the decoding).
    pub content_type: Option<String>,
    /// The payload, transfer and content encodings undone.
    pub body: Vec<u8>,
}

/// One step through an archive.
#[derive(Debug)]
pub enum WarcItem {
    Page(WarcPage),
    /// A record that is not a page (`request`, `metadata`, `warcinfo`, a non-HTTP response,
    /// ...): its WARC-Type.
    Skipped(String),
    /// A record that could not be read; the reader has moved on to the next one.
    Malformed {
        offset: u64,
        why: String,
    },
}

/// An archive being read: an iterator of [`WarcItem`]s.
pub struct WarcPages {
    state: State,
    /// Bytes of the file, for progress.
    len: u64,
}

// One per open archive: the larger `Member` variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
enum State {
    Plain(BufReader<File>),
    /// Between gzip members.
    Gzip(BufReader<File>),
    /// Inside the gzip member starting at `start`.
    Member {
        records: BufReader<GzDecoder<BufReader<File>>>,
        start: u64,
    },
    Done,
}

impl WarcPages {
    pub fn open(path: &Path, compression: Compression) -> io::Result<Self> {
        let file = File::open(path)?;
        let len = file.metadata()?.len();
        let reader = BufReader::with_capacity(256 * 1024, file);
        let state = match compression {
            Compression::None => State::Plain(reader),
            Compression::Gzip => State::Gzip(reader),
        };
        Ok(WarcPages { state, len })
    }

    /// Size of the archive in bytes.
    pub fn file_bytes(&self) -> u64 {
        self.len
    }

    /// How far into the file reading has got (compressed bytes), for progress.
    pub fn position(&mut self) -> u64 {
        let position = match &mut self.state {
            State::Plain(reader) | State::Gzip(reader) => reader.stream_position().ok(),
            State::Member { records, .. } => records.get_mut().get_mut().stream_position().ok(),
            State::Done => Some(self.len),
        };
        position.unwrap_or(self.len)
    }

    fn step(&mut self) -> io::Result<Option<WarcItem>> {
        match std::mem::replace(&mut self.state, State::Done) {
            State::Done => Ok(None),
            State::Plain(mut reader) => {
                let start = reader.stream_position()?;
                let item = match next_record(&mut reader) {
                    Ok(None) => return Ok(None),
                    Ok(Some(record)) => page_or_skip(&record, start),
                    Err(why) => {
                        let found = seek_to_marker(&mut reader, start + 1, b"\nWARC/")?;
                        if found {
                            reader.seek_relative(1)?;
                        }
                        WarcItem::Malformed { offset: start, why }
                    }
                };
                self.state = State::Plain(reader);
                Ok(Some(item))
            }
            State::Gzip(mut reader) => {
                if reader.fill_buf()?.is_empty() {
                    return Ok(None);
                }
                let start = reader.stream_position()?;
                let records = BufReader::new(GzDecoder::new(reader));
                self.state = State::Member { records, start };
                self.step()
            }
            State::Member { mut records, start } => {
                // Reading on past the record reaches the end of a one-record member (the usual
                // layout), where the decoder checks the member's checksum: a record whose bytes
                // fail it is corrupt even when they still parse.
                let read = next_record(&mut records).and_then(|record| {
                    records.fill_buf().map_err(|e| e.to_string())?;
                    Ok(record)
                });
                match read {
                    Ok(Some(record)) => {
                        self.state = State::Member { records, start };
                        Ok(Some(page_or_skip(&record, start)))
                    }
                    Ok(None) => {
                        self.state = State::Gzip(records.into_inner().into_inner());
                        self.step()
                    }
                    Err(why) => {
                        let mut reader = records.into_inner().into_inner();
                        seek_to_marker(&mut reader, start + 1, &[0x1f, 0x8b, 0x08])?;
                        self.state = State::Gzip(reader);
                        Ok(Some(WarcItem::Malformed { offset: start, why }))
                    }
                }
            }
        }
    }
}

impl Iterator for WarcPages {
    type Item = io::Result<WarcItem>;

    fn next(&mut self) -> Option<Self::Item> {
        self.step().transpose()
    }
}

/// The next record, `None` at the end of the stream, or why the record is broken.
fn next_record(reader: &mut impl BufRead) -> Result<Option<Record<BufferedBody>>, String> {
    // Records are separated by CRLF CRLF, which the crate reads with the body; stray blank
    // lines between records (some writers add them) are not a record.
    loop {
        let buf = reader.fill_buf().map_err(|e| e.to_string())?;
        let blank = buf
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        if buf.is_empty() {
            return Ok(None);
        }
        if blank == 0 {
            break;
        }
        reader.consume(blank);
    }
    match WarcReader::new(reader).iter_records().next() {
        Some(Ok(record)) => Ok(Some(record)),
        Some(Err(e)) => Err(describe(&e)),
        None => Err("the archive ends inside a record header".into()),
    }
}

fn describe(error: &warc::Error) -> String {
    match error {
        warc::Error::ReadData(io) => format!("cannot read the record: {io}"),
        warc::Error::UnexpectedEOB => "the archive ends inside the record's body".into(),
        warc::Error::ReadOverflow => "the body is longer than its Content-Length".into(),
        other => other.to_string(),
    }
}

/// Turns a record into a page, or says why it is skipped.
fn page_or_skip(record: &Record<BufferedBody>, offset: u64) -> WarcItem {
    if *record.warc_type() != RecordType::Response {
        return WarcItem::Skipped(record.warc_type().to_string());
    }
    let body = record.body();
    if !body.starts_with(b"HTTP/") {
        return WarcItem::Skipped("response (not HTTP)".into());
    }
    match http_payload(body) {
        Ok(payload) => WarcItem::Page(WarcPage {
            offset,
            url: record.header(WarcHeader::TargetURI).map(|u| {
                u.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            }),
            fetched_at: record.date().to_rfc3339(),
            status: payload.status,
            content_type: payload.content_type,
            body: payload.body,
        }),
        Err(why) => WarcItem::Malformed { offset, why },
    }
}

struct HttpPayload {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Splits an HTTP response into status, content type and the decoded body.
fn http_payload(message: &[u8]) -> Result<HttpPayload, String> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HTTP_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let head_len = match response.parse(message) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Err("the HTTP head is incomplete".into()),
        Err(e) => return Err(format!("bad HTTP head: {e}")),
    };
    let status = response.code.ok_or("the HTTP status line has no code")?;
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let content_type = response
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-type"))
        .map(|h| String::from_utf8_lossy(h.value).into_owned());
    let mut body = message[head_len..].to_vec();
    if header("transfer-encoding").is_some_and(|te| te.contains("chunked")) {
        body = dechunk(&body)?;
    }
    if let Some(encoding) = header("content-encoding") {
        body = decode_content(body, &encoding)?;
    }
    Ok(HttpPayload {
        status,
        content_type,
        body,
    })
}

/// Undoes `Transfer-Encoding: chunked`.
fn dechunk(mut chunked: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::with_capacity(chunked.len());
    loop {
        let line_end = memchr::memchr(b'\n', chunked).ok_or("a chunk size line is cut off")?;
        let size_line = std::str::from_utf8(&chunked[..line_end]).unwrap_or("");
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| format!("bad chunk size {size_hex:?}"))?;
        chunked = &chunked[line_end + 1..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = chunked.get(..size).ok_or("a chunk is cut off")?;
        body.extend_from_slice(chunk);
        chunked = &chunked[size..];
        chunked = chunked
            .strip_prefix(b"\r\n")
            .or(chunked.strip_prefix(b"\n"))
            .unwrap_or(chunked);
    }
}

/// Undoes `Content-Encoding` (each coding listed, last applied first).
fn decode_content(mut body: Vec<u8>, encodings: &str) -> Result<Vec<u8>, String> {
    for coding in encodings.rsplit(',').map(str::trim) {
        body = match coding {
            "" | "identity" => body,
            "gzip" | "x-gzip" => inflate(MultiGzDecoder::new(&body[..]), coding)?,
            // "deflate" is zlib-wrapped by the RFC, raw deflate by some servers.
            "deflate" => inflate(ZlibDecoder::new(&body[..]), coding)
                .or_else(|_| inflate(DeflateDecoder::new(&body[..]), coding))?,
            other => return Err(format!("unsupported Content-Encoding {other:?}")),
        };
    }
    Ok(body)
}

fn inflate(mut decoder: impl Read, coding: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    decoder
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot undo Content-Encoding {coding}: {e}"))?;
    Ok(out)
}

/// Positions `reader` at the first `marker` at or after `from`, or at the end of the file
/// when there is none; says whether one was found.
fn seek_to_marker(reader: &mut BufReader<File>, from: u64, marker: &[u8]) -> io::Result<bool> {
    reader.seek(SeekFrom::Start(from))?;
    let mut window_start = from;
    let mut window: Vec<u8> = Vec::with_capacity(RESYNC_CHUNK + marker.len());
    let mut chunk = vec![0u8; RESYNC_CHUNK];
    loop {
        let read = reader.read(&mut chunk)?;
        if read == 0 {
            return Ok(false);
        }
        window.extend_from_slice(&chunk[..read]);
        if let Some(at) = memchr::memmem::find(&window, marker) {
            reader.seek(SeekFrom::Start(window_start + at as u64))?;
            return Ok(true);
        }
        // Keep the tail that could start a marker cut by the chunk boundary.
        let keep = (marker.len() - 1).min(window.len());
        window_start += (window.len() - keep) as u64;
        window.drain(..window.len() - keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One response record as a gzip member of stored (uncompressed) blocks, so that a byte of
    /// its body can be changed and still parse.
    fn stored_member(body: &str) -> Vec<u8> {
        use std::io::Write;
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{body}");
        let record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n\
             WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n\
             Content-Type: application/http;msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::none());
        gz.write_all(record.as_bytes()).unwrap();
        gz.finish().unwrap()
    }

    fn items(bytes: &[u8]) -> Vec<WarcItem> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.warc.gz");
        std::fs::write(&path, bytes).unwrap();
        WarcPages::open(&path, Compression::Gzip)
            .unwrap()
            .collect::<io::Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_record_whose_gzip_member_fails_its_checksum_is_not_a_page() {
        let member = stored_member("<p>The original story.</p>");
        assert!(matches!(items(&member)[..], [WarcItem::Page(_)]));
        let mut corrupt = member.clone();
        let at = memchr::memmem::find(&corrupt, b"original").unwrap();
        corrupt[at] = b'O';
        let read = items(&corrupt);
        assert!(
            matches!(read[..], [WarcItem::Malformed { offset: 0, ref why }] if why.contains("checksum")),
            "{read:?}"
        );
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2;x=1\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
        assert!(dechunk(b"zz\r\nabc").is_err());
        assert!(dechunk(b"9\r\nabc").is_err());
    }

    #[test]
    fn http_head_gives_status_type_and_decoded_body() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<p>hello</p>").unwrap();
        let mut message = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        message.extend(gz.finish().unwrap());
        let payload = http_payload(&message).unwrap();
        assert_eq!(payload.status, 404);
        assert_eq!(
            payload.content_type.as_deref(),
            Some("text/html; charset=iso-8859-1")
        );
        assert_eq!(payload.body, b"<p>hello</p>");
        assert!(http_payload(b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nx").is_err());
        assert!(http_payload(b"HTTP/1.1 200 OK\r\nContent-Type: text/html").is_err());
    }
}
