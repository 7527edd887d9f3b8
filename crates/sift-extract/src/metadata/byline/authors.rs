//! Author names from raw byline strings: people (or the desk a byline credits), cleaned and
//! split.
//!
//! A byline is noisy ("By Jane Doe and John Roe, Staff Writers | @jdoe", "Von Max Muster,
//! Redakteur"). We strip the byline word, roles, e-mails and handles, split joined names, and
//! keep only what looks like a person's name. No author is better than a wrong one, so anything
//! doubtful is dropped.

use crate::lexicon::bylines::{
    AUTHOR_PREAMBLE_VERBS, BYLINE_WORDS, INDEFINITE_ARTICLES, INNER_OPENERS, LABEL_JOINS,
    NAME_PARTICLES, NAME_SPLIT_JOINS, PARTICLE_OPENERS, PHOTO_WORDS, PIECE_WORDS, PREAMBLE_WORDS,
};
use crate::lexicon::dates::{MONTH_WORDS, TIME_WORDS, WEEKDAY_WORDS};
use crate::lexicon::organisations::{
    DESK_ENDINGS, DESK_WORDS, NEWS_AGENCIES, ORGANISATION_STEM_ENDINGS, ORGANISATION_STEMS,
    ORGANISATION_WORDS, SITE_NAME_STEMS,
};
use crate::lexicon::roles::{
    CONTRIBUTOR_WORDS, DATE_PREPOSITIONS, EDITOR_WORDS, HONORIFICS, NAME_END_WORDS, ROLE_ENDINGS,
};

/// Shortest single-word user name kept: two-letter initials ("kj") are a desk's shorthand as
/// often as a person's (unless a byline word introduces them, see [`is_initials`]), and so are
/// three lower-case letters ("red", "sid"). Three characters pass when they read as a first
/// name ("Kay") or a handle with digits ("r23").
const MIN_USER_NAME_CHARS: usize = 4;
const SHORT_USER_NAME_CHARS: usize = 3;

/// A word of a byline's preamble ("Eingestellt von", "Eine Kolumne von").
fn is_preamble(word: &str) -> bool {
    is_in(word, PREAMBLE_WORDS) || is_in(word, PIECE_WORDS)
}

/// Longest name kept, in words and in characters.
const MAX_NAME_WORDS: usize = 5;
const MAX_NAME_CHARS: usize = 60;

/// Most words before a colon that can still be a label ("Text & Fotos:").
const MAX_LABEL_WORDS: usize = 4;

/// Top-level domains: a dotted single word ending in one is a site ("fem.com"), not a handle.
const DOMAIN_ENDINGS: &[&str] = &[
    "com", "net", "org", "de", "at", "ch", "pl", "fr", "it", "es", "uk", "eu", "info", "io", "co",
    "nl", "be", "us", "news", "blog", "live", "online", "tv", "biz", "ru", "cz", "se", "dk", "no",
    "fi", "pt", "br", "ar", "mx", "cl", "pe", "jp", "cn", "in", "au", "ca",
];

/// Cleans a raw byline into person names: "By Jane Doe and John Roe, Staff Writers" →
/// ["Jane Doe", "John Roe"]. Organisations, roles, e-mails and handles are dropped, and so are
/// single words ("admin", a brand): in free text they are rarely a person.
pub fn clean_author_names(raw: &str) -> Vec<String> {
    clean_names(raw, false)
}

/// A visible byline line: like [`clean_author_field`] when a label or a preamble says outright
/// that it names the author ("Autor: gnaddrig", "Posted by jdoe", "Gespeichert von rasos"),
/// else like [`clean_author_names`] ("von Firmenwägen" is no user name).
pub fn clean_by_line(raw: &str) -> Vec<String> {
    let first = raw.split_whitespace().next().unwrap_or("");
    let explicit = first.ends_with(':')
        || opens_after_a_date(raw)
        || (is_preamble(first) || is_in(first, AUTHOR_PREAMBLE_VERBS))
            && !is_in(first, INDEFINITE_ARTICLES);
    if explicit {
        return clean_author_field(raw);
    }
    let names = clean_author_names(raw);
    if !names.is_empty() || !is_in(first, INNER_OPENERS) {
        return names;
    }
    // "By jdoe99" names a user when the word is shaped like a handle; "By Method" is a label
    // and "von Firmenwägen" a preposition.
    let mut handle = clean_author_field(raw);
    handle.retain(|n| is_handle_shaped(n));
    handle
}

