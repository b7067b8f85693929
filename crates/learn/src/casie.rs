//! Reading the CASIE corpus: annotation files, split lists and gold spans.

use std::path::Path;

use serde::Deserialize;

use crate::LearnError;

/// The five CASIE event subtypes, in a fixed order (the trigger model's classes).
pub const SUBTYPES: [&str; 5] = [
    "Databreach",
    "Phishing",
    "Ransom",
    "DiscoverVulnerability",
    "PatchVulnerability",
];

/// The index of a CASIE subtype name in [`SUBTYPES`].
pub fn subtype_index(name: &str) -> Option<usize> {
    SUBTYPES.iter().position(|s| *s == name)
}

/// The contract's event type for a CASIE subtype index.
pub fn event_type_of(subtype: usize) -> Option<dossier_model::EventType> {
    use dossier_model::EventType;
    Some(match subtype {
        0 => EventType::DataBreach,
        1 => EventType::Phishing,
        2 => EventType::Ransom,
        3 => EventType::VulnerabilityDiscovery,
        4 => EventType::Patch,
        _ => return None,
    })
}

/// The CASIE subtype index of a contract event type, if it is one of the five.
pub fn subtype_of(kind: dossier_model::EventType) -> Option<usize> {
    (0..SUBTYPES.len()).find(|&i| event_type_of(i) == Some(kind))
}

/// A role name as the scorer compares it: lower-case, '_' as '-'.
pub fn norm_role(role: &str) -> String {
    role.trim().to_lowercase().replace('_', "-")
}

#[derive(Deserialize)]
struct RawDoc {
    content: String,
    #[serde(default)]
    cyberevent: Option<RawCyber>,
}

#[derive(Deserialize)]
struct RawCyber {
    #[serde(default)]
    hopper: Vec<RawHopper>,
}

#[derive(Deserialize)]
struct RawHopper {
    #[serde(default)]
    events: Vec<RawEvent>,
}

#[derive(Deserialize)]
struct RawSpan {
    #[serde(rename = "startOffset")]
    start: usize,
    #[serde(rename = "endOffset")]
    end: usize,
    text: String,
}

#[derive(Deserialize)]
struct RawRole {
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct RawArg {
    #[serde(flatten)]
    span: RawSpan,
    role: RawRole,
}

#[derive(Deserialize)]
struct RawEvent {
    subtype: String,
    #[serde(default)]
    realis: Option<String>,
    nugget: RawSpan,
    #[serde(default)]
    argument: Vec<RawArg>,
}

/// A gold argument: normalised role name and corrected code-point span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldArg {
    /// Role, normalised with [`norm_role`].
    pub role: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// A gold event with corrected spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldEvent {
    /// Index into [`SUBTYPES`].
    pub subtype: usize,
    /// Realis label as annotated, lower-case ("actual", "generic", "other").
    pub realis: String,
    /// Trigger span start.
    pub start: usize,
    /// Trigger span end.
    pub end: usize,
    /// Arguments.
    pub args: Vec<GoldArg>,
}

/// One annotated CASIE document.
#[derive(Debug, Clone)]
pub struct CasieDoc {
    /// File stem of the annotation file.
    pub id: String,
    /// The text every offset points into.
    pub text: String,
    /// The gold events in file order.
    pub events: Vec<GoldEvent>,
}

/// The span of `text` near `start..end` in `content`, as the scorer's `fix_span` finds it.
///
/// Some CASIE spans are shifted by a few characters; the annotated text is searched up to 7
/// code points either side, nearer first and left before right.
pub fn fix_span(content: &[char], start: usize, end: usize, text: &str) -> (usize, usize) {
    let wanted: Vec<char> = text.chars().collect();
    let slice = |s: usize, e: usize| -> &[char] {
        let e = e.min(content.len());
        let s = s.min(e);
        &content[s..e]
    };
    if slice(start, end) == wanted.as_slice() {
        return (start, end);
    }
    for delta in 1..8usize {
        let candidates = [start.checked_sub(delta), Some(start + delta)];
        for s in candidates.into_iter().flatten() {
            if slice(s, s + wanted.len()) == wanted.as_slice() {
                return (s, s + wanted.len());
            }
        }
    }
    (start, end)
}

