//! Technical indicators in running text: IP addresses, domains, URLs, hashes, e-mail
//! addresses and CVE ids, including their defanged forms.
//!
//! Reports write indicators defanged so they cannot be clicked: `hxxp://evil[.]example`,
//! `203.0.113[.]7`, `admin[at]example[.]org`. [`find_indicators`] matches both forms and
//! returns the refanged value with the byte range of the surface form. Guards keep
//! ordinary prose out: a domain needs a real top-level domain (so `update.exe`,
//! `Node.js`, `U.S.` and `e.g.` are not domains), a glued sentence end (`in 2021.Next`,
//! `said.It`) is not a domain, a dotted quad after "version" is not an IP, and a hash
//! must be hex of exactly 32, 40 or 64 digits that is not all digits. The host of a URL
//! and the domain of an e-mail address are not reported again on their own.

use std::net::Ipv6Addr;
use std::sync::LazyLock;

use dossier_model::IndicatorKind;
use regex::{Regex, RegexBuilder};

/// One indicator found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FoundIndicator {
    /// What kind of indicator it is.
    pub kind: IndicatorKind,
    /// The refanged, normalised value (`http://evil.example/a`, `CVE-2023-1234`).
    pub value: String,
    /// Byte offset where the surface form starts.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
}

/// Every indicator in `text`, in text order.
pub fn find_indicators(text: &str) -> Vec<FoundIndicator> {
    let mut found: Vec<FoundIndicator> = Vec::new();
    // Network indicators claim their span in this order, so the host of a URL or the
    // domain of an address is not reported twice.
    let mut claimed: Vec<(usize, usize)> = Vec::new();
    let network = [
        urls(text),
        emails(text),
        ipv6s(text),
        ipv4s(text),
        domains(text),
    ];
    for group in network {
        for ind in group {
            if claimed.iter().all(|&(s, e)| ind.end <= s || e <= ind.start) {
                claimed.push((ind.start, ind.end));
                found.push(ind);
            }
        }
    }
    found.extend(hashes(text));
    found.extend(cves(text));
    found.sort_by_key(|f| (f.start, f.end));
    found
}

/// Undo common defanging: `hxxp` → `http`, `[.]`/`(dot)` → `.`, `[at]` → `@`, `[:]` → `:`.
pub fn refang(s: &str) -> String {
    let s = DEFANGED_DOT.replace_all(s, ".");
    let s = DEFANGED_AT.replace_all(&s, "@");
    let s = s
        .replace("[://]", "://")
        .replace(":[//]", "://")
        .replace("[:]", ":")
        .replace("[/]", "/");
    DEFANGED_SCHEME
        .replace(&s, |c: &regex::Captures| {
            let scheme = c[1].to_ascii_lowercase();
            if scheme.starts_with("hxxp") || scheme.starts_with("h[tt]p") {
                format!(
                    "http{}",
                    &scheme[scheme.len() - usize::from(scheme.ends_with('s'))..]
                )
            } else if scheme == "fxp" {
                "ftp".to_string()
            } else {
                scheme
            }
        })
        .into_owned()
}

/// A dot, or a bracketed dot or "dot" (`[.]`, `(.)`, `{.}`, `[dot]`, `(dot)`).
const DOT: &str = r"(?:\s?[\[({]\s?(?:\.|dot)\s?[\])}]\s?|\.)";
/// An at sign, or a bracketed one (`[@]`, `[at]`, `(at)`).
const AT: &str = r"(?:\s?[\[({]\s?(?:@|at)\s?[\])}]\s?|@)";
const LABEL: &str = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const TLD: &str = r"(?:xn--[a-z0-9-]{2,59}|[a-z]{2,24})";

fn build(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .expect("valid indicator regex")
}

static DEFANGED_DOT: LazyLock<Regex> =
    LazyLock::new(|| build(r"\s?[\[({]\s?(?:\.|dot)\s?[\])}]\s?"));