/// "06.11.2023 13:30 von Olga": an opener right after a date or time names the author.
fn opens_after_a_date(raw: &str) -> bool {
    let words: Vec<&str> = raw.split_whitespace().collect();
    words.windows(2).any(|pair| {
        pair[0].contains(|c: char| c.is_ascii_digit())
            && (is_in(pair[1], INNER_OPENERS) || is_in(pair[1], PARTICLE_OPENERS))
    })
}

/// Digits, `_`, all lower-case or capitals inside ("jdoe99", "din_bastet", "damianduchamps",
/// "MatsWichmann"): a user name, not a capitalised word.
fn is_handle_shaped(name: &str) -> bool {
    let inner_capital = name.chars().skip(1).any(char::is_uppercase);
    let lower = !name.chars().any(char::is_uppercase);
    name.chars().any(|c| c.is_ascii_digit() || c == '_') || inner_capital || lower
}

/// Like [`clean_author_names`], but a byline that is one single word is kept as a user name
/// ("gnaddrig"): for sources that say outright they name the author (`rel=author`, an
/// `author` meta tag or JSON-LD), where blogs put the poster's handle.
pub fn clean_author_field(raw: &str) -> Vec<String> {
    let names = clean_names(raw, false);
    if !names.is_empty() {
        return names;
    }
    clean_names(raw, true)
}

/// Like [`clean_author_field`], for structured author fields (JSON-LD, meta tags, microdata):
/// they say outright that they name the author, so a name that opens capitalised may go on in
/// lower case ("Mobasir hassan"), as people type their names into a CMS profile.
pub fn clean_structured_author(raw: &str) -> Vec<String> {
    let names = clean_author_field(raw);
    if !names.is_empty() {
        return names;
    }
    let name = raw.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let plain = |w: &&str| {
        w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !is_role(w)
            && !is_in(w, BYLINE_WORDS)
            && !is_in(w, ORGANISATION_WORDS)
    };
    let typed = (2..=3).contains(&words.len())
        && words[0].starts_with(char::is_uppercase)
        && words.iter().all(plain)
        && !is_organisation_name(name);
    if typed {
        vec![name.to_string()]
    } else {
        Vec::new()
    }
}

/// What one candidate part of a byline turned out to be.
enum Part {
    /// A name, and whether a byline word, label or opener introduced it ("Von Olga").
    Name(String, bool),
    /// Nothing left once byline words, roles and dates are cut ("19. Oktober 2019").
    Empty,
    /// Words that are no name (a role, lower-case words).
    Rejected,
    /// An organisation, desk or wire ("BBC News", "dpa"), cleaned: what follows it in a byline
    /// is its place or department ("Nada Tawfik, BBC News, New York"), not a person.
    Organisation(String),
    /// Running text ("deutscher Journalist", "Fuchsy designed"): the byline is a description,
    /// not a list of names, and none of its parts is trusted.
    Prose,
    /// A name a contributor participle credits ("Reviewed by Jane Doe"): the byline's names
    /// only when it names no one else.
    Contributor(String),
}

fn clean_names(raw: &str, single_word: bool) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let visible = strip_format_chars(raw);
    if brackets_a_site(&visible) {
        return names;
    }
    let unbracketed = strip_bracketed(&visible);
    let Some(unlabelled) = strip_leading_label(&unbracketed) else {
        return names;
    };
    let labelled = unlabelled.len() != unbracketed.len();
    let separated = separate_dashes(unlabelled);
    let parts: Vec<Part> = split_names(&separated)
        .into_iter()
        .map(|p| clean_one_name(p, single_word))
        .collect();
    // A user name must be the byline's only content ("jdoe, admin" is a list, not a name);
    // next to a date it must be introduced ("Von Olga, 3. Mai" but not "Kultur | 3. Mai").
    let non_empty = parts.iter().filter(|p| !matches!(p, Part::Empty)).count();
    let introduced = labelled || parts.iter().any(|p| matches!(p, Part::Name(_, true)));
    if single_word && (non_empty > 1 || (parts.len() > 1 && !introduced)) {
        return names;
    }
    let mut contributors: Vec<String> = Vec::new();
    for part in parts {
        let (list, name) = match part {
            Part::Prose => return Vec::new(),
            Part::Organisation(_) => break,
            Part::Empty | Part::Rejected => continue,
            Part::Name(name, _) => (&mut names, name),
            Part::Contributor(name) => (&mut contributors, name),
        };
        if !list.iter().any(|n| repeats_name(&name, n)) {
            list.push(name);
        }
    }
    if names.is_empty() {
        contributors
    } else {
        names
    }
}

