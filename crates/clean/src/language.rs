//! The one language detector: ISO 639-1 codes for article text and HTML `lang` values.

use whatlang::Lang;

/// The code used when nothing better is known: the pipeline's models are English.
pub const FALLBACK_LANGUAGE: &str = "en";

/// Below this many characters the detector's first choice is a guess.
const MIN_CHARS: usize = 40;

/// Text beyond this many bytes adds little to detection and costs time.
const SAMPLE_BYTES: usize = 4000;

/// The ISO 639-1 code of the language `text` is written in; `None` for text under
/// 40 characters or in a language without a two-letter code. The detector's first
/// choice is taken even at low confidence: its confidence is a margin over the
/// runner-up and stays low for clear single paragraphs of close languages.
pub fn detect_language(text: &str) -> Option<&'static str> {
    if text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(MIN_CHARS)
        .count()
        < MIN_CHARS
    {
        return None;
    }
    let sample = prefix_at_char_boundary(text, SAMPLE_BYTES);
    iso_639_1(whatlang::detect_lang(sample)?)
}

/// [`detect_language`], or [`FALLBACK_LANGUAGE`] when it cannot tell.
pub fn language_or_fallback(text: &str) -> String {
    detect_language(text)
        .unwrap_or(FALLBACK_LANGUAGE)
        .to_string()
}

/// The ISO 639-1 code in a language tag such as `en-US`, `pt_BR` or `EN`; `None` for
/// tags whose primary subtag is not two letters.
pub fn primary_language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?;
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| primary.to_ascii_lowercase())
}

fn prefix_at_char_boundary(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// whatlang names languages by ISO 639-3; the record uses 639-1.
fn iso_639_1(lang: Lang) -> Option<&'static str> {
    let code = match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
        // Languages without a two-letter code.
        #[allow(unreachable_patterns)]
        _ => return None,
    };
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_german_prose_are_told_apart() {
        let en = "The ministry said on Tuesday that attackers had stolen data from its servers and that an investigation was under way.";
        let de = "Das Ministerium teilte am Dienstag mit, dass Angreifer Daten von seinen Servern gestohlen hätten und die Ermittlungen liefen.";
        assert_eq!(detect_language(en), Some("en"));
        assert_eq!(detect_language(de), Some("de"));
        let fr = "Le ministère a indiqué mardi que des pirates avaient volé des données sur ses serveurs et qu'une enquête était en cours.";
        assert_eq!(detect_language(fr), Some("fr"));
    }

    #[test]
    fn too_little_text_falls_back_to_english() {
        assert_eq!(detect_language(""), None);
        assert_eq!(language_or_fallback("42"), "en");
    }

    #[test]
    fn language_tags_reduce_to_their_primary_subtag() {
        assert_eq!(primary_language_code("en-US").as_deref(), Some("en"));
        assert_eq!(primary_language_code("pt_BR").as_deref(), Some("pt"));
        assert_eq!(primary_language_code("FR").as_deref(), Some("fr"));
        assert_eq!(primary_language_code("eng"), None);
        assert_eq!(primary_language_code(""), None);
    }
}
