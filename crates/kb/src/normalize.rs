//! Normalised lookup keys for surface forms.
//!
//! Two surface forms that differ only in case, Latin diacritics, punctuation, spacing, a
//! leading "the" or a trailing possessive get the same key: "the Netherlands",
//! "NETHERLANDS" and "Netherlands's" all become `netherlands`; "APT 31", "APT-31" and
//! "apt31" become `apt31`; "Élysée" becomes `elysee`. The KB indexes every alias by its key,
//! so lookups forgive the way a name happens to be written.

/// The lookup key of a surface form (see the module documentation).
pub fn key(text: &str) -> String {
    let text = text.trim();
    let text = strip_leading_the(text);
    let text = strip_possessive(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(fold_diacritic(l));
            }
        }
    }
    out
}

/// The text without a leading "the " (any case).
fn strip_leading_the(text: &str) -> &str {
    match text.get(..4) {
        Some(head) if head.eq_ignore_ascii_case("the ") && text.len() > 4 => text[4..].trim_start(),
        _ => text,
    }
}

/// The text without a trailing "'s" or "’s".
fn strip_possessive(text: &str) -> &str {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = text.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return stem;
        }
    }
    text
}

/// The base letter of a lower-case Latin letter with a diacritic ("é" → "e").
fn fold_diacritic(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ș' | 'ş' => 's',
        'ť' | 'ț' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn key_ignores_case_article_and_possessive() {
        assert_eq!(key("the Netherlands"), "netherlands");
        assert_eq!(key("NETHERLANDS"), "netherlands");
        assert_eq!(key("China’s"), "china");
        assert_eq!(key("The Hague"), "hague");
    }

    #[test]
    fn key_ignores_punctuation_and_diacritics() {
        assert_eq!(key("APT 31"), key("APT31"));
        assert_eq!(key("APT-31"), "apt31");
        assert_eq!(key("U.S."), "us");
        assert_eq!(key("Élysée"), "elysee");
        assert_eq!(key("Côte d'Ivoire"), "cotedivoire");
    }

    #[test]
    fn key_keeps_a_bare_the() {
        assert_eq!(key("The"), "the");
    }
}
