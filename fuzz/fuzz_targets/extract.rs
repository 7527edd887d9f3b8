//! Fuzzes the page-to-event path of the service and `sift extract` on `sift-extract` alone:
//! input decoding (envelope, binary sniffing, charset choice, HTML/text sniffing) with
//! `sift_extract::input::decode`, then `sift_extract::extract` of HTML or a plain-text dump, then
//! the event's JSON and Markdown renderings.
//!
//! Input layout (a simple prefix scheme, so seeds are easy to write by hand):
//! - byte 0, flags: bits 0-1 input format (0 and 3 auto, 1 raw, 2 envelope); bit 2 keep
//!   comments; bit 3 drop tables; bit 4 drop figures; bit 5 a tiny `max_input_bytes` (cuts the
//!   page); bit 6 a `content-type` header line follows; bit 7 a `url` header line follows;
//! - the header lines, each ended by `\n`, content type first;
//! - the rest: the message value.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sift_extract::ExtractConfig;
use sift_extract::input::{InputConfig, InputFormat, Transport};

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
        headers.push(("content-type", common::take_line(&mut rest)));
    }
    if flags & 0x80 != 0 {
        headers.push(("url", common::take_line(&mut rest)));
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
    let transport = Transport { key: None, headers };
    // A decoding error is a typed dead letter; the properties are checked inside.
    let _ = common::decode_and_extract(rest, &transport, &input, &extract);
});
