//! Fuzzes the page-to-record path of the service and `sift extract`: `Pipeline::process`
//! (input decoding — envelope, binary sniffing, charset choice, HTML/text sniffing — then
//! extraction of HTML or a plain-text dump), then the event's JSON and Markdown renderings.
//!
//! Input layout (a simple prefix scheme, so seeds are easy to write by hand):
//! - byte 0, flags: bits 0-1 input format (0 and 3 auto, 1 raw, 2 envelope); bit 2 keep
//!   comments; bit 3 drop tables; bit 4 drop figures; bit 5 a tiny `max_input_bytes` (cuts the
//!   page); bit 6 a `content-type` header line follows; bit 7 a `url` header line follows;
//! - the header lines, each ended by `\n`, content type first;
//! - the rest: the message value.
//!
//! The pipeline turns panics into dead letters, but libFuzzer's panic hook aborts first, so a
//! panic anywhere is still a crash; the assertion below only documents it.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sift_extract::ExtractConfig;
use sift_extract::input::{InputConfig, InputFormat};
use sift::pipeline::Pipeline;
use sift::route::{Outcome, SourceMessage};

fn take_line<'a>(data: &mut &'a [u8]) -> &'a [u8] {
    let end = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let line = &data[..end];
    *data = &data[(end + 1).min(data.len())..];
    line
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, mut rest)) = data.split_first() else {
        return;
    };
    let format = match flags & 3 {
        1 => InputFormat::Raw,
        2 => InputFormat::Envelope,
        _ => InputFormat::Auto,
    };
    let mut headers = Vec::new();
    if flags & 0x40 != 0 {
        headers.push(("content-type".to_string(), take_line(&mut rest).to_vec()));
    }
    if flags & 0x80 != 0 {
        headers.push(("url".to_string(), take_line(&mut rest).to_vec()));
    }
    let input = InputConfig {
        format,
        ..InputConfig::default()
    };
    let extract = ExtractConfig {
        include_comments: flags & 4 != 0,
        include_tables: flags & 8 == 0,
        include_figures: flags & 16 == 0,
        max_input_bytes: if flags & 32 != 0 { 61 } else { 8 * 1024 * 1024 },
        ..ExtractConfig::default()
    };
    let pipeline = Pipeline::new(input, extract, None);
    let msg = SourceMessage {
        topic: "fuzz".into(),
        value: rest.to_vec(),
        headers,
        ..SourceMessage::default()
    };
    match pipeline.process(&msg).outcome {
        Outcome::Clean(event) | Outcome::Duplicate(event) | Outcome::Rejected(event) => {
            serde_json::to_string(&event).expect("the event serialises");
            let _ = event.to_markdown();
        }
        Outcome::DeadLetter(failure) => {
            assert_ne!(failure.stage, "internal", "{failure:?}");
        }
    }
});