static DEFANGED_AT: LazyLock<Regex> = LazyLock::new(|| build(r"\s?[\[({]\s?(?:@|at)\s?[\])}]\s?"));
static DEFANGED_SCHEME: LazyLock<Regex> =
    LazyLock::new(|| build(r"^(hxxps?|h\[tt\]ps?|fxp|https?|ftps?|sftp)"));

static URL: LazyLock<Regex> = LazyLock::new(|| {
    build(
        r#"\b(?:https?|hxxps?|h\[tt\]ps?|fxp|ftps?|sftp)(?:://|\[:\]//|\[://\]|:\[//\])[^\s<>"'“”‘’]+"#,
    )
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    build(&format!(
        r"[a-z0-9][a-z0-9._%+-]{{0,63}}{AT}(?:{LABEL}{DOT})+{TLD}"
    ))
});
static DOMAIN: LazyLock<Regex> = LazyLock::new(|| build(&format!(r"(?:{LABEL}{DOT})+{TLD}")));
static IPV4: LazyLock<Regex> =
    LazyLock::new(|| build(&format!(r"\b(?:\d{{1,3}}{DOT}){{3}}\d{{1,3}}\b")));
static IPV6: LazyLock<Regex> =
    LazyLock::new(|| build(r"[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:(?:\d{1,3}\.){3}\d{1,3})?"));
static HASH: LazyLock<Regex> = LazyLock::new(|| build(r"\b[0-9a-f]{32,64}\b"));
static CVE: LazyLock<Regex> = LazyLock::new(|| build(r"\bCVE[-‐‑–—](\d{4})[-‐‑–—](\d{4,7})\b"));

fn urls(text: &str) -> Vec<FoundIndicator> {
    let mut out = Vec::new();
    for m in URL.find_iter(text) {
        let surface = trim_url_end(m.as_str());
        let value = normalise_url(&refang(surface));
        if let Some(value) = value {
            out.push(FoundIndicator {
                kind: IndicatorKind::Url,
                value,
                start: m.start(),
                end: m.start() + surface.len(),
            });
        }
    }
    out
}

/// Drop sentence punctuation and unbalanced closing brackets from the end of a URL.
fn trim_url_end(url: &str) -> &str {
    let mut s = url;
    loop {
        let Some(last) = s.chars().last() else {
            return s;
        };
        let unbalanced = |open: char, close: char| {
            last == close && s.matches(open).count() < s.matches(close).count()
        };
        let trim = ".,;:!?…*".contains(last)
            || unbalanced('(', ')')
            || unbalanced('[', ']')
            || unbalanced('{', '}');
        if !trim {
            return s;
        }
        s = &s[..s.len() - last.len_utf8()];
    }
}

/// Lower-case the scheme and host of a refanged URL; `None` when the host is not a
/// plausible domain or address.
fn normalise_url(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..host_end];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port
            .split(']')
            .next()
            .map(|h| h.trim_start_matches('['))?
    } else {
        host_port.split(':').next()?
    };
    let host_ok = is_real_domain(&host.to_ascii_lowercase())
        || host.parse::<std::net::Ipv4Addr>().is_ok()
        || host.parse::<Ipv6Addr>().is_ok()
        || host.eq_ignore_ascii_case("localhost");
    host_ok.then(|| {
        let lowered_authority = authority.to_ascii_lowercase();
        format!(
            "{}://{}{}",
            scheme.to_ascii_lowercase(),
            lowered_authority,
            &rest[host_end..]
        )
    })
}

fn emails(text: &str) -> Vec<FoundIndicator> {
    let mut out = Vec::new();
    for m in EMAIL.find_iter(text) {
        let (start, surface) = trim_defang_space(m.start(), m.as_str());
        if glued_to_word(text, start, start + surface.len()) {
            continue;
        }
        let value = refang(surface);
        let Some((local, domain)) = value.rsplit_once('@') else {
            continue;
        };
        let domain = domain.to_ascii_lowercase();
        if is_real_domain(&domain) && !local.starts_with('.') && !local.ends_with('.') {
            out.push(FoundIndicator {
                kind: IndicatorKind::Email,
                value: format!("{local}@{domain}"),
                start,
                end: start + surface.len(),
            });
        }
    }
    out
}

