//! The STIX 2.1 bundle.
//!
//! Objects are built in a fixed order (dossier's identity, then each article's entities
//! and indicators, then each incident with its relationships, opinions and notes, then one
//! report per article), each once: an object met again only gains the dates and
//! articles it is seen in. `created`/`modified` are the earliest and latest of those
//! article dates, so a re-export after new reporting bumps `modified` and keeps the id.

use std::collections::{BTreeSet, HashMap};

use dossier_kb::Kb;
use dossier_model::incident::{ArticleRef, AttributionRecord, Incident};
use dossier_model::{Document, Entity, EntityKind, Indicator, IndicatorKind, PartialDate};
use serde_json::{Map, Value, json};

use crate::confidence::confidence_of_hedge;
use crate::ids::{stix_id, uuid_of};
use crate::select::{Selection, is_url, link_of_doc, link_of_ref, stix_time};

/// When dossier's own identity was first published; fixed so exports stay reproducible.
const DOSSIER_SINCE: PartialDate = PartialDate {
    year: 2024,
    month: Some(1),
    day: Some(1),
};

/// Where and when an object is seen: article ids and their dates.
#[derive(Debug, Default, Clone)]
struct Seen {
    dates: BTreeSet<PartialDate>,
    docs: BTreeSet<String>,
}

impl Seen {
    fn doc(doc: &Document) -> Seen {
        Seen {
            dates: doc.meta.published.into_iter().collect(),
            docs: BTreeSet::from([doc.id.clone()]),
        }
    }

    fn refs(sel: &Selection<'_>, refs: &[ArticleRef]) -> Seen {
        Seen {
            dates: refs.iter().filter_map(|r| sel.date_of_ref(r)).collect(),
            docs: refs.iter().map(|r| r.id.clone()).collect(),
        }
    }

    fn merge(&mut self, other: &Seen) {
        self.dates.extend(other.dates.iter().copied());
        self.docs.extend(other.docs.iter().cloned());
    }
}

struct Obj {
    body: Map<String, Value>,
    seen: Seen,
}

/// Objects in creation order, each once.
struct Builder<'a> {
    sel: &'a Selection<'a>,
    kb: &'a Kb,
    order: Vec<String>,
    objs: HashMap<String, Obj>,
    dossier: String,
}

/// The bundle of the selection.
pub(crate) fn bundle(sel: &Selection<'_>, kb: &Kb) -> Value {
    let mut b = Builder::new(sel, kb);
    for doc in &sel.docs {
        b.article_entities(doc);
    }
    for incident in &sel.incidents {
        b.incident(incident);
    }
    let reports: Vec<Value> = sel.docs.iter().map(|d| b.report(d)).collect();
    let mut objects: Vec<Value> = b.finish();
    objects.extend(reports);
    let ids: Vec<&str> = objects
        .iter()
        .filter_map(|o| o.get("id").and_then(Value::as_str))
        .collect();
    let bundle_id = format!("bundle--{}", uuid_of(&format!("bundle|{}", ids.join(","))));
    json!({"type": "bundle", "id": bundle_id, "objects": objects})
}

impl<'a> Builder<'a> {
    fn new(sel: &'a Selection<'a>, kb: &'a Kb) -> Self {
        let mut b = Builder {
            sel,
            kb,
            order: Vec::new(),
            objs: HashMap::new(),
            dossier: String::new(),
        };
        let mut body = Map::new();
        body.insert("name".into(), json!("dossier"));
        body.insert("identity_class".into(), json!("system"));
        body.insert(
            "description".into(),
            json!("Open-source reporting on state cyber operations, extracted by dossier."),
        );
        let seen = Seen {
            dates: BTreeSet::from([DOSSIER_SINCE]),
            docs: BTreeSet::new(),
        };
        b.dossier = b.put("identity", "dossier", seen, body);
        b
    }

    /// Add an object unless it exists; either way record where it is seen. `body` holds
    /// the type-specific properties; the common ones are added here.
    fn put(&mut self, stix_type: &str, key: &str, seen: Seen, body: Map<String, Value>) -> String {
        let id = stix_id(stix_type, key);
        if let Some(obj) = self.objs.get_mut(&id) {
            obj.seen.merge(&seen);
            return id;
        }
        let mut body = body;
        body.insert("type".into(), json!(stix_type));
        body.insert("spec_version".into(), json!("2.1"));
        body.insert("id".into(), json!(id));
        if !body.contains_key("created_by_ref") && !self.dossier.is_empty() {
            body.insert("created_by_ref".into(), json!(self.dossier));
        }
        self.order.push(id.clone());
        self.objs.insert(id.clone(), Obj { body, seen });
        id
    }

