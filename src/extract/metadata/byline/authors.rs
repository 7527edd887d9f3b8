//! Author names from raw byline strings: people only, cleaned and split.
//!
//! A byline is noisy ("By Jane Doe and John Roe, Staff Writers | @jdoe", "Von Max Muster,
//! Redakteur"). We strip the byline word, roles, e-mails and handles, split joined names, and
//! keep only what looks like a person's name. No author is better than a wrong one, so anything
//! doubtful is dropped.

/// Words that introduce a byline, lower-case; removed from the start of a name.
const BYLINE_WORDS: &[&str] = &[
    "by",
    "von",
    "par",
    "por",
    "door",
    "di",
    "da",
    "from",
    "written",
    "posted",
    "author",
    "authors",
    "autor",
    "autorin",
    "autoren",
    "auteur",
    "text",
    "texte",
    "reporting",
    "story",
    "words",
    "geschrieben",
    "verfasst",
    "redigiert",
    "publié",
    "publicado",
    "pubblicato",
    "scritto",
];

/// Job titles and roles (lower-case): a part made only of these is no name, and a name is cut
/// where they start ("Jane Doe Staff Writer").
const ROLE_WORDS: &[&str] = &[
    "redakteur",
    "redakteurin",
    "redaktor",
    "korrespondent",
    "korrespondentin",
    "reporter",
    "reporterin",
    "journalist",
    "journalistin",
    "journalists",
    "autor",
    "autorin",
    "staff",
    "writer",
    "writers",
    "editor",
    "editors",
    "correspondent",
    "correspondents",
    "contributor",
    "contributors",
    "columnist",
    "senior",
    "chief",
    "associate",
    "managing",
    "political",
    "reporters",
    "photographer",
    "fotograf",
    "fotografin",
    "foto",
    "fotos",
    "photo",
    "photos",
    "bild",
    "bilder",
    "video",
    "grafik",
    "rédacteur",
    "rédactrice",
    "journaliste",
    "envoyé",
    "spécial",
    "redactor",
    "redactora",
    "periodista",
    "corresponsal",
    "giornalista",
    "inviato",
    "updated",
    "aktualisiert",
    "published",
    "veröffentlicht",
    "am",
    "on",
    "um",
    "at",
    "le",
    "el",
    "il",
    "min",
    "minutes",
    "minuten",
    "read",
    "lesezeit",
    "mehr",
    "more",
    "articles",
    "artikel",
    "beiträge",
    "posts",
    "profile",
    "profil",
    "follow",
    "folgen",
    "email",
    "e-mail",
    "twitter",
    "facebook",
    "instagram",
    "linkedin",
    "kommentare",
    "comments",
    "share",
    "teilen",
    "phd",
    "dr",
    "prof",
    "mit",
    "with",
    "für",
    "for",
    "in",
    "aus",
    "ist",
    "is",
    "de",
    "engineer",
    "developer",
    "entwickler",
    "consultant",
    "berater",
    "beraterin",
    "manager",
    "founder",
    "gründer",
    "gründerin",
    "ceo",
    "inhaber",
    "inhaberin",
    "owner",
    "geschäftsführer",
    "student",
];

/// Words that mark an organisation, desk or wire service rather than a person (lower-case).
const ORGANISATION_WORDS: &[&str] = &[
    "redaktion",
    "redaktionen",
    "staff",
    "newsroom",
    "news",
    "agency",
    "agentur",
    "agence",
    "nachrichtenagentur",
    "team",
    "desk",
    "editorial",
    "editors",
    "press",
    "presse",
    "media",
    "medien",
    "verlag",
    "online",
    "magazin",
    "magazine",
    "zeitung",
    "gmbh",
    "inc",
    "ltd",
    "llc",
    "ag",
    "e.v",
    "ev",
    "verein",
    "association",
    "group",
    "gruppe",
    "dpa",
    "afp",
    "reuters",
    "ap",
    "apa",
    "sid",
    "kna",
    "epd",
    "ddp",
    "ansa",
    "efe",
    "upi",
    "bloomberg",
    "associated",
    "admin",
    "administrator",
    "webmaster",
    "guest",
    "gast",
    "anonymous",
    "anonym",
    "unknown",
    "service",
    "services",
    "office",
    "büro",
    "bureau",
    "club",
    "partei",
    "blog",
    "community",
    "support",
    "marketing",
    "company",
    "corporation",
    "foundation",
    "stiftung",
    "institut",
    "institute",
    "university",
    "universität",
    "ministerium",
    "ministry",
    "government",
    "department",
    "wire",
    "feed",
    "rss",
    "redazione",
    "rédaction",
    "redacción",
    "redaccion",
    "digital",
    "tv",
    "radio",
    "aktuell",
    "sport",
    "sports",
    "contributors",
    "editor",
    "writers",
    "pressemitteilung",
    "pressestelle",
    "communications",
    "kommunikation",
    "shop",
    "store",
    "network",
    "publisher",
    "user",
    "anónimo",
    "anonimo",
    "anonyme",
    "zvg",
    "kitchen",
    "kitchens",
    "family",
    "familie",
];

/// Word stems that make a compound an organisation ("Bundesverband", "Werbeagentur").
const ORGANISATION_STEMS: &[&str] = &[
    "agentur",
    "verband",
    "fraktion",
    "redaktion",
    "zeitung",
    "magazin",
    "verlag",
    "ministerium",
    "institut",
    "stiftung",
    "gesellschaft",
    "genossenschaft",
    "abteilung",
    "departement",
    "kommission",
    "behörde",
    "feuerwehr",
    "kreuz",
    "diakonie",
    "caritas",
];

