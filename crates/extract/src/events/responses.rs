//! Responses: sanctions, indictments, arrests, summonses, diplomatic talks,
//! expulsions, advisories and takedowns.
//!
//! `by` is the subject of the clause (every coordinated state in "the US and UK
//! imposed sanctions"), or the agent after "by" in the passive; `against` is the object,
//! or what follows "on"/"against"/"with"/"to" depending on the response.

use std::sync::LazyLock;

use dossier_model::{Document, EntityKind, Event, EventType, Role, Stage, StageError};

use super::context::{SentenceView, Slot, is_accusable, is_actor_of_statement, match_span};
use super::statements::{coordinated, located_officials, reporting_speaker};
use super::{Hit, Trigger, event_at, find_triggers, role_ids, rule_confidence};

/// How a response finds whom it targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The verb's object, or what follows "on"/"against" ("sanctions on X").
    Object,
    /// What follows "with"/"to" ("raised it with X", "outrage to the ambassador").
    Counterpart,
    /// As `Counterpart`, for talks that name their subject only by a pronoun ("raised
    /// the matter with X"): only after an operation in the sentence or the two before.
    Followup,
    /// No target but the threat actor it names, if any (advisories).
    None,
}

static TRIGGERS: LazyLock<Vec<(Trigger, Target)>> = LazyLock::new(|| {
    use EventType::*;
    // What criminals rent out is taken down too ("a bulletproof hosting service").
    let rented = r"hosting\s+(?:services?|providers?)|(?:VPN|proxy)\s+services?|(?:crypto(?:currency)?\s+)?mixers?";
    let infra = format!(
        r"(?:\s+(?:[\w’'-]+(?:,\d{{3}})*,?\s+){{0,4}}?(?:botnets?|servers?|domains?|infrastructure|websites?|sites?|marketplaces?|forums?|networks?|malware|implants?|{rented}))"
    );
    // "shut down" takes no servers or sites: victims shut their own down after an attack.
    let shut =
        format!(r"(?:\s+(?:[\w’'-]+\s+){{0,4}}?(?:botnets?|marketplaces?|forums?|{rented}))");
    // The regex crate has no look-ahead: the context is part of the match, and the
    // trigger is the `t` group.
    let cyber_talk = r"[^.\n]{0,120}?\b(?:cyber|hack|espionage|attack|intrusion|breach|spying|incident|ransomware|malware|phishing|APT\s?\d|\w+\s+Typhoon|\w+\s+Blizzard)";
    vec![
        (
            Trigger::new(r"\b(?P<t>sanction(?:s|ed|ing)?)\b", Sanction),
            Target::Object,
        ),
        (
            // "OFAC included the Lazarus Group on its Specially Designated Nationals list":
            // the verb is the trigger, so its object is the target.
            Trigger::new(
                r"\b(?P<t>added|adds|adding|included|includes|including|placed|places|put|puts|listed)\s+[^.\n]{0,130}?\b(?:to|on)\s+(?:its|the|their|a)\s+[^.\n]{0,40}?(?:Specially\s+Designated\s+Nationals|SDN\s+list|Entity\s+List|(?:asset[\s-]freeze|sanctions?)\s+list|(?:black|watch)\s*list\b)",
                Sanction,
            ),
            Target::Object,
        ),
        (
            Trigger::new(
                r"\b(?P<t>asset\s+freezes?|(?:travel|visa)\s+(?:bans?|restrictions)|blacklist(?:ed|s|ing)?|restrictive\s+measures)\b",
                Sanction,
            ),
            Target::Object,
        ),
        (
            // "the Treasury designated three Iranian companies": a listing for sanctions
            // (lower case: "Specially Designated Nationals" is the list's name).
            Trigger::new(
                r"\b(?P<t>(?-i:designat(?:ed|es|ing)))\s+(?:[\w-]+\s+){0,4}?(?:companies|firms|entities|individuals|people|persons|officials|officers|nationals|hackers|groups?|members|men|women)\b",
                Sanction,
            ),
            Target::Object,
        ),
        (
            // "froze the assets of three officers".
            Trigger::new(
                r"\b(?P<t>froze|freezes|freezing|frozen)\s+(?:\w+\s+){0,2}?(?:assets|funds|money|property|(?:bank\s+)?accounts|wallets)\b",
                Sanction,
            ),
            Target::Object,
        ),
        (
            Trigger::new(r"\b(?P<t>indict(?:ed|ment|ments|s|ing)?)\b", Indictment),
            Target::Object,
        ),
        (
            Trigger::new(
                r"\b(?P<t>(?:filed|files|brought|brings|unsealed|unseals|announced|laid|pressed)\s+(?:\w+\s+){0,2}?charges)\b",
                Indictment,
            ),
            Target::Object,
        ),
        (
            // "opened criminal proceedings against two officers", "opened a case against".
            Trigger::new(
                r"\b(?P<t>(?:opened|opens|opening|launched|launches|instituted|initiated|brought|brings)\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}?(?:proceedings|prosecutions?|cases?|lawsuits?))\s+against\b",
                Indictment,
            ),
            Target::Object,
        ),
        (
            Trigger::new(
                r"\b(?P<t>charged)\b(?:\s+(?:[\w’'.,-]+\s+){0,16}?(?:with|over|for|in\s+connection)\b|\s+against\b)",
                Indictment,
            ),
            Target::Object,
        ),
        (
            // The noun takes no long object: "face new charges in Georgia related to".
            Trigger::new(
                r"\b(?P<t>charg(?:es|ing))\b(?:\s+(?:[\w’'-]+\s+){0,8}?(?:with|over|for|in\s+connection)\b|\s+against\b)",
                Indictment,
            ),
            Target::Object,
        ),
        (
            Trigger::new(
                r"\b(?P<t>arrest(?:ed|s|ing)?|detain(?:ed|s|ing)?|extradit(?:ed|ion)|apprehend(?:ed|s|ing)?)\b",
                Arrest,
            ),
            Target::Object,
        ),
        (
            // "took two men into custody", "were taken into custody".
            Trigger::new(
                r"\b(?P<t>took|taken|take|takes|taking)\s+(?:[\w’'-]+\s+){0,4}?into\s+custody\b",
                Arrest,
            ),
            Target::Object,
        ),
        (
            Trigger::new(r"\b(?P<t>summon(?:s|ed|ing)?)\b", Summons),
            Target::Object,
        ),
        (
            Trigger::new(
                r"\b(?P<t>call(?:ed|s|ing)?\s+in)\s+(?:the\s+|a\s+)?(?:[\w’'-]+\s+){0,2}(?:ambassador|envoy|charg[ée]|diplomat)",
                Summons,
            ),
            Target::Object,
        ),
        (
            Trigger::new(r"\b(?P<t>expel(?:s|led|ling)?|expulsions?)\b", Expulsion),
            Target::Object,
        ),
        (
            // "ordered its embassy staff to leave within 48 hours".
            Trigger::new(
                r"\b(?P<t>ordered|orders|ordering|told|gave|gives)\s+(?:[\w’'-]+\s+){0,5}?(?:diplomats?|envoys?|ambassador|staff|personnel|attach[ée]s?|employees?|counsell?ors?|consuls?|secretar(?:y|ies))\s+(?:(?:\w+\s+){1,5}?)?(?:to\s+(?:leave|depart|quit)|out\s+(?:of\s+the\s+country|within|in|by))\b",
                Expulsion,
            ),
            Target::Object,
        ),
        (
            // "declared two diplomats persona non grata".
            Trigger::new(
                r"\b(?P<t>declar(?:ed|es|ing))(?:\s+[\w’'-]+){1,9}?\s+persona\s+non\s+grata\b",
                Expulsion,
            ),
            Target::Object,
        ),
        (
            Trigger::new(
                &format!(r"\b(?P<t>rais(?:ed|es|ing|e))\b[^.\n]{{0,80}}\bwith\b{cyber_talk}"),
                DiplomaticTalks,
            ),
            Target::Counterpart,
        ),
        (
            Trigger::new(
                r"\b(?P<t>rais(?:ed|es|ing|e))\b[^.\n]{0,60}?\b(?:cyber|hack|espionage|attack|intrusion|breach|spying|incident)[^.\n]{0,120}?\bwith\b",
                DiplomaticTalks,
            ),
            Target::Counterpart,
        ),
        (
            // "raised the matter directly with", "had taken up the issue in person with".
            Trigger::new(
                r"\b(?P<t>rais(?:ed|es|ing|e)|discuss(?:ed|es|ing)?|t(?:ook|aken|akes?|aking)\s+up)\s+(?:(?:the|its|these|those)\s+(?:matter|issue|case|incident|findings|concerns?|evidence|report|allegations?|accusations?)|it|this)\s+(?:\w+ly\s+|in\s+person\s+)?with\b",
                DiplomaticTalks,
            ),
            Target::Followup,
        ),
        (
            Trigger::new(
                &format!(r"\b(?P<t>discuss(?:ed|es|ing)?)\b{cyber_talk}"),
                DiplomaticTalks,
            ),
            Target::Counterpart,
        ),
        (
            // "pressed Putin on ransomware attacks launched from Russian soil".
            Trigger::new(
                &format!(
                    r"\b(?P<t>press(?:ed|es|ing))\s+(?:[\w’'.-]+\s+){{1,4}}?(?:on|over|about)\b{cyber_talk}"
                ),
                DiplomaticTalks,
            ),
            Target::Counterpart,
        ),
        (
            Trigger::new(
                &format!(r"\b(?P<t>confront(?:ed|s|ing)?)\b{cyber_talk}"),
                DiplomaticTalks,
            ),
            Target::Counterpart,
        ),
        (
            Trigger::new(
                r"\b(?P<t>communicated|conveyed|expressed|lodged)\b[^.\n]{0,40}\b(?:outrage|protest|concerns?|displeasure|complaint)\b",
                DiplomaticTalks,
            ),
            Target::Counterpart,
        ),
        (
            Trigger::new(
                r"\b(?P<t>(?:joint\s+)?(?:cybersecurity\s+)?advisor(?:y|ies)|public\s+service\s+announcements?)\b",
                Advisory,
            ),
            Target::None,
        ),
        (
            Trigger::new(
                r"\b(?:issued|published|released|put\s+out|joint)\s+(?:\w+\s+){0,3}?(?P<t>alerts?|guidance|bulletins?)\b",
                Advisory,
            ),
            Target::None,
        ),
        (
            // "according to guidance", "detection guidance published on Wednesday": the
            // kind of guidance, or a source cited, makes it an advisory without a verb.
            Trigger::new(
                r"\b(?:(?:detection|technical|mitigation|hunting|defensive)\s+|according\s+to\s+)(?P<t>guidance)\b",
                Advisory,
            ),
            Target::None,
        ),
        (
            // "recommended network administrators verify whether staff were under attack".
            Trigger::new(
                r"\b(?P<t>recommend(?:s|ed|ing)?|urg(?:es|ed|ing)|advis(?:es|ed|ing)|warn(?:s|ed|ing)?)\s+(?:all\s+|its\s+|the\s+)?(?:network\s+|system\s+|IT\s+)?(?:administrators|admins|defenders|organi[sz]ations|operators|users|companies|agencies|institutions|businesses)\s+(?:of\s+(?:[\w-]+\s+){1,3}?)?(?:to\s+)?(?:verify|check|patch|update|upgrade|review|monitor|hunt|look|apply|change|reset|disconnect|block|audit|be\s+on)\b",
                Advisory,
            ),
            Target::None,
        ),
        (
            Trigger::new(
                &format!(
                    r"\b(?P<t>took\s+down|taken\s+down|takes?\s+down|takedowns?|seized|dismantled|sinkholed|disrupted|disabled|neutrali[sz]ed)(?:\s+or\s+(?:blocked|seized|disabled|dismantled))?{infra}"
                ),
                Takedown,
            ),
            Target::Object,
        ),
        (
            // "remotely wiped malware from hundreds of routers that Volt Typhoon had
            // hijacked": cleaning the hijacked devices takes the network down.
            Trigger::new(
                r"\b(?P<t>(?:wiped|deleted|removed|erased|purged)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:malware|implants?|backdoors?))\s+from\b",
                Takedown,
            ),
            Target::Object,
        ),
        (
            // "More than 100 web domains that Star Blizzard had used ... were seized by":
            // the infrastructure opens the passive.
            Trigger::new(
                r"\b(?:domains|servers|websites|botnets?|infrastructure|marketplaces?|forums?)\b[^.;:]{0,200}?\b(?:was|were|had\s+been|have\s+been|has\s+been)\s+(?:\w+ly\s+)?(?P<t>seized|taken\s+down|dismantled|sinkholed|taken\s+offline)\b",
                Takedown,
            ),
            Target::Object,
        ),
        (
            // "used a court order to cut GRU hackers off from the hijacked routers".
            Trigger::new(
                r"\b(?P<t>cut(?:s|ting)?)\s+(?:[\w’'-]+\s+){1,4}?off\s+from\s+(?:[\w’'-]+\s+){0,7}?(?:botnets?|servers?|routers?|devices|infrastructure|networks?|domains?|accounts)\b",
                Takedown,
            ),
            Target::Object,
        ),
        (
            Trigger::new(&format!(r"\b(?P<t>shut(?:s|ting)?\s+down){shut}"), Takedown),
            Target::Object,
        ),
        (
            // "removed dozens of YouTube channels and Blogger sites used by an Iranian
            // influence network": accounts taken down from whoever runs them.
            Trigger::new(
                r"\b(?P<t>removed|removing|deleted|deleting|terminated|terminating|suspended|suspending|banned|banning)\s+(?:[\w’'-]+,?\s+){0,5}?(?:accounts|channels|pages|profiles|sites|groups|personas)\s+(?:[\w’'-]+\s+){0,3}?(?:used|run|operated|controlled|linked|tied)\s+(?:by|to)\b",
                Takedown,
            ),
            Target::Object,
        ),
    ]
});

