//! Tidying imported names and descriptions.

/// An imported alias fit to keep: whitespace collapsed, a "Subgroup: " label removed; None
/// for strings that are no name (anti-virus detection labels, e-mail addresses, URLs, very
/// long strings).
pub(crate) fn alias(raw: &str) -> Option<String> {
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.strip_prefix("Subgroup: ").unwrap_or(&text).trim();
    let alnum = text.chars().filter(|c| c.is_alphanumeric()).count();
    if alnum < 2 || text.len() > 100 || text.contains(['@', '\\']) || text.contains("://") {
        return None;
    }
    if is_detection_label(text) {
        return None;
    }
    Some(text.to_string())
}

/// True for anti-virus detection labels such as "Trojan.Inject1.6386", "Backdoor.FSZO-5117",
/// "Win32/Industroyer" or "Backdoor:Win32/Foo": they name signatures, not families.
fn is_detection_label(text: &str) -> bool {
    const PREFIXES: [&str; 28] = [
        "trojan",
        "backdoor",
        "win32",
        "win64",
        "w32",
        "w64",
        "heur",
        "ransom",
        "trojanspy",
        "trojandownloader",
        "trojandropper",
        "worm",
        "exploit",
        "troj",
        "pws",
        "spyware",
        "adware",
        "hacktool",
        "riskware",
        "virus",
        "js",
        "vbs",
        "msil",
        "osx",
        "elf",
        "pua",
        "generic",
        "html",
    ];
    let Some(cut) = text.find(['.', '/', ':', '!']) else {
        return false;
    };
    if text.contains(' ') {
        return false;
    }
    let head = text[..cut].to_ascii_lowercase();
    PREFIXES.contains(&head.as_str()) || text.matches('.').count() >= 3
}

/// True for an ATT&CK id (G0128, S0154, C0024).
pub(crate) fn is_attack_id(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 5 && matches!(b[0], b'G' | b'S' | b'C') && b[1..].iter().all(u8::is_ascii_digit)
}

/// The first sentence of a description, without ATT&CK citations or markdown links, at most
/// about 300 bytes.
pub(crate) fn description(raw: &str) -> Option<String> {
    let text = strip_markup(raw);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    const ABBREVIATIONS: [&str; 11] = [
        "e.g", "i.e", "Mr", "Dr", "St", "vs", "Inc", "Ltd", "Co", "Corp", "No",
    ];
    let mut end = text.len();
    for (i, _) in text.match_indices(". ") {
        // A sentence ends at ". " before a capital, unless the word before is an abbreviation
        // ("U.S. government", "e.g. ") or a single letter (an initial).
        let word_start = text[..i].rfind(' ').map_or(0, |p| p + 1);
        let word = &text[word_start..i];
        let next_is_capital = text[i + 2..].starts_with(|c: char| c.is_uppercase());
        let abbreviation =
            word.contains('.') || word.chars().count() < 2 || ABBREVIATIONS.contains(&word);
        if i >= 5 && next_is_capital && !abbreviation {
            end = i + 1;
            break;
        }
    }
    let mut sentence = text[..end].trim().to_string();
    if sentence.len() > 300 {
        let mut cut = 297;
        while !sentence.is_char_boundary(cut) {
            cut -= 1;
        }
        sentence.truncate(cut);
        sentence.push('…');
    }
    (!sentence.is_empty()).then_some(sentence)
}

/// The text with "(Citation: ...)" removed and "[text](url)" links reduced to their text.
fn strip_markup(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("(Citation:") {
            rest = after.find(')').map_or("", |p| &after[p + 1..]);
            continue;
        }
        if rest.starts_with('[')
            && let Some(close) = rest.find("](")
            && let Some(paren) = rest[close..].find(')')
        {
            out.push_str(&rest[1..close]);
            rest = &rest[close + paren + 1..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A lower-case ASCII slug for ids: "Fancy Bear" → "fancy-bear", "Élysée" → "elysee".
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let folded = crate::normalize::key(&c.to_string());
        if !folded.is_empty() && folded.is_ascii() {
            out.push_str(&folded);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "entry".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_labels_are_not_aliases() {
        assert_eq!(alias("Trojan.Inject1.6386"), None);
        assert_eq!(alias("Backdoor.FSZO-5117"), None);
        assert_eq!(alias("Trojan.Heur.JP.juW@ayZZvMb"), None);
        assert_eq!(alias("Win32/Industroyer"), None);
        assert_eq!(alias("Korplug").as_deref(), Some("Korplug"));
        assert_eq!(alias("TEMP.Veles").as_deref(), Some("TEMP.Veles"));
        assert_eq!(alias("Subgroup: Andariel").as_deref(), Some("Andariel"));
        assert_eq!(alias("  Comment   Crew ").as_deref(), Some("Comment Crew"));
    }

    #[test]
    fn attack_ids_are_recognised() {
        assert!(is_attack_id("G0128"));
        assert!(is_attack_id("S0154"));
        assert!(!is_attack_id("APT31"));
        assert!(!is_attack_id("G012"));
    }

    #[test]
    fn description_keeps_the_first_sentence_without_citations() {
        let raw = "[APT28](https://attack.mitre.org/groups/G0007) is a threat group attributed to Russia's GRU.(Citation: NCSC Advisory) It has operated since at least 2004.";
        assert_eq!(
            description(raw).as_deref(),
            Some("APT28 is a threat group attributed to Russia's GRU.")
        );
        assert_eq!(
            description("The U.S. government named the group in 2020. More text.").as_deref(),
            Some("The U.S. government named the group in 2020.")
        );
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Fancy Bear"), "fancy-bear");
        assert_eq!(slug("Élysée (Palace)"), "elysee-palace");
        assert_eq!(slug("CVE-2021-44228"), "cve-2021-44228");
        assert_eq!(slug("中文"), "entry");
    }
}