    /// Every object but the reports, with `created`/`modified` from the dates seen.
    fn finish(&mut self) -> Vec<Value> {
        let fallback = self.sel.fallback;
        self.order
            .iter()
            .filter_map(|id| self.objs.get(id))
            .map(|obj| {
                let mut body = obj.body.clone();
                let first = obj.seen.dates.first().copied().unwrap_or(fallback);
                let last = obj.seen.dates.last().copied().unwrap_or(fallback);
                body.insert("created".into(), json!(stix_time(first)));
                body.insert("modified".into(), json!(stix_time(last)));
                Value::Object(body)
            })
            .collect()
    }

    // ----- articles -------------------------------------------------------------------

    /// The objects an article's entities and indicators stand for.
    fn article_entities(&mut self, doc: &Document) {
        let seen = Seen::doc(doc);
        if let Some(outlet) = doc.meta.outlet.as_deref() {
            let mut body = Map::new();
            body.insert("name".into(), json!(outlet));
            body.insert("identity_class".into(), json!("organization"));
            body.insert("sectors".into(), json!(["communications"]));
            self.put("identity", &outlet_key(outlet), seen.clone(), body);
        }
        for e in &doc.entities {
            self.mentioned(e, &seen);
        }
        let mut done = BTreeSet::new();
        for ind in &doc.indicators {
            if done.insert((ind.kind, ind.value.as_str())) {
                self.indicator(ind, doc, &seen);
            }
        }
    }

    /// The object an entity named in an article maps to, if any.
    fn mentioned(&mut self, e: &Entity, seen: &Seen) -> Option<String> {
        match e.kind {
            EntityKind::Country | EntityKind::Location => self.place(e, seen),
            EntityKind::ThreatActor => self.actor(e, seen),
            EntityKind::Malware | EntityKind::Tool => Some(self.software(e, seen)),
            EntityKind::Vulnerability => Some(self.vulnerability(e, seen)),
            EntityKind::Product => None,
            _ => Some(self.party(e, seen)),
        }
    }

    fn indicator(&mut self, ind: &Indicator, doc: &Document, seen: &Seen) -> Option<String> {
        if ind.kind == IndicatorKind::Cve {
            return Some(self.cve(&ind.value, seen));
        }
        let pattern = pattern_of(ind)?;
        let mut body = Map::new();
        body.insert("name".into(), json!(ind.value));
        body.insert(
            "description".into(),
            json!(format!(
                "{} named in open-source reporting ({}); not vetted as malicious.",
                ind.kind.as_str(),
                link_of_doc(doc)
            )),
        );
        body.insert("indicator_types".into(), json!(["unknown"]));
        body.insert("pattern".into(), json!(pattern));
        body.insert("pattern_type".into(), json!("stix"));
        body.insert("pattern_version".into(), json!("2.1"));
        let valid_from = doc.meta.published.unwrap_or(self.sel.fallback);
        body.insert("valid_from".into(), json!(stix_time(valid_from)));
        let key = format!("{}|{}", ind.kind.as_str(), ind.value);
        Some(self.put("indicator", &key, seen.clone(), body))
    }

    // ----- entities -------------------------------------------------------------------

    /// A speaker, victim or organisation as an `identity`.
    fn party(&mut self, e: &Entity, seen: &Seen) -> String {
        let mut body = Map::new();
        body.insert("name".into(), json!(e.name));
        body.insert("identity_class".into(), json!(identity_class(e.kind)));
        let sectors = sectors_of(e);
        if !sectors.is_empty() {
            body.insert("sectors".into(), json!(sectors));
        }
        self.describe(&mut body, e);
        let id = self.put("identity", &e.id, seen.clone(), body);
        if let Some(code) = e
            .country
            .as_deref()
            .filter(|_| e.kind != EntityKind::Sector)
        {
            let place = self.country(code, seen);
            self.relate("located-at", &id, &place, seen, None);
        }
        id
    }

