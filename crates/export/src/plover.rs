//! One CSV row per event, coded in the PLOVER/POLECAT style: who does what to whom,
//! when, where it is reported and the sentence that says so.

use std::io::Write;

use dossier_model::{Document, Event, EventType, Role};

use crate::ExportError;
use crate::ids::uuid_of;
use crate::select::{Selection, iso_day, link_of_doc};

/// A PLOVER event category with dossier's mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PloverCode {
    /// PLOVER/POLECAT event type (`ACCUSE`, `REJECT`, `SANCTION`, ...).
    pub event_type: &'static str,
    /// The mode (how): a word of dossier's, e.g. `attribute`, `summon`, `cyber`.
    pub mode: &'static str,
    /// The role whose arguments are the source actor.
    actor: Role,
    /// The role whose arguments are the recipient.
    recipient: Role,
}

/// The PLOVER category of a dossier event type; None for types that are no interaction
/// between political actors (advisories, patches, vulnerability discoveries).
pub fn plover_code(kind: EventType) -> Option<PloverCode> {
    use EventType::*;
    let code = |event_type, mode, actor, recipient| {
        Some(PloverCode {
            event_type,
            mode,
            actor,
            recipient,
        })
    };
    match kind {
        Attribution => code("ACCUSE", "attribute", Role::Speaker, Role::Accused),
        Warning => code("ACCUSE", "warn", Role::Speaker, Role::Accused),
        Denial => code("REJECT", "deny", Role::Speaker, Role::Accused),
        Summons => code("ACCUSE", "summon", Role::By, Role::Against),
        Indictment => code("ACCUSE", "indict", Role::By, Role::Against),
        Sanction => code("SANCTION", "sanction", Role::By, Role::Against),
        Expulsion => code("SANCTION", "expel", Role::By, Role::Against),
        DiplomaticTalks => code("CONSULT", "talks", Role::By, Role::Against),
        Arrest => code("COERCE", "arrest", Role::By, Role::Against),
        Takedown => code("COERCE", "seize", Role::By, Role::Against),
        Intrusion | Espionage | DataBreach | Phishing | Ransom | Disruption | Influence
        | FinancialTheft => code("ASSAULT", "cyber", Role::Attacker, Role::Victim),
        VulnerabilityDiscovery | Patch | Advisory => None,
    }
}

/// The header of the PLOVER CSV.
pub(crate) const PLOVER_COLUMNS: [&str; 15] = [
    "event_id",
    "event_date",
    "event_type",
    "event_mode",
    "context",
    "actor_name",
    "actor_country",
    "recipient_name",
    "recipient_country",
    "dossier_type",
    "realis",
    "hedge",
    "article_id",
    "source",
    "quote",
];

/// Write the header and one row per codable event of the selected articles.
pub(crate) fn write_events(sel: &Selection<'_>, out: &mut dyn Write) -> Result<(), ExportError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(PLOVER_COLUMNS)?;
    for doc in &sel.docs {
        for (n, event) in doc.events.iter().enumerate() {
            if let Some(code) = plover_code(event.kind) {
                w.write_record(row(doc, n, event, code, sel))?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

fn row(
    doc: &Document,
    n: usize,
    event: &Event,
    code: PloverCode,
    sel: &Selection<'_>,
) -> Vec<String> {
    let (actor, actor_country) = parties(doc, event, code.actor);
    let (recipient, recipient_country) = parties(doc, event, code.recipient);
    let date = event
        .time
        .as_ref()
        .and_then(|t| t.value.clone())
        .or_else(|| doc.meta.published.map(|d| d.to_string()))
        .unwrap_or_else(|| iso_day(sel.fallback));
    vec![
        uuid_of(&format!("plover|{}|{n}", doc.id)).to_string(),
        date,
        code.event_type.to_string(),
        code.mode.to_string(),
        "cyber".to_string(),
        actor,
        actor_country,
        recipient,
        recipient_country,
        event.kind.as_str().to_string(),
        event.realis.as_str().to_string(),
        event.hedge.clone().unwrap_or_default(),
        doc.id.clone(),
        link_of_doc(doc).to_string(),
        doc.slice(event.sentence).trim().to_string(),
    ]
}

/// Names and ISO codes of the arguments in a role, each joined by `"; "`.
fn parties(doc: &Document, event: &Event, role: Role) -> (String, String) {
    let mut names: Vec<String> = Vec::new();
    let mut countries: Vec<String> = Vec::new();
    for arg in event.args_with(role) {
        let entity = arg.entity.as_deref().and_then(|id| doc.entity(id));
        let name = entity
            .map_or(arg.text.as_str(), |e| e.name.as_str())
            .to_string();
        if !names.contains(&name) {
            names.push(name);
        }
        if let Some(c) = entity.and_then(|e| e.country.clone())
            && !countries.contains(&c)
        {
            countries.push(c);
        }
    }
    (names.join("; "), countries.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_and_responses_map_to_plover_categories() {
        let t = |k| plover_code(k).map(|c| c.event_type);
        assert_eq!(t(EventType::Attribution), Some("ACCUSE"));
        assert_eq!(t(EventType::Denial), Some("REJECT"));
        assert_eq!(t(EventType::Sanction), Some("SANCTION"));
        assert_eq!(t(EventType::DiplomaticTalks), Some("CONSULT"));
        assert_eq!(t(EventType::Espionage), Some("ASSAULT"));
        assert_eq!(t(EventType::Patch), None);
    }
}