/// Reads one annotation file, correcting shifted spans.
pub fn read_doc(path: &Path) -> Result<CasieDoc, LearnError> {
    let bytes = std::fs::read(path).map_err(|e| LearnError::io(path, e))?;
    let raw: RawDoc = serde_json::from_slice(&bytes).map_err(|e| LearnError::Json {
        path: path.display().to_string(),
        source: e,
    })?;
    let content: Vec<char> = raw.content.chars().collect();
    let mut events = Vec::new();
    for hopper in raw.cyberevent.map(|c| c.hopper).unwrap_or_default() {
        for ev in hopper.events {
            let Some(subtype) = subtype_index(&ev.subtype) else {
                continue;
            };
            let (start, end) = fix_span(&content, ev.nugget.start, ev.nugget.end, &ev.nugget.text);
            let args = ev
                .argument
                .iter()
                .map(|a| {
                    let (start, end) = fix_span(&content, a.span.start, a.span.end, &a.span.text);
                    GoldArg {
                        role: norm_role(&a.role.kind),
                        start,
                        end,
                    }
                })
                .collect();
            events.push(GoldEvent {
                subtype,
                realis: ev.realis.unwrap_or_default().to_lowercase(),
                start,
                end,
                args,
            });
        }
    }
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(CasieDoc {
        id,
        text: raw.content,
        events,
    })
}

/// Document ids listed in a split file (one per line, optional ".txt"/".json" suffix).
pub fn read_split(path: &Path) -> Result<Vec<String>, LearnError> {
    let text = std::fs::read_to_string(path).map_err(|e| LearnError::io(path, e))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.trim_end_matches(".txt")
                .trim_end_matches(".json")
                .to_string()
        })
        .collect())
}

/// The documents of a split, in the split file's order. `data_dir` is the directory of
/// the annotation files or the CASIE root that holds them in `annotation/`.
pub fn read_split_docs(data_dir: &Path, split: &Path) -> Result<Vec<CasieDoc>, LearnError> {
    let nested = data_dir.join("annotation");
    read_split(split)?
        .iter()
        .map(|id| {
            let name = format!("{id}.json");
            let direct = data_dir.join(&name);
            if !direct.exists() && nested.join(&name).exists() {
                read_doc(&nested.join(&name))
            } else {
                read_doc(&direct)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_docs_are_found_in_an_annotation_subdirectory() {
        let root = std::env::temp_dir().join(format!("dossier-learn-split-{}", std::process::id()));
        let annotation = root.join("annotation");
        std::fs::create_dir_all(&annotation).expect("temp dir");
        let doc = r#"{"content": "Hackers stole data.", "cyberevent": {"hopper": [{"events": [
            {"subtype": "Databreach", "realis": "Actual",
             "nugget": {"startOffset": 8, "endOffset": 13, "text": "stole"},
             "argument": [{"startOffset": 0, "endOffset": 7, "text": "Hackers",
                           "role": {"type": "Attacker"}}]}]}]}}"#;
        std::fs::write(annotation.join("7.json"), doc).expect("write doc");
        std::fs::write(root.join("train.txt"), "7\n").expect("write split");
        let docs = read_split_docs(&root, &root.join("train.txt")).expect("docs");
        std::fs::remove_dir_all(&root).ok();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].events[0].args[0].role, "attacker");
    }

    #[test]
    fn fix_span_finds_text_shifted_left_or_right() {
        let content: Vec<char> = "the ransomware hit".chars().collect();
        assert_eq!(fix_span(&content, 4, 14, "ransomware"), (4, 14));
        assert_eq!(fix_span(&content, 6, 16, "ransomware"), (4, 14));
        assert_eq!(fix_span(&content, 1, 11, "ransomware"), (4, 14));
        // Not found: the span is kept as given.
        assert_eq!(fix_span(&content, 0, 3, "worm"), (0, 3));
    }

    #[test]
    fn norm_role_matches_scorer() {
        assert_eq!(norm_role("Vulnerable_System"), "vulnerable-system");
        assert_eq!(norm_role("Number-of-Data"), "number-of-data");
    }

    #[test]
    fn subtype_maps_round_trip() {
        for i in 0..SUBTYPES.len() {
            let kind = event_type_of(i).expect("mapped");
            assert_eq!(subtype_of(kind), Some(i));
        }
    }
}