    /// A state or a place as a `location`; None for a place of no known state.
    fn place(&mut self, e: &Entity, seen: &Seen) -> Option<String> {
        let code = e.country.as_deref()?;
        if e.kind == EntityKind::Country {
            return Some(self.country(code, seen));
        }
        let mut body = Map::new();
        body.insert("name".into(), json!(e.name));
        body.insert("country".into(), json!(code));
        Some(self.put("location", &e.id, seen.clone(), body))
    }

    /// The `location` of a state by its ISO code.
    fn country(&mut self, code: &str, seen: &Seen) -> String {
        let key = format!("country:{code}");
        let name = self
            .kb
            .get(&key)
            .map_or_else(|| code.to_string(), |k| k.name.clone());
        let mut body = Map::new();
        body.insert("name".into(), json!(name));
        body.insert("country".into(), json!(code));
        self.put("location", &key, seen.clone(), body)
    }

    /// A named group as an `intrusion-set`; an unnamed group, a state or any other
    /// accused as a `threat-actor`. None for things that cannot act (malware, products).
    fn actor(&mut self, e: &Entity, seen: &Seen) -> Option<String> {
        if e.kind == EntityKind::Location {
            // "Beijing" accused stands for the state it is the capital of.
            let state = self.state_of(e.country.as_deref()?);
            return self.actor(&state, seen);
        }
        let mut body = Map::new();
        body.insert("name".into(), json!(e.name));
        self.describe(&mut body, e);
        let named_group = e.kind == EntityKind::ThreatActor && e.is_linked();
        let (stix_type, link) = if named_group {
            ("intrusion-set", "originates-from")
        } else {
            let types = match e.kind {
                _ if e.kind.is_state_organ() => "nation-state",
                EntityKind::ThreatActor if e.country.is_some() => "nation-state",
                EntityKind::ThreatActor
                | EntityKind::Person
                | EntityKind::Company
                | EntityKind::Organization => "unknown",
                _ => return None,
            };
            body.insert("threat_actor_types".into(), json!([types]));
            ("threat-actor", "located-at")
        };
        let id = self.put(stix_type, &e.id, seen.clone(), body);
        if let Some(code) = e.country.as_deref() {
            let place = self.country(code, seen);
            self.relate(link, &id, &place, seen, None);
        }
        Some(id)
    }

    /// The country entity of an ISO code, named as the KB names it.
    fn state_of(&self, code: &str) -> Entity {
        let id = format!("country:{code}");
        let name = self
            .kb
            .get(&id)
            .map_or_else(|| code.to_string(), |k| k.name.clone());
        Entity {
            id,
            name,
            kind: EntityKind::Country,
            country: Some(code.to_string()),
            aliases_matched: Vec::new(),
            mentions: Vec::new(),
        }
    }

    /// Malware (a family) or a tool.
    fn software(&mut self, e: &Entity, seen: &Seen) -> String {
        let mut body = Map::new();
        body.insert("name".into(), json!(e.name));
        self.describe(&mut body, e);
        if e.kind == EntityKind::Malware {
            body.insert("is_family".into(), json!(true));
            self.put("malware", &e.id, seen.clone(), body)
        } else {
            self.put("tool", &e.id, seen.clone(), body)
        }
    }

    /// A vulnerability entity: by its CVE id when it has one.
    fn vulnerability(&mut self, e: &Entity, seen: &Seen) -> String {
        let cve = self
            .kb
            .get(&e.id)
            .and_then(|k| k.external_ids.get("cve").cloned())
            .or_else(|| is_cve(&e.name).then(|| e.name.to_uppercase()));
        match cve {
            Some(cve) => self.cve(&cve, seen),
            None => {
                let mut body = Map::new();
                body.insert("name".into(), json!(e.name));
                self.describe(&mut body, e);
                self.put("vulnerability", &e.id, seen.clone(), body)
            }
        }
    }

    /// A vulnerability by CVE id.
    fn cve(&mut self, cve: &str, seen: &Seen) -> String {
        let cve = cve.trim().to_uppercase();
        let mut body = Map::new();
        body.insert("name".into(), json!(cve));
        body.insert(
            "external_references".into(),
            json!([{"source_name": "cve", "external_id": cve,
                    "url": format!("https://www.cve.org/CVERecord?id={cve}")}]),
        );
        self.put("vulnerability", &cve, seen.clone(), body)
    }