/// Shortest single-word user name kept: two-letter initials ("kj") are a desk's shorthand as
/// often as a person's.
const MIN_USER_NAME_CHARS: usize = 4;

/// Lower-case particles allowed inside a name ("Ursula von der Leyen").
const NAME_PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la", "zu", "ten",
    "ter", "bin", "al", "el", "y", "dos", "das",
];

/// Longest name kept, in words and in characters.
const MAX_NAME_WORDS: usize = 5;
const MAX_NAME_CHARS: usize = 60;

/// Cleans a raw byline into person names: "By Jane Doe and John Roe, Staff Writers" →
/// ["Jane Doe", "John Roe"]. Organisations, roles, e-mails and handles are dropped, and so are
/// single words ("admin", a brand): in free text they are rarely a person.
pub fn clean_author_names(raw: &str) -> Vec<String> {
    clean_names(raw, false)
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

fn clean_names(raw: &str, single_word: bool) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let unbracketed = strip_bracketed(raw);
    let parts = split_names(&unbracketed);
    if single_word && parts.len() > 1 {
        return names;
    }
    for part in parts {
        if let Some(name) = clean_one_name(part, single_word)
            && !names.iter().any(|n| n.eq_ignore_ascii_case(&name))
        {
            names.push(name);
        }
    }
    names
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

/// Splits on list punctuation and on the joining words "and", "und", "et", "y", "e".
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
    const JOINS: &[&str] = &[
        " and ", " und ", " et ", " y ", " e ", " AND ", " UND ", " And ",
    ];
    JOINS
        .iter()
        .filter_map(|j| s.find(j).map(|i| (i, j.len())))
        .min_by_key(|&(i, _)| i)
        .map(|(i, len)| (&s[..i], &s[i + len..]))
}

/// One candidate name → a cleaned person name, or `None` when it isn't one.
fn clean_one_name(part: &str, single_word: bool) -> Option<String> {
    let mut words: Vec<&str> = part
        .split(|c: char| c.is_whitespace() || c == ':')
        .filter(|w| !w.is_empty())
        .filter(|w| !w.contains('@') && !w.contains("://") && !w.starts_with("www."))
        .collect();
    // Leading byline words ("Written by", "Von"), then trailing roles ("Staff Writer").
    while words
        .first()
        .is_some_and(|w| is_in(w, BYLINE_WORDS) || is_punctuation(w))
    {
        words.remove(0);
    }
    if let Some(cut) = words
        .iter()
        .position(|w| is_in(w, ROLE_WORDS) && !is_in(w, NAME_PARTICLES))
    {
        words.truncate(cut);
    }
    while words
        .last()
        .is_some_and(|w| is_in(w, NAME_PARTICLES) || is_punctuation(w))
    {
        words.pop();
    }
    // "Jane Doe Jane Doe": the same name twice (visible and screen-reader copies).
    let half = words.len() / 2;
    if words.len() >= 4 && words.len() % 2 == 0 && words[..half] == words[half..] {
        words.truncate(half);
    }
    let name = words.join(" ");
    let name = name.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let keep = if single_word {
        looks_like_user_name(name)
    } else {
        looks_like_person(name)
    };
    keep.then(|| name.to_string())
}

/// One word of letters (digits, `_`, `-`, `.` inside allowed), 2 to 30 characters, not a role
/// or an organisation: a blog user name.
fn looks_like_user_name(name: &str) -> bool {
    let len = name.chars().count();
    (MIN_USER_NAME_CHARS..=30).contains(&len)
        && !name.contains(char::is_whitespace)
        && !name.contains('.')
        && name.chars().next().is_some_and(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !is_in(name, ROLE_WORDS)
        && !is_in(name, BYLINE_WORDS)
        && !is_organisation_name(name)
}

fn is_in(word: &str, list: &[&str]) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    !w.is_empty() && list.contains(&w.as_str())
}

fn is_punctuation(word: &str) -> bool {
    !word.chars().any(char::is_alphanumeric)
}

/// A person's name: 2 to 5 words, capitalised (particles aside), no digits, not an organisation.
/// A single word is too often a user name, a brand or a desk to count.
fn looks_like_person(name: &str) -> bool {
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return false;
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

/// Names an organisation, desk or wire service ("Redaktion", "dpa", "News Desk").
pub fn is_organisation_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .any(|w| is_in(w, ORGANISATION_WORDS))
        || ORGANISATION_STEMS.iter().any(|stem| lower.contains(stem))
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
            ("Jane Doe @janedoe", &["Jane Doe"]),
            ("Written by: Jane Doe", &["Jane Doe"]),
            ("Ursula von der Leyen", &["Ursula von der Leyen"]),
            ("Par Jean Dupont", &["Jean Dupont"]),
            ("Staff", &[]),
            ("Redaktion", &[]),
            ("dpa", &[]),
            ("AFP/Reuters", &[]),
            ("News Desk", &[]),
            ("admin", &[]),
            ("jdoe", &[]),
            ("Jane Doe, Jane Doe", &["Jane Doe"]),
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
    fn recognises_organisations() {
        for name in [
            "Redaktion Berlin",
            "The Associated Press",
            "Example Media GmbH",
            "dpa",
        ] {
            assert!(is_organisation_name(name), "{name}");
        }
        assert!(!is_organisation_name("Jane Doe"));
    }
}
