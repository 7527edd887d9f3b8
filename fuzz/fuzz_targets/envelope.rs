//! Fuzzes JSON-envelope decoding past the JSON parser: the fuzzer picks the envelope's fields
//! (arbitrary strings, a base64 body of arbitrary bytes, odd `status` and `fetched_at` values),
//! the target writes them as a well-formed envelope, and the pipeline decodes and extracts it.
//!
//! Input layout: byte 0 selects which fields are present and how (see below); the rest is
//! split at `\n` into url, content type, fetched_at, and the body (the remainder).
//!
//! Runs on `sift-extract` alone: `sift_extract::input::decode` of the envelope, then
//! `sift_extract::extract`.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};
use sift_extract::ExtractConfig;
use sift_extract::input::{InputConfig, InputError, InputFormat, Transport};

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (written here to keep the fuzz crate's dependencies small).
fn base64(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, mut rest)) = data.split_first() else {
        return;
    };
    let url = String::from_utf8_lossy(common::take_line(&mut rest)).into_owned();
    let content_type = String::from_utf8_lossy(common::take_line(&mut rest)).into_owned();
    let fetched_at = String::from_utf8_lossy(common::take_line(&mut rest)).into_owned();
    let body = rest;

    let mut env = Map::new();
    if flags & 1 != 0 {
        env.insert("url".into(), json!(url));
    }
    // bit 1: the body as base64 bytes (any charset); otherwise as a JSON string.
    if flags & 2 != 0 {
        env.insert("body_base64".into(), json!(base64(body)));
    } else {
        env.insert("html".into(), json!(String::from_utf8_lossy(body)));
    }
    if flags & 4 != 0 {
        let mut headers = Map::new();
        headers.insert("Content-Type".into(), json!(content_type));
        env.insert("headers".into(), Value::Object(headers));
    }
    // bits 3-4: fetched_at as a string, a number parsed from it, or absent.
    match flags >> 3 & 3 {
        1 => {
            env.insert("fetched_at".into(), json!(fetched_at));
        }
        2 => {
            if let Ok(n) = fetched_at.trim().parse::<i64>() {
                env.insert("fetched_at".into(), json!(n));
            }
        }
        _ => {}
    }
    // bits 5-7: status, including ones outside u16 and error statuses.
    let status: i64 = match flags >> 5 {
        0 => 200,
        1 => 404,
        2 => 503,
        3 => 70_000,
        4 => -1,
        _ => return run(Value::Object(env)),
    };
    env.insert("status".into(), json!(status));
    run(Value::Object(env));
});

fn run(env: Value) {
    let input = InputConfig {
        format: InputFormat::Envelope,
        ..InputConfig::default()
    };
    let value = serde_json::to_vec(&env).expect("an envelope");
    let decoded = common::decode_and_extract(
        &value,
        &Transport::default(),
        &input,
        &ExtractConfig::default(),
    );
    // The target writes only well-formed envelopes with a body.
    if let Err(e @ InputError::BrokenEnvelope(_)) = decoded {
        panic!("a well-formed envelope was refused: {e}");
    }
}