    /// Aliases, description and ATT&CK references from the KB.
    fn describe(&self, body: &mut Map<String, Value>, e: &Entity) {
        let Some(entry) = self.kb.get(&e.id) else {
            return;
        };
        let aliases: Vec<&str> = entry
            .aliases
            .iter()
            .map(|a| a.text.as_str())
            .filter(|a| *a != e.name)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let takes_aliases = matches!(
            e.kind,
            EntityKind::ThreatActor | EntityKind::Malware | EntityKind::Tool
        );
        if takes_aliases && !aliases.is_empty() {
            body.insert("aliases".into(), json!(aliases));
        }
        if let Some(d) = &entry.description {
            body.insert("description".into(), json!(d));
        }
        if let Some(attack) = entry.external_ids.get("mitre-attack") {
            let path = if attack.starts_with('G') {
                "groups"
            } else {
                "software"
            };
            body.insert(
                "external_references".into(),
                json!([{"source_name": "mitre-attack", "external_id": attack,
                        "url": format!("https://attack.mitre.org/{path}/{attack}/")}]),
            );
        }
    }

    // ----- incidents ------------------------------------------------------------------

    fn incident(&mut self, incident: &Incident) {
        let seen = Seen::refs(self.sel, &incident.articles);
        let mut body = Map::new();
        body.insert("name".into(), json!(incident.title));
        body.insert("description".into(), json!(incident_summary(incident)));
        let refs = external_refs(self.sel, &incident.articles);
        if !refs.is_empty() {
            body.insert("external_references".into(), Value::Array(refs));
        }
        let id = self.put("incident", &incident.id, seen.clone(), body);

        let victims: Vec<String> = incident
            .victims
            .iter()
            .filter_map(|v| self.victim(v, &seen))
            .collect();
        let attributed = self.attributions(incident, &id);
        let mut actors: Vec<String> = Vec::new();
        for a in &attributed {
            if !actors.contains(&a.actor) {
                actors.push(a.actor.clone());
            }
        }
        // Actors the reporting names without anyone's attribution statement.
        for a in &incident.actors {
            if let Some(actor) = self.actor(a, &seen)
                && !actors.contains(&actor)
            {
                let note = format!("Named as the actor in reporting on: {}", incident.title);
                self.relate("attributed-to", &id, &actor, &seen, Some(&note));
                actors.push(actor);
            }
        }
        for victim in &victims {
            self.relate("targets", &id, victim, &seen, None);
            for actor in &actors {
                self.relate("targets", actor, victim, &seen, None);
            }
        }
        let software: Vec<String> = incident
            .malware
            .iter()
            .map(|m| self.software(m, &seen))
            .collect();
        let cves: Vec<String> = incident.cves.iter().map(|c| self.cve(c, &seen)).collect();
        for actor in &actors {
            for s in &software {
                self.relate("uses", actor, s, &seen, None);
            }
            for v in &cves {
                self.relate("targets", actor, v, &seen, None);
            }
        }
        for s in software.iter().filter(|s| s.starts_with("malware--")) {
            for v in &cves {
                self.relate("exploits", s, v, &seen, None);
            }
        }
        self.denials(incident, &id, &attributed);
        self.responses(incident, &id);
    }

    /// A victim: a state or place as a `location`, anything else as an `identity`.
    fn victim(&mut self, e: &Entity, seen: &Seen) -> Option<String> {
        match e.kind {
            EntityKind::Country | EntityKind::Location => self.place(e, seen),
            EntityKind::ThreatActor => self.actor(e, seen),
            EntityKind::Malware | EntityKind::Tool | EntityKind::Vulnerability => None,
            _ => Some(self.party(e, seen)),
        }
    }