/// `name` is `earlier` again, or `earlier` after capitals that are no name ("FAND Jane Doe"
/// after "Jane Doe, MS, RD, FAND": a credential run on into the repeated name). A capitalised
/// word before it makes another person ("Anna Jane Doe").
fn repeats_name(name: &str, earlier: &str) -> bool {
    if name.eq_ignore_ascii_case(earlier) {
        return true;
    }
    // Where the space before `earlier` would be.
    let Some(cut) = name.len().checked_sub(earlier.len() + 1) else {
        return false;
    };
    name.is_char_boundary(cut)
        && name[cut..].starts_with(' ')
        && name[cut + 1..].eq_ignore_ascii_case(earlier)
        && !name[..cut].chars().any(char::is_lowercase)
}

/// The byline names an organisation (a desk, a wire, a company) before any person: "Von
/// Redaktion", "By SPÖ", "AFP/The Local".
pub fn names_organisation_first(raw: &str) -> bool {
    let visible = strip_format_chars(raw);
    brackets_a_site(&visible) || leading_organisation(raw).is_some()
}

/// The organisation a byline names before any person, cleaned ("Von Redaktion" → "Redaktion",
/// "By SPÖ" → "SPÖ"): the credit readers see when no person signs.
pub fn leading_organisation(raw: &str) -> Option<String> {
    let visible = strip_format_chars(raw);
    let unbracketed = strip_bracketed(&visible);
    let unlabelled = strip_leading_label(&unbracketed)?;
    let separated = separate_dashes(unlabelled);
    let first = split_names(&separated)
        .into_iter()
        .map(|p| clean_one_name(p, false))
        .find(|p| matches!(p, Part::Name(..) | Part::Organisation(_)));
    match first {
        Some(Part::Organisation(name)) => Some(name),
        _ => None,
    }
}

/// Drops soft hyphens, zero-width characters and byte-order marks ("Mat\u{ad}thias"); a
/// full-width colon becomes a colon ("责任编辑：孔德明").
fn strip_format_chars(raw: &str) -> String {
    raw.chars()
        .filter(|&c| {
            !matches!(
                c,
                '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'
            )
        })
        .map(|c| if c == '：' { ':' } else { c })
        .collect()
}

/// "Deutsche Welle (www.dw.com)": a name glossed with a web address is the site's.
fn brackets_a_site(raw: &str) -> bool {
    raw.split(['(', '[']).skip(1).any(|inside| {
        inside
            .split([')', ']'])
            .next()
            .unwrap_or("")
            .split_whitespace()
            .filter(|w| !w.contains('@'))
            .any(|w| w.starts_with("www.") || w.contains("://") || looks_like_domain(w))
    })
}