fn domains(text: &str) -> Vec<FoundIndicator> {
    let mut out = Vec::new();
    for m in DOMAIN.find_iter(text) {
        let (start, surface) = trim_defang_space(m.start(), m.as_str());
        if let Some(found) = domain_in(text, start, surface) {
            out.push(found);
        }
    }
    out
}

/// The longest real domain that `surface` (at `start`) begins with, dropping trailing
/// labels that are not one ("example.com.Next" → "example.com").
fn domain_in(text: &str, start: usize, surface: &str) -> Option<FoundIndicator> {
    if glued_before(text, start) {
        return None;
    }
    let mut surface = surface;
    loop {
        let defanged = surface.contains(['[', '(', '{']);
        let value = refang(surface).to_ascii_lowercase();
        let tld_surface = last_label(surface);
        let ok = is_real_domain(&value)
            && value.contains('.')
            && (defanged || plausible_undefanged(tld_surface, &value))
            && !glued_word_after(text, start + surface.len());
        if ok {
            return Some(FoundIndicator {
                kind: IndicatorKind::Domain,
                value,
                start,
                end: start + surface.len(),
            });
        }
        // Retry without the last label: "example.com.The" is a domain and a new sentence.
        surface = &surface[..last_separator(surface)?];
        if !surface.contains('.') && !surface.contains(['[', '(', '{']) {
            return None;
        }
    }
}

/// Byte offset of the last dot (plain or bracketed) in a domain surface.
fn last_separator(surface: &str) -> Option<usize> {
    DEFANGED_DOT
        .find_iter(surface)
        .map(|m| m.start())
        .chain(surface.rfind('.'))
        .max()
}

fn last_label(surface: &str) -> &str {
    let after_plain = surface.rfind('.').map_or(0, |i| i + 1);
    let after_bracket = DEFANGED_DOT
        .find_iter(surface)
        .last()
        .map_or(0, |m| m.end());
    &surface[after_plain.max(after_bracket)..]
}

/// File names and glued sentence ends that would otherwise pass as domains.
fn plausible_undefanged(tld_surface: &str, value: &str) -> bool {
    // "said.It", "2021.Next", "ASP.NET": real hosts are written with a lower-case TLD.
    if tld_surface.chars().any(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let tld = value.rsplit('.').next().unwrap_or("");
    let labels = value.split('.').count();
    // "readme.md", "setup.sh", "archive.zip": file names, unless the text defangs them.
    !(labels == 2 && FILE_EXTENSION_TLDS.contains(&tld))
}

fn is_real_domain(value: &str) -> bool {
    let mut labels = value.split('.');
    let Some(tld) = value.rsplit('.').next() else {
        return false;
    };
    let labels_ok = labels.all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    labels_ok && value.contains('.') && (TLDS.contains(&tld) || tld.starts_with("xn--"))
}

/// Skip a space that a defanging bracket pattern swallowed at either end of a match.
fn trim_defang_space(start: usize, surface: &str) -> (usize, &str) {
    let trimmed_start = surface.trim_start();
    let start = start + (surface.len() - trimmed_start.len());
    (start, trimmed_start.trim_end())
}

/// True when the character before `start` joins it to a longer token.
fn glued_before(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || "-_.@/\\".contains(c))
}

/// True when a letter, digit, `-`, `_` or `@` right after `end` continues the token.
fn glued_word_after(text: &str, end: usize) -> bool {
    text[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || "-_@".contains(c))
}

/// Like [`glued_word_after`], also counting a dot followed by a letter or digit
/// (`1.2.3.4.5` is not an address).
fn glued_after(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    glued_word_after(text, end)
        || (rest.next() == Some('.') && rest.next().is_some_and(|c| c.is_alphanumeric()))
}

fn glued_to_word(text: &str, start: usize, end: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
        || glued_after(text, end)
}