/// The response stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct Responses;

impl Stage for Responses {
    fn name(&self) -> &'static str {
        "responses"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        // A text that says nothing of cyber at all (no cyber word, actor, malware or
        // operation anywhere) and gives a response its cause reports a summons or protest
        // over something else: a ship rammed, lawmakers intimidated. A takedown is cyber by
        // what it takes down.
        static CAUSE: LazyLock<regex::Regex> = LazyLock::new(|| {
            regex::Regex::new(
                r"(?i)\b(?:over|after|following|because|amid|to\s+protest|in\s+protest)\b",
            )
            .unwrap_or_else(|e| panic!("cause pattern: {e}"))
        });
        // Read the whole text only when a response gives another cause.
        let cyber = std::cell::OnceCell::new();
        let about_cyber = || {
            *cyber.get_or_init(|| {
                doc.events.iter().any(|e| e.kind.is_operation())
                    || super::statements::any_about_cyber(doc, &doc.sentences)
            })
        };
        let other_cause = |hit: &Hit| {
            CAUSE.is_match(doc.slice(dossier_model::Span::new(hit.span.end, hit.sentence.end)))
        };
        let mut found: Vec<Event> = Vec::new();
        for event in find_triggers(doc, TRIGGERS.iter().map(|(t, _)| t))
            .iter()
            .filter(|hit| hit.kind == EventType::Takedown || !other_cause(hit) || about_cyber())
            .filter_map(|hit| response(doc, hit, TRIGGERS[hit.rule].1))
        {
            // "Russia's embassy said the summons was part of a campaign": the summons told
            // of before, not a second one.
            if refers_back(doc, &event, &found) {
                continue;
            }
            // "imposed financial sanctions and a travel ban on him": one response in two
            // words, so the second lends the first its target.
            // A pronoun's target ("declared him persona non grata") is the first's.
            if let Some(prev) = found.last_mut().filter(|p| named_again(doc, p, &event)) {
                if pronoun_object(doc, &event) {
                    continue;
                }
                for arg in event.args_with(Role::Against) {
                    if prev.args.iter().all(|a| a.start != arg.start) {
                        prev.args.push(arg.clone());
                    }
                }
                continue;
            }
            // "issued an advisory urging users to update": one advisory in two words.
            if found.iter().any(|p| restates(p, &event)) {
                continue;
            }
            found.push(event);
        }
        doc.events.extend(found);
        Ok(())
    }
}

/// Whether a slot follows "attacks on" (or "intrusions into", "campaigns against"), with
/// at most a few words of a list between: the operation's victim.
fn hit_by_the_operation(view: &SentenceView, s: &Slot) -> bool {
    static ON: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:(?:cyber[\s-]?)?attacks?|intrusions?|hacks?|hacking|breach(?:es)?|operations?|campaigns?)\s+(?:on|against|into|targeting)\s+(?:[\w’'-]+,?\s+){0,5}?(?:and\s+|or\s+)?(?:the\s+)?$")
            .unwrap_or_else(|e| panic!("attacks-on pattern: {e}"))
    });
    let lead = s.span.start.saturating_sub(60).max(view.span.start);
    ON.is_match(view.between(lead, s.span.start))
}

/// "sanctioned Zservers, a hosting firm in Barnaul, along with two Russian nationals who
/// ran it": a second target joined to the first by "along with" ("together with", "as
/// well as"), of another state than the responders.
fn along_with(view: &SentenceView, first: Slot, by: &[Slot]) -> Option<Slot> {
    static ALONG: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:along\s+with|together\s+with|as\s+well\s+as)\s+(?:(?:the|its|his|her|their|two|three|four|five|six|seven|eight|nine|ten|several|a|an|\d+)\s+)?$")
            .unwrap_or_else(|e| panic!("along-with pattern: {e}"))
    });
    view.after_cue(first.span.end, &ALONG, 40, is_accusable)
        .filter(|b| b.entity != first.entity && of_another_state(view, b, by))
}

/// Whether `event` is a definite noun that is the subject of its clause ("the summons
/// was", "these sanctions are") or the object of a judgement ("called the expulsions a
/// provocation") while a response of its type came in an earlier sentence: a mention of
/// that response, not a new one.
fn refers_back(doc: &Document, event: &Event, found: &[Event]) -> bool {
    let before = doc.slice(dossier_model::Span::new(
        event.sentence.start,
        event.trigger.start,
    ));
    let after = doc.slice(dossier_model::Span::new(
        event.trigger.end,
        event.sentence.end,
    ));
    let mut words = before.split_whitespace().rev();
    let definite = words.next().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "the" | "this" | "that" | "these" | "those"
        )
    });
    // "Moscow called the expulsions a provocation": the object of a judgement on it.
    let judged = words.next().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "called"
                | "calls"
                | "described"
                | "describes"
                | "branded"
                | "brands"
                | "condemned"
                | "condemns"
                | "denounced"
                | "denounces"
                | "dismissed"
                | "dismisses"
                | "criticised"
                | "criticized"
                | "slammed"
                | "rejected"
                | "rejects"
                | "protested"
        )
    });
    let subject = after.split_whitespace().next().is_some_and(|w| {
        matches!(
            w,
            "was"
                | "were"
                | "is"
                | "are"
                | "had"
                | "has"
                | "have"
                | "would"
                | "amounted"
                | "marked"
        )
    });
    definite
        && (subject || judged)
        && found
            .iter()
            .any(|e| e.kind == event.kind && e.sentence.end <= event.sentence.start)
}

/// Whether `b` says nothing `a` does not: same type, sentence and responders, and no
/// target or the same targets.
fn restates(a: &Event, b: &Event) -> bool {
    a.kind == b.kind
        && a.sentence == b.sentence
        && role_ids(a, Role::By) == role_ids(b, Role::By)
        && (b.arg(Role::Against).is_none()
            || role_ids(a, Role::Against) == role_ids(b, Role::Against))
}

/// Whether `b` is the same response as `a` named again in a coordination: same type,
/// sentence and responders, with only "and" and an article or adjective between, or
/// with a pronoun that takes up `a`'s target.
fn named_again(doc: &Document, a: &Event, b: &Event) -> bool {
    let ids = |e: &Event| -> Vec<Option<String>> {
        e.args_with(Role::By).map(|x| x.entity.clone()).collect()
    };
    let gap = doc
        .slice(dossier_model::Span::new(a.trigger.end, b.trigger.start))
        .to_lowercase();
    let words: Vec<&str> = gap.split_whitespace().collect();
    // "expelled a Russian diplomat and declared him persona non grata": the pronoun is
    // the first act's target.
    let again_by_pronoun = pronoun_object(doc, b) && words.contains(&"and") && words.len() <= 12;
    a.kind == b.kind
        && a.sentence == b.sentence
        && ids(a) == ids(b)
        && ((words.first() == Some(&"and") && words.len() <= 3) || again_by_pronoun)
}

/// Whether a response's trigger has a personal pronoun as its object ("declared him").
fn pronoun_object(doc: &Document, e: &Event) -> bool {
    let after = doc
        .slice(dossier_model::Span::new(e.trigger.end, e.sentence.end))
        .to_lowercase();
    matches!(
        after.split_whitespace().next(),
        Some("him" | "her" | "them")
    )
}

fn is_responder(kind: EntityKind) -> bool {
    is_actor_of_statement(kind)
}