    /// One `attributed-to` relationship per speaker and accused, created by the speaker,
    /// with the hedge as confidence and a note for each hedge.
    fn attributions(&mut self, incident: &Incident, incident_id: &str) -> Vec<Attributed> {
        let mut out: Vec<Attributed> = Vec::new();
        for rec in &incident.attributions {
            let Some(accused) = &rec.accused else {
                continue;
            };
            let seen = Seen::refs(self.sel, &rec.sources);
            let Some(actor) = self.actor(accused, &seen) else {
                continue;
            };
            let speaker = rec.speaker.as_ref().map(|s| self.party(s, &seen));
            let confidence = confidence_of_hedge(rec.hedge.as_deref());
            let key = format!(
                "attributed-to|{incident_id}|{actor}|{}",
                speaker.as_deref().unwrap_or("-")
            );
            let mut body = relationship_body("attributed-to", incident_id, &actor);
            body.insert("confidence".into(), json!(confidence));
            body.insert("description".into(), json!(attribution_text(rec, self.sel)));
            if let Some(s) = &speaker {
                body.insert("created_by_ref".into(), json!(s));
            }
            let refs = external_refs(self.sel, &rec.sources);
            if !refs.is_empty() {
                body.insert("external_references".into(), Value::Array(refs));
            }
            let rel = self.put("relationship", &key, seen.clone(), body);
            if let Some(hedge) = rec.hedge.as_deref() {
                let mut note = Map::new();
                note.insert(
                    "abstract".into(),
                    json!(format!("Hedged attribution: {hedge}")),
                );
                note.insert(
                    "content".into(),
                    json!(format!(
                        "{} (confidence {confidence} from the hedge \"{hedge}\")",
                        attribution_text(rec, self.sel)
                    )),
                );
                note.insert("object_refs".into(), json!([rel]));
                self.put("note", &format!("hedge|{key}"), seen.clone(), note);
            }
            out.push(Attributed {
                rel,
                actor,
                accused_id: accused.id.clone(),
                accused_country: accused.country.clone(),
            });
        }
        out
    }

    /// One `opinion` (strongly-disagree) per denial, about the attributions it rejects.
    fn denials(&mut self, incident: &Incident, incident_id: &str, attributed: &[Attributed]) {
        for (i, rec) in incident.denials.iter().enumerate() {
            let seen = Seen::refs(self.sel, &rec.sources);
            let denier = rec.speaker.as_ref();
            let mut refs: Vec<&str> = attributed
                .iter()
                .filter(|a| denier.is_some_and(|d| a.concerns(d)))
                .map(|a| a.rel.as_str())
                .collect();
            if refs.is_empty() {
                refs = attributed.iter().map(|a| a.rel.as_str()).collect();
            }
            if refs.is_empty() {
                refs.push(incident_id);
            }
            let refs: Vec<String> = refs
                .into_iter()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .map(String::from)
                .collect();
            let mut body = Map::new();
            body.insert("opinion".into(), json!("strongly-disagree"));
            body.insert("object_refs".into(), json!(refs));
            let quotes = quotes(self.sel, &rec.sources);
            let who = denier.map_or("The accused", |d| d.name.as_str());
            body.insert(
                "explanation".into(),
                json!(
                    format!("{who} denies the attribution. {quotes}")
                        .trim()
                        .to_string()
                ),
            );
            if let Some(d) = denier {
                body.insert("authors".into(), json!([d.name]));
                let party = self.party(d, &seen);
                body.insert("created_by_ref".into(), json!(party));
            }
            let key = format!(
                "denial|{incident_id}|{}|{i}",
                denier.map_or("-", |d| d.id.as_str())
            );
            self.put("opinion", &key, seen, body);
        }
    }

    /// One `note` per response, about the incident and the parties.
    fn responses(&mut self, incident: &Incident, incident_id: &str) {
        for (i, rec) in incident.responses.iter().enumerate() {
            let seen = Seen::refs(self.sel, &rec.sources);
            let mut refs = vec![incident_id.to_string()];
            if let Some(by) = &rec.by {
                refs.push(self.party(by, &seen));
            }
            if let Some(against) = &rec.against {
                let target = if against.kind == EntityKind::ThreatActor {
                    self.actor(against, &seen)
                } else {
                    self.victim(against, &seen)
                };
                refs.extend(target);
            }
            let mut abstract_ = rec.kind.as_str().replace('-', " ");
            if let Some(by) = &rec.by {
                abstract_ = format!("{abstract_} by {}", by.name);
            }
            if let Some(against) = &rec.against {
                abstract_ = format!("{abstract_} against {}", against.name);
            }
            let date = rec
                .date
                .as_deref()
                .map_or(String::new(), |d| format!(" ({d})"));
            let mut body = Map::new();
            body.insert("abstract".into(), json!(format!("Response: {abstract_}")));
            body.insert(
                "content".into(),
                json!(
                    format!("{abstract_}{date}. {}", quotes(self.sel, &rec.sources))
                        .trim()
                        .to_string()
                ),
            );
            body.insert("object_refs".into(), json!(refs));
            let key = format!("response|{incident_id}|{}|{i}", rec.kind.as_str());
            self.put("note", &key, seen, body);
        }
    }