fn ipv4s(text: &str) -> Vec<FoundIndicator> {
    let mut out = Vec::new();
    for m in IPV4.find_iter(text) {
        let value = refang(m.as_str());
        let octets_ok = value.split('.').all(|o| {
            o.parse::<u16>().is_ok_and(|n| n <= 255) && !(o.len() > 1 && o.starts_with('0'))
        });
        let glued = text[..m.start()].ends_with('.')
            || text[..m.start()].ends_with('-')
            || glued_after(text, m.end());
        let defanged = m.as_str().contains(['[', '(', '{']);
        let version = !defanged && looks_like_version(text, m.start(), m.end());
        if octets_ok && !glued && !version {
            out.push(FoundIndicator {
                kind: IndicatorKind::Ipv4,
                value,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    out
}

/// True when the words around a dotted quad at `start..end` make it a software version
/// ("upgrade to 2.5.10.1", "Player 29.0.0.171 and earlier versions") rather than an
/// address; words about networks ("IP address", "C2", "hosted") win over version words.
fn looks_like_version(text: &str, start: usize, end: usize) -> bool {
    let lo = text.floor_char_boundary(start.saturating_sub(120));
    let hi = text.ceil_char_boundary((end + 60).min(text.len()));
    let window = &text[lo..hi];
    VERSION_WORDS.is_match(window) && !NETWORK_WORDS.is_match(window)
}

static VERSION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    build(concat!(
        r"\bv(er(sion)?s?)?\.?\s?\d|\bversions?\b|\bbuilds?\b|\breleases?\b|\bfirmware\b",
        r"|\bpatch(es|ed)?\b|\bupdat(e|es|ed|ing)\b|\bupgrad(e|es|ed|ing)\b|\bbefore\b",
        r"|\b(and|or) (earlier|later|newer|older)\b|\bthrough\b|\bvulnerab(le|ility)\b|\.x\b",
    ))
});
static NETWORK_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    build(concat!(
        r"\bIP(s|v4)?\b|\baddress(es)?\s+(is\s+|was\s+)?\d|\bC2\b|C&C|command[- ]and[- ]control|\bhost(s|ed|ing)?\b",
        r"|\bresolv|\bconnect|\btraffic\b|\bbeacon|\bsubnet|\bnetblock|\bpinged\b|\bscann",
    ))
});

fn ipv6s(text: &str) -> Vec<FoundIndicator> {
    let mut out = Vec::new();
    for m in IPV6.find_iter(text) {
        let surface = m.as_str();
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        let glued = before.is_some_and(|c| c.is_alphanumeric() || c == ':')
            || after.is_some_and(|c| c.is_alphanumeric() || c == ':');
        let groups = surface.split(':').filter(|g| !g.is_empty()).count();
        let shape_ok = (surface.contains("::") && groups >= 2) || groups >= 8;
        if glued || !shape_ok {
            continue;
        }
        if let Ok(addr) = surface.parse::<Ipv6Addr>() {
            out.push(FoundIndicator {
                kind: IndicatorKind::Ipv6,
                value: addr.to_string(),
                start: m.start(),
                end: m.end(),
            });
        }
    }
    out
}

fn hashes(text: &str) -> Vec<FoundIndicator> {
    HASH.find_iter(text)
        .filter_map(|m| {
            let s = m.as_str();
            let kind = match s.len() {
                32 => IndicatorKind::Md5,
                40 => IndicatorKind::Sha1,
                64 => IndicatorKind::Sha256,
                _ => return None,
            };
            let glued = text[..m.start()].ends_with(['-', '.']) || text[m.end()..].starts_with('-');
            (!glued && !s.bytes().all(|b| b.is_ascii_digit())).then(|| FoundIndicator {
                kind,
                value: s.to_ascii_lowercase(),
                start: m.start(),
                end: m.end(),
            })
        })
        .collect()
}

fn cves(text: &str) -> Vec<FoundIndicator> {
    CVE.captures_iter(text)
        .filter_map(|c| {
            let all = c.get(0)?;
            Some(FoundIndicator {
                kind: IndicatorKind::Cve,
                value: format!("CVE-{}-{}", &c[1], &c[2]),
                start: all.start(),
                end: all.end(),
            })
        })
        .collect()
}