fn response(doc: &Document, hit: &Hit, target: Target) -> Option<Event> {
    let view = SentenceView::new(doc, hit.sentence);
    let t = hit.span;
    let lead_in = view.between(view.span.start, t.start).to_lowercase();
    // "Asked whether Canberra would impose sanctions": a response asked about.
    // A cited advisory was still issued ("according to guidance the ASD issued").
    let cited = hit.kind == EventType::Advisory && CITED.is_match(&lead_in);
    if (NOT_AN_ACT.is_match(&lead_in) && !cited)
        || ASKED_OF_ANOTHER.is_match(&lead_in)
        || super::statements::QUESTIONED.is_match(&lead_in)
    {
        return None;
    }
    if target == Target::Followup && !follows_an_operation(doc, hit) {
        return None;
    }
    // "added a company to its sanctions list": the list is the verb's, which is the
    // response (see the listing trigger); the noun alone would read a second one.
    if hit.kind == EventType::Sanction
        && view.between(t.end, view.span.end).starts_with(" list")
        && ["to its ", "on its ", "to their ", "on their "]
            .iter()
            .any(|p| lead_in.ends_with(p))
    {
        return None;
    }
    // "Denial-of-service attacks that briefly took down the websites": the attack did it.
    if hit.kind == EventType::Takedown && ATTACK_DID_IT.is_match(&lead_in) {
        return None;
    }
    // "discussed whether to add officers to the list": a response only debated; "sanctions
    // over the crackdown on protesters" in a sentence with no cyber word: another story.
    let after = view.between(t.end, view.span.end).to_lowercase();
    // "the transit of sanctioned goods", "abuses against detained protesters": a
    // participle before its noun tells what the thing is, not that anyone sanctioned or
    // detained it in this sentence.
    if matches!(hit.kind, EventType::Sanction | EventType::Arrest)
        && doc.slice(t).to_lowercase().ends_with("ed")
    {
        let prior = lead_in.split_whitespace().next_back().unwrap_or("");
        let next = after.split_whitespace().next().unwrap_or("");
        if matches!(
            prior,
            "of" | "the"
                | "a"
                | "an"
                | "for"
                | "on"
                | "with"
                | "to"
                | "from"
                | "its"
                | "their"
                | "against"
        ) && next.chars().all(char::is_alphabetic)
            && !matches!(
                next,
                "" | "by" | "for" | "over" | "in" | "on" | "under" | "after" | "last" | "this"
            )
        {
            return None;
        }
    }
    // "using a cyber sanctions framework", "the EU's sanctions regime": the noun names
    // the means to sanction, not a sanction.
    if hit.kind == EventType::Sanction
        && matches!(
            after
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .unwrap_or(""),
            "framework"
                | "frameworks"
                | "regime"
                | "regimes"
                | "law"
                | "laws"
                | "legislation"
                | "powers"
                | "authority"
                | "mechanism"
                | "toolbox"
                | "policy"
                | "programme"
                | "program"
                | "evasion"
        )
    {
        return None;
    }
    // The trigger's own clause, between the contrasts around it.
    let clause = || {
        let from = CONTRAST.find_iter(&lead_in).last().map_or(0, |m| m.end());
        let to = CONTRAST.find(&after).map_or(after.len(), |m| m.start());
        format!("{} {}", &lead_in[from..], &after[..to])
    };
    if after
        .split_whitespace()
        .take(2)
        .any(|w| matches!(w, "whether" | "if"))
        || (NOT_CYBER_CAUSE.is_match(&after)
            && !super::statements::plainly_about_cyber(&view, &clause()))
    {
        return None;
    }
    let mut event = event_at(doc, hit, "rules");
    let passive = lead_in
        .split_whitespace()
        .rev()
        .take(2)
        .any(|w| matches!(w, "was" | "were" | "been" | "being" | "is" | "are"))
        || qualifies_people(&view, t, &lead_in);
    // The agent of the response itself: not "a campaign run by North Korean hackers",
    // whose "by" names who runs the campaign.
    let agent = view.after_word(t.end, &["by"]).filter(|a| {
        is_responder(view.kind(a)) && !RUNNER_BY.is_match(view.between(t.end, a.span.end))
    });
    // "the EU sanctions list", "a US Treasury advisory": a body right before the noun is
    // the responder, whoever the clause is about ("a GRU unit has been added to ...").
    // Unless it is one of the coordinated subjects ("The FBI and Dutch police took down").
    let owner = owner_before(&view, t);
    let subjects = if owner.is_some() || !passive {
        view.subjects(t, is_responder)
    } else {
        Vec::new()
    };
    let owner = owner.filter(|o| subjects.iter().all(|s| s.entity != o.entity));
    // "dismissed a joint advisory by the United States and Britain": the agent right
    // after the noun is who issued it, not the clause's subject.
    let noun_agent = agent.filter(|a| {
        view.between(t.end, a.span.start)
            .split_whitespace()
            .all(|w| matches!(w.to_lowercase().as_str(), "by" | "the" | "a" | "an"))
    });
    let by: Vec<Slot> = if let Some(o) = owner {
        vec![o]
    } else if passive || subjects.is_empty() || noun_agent.is_some() {
        // "a joint advisory by the United States, Britain and Canada": every issuer.
        agent
            .map(|a| {
                coordinated(&view, a)
                    .into_iter()
                    .filter(|s| is_responder(view.kind(s)))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        subjects
    };
    // "the NSA, FBI and CISA said in a joint advisory": those who say it issued it.
    let by = match (hit.kind == EventType::Advisory)
        .then(|| said_in(&view, t))
        .flatten()
    {
        Some(s) => coordinated(&view, s)
            .into_iter()
            .filter(|s| is_responder(view.kind(s)))
            .collect(),
        None => by,
    };
    // "..., according to guidance the Australian Signals Directorate issued": a cited
    // advisory is issued by whoever the citation names, not by the clause's subject.
    let by = if cited { issuers_after(&view, t) } else { by };
    // "US officials said that they had dismantled": the pronoun is who reports it.
    let pronoun_subject = ["they", "we", "it"].iter().any(|p| {
        let lead = lead_in.trim_end();
        let lead = ["had", "have", "has", "had now", "have now"]
            .iter()
            .find_map(|a| lead.strip_suffix(a))
            .unwrap_or(lead)
            .trim_end();
        lead.ends_with(&format!(" {p}"))
    });
    // "The ministry said a deputy minister had discussed", "A federal grand jury
    // indicted ..., the Justice Department said": an unnamed official or court acts for
    // whoever reports it, before or after.
    let unnamed = UNNAMED_OFFICIAL.is_match(&lead_in);
    let by = if by.is_empty() && passive && matches!(hit.kind, EventType::Indictment) {
        prosecutor(doc, hit).into_iter().collect()
    } else if by.is_empty()
        && passive
        && matches!(hit.kind, EventType::Summons | EventType::Expulsion)
    {
        // "the ministry said the Russian ambassador had been summoned", "the envoy was
        // summoned, Switzerland said": only a state summons or expels, and the one who
        // reports it is that state, when it is not the envoy's own.
        let envoy = nearest_name_before(&view, t);
        reporting_speaker(&view)
            .filter(|s| {
                // A body without its state yet gets the article's home state later.
                view.kind(s).is_state_organ()
                    && envoy.is_none_or(|e| view.country(&e) != view.country(s))
            })
            .into_iter()
            .collect()
    } else if by.is_empty() && (pronoun_subject || unnamed) && !passive {
        reporting_speaker(&view)
            .filter(|s| (unnamed || s.span.end <= t.start) && is_responder(view.kind(s)))
            .into_iter()
            .collect()
    } else if by.is_empty() {
        // "A joint advisory from the FBI and CISA said".
        let issuers = if hit.kind == EventType::Advisory {
            issuers_after(&view, t)
        } else {
            Vec::new()
        };
        if !issuers.is_empty() {
            issuers
        } else {
            let fronted = fronted_subjects(&view, t, &lead_in);
            if fronted.is_empty() {
                // "Authorities in Singapore issued an alert".
                located_officials(&view, t).into_iter().collect()
            } else {
                fronted
            }
        }
    } else {
        by
    };
    if by.is_empty() {
        return None;
    }
    // "in an operation with the FBI", "together with Europol": partners act too.
    let mut by = by;
    by.extend(partners(&view, t, &by));
    for s in &by {
        event.args.push(view.arg(Role::By, s));
    }
    let against = match target {
        Target::None => named_actor(&view, t, &by),
        Target::Object if passive => view
            .subject(t, |k| k != EntityKind::Location)
            .filter(|s| by.iter().all(|b| b.entity != s.entity))
            // "Switzerland said the Russian ambassador had been summoned": the passive's
            // own subject, inside the reported clause.
            .or_else(|| nearest_name_before(&view, t).filter(|s| of_another_state(&view, s, &by))),
        Target::Object => object_of(&view, t, &by),
        Target::Counterpart | Target::Followup => talks_with(&view, t)
            .or_else(|| view.after_word(t.end, &["with", "to"]))
            .or_else(|| object_of(&view, t, &by))
            .filter(|s| of_another_state(&view, s, &by)),
    };
    // A state does not sanction, indict or summon itself: a same-state candidate is a
    // bystander of the sentence ("after the Trump administration ..."), not the target.
    // Police do arrest their own nationals: an arrest's direct object stays.
    // Malware is what the operation used, never whom a sanction or charge targets
    // ("sanctions on six people over attacks including WannaCry").
    let against =
        against.filter(|a| hit.kind == EventType::Takedown || view.kind(a) != EntityKind::Malware);
    // "froze the assets of six people over cyberattacks on member states and Ukraine":
    // whom the operation hit is no target of the response.
    let against = against.filter(|a| target != Target::Object || !hit_by_the_operation(&view, a));
    let against = against.filter(|a| {
        let theirs = view.country(a);
        let own_arrest = hit.kind == EventType::Arrest
            && view.between(t.end, a.span.start).split_whitespace().count() <= 2;
        own_arrest || theirs.is_none() || by.iter().all(|b| view.country(b) != theirs)
    });
    // With the responder named before the noun, the clause's subject is whom it targets
    // ("A GRU unit was added to the EU sanctions list").
    let against = against.or_else(|| {
        owner.and_then(|_| {
            view.subject(t, |k| k != EntityKind::Location)
                .filter(|s| of_another_state(&view, s, &by))
        })
    });
    let against = against.or_else(|| {
        (target == Target::Object && !passive)
            .then(|| named_before_pronoun(&view, t, &by))
            .flatten()
    });
    // "detained 34 people across eight provinces who, according to ..., had been
    // recruited by Israel's Mossad": the people right after the verb are its object, not
    // a name in their relative clause, nor one in what they are suspected of ("three
    // people suspected of taking part in attacks launched by NoName057(16)"). Other names
    // are kept ("two Russian nationals", "six people, including two GRU officers", "three
    // men they described as employees of Iran's Revolutionary Guards").
    let people = match (target, passive) {
        (Target::Object, false) => unnamed_people(&view, t),
        // "Three people suspected of helping NoName057(16) were detained by".
        (Target::Object, true) => people_before(&view, t),
        _ => None,
    };
    let against = against.filter(|a| {
        people.is_none_or(|p| {
            let gap = view.between(p.end, a.span.start.max(p.end)).to_lowercase();
            a.span.start < p.end
                || !gap.split(|c: char| !c.is_alphanumeric()).any(|w| {
                    matches!(
                        w,
                        "who" | "whom" | "whose" | "which" | "that" | "suspected" | "accused"
                    )
                })
        })
    });
    if let Some(a) = against {
        event.args.push(view.arg(Role::Against, &a));
        if let Some(b) = along_with(&view, a, &by) {
            event.args.push(view.arg(Role::Against, &b));
        }
    } else if let Some(people) = people {
        // "detained three men": people the KB cannot name are still whom it targets.
        event.args.push(view.span_arg(Role::Against, people));
    } else if let Some(runner) = (hit.kind == EventType::Takedown)
        .then(|| unnamed_runner(&view, t))
        .flatten()
    {
        // "servers used by a ransomware gang": a group the KB cannot name.
        event.args.push(view.span_arg(Role::Against, runner));
    } else if matches!(target, Target::Counterpart | Target::Followup) {
        return None; // talks need a counterpart of another state
    }
    event.confidence = rule_confidence(&event, &[Role::By, Role::Against]);
    Some(event)
}

/// "raised the breach, which ..., during talks with Chinese Foreign Minister Wang Yi": the
/// counterpart of a meeting named later in the clause.
fn talks_with(view: &SentenceView, t: dossier_model::Span) -> Option<Slot> {
    static TALKS_WITH: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:talks|meetings?|call|conversation|discussions)\s+with\s+(?:the\s+|his\s+|her\s+|their\s+)?$")
            .unwrap_or_else(|e| panic!("talks-with pattern: {e}"))
    });
    view.after_cue(t.end, &TALKS_WITH, 40, is_responder)
}

/// "attributed the hack to a Russian national and imposed sanctions on him": a pronoun
/// object after the response points back to the sentence's last actor of another state.
fn named_before_pronoun(view: &SentenceView, t: dossier_model::Span, by: &[Slot]) -> Option<Slot> {
    let after = view.between(t.end, view.span.end).to_lowercase();
    let words: Vec<&str> = after
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .collect();
    let pronoun = words
        .windows(2)
        .any(|w| matches!(w[0], "on" | "against") && matches!(w[1], "him" | "her" | "them"));
    // "cut ties with Iran and ordered its embassy staff to leave": the envoys of the
    // state named before.
    let envoys = matches!(words.first().copied(), Some("its" | "their"))
        && words.iter().take(4).any(|w| {
            matches!(
                *w,
                "embassy"
                    | "diplomats"
                    | "diplomatic"
                    | "staff"
                    | "ambassador"
                    | "envoy"
                    | "envoys"
            )
        });
    if !pronoun && !envoys {
        return None;
    }
    view.slots
        .iter()
        .rev()
        .filter(|s| s.span.end <= t.start)
        .find(|s| {
            by.iter().all(|b| b.entity != s.entity)
                && is_accusable(view.kind(s))
                && of_another_state(view, s, by)
        })
        .copied()
}