/// Drops parenthesised asides: "(dpa)", "[Update]".
fn strip_bracketed(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut depth = 0u32;
    for c in raw.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Removes a leading "Label:" made of byline, role or desk words ("Autor:", "Text & Fotos:",
/// "Redaktion:"). `None` when the label only credits pictures ("Fotos: Jane Doe").
fn strip_leading_label(raw: &str) -> Option<&str> {
    let Some(colon) = raw.find(':') else {
        return Some(raw);
    };
    let label: Vec<&str> = raw[..colon]
        .split(|c: char| c.is_whitespace() || c == '|')
        .filter(|w| !is_punctuation(w))
        .collect();
    let is_label_word = |w: &&str| {
        is_in(w, LABEL_JOINS)
            || is_in(w, BYLINE_WORDS)
            || is_role(w)
            || is_in(w, PHOTO_WORDS)
            || is_in(w, ORGANISATION_WORDS)
            || is_preamble(w)
    };
    if label.is_empty() || label.len() > MAX_LABEL_WORDS || !label.iter().all(is_label_word) {
        return Some(raw);
    }
    let photo_only = label
        .iter()
        .filter(|w| !is_in(w, LABEL_JOINS))
        .all(|w| is_in(w, PHOTO_WORDS));
    (!photo_only).then(|| &raw[colon + 1..])
}

/// Spaced dashes and guillemets separate a name from what follows ("Jane Doe — 3 May",
/// "r23 » 21.01.2009"): they become list separators.
fn separate_dashes(raw: &str) -> String {
    raw.replace(" - ", " | ")
        .replace(['—', '»', '«'], "|")
        .replace(" – ", " | ")
}

/// Splits on list punctuation and on the joining words ("and", "und", "et", "y", "e", ...; see
/// [`NAME_SPLIT_JOINS`]).
fn split_names(raw: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    for chunk in raw.split([',', ';', '/', '&', '|', '\n', '•', '·', '+']) {
        let mut rest = chunk;
        while let Some((head, tail)) = split_on_join_word(rest) {
            parts.push(head);
            rest = tail;
        }
        parts.push(rest);
    }
    parts
}

fn split_on_join_word(s: &str) -> Option<(&str, &str)> {
    NAME_SPLIT_JOINS
        .iter()
        .filter_map(|j| s.find(j).map(|i| (i, j.len())))
        .min_by_key(|&(i, _)| i)
        .map(|(i, len)| (&s[..i], &s[i + len..]))
}

/// One candidate part → a cleaned person name, nothing, or a sign the byline is prose.
fn clean_one_name(part: &str, single_word: bool) -> Part {
    let all_words: Vec<&str> = part
        .split(|c: char| c.is_whitespace() || c == ':')
        .filter(|w| !w.is_empty())
        .filter(|w| !w.contains('@') && !w.contains("://") && !w.starts_with("www."))
        .collect();
    if credited_by(&all_words, EDITOR_WORDS).is_some() {
        return Part::Rejected;
    }
    if let Some(after) = credited_by(&all_words, CONTRIBUTOR_WORDS) {
        return match clean_one_name(&after.join(" "), single_word) {
            Part::Name(name, _) => Part::Contributor(name),
            _ => Part::Rejected,
        };
    }
    let mut words = after_inner_opener(&all_words).to_vec();
    // Leading byline words ("Written by", "Von"), then trailing roles ("Staff Writer").
    while words
        .first()
        .is_some_and(|w| is_in(w, BYLINE_WORDS) || is_punctuation(w))
    {
        words.remove(0);
    }
    let introduced = words.len() < all_words.len();
    // A title before a name of two words or more ("Dr. Jane Doe"), which would end it at once.
    while words.len() > 2 && is_in(words[0], HONORIFICS) {
        words.remove(0);
    }
    if reads_as_description(&words[..text_end(&words)]) {
        return Part::Prose;
    }
    let end = name_end(&words);
    // A lone word before a role or link text ("Archiv anzeigen") is a label, not a user name.
    if single_word && end == 1 && words.get(1).is_some_and(|w| is_role_not_date(w)) {
        return Part::Rejected;
    }
    words.truncate(end);
    while words
        .last()
        .is_some_and(|w| is_in(w, NAME_PARTICLES) || is_punctuation(w))
    {
        words.pop();
    }
    // "Jane Doe Jane Doe": the same name twice (visible and screen-reader copies).
    let half = words.len() / 2;
    if words.len() >= 4 && words.len().is_multiple_of(2) && words[..half] == words[half..] {
        words.truncate(half);
    }
    let name = words.join(" ");
    let name = name.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let keep = if single_word {
        looks_like_user_name(name) || (introduced && is_initials(name))
    } else {
        looks_like_person(name)
    };
    if keep {
        Part::Name(name.to_string(), introduced)
    } else if name.is_empty() {
        Part::Empty
    } else if is_organisation_name(name) || is_agency_acronym(name) {
        Part::Organisation(name.to_string())
    } else {
        Part::Rejected
    }
}

/// The words after an opener that follows a preamble ("Posted on 3 May by | Jane Doe",
/// "Blog Beitrag von | Max Muster", "13:30 von | Olga", "Disko Von | Ernst Lohoff"); all
/// words when there is none. A lower-case "von" after a name is a particle ("Ursula von der
/// Leyen") and stays.
fn after_inner_opener<'w>(words: &'w [&'w str]) -> &'w [&'w str] {
    let mut start = 0;
    for (i, w) in words.iter().enumerate().skip(1) {
        let previous = words[i - 1];
        let opener = is_in(w, INNER_OPENERS)
            || (is_in(w, PARTICLE_OPENERS)
                && (w.starts_with('V')
                    || is_preamble(previous)
                    || is_in(previous, BYLINE_WORDS)
                    || previous.chars().any(|c| c.is_ascii_digit())));
        if opener && i + 1 < words.len() {
            start = i + 1;
        }
    }
    &words[start..]
}

/// The words after one of `participles` right before an opener ("Revised Edition Edited by |
/// Jane Doe", "Reviewed by | Jane Doe").
fn credited_by<'w>(words: &'w [&'w str], participles: &[&str]) -> Option<&'w [&'w str]> {
    words
        .windows(2)
        .position(|pair| {
            is_in(pair[0], participles)
                && (is_in(pair[1], INNER_OPENERS) || is_in(pair[1], PARTICLE_OPENERS))
        })
        .map(|i| &words[i + 2..])
}

/// Where a name ends: at the first role word ("Staff Writer"), later number, time word, date
/// ("26. Januar 2022", "March 3"), weekday after the name ("Fr") or picture credit ("Fotos").
fn name_end(words: &[&str]) -> usize {
    for (i, w) in words.iter().enumerate() {
        // A first word with digits is a handle ("freeman1984"), later ones a date or a count.
        let has_digit =
            w.chars().any(|c| c.is_ascii_digit()) && (i > 0 || !w.chars().any(char::is_alphabetic));
        if has_digit {
            let month_before = i > 0 && is_in(words[i - 1], MONTH_WORDS);
            return if month_before { i - 1 } else { i };
        }
        let role = is_role(w) && !is_in(w, NAME_PARTICLES);
        let time = i > 0 && is_in(w, TIME_WORDS);
        let weekday =
            i >= 2 && WEEKDAY_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()));
        // "Text von Jane Doe Illustration von John Roe": the picture credit follows the name.
        let picture_credit = i > 0 && is_in(w, PHOTO_WORDS);
        if role || time || weekday || picture_credit {
            return i;
        }
    }
    words.len()
}

/// Only job titles ("Rechtsanwalt", "Senior Editor"): what stands between a byline label and
/// the name.
pub fn is_role_only(text: &str) -> bool {
    let mut words = text.split_whitespace().peekable();
    words.peek().is_some() && words.all(is_role_not_date)
}

/// A role or link word, not a date or filing preposition ("am", "on", "le", "under").
fn is_role_not_date(word: &str) -> bool {
    is_role(word) && !is_in(word, DATE_PREPOSITIONS)
}

/// Where the byline's text ends and its date or counts begin: the first number or time word.
fn text_end(words: &[&str]) -> usize {
    words
        .iter()
        .enumerate()
        .position(|(i, w)| w.chars().any(|c| c.is_ascii_digit()) || (i > 0 && is_in(w, TIME_WORDS)))
        .unwrap_or(words.len())
}

/// Several words, some capitalised, and a lower-case word that is neither a name particle nor
/// a byline or role word: a description or a sentence, not a name.
fn reads_as_description(words: &[&str]) -> bool {
    // A month is a date's, not a name's capital ("jdoe on August 3").
    let starts_upper =
        |w: &&str| w.chars().next().is_some_and(char::is_uppercase) && !is_in(w, MONTH_WORDS);
    let is_plain_lower = |w: &&str| {
        w.chars().next().is_some_and(char::is_lowercase)
            && !is_in(w, NAME_PARTICLES)
            && !is_in(w, BYLINE_WORDS)
            && !is_role(w)
            && !is_in(w, LABEL_JOINS)
            && !looks_like_domain(w)
    };
    words.len() >= 2 && words.iter().any(starts_upper) && words.iter().any(is_plain_lower)
}

/// One word of letters (digits, `_`, `-`, `.` inside allowed), 4 to 30 characters, not a role,
/// an organisation, a domain or a blog's name ("SeglerBlog"): a blog user name ("gnaddrig",
/// "christian.stadtfeld").
fn looks_like_user_name(name: &str) -> bool {
    let len = name.chars().count();
    ((MIN_USER_NAME_CHARS..=30).contains(&len) || is_short_user_name(name))
        && !name.contains(char::is_whitespace)
        && name.chars().next().is_some_and(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !looks_like_domain(name)
        && !is_site_name(name)
        && !is_acronym(name)
        && !is_role(name)
        && !is_in(name, BYLINE_WORDS)
        && !is_in(name, TIME_WORDS)
        && !is_preamble(name)
        && !is_organisation_name(name)
}

/// "SeglerBlog": a word holding a site-name stem names a site, not a user.
fn is_site_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    SITE_NAME_STEMS.iter().any(|s| lower.contains(s))
}

/// "LD", "mh": a person's initials, kept only where a byline word introduces them ("by LD"); a
/// bare pair of letters is as often a desk's shorthand.
fn is_initials(name: &str) -> bool {
    name.chars().count() == 2 && name.chars().all(char::is_alphabetic)
}

/// "Kay", "r23": three characters, capitalised like a first name or with digits.
fn is_short_user_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest: Vec<char> = chars.collect();
    let first_name = first.is_uppercase() && rest.iter().all(|c| c.is_lowercase());
    let handle = rest.iter().any(char::is_ascii_digit);
    rest.len() + 1 == SHORT_USER_NAME_CHARS && first.is_alphabetic() && (first_name || handle)
}

/// "ERBOL", "JIJI": a single all-capitals word is an agency's or desk's acronym.
fn is_acronym(name: &str) -> bool {
    name.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && name
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// Shortest acronym taken for an organisation: two capitals are as often a person's initials.
const MIN_AGENCY_ACRONYM_CHARS: usize = 3;

/// "SPÖ", "APA", "NDR": one all-capitals word of three letters or more names a party, an agency
/// or a broadcaster, not a person.
fn is_agency_acronym(name: &str) -> bool {
    !name.contains(char::is_whitespace)
        && name.chars().filter(|c| c.is_alphabetic()).count() >= MIN_AGENCY_ACRONYM_CHARS
        && is_acronym(name)
}

/// Chinese, Japanese and Korean names are written without spaces: two to four ideographs or
/// syllables ("孔德明") are a person's name.
fn looks_like_cjk_name(name: &str) -> bool {
    let is_cjk = |c: char| matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{ac00}'..='\u{d7af}');
    (2..=4).contains(&name.chars().count()) && name.chars().all(is_cjk)
}

/// "fem.com", "hessenschau.de": a host name.
fn looks_like_domain(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ending)| ending.is_empty() || is_in(ending, DOMAIN_ENDINGS))
}