/// Common file extensions that are also top-level domains; a two-label name ending in
/// one is read as a file name unless the text defangs it.
const FILE_EXTENSION_TLDS: &[&str] = &[
    "md", "py", "rs", "sh", "pl", "ps", "so", "zip", "mov", "ml", "tf", "sc", "cf",
];

/// Generic top-level domains in common use, and every country-code TLD.
const TLDS: &[&str] = &[
    // Generic and sponsored.
    "com",
    "net",
    "org",
    "info",
    "biz",
    "gov",
    "edu",
    "mil",
    "int",
    "io",
    "app",
    "dev",
    "xyz",
    "top",
    "site",
    "online",
    "club",
    "shop",
    "store",
    "tech",
    "space",
    "website",
    "live",
    "news",
    "cloud",
    "link",
    "click",
    "icu",
    "vip",
    "pro",
    "name",
    "mobi",
    "asia",
    "tel",
    "travel",
    "jobs",
    "museum",
    "aero",
    "coop",
    "cat",
    "onion",
    "zip",
    "mov",
    "blog",
    "page",
    "media",
    "agency",
    "email",
    "digital",
    "network",
    "group",
    "solutions",
    "services",
    "systems",
    "tools",
    "support",
    "security",
    "software",
    "host",
    "hosting",
    "server",
    "download",
    "global",
    "center",
    "company",
    "ltd",
    "inc",
    "bid",
    "loan",
    "review",
    "stream",
    "trade",
    "webcam",
    "science",
    "racing",
    "cricket",
    "accountant",
    "wang",
    "ren",
    "ink",
    "lol",
    "cyou",
    "buzz",
    "monster",
    "sbs",
    "cfd",
    "quest",
    "bond",
    "rest",
    "today",
    "world",
    "life",
    "work",
    "works",
    "fun",
    "run",
    "gdn",
    "men",
    "party",
    "date",
    "win",
    "help",
    "finance",
    "bank",
    "money",
    "capital",
    "exchange",
    "market",
    "trading",
    "crypto",
    "tokyo",
    "moscow",
    "berlin",
    "london",
    "nyc",
    "paris",
    "eus",
    "scot",
    "wales",
    "africa",
    "arpa",
    // Country codes.
    "ac",
    "ad",
    "ae",
    "af",
    "ag",
    "ai",
    "al",
    "am",
    "ao",
    "aq",
    "ar",
    "as",
    "at",
    "au",
    "aw",
    "ax",
    "az",
    "ba",
    "bb",
    "bd",
    "be",
    "bf",
    "bg",
    "bh",
    "bi",
    "bj",
    "bm",
    "bn",
    "bo",
    "br",
    "bs",
    "bt",
    "bw",
    "by",
    "bz",
    "ca",
    "cc",
    "cd",
    "cf",
    "cg",
    "ch",
    "ci",
    "ck",
    "cl",
    "cm",
    "cn",
    "co",
    "cr",
    "cu",
    "cv",
    "cw",
    "cx",
    "cy",
    "cz",
    "de",
    "dj",
    "dk",
    "dm",
    "do",
    "dz",
    "ec",
    "ee",
    "eg",
    "er",
    "es",
    "et",
    "eu",
    "fi",
    "fj",
    "fk",
    "fm",
    "fo",
    "fr",
    "ga",
    "gb",
    "gd",
    "ge",
    "gf",
    "gg",
    "gh",
    "gi",
    "gl",
    "gm",
    "gn",
    "gp",
    "gq",
    "gr",
    "gs",
    "gt",
    "gu",
    "gw",
    "gy",
    "hk",
    "hm",
    "hn",
    "hr",
    "ht",
    "hu",
    "id",
    "ie",
    "il",
    "im",
    "in",
    "iq",
    "ir",
    "is",
    "it",
    "je",
    "jm",
    "jo",
    "jp",
    "ke",
    "kg",
    "kh",
    "ki",
    "km",
    "kn",
    "kp",
    "kr",
    "kw",
    "ky",
    "kz",
    "la",
    "lb",
    "lc",
    "li",
    "lk",
    "lr",
    "ls",
    "lt",
    "lu",
    "lv",
    "ly",
    "ma",
    "mc",
    "md",
    "me",
    "mg",
    "mh",
    "mk",
    "ml",
    "mm",
    "mn",
    "mo",
    "mp",
    "mq",
    "mr",
    "ms",
    "mt",
    "mu",
    "mv",
    "mw",
    "mx",
    "my",
    "mz",
    "na",
    "nc",
    "ne",
    "nf",
    "ng",
    "ni",
    "nl",
    "no",
    "np",
    "nr",
    "nu",
    "nz",
    "om",
    "pa",
    "pe",
    "pf",
    "pg",
    "ph",
    "pk",
    "pl",
    "pm",
    "pn",
    "pr",
    "ps",
    "pt",
    "pw",
    "py",
    "qa",
    "re",
    "ro",
    "rs",
    "ru",
    "rw",
    "sa",
    "sb",
    "sc",
    "sd",
    "se",
    "sg",
    "sh",
    "si",
    "sk",
    "sl",
    "sm",
    "sn",
    "so",
    "sr",
    "ss",
    "st",
    "su",
    "sv",
    "sx",
    "sy",
    "sz",
    "tc",
    "td",
    "tf",
    "tg",
    "th",
    "tj",
    "tk",
    "tl",
    "tm",
    "tn",
    "to",
    "tr",
    "tt",
    "tv",
    "tw",
    "tz",
    "ua",
    "ug",
    "uk",
    "us",
    "uy",
    "uz",
    "va",
    "vc",
    "ve",
    "vg",
    "vi",
    "vn",
    "vu",
    "wf",
    "ws",
    "ye",
    "yt",
    "za",
    "zm",
    "zw",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(IndicatorKind, String)> {
        find_indicators(text)
            .into_iter()
            .map(|f| (f.kind, f.value))
            .collect()
    }

    fn surfaces(text: &str) -> Vec<&str> {
        find_indicators(text)
            .iter()
            .map(|f| &text[f.start..f.end])
            .collect()
    }

    #[test]
    fn defanged_url_is_refanged_and_its_host_not_repeated() {
        let text = "The implant beaconed to hxxps://update-check[.]example[.]net/api/v2?id=7, \
                    then to fxp://files(.)example(.)org/drop.";
        assert_eq!(
            values(text),
            [
                (
                    IndicatorKind::Url,
                    "https://update-check.example.net/api/v2?id=7".to_string()
                ),
                (
                    IndicatorKind::Url,
                    "ftp://files.example.org/drop".to_string()
                ),
            ]
        );
        assert_eq!(
            surfaces(text),
            [
                "hxxps://update-check[.]example[.]net/api/v2?id=7",
                "fxp://files(.)example(.)org/drop"
            ]
        );
    }

    #[test]
    fn url_keeps_balanced_parentheses_and_drops_sentence_punctuation() {
        let text =
            "See (https://en.example.org/wiki/Lazarus_(group)). Also http[:]//203.0.113.9:8080/x!";
        assert_eq!(
            values(text),
            [
                (
                    IndicatorKind::Url,
                    "https://en.example.org/wiki/Lazarus_(group)".to_string()
                ),
                (IndicatorKind::Url, "http://203.0.113.9:8080/x".to_string()),
            ]
        );
    }

    #[test]
    fn domains_need_a_real_tld_and_are_not_file_names() {
        let text = "Victims opened update.exe and report.pdf, ran setup.sh with Node.js, \
                    then contacted login-portal.example.com and evil[.]zip (not readme.md).";
        assert_eq!(
            values(text),
            [
                (
                    IndicatorKind::Domain,
                    "login-portal.example.com".to_string()
                ),
                (IndicatorKind::Domain, "evil.zip".to_string()),
            ]
        );
    }

    #[test]
    fn abbreviations_decimals_and_glued_sentences_are_not_domains() {
        let text = "The U.S. and U.K. said, e.g. in 2021.Next year growth was 3.5 percent, \
                    the minister said.It was Ph.D. work at 9 a.m. with ASP.NET code.";
        assert!(find_indicators(text).is_empty(), "{:?}", values(text));
    }

    #[test]
    fn glued_sentence_end_after_a_domain_is_trimmed() {
        let text = "The payload came from cdn.example.ru.The group also used bad-actor.cn.";
        assert_eq!(
            values(text),
            [
                (IndicatorKind::Domain, "cdn.example.ru".to_string()),
                (IndicatorKind::Domain, "bad-actor.cn".to_string()),
            ]
        );
    }

    #[test]
    fn ipv4_needs_valid_octets_and_no_version_context() {
        let text = "Traffic went to 198.51.100.23 and 10[.]0[.]0[.]5, not 300.1.2.3 or 1.2.3.4.5.";
        assert_eq!(
            values(text),
            [
                (IndicatorKind::Ipv4, "198.51.100.23".to_string()),
                (IndicatorKind::Ipv4, "10.0.0.5".to_string()),
            ]
        );
        for version in [
            "The fix is in version 1.2.3.4 of the agent.",
            "Users should upgrade the suite to 4.2.10.1 as soon as possible.",
            "Viewer 31.0.0.122 and earlier releases are affected.",
            "Affected: 7.1.x before 7.1.14.2, which is vulnerable.",
            "The patch will address bugs in Viewer 31.0.0.122 and older builds.",
        ] {
            assert!(find_indicators(version).is_empty(), "{version}");
        }
        let both = "After the update, the implant connected to the IP address 192.0.2.44.";
        assert_eq!(
            values(both),
            [(IndicatorKind::Ipv4, "192.0.2.44".to_string())]
        );
    }

    #[test]
    fn ipv6_is_validated_and_times_are_not_addresses() {
        let text = "C2 at 2001:db8::7334 and fe80:0:0:0:0:0:0:1 at 10:32:15 on the server.";
        assert_eq!(
            values(text),
            [
                (IndicatorKind::Ipv6, "2001:db8::7334".to_string()),
                (IndicatorKind::Ipv6, "fe80::1".to_string()),
            ]
        );
    }

    #[test]
    fn hashes_by_exact_length_not_all_digits() {
        let md5 = "d41d8cd98f00b204e9800998ecf8427e";
        let sha1 = "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709";
        let sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let digits = "12345678901234567890123456789012";
        let text = format!("Samples {md5}, {sha1}; {sha256}. Order {digits} and {md5}ab.");
        assert_eq!(
            values(&text),
            [
                (IndicatorKind::Md5, md5.to_string()),
                (IndicatorKind::Sha1, sha1.to_ascii_lowercase()),
                (IndicatorKind::Sha256, sha256.to_string()),
            ]
        );
    }

    #[test]
    fn emails_plain_and_defanged_without_a_separate_domain() {
        let text = "Write to soc-team@example.org or phish.ops[at]mail[.]example[.]com; \
                    the handle @example.com is not an address.";
        assert_eq!(
            values(text),
            [
                (IndicatorKind::Email, "soc-team@example.org".to_string()),
                (
                    IndicatorKind::Email,
                    "phish.ops@mail.example.com".to_string()
                ),
            ]
        );
    }

    #[test]
    fn cve_ids_with_hyphen_or_dash_are_upper_cased() {
        let text = "It exploited cve-2023-23397 and CVE–2021–44228, but not CVE 2020 1472.";
        assert_eq!(
            values(text),
            [
                (IndicatorKind::Cve, "CVE-2023-23397".to_string()),
                (IndicatorKind::Cve, "CVE-2021-44228".to_string()),
            ]
        );
        assert_eq!(surfaces(text)[1], "CVE–2021–44228");
    }

    #[test]
    fn offsets_are_bytes_of_the_surface_form() {
        let text = "Sérgio’s note: evil[.]example[.]ru hosted it.";
        let found = find_indicators(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "evil[.]example[.]ru");
        assert_eq!(found[0].value, "evil.example.ru");
    }

    #[test]
    fn refang_handles_common_forms() {
        assert_eq!(refang("hXXp://a[.]b(dot)c/x"), "http://a.b.c/x");
        assert_eq!(refang("h[tt]ps[:]//x[.]io"), "https://x.io");
        assert_eq!(refang("user[@]x{.}org"), "user@x.org");
    }
}