/// A participle that qualifies the people before it ("a Ukrainian man arrested by Polish
/// police", "two Iranian men already indicted in Virginia"): a passive without its
/// auxiliary. Followed by "by" it is always one; followed by a place or time it is one
/// only after a noun for people, since "police arrested in May a man" is active.
fn qualifies_people(view: &SentenceView, t: dossier_model::Span, lead_in: &str) -> bool {
    if !view.between(t.start, t.end).ends_with("ed") {
        return false;
    }
    let after = view.between(t.end, view.span.end).to_lowercase();
    let next = after
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if next == "by" {
        return true;
    }
    let before = lead_in
        .split_whitespace()
        .rev()
        .find(|w| {
            !matches!(
                *w,
                "already" | "previously" | "recently" | "also" | "later" | "since"
            )
        })
        .unwrap_or("");
    matches!(
        next,
        "in" | "on" | "over" | "last" | "earlier" | "this" | "for" | "after" | "at"
    ) && PEOPLE.is_match(before)
}

/// Unnamed people right after the trigger ("arrested a man", "charged two teenagers",
/// "detained three young men"): a determiner or number, at most two modifiers, a noun
/// for people.
fn unnamed_people(view: &SentenceView, t: dossier_model::Span) -> Option<dossier_model::Span> {
    group_after(view, t, &UNNAMED_PEOPLE)
}

/// Unnamed people opening the sentence of a passive response: "Three people suspected
/// of helping a pro-Russian group were detained by".
fn people_before(view: &SentenceView, t: dossier_model::Span) -> Option<dossier_model::Span> {
    static PEOPLE_FIRST: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(r"(?i)^{}", counted_people()))
            .unwrap_or_else(|e| panic!("people-first pattern: {e}"))
    });
    let text = view.between(view.span.start, t.start);
    Some(match_span(
        view.span.start,
        text,
        PEOPLE_FIRST.captures(text)?.name("p")?,
    ))
}

/// The span of `re`'s group `p` in the rest of the sentence after the trigger.
fn group_after(
    view: &SentenceView,
    t: dossier_model::Span,
    re: &regex::Regex,
) -> Option<dossier_model::Span> {
    let after = view.between(t.end, view.span.end);
    Some(match_span(t.end, after, re.captures(after)?.name("p")?))
}

/// People counted but not named ("three men", "a 17-year-old"), as group `p`.
fn counted_people() -> String {
    format!(
        r"(?P<p>(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{{1,3}}(?:,\d{{3}})+|\d+|several|some|dozens\s+of|more\s+than\s+\d+)\s+(?:[\w-]+\s+){{0,2}}?(?:{PEOPLE_NOUNS}))\b"
    )
}

static UNNAMED_PEOPLE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(&format!(r"^\s+(?:on\s+|against\s+)?{}", counted_people()))
        .unwrap_or_else(|e| panic!("unnamed people pattern: {e}"))
});

/// An unnamed group that runs what was taken down ("servers used by a ransomware gang").
fn unnamed_runner(view: &SentenceView, t: dossier_model::Span) -> Option<dossier_model::Span> {
    group_after(view, t, &UNNAMED_RUNNER)
}

/// Who runs infrastructure: "run by", "used by" and their kin.
static RUNNER_BY: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:run|operated|controlled|used|managed|owned)\s+by\b")
        .unwrap_or_else(|e| panic!("runner pattern: {e}"))
});

static UNNAMED_RUNNER: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(&format!(
        r"(?i)^[^.;]{{0,80}}?\b(?:run|operated|controlled|used|managed|owned)\s+by\s+(?P<p>(?:a|an|the|one|two|three|several)\s+(?:[\w-]+\s+){{0,2}}?(?:{}|syndicates?|networks?|operations?))\b",
        crate::lexicon::ATTACKER_HEADS
    ))
    .unwrap_or_else(|e| panic!("unnamed runner pattern: {e}"))
});

/// Nouns for the people a response is taken against.
const PEOPLE_NOUNS: &str = "m[ae]n|wom[ae]n|nationals?|citizens?|hackers?|officers?|suspects?|individuals?|persons?|people|operatives|members|spies|agents|teenagers?|students?|defendants|soldiers?|sergeants?|employees?|engineers?|contractors?|programmers?|residents?|[0-9]+-year-olds?";

/// [`PEOPLE_NOUNS`] as a whole word.
static PEOPLE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(&format!("^(?:{PEOPLE_NOUNS})$"))
        .unwrap_or_else(|e| panic!("people pattern: {e}"))
});

/// A break between two clauses that tell different things ("sanctions over the
/// invasion, though the minister said ... cyberattacks", "..., adding that a package
/// aimed at ransomware gangs").
static CONTRAST: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r",\s+(?:but|though|although|while|whereas|adding\s+that)\b|;")
        .unwrap_or_else(|e| panic!("contrast pattern: {e}"))
});

/// A cause after a response that is no cyber operation ("over the crackdown on
/// protesters", "for human rights abuses", "over deadly airstrikes").
static NOT_CYBER_CAUSE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\b(?:over|for)\s+(?:(?:its|the|their|his|her|a|an)\s+)?(?:[\w’'-]+\s+){0,3}?(?:crackdowns?|human\s+rights|repression|invasion|war|annexation|nuclear|missiles?|corruption|drugs?|terrorism|abuses|protest(?:er)?s|suppression|genocide|election\s+fraud|air\s*strikes?|weapons)\b")
        .unwrap_or_else(|e| panic!("not-cyber cause pattern: {e}"))
});

/// Words right before a trigger that make it no act of the responder: a citation of a
/// document ("according to the indictment"), a target's condition ("are subject to an asset
/// freeze", "faces sanctions"), a response only sought, offered or threatened ("for
/// information leading to the arrest", "called for sanctions", "press its partners for
/// sanctions"), only weighed ("would consider expelling diplomats", "no decision had been
/// taken on sanctions"), or still to come ("are yet to be apprehended", "stopped short of a
/// formal summons").
static NOT_AN_ACT: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\baccording\s+to(?:\s+\S+){0,4}\s+$|\b(?:stop(?:ped|s)?\s+short\s+of|refrain(?:ed|s)?\s+from|declin(?:ed|es)\s+to|without)(?:\s+\S+){0,2}\s+$|\b(?:yet|still|not|never)\s+(?:yet\s+)?(?:to\s+)?(?:be|been|being)\s+$|(?:\bsubject\s+to|\bfac(?:e|es|ed|ing)|\bhit\s+with|\bslapped\s+with|\blead(?:s|ing)?\s+to|\bled\s+to|\bcall(?:s|ed|ing)?\s+for|\burg(?:e|es|ed|ing)|\bdemand(?:s|ed|ing)?|\bseek(?:s|ing)?|\bsought|\bthreat(?:en|ens|ened|ening)(?:\s+with)?|\bpush(?:es|ed|ing)?\s+for|\b(?:press(?:es|ed|ing)?|lobb(?:y|ies|ied|ying))(?:\s+\S+){0,4}?\s+for|\bevad(?:e|es|ed|ing)|\bescap(?:e|es|ed|ing)|\bavoid(?:s|ed|ing)?|\bconsider(?:s|ed|ing)?|\brul(?:e|es|ed|ing)\s+out|\bweigh(?:s|ed|ing)?|\bmull(?:s|ed|ing)?|\bcontemplat(?:e|es|ed|ing)|\bno\s+decisions?\s+(?:(?:had|has|have)\s+been|was|were|is)\s+(?:taken|made|reached)\s+(?:on|about|over))(?:\s+(?:the|an?|new|further|possible|more|its|their|his|her|federal|criminal|fresh|additional))*\s+$")
        .unwrap_or_else(|e| panic!("not-an-act pattern: {e}"))
});

/// The name nearest before the trigger that is not a place: a passive response's own
/// subject ("said the Russian ambassador had been summoned").
fn nearest_name_before(view: &SentenceView, t: dossier_model::Span) -> Option<Slot> {
    view.left(t)
        .into_iter()
        .rev()
        .find(|s| view.kind(s) != EntityKind::Location)
}

/// A response asked of someone else ("urged the foreign ministry on Tuesday to summon",
/// "demanded that the foreign ministry summon"): only sought, not done.
static ASKED_OF_ANOTHER: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:urg(?:e|es|ed|ing)|demand(?:s|ed|ing)?|call(?:s|ed|ing)?\s+on|ask(?:s|ed|ing)?|press(?:es|ed|ing)?|pressur(?:e|es|ed|ing))\s+(?:[^\s.;]+\s+){0,8}?(?:that\s+(?:[^\s.;]+\s+){1,5}?(?:should\s+|must\s+|would\s+)?|to\s+)$")
        .unwrap_or_else(|e| panic!("asked-of-another pattern: {e}"))
});

/// An unnamed official or court as the subject right before the trigger ("that a deputy
/// minister had", "that officials have", "a federal grand jury").
static UNNAMED_OFFICIAL: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\b(?:that\s+)?(?:a|an|the|its|two|three|several|senior)\s+(?:[\w-]+\s+){0,2}?(?:minister|ministers|officials?|diplomats?|spokesm[ae]n|spokeswom[ae]n|spokesperson|envoy|ambassador|secretary|undersecretary|(?:grand\s+)?jury|court|judge)\s+(?:(?:had|has|have|also|then|later)\s+)?$")
        .unwrap_or_else(|e| panic!("unnamed-official pattern: {e}"))
});

/// An attack (or its makers) as the subject right before a takedown verb: "attacks that
/// briefly took down", "the hackers, who took down".
static ATTACK_DID_IT: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\b(?:attacks?|ddos|outages?|hackers|hacktivists|botnets?|wipers?|ransomware|malware|campaigns?)\s*,?\s+(?:that|which|who)?\s*(?:\w+ly\s+)?(?:had\s+|have\s+|has\s+)?$")
        .unwrap_or_else(|e| panic!("attack-did-it pattern: {e}"))
});

/// The speaker right before a reporting verb that says it in the document ("CISA said in
/// an advisory", "the agencies wrote on Monday in a joint alert").
fn said_in(view: &SentenceView, t: dossier_model::Span) -> Option<Slot> {
    static SAID_IN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:said|says|wrote|warned|noted|stated|added|reported|cautioned|explained)(?:\s+on\s+\w+)?\s+in\s+(?:a|an|its|their|the|one)\s+(?:[\w-]+\s+){0,2}$")
            .unwrap_or_else(|e| panic!("said-in pattern: {e}"))
    });
    view.name_before_cue(t, &SAID_IN, is_responder)
}

/// A government body, agency or bloc right before the trigger ("the EU sanctions list",
/// "a US Treasury advisory"). A bare state is left out: "Iran sanctions" are sanctions on
/// Iran.
fn owner_before(view: &SentenceView, t: dossier_model::Span) -> Option<Slot> {
    view.left(t).into_iter().next_back().filter(|s| {
        let gap = view.between(s.span.end, t.start);
        let gap = gap.trim_start_matches(['’', '\'', 's']);
        gap.trim().is_empty()
            && matches!(
                view.kind(s),
                EntityKind::Government | EntityKind::Agency | EntityKind::Organization
            )
    })
}