/// Letters a compound needs before its role ending: "Schleiter" is a surname, not a role.
const MIN_ROLE_PREFIX_CHARS: usize = 4;

/// A role word, or a compound ending in one ("Projektleiterin").
fn is_role(word: &str) -> bool {
    if is_in(word, NAME_END_WORDS) {
        return true;
    }
    let w = word.to_lowercase();
    ROLE_ENDINGS.iter().any(|end| {
        w.strip_suffix(end)
            .is_some_and(|prefix| prefix.chars().count() >= MIN_ROLE_PREFIX_CHARS)
    })
}

fn is_in(word: &str, list: &[&str]) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '+' && c != '/')
        .to_lowercase();
    !w.is_empty() && list.contains(&w.as_str())
}

fn is_punctuation(word: &str) -> bool {
    !word.chars().any(char::is_alphanumeric)
}

/// A person's name: 2 to 5 words, capitalised (particles aside), no digits, not an organisation.
/// A single word is too often a user name, a brand or a desk to count.
pub(crate) fn looks_like_person(name: &str) -> bool {
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return false;
    }
    if looks_like_cjk_name(name) {
        return true;
    }
    if name.chars().any(|c| c.is_ascii_digit()) || is_organisation_name(name) {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if !(2..=MAX_NAME_WORDS).contains(&words.len()) {
        return false;
    }
    let all_caps = name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    words.iter().all(|w| {
        is_in(w, NAME_PARTICLES) || w.chars().next().is_some_and(char::is_uppercase) || all_caps
    })
}