    /// A relationship of dossier's, keyed by its type and ends.
    fn relate(&mut self, kind: &str, from: &str, to: &str, seen: &Seen, text: Option<&str>) {
        if from == to {
            return;
        }
        let mut body = relationship_body(kind, from, to);
        if let Some(t) = text {
            body.insert("description".into(), json!(t));
        }
        self.put(
            "relationship",
            &format!("{kind}|{from}|{to}"),
            seen.clone(),
            body,
        );
    }

    // ----- reports --------------------------------------------------------------------

    /// The `report` of an article: every object seen in it.
    fn report(&self, doc: &Document) -> Value {
        let refs: Vec<&str> = self
            .order
            .iter()
            .filter(|id| {
                self.objs
                    .get(*id)
                    .is_some_and(|o| o.seen.docs.contains(&doc.id))
            })
            .map(String::as_str)
            .collect();
        let refs: Vec<String> = if refs.is_empty() {
            vec![self.dossier.clone()]
        } else {
            refs.into_iter().map(String::from).collect()
        };
        let published = doc.meta.published.unwrap_or(self.sel.fallback);
        let author = doc
            .meta
            .outlet
            .as_deref()
            .map(|outlet| stix_id("identity", &outlet_key(outlet)));
        let name = doc
            .meta
            .title
            .clone()
            .unwrap_or_else(|| doc.meta.source.clone());
        let mut reference = Map::new();
        reference.insert(
            "source_name".into(),
            json!(doc.meta.outlet.as_deref().unwrap_or("dossier-article")),
        );
        let link = link_of_doc(doc);
        if is_url(link) {
            reference.insert("url".into(), json!(link));
        } else {
            reference.insert("description".into(), json!(link));
        }
        reference.insert("external_id".into(), json!(doc.id));
        let mut body = Map::new();
        body.insert("type".into(), json!("report"));
        body.insert("spec_version".into(), json!("2.1"));
        body.insert("id".into(), json!(stix_id("report", &doc.id)));
        body.insert(
            "created_by_ref".into(),
            json!(author.unwrap_or(self.dossier.clone())),
        );
        body.insert("created".into(), json!(stix_time(published)));
        body.insert("modified".into(), json!(stix_time(published)));
        body.insert("name".into(), json!(name));
        body.insert("published".into(), json!(stix_time(published)));
        body.insert("report_types".into(), json!(["threat-report"]));
        body.insert("object_refs".into(), json!(refs));
        body.insert("external_references".into(), json!([reference]));
        if !doc.meta.authors.is_empty() {
            body.insert(
                "description".into(),
                json!(format!("By {}.", doc.meta.authors.join(", "))),
            );
        }
        Value::Object(body)
    }
}

/// An exported attribution: its relationship, the actor object and who was accused.
struct Attributed {
    rel: String,
    actor: String,
    accused_id: String,
    accused_country: Option<String>,
}

impl Attributed {
    /// True when a denial by `denier` rejects this attribution: the denier is the accused
    /// or speaks for the accused's state.
    fn concerns(&self, denier: &Entity) -> bool {
        self.accused_id == denier.id
            || (denier.country.is_some() && denier.country == self.accused_country)
    }
}

/// The key of a publisher's identity.
fn outlet_key(outlet: &str) -> String {
    format!("outlet|{outlet}")
}

fn relationship_body(kind: &str, from: &str, to: &str) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("relationship_type".into(), json!(kind));
    body.insert("source_ref".into(), json!(from));
    body.insert("target_ref".into(), json!(to));
    body
}

/// "Speaker attributes the operation to Accused (hedge): quotes".
fn attribution_text(rec: &AttributionRecord, sel: &Selection<'_>) -> String {
    let speaker = rec.speaker.as_ref().map_or("A source", |s| s.name.as_str());
    let accused = rec.accused.as_ref().map_or("an actor", |a| a.name.as_str());
    let hedge = rec
        .hedge
        .as_deref()
        .map_or(String::new(), |h| format!(" ({h})"));
    let date = rec
        .date
        .as_deref()
        .map_or(String::new(), |d| format!(" in {d}"));
    format!(
        "{speaker} attributes the operation to {accused}{hedge}{date}. {}",
        quotes(sel, &rec.sources)
    )
    .trim()
    .to_string()
}