/// "In a joint advisory, Germany and South Korea said ...": a response named in a fronted
/// phrase is the act of the clause's subjects after the comma.
fn fronted_subjects(view: &SentenceView, t: dossier_model::Span, lead_in: &str) -> Vec<Slot> {
    let lead: Vec<&str> = lead_in.split_whitespace().collect();
    if lead.first() != Some(&"in") || lead.len() > 4 {
        return Vec::new();
    }
    let after = view.between(t.end, view.span.end);
    let Some(comma) = after
        .find(',')
        .filter(|&i| after[..i].split_whitespace().count() <= 4)
    else {
        return Vec::new();
    };
    let from = t.end + after[..=comma].chars().count();
    view.right(t)
        .into_iter()
        .find(|s| s.span.start >= from)
        .filter(|s| {
            let gap = view.between(from, s.span.start);
            let gap = gap.trim();
            (gap.is_empty() || gap.eq_ignore_ascii_case("the")) && is_responder(view.kind(s))
        })
        .map(|head| coordinated(view, head))
        .unwrap_or_default()
}

/// Responders named after the trigger as partners of the act: "in an operation with the
/// FBI", "together with Europol", "alongside German police".
fn partners(view: &SentenceView, t: dossier_model::Span, by: &[Slot]) -> Vec<Slot> {
    view.right(t)
        .into_iter()
        .filter(|s| {
            let lead = view.between(t.end, s.span.start).to_lowercase();
            let lead = lead.trim_end().trim_end_matches(" the").trim_end();
            is_responder(view.kind(s))
                && by.iter().all(|b| b.entity != s.entity)
                && [
                    "operation with",
                    "together with",
                    "jointly with",
                    "alongside",
                    "in cooperation with",
                    "in partnership with",
                    "in coordination with",
                ]
                .iter()
                .any(|p| lead.ends_with(p))
        })
        .collect()
}

/// Whether `s` belongs to a known state other than those of the actors `by`.
fn of_another_state(view: &SentenceView, s: &Slot, by: &[Slot]) -> bool {
    let theirs = view.country(s);
    theirs.is_some() && by.iter().all(|b| view.country(b) != theirs)
}

/// The threat actor an advisory names ("singled out APT40 in an advisory", "a joint alert
/// against attacks by a Chinese state-backed group"): the one nearest the trigger in its
/// sentence, if it belongs to another state than the publisher.
fn named_actor(view: &SentenceView, t: dossier_model::Span, by: &[Slot]) -> Option<Slot> {
    // "an advisory saying that Russia's SVR had been exploiting a flaw": the attacker the
    // advisory's sentence names, whatever kind of body it is.
    let attacks = |s: &Slot| {
        view.doc.events.iter().any(|e| {
            e.kind.is_operation()
                && e.sentence == view.span
                && e.args_with(Role::Attacker).any(|a| a.start == s.span.start)
        })
    };
    view.slots
        .iter()
        .filter(|s| view.kind(s) == EntityKind::ThreatActor || attacks(s))
        .filter(|s| of_another_state(view, s, by))
        .min_by_key(|s| s.span.start.abs_diff(t.start))
        .copied()
}

/// Who brings the charges of an agentless passive ("two men were indicted on Thursday"):
/// the first government body or agency of a known state in the trigger's sentence or the
/// next one ("According to a Justice Department release, ..."). Reports of charges name
/// the prosecutor nearby when they name it at all.
fn prosecutor(doc: &Document, hit: &Hit) -> Option<Slot> {
    let at = doc.sentence_at(hit.sentence.start)?;
    doc.sentences[at..doc.sentences.len().min(at + 2)]
        .iter()
        .find_map(|sentence| {
            let view = SentenceView::new(doc, *sentence);
            view.slots.into_iter().find(|s| {
                let e = &doc.entities[s.entity];
                matches!(e.kind, EntityKind::Government | EntityKind::Agency) && e.country.is_some()
            })
        })
}

/// "according to" with at most one word between it and the trigger ("according to
/// detection guidance").
static CITED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?i)\baccording\s+to\s+(?:[\w-]+\s+)?$")
        .unwrap_or_else(|e| panic!("cited pattern: {e}"))
});

/// The bodies right after an advisory noun that issued it ("an advisory from the FBI and
/// CISA", "guidance by the NSA", "guidance the Australian Signals Directorate issued").
fn issuers_after(view: &SentenceView, t: dossier_model::Span) -> Vec<Slot> {
    static ISSUED: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)^\s*(?:had\s+|has\s+)?(?:issued|published|released|put\s+out|circulated)\b",
        )
        .unwrap_or_else(|e| panic!("issued pattern: {e}"))
    });
    let Some(first) = view
        .right(t)
        .into_iter()
        .next()
        .filter(|s| is_responder(view.kind(s)))
    else {
        return Vec::new();
    };
    let gap = view.between(t.end, first.span.start).trim().to_lowercase();
    let issuers: Vec<Slot> = coordinated(view, first)
        .into_iter()
        .filter(|s| is_responder(view.kind(s)))
        .collect();
    let by_agent = matches!(
        gap.as_str(),
        "from" | "from the" | "by" | "by the" | "issued by"
    );
    // "guidance the Australian Signals Directorate issued on Tuesday": the relative
    // clause's subject issued it.
    let relative = matches!(
        gap.as_str(),
        "" | "the" | "that" | "that the" | "which" | "which the"
    ) && {
        let end = issuers
            .iter()
            .map(|s| s.span.end)
            .max()
            .unwrap_or(first.span.end);
        ISSUED.is_match(view.between(end, view.span.end))
    };
    if by_agent || relative {
        issuers
    } else {
        Vec::new()
    }
}

/// Whether an operation is told in the hit's sentence or one of the two before it.
fn follows_an_operation(doc: &Document, hit: &Hit) -> bool {
    let Some(here) = doc.sentence_at(hit.sentence.start) else {
        return false;
    };
    doc.events.iter().any(|e| {
        e.kind.is_operation()
            && doc
                .sentence_at(e.sentence.start)
                .is_some_and(|k| k <= here && here - k <= 2)
    })
}

/// The first thing after the trigger that is not a place, time or the actor itself, and
/// that lies inside the same quotation: past a closing quote comes the narrator's attribution
/// ("sanctioned the address," said the developers of X), not the object.
fn object_of(view: &SentenceView, t: dossier_model::Span, by: &[Slot]) -> Option<Slot> {
    // "routers in Texas and Guam that Volt Typhoon had hijacked": a name joined to a
    // place by "and" or "or" is a place too.
    let mut after_place = false;
    view.right(t).into_iter().find(|s| {
        // "an attache at the Russian embassy": whom the staff work for, not a place.
        let staff_at = view.word_before(s.span.start) == "at"
            && matches!(
                view.word_before_word(s.span.start).as_str(),
                "attache"
                    | "attaché"
                    | "attaches"
                    | "secretary"
                    | "counsellor"
                    | "counselor"
                    | "diplomat"
                    | "diplomats"
                    | "official"
                    | "officials"
                    | "officer"
                    | "officers"
                    | "employee"
                    | "employees"
                    | "staff"
                    | "envoy"
                    | "consul"
            );
        let place = view.kind(s) == EntityKind::Location
            || (!staff_at
                && matches!(
                    view.word_before(s.span.start).as_str(),
                    "in" | "at" | "from"
                ))
            || (after_place && matches!(view.word_before(s.span.start).as_str(), "and" | "or"));
        let joined = std::mem::replace(&mut after_place, place);
        if joined && place {
            return false;
        }
        // Right after the trigger, the word before may be the trigger's own ("called in
        // the Chinese ambassador").
        let direct = view
            .between(t.end, s.span.start)
            .split_whitespace()
            .all(|w| matches!(w.to_lowercase().as_str(), "the" | "a" | "an"));
        // "took down a botnet run by X": whoever runs what is taken down is its target.
        let runner = view.word_before(s.span.start) == "by"
            && matches!(
                view.word_before_word(s.span.start).as_str(),
                "run" | "operated" | "controlled" | "used" | "managed" | "owned"
            );
        // Past a comma, a name that a verb follows is the subject of another clause
        // ("After the indictments by the FBI, the Russian government denied ..."); one
        // that does not may still be the object ("filed charges, imposed sanctions and
        // accused Beijing of ...").
        let gap = view.between(t.end, s.span.start);
        let other_clause = gap.contains(',') && {
            let after = view.between(s.span.end, view.span.end).to_lowercase();
            // A hyphen joins the next word to the name ("Chinese state-affiliated").
            !after.starts_with('-')
                && after
                    .split(|c: char| !c.is_alphanumeric() && c != '\'')
                    .find(|w| !w.is_empty())
                    .is_some_and(|w| {
                        matches!(
                            w,
                            "is" | "are"
                                | "was"
                                | "were"
                                | "has"
                                | "have"
                                | "had"
                                | "will"
                                | "would"
                                | "says"
                                | "denies"
                                | "rejects"
                                | "calls"
                        ) || (w.ends_with("ed") && w.len() > 4)
                    })
        };
        // Past "used by a ransomware gang", the rest is the runner's clause ("... to
        // extort hospitals"), not what was taken down.
        let past_runner = !runner && RUNNER_BY.is_match(gap);
        // "arrested two men for breaking into the Supreme Court's system": past the cause,
        // names are whom the act hit.
        let past_cause = CAUSE_ACT.is_match(gap);
        by.iter().all(|b| b.entity != s.entity)
            && !other_clause
            && !past_runner
            && !past_cause
            && !closes_quote(gap)
            && view.kind(s) != EntityKind::Location
            && (direct
                || runner
                || staff_at
                || !matches!(
                    view.word_before(s.span.start).as_str(),
                    "in" | "at" | "by" | "with" | "during" | "from" | "under"
                ))
    })
}

/// A cause told by a verb's "-ing" form ("for breaking into", "over hacking", "on
/// suspicion of breaking into").
static CAUSE_ACT: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:for|over|(?:on\s+)?suspicion\s+of|suspected\s+of|accused\s+of)\s+(?:allegedly\s+)?\w+ing\b")
        .unwrap_or_else(|e| panic!("cause-act pattern: {e}"))
});