/// Names an editorial desk or team ("Redaktion Berlin", "Example-Team", "Onlineredaktion").
pub fn is_desk_name(name: &str) -> bool {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .any(|w| {
            is_in(w, DESK_WORDS) || {
                let w = w.to_lowercase();
                DESK_ENDINGS.iter().any(|e| w.ends_with(e))
            }
        })
}

/// Names an organisation, desk or wire service ("Redaktion", "dpa", "News Desk").
pub fn is_organisation_name(name: &str) -> bool {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| {
        is_in(w, ORGANISATION_WORDS)
            || (is_in(w, NEWS_AGENCIES) && (words.len() == 1 || !is_capitalised_word(w)))
            || ends_with_organisation_stem(w)
    })
}

/// The word's head (its end, less a case or plural ending) is an organisation stem.
fn ends_with_organisation_stem(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    ORGANISATION_STEMS.iter().any(|stem| {
        ORGANISATION_STEM_ENDINGS.iter().any(|ending| {
            w.strip_suffix(ending)
                .is_some_and(|head| head.ends_with(stem))
        })
    })
}

/// Written as a name is: a capital, then lower-case letters ("Sid", not "SID" or "sid").
fn is_capitalised_word(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    letters.next().is_some_and(char::is_uppercase) && letters.any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_bylines_into_people() {
        let cases: &[(&str, &[&str])] = &[
            ("Jane Doe", &["Jane Doe"]),
            ("By Jane Doe", &["Jane Doe"]),
            ("Von Max Muster, Redakteur", &["Max Muster"]),
            (
                "Benjamin Fischer und Marcus Theurer",
                &["Benjamin Fischer", "Marcus Theurer"],
            ),
            (
                "By Jane Doe and John Roe, Staff Writers",
                &["Jane Doe", "John Roe"],
            ),
            ("Jane Doe Staff Writer", &["Jane Doe"]),
            ("Jane Doe (jane@example.com)", &["Jane Doe"]),
            ("Deutsche Welle (www.dw.com)", &[]),
            ("Example News (example.com)", &[]),
            ("Jane Doe @janedoe", &["Jane Doe"]),
            ("Written by: Jane Doe", &["Jane Doe"]),
            ("Ursula von der Leyen", &["Ursula von der Leyen"]),
            ("Par Jean Dupont", &["Jean Dupont"]),
            ("Staff", &[]),
            ("Redaktion", &[]),
            ("dpa", &[]),
            ("AFP/Reuters", &[]),
            ("News Desk", &[]),
            ("By U.S. CUSTOMS AND BORDER PROTECTION", &[]),
            ("admin", &[]),
            ("jdoe", &[]),
            ("Jane Doe, Jane Doe", &["Jane Doe"]),
            (
                "Jane Doe im Gespräch mit John Roe",
                &["Jane Doe", "John Roe"],
            ),
            ("Jane Doe Jane Doe", &["Jane Doe"]),
            ("Bundesverband Windenergie", &[]),
            ("https://example.com/author/jane", &[]),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_author_names(raw), *want, "{raw}");
        }
    }

    #[test]
    fn author_fields_may_be_one_user_name() {
        let cases: &[(&str, &[&str])] = &[
            ("gnaddrig", &["gnaddrig"]),
            ("By Jane Doe", &["Jane Doe"]),
            ("admin", &[]),
            ("Redaktion", &[]),
            ("jdoe, admin", &[]),
            ("Posted by", &[]),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_author_field(raw), *want, "{raw}");
        }
    }

    #[test]
    fn structured_fields_may_name_someone_partly_in_lower_case() {
        let cases: &[(&str, &[&str])] = &[
            ("Jane doe", &["Jane doe"]),
            ("Jane Doe", &["Jane Doe"]),
            ("Staff writer", &[]),
            ("Online redaktion", &[]),
            ("jane doe", &[]),
            ("Jane doe 2", &[]),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_structured_author(raw), *want, "{raw}");
        }
    }

    #[test]
    fn openers_inside_a_byline_start_the_name() {
        let cases: &[(&str, &[&str])] = &[
            ("Posted on September 21, 2020 by Adi Tzlil", &["Adi Tzlil"]),
            (
                "Ein Artikel von Pamela Sladky | 27.01.2022",
                &["Pamela Sladky"],
            ),
            ("Eingestellt von der Michel", &["der Michel"]),
            ("Eine Kolumne von Jane Doe", &["Jane Doe"]),
            ("Disko Von Ernst Lohoff", &["Ernst Lohoff"]),
            ("Revised Edition Edited by Jane Doe", &[]),
            ("Übersetzt von Max Muster", &[]),
            ("Ursula von der Leyen", &["Ursula von der Leyen"]),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_author_field(raw), *want, "{raw}");
        }
    }

    #[test]
    fn labels_dates_and_roles_end_or_drop_a_name() {
        let cases: &[(&str, &[&str])] = &[
            ("Text & Fotos: Ivan Valetny", &["Ivan Valetny"]),
            ("Fotos: Jane Doe", &[]),
            ("Text: Jane Doe, Fotos: John Roe", &["Jane Doe"]),
            ("Autor: Jane Doe , Datum: 15.Jun.19", &["Jane Doe"]),
            ("Redaktion: Jane Doe (Pressesprecherin)", &["Jane Doe"]),
            ("- Redaktion: Jane Doe", &["Jane Doe"]),
            ("Text von Jane Doe Illustration von John Roe", &["Jane Doe"]),
            (
                "Isabel Caro , Rocío Latorre y José Miguel Wilson Hace 13 horas",
                &["Isabel Caro", "Rocío Latorre", "José Miguel Wilson"],
            ),
            ("Tomas Spahn Fr, 18.10.2019", &["Tomas Spahn"]),
            ("Jane Doe March 3, 2020", &["Jane Doe"]),
            ("No Author", &[]),
            ("April Roach", &["April Roach"]),
            (
                "Uta Staschewski, Projektleiterin der HSS in Tunesien.",
                &["Uta Staschewski"],
            ),
            ("Von Mat\u{ad}thi\u{ad}as Lauerer", &["Matthias Lauerer"]),
            ("Jane Doe — 3. Mai 2021", &["Jane Doe"]),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_author_names(raw), *want, "{raw}");
        }
    }

    #[test]
    fn what_follows_an_organisation_is_its_place_or_department() {
        let cases: &[(&str, &[&str])] = &[
            ("By Nada Tawfik, BBC News, New York", &["Nada Tawfik"]),
            (
                "Eidgenössisches Departement für Wirtschaft, Bildung und Forschung WBF",
                &[],
            ),
            ("Jane Doe, John Roe", &["Jane Doe", "John Roe"]),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_author_names(raw), *want, "{raw}");
        }
        assert_eq!(
            leading_organisation("von auto-motor.at Redaktion").as_deref(),
            Some("auto-motor.at Redaktion")
        );
        assert_eq!(
            leading_organisation("vom Support Team").as_deref(),
            Some("Support Team")
        );
        assert_eq!(leading_organisation("Von Jane Doe, dpa"), None);
        assert!(is_desk_name("PETA-Team"));
        assert!(is_desk_name("Onlineredaktion"));
        assert!(!is_desk_name("Example Wire"));
        assert!(names_organisation_first("Von Redaktion, Jane Doe"));
        assert!(!names_organisation_first("Von Jane Doe, dpa"));
        assert!(names_organisation_first("Posted by SPÖ"));
        assert!(!names_organisation_first("By JD"));
    }

    #[test]
    fn descriptions_are_not_bylines() {
        for raw in [
            "Jan Fleischhauer, deutscher Journalist, Kolumnist und Autor",
            "Peter Amende und Fuchsy designed",
            "Endlich mehr Beschleunigung wagen!",
            "Von der linearen zur zirkulären Wirtschaftsweise",
        ] {
            assert_eq!(clean_author_field(raw), Vec::<String>::new(), "{raw}");
        }
    }

    #[test]
    fn user_names_are_handles_not_sites_or_labels() {
        let cases: &[(&str, &[&str])] = &[
            ("christian.stadtfeld", &["christian.stadtfeld"]),
            ("freeman1984", &["freeman1984"]),
            (
                "Von Isabella.DiBiase am Samstag, 19. Oktober 2019",
                &["Isabella.DiBiase"],
            ),
            ("Beitrag von r2d2x » 21.01.2009, 05:42", &["r2d2x"]),
            ("Stefanus 26. Januar 2022", &["Stefanus"]),
            ("fem.com", &[]),
            ("Kultur | 19.10.19", &[]),
            ("Archiv anzeigen", &[]),
            ("Alle Beiträge", &[]),
            ("kj", &[]),
            ("by LD", &["LD"]),
            ("Von mh, 3. Mai 2021", &["mh"]),
            ("red", &[]),
            ("Kay", &["Kay"]),
            ("Beitrag von r23 » 21.01.2009", &["r23"]),
            ("ERBOL", &[]),
            ("责任编辑：孔德明", &["孔德明"]),
            ("Posted by Nesselsetzer under Allgemein", &["Nesselsetzer"]),
            ("SeglerBlog", &[]),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_author_field(raw), *want, "{raw}");
        }
    }

    #[test]
    fn by_lines_name_a_user_only_when_labelled() {
        assert_eq!(clean_by_line("Posted by jdoe99"), ["jdoe99"]);
        assert_eq!(clean_by_line("Autor: gnaddrig"), ["gnaddrig"]);
        assert_eq!(clean_by_line("von Firmenwägen"), Vec::<String>::new());
        assert_eq!(clean_by_line("By Jane Doe"), ["Jane Doe"]);
        assert_eq!(clean_by_line("By jdoe99"), ["jdoe99"]);
        assert_eq!(
            clean_by_line("by damianduchamps on August 3, 2019"),
            ["damianduchamps"]
        );
        assert_eq!(clean_by_line("By Method"), Vec::<String>::new());
        assert_eq!(clean_by_line("06.11.2023 13:30 von Olga"), ["Olga"]);
        assert_eq!(clean_by_line("Seite 1 von 3"), Vec::<String>::new());
        assert!(is_role_only("Rechtsanwalt"));
        assert!(!is_role_only("am 3. Mai"));
    }

    #[test]
    fn recognises_organisations() {
        for name in [
            "Redaktion Berlin",
            "The Associated Press",
            "Example Media GmbH",
            "Example Global Solutions Germany",
            "dpa",
        ] {
            assert!(is_organisation_name(name), "{name}");
        }
        assert!(!is_organisation_name("Jane Doe"));
    }
}
