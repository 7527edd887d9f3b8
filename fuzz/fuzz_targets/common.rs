//! What both targets share: the service's page path on `sift-extract` alone (decode, then
//! extract) and the properties every run must hold.

use sift_extract::ExtractConfig;
use sift_extract::input::{InputConfig, InputError, Transport, decode};

/// The bytes up to the next `\n` (or the end), taken off the front of `data`.
pub fn take_line<'a>(data: &mut &'a [u8]) -> &'a [u8] {
    let end = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let line = &data[..end];
    *data = &data[(end + 1).min(data.len())..];
    line
}

/// Decodes `value` and extracts the page, as the service and `sift extract` do. Bad input must
/// give a typed error, never a panic (libFuzzer's panic hook makes any panic a crash); an
/// extracted page must give an event that serialises to JSON and renders as Markdown. Returns
/// the decoding error, for targets that rule some out.
pub fn decode_and_extract(
    value: &[u8],
    transport: &Transport<'_>,
    input: &InputConfig,
    extract: &ExtractConfig,
) -> Result<(), InputError> {
    let page = decode(value, transport, input)?;
    // `Err` is a typed extraction error (an empty page): a dead letter, not a crash.
    if let Ok(extracted) = sift_extract::extract(&page, extract) {
        serde_json::to_string(&extracted.event).expect("the event serialises");
        let _ = extracted.event.to_markdown();
    }
    Ok(())
}