/// Whether `between` holds the end of a quotation: a comma or full stop followed by a
/// closing quote mark.
fn closes_quote(between: &str) -> bool {
    [",\u{201d}", ".\u{201d}", ",\"", ".\"", ",\u{2019}"]
        .iter()
        .any(|q| between.contains(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (type, by countries, against countries) of the responses in `text`.
    fn responses(text: &str) -> Vec<(EventType, Vec<String>, Vec<String>)> {
        let response = |e: &dossier_model::Event| {
            e.kind.family() == dossier_model::event::EventFamily::Response
        };
        crate::events::testing::summarise(text, response, Role::By, Role::Against)
    }

    #[test]
    fn a_response_named_again_is_not_a_second_one() {
        let found = responses(
            "Estonia summoned Russia's ambassador over the cyberattacks on its ministries. The \
             Russian embassy said the summons was a provocation.",
        );
        let summonses = found
            .iter()
            .filter(|(k, _, _)| *k == EventType::Summons)
            .count();
        assert_eq!(summonses, 1, "{found:?}");
        // A summons of a later sentence that is not told as known still counts.
        let found = responses(
            "Estonia summoned Russia's ambassador over the hack. Latvia issued a summons too.",
        );
        let summonses = found
            .iter()
            .filter(|(k, _, _)| *k == EventType::Summons)
            .count();
        assert_eq!(summonses, 2, "{found:?}");
    }

    #[test]
    fn a_list_of_bodies_with_head_nouns_issues_one_advisory_against_the_attacker() {
        let found = responses(
            "Dutch agencies, Germany's BSI and Czech cyber officials published an advisory \
             saying that Russia's GRU had been exploiting a flaw in Roundcube servers to break \
             into ministries.",
        );
        assert_eq!(
            found,
            vec![(
                EventType::Advisory,
                vec!["NL".into(), "DE".into(), "CZ".into()],
                vec!["RU".into()]
            )]
        );
    }

    #[test]
    fn disabling_a_group_s_infrastructure_is_a_takedown_of_the_group() {
        let found = responses("The FBI disabled Anonymous Sudan's attack infrastructure.");
        assert_eq!(
            found,
            vec![(EventType::Takedown, vec!["US".into()], vec!["SD".into()])]
        );
    }

    #[test]
    fn a_response_debated_or_over_another_cause_is_none() {
        assert!(
            responses("EU ministers discussed whether to sanction Russian officers over the hack.")
                .is_empty()
        );
        assert!(
            responses("Ottawa imposed sanctions on Iran's morality police over the crackdown on protesters.")
                .is_empty()
        );
        let found = responses(
            "Ottawa imposed sanctions on two Iranian hackers over the crackdown on protesters' \
             phones.",
        );
        assert_eq!(
            found,
            vec![(EventType::Sanction, vec!["CA".into()], vec!["IR".into()])]
        );
    }

    #[test]
    fn a_response_only_weighed_is_none() {
        assert!(
            responses(
                "If the attack proves Russian, the government would consider expelling \
                 diplomats, the minister said."
            )
            .is_empty()
        );
        assert!(responses("Canberra is weighing sanctions on the hackers.").is_empty());
    }

    #[test]
    fn a_charge_reaches_its_cause_across_a_long_object() {
        let found = responses(
            "Federal prosecutors in Ohio charged three employees of a Wuhan contractor, and an \
             officer of China's Ministry of State Security, with hacking aerospace firms.",
        );
        assert_eq!(
            found,
            vec![(EventType::Indictment, vec!["US".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn cutting_hackers_off_from_their_routers_is_a_takedown() {
        let found = responses(
            "The Justice Department cut Chinese state hackers off from hundreds of hijacked \
             home routers.",
        );
        assert_eq!(
            found,
            vec![(EventType::Takedown, vec!["US".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn more_words_for_responses() {
        let one = |text: &str, kind: EventType, by: &str, against: &str| {
            let found = responses(text);
            assert!(
                found.contains(&(kind, vec![by.into()], vec![against.into()])),
                "{text}: {found:?}"
            );
        };
        one(
            "Berlin imposed restrictive measures on two Iranian officers over the phishing \
             campaign.",
            EventType::Sanction,
            "DE",
            "IR",
        );
        one(
            "Swedish police apprehended a Russian hacker wanted for the breach.",
            EventType::Arrest,
            "SE",
            "RU",
        );
        // An arrest still to come has not happened.
        let found = responses(
            "The two Iranian hackers behind the breach are yet to be apprehended by US police.",
        );
        assert!(found.is_empty(), "{found:?}");
        one(
            "Greek police took two Chinese nationals into custody over the intrusions.",
            EventType::Arrest,
            "GR",
            "CN",
        );
        one(
            "Czech prosecutors opened criminal proceedings against a Russian officer over \
             the hack of the foreign ministry.",
            EventType::Indictment,
            "CZ",
            "RU",
        );
        // A hyphenated age between the verb and "with" does not hide the charge.
        let found = responses(
            "Norwegian prosecutors charged a 19-year-old Russian with hacking the parliament.",
        );
        assert!(
            found
                .iter()
                .any(|(k, by, _)| *k == EventType::Indictment && by == &["NO"]),
            "{found:?}"
        );
    }

    #[test]
    fn responses_asked_about_or_stopped_short_of_are_none() {
        let found = responses(
            "Asked whether Oslo would impose sanctions over the Sandworm hack, the minister \
             said no decision had been made.",
        );
        assert!(found.is_empty(), "{found:?}");
        let found = responses(
            "Riga stopped short of a formal summons of the Russian ambassador over the hack.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn findings_raised_with_an_embassy_and_an_envoy_called_in() {
        let found = responses(
            "Lithuanian intelligence said APT28 had breached the defence ministry. Vilnius \
             raised the findings with the Russian embassy.",
        );
        assert!(
            found.contains(&(
                EventType::DiplomaticTalks,
                vec!["LT".into()],
                vec!["RU".into()]
            )),
            "{found:?}"
        );
        let found =
            responses("Finland called in Russia's ambassador over the hacking of its parliament.");
        assert!(
            found.contains(&(EventType::Summons, vec!["FI".into()], vec!["RU".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn a_rented_service_shut_down_targets_its_users() {
        let found =
            responses("Polish police shut down a VPN service used by Belarusian state hackers.");
        assert_eq!(
            found,
            vec![(EventType::Takedown, vec!["PL".into()], vec!["BY".into()])]
        );
        // A victim shutting its own systems down takes nothing down.
        let found = responses("The Estonian ministry shut down its servers after the breach.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_court_in_a_city_acts_for_its_state() {
        let found = responses(
            "A court in Lyon indicted three Russian nationals for hacking a French hospital.",
        );
        assert!(
            found.contains(&(EventType::Indictment, vec!["FR".into()], vec!["RU".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn an_advisory_named_twice_in_one_clause_is_one_advisory() {
        let found = responses(
            "Japan's JPCERT issued an advisory urging companies to patch Ivanti gateways.",
        );
        assert_eq!(
            found,
            vec![(EventType::Advisory, vec!["JP".into()], vec![])],
            "{found:?}"
        );
    }

    #[test]
    fn a_takedown_targets_who_runs_the_infrastructure_with_its_partners() {
        let found = responses(
            "Spanish police dismantled servers operated by Chinese hackers together with \
             the FBI.",
        );
        assert_eq!(
            found,
            vec![(
                EventType::Takedown,
                vec!["ES".into(), "US".into()],
                vec!["CN".into()]
            )]
        );
    }

    #[test]
    fn an_unnamed_runner_is_what_a_takedown_targets() {
        let doc = crate::events::testing::run_rules(
            "Belgian police took down servers used by a ransomware gang to extort hospitals.",
        );
        let against: Vec<&str> = doc
            .events
            .iter()
            .filter(|e| e.kind == EventType::Takedown)
            .flat_map(|e| e.args_with(Role::Against))
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(against, vec!["a ransomware gang"]);
    }

    #[test]
    fn designations_and_advice_to_operators_of_systems() {
        assert_eq!(
            responses("The US Treasury designated two Iranian firms for hacking US banks."),
            vec![(EventType::Sanction, vec!["US".into()], vec!["IR".into()])]
        );
        let found = responses(
            "Canada's cyber centre urged operators of water systems to patch a flaw that \
             APT33 is exploiting.",
        );
        assert_eq!(
            found,
            vec![(EventType::Advisory, vec!["CA".into()], vec!["IR".into()])]
        );
    }

    #[test]
    fn frozen_assets_and_fronted_advisories() {
        let found = responses("Canberra froze the assets of two Iranian hackers on Friday.");
        assert_eq!(
            found,
            vec![(EventType::Sanction, vec!["AU".into()], vec!["IR".into()])]
        );
        let found = responses(
            "In a joint advisory, Japan and Australia said APT40 had targeted their ports.",
        );
        assert_eq!(
            found,
            vec![(
                EventType::Advisory,
                vec!["JP".into(), "AU".into()],
                vec!["CN".into()]
            )]
        );
    }

    #[test]
    fn a_participle_after_people_is_passive() {
        let found = responses(
            "A Ukrainian man arrested by Polish police in May was extradited over the attacks.",
        );
        assert_eq!(
            found,
            vec![(EventType::Arrest, vec!["PL".into()], vec!["UA".into()])]
        );
        // Without an agent and a body nearby, nobody is credited and nobody is charged.
        let found = responses(
            "Two Iranian men already indicted in Virginia over a hacking scheme face new charges.",
        );
        assert!(found.is_empty(), "{found:?}");
        // After its agent, the verb is active.
        let found = responses("Polish police arrested a Ukrainian man over the attacks.");
        assert_eq!(
            found,
            vec![(EventType::Arrest, vec!["PL".into()], vec!["UA".into()])]
        );
    }

    #[test]
    fn the_object_stays_in_the_triggers_clause() {
        let found = responses(
            "After the indictments by the FBI, the Russian government denied any role in the hacking.",
        );
        assert_eq!(
            found,
            vec![(EventType::Indictment, vec!["US".into()], vec![])]
        );
        // A hyphenated word after the name is no verb.
        let found = responses(
            "The Dutch government summoned the chargé d'affaires at the Chinese embassy, after \
             attribution of the intrusions to Chinese state-affiliated individuals.",
        );
        assert!(
            found
                .iter()
                .any(|(k, _, against)| *k == EventType::Summons
                    && against == &vec!["CN".to_string()]),
            "{found:?}"
        );
        // A list of verbs shares its object.
        let found = responses(
            "British officials filed charges, imposed sanctions, and accused Beijing of hacking.",
        );
        assert!(
            found
                .iter()
                .any(|(k, _, against)| *k == EventType::Sanction
                    && against == &vec!["CN".to_string()]),
            "{found:?}"
        );
        let found =
            responses("After the FBI's indictments, Russia denied any role in the hacking.");
        assert!(
            found.iter().all(|(_, _, against)| against.is_empty()),
            "{found:?}"
        );
    }

    #[test]
    fn police_arrest_their_own_nationals() {
        let found = responses("Romania's cyber police arrested three Romanian men on Monday.");
        assert_eq!(
            found,
            vec![(EventType::Arrest, vec!["RO".into()], vec!["RO".into()])]
        );
    }

    #[test]
    fn calling_in_an_ambassador_summons_the_ambassadors_state() {
        assert_eq!(
            responses("Norway's foreign ministry called in the Russian ambassador over the hack."),
            vec![(EventType::Summons, vec!["NO".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn raising_the_matter_after_an_operation_is_talks() {
        assert_eq!(
            responses(
                "Russian hackers breached the Storting's email. The Norwegian foreign \
                 minister raised the matter with the Russian ambassador."
            ),
            vec![(
                EventType::DiplomaticTalks,
                vec!["NO".into()],
                vec!["RU".into()]
            )]
        );
        // Without an operation before, "the matter" may be anything.
        assert!(
            responses(
                "The Norwegian foreign minister raised the matter with the Russian ambassador."
            )
            .is_empty()
        );
    }

    #[test]
    fn a_state_does_not_respond_against_itself() {
        let found = responses(
            "The Justice Department's indictment ties the hack to revenge for a strike the \
             Biden administration ordered.",
        );
        assert!(
            found
                .iter()
                .all(|(_, _, against)| !against.contains(&"US".to_string())),
            "{found:?}"
        );
    }

    #[test]
    fn agentless_charges_are_brought_by_the_body_named_next() {
        let found = responses(
            "Two Iranian nationals were indicted on Thursday over the hack. The Justice \
             Department said they worked for the IRGC.",
        );
        assert_eq!(
            found,
            vec![(EventType::Indictment, vec!["US".into()], vec!["IR".into()])]
        );
        // No body named nearby: nobody to credit.
        let found = responses("Two Iranian nationals were indicted on Thursday over the hack.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn an_advisory_targets_the_foreign_actor_it_names() {
        let found = responses(
            "The Australian Signals Directorate singled out APT40 in a technical advisory.",
        );
        assert_eq!(
            found,
            vec![(EventType::Advisory, vec!["AU".into()], vec!["CN".into()])]
        );
        let found = responses("CISA published an advisory on patching routers.");
        assert_eq!(
            found,
            vec![(EventType::Advisory, vec!["US".into()], vec![])]
        );
    }

    #[test]
    fn the_object_does_not_reach_past_the_end_of_the_quote() {
        let found = responses(
            "\u{201c}The US Treasury has sanctioned the wallet that received the funds,\u{201d} \
             wrote the developers of Axie Infinity.",
        );
        assert!(
            found.iter().all(|(_, _, against)| against.is_empty()),
            "{found:?}"
        );
        let found = responses("The US Treasury sanctioned Rosneft over the attacks.");
        assert!(
            found
                .iter()
                .any(|(_, _, against)| against == &vec!["RU".to_string()]),
            "{found:?}"
        );
    }

    #[test]
    fn a_cited_sought_or_suffered_response_is_no_act() {
        for text in [
            "The officers worked for the GRU, according to the nearly 30-page indictment.",
            "Two GRU officers are subject to an asset freeze.",
            "The State Department offered a reward for information leading to the arrest of \
             the IRGC hackers.",
            "Lawmakers in Britain called for sanctions on Russia over the hack.",
        ] {
            let found = responses(text);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    #[test]
    fn the_body_before_the_noun_is_the_responder() {
        let found = responses("A GRU unit has also been added to the EU sanctions list.");
        assert!(
            found
                .iter()
                .all(|(_, by, _)| !by.contains(&"RU".to_string())),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .all(|(_, _, against)| against == &vec!["RU".to_string()]),
            "{found:?}"
        );
        let found = responses("A GRU unit was named in a Justice Department indictment.");
        assert_eq!(
            found,
            vec![(EventType::Indictment, vec!["US".into()], vec!["RU".into()])],
        );
    }

    #[test]
    fn an_envoy_at_an_embassy_expelled_or_summoned_is_the_embassy_s_state() {
        let found = responses(
            "Armenia declared a counsellor at the Iranian embassy in Yerevan persona non \
             grata after spies tied to him hacked the ministry of defence.",
        );
        assert_eq!(
            found,
            vec![(EventType::Expulsion, vec!["AM".into()], vec!["IR".into()])]
        );
        let found = responses(
            "Finland ordered an attache at the Chinese embassy to leave the country after \
             hackers broke into the parliament's network.",
        );
        assert_eq!(
            found,
            vec![(EventType::Expulsion, vec!["FI".into()], vec!["CN".into()])]
        );
        // A passive summons reported by the state that summoned.
        let found = responses(
            "Austria said the Russian ambassador had been summoned over the hack of its \
             foreign ministry.",
        );
        assert_eq!(
            found,
            vec![(EventType::Summons, vec!["AT".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn a_summons_urged_on_another_is_not_made() {
        for text in [
            "Opposition lawmakers urged the foreign ministry on Monday to summon the Russian \
             ambassador over the hack of the land registry.",
            "Lawmakers demanded that the foreign ministry summon Russia's envoy over the \
             cyberattacks on the election commission.",
        ] {
            assert!(responses(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn listing_on_the_sdn_list_is_a_sanction() {
        let found = responses(
            "In April, the Office of Foreign Assets Control included the Lazarus Group on its \
             Specially Designated Nationals list after the hack.",
        );
        assert_eq!(
            found,
            vec![(EventType::Sanction, vec!["US".into()], vec!["KP".into()])]
        );
    }

    #[test]
    fn telling_administrators_to_check_is_an_advisory() {
        let found = responses(
            "The Australian Signals Directorate said APT40 had targeted government networks \
             and recommended network administrators verify their logs.",
        );
        assert_eq!(
            found,
            vec![(EventType::Advisory, vec!["AU".into()], vec!["CN".into()])]
        );
        let found = responses("The company recommended users update their phones.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn every_trigger_compiles_and_has_a_type() {
        assert!(
            TRIGGERS
                .iter()
                .all(|(t, _)| t.kind.family() == dossier_model::event::EventFamily::Response)
        );
    }

    #[test]
    fn neutralising_an_implant_is_a_takedown() {
        let found = responses("The FBI neutralised Snake, a malware implant run by Turla.");
        assert_eq!(
            found,
            vec![(EventType::Takedown, vec!["US".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn sanctions_over_the_suppression_of_protests_are_not_cyber() {
        let found = responses(
            "Canberra added 14 Iranian officials to its sanctions list over the violent \
             suppression of street protests.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn the_expulsions_called_a_provocation_are_the_earlier_ones() {
        let found = responses(
            "Latvia expelled two Russian diplomats over the attacks on municipal websites. \
             Moscow called the expulsions a provocation.",
        );
        assert_eq!(
            found,
            vec![(EventType::Expulsion, vec!["LV".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn sanctions_pressed_for_are_not_imposed() {
        let found = responses(
            "Vilnius pressed its European partners for sanctions over the cyberattack on its \
             payment terminals.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_second_target_along_with_the_first() {
        let found = responses(
            "Canberra sanctioned Zservers, a hosting firm in Barnaul that rented servers to \
             ransomware gangs, along with two Russian nationals who ran it.",
        );
        assert_eq!(
            found,
            vec![(EventType::Sanction, vec!["AU".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn whom_the_operation_hit_is_no_target_of_the_sanction() {
        let found = responses(
            "The EU froze the assets of four people over cyberattacks on member states and \
             Ukraine.",
        );
        assert_eq!(found, vec![(EventType::Sanction, vec![], vec![])]);
    }

    #[test]
    fn unnamed_people_are_whom_it_targets() {
        let against = |text: &str| -> Vec<String> {
            let doc = crate::events::testing::run_rules(text);
            doc.events
                .iter()
                .filter(|e| e.kind == EventType::Arrest)
                .flat_map(|e| e.args_with(Role::Against).map(|a| a.text.clone()))
                .collect()
        };
        // Counted in thousands; not a state named in a clause about their group.
        assert_eq!(
            against(
                "Police in 12 countries arrested 1,204 suspects in a crackdown on \
                 ransomware gangs."
            ),
            vec!["1,204 suspects".to_string()]
        );
        assert_eq!(
            against(
                "Chilean police arrested four members of a phishing gang, whose lures \
                 emptied accounts in Peru and Bolivia."
            ),
            vec!["four members".to_string()]
        );
        // Not a name in their relative clause.
        assert_eq!(
            against(
                "Turkish police detained 12 people across five provinces who had been \
                 recruited by Israel's Mossad to hack into phones."
            ),
            vec!["12 people".to_string()]
        );
        assert_eq!(
            against("Thai police arrested an army sergeant over the leak of data from an app."),
            vec!["an army sergeant".to_string()]
        );
        assert_eq!(
            against("Dutch police detained two young men suspected of running a botnet."),
            vec!["two young men".to_string()]
        );
        assert_eq!(
            against("Police in Lyon arrested a 17-year-old over the hack of the city hall."),
            vec!["a 17-year-old".to_string()]
        );
        // Things are not people.
        assert!(against("Police arrested two servers.").is_empty());
    }

    #[test]
    fn sanctions_and_a_travel_ban_on_him_are_one_sanction_on_the_named_man() {
        let found = responses(
            "Canberra attributed the breach of the insurer to a Russian national and imposed \
             financial sanctions and a travel ban on him.",
        );
        assert_eq!(
            found,
            vec![(EventType::Sanction, vec!["AU".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn those_who_say_they_took_it_down_did() {
        let found = responses(
            "US officials said on Tuesday that they had dismantled a network of hijacked routers that Chinese hackers had used to hide their tracks.",
        );
        assert_eq!(
            found,
            vec![(EventType::Takedown, vec!["US".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn visa_restrictions_are_a_sanction() {
        let found = responses(
            "Washington imposed visa restrictions on Chinese officials involved in the hacking.",
        );
        assert_eq!(
            found,
            vec![(EventType::Sanction, vec!["US".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn declaring_diplomats_persona_non_grata_expels_them() {
        let found = responses(
            "Prague declared two Russian diplomats persona non grata over the hacking campaign.",
        );
        assert_eq!(
            found,
            vec![(EventType::Expulsion, vec!["CZ".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn sanctions_target_people_not_the_malware_they_used() {
        let doc = crate::events::testing::run_rules(
            "The European Union imposed asset freezes on four people over attacks that \
             spread NotPetya.",
        );
        let against: Vec<&str> = doc
            .events
            .iter()
            .filter(|e| e.kind == EventType::Sanction)
            .flat_map(|e| e.args_with(Role::Against).map(|a| a.text.as_str()))
            .collect();
        assert_eq!(against, vec!["four people"]);
    }

    #[test]
    fn pressing_a_leader_on_hacking_is_talks_and_sending_envoys_home_an_expulsion() {
        assert_eq!(
            responses(
                "President Macron pressed Vladimir Putin on the hacking of French hospitals."
            ),
            vec![(
                EventType::DiplomaticTalks,
                vec!["FR".to_string()],
                vec!["RU".to_string()]
            )]
        );
        assert!(responses("The union pressed the company on pay.").is_empty());
        assert_eq!(
            responses(
                "Costa Rica broke off relations with Russia and ordered its diplomats to leave \
                 over the ransomware attack."
            ),
            vec![(
                EventType::Expulsion,
                vec!["CR".to_string()],
                vec!["RU".to_string()]
            )]
        );
        assert_eq!(
            responses("Seoul gave two North Korean diplomats 72 hours to leave after the hack."),
            vec![(
                EventType::Expulsion,
                vec!["KR".to_string()],
                vec!["KP".to_string()]
            )]
        );
    }

    #[test]
    fn who_runs_a_campaign_does_not_issue_the_alert_about_it() {
        assert_eq!(
            responses(
                "Authorities in Malaysia issued an alert about a phishing campaign run by \
                 Chinese hackers."
            ),
            vec![(
                EventType::Advisory,
                vec!["MY".to_string()],
                vec!["CN".to_string()]
            )]
        );
    }

    #[test]
    fn an_attack_that_took_sites_down_is_no_takedown() {
        let found = responses(
            "DDoS attacks that briefly took down the websites of three Danish ministries were \
             blamed by Denmark's cyber agency on NoName057(16).",
        );
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Takedown),
            "{found:?}"
        );
        // Police who take servers down still do.
        let found = responses("Danish police took down servers used by NoName057(16).");
        assert!(
            found.iter().any(|(k, _, _)| *k == EventType::Takedown),
            "{found:?}"
        );
    }

    #[test]
    fn an_unnamed_official_discussing_the_report_talks_for_the_ministry() {
        let found = responses(
            "Hackers stole documents from Georgia's foreign ministry in May. The ministry said \
             on Monday that a deputy minister had discussed the report with the Russian \
             ambassador.",
        );
        assert_eq!(
            found,
            vec![(
                EventType::DiplomaticTalks,
                vec!["GE".into()],
                vec!["RU".into()]
            )]
        );
    }

    #[test]
    fn adding_to_a_freeze_list_or_blacklist_is_a_sanction() {
        for text in [
            "Seoul on Monday added the Lazarus group, a North Korean unit blamed for a string \
             of crypto thefts, and two of its bankers to its asset-freeze list.",
            "Seoul added the Lazarus group to its blacklist over crypto thefts.",
        ] {
            let found = responses(text);
            assert_eq!(
                found,
                vec![(EventType::Sanction, vec!["KR".into()], vec!["KP".into()])],
                "{text}"
            );
        }
        // The list noun after "to its" is the verb's, not a second sanction.
        let found = responses(
            "The US Treasury added a Chinese cybersecurity company to its sanctions list for \
             supporting Flax Typhoon.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn a_listing_over_protests_is_no_cyber_sanction() {
        // "targeted by Australian measures" is no cyber word.
        let found = responses(
            "Canberra added nine Iranian officials to its sanctions list over the violent \
             suppression of protests, bringing the number of Iranians targeted by Australian \
             measures to 120.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn ordering_diplomats_out_is_an_expulsion() {
        let found = responses(
            "Tirana ordered every Iranian diplomat and embassy employee out within a day over \
             the July hack.",
        );
        assert_eq!(
            found,
            vec![(EventType::Expulsion, vec!["AL".into()], vec!["IR".into()])]
        );
    }

    #[test]
    fn sanctions_not_ruled_out_are_none() {
        let found = responses(
            "Obama said Washington had not ruled out sanctions against Chinese firms that \
             profited from the hacking.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn every_issuer_after_by_issues_the_advisory() {
        let found = responses(
            "Beijing dismissed a joint advisory by the United States, Britain and Canada on \
             Volt Typhoon.",
        );
        assert!(
            found.iter().any(|(k, by, _)| *k == EventType::Advisory
                && by == &vec!["US".to_string(), "GB".into(), "CA".into()]),
            "{found:?}"
        );
    }

    #[test]
    fn those_who_say_so_in_an_advisory_issued_it() {
        // Not a state named earlier in the sentence.
        let found = responses(
            "Sandworm had kept access to some Polish power grids for years, the NSA and the \
             FBI said in a joint advisory on Monday.",
        );
        assert_eq!(
            found,
            vec![(
                EventType::Advisory,
                vec!["US".into(), "US".into()],
                vec!["RU".into()]
            )]
        );
        let found = responses(
            "CISA, the FBI and the NSA said in a joint advisory that Volt Typhoon had burrowed \
             into water utilities.",
        );
        assert_eq!(
            found,
            vec![(
                EventType::Advisory,
                vec!["US".into(), "US".into(), "US".into()],
                vec!["CN".into()]
            )]
        );
    }

    #[test]
    fn sanctioned_goods_and_a_sanctions_framework_are_no_sanction() {
        for text in [
            "Vilnius tightened checks on sanctioned goods after the DDoS attacks on its \
             websites.",
            "Japan is drafting a cyber sanctions framework after the Lazarus heist.",
        ] {
            assert!(responses(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn another_cause_in_the_sanction_s_own_clause_is_no_cyber_sanction() {
        // The breach is told in another clause, after "though".
        let found = responses(
            "Ottawa announced sanctions on four Iranian officials over the crackdown on \
             protesters, though it said it was still studying the breach of its parliament's \
             network.",
        );
        assert!(found.is_empty(), "{found:?}");
        let found = responses(
            "Ottawa announced sanctions on four Iranian officials over the crackdown on \
             protesters and the breach of its parliament's network.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn freezing_money_held_by_someone_is_a_sanction() {
        let found =
            responses("Australia froze money held by two Russian nationals over the breach.");
        assert_eq!(
            found,
            vec![(EventType::Sanction, vec!["AU".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn declaring_him_persona_non_grata_after_expelling_him_is_one_expulsion() {
        let found = responses(
            "Estonia expelled a Russian diplomat on Monday and declared him persona non grata \
             after the domestic intelligence service accused him of running the hack.",
        );
        assert_eq!(
            found,
            vec![(EventType::Expulsion, vec!["EE".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn talks_with_someone_named_late_in_the_clause_are_with_them() {
        let found = responses(
            "The Danish foreign minister raised the 2023 hack of the parliament, which \
             Denmark's security police tie to APT28 and its unit 26165, during talks with the \
             Russian ambassador in Copenhagen.",
        );
        assert_eq!(
            found,
            vec![(
                EventType::DiplomaticTalks,
                vec!["DK".into()],
                vec!["RU".into()]
            )]
        );
    }

    #[test]
    fn removing_accounts_run_by_a_network_is_a_takedown() {
        let found = responses(
            "Meta said it removed hundreds of Facebook accounts and pages run by a Chinese \
             influence network.",
        );
        assert_eq!(
            found,
            vec![(EventType::Takedown, vec!["US".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn a_response_not_decided_is_none() {
        assert!(
            responses(
                "Helsinki blamed Russian hackers for the breach but said no decision had been \
                 taken on sanctions against them."
            )
            .iter()
            .all(|(k, _, _)| *k != EventType::Sanction)
        );
    }

    #[test]
    fn raising_the_matter_directly_is_talks() {
        assert_eq!(
            responses(
                "Russian hackers breached the Storting's email. Oslo raised the matter directly \
                 with the Russian ambassador."
            ),
            vec![(
                EventType::DiplomaticTalks,
                vec!["NO".into()],
                vec!["RU".into()]
            )]
        );
    }

    #[test]
    fn an_opening_participle_phrase_holds_no_responder() {
        // "Having blamed Beijing ..., Canberra raised": the clause's subject is past the
        // phrase's comma.
        assert!(
            responses(
                "Having blamed Beijing for the breach of its ministries, Canberra raised the \
                 matter with Chinese diplomats."
            )
            .contains(&(
                EventType::DiplomaticTalks,
                vec!["AU".into()],
                vec!["CN".into()]
            ))
        );
    }

    #[test]
    fn people_opening_a_passive_arrest_are_whom_it_targets() {
        let doc = crate::events::testing::run_rules(
            "Two men suspected of running attacks for NoName057(16) were arrested by the \
             Guardia Civil in Seville.",
        );
        let arrest = doc
            .events
            .iter()
            .find(|e| e.kind == EventType::Arrest)
            .expect("an arrest");
        assert_eq!(
            arrest.arg(Role::Against).map(|a| a.text.as_str()),
            Some("Two men")
        );
        assert_eq!(
            crate::events::testing::countries(&doc, arrest, Role::By),
            vec!["ES".to_string()]
        );
    }

    #[test]
    fn seized_or_blocked_domains_counted_in_thousands_are_taken_down() {
        assert!(
            responses(
                "The FBI said it had seized or blocked about 1,400 web domains used to run \
                 RedLine."
            )
            .iter()
            .any(|(kind, by, _)| *kind == EventType::Takedown && by == &vec!["US".to_string()])
        );
    }

    #[test]
    fn a_counsellor_told_to_leave_is_expelled_and_seized_domains_are_taken_down() {
        assert!(
            responses(
                "Prague ordered a Russian embassy counsellor to leave the country over the \
                 hacking."
            )
            .contains(&(EventType::Expulsion, vec!["CZ".into()], vec!["RU".into()]))
        );
        assert!(
            responses(
                "Dozens of domains that APT28 had used for phishing were seized by the FBI on \
                 Tuesday."
            )
            .contains(&(EventType::Takedown, vec!["US".into()], vec!["RU".into()]))
        );
    }

    #[test]
    fn a_name_in_what_arrested_people_are_suspected_of_is_no_target() {
        let found = responses(
            "Italian police arrested two men suspected of joining attacks launched by \
             APT28, a Russian group.",
        );
        assert_eq!(
            found,
            vec![(EventType::Arrest, vec!["IT".into()], Vec::new())],
            "{found:?}"
        );
    }

    #[test]
    fn a_court_acts_for_whoever_reports_it() {
        let found = responses(
            "A federal grand jury charged two Russian officers over the hack of a water \
             utility, the Justice Department said.",
        );
        assert!(
            found.contains(&(EventType::Indictment, vec!["US".into()], vec!["RU".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn a_name_after_and_right_before_the_verb_opens_its_own_clause() {
        let found = responses(
            "Officials said APT29, a group run by Russia's SVR, had breached the ministry \
             through a flaw in Microsoft Exchange, and Vilnius summoned the Russian envoy.",
        );
        assert!(
            found.contains(&(EventType::Summons, vec!["LT".into()], vec!["RU".into()])),
            "{found:?}"
        );
        // A list of names stays a list.
        let found = responses("Japan, Australia, and Canada sanctioned the GRU officers.");
        assert_eq!(
            found[0].1,
            vec!["JP".to_string(), "AU".into(), "CA".into()],
            "{found:?}"
        );
    }

    #[test]
    fn a_sanction_over_airstrikes_is_not_about_a_later_clause_on_ransomware() {
        let found = responses(
            "London imposed sanctions on three army officers over airstrikes on villages, \
             the Foreign Office said, adding that measures against ransomware gangs would \
             follow.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn talks_over_a_named_group_or_taken_up_in_person_are_cyber_talks() {
        let found = responses("Japan's foreign minister pressed Wang Yi over Volt Typhoon.");
        assert_eq!(
            found,
            vec![(
                EventType::DiplomaticTalks,
                vec!["JP".into()],
                vec!["CN".into()]
            )]
        );
        let found = responses(
            "Canberra said Chinese hackers had breached its parliament. Defence minister \
             Richard Marles said he had taken up the issue in person with China's ambassador.",
        );
        assert_eq!(
            found,
            vec![(
                EventType::DiplomaticTalks,
                vec!["AU".into()],
                vec!["CN".into()]
            )]
        );
        // Talks over something else are not about cyber.
        assert!(
            responses("Japan's foreign minister pressed Wang Yi over fishing quotas.").is_empty()
        );
    }

    #[test]
    fn guidance_cited_or_of_a_kind_is_an_advisory() {
        let found = responses(
            "Hackers who breached two Thai ministries in June belonged to Mustang Panda, a group \
             serving China's Ministry of State Security, according to guidance the Australian \
             Signals Directorate issued on Monday.",
        );
        assert_eq!(
            found,
            vec![(EventType::Advisory, vec!["AU".into()], vec!["CN".into()])]
        );
        let found = responses(
            "In detection guidance published on Friday, Britain's National Cyber Security \
             Centre and Canada's Communications Security Establishment described a wiper that \
             Sandworm has used.",
        );
        assert_eq!(
            found,
            vec![(
                EventType::Advisory,
                vec!["GB".into(), "CA".into()],
                vec!["RU".into()]
            )]
        );
        // A citation of another kind of document is still no act.
        assert!(responses("According to the indictment, APT41 hacked the firm.").is_empty());
    }

    #[test]
    fn a_response_over_another_cause_in_a_text_without_cyber_is_none() {
        assert!(
            responses(
                "Vietnam lodged a formal protest with China after a coast guard vessel rammed a \
                 fishing boat."
            )
            .is_empty()
        );
        assert!(
            responses(
                "The Hague summoned China's ambassador to protest against the intimidation of \
                 Dutch lawmakers."
            )
            .is_empty()
        );
        // With no cause given, or a cyber cause, the response stands.
        assert_eq!(responses("Poland expelled a Belarusian diplomat.").len(), 1);
        assert_eq!(
            responses(
                "Seoul blacklisted a Pyongyang-controlled trading company over cryptocurrency \
                 heists."
            )
            .len(),
            1
        );
    }

    #[test]
    fn wiping_malware_from_hijacked_devices_takes_their_hijacker_down() {
        let found = responses(
            "The Justice Department said on Thursday it had remotely wiped malware from several \
             hundred small-office routers in Texas and Guam that Volt Typhoon, a Chinese \
             state-sponsored group, had strung together to hide its intrusions.",
        );
        assert_eq!(
            found,
            vec![(EventType::Takedown, vec!["US".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn a_public_service_announcement_is_an_advisory() {
        let found = responses(
            "The FBI warned exchanges in a public service announcement that TraderTraitor \
             was laundering the stolen ether.",
        );
        assert!(
            found
                .iter()
                .any(|(k, by, _)| *k == EventType::Advisory && by == &vec!["US"]),
            "{found:?}"
        );
    }

    #[test]
    fn a_participle_before_its_noun_is_no_arrest() {
        let found = responses(
            "Rights groups condemned the treatment of detained reporters after the cyberattack \
             on the broadcaster.",
        );
        assert!(found.is_empty(), "{found:?}");
    }
}