/// The evidence quotes of some sources, each with its link.
fn quotes(sel: &Selection<'_>, refs: &[ArticleRef]) -> String {
    refs.iter()
        .filter_map(|r| {
            let e = r.evidence.as_ref()?;
            Some(format!("\"{}\" ({})", e.text.trim(), link_of_ref(sel, r)))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// STIX external references for the cited articles, each once.
fn external_refs(sel: &Selection<'_>, refs: &[ArticleRef]) -> Vec<Value> {
    let mut seen = BTreeSet::new();
    refs.iter()
        .filter(|r| seen.insert(r.id.as_str()))
        .map(|r| {
            let link = link_of_ref(sel, r);
            let source = r.outlet.as_deref().unwrap_or("dossier-article");
            if is_url(link) {
                json!({"source_name": source, "url": link, "external_id": r.id})
            } else {
                json!({"source_name": source, "description": link, "external_id": r.id})
            }
        })
        .collect()
}

fn incident_summary(i: &Incident) -> String {
    let mut parts = vec![format!("{} operation", i.kind.as_str())];
    if let Some(w) = &i.when {
        parts.push(format!("at {w}"));
    }
    if let Some(f) = &i.first_reported {
        parts.push(format!("first reported {f}"));
    }
    parts.push(format!("reported by {} article(s)", i.articles.len()));
    format!("{}.", parts.join(", "))
}

fn identity_class(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "individual",
        EntityKind::Sector => "class",
        EntityKind::Country
        | EntityKind::Government
        | EntityKind::Agency
        | EntityKind::Military
        | EntityKind::Company
        | EntityKind::Organization => "organization",
        _ => "unknown",
    }
}

/// STIX industry sectors (industry-sector-ov) of an identity.
fn sectors_of(e: &Entity) -> Vec<&'static str> {
    match e.kind {
        EntityKind::Country | EntityKind::Government | EntityKind::Agency => {
            vec!["government-national"]
        }
        EntityKind::Military => vec!["defense", "government-national"],
        EntityKind::Sector => {
            let name = e.id.rsplit(':').next().unwrap_or("");
            let sector = match name {
                "energy" => "energy",
                "water" => "infrastructure-water",
                "telecommunications" => "telecommunications",
                "defence" | "defense" => "defense",
                "government" => "government",
                "health" => "healthcare",
                "finance" => "financial-services",
                "transport" => "transportation",
                "education" => "education",
                "manufacturing" => "manufacturing",
                _ => return Vec::new(),
            };
            vec![sector]
        }
        _ => Vec::new(),
    }
}

/// The STIX pattern that matches an indicator; None for CVEs (they are vulnerabilities).
fn pattern_of(ind: &Indicator) -> Option<String> {
    let path = match ind.kind {
        IndicatorKind::Ipv4 => "ipv4-addr:value",
        IndicatorKind::Ipv6 => "ipv6-addr:value",
        IndicatorKind::Domain => "domain-name:value",
        IndicatorKind::Url => "url:value",
        IndicatorKind::Md5 => "file:hashes.MD5",
        IndicatorKind::Sha1 => "file:hashes.'SHA-1'",
        IndicatorKind::Sha256 => "file:hashes.'SHA-256'",
        IndicatorKind::Email => "email-addr:value",
        IndicatorKind::Cve => return None,
    };
    let value = ind.value.replace('\\', "\\\\").replace('\'', "\\'");
    Some(format!("[{path} = '{value}']"))
}

fn is_cve(s: &str) -> bool {
    let upper = s.trim().to_uppercase();
    let mut parts = upper.splitn(3, '-');
    parts.next() == Some("CVE")
        && parts
            .next()
            .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        && parts
            .next()
            .is_some_and(|n| n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(kind: IndicatorKind, value: &str) -> Indicator {
        Indicator {
            kind,
            value: value.into(),
            start: 0,
            end: 0,
        }
    }

    #[test]
    fn patterns_quote_values_and_name_hashes() {
        assert_eq!(
            pattern_of(&ind(IndicatorKind::Sha1, "ab")).as_deref(),
            Some("[file:hashes.'SHA-1' = 'ab']")
        );
        assert_eq!(
            pattern_of(&ind(IndicatorKind::Url, "http://x/it's")).as_deref(),
            Some("[url:value = 'http://x/it\\'s']")
        );
        assert_eq!(pattern_of(&ind(IndicatorKind::Cve, "CVE-2024-1")), None);
    }

    #[test]
    fn cve_names_are_recognised() {
        assert!(is_cve("cve-2022-42475"));
        assert!(!is_cve("CVE-22-1"));
        assert!(!is_cve("Log4Shell"));
    }
}
