//! Statements: attributions, denials and warnings.
//!
//! Attributions come in many shapes: "X attributed the hack to Y", "the hack, which X
//! blamed on Y", "was attributed to Y by X", "the attribution of the attacks to Y",
//! "X accused Y of ...", "Y was behind the attack, X said", and reported speech around an
//! operation ("According to X, Y gained access to ..."). Each shape is a trigger plus a
//! way to find the speaker and the accused; the accused must be something that can act
//! (a state, agency, group or person), and the speaker must not be the accused.

use std::sync::LazyLock;

use dossier_model::{Document, EntityKind, Event, EventType, Role, Span, Stage, StageError};
use regex::Regex;

use super::context::{
    SentenceView, Slot, is_accusable, is_actor_of_statement, is_possessive_mark, match_span,
};
use super::{Hit, Trigger, event_at, find_triggers, implied_event_at, rule_confidence};

/// How a statement trigger finds its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// "attributed X to Y", "blamed X on Y", "traced X to Y": accused after to/on.
    BlameTo,
    /// "accused Y of X", "blamed Y for X", "called out Y": accused is the object.
    Accuse,
    /// "Y was behind X", "Y is responsible for X": accused is the subject.
    Behind,
    /// "denied", "rejected the accusations", "groundless".
    Deny,
    /// "warned", "sounded the alarm".
    Warn,
    /// "X said the hackers were from Y", "the attack came from Y": a reported origin of
    /// the attackers; the accused follows the trigger, the speaker is the one reporting.
    Origin,
}

static TRIGGERS: LazyLock<Vec<(Trigger, Shape)>> = LazyLock::new(|| {
    use EventType::{Attribution as A, Denial as D, Warning as W};
    // Fragments the denial patterns share: a determiner, the accusation nouns, and the
    // words that dismiss them ("absurd", "politically motivated").
    let det = r"(?:the|these|those|such|all|its|their|this|that|his|her|our|your)?";
    let claims = r"(?:accusations?|allegations?|claims?|charges?)";
    let dismissive = r"irresponsible|absurd|ridiculous|preposterous|untrue|false|nonsense|fantasy|fiction|politically\s+motivated";
    let accusation_object = r"(?:\s+(?:the|these|those|such|all|any|its|their|this|that)?\s*(?:[\w’'-]+\s+){0,4}?(?:accusations?|allegations?|claims?|charges?|reports?|articles?|findings|finding\s+as|conclusions?|assertions?|attribution|accusation|suggestions?|accounts?\s+as|version\s+of\s+events|it|them))";
    vec![
        (
            // The gaps of the verb patterns below may hold quoted words ("traced \"with
            // high confidence\" to").
            Trigger::new(r"\b(?P<t>attribut(?:e|es|ed|ing|ion))\b", A),
            Shape::BlameTo,
        ),
        (
            Trigger::new(
                r#"\b(?P<t>(?:pinned|pins|pin)(?:\s+the\s+blame)?)(?:,?\s+["“‘$€£]?[\w’'-]+(?:[.,]\d+)?["”]?){0,16}?,?\s+on\b"#,
                A,
            ),
            Shape::BlameTo,
        ),
        (
            // "were identified by Mandiant as APT29", "unmasked (outed, exposed) the
            // intruders as Turla".
            Trigger::new(
                r#"\b(?P<t>identified|identifies|identify|unmasked|unmasks|unmask|outed|outs|exposed|exposes)(?:,?\s+["“‘]?[\w’'-]+["”]?){0,10}?,?\s+as\b"#,
                A,
            ),
            Shape::BlameTo,
        ),
        (
            Trigger::new(
                r#"\b(?P<t>(?:traced|traces|trace|tracing|pinpointed|pinpoints|pinpoint|pinpointing))(?:,?\s+["“‘]?[\w’'-]+["”]?){0,12}?,?\s+to\b"#,
                A,
            ),
            Shape::BlameTo,
        ),
        (
            Trigger::new(
                r#"\b(?P<t>(?:tied|ties|tie|tying|linked|links|linking|connected|connecting))(?:,?\s+["“‘]?[\w’'-]+["”]?){0,8}?,?\s+to\b"#,
                A,
            ),
            Shape::BlameTo,
        ),
        (
            // "which US officials link to Russia's SVR": the bare verb only after its
            // subject, since "a link to the report" is a noun.
            Trigger::new(
                r"\b(?:which|who|that|officials|experts|researchers|investigators|analysts|agencies|governments|companies|they|we)\s+(?:\w+\s+)?(?P<t>link)\s+(?:[\w’'-]+\s+){0,8}?to\b",
                A,
            ),
            Shape::BlameTo,
        ),
        (
            // "hacktivists were likely to blame for the attacks": before the verb of blame,
            // which would make them the ones who blame.
            Trigger::new(
                r"\b(?:was|were|is|are|been|being|be)\s+(?:\w+\s+){0,2}?(?P<t>to\s+blame)\b",
                A,
            ),
            Shape::Behind,
        ),
        (
            // "the Kremlin ordered this operation", "Moscow orchestrated the attacks": who
            // commands the act is behind it.
            Trigger::new(
                r"\b(?P<t>(?:ordered|directed|orchestrated|masterminded)\s+(?:the|this|these|those|that)\s+(?:[\w-]+\s+){0,2}?(?:operations?|attacks?|hacks?|hacking|breach(?:es)?|intrusions?|campaigns?|cyber-?attacks?))\b",
                A,
            ),
            Shape::Behind,
        ),
        (
            Trigger::new(r"\b(?P<t>blam(?:e|es|ed|ing))\b", A),
            Shape::Accuse,
        ),
        (
            // "condemned Russia's APT28 for the intrusions", "condemned the GRU over the hack".
            Trigger::new(
                r"\b(?P<t>condemn(?:s|ed|ing)?)\s+(?:[\w’'-]+\s+){1,5}?(?:for|over)\b",
                A,
            ),
            Shape::Accuse,
        ),
        (
            Trigger::new(r"\b(?P<t>accus(?:e|es|ed|ing|ations?))\b", A),
            Shape::Accuse,
        ),
        (
            Trigger::new(r"\b(?P<t>call(?:ed|s|ing)?\s+out)\b", A),
            Shape::Accuse,
        ),
        (
            // "exposed Turla's use of Iranian tools", "exposed a Chinese spying campaign".
            Trigger::new(
                r"\b(?P<t>expos(?:ed|es|ing))\s+(?:[\w’'-]+\s+){0,3}?(?:use|operations?|campaigns?|activit(?:y|ies)|hacking|role|infrastructure|tools|network\s+of\s+hackers)\b",
                A,
            ),
            Shape::Accuse,
        ),
        (
            // "suspicion fell on Russian military hackers": a blame no one is named making.
            Trigger::new(
                r"\b(?P<t>suspicions?\s+(?:\w+\s+)?(?:fell|falls|has\s+fallen|have\s+fallen|centred|centered|focused|focussed|turned)\s+on)\b",
                A,
            ),
            Shape::Accuse,
        ),
        (
            // "condemned the malicious cyber activity by Russia": the trigger runs to the
            // preposition, so the accused is the name right after it.
            Trigger::new(
                r"\b(?P<t>condemn(?:s|ed|ing)?\s+(?:(?:the|a|an|this|these|recent|latest)\s+)?(?:[\w’'-]+\s+){0,3}?(?:attacks?|activit(?:y|ies)|hacks?|hacking|intrusions?|operations?|campaigns?|espionage|behaviou?r)\s+(?:by|from))\b",
                A,
            ),
            Shape::Accuse,
        ),
        (
            // "implicated the GRU in the attack".
            Trigger::new(
                r"\b(?P<t>implicat(?:ed|es|ing))\s+(?:[\w’'-]+\s+){1,5}?in\b",
                A,
            ),
            Shape::Accuse,
        ),
        (
            Trigger::new(r"\b(?P<t>point(?:ed|s|ing)?\s+the\s+finger)\b", A),
            Shape::Accuse,
        ),
        (
            // "pointed to Russian military intelligence as the culprit".
            Trigger::new(
                r"\b(?P<t>point(?:ed|s|ing)?\s+to)\s+(?:[\w’'-]+\s+){1,5}?as\s+(?:the\s+|a\s+)?(?:likely\s+|probable\s+)?(?:culprits?|perpetrators?|responsible|attackers?|source|party\s+responsible)\b",
                A,
            ),
            Shape::Accuse,
        ),
        (
            Trigger::new(
                r"\b(?:(?:was|were|is|are|been|being|be)\s+(?:in\s+all\s+likelihood\s+|(?:\w+\s+){0,2}?)|(?:identified|described|assessed|recogni[sz]ed|confirmed|pegged)(?:,?\s+[\w’'-]+){1,10}?,?\s+as\s+(?:(?:the|a|an)\s+)?(?:(?:group|actor|unit|crew|hackers|party|state|gang|culprits?)\s+)?)(?P<t>behind|responsible\s+for|the\s+work\s+of)\b",
                A,
            ),
            Shape::Behind,
        ),
        (
            // "said the GRU was almost certainly responsible.", "was likely responsible
            // given the timing": responsible for the operation the text is about, with
            // nothing or only the grounds after it.
            Trigger::new(
                r"\b(?:was|were|is|are|been)\s+(?:\w+\s+){0,2}?(?P<t>responsible)(?:\s*[.,;\x22\u{201d}]|\s+(?:given|judging\s+by|based\s+on|because\s+of)\b)",
                A,
            ),
            Shape::Behind,
        ),
        (
            Trigger::new(
                r"\b(?:hackers?|attackers?|intruders?|perpetrators?|culprits?|thieves|thief|spies|operatives|threat\s+actors?|cyber-?criminals?|attacks?|cyber-?attacks?|cyber\s+attacks?|intrusions?|hacks?|breach)\W{0,2}\s+(?P<t>(?:(?:was|were|is|are|had\s+been|have\s+been|has\s+been)\s+(?:\w+\s+)?(?:from|based\s+in|located\s+in|operating\s+(?:from|in|out\s+of))|(?:came|come|comes|originated|originates|originating)\s+(?:from|in)|(?:was|were|is|are|had\s+been|have\s+been)\s+(?:\w+\s+)?(?:acting|working|operating)\s+(?:on\s+behalf\s+of|at\s+the\s+behest\s+of|on\s+the\s+orders\s+of|on\s+orders\s+from|under\s+orders\s+from|at\s+the\s+direction\s+of|under\s+the\s+direction\s+of|for)))\b",
                A,
            ),
            Shape::Origin,
        ),
        (
            // "the ransomware attack which crippled the hospital's servers had \"originated
            // from China\"": an origin told after a long subject.
            Trigger::new(
                r"\b(?:hack\w*|attacks?|cyber-?attacks?|intrusions?|breach(?:es)?|malware|ransomware|campaigns?|operations?)\b[^.;]{0,100}?[\s\x22“](?P<t>(?:originated|originates)\s+(?:from|in))\b",
                A,
            ),
            Shape::Origin,
        ),
        (
            // "the attacks were part of a Kremlin-backed effort to derail the vote".
            Trigger::new(
                r"\b(?:was|were|is|are|been)\s+(?:\w+\s+)?(?P<t>part\s+of)\s+(?:an?|the)\s+(?:(?:wider|broader|larger|coordinated|concerted|sustained)\s+)?[\w’'.]+-(?:backed|led|linked|sponsored|run|directed|orchestrated)\b",
                A,
            ),
            Shape::Origin,
        ),
        (
            // "the group, also known as Cozy Bear, is part of Russia's SVR", "the hackers
            // ... work for the GRU", "which the NCSC says is run by the FSB": a tie to a
            // state organ, reported by someone.
            Trigger::new(
                &format!(
                    r"\b(?:(?:hackers?|attackers?|intruders?|threat\s+actors?|actors?|groups?|units?|teams?|operatives)(?:,[^,.]{{1,60}},)?|(?:which|who|that)\s+(?:[\w’'.-]+\s+){{1,5}}?{RELATIVE_SAYS_VERB})\s+(?P<t>(?:work|works|worked)\s+for|(?:is|are|was|were)\s+(?:a\s+|an\s+)?(?:part|unit|arm|branch|division)\s+of|(?:is|are|was|were)\s+(?:run|operated|controlled|directed|overseen)\s+by)\b"
                ),
                A,
            ),
            Shape::Origin,
        ),
        (
            // "India's government sponsors hackers who target Canadians": the sponsor is
            // behind them. ("state-sponsored hackers" is a name the entities already hold.)
            Trigger::new(
                r"\b(?P<t>(?:sponsor|sponsors|sponsored|back|backs|direct|directs|directed|fund|funds|funded|runs|ran|employs|employed)\s+(?:(?:the|its|their|own|criminal|proxy|skilled|teams\s+of|groups\s+of)\s+){0,2}(?:hackers|hacking\s+(?:groups?|teams?|units?|operations|campaigns)|cyber[\s-]?attacks|cyber\s+operations))\b",
                A,
            ),
            Shape::Behind,
        ),
        (
            // "investigators had established Iran's responsibility for a July hack": the
            // state whose responsibility is shown is behind it.
            Trigger::new(
                r"\b(?:established|confirmed|determined|proved|proven|showed|shown|demonstrated|found|concluded|proof\s+of|evidence\s+of)\s+(?:\w+\s+){0,2}?[\w’'.-]+(?:'s|’s)\s+(?P<t>responsibility)\s+for\b",
                A,
            ),
            Shape::Behind,
        ),
        (
            // "named China as responsible", "named APT31 as the culprit".
            Trigger::new(
                r"\b(?P<t>nam(?:ed|es|e|ing))\s+(?:[\w’'-]+\s+){1,5}?as\s+(?:the\s+)?(?:responsible|culprits?|perpetrators?|attackers?|(?:party|actor|state|country|group)\s+(?:responsible|behind))\b",
                A,
            ),
            Shape::Accuse,
        ),
        (
            // "bore the hallmarks of Sandworm", "evidence pointing to Lazarus": what the
            // traces show, told by someone who reports them.
            Trigger::new(
                r"\b(?P<t>(?:bore|bears|bear|bearing|had|has|have|showed|shows|carried|carries)\s+(?:all\s+)?(?:the\s+)?(?:hallmarks|signatures?|fingerprints)\s+of)\b",
                A,
            ),
            Shape::Origin,
        ),
        (
            Trigger::new(
                r"\b(?:evidence|clues|traces|indicators|indications|signs|forensics|analysis)\s+(?:[\w’'-]+\s+){0,3}?(?P<t>(?:point(?:ed|s|ing)?|led|leads?|leading)\s+(?:back\s+)?to)\b",
                A,
            ),
            Shape::Origin,
        ),
        (
            // "suggesting North Korean involvement", "pointing to a Russian role": what the
            // traces show about a state or actor, told by whoever reports them.
            Trigger::new(
                r"\b(?P<t>(?:suggest(?:s|ed|ing)|indicat(?:es|ed|ing)|point(?:s|ed|ing)\s+to)(?:\s+(?:an?|possible|likely|probable|some))*)\s+(?:[\w’'-]+\s+){1,3}?(?:involvement|role|hand|origins?)\b",
                A,
            ),
            Shape::Origin,
        ),
        (
            // "UNC3886 operates on behalf of China": whom a named actor works for.
            Trigger::new(
                r"\b(?P<t>(?:operates|operated|acts|acted|works|worked)\s+(?:on\s+behalf\s+of|at\s+the\s+behest\s+of|at\s+the\s+direction\s+of|on\s+the\s+orders\s+of|under\s+the\s+direction\s+of))\b",
                A,
            ),
            Shape::Origin,
        ),
        (
            // "held Beijing-linked actors responsible for": an accusation.
            Trigger::new(
                r"\b(?P<t>h(?:eld|olds|old|olding))\s+(?:[\w’'-]+\s+){1,5}?(?:responsible|accountable)(?:\s+for\b|\s*[.;,]|$)",
                A,
            ),
            Shape::Accuse,
        ),
        (
            // "suspected Chinese state actors of stealing data": a hedged accusation.
            Trigger::new(
                r"\b(?P<t>suspect(?:s|ed)?)\s+(?:[\w’'-]+\s+){1,5}?of\s+\w+ing\b",
                A,
            ),
            Shape::Accuse,
        ),
        (
            Trigger::new(r"\b(?P<t>den(?:y|ies|ied|ying|ial|ials))\b", D),
            Shape::Deny,
        ),
        (
            // "described the accusations as hysteria": casting them as something else.
            Trigger::new(
                r"\b(?P<t>(?:describ|brand|label|term|characteri[sz]|portray)(?:e|es|ed|ing|s|led|ling)?)\s+(?:the|these|those|such|all|its|their|this|that)?\s*(?:[\w’'-]+\s+){0,3}?(?:accusations?|allegations?|claims?|charges?|attribution)\s+as\b",
                D,
            ),
            Shape::Deny,
        ),
        (
            // "called the American claims absurd", or "absurd" in quotes.
            Trigger::new(
                &format!(
                    r"\b(?P<t>call(?:ed|s|ing)?|dubb(?:ed|s|ing)|term(?:ed|s|ing))\s+{det}\s*(?:[\w’'-]+\s+){{0,2}}?(?:{claims}|remarks|statements?|comments|words|reports?|articles?|findings)\s+[\x22“‘']?(?:a\s+|an\s+)?(?:\w+\s+)?[\x22“‘']?(?:(?:pure|sheer|blatant|outright|utter|typical)\s+)?(?:{dismissive}|lies?|fakes?|smear|fabrication|russophobi[ac]|sinophobi[ac]|hysteria|propaganda|provocation|slander)\b"
                ),
                D,
            ),
            Shape::Deny,
        ),
        (
            // "said the allegations of Chinese hacking were irresponsible".
            Trigger::new(
                &format!(
                    r"\b{claims}\s+(?:[\w’'-]+\s+){{0,6}}?(?:were|was|are|is|been)\s+(?:\w+\s+)?(?P<t>{dismissive}|fantasies|(?:a|an)\s+(?:smear|fabrication|lie|invention))\b"
                ),
                D,
            ),
            Shape::Deny,
        ),
        (
            Trigger::new(r"\b(?P<t>refut(?:e|es|ed|ing))\b", D),
            Shape::Deny,
        ),
        (
            Trigger::new(r"\b(?P<t>debunk(?:s|ed|ing)?)\b", D),
            Shape::Deny,
        ),
        (
            Trigger::new(
                &format!(r"\b(?P<t>reject(?:s|ed|ing)?){accusation_object}"),
                D,
            ),
            Shape::Deny,
        ),
        (
            // "hit back at the allegations", "slammed the accusations as", "brushed off
            // the claims".
            Trigger::new(
                &format!(
                    r"\b(?P<t>(?:hit|hits|hitting)\s+back\s+at|slam(?:s|med|ming)?|lambast(?:s|ed|ing)?|brush(?:ed|es|ing)?\s+(?:off|aside)|shrug(?:ged|s|ging)?\s+off|scoff(?:ed|s|ing)?\s+at|laugh(?:ed|s|ing)?\s+off|ridicul(?:ed|es|ing)|denounc(?:ed|es|ing)|repudiat(?:ed|es|ing)|push(?:ed|es|ing)?\s+back\s+(?:on|against)|fir(?:ed|es|ing)\s+back\s+at)\s+(?:the|these|those|such|all|any|its|their|this|that)?\s*(?:[\w’'-]+\s+){{0,2}}?(?:{claims}|attribution)\b"
                ),
                D,
            ),
            Shape::Deny,
        ),
        (
            // "disputed the claim the government is unprepared" disputes no accusation.
            Trigger::new(
                r"\b(?P<t>disput(?:e|es|ed|ing)|contest(?:s|ed|ing)?)\s+(?:the|these|those|such|all|any|its|their|this|that)?\s*(?:[\w’'-]+\s+){0,2}?(?:accusations?|allegations?|attribution)\b",
                D,
            ),
            Shape::Deny,
        ),
        (
            // "China firmly opposes all forms of cyberattacks": Beijing's standing answer
            // to an accusation.
            Trigger::new(
                r"\b(?P<t>(?:firmly\s+|resolutely\s+|consistently\s+)?oppos(?:es|ed|e)(?:\s+and(?:\s+\w+){1,3}?)?\s+all\s+forms\s+of\s+(?:cyber[\s-]?attacks|hacking|cyber\s+espionage))\b",
                D,
            ),
            Shape::Deny,
        ),
        (
            // "said Britain should stop spreading false narratives": told to the accuser.
            Trigger::new(
                r"\b(?P<t>stop\s+(?:spreading|smearing|slandering|hyping|peddling|fabricating|making\s+(?:groundless|baseless|unfounded|false)))\b",
                D,
            ),
            Shape::Deny,
        ),
        (
            // "rejected any part in the intrusions", "refuted any involvement".
            Trigger::new(
                r"\b(?P<t>(?:reject|refut|disclaim|disavow)(?:s|ed|ing|es|e)?)\s+any\s+(?:part|role|involvement|hand|responsibility|connection|link)\b",
                D,
            ),
            Shape::Deny,
        ),
        (
            Trigger::new(
                &format!(r"\b(?P<t>dismiss(?:es|ed|ing)?){accusation_object}"),
                D,
            ),
            Shape::Deny,
        ),
        (
            // "a charge dismissed by a spokesman for Iran's foreign ministry".
            Trigger::new(
                &format!(r"\b{claims}\s+(?P<t>(?:dismiss|reject|refut|disput)ed|denied)\s+by\b"),
                D,
            ),
            Shape::Deny,
        ),
        (
            Trigger::new(
                r"\b(?P<t>groundless|baseless|unfounded|unsubstantiated|fabricated|fabrications?|concoctions?|smear|slanderous|slander|(?:claim(?:s|ed)?|profess(?:es|ed)?)\s+ignorance|(?:had|has|have|lacked|lacks|lack)\s+no\s+(?:factual\s+)?(?:basis|foundation))\b",
                D,
            ),
            Shape::Deny,
        ),
        (
            Trigger::new(
                r"\b(?P<t>(?:had|has|have|played|plays|play|took|takes)\s+no\s+(?:involvement|connection|role|part)\s+in|(?:had|has|have)\s+[\x22“]?no\s+(?:involvement|connection|role)|(?:had|has|have)\s+no\s+knowledge(?:\s*[.,;]|\s+(?:of|about)\s+(?:(?:the|any|such|this|these|that|an?)\s+)?(?:[\w-]+\s+){0,2}?(?:attacks?|hacks?|hacking|breach(?:es)?|intrusions?|operations?|incidents?|campaigns?|cyber[\w-]*|activit(?:y|ies)|matter|espionage|spying)\b)|(?:had|has|have)\s+nothing\s+to\s+do\s+with|(?:(?:does|do|did)\s+not|never)\s+(?:\w+\s+)?(?:engage[sd]?|conduct(?:s|ed)?|carr(?:y|ies|ied)\s+out|sponsor(?:s|ed)?|take\s+part|took\s+part|participate[sd]?)\s+(?:in\s+)?(?:any\s+|such\s+)?(?:offensive\s+|state-sponsored\s+|illegal\s+)?(?:cyber\w*|hacking|malicious)|no\s+evidence\s+of\s+(?:[\w’']+\s+){0,3}?(?:role|involvement|hand|link)|(?:was|were|is|are)\s+not\s+involved)\b",
                D,
            ),
            Shape::Deny,
        ),
        (
            Trigger::new(r"\b(?P<t>warn(?:s|ed|ing)?)\b", W),
            Shape::Warn,
        ),
        (
            Trigger::new(r"\b(?P<t>sound(?:s|ed|ing)?\s+(?:the\s+|an\s+)?alarm)\b", W),
            Shape::Warn,
        ),
        (
            Trigger::new(r"\b(?P<t>caution(?:s|ed|ing)?)\b", W),
            Shape::Warn,
        ),
    ]
});

static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:with\s+(?:an?\s+)?(?:high|moderate|medium|low)\s+(?:degree\s+of\s+|level\s+of\s+)?confidence|almost\s+certainly|in\s+all\s+likelihood|highly\s+likely|very\s+likely|most\s+likely|allegedly|alleged|reportedly|purportedly|suspected|believed\s+to|thought\s+to|appears?\s+to|likely|probably|possibly|suggest(?:s|ed)?|may\s+have|might\s+have|could\s+have)\b")
        .unwrap_or_else(|e| panic!("hedge pattern: {e}"))
});

/// Reporting verbs that make the sentence's operation an attribution by their subject.
static REPORTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<t>said|says|say|saying|stated|states|stating|told|tells|added|adds|commented|noted|quoted\s+(?:by\s+[^,.;]{1,60}?\s+)?as\s+saying|suggested|suggests|claimed|claims|revealed|reveals|confirmed|confirms|assessed|assesses|concluded|concludes|determined|found|identified|believe|believes|believed|suspects?\s+that|suspected\s+that|(?:reported|reports|wrote|writes|testified|judged|judges|alleged|alleges|allege|charged|charges|asserted|asserts|argued|argues|maintained|maintains|insisted|insists|acknowledged|acknowledges)\s+that|announced|detailed|details|disclosed|discloses|pointed\s+out|points\s+out|explained|explains|according\s+to)\b|\b(?P<r>reported)(?:\s+(?:on|late|earlier|last|this)\b|\s*[.;])")
        .unwrap_or_else(|e| panic!("reporting pattern: {e}"))
});

/// The reporting verbs of `text`: "reported" only where it closes its clause ("..., the
/// site Direkt36 reported on Tuesday"), since "was reported to police" reports nothing.
fn reporting_matches(text: &str) -> impl Iterator<Item = regex::Match<'_>> {
    REPORTING
        .captures_iter(text)
        .filter_map(|c| c.name("t").or_else(|| c.name("r")))
        .filter(|m| is_reporting_word(m.as_str()))
        // "published a joint advisory saying": the advisory's blame is the advisory's
        // (the responses stage reads it), not a second statement.
        .filter(|m| {
            !m.as_str().eq_ignore_ascii_case("saying")
                || !matches!(
                    text[..m.start()]
                        .split_whitespace()
                        .next_back()
                        .unwrap_or("")
                        .to_lowercase()
                        .as_str(),
                    "advisory" | "advisories" | "alert" | "alerts" | "bulletin" | "guidance"
                )
        })
}

/// The statement stage. Runs after the operation stage: reported-speech attributions
/// are built from the operations it found.
#[derive(Debug, Default, Clone, Copy)]
pub struct Statements;

impl Stage for Statements {
    fn name(&self) -> &'static str {
        "statements"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut found = Vec::new();
        for hit in find_triggers(doc, TRIGGERS.iter().map(|(t, _)| t)) {
            if let Some(e) = statement(doc, &hit, TRIGGERS[hit.rule].1) {
                found.push(e);
            }
        }
        let mut found = dedupe(doc, found);
        found.extend(reported_attributions(doc, &found));
        found.extend(reported_denials(doc, &found));
        connect_operations(doc, &found);
        // An operation kept for a blame that did not name anyone still says nothing, with
        // or without the sum it took.
        doc.events.retain(|e| {
            !(e.kind.is_operation()
                && e.args
                    .iter()
                    .all(|a| matches!(a.role, Role::DamageAmount | Role::Price))
                && e.extractor.as_deref() == Some("rules"))
        });
        doc.events.extend(found);
        Ok(())
    }
}

fn statement(doc: &Document, hit: &Hit, shape: Shape) -> Option<Event> {
    let view = SentenceView::new(doc, hit.sentence);
    let t = hit.span;
    // "denial-of-service" names an attack, not a denial.
    if shape == Shape::Deny && {
        let after = view.between(t.end, view.span.end).to_lowercase();
        after.starts_with("-of-") || after.starts_with(" of service") || after.starts_with(" of-")
    } {
        return None;
    }
    // "did not blame", "stopped short of blaming": no attribution made.
    if hit.kind == EventType::Attribution
        && (NOT_MADE.is_match(view.between(view.span.start, t.start))
            || NOT_COMMENTED.is_match(view.between(view.span.start, t.start))
            || QUESTIONED.is_match(view.between(view.span.start, t.start)))
    {
        return None;
    }
    let mut event = event_at(doc, hit, "rules");
    let passive = is_passive(&view, t);
    // "the attribution of X to Y by Z", "accusations by Z": a noun takes its agent from "by".
    // A denial's "fabrication" is what the claims are called, not an act with an owner.
    let nominal = shape != Shape::Deny
        && (doc.slice(t).to_lowercase().ends_with("ion")
            || doc.slice(t).to_lowercase().ends_with("ions"));
    // A trigger that ends in "by" ("condemned the attacks by") has its object there.
    let by_agent = view
        .after_word(t.end, &["by"])
        .filter(|s| is_actor_of_statement(view.kind(s)) && s.span.start != t.end + 1)
        .or_else(|| staff_agent(&view, t))
        // "accusations from US intelligence officials that": the source of a claim noun.
        .or_else(|| {
            view.after_word(t.end, &["from"]).filter(|s| {
                nominal
                    && is_actor_of_statement(view.kind(s))
                    && matches!(
                        view.between(t.end, s.span.start).trim(),
                        "from" | "from the"
                    )
            })
        });
    let speaker_of = |view: &SentenceView| -> Option<Slot> {
        if nominal {
            // "Germany's public attribution of X to Y was welcomed by NATO": the owner.
            possessor(view, t)
                .or(by_agent)
                .or_else(|| view.subject(t, is_actor_of_statement))
        } else if passive {
            by_agent.or_else(|| view.subject(t, is_actor_of_statement))
        } else {
            relative_antecedent(view, t)
                .or_else(|| report_before_participle(view, t))
                .or_else(|| view.subject(t, is_actor_of_statement))
                .or_else(|| sentence_subject(view, t))
                .or_else(|| view.fronted_subject(t, is_actor_of_statement))
                // "'... we traced it to China,' the ministry said": the one quoted.
                .or_else(|| reporting_speaker(view))
                .or_else(|| located_officials(view, t))
        }
    };
    // "we pinpointed it to China": a blame of a bare pronoun is about an earlier sentence.
    let blames_a_pronoun = shape == Shape::BlameTo && {
        let after = view.between(t.end, view.span.end).to_lowercase();
        let object: Vec<&str> = after.split_whitespace().take(2).collect();
        matches!(
            object.as_slice(),
            ["it" | "this" | "them" | "these", "to" | "on"]
        )
    };
    if matches!(shape, Shape::BlameTo | Shape::Accuse | Shape::Behind)
        && !about_cyber(&view)
        && !((shape == Shape::Accuse || blames_a_pronoun || bare_responsible(doc, hit))
            && blames_the_last_sentences_operation(doc, &view, hit))
    {
        return None; // "accused the US of politicising the issue" blames nobody for an operation
    }
    match shape {
        Shape::BlameTo => {
            // One pins the blame *on* someone but attributes, traces and links *to* them
            // ("the attribution of the attacks on the Bundestag" names the victim).
            let verb = doc.slice(t).to_lowercase();
            // "the Russia-linked group": an adjective, no verb of linking.
            if view.between(view.span.start, t.start).ends_with('-') {
                return None;
            }
            let pin = matches!(
                verb.split_whitespace().next(),
                Some("pin" | "pins" | "pinned" | "pinning")
            );
            let identify = ["identif", "unmask", "out", "expos"]
                .iter()
                .any(|v| verb.starts_with(v));
            let object = view
                .after_word(
                    t.end,
                    if pin {
                        &["on"]
                    } else if identify {
                        &["as"]
                    } else {
                        &["to"]
                    },
                )
                .filter(|s| is_accusable(view.kind(s)));
            let accused = object
                .or_else(|| attributed_that(&view, t))
                .or_else(|| linked_actor(&view, t, &verb))?;
            // "denied the intrusions attributed to Sandworm": a participle with no object
            // qualifies a noun; the sentence's subject did not make the attribution.
            // Not in a relative clause with its own subject ("the incident that the
            // Netherlands has attributed to China").
            // "formally attributed to Russia's GRU an October 2019 cyberattack": an
            // object after its accused makes the verb finite.
            let shifted = SHIFTED_OBJECT.is_match(view.between(accused.span.end, view.span.end));
            let participle = doc.slice(t).ends_with("ed")
                && !shifted
                && view
                    .between(t.end, view.span.end)
                    .trim_start()
                    .to_lowercase()
                    .starts_with("to ")
                && !{
                    let before = view.between(view.span.start, t.start).to_lowercase();
                    let clause = before.rsplit(',').next().unwrap_or("");
                    clause.split_whitespace().rev().take(8).any(|w| {
                        matches!(
                            w,
                            "that" | "which" | "who" | "whom" | "has" | "have" | "had"
                        )
                    })
                };
            let speaker = if passive {
                // "Citizen Lab said the campaign was probably linked to Egypt": the one
                // who reports the clause, when no relative clause describes a name.
                by_agent
                    .or_else(|| reported_passive(&view, t))
                    .filter(|s| s.span.start != accused.span.start)
            } else if participle {
                // Whoever reports the whole sentence still speaks ("hackers linked to
                // Pyongyang stole the plans, the police said").
                by_agent
                    .or_else(|| reporting_speaker(&view))
                    .filter(|s| s.span.start != accused.span.start)
            } else {
                document_issuer(&view, t)
                    .or_else(|| speaker_of(&view))
                    .filter(|s| s.span.start != accused.span.start)
            };
            // "a group linked to China" describes, it does not attribute.
            if let Some(s) = speaker {
                if matches!(view.kind(&s), dossier_model::EntityKind::ThreatActor) {
                    return None;
                }
                push_speakers(&view, &mut event, s);
            } else if let Some(u) = unnamed_reporter(&view, t, passive) {
                // "was linked by government investigators to": said by people unnamed.
                event.args.push(view.span_arg(Role::Speaker, u.speaker));
            } else if !{
                // "was traced to the GRU" reports an attribution whoever made it;
                // "a group linked to China" only describes.
                let verb = doc.slice(t).to_lowercase();
                verb.starts_with("attribut")
                    || (passive && (verb.starts_with("traced") || verb.starts_with("pinpointed")))
            } {
                return None;
            }
            event.args.push(view.arg(Role::Accused, &accused));
            if object.is_some() {
                push_operation_words(&view, &mut event, t.end, accused.span.start);
            }
        }
        Shape::Accuse => {
            // "Moscow called the accusations unfounded": a denial's object, made by someone
            // the sentence does not name ("rejected accusations from British officials
            // that" names them).
            if nominal
                && by_agent.is_none()
                && DENIED_BEFORE.is_match(&view.between(view.span.start, t.start).to_lowercase())
            {
                return None;
            }
            // "was blamed on LockBit by French authorities": after "on" is the accused, also
            // right after the agent ("were blamed by Italy's agency on NoName057(16)").
            let right = view.right(t);
            let after_agent = right.get(1).filter(|s| {
                by_agent.is_some_and(|b| {
                    b.span.start == right[0].span.start
                        && view.between(b.span.end, s.span.start).trim() == "on"
                })
            });
            let blamed_on = right
                .first()
                .filter(|s| view.preposition_before(s.span.start) == "on")
                .or(after_agent)
                .copied()
                .filter(|s| is_accusable(view.kind(s)));
            // "MuddyWater, ..., which Washington blames for": the pronoun is the object.
            let relative = (!passive).then(|| object_relative(&view, t)).flatten();
            let accused = if let Some((_, antecedent)) = relative {
                Some(antecedent)
            } else if passive && blamed_on.is_some() {
                blamed_on
            } else if passive {
                view.subject(t, is_accusable)
            } else if let Some(named) = reduced_relative_subject(&view, t) {
                Some(named)
            } else {
                // "pointed the finger at Russia": only there does "at" lead to the accused.
                let at_ok = doc.slice(t).to_lowercase().starts_with("point");
                view.right(t).into_iter().find(|s| {
                    // "operatives accused of hacking Donald Trump's campaign", "the
                    // accusation that it hacked Albanian systems": after the act (or a
                    // pronoun that did it) comes its target, not the accused.
                    let gap = view.between(t.end, s.span.start).to_lowercase();
                    let after_act =
                        gap.split_whitespace()
                            .collect::<Vec<_>>()
                            .windows(2)
                            .any(|w| {
                                ((w[0] == "of" || w[0] == "for") && w[1].ends_with("ing"))
                                    || (w[0] == "that"
                                        && matches!(w[1], "it" | "they" | "he" | "she"))
                            });
                    // "of stealing vaccine research on the orders of China's MSS": whom
                    // the act was done for is accused with the doer.
                    // "called out malware pretending to be from Syracuse University":
                    // whom the attackers pose as is not accused.
                    (!after_act || ON_ORDERS_OF.is_match(&gap))
                        && !super::operations::impersonated(&view, s)
                        && is_accusable(view.kind(s))
                        && Some(s.entity) != by_agent.map(|b| b.entity)
                        && match view.word_before(s.span.start).as_str() {
                            // Unless the trigger itself ends in "by" ("condemned the
                            // attacks by").
                            "by" => s.span.start == t.end + 1,
                            "in" => false,
                            "at" => at_ok,
                            _ => true,
                        }
                })
            }?;
            if !passive && accuses_of_something_else(&view, &accused) {
                return None;
            }
            // "Sandworm, the GRU unit blamed for the blackout, ..., investigators said": the
            // participle describes the unit; only whoever reports the sentence speaks.
            let reduced = !passive && reduced_relative_subject(&view, t).is_some();
            // "dismissed a joint advisory by the US and Britain that accused X": the
            // document's issuers accuse, not whoever dismisses it.
            let speaker = if let Some((speaker, _)) = relative {
                Some(speaker)
            } else if let Some(issuer) = document_issuer(&view, t) {
                Some(issuer)
            } else if reduced {
                reporting_speaker(&view)
            } else {
                speaker_of(&view)
            }
            .filter(|s| s.entity != accused.entity);
            // "a Russian spokesman said the accusations of Russian hacking were baseless":
            // the accusations are someone else's; a state does not accuse its own.
            if nominal
                && speaker.is_some_and(|s| {
                    view.country(&s).is_some() && view.country(&s) == view.country(&accused)
                })
            {
                return None;
            }
            if let Some(s) = speaker {
                push_speakers(&view, &mut event, s);
            } else if let Some(u) = unnamed_reporter(&view, t, passive) {
                event.args.push(view.span_arg(Role::Speaker, u.speaker));
            }
            // "accused the United States and Israel": every coordinated actor is blamed.
            for a in coordinated(&view, accused) {
                if is_accusable(view.kind(&a)) && event.args.iter().all(|x| x.start != a.span.start)
                {
                    event.args.push(view.arg(Role::Accused, &a));
                }
            }
        }
        Shape::Behind => {
            let before = view.between(view.span.start, t.start).to_lowercase();
            if before.trim_end().ends_with("of being") {
                return None; // "accused China of being behind it": the accusation says it
            }
            // "X said Y was behind": Y is the first actor after the reporting verb.
            let verb = reporting_verbs(&view)
                .into_iter()
                .rfind(|v| v.end <= t.start);
            // "the intrusions were the work of APT44": the actor follows.
            let work_of = doc.slice(t).to_lowercase().starts_with("the work");
            // "According to X's agency, Y was behind": Y's clause starts after the comma.
            let verb = verb.map(|v| {
                if view
                    .between(v.start, v.end)
                    .to_lowercase()
                    .starts_with("according")
                {
                    let rest = view.between(v.end, t.start);
                    rest.find(',').map_or(v, |i| {
                        let end = v.end + rest[..=i].chars().count();
                        Span::new(v.start, end)
                    })
                } else {
                    v
                }
            });
            // "X warned that Y was behind": the one who warns blames.
            let warner = warned_before(&view, t);
            let verb = verb.or(warner.map(|(v, _)| v));
            let accused = if work_of {
                view.right(t).into_iter().next().filter(|s| {
                    is_accusable(view.kind(s))
                        && (s.span.start <= t.end + 5
                            // "the work of hackers acting on orders from Moscow".
                            || ACTING_FOR.is_match(view.between(t.end, s.span.start)))
                })
            } else {
                // "APT31, a group believed to work for China's MSS, was behind": the name
                // the appositive describes, not a name inside it.
                behind_appositive(&view, t, verb)
                    .or_else(|| match verb {
                        Some(v) => view
                            .left(t)
                            .into_iter()
                            .filter(|s| s.span.start >= v.end && is_accusable(view.kind(s)))
                            .find(|s| view.can_be_subject(s)),
                        None => view.subject(t, is_accusable),
                    })
                    .or_else(|| identified_as(&view, t))
            }?;
            // "researchers at X do not know if one group is behind it": X is not in the
            // clause, and the clause is a question.
            let gap = view.between(accused.span.end, t.start).to_lowercase();
            if gap
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "if" || w == "whether")
            {
                return None;
            }
            if let Some(s) = claim_owner(&view, accused.span.start)
                .or_else(|| reporting_speaker(&view))
                .or(warner.map(|(_, s)| s))
                .or_else(|| closing_warner(&view, t))
                .filter(|s| s.entity != accused.entity)
            {
                push_speakers(&view, &mut event, s);
            } else if let Some(u) = unnamed_reporter(&view, t, false) {
                event.args.push(view.span_arg(Role::Speaker, u.speaker));
            }
            event.args.push(view.arg(Role::Accused, &accused));
        }
        Shape::Origin => {
            // The attackers placed by the phrase itself ("hackers were from Russia" is one
            // entity, see `entities`), else the state or actor right after the trigger
            // ("came from China", "from within Chinese territory"); and someone who
            // reports it: the narrator's own "the hackers were from X" attributes nothing.
            let placed = view
                .slots
                .iter()
                .find(|s| s.span.start < t.end && s.span.end > t.start)
                .copied();
            let accused = placed
                .into_iter()
                .chain(view.right(t).into_iter().filter(|s| {
                    view.between(t.end, s.span.start)
                        .split_whitespace()
                        .all(|w| {
                            matches!(
                                w.to_lowercase().as_str(),
                                "within" | "inside" | "the" | "a" | "an"
                            )
                        })
                }))
                .find(|s| is_accusable(view.kind(s)))?;
            let speaker = relative_speaker(&view, t)
                .or_else(|| reporting_speaker(&view))
                .filter(|s| {
                    s.entity != accused.entity
                        && (view.country(s).is_none() || view.country(s) != view.country(&accused))
                });
            match speaker {
                Some(speaker) => push_speakers(&view, &mut event, speaker),
                // "Experts say the group ... is part of Russia's SVR".
                None => {
                    let u = unnamed_reporter(&view, t, false)?;
                    event.args.push(view.span_arg(Role::Speaker, u.speaker));
                }
            }
            // "came from Russia, Norway's police said": the list is the sentence's, not
            // the speakers'.
            let accused_country = view.country(&accused).map(str::to_string);
            event.args.retain(|a| {
                a.entity
                    .as_deref()
                    .and_then(|id| doc.entity(id))
                    .is_none_or(|e| e.country.is_none() || e.country != accused_country)
            });
            event.args.push(view.arg(Role::Accused, &accused));
        }
        Shape::Deny => {
            // "described the claims as credible" accepts them.
            let verb = doc.slice(t).to_lowercase();
            // "a step Moscow dismissed as another baseless provocation": the claim's
            // dismisser is named, whatever noun the adjective qualifies.
            let called = || claim_called(&view, view.between(view.span.start, t.start)).is_some();
            if (qualifies_a_thing(&view, t, &verb) && !called())
                || smear_as_a_means(&view, t, &verb)
            {
                return None;
            }
            if ["describ", "brand", "label", "term", "characteri", "portray"]
                .iter()
                .any(|v| verb.starts_with(v))
            {
                let after = view.between(t.end, view.span.end).to_lowercase();
                let casting = after.split(" as ").nth(1).unwrap_or("");
                let word = casting.split_whitespace().next().unwrap_or("");
                if matches!(
                    word.trim_matches(|c: char| !c.is_alphanumeric()),
                    "credible" | "plausible" | "accurate" | "true" | "serious" | "convincing"
                ) {
                    return None;
                }
            }
            // "X has said that there has been no evidence of ...": "has been" reads as a
            // passive, so the one reporting is the last resort.
            // "said Greek claims of Turkish attacks were fantasy": the names inside the
            // claims are not who dismisses them; whoever says so is.
            let of_claims = PREDICATE_OF_CLAIMS.is_match(view.between(view.span.start, t.start));
            // "a charge dismissed by a spokesman for Iran's foreign ministry": the agent.
            let dismissed_by = view
                .between(t.end, view.span.end)
                .trim_start()
                .to_lowercase()
                .starts_with("by ");
            let speaker = dismissed_by
                .then_some(by_agent)
                .flatten()
                .or_else(|| denier(&view, t))
                .or_else(|| of_claims.then(|| reporting_speaker(&view)).flatten())
                .or_else(|| speaker_of(&view))
                .or_else(|| reporting_speaker(&view));
            // "Cambodia's foreign ministry said on Tuesday that the Cambodian government
            // had no connection": a clause's subject inside what a body of its own state
            // reports is whom the body clears, the body denies.
            let speaker = speaker.map(|s| {
                let reported = reporting_verbs(&view)
                    .iter()
                    .any(|v| v.end <= s.span.start && v.end <= t.start);
                match reporting_speaker(&view) {
                    Some(r)
                        if reported
                            && r.span.end <= s.span.start
                            && view.country(&r).is_some()
                            && view.country(&r) == view.country(&s) =>
                    {
                        r
                    }
                    _ => s,
                }
            });
            match speaker {
                Some(s) => {
                    event.args.push(view.arg(Role::Speaker, &s));
                    if let Some(a) = denied_party(&view, t, &s) {
                        event.args.push(view.arg(Role::Accused, &a));
                    }
                }
                // "The ministry's spokesperson dismissed the report as groundless.": a
                // body the KB cannot name, when the denial is about an operation ("the
                // company denied reports that it would cut jobs" is not).
                None => {
                    if !about_cyber(&view) && !recent_sentences_about_cyber(doc, hit.sentence) {
                        return None;
                    }
                    let s = unnamed_subject(&view, t)?;
                    event.args.push(view.span_arg(Role::Speaker, s));
                }
            }
        }
        Shape::Warn => {
            // "treat messages with caution", "90 days' warning", "warning signs": the word
            // names a manner, a notice period or a thing, not someone warning of a threat.
            let before = view.between(view.span.start, t.start).to_lowercase();
            let after = view.between(t.end, view.span.end).to_lowercase();
            let prior = before.split_whitespace().next_back().unwrap_or("");
            let next = after.split_whitespace().next().unwrap_or("");
            // "issued a joint alert warning that": the advisory warns, as a response.
            let advisory_participle = doc.slice(t).ends_with("ing")
                && matches!(
                    prior,
                    "alert" | "alerts" | "advisory" | "advisories" | "bulletin" | "guidance"
                );
            if matches!(prior, "with" | "advance" | "early" | "prior" | "without")
                || advisory_participle
                || prior.ends_with("s'")
                || prior.ends_with("’")
                || matches!(
                    next.trim_matches(|c: char| !c.is_alphanumeric()),
                    "sign"
                        | "signs"
                        | "system"
                        | "systems"
                        | "light"
                        | "lights"
                        | "label"
                        | "labels"
                )
            {
                return None;
            }
            // Only the clause's own subject warns: an unrecognised subject ("Western
            // agencies warn") must not hand the warning to another actor of the sentence.
            // "Russian officers are using ..., Austria's intelligence service warned": the
            // warner closes the sentence and what it warns of comes first.
            let closing = (!passive).then(|| closing_speakers(&view, t)).flatten();
            let speakers = if passive {
                by_agent.into_iter().collect()
            } else if let Some((_, speakers)) = &closing {
                speakers.clone()
            } else {
                view.subjects(t, is_actor_of_statement)
            };
            let first = *speakers.first()?;
            for s in &speakers {
                event.args.push(view.arg(Role::Speaker, s));
            }
            let own = view.country(&first).map(str::to_string);
            let candidates = match closing {
                Some((comma, _)) => view
                    .slots
                    .iter()
                    .filter(|s| s.span.end <= comma)
                    .copied()
                    .collect(),
                None => view.right(t),
            };
            if let Some(a) = candidates.into_iter().find(|s| {
                speakers.iter().all(|x| x.entity != s.entity)
                    && (matches!(view.kind(s), dossier_model::EntityKind::ThreatActor)
                        || (is_accusable(view.kind(s))
                            && view.country(s).is_some()
                            && view.country(s) != own.as_deref()
                            && (!matches!(
                                view.word_before(s.span.start).as_str(),
                                "in" | "at" | "to" | "with" | "for"
                            ) || modifies_activity(&view, s))))
            }) {
                event.args.push(view.arg(Role::Accused, &a));
            }
        }
    }
    if hit.kind == EventType::Attribution {
        event.hedge = hedge_near(doc, hit.sentence, t);
    }
    event.confidence = rule_confidence(&event, &[Role::Speaker, Role::Accused]);
    Some(event)
}

/// Unnamed actors working for the name that follows: " hackers acting on orders from ",
/// " operatives working on behalf of the ".
static ACTING_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:of\s+)?(?:[\w-]+\s+){0,2}?(?:hackers|actors|operatives|spies|agents|group|groups|unit)\s+(?:acting|working|operating)\s+(?:on\s+(?:the\s+)?orders\s+(?:from|of)|on\s+behalf\s+of|for|at\s+the\s+behest\s+of)\s+(?:the\s+)?$")
        .unwrap_or_else(|e| panic!("acting-for pattern: {e}"))
});

/// Whom a denial clears: the speaker's own state or one of its bodies or actors, named
/// again in what is denied. First the denied words after the trigger, up to a "; ", a
/// contrast ("while", "but"), a speaker named after the trigger or whoever reports them
/// ("the embassy dismissed any suggestion that Beijing was involved, its spokesman told
/// reporters"); else the words before the trigger in a clause of its own after the
/// speaker ("said the Kremlin had played no part"), never inside the speaker's phrase
/// ("authorities from President Putin's office on down denied"). Another state's name is
/// the accuser's; a firm's denial clears the firm, whatever it names.
fn denied_party(view: &SentenceView, t: Span, speaker: &Slot) -> Option<Slot> {
    static DENIED_ENDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i);|,?\s+\b(?:while|whereas|but)\b")
            .unwrap_or_else(|e| panic!("denied-ends pattern: {e}"))
    });
    if view.kind(speaker) == dossier_model::EntityKind::Company {
        return None;
    }
    let own = view.country(speaker)?;
    let ours = |s: &Slot| {
        s.span.start != speaker.span.start
            && is_accusable(view.kind(s))
            && view.country(s) == Some(own)
    };
    let reporting = reporting_verbs(view);
    let after = view.between(t.end, view.span.end);
    let mut end = DENIED_ENDS.find(after).map_or(view.span.end, |m| {
        t.end + after[..m.start()].chars().count()
    });
    if speaker.span.start >= t.end {
        end = end.min(speaker.span.start);
    }
    // The comma before a reporting verb after the trigger ("..., Kremlin spokesman Dmitry
    // Peskov told reporters").
    if let Some(comma) = reporting.iter().find(|v| v.start >= t.end).and_then(|v| {
        let before = view.between(t.end, v.start);
        before
            .rfind(',')
            .map(|i| t.end + before[..i].chars().count())
    }) {
        end = end.min(comma);
    }
    view.right(t)
        .into_iter()
        .find(|s| s.span.end <= end && ours(s))
        .or_else(|| {
            let from = reporting
                .iter()
                .find(|v| v.start >= speaker.span.end && v.end <= t.start)
                .map_or(view.clause_start(t), |v| v.end);
            view.slots
                .iter()
                .rev()
                .filter(|_| from >= speaker.span.end)
                .find(|s| s.span.start >= from && s.span.end <= t.start && ours(s))
                .copied()
        })
}

/// "a surge in Iranian attempts to break in", "a rise in Chinese hacking": a state named
/// before an activity noun is its agent, even after "in".
fn modifies_activity(view: &SentenceView, s: &Slot) -> bool {
    let after = view.between(s.span.end, view.span.end).to_lowercase();
    let next = after.split_whitespace().next().unwrap_or("");
    matches!(
        next.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'),
        "hacking"
            | "attempts"
            | "attacks"
            | "cyberattacks"
            | "cyber-attacks"
            | "intrusions"
            | "espionage"
            | "operations"
            | "campaigns"
            | "activity"
            | "hackers"
            | "probing"
            | "phishing"
    )
}

/// How many sentences back a bare blame looks for the operation it is about.
const BLAME_LOOKBACK: usize = 3;

/// "Kyiv, too, pointed the finger at Moscow." after sentences about the attack: a blame
/// that says nothing of its own (no "of ..." or "for ..." after it) is about the operation
/// of the last few sentences.
fn blames_the_last_sentences_operation(doc: &Document, view: &SentenceView, hit: &Hit) -> bool {
    let after = view
        .between(hit.span.end, view.span.end)
        .to_lowercase()
        .replacen("of blame", "", 1);
    // "responsible given the timing of the infections": the grounds say no operation.
    let after = [" given ", " based on ", " judging by ", " because "]
        .iter()
        .filter_map(|g| after.find(g))
        .min()
        .map_or(after.as_str(), |i| &after[..i]);
    let says_what = after
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "of" | "for" | "over" | "that"));
    !says_what && recent_sentences_about_cyber(doc, hit.sentence)
}

/// The accused of a blame as the attacker of the operation it is about.
fn as_attacker(accused: &dossier_model::Arg) -> dossier_model::Arg {
    dossier_model::Arg {
        role: Role::Attacker,
        ..accused.clone()
    }
}

/// "A cyberattack crippled CDK Global. ... said the BlackSuit gang was behind the attack.":
/// a blame with no operation in its own sentence that names one again by a definite noun
/// gives the accused to the operations of the sentence before that name no attacker.
fn lend_to_the_operation_named_again(doc: &mut Document, st: &Event, accused: &dossier_model::Arg) {
    static NAMED_AGAIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^[^;]{0,40}?\b(?:the|that|this|those|these)\s+(?:(?:cyber-?)?attacks?|breach|hack|intrusion|incident|outage|heist|theft)\b")
            .unwrap_or_else(|e| panic!("named-again pattern: {e}"))
    });
    if doc
        .events
        .iter()
        .any(|e| e.kind.is_operation() && e.sentence == st.sentence)
        || !NAMED_AGAIN.is_match(doc.slice(Span::new(st.trigger.start, st.sentence.end)))
    {
        return;
    }
    let Some(previous) = doc
        .sentence_at(st.sentence.start)
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| doc.sentences.get(i))
        .copied()
    else {
        return;
    };
    for op in doc.events.iter_mut().filter(|e| {
        e.kind.is_operation()
            && e.sentence == previous
            && e.extractor.as_deref() == Some("rules")
            && e.arg(Role::Attacker).is_none()
            && e.args_with(Role::Victim)
                .all(|v| v.entity != accused.entity)
    }) {
        op.args.push(as_attacker(accused));
    }
}

/// Whether one of the [`BLAME_LOOKBACK`] sentences before `sentence` speaks of an operation.
fn recent_sentences_about_cyber(doc: &Document, sentence: Span) -> bool {
    doc.sentence_at(sentence.start)
        .is_some_and(|i| any_about_cyber(doc, &doc.sentences[i.saturating_sub(BLAME_LOOKBACK)..i]))
}

/// Whether one of `sentences` speaks of an operation ([`about_cyber`]).
pub(super) fn any_about_cyber(doc: &Document, sentences: &[Span]) -> bool {
    sentences
        .iter()
        .any(|&p| about_cyber(&SentenceView::new(doc, p)))
}

/// "accused the Czech government of spreading fiction": what the accused is said to have
/// done follows "of"/"for" and a gerund, and it is no operation, whatever else the
/// sentence speaks of ("rejected any link to the railway attack and ..."). A pronoun
/// there ("of orchestrating it") points at an operation named elsewhere.
fn accuses_of_something_else(view: &SentenceView, accused: &Slot) -> bool {
    let rest = view.between(accused.span.end, view.span.end);
    let complement = rest.split([',', ';']).next().unwrap_or("");
    let clause = complement.to_lowercase();
    let words: Vec<&str> = clause.split_whitespace().collect();
    // "of spreading lies", "of corruption", also past the accused's own head words
    // ("Polish generals of corruption"); not "of involvement" or "of a role in it",
    // which take their operation from the context.
    let at = words
        .iter()
        .take(3)
        .position(|w| matches!(*w, "of" | "for"));
    let something = match at.map_or(&[][..], |i| &words[i..]) {
        ["of" | "for", w, ..] => {
            w.ends_with("ing")
                || !matches!(
                    w.trim_end_matches(|c: char| !c.is_alphanumeric()),
                    "involvement"
                        | "responsibility"
                        | "complicity"
                        | "a"
                        | "an"
                        | "the"
                        | "its"
                        | "their"
                        | "being"
                        | "links"
                        | "ties"
                        | "role"
                )
        }
        _ => false,
    };
    if !something {
        return false;
    }
    let complement_end = accused.span.end + complement.chars().count();
    let names_actor = view.slots.iter().any(|s| {
        s.span.start >= accused.span.end
            && s.span.end <= complement_end
            && matches!(view.kind(s), EntityKind::ThreatActor | EntityKind::Malware)
    });
    let points_back = words.iter().any(|w| {
        matches!(
            w.trim_end_matches(|c: char| !c.is_alphanumeric()),
            "it" | "this" | "them" | "these" | "those"
        )
    });
    !CYBER_CONTEXT.is_match(&clause) && !names_actor && !points_back
}

/// "said Russia was responsible.": responsible for nothing the sentence names, so for the
/// operation of the sentences before.
fn bare_responsible(doc: &Document, hit: &Hit) -> bool {
    doc.slice(hit.span).eq_ignore_ascii_case("responsible")
}

/// Who denies: the antecedent of "which"/"who" right before the clause ("China, which
/// denied it"), or the subject after ", and"/", but" ("..., and Moscow called it fabricated").
fn denier(view: &SentenceView, t: Span) -> Option<Slot> {
    let before = view.between(view.span.start, t.start);
    if let Some(s) = claim_called(view, before) {
        return Some(s);
    }
    let lower = before.to_lowercase();
    let cut = [", and ", ", but ", "; ", ", while "]
        .iter()
        .filter_map(|p| lower.rfind(p).map(|i| i + p.len()))
        .max();
    if let Some(rel) = [", which ", ", who ", " — who ", " – who ", " - who "]
        .iter()
        .filter_map(|p| lower.rfind(p))
        .max()
        .filter(|r| cut.is_none_or(|c| *r >= c))
    {
        let at = view.span.start + before[..rel].chars().count();
        // The antecedent is the nearest name; when that is a group "backed by Beijing",
        // the state that closes it is what "which" refers to, and the group carries it.
        // Anything else ("the NotPetya malware, which ...") is no denier, and an earlier
        // name is not the antecedent.
        return view
            .slots
            .iter()
            .rev()
            .find(|s| s.span.end <= at)
            .filter(|s| is_actor_of_statement(view.kind(s)) || ends_in_its_state(view, s))
            .copied();
    }
    let from = view.span.start + before[..cut?].chars().count();
    view.slots
        .iter()
        .filter(|s| s.span.start >= from && s.span.end <= t.start)
        .find(|s| is_actor_of_statement(view.kind(s)) && view.can_be_subject(s))
        .copied()
}

/// An object relative clause around the trigger ("MuddyWater, the hacking arm of Iran's
/// intelligence ministry, which Washington blames for", "Turla, whom Tallinn accused
/// of"): the name inside the clause speaks and the one the clause hangs on is accused (a
/// threat actor it describes first, else the nearest name).
fn object_relative(view: &SentenceView, t: Span) -> Option<(Slot, Slot)> {
    static WHICH_NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i),\s*(?:which|whom|who)\s+(?P<s>[^,;]{1,40}?)\s+(?:(?:has|have|had|also|now|publicly|formally|openly)\s+)*$")
            .unwrap_or_else(|e| panic!("object-relative pattern: {e}"))
    });
    let lead = view.between(view.span.start, t.start);
    let caps = WHICH_NAME.captures(lead)?;
    let group = caps.name("s")?;
    let speaker = actor_in_group(view, &WHICH_NAME, lead)?;
    // The group is the speaker's name and nothing after it ("which the NCSC says is run
    // by" has a verb of its own).
    let group_end = view.span.start + lead[..group.end()].chars().count();
    if speaker.span.end != group_end {
        return None;
    }
    let comma = view.span.start + lead[..caps.get(0)?.start()].chars().count();
    let before: Vec<&Slot> = view
        .slots
        .iter()
        .filter(|s| s.span.end <= comma && is_accusable(view.kind(s)))
        .collect();
    let nearest = *before.last()?;
    // "MuddyWater, the hacking arm of Iran's ministry, which": the actor the appositive
    // describes, when nothing but the appositive stands between.
    let described = before
        .iter()
        .rev()
        .take_while(|s| comma - s.span.end <= 120)
        .find(|s| {
            view.kind(s) == dossier_model::EntityKind::ThreatActor
                && !view.between(s.span.end, comma).contains([';', '.'])
                && view
                    .between(s.span.end, comma)
                    .trim_start()
                    .starts_with(',')
        })
        .copied();
    Some((speaker, *described.unwrap_or(nearest)))
}

/// The first issuer of a document whose relative clause holds the trigger ("a joint
/// advisory by the United States, Britain and Canada that accused"), or its owner named
/// right before the noun ("rejected an Amnesty International report that linked").
fn document_issuer(view: &SentenceView, t: Span) -> Option<Slot> {
    static DOCUMENT_BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:advisory|advisories|report|statement|assessment|study|indictment|complaint|analysis|alert|bulletin)\s+(?:issued\s+|published\s+|released\s+)?(?:by|from)\s+(?P<s>[^;]{1,120}?)\s+(?:that|which)\s+(?:(?:also|has|had|have)\s+)?$")
            .unwrap_or_else(|e| panic!("document-by pattern: {e}"))
    });
    static DOCUMENT_THAT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:advisory|report|statement|assessment|study|analysis|alert|bulletin)\s+(?:that|which)\s+(?:(?:also|has|had|have)\s+)?$")
            .unwrap_or_else(|e| panic!("document-that pattern: {e}"))
    });
    let before = view.between(view.span.start, t.start);
    actor_in_group(view, &DOCUMENT_BY, before).or_else(|| {
        let m = DOCUMENT_THAT.find(before)?;
        noun_owner(view, view.span.start + before[..m.start()].chars().count())
    })
}

/// "..., an allegation Beijing called groundless": a clause on the claim noun names who
/// dismisses it, whoever made the claim.
fn claim_called(view: &SentenceView, before: &str) -> Option<Slot> {
    static CLAIM_CALLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:accusations?|allegations?|claims?|charges?|assertions?|findings?|conclusions?|assessments?|steps?|moves?)\s+(?:that\s+|which\s+)?(?P<s>[^,;]{1,40}?)\s+(?:(?:has|have|had|swiftly|quickly|promptly)\s+)?(?:called|calls|dubbed|dubs|termed|terms|labell?ed|branded|(?:described|describes|dismissed|dismisses|rejected|rejects|denounced|denounces)(?:\s+(?:on|last)\s+\w+|\s+yesterday|\s+today)?\s+as)\s+(?:\w+\s+){0,2}$")
            .unwrap_or_else(|e| panic!("claim-called pattern: {e}"))
    });
    // "..., a claim Hanoi rejected": the claim noun, then who dismisses it right before
    // the verb.
    static CLAIM_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:a|an|the)\s+(?:accusations?|allegations?|claims?|charges?|assertions?|findings?)\s+(?P<s>[^,;]{1,30}?)\s+(?:(?:has|have|had|swiftly|quickly|promptly|flatly|firmly|strongly|angrily)\s+)?$")
            .unwrap_or_else(|e| panic!("claim-subject pattern: {e}"))
    });
    // The one who dismisses stands right before the verb, not inside a clause.
    let verb_at = view.span.start + before.chars().count();
    actor_in_group(view, &CLAIM_CALLED, before).or_else(|| {
        actor_in_group(view, &CLAIM_SUBJECT, before).filter(|s| {
            view.between(s.span.end, verb_at)
                .split_whitespace()
                .all(|w| DISMISSIVE_ADVERBS.contains(&w.to_lowercase().as_str()))
        })
    })
}

/// Words that may stand between a claim's dismisser and the verb ("a claim Hanoi flatly
/// rejected").
const DISMISSIVE_ADVERBS: &[&str] = &[
    "has", "have", "had", "swiftly", "quickly", "promptly", "flatly", "firmly", "strongly",
    "angrily",
];

/// The first actor inside the `s` group of `re` matched on `lead`, a text that starts where
/// the sentence does ("which the NCSC says", "an allegation Beijing called").
fn actor_in_group(view: &SentenceView, re: &Regex, lead: &str) -> Option<Slot> {
    let m = re.captures(lead)?.name("s")?;
    let within = match_span(view.span.start, lead, m);
    view.slots
        .iter()
        .find(|s| {
            s.span.start >= within.start
                && s.span.end <= within.end
                && is_actor_of_statement(view.kind(s))
        })
        .copied()
}

/// "published fabricated remarks", "baseless fears": a dismissive adjective before a noun
/// that names no claim qualifies that thing; it dismisses no accusation. After a copula
/// ("were baseless") or before a claim noun ("baseless accusations") it does.
/// "used the emails in a smear campaign against the minister": a smear someone runs,
/// named after a preposition, is no one's dismissal of a claim.
fn smear_as_a_means(view: &SentenceView, t: Span, verb: &str) -> bool {
    if verb != "smear" {
        return false;
    }
    let before = view.between(view.span.start, t.start).to_lowercase();
    let mut words = before.split_whitespace().rev();
    matches!(words.next(), Some("a" | "an" | "the" | "their" | "its"))
        && matches!(
            words.next(),
            Some("in" | "into" | "during" | "through" | "via" | "for" | "launched" | "ran" | "run")
        )
}

fn qualifies_a_thing(view: &SentenceView, t: Span, verb: &str) -> bool {
    const ADJECTIVES: [&str; 6] = [
        "groundless",
        "baseless",
        "unfounded",
        "unsubstantiated",
        "fabricated",
        "slanderous",
    ];
    const NOT_A_THING: [&str; 40] = [
        "accusations",
        "accusation",
        "allegations",
        "allegation",
        "claims",
        "claim",
        "charges",
        "charge",
        "reports",
        "report",
        "assertions",
        "assertion",
        "attribution",
        "attributions",
        "smears",
        "smear",
        "lies",
        "rumours",
        "rumors",
        "speculation",
        "and",
        "or",
        "but",
        "as",
        "by",
        "to",
        "in",
        "of",
        "at",
        "that",
        "because",
        "since",
        "with",
        "for",
        "on",
        "from",
        "he",
        "she",
        "they",
        "said",
    ];
    if !ADJECTIVES.contains(&verb) {
        return false;
    }
    let before = view.between(view.span.start, t.start).to_lowercase();
    // "were baseless", "as baseless", "totally baseless": said of the claims.
    let predicative = before.split_whitespace().next_back().is_some_and(|w| {
        matches!(
            w,
            "is" | "was"
                | "were"
                | "are"
                | "be"
                | "been"
                | "being"
                | "as"
                | "completely"
                | "totally"
        )
    });
    let after = view.between(t.end, view.span.end);
    let next = after.split_whitespace().next().unwrap_or("");
    let noun = !next.is_empty()
        && next.chars().all(|c| c.is_alphabetic() || c == '-')
        && next.chars().next().is_some_and(char::is_lowercase);
    // "posted fabricated reports of unrest": what someone published is a thing, whatever
    // its noun.
    let published = before.split_whitespace().next_back().is_some_and(|w| {
        matches!(
            w,
            "posted"
                | "published"
                | "spread"
                | "planted"
                | "circulated"
                | "pushed"
                | "shared"
                | "disseminated"
                | "broadcast"
                | "aired"
        )
    });
    !predicative && noun && (published || !NOT_A_THING.contains(&next))
}

/// An unnamed subject that opens the sentence right before the trigger: "The embassy's
/// spokesperson flatly rejected ...".
fn unnamed_subject(view: &SentenceView, t: Span) -> Option<Span> {
    static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)^\s*(?P<s>(?:the|a|an)\s+(?:[\w’'-]+\s+){{0,3}}?(?:{UNNAMED_HEADS}))\s+(?:(?:has|have|had|also|flatly|strongly|firmly|swiftly|quickly|again|repeatedly|categorically)\s+)*$"
        ))
        .unwrap_or_else(|e| panic!("unnamed subject pattern: {e}"))
    });
    let lead = view.between(view.span.start, t.start);
    let m = SUBJECT.captures(lead)?.name("s")?;
    Some(match_span(view.span.start, lead, m))
}

/// The owner of a statement noun: "Germany's (public) attribution", "Britain's accusation".
fn possessor(view: &SentenceView, t: Span) -> Option<Slot> {
    let s = view.left(t).into_iter().next_back()?;
    let gap = view.between(s.span.end, t.start);
    let rest = ["’s ", "'s ", "’ ", "' "]
        .iter()
        .find_map(|p| gap.strip_prefix(p))?;
    let modifiers = rest.split_whitespace().count();
    (modifiers <= 2
        && rest
            .chars()
            .all(|c| c.is_lowercase() || c.is_whitespace() || c == '-')
        && is_actor_of_statement(view.kind(&s)))
    .then_some(s)
}

/// "hackers backed by Beijing", "a group working for Iran": attackers named by the state
/// behind them, which the last word of the mention names.
fn ends_in_its_state(view: &SentenceView, s: &Slot) -> bool {
    let text = view.between(s.span.start, s.span.end);
    view.kind(s) == dossier_model::EntityKind::ThreatActor
        && view.country(s).is_some()
        && text
            .split_whitespace()
            .rev()
            .nth(1)
            .is_some_and(|w| matches!(w, "by" | "for" | "of" | "from" | "in" | "to"))
}

/// The speaker plus every actor coordinated with it ("the British and American governments")
/// or joined by it ("Canada joined London in condemning ...").
fn push_speakers(view: &SentenceView, event: &mut Event, speaker: Slot) {
    let mut speakers = coordinated(view, speaker);
    if let Some(last) = speakers.last() {
        speakers.extend(joined_in(view, last));
    }
    for s in speakers {
        event.args.push(view.arg(Role::Speaker, &s));
    }
}

/// "..., ESET said on Thursday, attributing the attack to Sandworm": a participle set off
/// after a reporting clause is said by that clause's subject.
fn report_before_participle(view: &SentenceView, t: Span) -> Option<Slot> {
    static ADVERBIALS_THEN_COMMA: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[^,;.]{0,40},\s*$").unwrap_or_else(|e| panic!("adverbials pattern: {e}"))
    });
    if !view.between(t.start, t.end).ends_with("ing") {
        return None;
    }
    let verb = reporting_verbs(view)
        .into_iter()
        .filter(|v| v.end <= t.start)
        .max_by_key(|v| v.end)?;
    if !ADVERBIALS_THEN_COMMA.is_match(view.between(verb.end, t.start)) {
        return None;
    }
    view.left(verb).pop().filter(|s| {
        is_actor_of_statement(view.kind(s))
            && view.between(s.span.end, verb.start).trim().is_empty()
    })
}

/// The actors `last` joined in what it did: "joined London and Paris in blaming ...".
fn joined_in(view: &SentenceView, last: &Slot) -> Vec<Slot> {
    static JOINED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(?:(?:have|has|had|also)\s+)?(?:joined|joins|join|joining)\s+(?:the\s+)?$",
        )
        .unwrap_or_else(|e| panic!("joined pattern: {e}"))
    });
    let Some(next) = view.slots.iter().find(|s| s.span.start >= last.span.end) else {
        return Vec::new();
    };
    if !JOINED.is_match(view.between(last.span.end, next.span.start))
        || !is_actor_of_statement(view.kind(next))
    {
        return Vec::new();
    }
    let list = coordinated(view, *next);
    let end = list.last().map_or(next.span.end, |s| s.span.end);
    // Joined *in* an act; "joined NATO in 2004" is membership.
    let after = view.between(end, view.span.end).to_lowercase();
    let mut words = after.split_whitespace();
    match (words.next(), words.next()) {
        (Some("in"), Some(w)) if w.ends_with("ing") => list,
        _ => Vec::new(),
    }
}

/// `slot` and the actors joined to it by "and" or commas, in text order. A list ends at
/// its "and": commas alone join nothing ("According to the MIVD, China ..." names one
/// speaker, and "A, B and C, D" lists three).
pub(super) fn coordinated(view: &SentenceView, slot: Slot) -> Vec<Slot> {
    let slots = &view.slots;
    // "CISA and Britain's NCSC": a possessor belongs to the member it qualifies.
    let possessor = |k: usize| {
        k + 1 < slots.len()
            && is_possessive_mark(
                view.between(slots[k].span.end, slots[k + 1].span.start)
                    .trim_end(),
            )
    };
    let start_of = |k: usize| {
        if k > 0 && possessor(k - 1) {
            slots[k - 1].span.start
        } else {
            slots[k].span.start
        }
    };
    let heads: Vec<usize> = (0..slots.len()).filter(|&k| !possessor(k)).collect();
    let gap = |a: usize, b: usize| {
        view.between(slots[a].span.end, start_of(b))
            .trim()
            .to_lowercase()
    };
    let joined = |a: usize, b: usize| {
        matches!(
            gap(a, b).as_str(),
            "and" | "," | ", and" | "and the" | ", the"
        )
    };
    let and = |a: usize, b: usize| gap(a, b).split([' ', ',']).any(|w| w == "and");
    let Some(i) = heads.iter().position(|&k| slots[k].span == slot.span) else {
        return vec![slot];
    };
    let mut lo = i;
    while lo > 0
        && joined(heads[lo - 1], heads[lo])
        && is_actor_of_statement(view.kind(&slots[heads[lo - 1]]))
    {
        lo -= 1;
    }
    let mut hi = i;
    while hi + 1 < heads.len()
        && joined(heads[hi], heads[hi + 1])
        && is_actor_of_statement(view.kind(&slots[heads[hi + 1]]))
    {
        hi += 1;
    }
    // The list's last member is the one after its last "and".
    let Some(last) = (lo + 1..=hi).rev().find(|&k| and(heads[k - 1], heads[k])) else {
        return vec![slot];
    };
    if i > last {
        return vec![slot];
    }
    let mut out: Vec<Slot> = Vec::new();
    for &k in &heads[lo..=last] {
        let s = &slots[k];
        if out.iter().all(|o| o.entity != s.entity) {
            out.push(*s);
        }
    }
    if out.is_empty() {
        out.push(slot);
    }
    out
}

/// Words that show a sentence is about a cyber operation (or a named actor or malware is in it).
static CYBER_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hack\w*|cyber[\s-]?(?:attacks?|operations?|campaigns?|espionage|activit\w+|intrusions?|actors?|spies|units?)|cyberattacks?|attack(?:s|ed|ing)?|espionage|intrusions?|breach\w*|spy\w*|spies|malware|ransomware|wiper|phishing|botnets?|ddos|denial[\s-]of[\s-]service|target\w*|stole|stolen|steal\w*|theft|heists?|interfer\w*|meddl\w*|disinformation|compromis\w*|infiltrat\w*|sabotag\w*|wip(?:ed|ing)|leak\w*|defac\w*|outages?|blackouts?|offline|br(?:eak|eaks|eaking|oke|oken)\s+into\s+(?:[\w’'-]+\s+){0,3}?(?:networks?|computers?|systems?|servers?|accounts?|e-?mails?|inboxes)|incidents?|operations?|campaigns?|activit(?:y|ies)|cyber[\s-]?war(?:fare)?|cve-\d{4}-\d{4,}|backdoor\w*|zero-days?)\b")
        .unwrap_or_else(|e| panic!("cyber context pattern: {e}"))
});

/// True when the sentence speaks of an operation: a cyber word, or a threat actor or
/// malware named in it.
pub(super) fn about_cyber(view: &SentenceView) -> bool {
    CYBER_CONTEXT.is_match(view.between(view.span.start, view.span.end))
        || names_an_actor_or_malware(view)
}

/// Whether the sentence names a threat actor or malware.
fn names_an_actor_or_malware(view: &SentenceView) -> bool {
    view.slots.iter().any(|s| {
        matches!(
            view.kind(s),
            dossier_model::EntityKind::ThreatActor | dossier_model::EntityKind::Malware
        )
    })
}

/// Like [`about_cyber`], without the words that also name other things ("targeted by
/// Australian measures", "operations", "campaigns", "incidents", "activity"): for a
/// clause that gives another cause ("over the suppression of protests"). The words count
/// in `clause` only ("sanctions over the invasion, though ... the cyberattacks" gives
/// the sanctions no cyber cause); a threat actor or malware anywhere in the sentence does.
pub(super) fn plainly_about_cyber(view: &SentenceView, clause: &str) -> bool {
    let weak = |w: &str| {
        let w = w.to_lowercase();
        w.starts_with("target")
            || w.starts_with("incident")
            || w.starts_with("operation")
            || w.starts_with("campaign")
            || w.starts_with("activit")
    };
    CYBER_CONTEXT.find_iter(clause).any(|m| !weak(m.as_str())) || names_an_actor_or_malware(view)
}

/// Spans of the reporting verbs of a sentence ("States" in "the United States" is a name).
pub(super) fn reporting_verbs(view: &SentenceView) -> Vec<Span> {
    let text = view.between(view.span.start, view.span.end);
    reporting_matches(text)
        // "claimed responsibility for knocking X offline": the claimants did it.
        .filter(|m| {
            let rest = text[m.end()..].trim_start();
            !(rest.starts_with("responsibility") || rest.starts_with("credit"))
        })
        .map(|m| match_span(view.span.start, text, m))
        .collect()
}

/// One statement per type, sentence and speaker set: "rejected the claims as
/// groundless" is one denial, not two. The event with the most arguments wins.
fn dedupe(doc: &Document, events: Vec<Event>) -> Vec<Event> {
    let key = |e: &Event| {
        let ids = |r: Role| {
            let mut v: Vec<Option<String>> = e
                .args_with(r)
                .map(|a| {
                    // "The Chinese embassy said the claims were groundless and that China
                    // opposes all hacking": one state denies once.
                    let state = (e.kind == EventType::Denial)
                        .then(|| country_of(doc, a.entity.as_deref()))
                        .flatten();
                    state.map(str::to_string).or_else(|| a.entity.clone())
                })
                .collect();
            v.sort();
            v
        };
        // Whom a denial clears does not make it another denial: the fuller one stays.
        let accused = if e.kind == EventType::Denial {
            Vec::new()
        } else {
            ids(Role::Accused)
        };
        (e.kind, e.sentence, ids(Role::Speaker), accused)
    };
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for e in events {
        match out.iter_mut().find(|o| key(o) == key(&e)) {
            Some(o) if e.args.len() > o.args.len() => *o = e,
            Some(_) => {}
            None => out.push(e),
        }
    }
    out
}

/// "was attributed", "has been blamed", "were accused".
fn is_passive(view: &SentenceView, t: Span) -> bool {
    let before = view.between(view.span.start, t.start).to_lowercase();
    let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    words
        .iter()
        .any(|w| matches!(*w, "was" | "were" | "been" | "being" | "is" | "are" | "be"))
        && !words.first().is_some_and(|w| *w == "has" || *w == "have")
}

/// The first actor of the whole sentence (used when the trigger's clause has none:
/// "Kremlin spokesman Dmitry Peskov said that the allegations were groundless").
fn sentence_subject(view: &SentenceView, t: Span) -> Option<Slot> {
    view.slots
        .iter()
        .filter(|s| s.span.end <= t.start && is_actor_of_statement(view.kind(s)))
        .find(|s| match view.word_before(s.span.start).as_str() {
            "in" | "at" | "against" | "on" | "to" | "into" | "with" | "about" | "of" => false,
            // "a statement by the embassy dismissed ..." speaks; "after the sanctions by
            // the EU, Beijing dismissed ..." is a phrase set off before the clause.
            "by" => !view.between(s.span.end, t.start).contains(','),
            // "In a statement for Amnesty, a spokesperson ... denied": whom it was made
            // for does not speak; "a spokesperson for X" does.
            "for" => crate::lexicon::is_role_noun(&view.word_before_word(s.span.start)),
            _ => true,
        })
        .copied()
}

/// Who says so: the subject of a reporting verb, or the object of "according to".
pub(super) fn reporting_speaker(view: &SentenceView) -> Option<Slot> {
    let text = view.between(view.span.start, view.span.end);
    // A body's acronym in commas is the body again ("Norway's security service, PST,
    // said").
    let acronym = |s: &Slot| {
        view.kind(s).is_state_organ()
            && view
                .between(view.span.start, s.span.start)
                .trim_end()
                .ends_with(',')
            && view
                .between(s.span.start, s.span.end)
                .chars()
                .all(|c| c.is_uppercase() || c == '-')
    };
    for m in reporting_matches(text) {
        let span = match_span(view.span.start, text, m);
        let (start, end) = (span.start, span.end);
        if m.as_str().to_lowercase().starts_with("according") {
            let right = view.right(span);
            if let Some(i) = right
                .iter()
                .position(|s| is_actor_of_statement(view.kind(s)))
            {
                // "according to Ukraine's SBU": the one owned speaks, not its owner.
                let owned = right.get(i + 1).filter(|n| {
                    let gap = view.between(right[i].span.end, n.span.start);
                    is_possessive_mark(gap.trim()) && is_actor_of_statement(view.kind(n))
                });
                return Some(*owned.unwrap_or(&right[i]));
            }
            continue;
        }
        // "was confirmed by the FBI": a passive report names its speaker after "by"; not
        // "was quoted as saying by Yonhap", whose agent is the medium quoting.
        let aux = view
            .between(view.span.start, start)
            .split_whitespace()
            .next_back()
            .is_some_and(|w| matches!(w, "was" | "were" | "been" | "is" | "are"))
            && !m.as_str().to_lowercase().starts_with("quoted");
        if aux
            && let Some(s) = view
                .after_word(end, &["by"])
                .filter(|s| is_actor_of_statement(view.kind(s)))
        {
            return Some(s);
        }
        // "the attacks, which it said were ...": "it" is the clause's subject, named first.
        let pronoun = {
            let before = view.between(view.span.start, start).to_lowercase();
            let last: Vec<&str> = before.split_whitespace().rev().take(2).collect();
            matches!(last.as_slice(), ["it" | "they", "which" | "that"])
        };
        if pronoun
            && let Some(s) = view.slots.iter().find(|s| {
                s.span.end <= start && is_actor_of_statement(view.kind(s)) && view.can_be_subject(s)
            })
        {
            return Some(*s);
        }
        // "France pinned the intrusions on Russia's GRU, saying ...": a participle set off
        // by a comma has the clause's subject, not the name before the comma.
        if m.as_str().eq_ignore_ascii_case("saying")
            && view
                .between(view.span.start, start)
                .trim_end()
                .ends_with(',')
        {
            if let Some(s) = view.subject(span, is_actor_of_statement) {
                return Some(s);
            }
            continue;
        }
        // "SektorCERT, a non-profit body funded by Danish utilities, said": the name the
        // appositive describes speaks, not a name inside it; "Britain's NCSC, which said":
        // the name the relative pronoun stands for.
        if let Some(s) = view
            .name_before_cue(span, &SAYS_APPOSITIVE, is_actor_of_statement)
            .or_else(|| relative_antecedent(view, span))
        {
            return Some(s);
        }
        // "X said" or "said X"; not "a hack on X, disclosed last year," where the verb is
        // a participle set off by a comma.
        // Nor "... in the United States, the company said": past a comma, an unnamed
        // subject ("the company") speaks, unless the comma closes an appositive ("Mandiant,
        // a Google unit, said").
        let left = view.left(span).into_iter().rev().find(|s| {
            let gap = view.between(s.span.end, start);
            (is_actor_of_statement(view.kind(s)) || officials_in(view, s).is_some())
                && gap.split_whitespace().count() <= 6
                && (gap.trim() != "," || acronym(s))
                && (!gap.contains(',')
                    || gap.trim().ends_with(',')
                    // "minister, Krzysztof Gawkowski, was quoted as saying": the
                    // appositive's comma, then the verb's auxiliary.
                    || matches!(gap.trim(), ", was" | ", were" | ", is" | ", has" | ", had"))
        });
        if let Some(s) = left {
            return Some(s);
        }
        // "said X" inverts; after "told" comes whom it was told to ("told Reuters").
        let told = matches!(m.as_str().to_lowercase().as_str(), "told" | "tells");
        if let Some(s) = view
            .right(span)
            .into_iter()
            .next()
            .filter(|s| !told && s.span.start - end <= 3 && is_actor_of_statement(view.kind(s)))
        {
            return Some(s);
        }
    }
    None
}

/// The speaker of a reporting verb whose clause holds the passive trigger `t` ("X said
/// the campaign was linked to"), not of a relative clause that describes a name ("the
/// group, which has been linked to China").
fn reported_passive(view: &SentenceView, t: Span) -> Option<Slot> {
    let verb = reporting_verbs(view)
        .into_iter()
        .rfind(|v| v.end <= t.start)?;
    // A relative clause set off by commas is an aside ("the campaign, which they named
    // Nile Phish, was linked to"); one left open is where the passive sits.
    let clause = view.between(verb.end, t.start).to_lowercase();
    let clause = ASIDE.replace_all(&clause, " ");
    let words: Vec<&str> = clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if let Some(at) = words
        .iter()
        .rposition(|w| matches!(*w, "which" | "who" | "whom" | "whose"))
    {
        // "a phishing wave which reached 30 inboxes had been traced to": a restrictive
        // clause with its own past verb closes before the passive, which is the
        // reported clause's own.
        let mut rest = &words[at + 1..];
        while let Some((last, init)) = rest.split_last() {
            if matches!(
                *last,
                "had" | "has" | "have" | "been" | "was" | "were" | "is" | "are" | "be" | "being"
            ) || last.ends_with("ly")
            {
                rest = init;
            } else {
                break;
            }
        }
        let restrictive = !clause.contains(&format!(", {}", words[at]));
        let own_verb = rest.len() >= 2 && rest[0].ends_with("ed");
        if !(restrictive && own_verb) {
            return None;
        }
    }
    reporting_speaker(view).filter(|s| s.span.end <= verb.start)
}

/// A relative clause between commas ("…, which they named Nile Phish, …").
static ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r",\s*(?:which|who|whom|whose)\s[^,;]{1,80},").unwrap_or_else(|e| panic!("{e}"))
});

/// An appositive between a speaker and its reporting verb ("X, a Google unit, said",
/// "X, Poland's deputy prime minister, told").
static SAYS_APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:{}|,\s+\p{{Lu}}[\p{{L}}.]*(?:’s|'s)\s+[^,;:]{{1,90}},\s+)(?:(?:has|have|had|also|then|later)\s+)?$",
        super::context::APPOSITIVE
    ))
    .unwrap_or_else(|e| panic!("says-appositive pattern: {e}"))
});

/// The claims as the subject of what follows: "the allegations of Chinese hacking were".
static PREDICATE_OF_CLAIMS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:accusations?|allegations?|claims?|charges?|reports?)\b[^,;]{0,80}?\b(?:were|was|are|is|been)\s+(?:\w+\s+)?$")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A "warned that" before `t` with its subject: the warning's clause is what it says.
fn warned_before(view: &SentenceView, t: Span) -> Option<(Span, Slot)> {
    let before = view.between(view.span.start, t.start);
    let m = WARNED_THAT.find_iter(before).last()?;
    let verb = match_span(view.span.start, before, m);
    let speaker = view.subject(verb, is_actor_of_statement)?;
    Some((verb, speaker))
}

static WARNED_THAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:warned|warns|warning)\s+(?:on\s+\w+\s+)?that\b")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// Words between an actor and a participle that make it a clause of its own ("Britain
/// has blamed", "China, which it blamed"); adverbs in "-ly" are left out as well.
const NOT_A_HEAD: &[&str] = &[
    "and", "or", "but", "has", "have", "had", "was", "were", "is", "are", "be", "been", "being",
    "that", "which", "who", "it", "they", "also", "then", "later", "long",
];

/// "the group blamed for targeting elections", "Russian spies accused of hacking X": a
/// participle right after an actor (and its head noun), followed by "for"/"of", describes
/// that actor.
fn reduced_relative_subject(view: &SentenceView, t: Span) -> Option<Slot> {
    let next = view
        .between(t.end, view.span.end)
        .split_whitespace()
        .next()?
        .to_lowercase();
    if next != "for" && next != "of" {
        return None;
    }
    // Before a participle, up to two plain words may name what the actor is ("the GRU
    // unit blamed for"); not before a noun ("Moscow routinely denies accusations of").
    let participle = view.between(t.start, t.end).ends_with("ed");
    view.left(t)
        .into_iter()
        .next_back()
        .filter(|s| {
            let gap: Vec<&str> = view
                .between(s.span.end, t.start)
                .split_whitespace()
                .collect();
            gap.is_empty()
                || (participle
                    && gap.len() <= 2
                    && gap.iter().all(|w| {
                        w.chars().all(|c| c.is_lowercase())
                            && !w.ends_with("ly")
                            && !NOT_A_HEAD.contains(w)
                    }))
        })
        .filter(|s| is_accusable(view.kind(s)))
}

/// "Officials in Berlin", "authorities in Tehran", "a court in Munich", "police in the
/// northeastern city of Harbin": a capital or a place of a state that stands for the
/// state's officials when it follows them. Where the officials' word starts (a code
/// point of the document), if so.
fn officials_in(view: &SentenceView, s: &Slot) -> Option<usize> {
    // "A grand jury in Pittsburgh", "a court in Leipzig": its state's justice.
    static OFFICIALS_IN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:officials|authorities|diplomats|sources|government|ministry|jury|court|prosecutors|police|investigators)\s+in\s+(?:(?:the|a|an|her|his|their|its)\s+)?(?:(?:[a-z-]+\s+){0,2}(?:city|town|port|province|region|state|capital)\s+of\s+(?:the\s+)?)?$")
            .unwrap_or_else(|e| panic!("officials-in pattern: {e}"))
    });
    // The cheap test first: this runs for every candidate speaker.
    if !matches!(
        view.kind(s),
        dossier_model::EntityKind::Location | dossier_model::EntityKind::Country
    ) || view.country(s).is_none()
        || !matches!(view.word_before(s.span.start).as_str(), "in" | "of")
    {
        return None;
    }
    let lead = view.between(view.span.start, s.span.start);
    OFFICIALS_IN
        .find(lead)
        .map(|m| view.span.start + lead[..m.start()].chars().count())
}

/// "Officials in Kyiv privately blame", "The foreign ministry in Minsk dismissed": a
/// clause that opens with the state's people at its capital, before the trigger.
pub(crate) fn located_officials(view: &SentenceView, t: Span) -> Option<Slot> {
    view.left(t).into_iter().find(|s| {
        officials_in(view, s)
            .is_some_and(|at| view.between(view.span.start, at).split_whitespace().count() <= 3)
    })
}

/// An attribution for each operation whose attacker is reported by someone else
/// ("MIVD said ... Chinese state-backed spies had gained access ...").
fn reported_attributions(doc: &Document, existing: &[Event]) -> Vec<Event> {
    let mut out = Vec::new();
    for op in doc.events.iter().filter(|e| e.kind.is_operation()) {
        let Some(attacker) = op.arg(Role::Attacker) else {
            continue;
        };
        let attacker_country = country_of(doc, attacker.entity.as_deref());
        let view = SentenceView::new(doc, op.sentence);
        // "ESET said that Gamaredon, which Ukrainian authorities tie to the FSB, had
        // infected ...": a blame whose speaker opens a relative clause on the attacker
        // is another statement; any other blame of the attacker's state already tells
        // this one.
        let in_relative = |e: &Event| {
            e.arg(Role::Speaker).is_some()
                && e.args_with(Role::Speaker).all(|s| {
                    s.start > attacker.end
                        && RELATIVE_OPENS.is_match(doc.slice(Span::new(attacker.end, s.start)))
                })
        };
        let already = existing.iter().chain(&out).any(|e| {
            e.kind == EventType::Attribution
                && e.sentence == op.sentence
                && e.arg(Role::Accused).is_some_and(|a| {
                    a.entity == attacker.entity
                        || (attacker_country.is_some()
                            && country_of(doc, a.entity.as_deref()) == attacker_country)
                })
                && !in_relative(e)
        });
        if already {
            continue;
        }
        if names_no_one(&view, attacker) {
            continue;
        }
        // "said Tehran does not engage in cyberattacks" reports a denial, not a blame.
        if NEGATED_BEFORE.is_match(view.between(view.span.start, op.trigger.start)) {
            continue;
        }
        // "a German government finding that APT28 had hacked", "a claim by Poland's
        // minister that Russian services had planted": the claim's holder blames.
        let attacker_country = attacker
            .entity
            .as_deref()
            .and_then(|id| doc.entity(id))
            .and_then(|e| e.country.as_deref());
        // A state (or its body) reporting its own actors is not an attribution.
        let own = |speaker: &Slot| {
            let e = &doc.entities[speaker.entity];
            Some(e.id.as_str()) == attacker.entity.as_deref()
                || (e.country.is_some() && e.country.as_deref() == attacker_country)
        };
        let blame = |span: Span| implied_event_at(doc, span, EventType::Attribution, op.sentence);
        if let Some((holder, noun)) =
            claim_holder(&view, attacker.start).filter(|(holder, _)| !own(holder))
        {
            let mut event = blame(noun);
            push_speakers(&view, &mut event, holder);
            out.push(reported_from(doc, op, attacker, event));
            continue;
        }
        let Some(speaker) = reporting_speaker(&view) else {
            // "Investigators said the malware was deployed by Sandworm": people unnamed.
            // Only for a named threat actor in a clause without negation: on real news,
            // unnamed sources mostly report where traffic came from ("attacks came from
            // an address in the Netherlands") or what an attack was not.
            let named_actor = attacker
                .entity
                .as_deref()
                .and_then(|id| doc.entity(id))
                .is_some_and(|e| e.kind == EntityKind::ThreatActor);
            let sentence = view.between(view.span.start, view.span.end);
            if named_actor
                && !NEGATION.is_match(sentence)
                && let Some(u) = unnamed_reporter(&view, op.trigger.span(), false)
            {
                let mut event = blame(u.verb);
                event.args.push(view.span_arg(Role::Speaker, u.speaker));
                out.push(reported_from(doc, op, attacker, event));
            }
            continue;
        };
        if own(&speaker) {
            continue;
        }
        let Some(cue) = reporting_cue(&view, speaker) else {
            continue;
        };
        let mut event = blame(cue);
        push_speakers(&view, &mut event, speaker);
        out.push(reported_from(doc, op, attacker, event));
    }
    out
}

/// A denial for each operation a state's speaker says their own state did not carry out
/// ("Iran's mission said Tehran had never targeted civilian infrastructure", "Mao Ning
/// said Beijing had never supported hacking"): the attacker the negation names is the
/// state the speaker clears.
fn reported_denials(doc: &Document, existing: &[Event]) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for op in doc.events.iter().filter(|e| e.kind.is_operation()) {
        let Some(attacker) = op.arg(Role::Attacker) else {
            continue;
        };
        let Some(entity) = attacker.entity.as_deref().and_then(|id| doc.entity(id)) else {
            continue;
        };
        let Some(state) = entity
            .country
            .as_deref()
            .filter(|_| entity.kind.is_state_organ())
        else {
            continue;
        };
        let view = SentenceView::new(doc, op.sentence);
        if !NEGATED_BEFORE.is_match(view.between(view.span.start, op.trigger.start)) {
            continue;
        }
        let denied = |e: &Event| e.kind == EventType::Denial && e.sentence == op.sentence;
        if existing.iter().chain(&out).any(denied) {
            continue;
        }
        // "Iran's mission to the UN said": the state's own body, past whatever its name
        // takes after it.
        let ours = |s: &Slot| doc.entities[s.entity].country.as_deref() == Some(state);
        let Some(speaker) = reporting_speaker(&view).filter(ours).or_else(|| {
            let verb = reporting_verbs(&view)
                .into_iter()
                .find(|v| v.end <= attacker.start)?;
            view.slots
                .iter()
                .find(|s| {
                    s.span.end <= verb.start
                        && ours(s)
                        && doc.entities[s.entity].kind.is_state_organ()
                        && view.can_be_subject(s)
                })
                .copied()
        }) else {
            continue;
        };
        // The speaker reports the negation: the reporting verb comes before the operation.
        let Some(cue) = reporting_cue(&view, speaker).filter(|c| c.end <= attacker.start) else {
            continue;
        };
        let mut event = implied_event_at(doc, cue, EventType::Denial, op.sentence);
        push_speakers(&view, &mut event, speaker);
        let mut accused = attacker.clone();
        accused.role = Role::Accused;
        event.args.push(accused);
        event.confidence = 0.6;
        out.push(event);
    }
    out
}

/// The attribution `event` (its speakers set) completed from the operation it reports:
/// the attacker is the accused; victim, operation words, hedge and realis come along.
fn reported_from(
    doc: &Document,
    op: &Event,
    attacker: &dossier_model::Arg,
    mut event: Event,
) -> Event {
    let mut accused = attacker.clone();
    accused.role = Role::Accused;
    event.args.push(accused);
    if let Some(v) = op.arg(Role::Victim) {
        let mut victim = v.clone();
        victim.role = Role::Victim;
        event.args.push(victim);
    }
    event.args.push(dossier_model::Arg {
        role: Role::Operation,
        start: op.trigger.start,
        end: op.trigger.end,
        text: op.trigger.text.clone(),
        entity: None,
    });
    event.hedge = hedge_near(doc, op.sentence, op.trigger.span());
    event.realis = op.realis;
    event.confidence = 0.6;
    event
}

/// The opening of a relative clause right after a name (", which ", ", whom ").
static RELATIVE_OPENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*,\s*(?:which|whom|who|that)\s+(?:the\s+)?$")
        .unwrap_or_else(|e| panic!("relative-opens pattern: {e}"))
});

/// An operation noun phrase right after an accused, the object of a verb that put its
/// accused first ("attributed to Russia's GRU military intelligence an October 2019
/// cyberattack").
static SHIFTED_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:['’]s)?(?:\s+[\w-]+){0,3}?\s+(?:a|an|the|this|its)\s+(?:[\w-]+\s+){0,3}?(?:cyber-?attacks?|attacks?|hacks?|hacking|breach(?:es)?|intrusions?|campaigns?|operations?)\b")
        .unwrap_or_else(|e| panic!("shifted object pattern: {e}"))
});

/// A negation in the last words before an operation ("does not engage in", "never
/// carried out").
static NEGATED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:not|never|n[’']t)\s+(?:\w+\s+){0,3}$")
        .unwrap_or_else(|e| panic!("negation pattern: {e}"))
});

/// "the US accusation that Tehran was behind": whose claim it is, named right before
/// the claim noun.
fn claim_owner(view: &SentenceView, accused_start: usize) -> Option<Slot> {
    let before = view.between(view.span.start, accused_start);
    let m = CLAIM_THAT.find(before)?;
    let noun_start = view.span.start + before[..m.start()].chars().count();
    noun_owner(view, noun_start)
}

/// The actor right before a claim noun, bare or possessive ("the US accusation", "the
/// NCSC's finding").
fn noun_owner(view: &SentenceView, noun_start: usize) -> Option<Slot> {
    view.left(Span::new(noun_start, noun_start))
        .into_iter()
        .next_back()
        .filter(|s| {
            is_actor_of_statement(view.kind(s))
                && view
                    .between(s.span.end, noun_start)
                    .split_whitespace()
                    .all(is_possessive_mark)
        })
}

/// Who holds the claim whose "that" clause names an operation's attacker, and the claim
/// noun: the name after "by" ("a claim by Poland's minister that"), or right before the
/// noun ("a German government finding that the GRU-linked group APT28 had").
fn claim_holder(view: &SentenceView, attacker_start: usize) -> Option<(Slot, Span)> {
    static CLAIM_BY_THAT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?P<n>accusations?|allegations?|claims?|assertions?|findings?|conclusions?|assessments?)\s+(?:by\s+(?P<s>[^,;]{1,80}?)\s+)?that\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?$")
            .unwrap_or_else(|e| panic!("claim-by-that pattern: {e}"))
    });
    let before = view.between(view.span.start, attacker_start);
    let caps = CLAIM_BY_THAT.captures(before)?;
    let n = caps.name("n")?;
    let noun = match_span(view.span.start, before, n);
    if caps.name("s").is_some() {
        return actor_in_group(view, &CLAIM_BY_THAT, before).map(|s| (s, noun));
    }
    noun_owner(view, noun.start).map(|s| (s, noun))
}

/// A verb of denial and a determiner right before a nominal accusation ("rejected the
/// accusations").
static DENIED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:call(?:ed|s)?|dismiss(?:ed|es)?|reject(?:ed|s)?|den(?:ied|ies|y)|refut(?:ed|es)|describ(?:ed|es)|brand(?:ed|s)|slam(?:med|s)|label(?:l?ed|s)|term(?:ed|s)|disput(?:ed|es)|contest(?:ed|s))\s+(?:the|these|those|such|all|any|its|their|this|that|his|her)\s+(?:[\w-]+\s+){0,2}$")
        .unwrap_or_else(|e| panic!("denied-before pattern: {e}"))
});

/// The end of a gap that makes the next name the sponsor of an act ("on the orders of",
/// "on behalf of", "working for").
static ON_ORDERS_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\bon\s+(?:the\s+)?orders?\s+(?:of|from)|\bon\s+behalf\s+of|\bat\s+the\s+(?:behest|direction|request)\s+of|\bunder\s+the\s+direction\s+of|\b(?:working|acting|spying)\s+for)\s+(?:the\s+)?$")
        .unwrap_or_else(|e| panic!("on-orders pattern: {e}"))
});

/// A claim noun and "that" ending right before the accused.
static CLAIM_THAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:accusations?|allegations?|claims?|assertions?|charges?)\s+that\s+(?:the\s+)?$",
    )
    .unwrap_or_else(|e| panic!("claim-that pattern: {e}"))
});

/// Words right before an attribution's trigger that say it was not made.
static NOT_MADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:not|never|n[’']t)(?:\s+(?:yet|publicly|formally|officially|explicitly|directly|been))?|stop(?:ped|s)?\s+short\s+of|refrain(?:ed|s)?\s+from|declin(?:ed|es)(?:\s+on\s+\w+)?\s+to|refus(?:ed|es)(?:\s+on\s+\w+)?\s+to|avoid(?:ed|s)?|without)(?:\s+(?:publicly|formally|officially|explicitly|directly|openly))?\s+$")
        .unwrap_or_else(|e| panic!("not-made pattern: {e}"))
});

/// "declined to comment on social media claims that ...": a blame in claims of no named
/// owner that the subject would not comment on is nobody's.
static NOT_COMMENTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:declin(?:ed|es|ing)|refus(?:ed|es|ing))\s+to\s+(?:comment|be\s+drawn)\s+on\s+(?:the\s+|any\s+)?(?:[a-z-]+\s+){0,3}?(?:claims?|reports?|speculation|suggestions?|rumou?rs?|allegations?)\s+that\b[^.;]{0,160}$")
        .unwrap_or_else(|e| panic!("not-commented pattern: {e}"))
});

/// An open question before the trigger ("asked whether Pyongyang was behind the theft",
/// "it is unclear if"): the blame is asked about, not made.
pub(super) static QUESTIONED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:whether|(?:asked|unclear|uncertain|unknown|investigating)\s+if)\b[^,;:.]{0,80}$",
    )
    .unwrap_or_else(|e| panic!("question pattern: {e}"))
});

/// A negation anywhere in a clause.
static NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:not|never|no)\b|n[’']t\b")
        .unwrap_or_else(|e| panic!("negation pattern: {e}"))
});

/// Who reports a statement without a name the KB knows: "investigators said", "according
/// to two people familiar with the matter", "was blamed ... by the campaign".
struct Unnamed {
    /// The speaker's words.
    speaker: Span,
    /// The reporting verb, or "by" in a passive.
    verb: Span,
}

/// Nouns for speakers the KB cannot name.
/// Offices count ("the foreign secretary told MPs"): the holder speaks for a body unnamed.
const UNNAMED_HEADS: &str = "investigators|experts|researchers|analysts|officials|sources|prosecutors|authorities|company|companies|firm|firms|ministry|agency|government|governments|campaign|diplomats|people|insurer|operator|spokes(?:man|woman|person)|official|source|person|secretary|minister|chancellor|premier|ambassador|envoy|commissioner|media";

/// What makes unnamed people a source: "familiar with the matter", "briefed on the
/// inquiry".
const FAMILIAR: &str = r"(?:\s+(?:familiar\s+with|briefed\s+on|close\s+to|involved\s+in|with\s+knowledge\s+of)(?:\s+(?:the|this|that))?\s+[\w-]+)?";

/// "according to two people familiar with the investigation".
static ACCORDING_TO_UNNAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<v>according\s+to)\s+(?P<s>(?:(?:the|a|an|two|three|four|several|some|many|other|one)\s+)?(?:[\w-]+\s+){{0,2}}?(?:{UNNAMED_HEADS}){FAMILIAR})\b"
    ))
    .unwrap_or_else(|e| panic!("according-to pattern: {e}"))
});

/// "Investigators said", ", the company said", "that officials believe", "Officials blamed",
/// ", analysts at Elliptic said".
static UNNAMED_SAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[,;]\s*(?:(?:and|but|while)\s+)?|\bthat\s+)(?P<s>(?:(?:the|a|an|two|three|four|several|some|many|other)\s+)?(?:[\w-]+\s+){{0,2}}?(?:{UNNAMED_HEADS})(?:\s+(?:at|from|with)\s+(?-i:[A-Z][\w&.-]*)(?:\s+(?-i:[A-Z][\w&.-]*)){{0,2}}|{FAMILIAR}))\s+(?:(?:have|has|had|also|privately|publicly)\s+)?(?P<v>said|say|says|told|believe|believes|suspect|suspects|found|concluded|assessed|determined|stated|added|noted|claimed|reported|wrote|confirmed|identified|think|thinks|blamed|blame|blames|attributed|attribute|attributes)\b"
    ))
    .unwrap_or_else(|e| panic!("unnamed speaker pattern: {e}"))
});

/// "blamed on X by the campaign", "accused by Western governments of".
static BY_UNNAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:[^,.;]{{0,60}}?\s)?(?P<v>by)\s+(?P<s>(?:(?:the|a|an|two|three|several|some|many|other)\s+)?(?:[\w-]+\s+){{0,2}}?(?:{UNNAMED_HEADS}))\b"
    ))
    .unwrap_or_else(|e| panic!("by-unnamed pattern: {e}"))
});

/// The verbs with which a relative clause reports a tie ("which the NCSC says ...").
const RELATIVE_SAYS_VERB: &str =
    r"(?:says?|said|believes?|believed|assesses?|assessed|thinks?|concluded)";

/// The speakers that close a sentence before the trigger ("..., Austria's intelligence
/// service warned"), with where their comma is: actors between the last comma and the
/// trigger, a few words at most, after a clause that names someone to warn of.
fn closing_speakers(view: &SentenceView, t: Span) -> Option<(usize, Vec<Slot>)> {
    let before = view.between(view.span.start, t.start);
    let mut cut = before.rfind(',')?;
    // "..., Estonia's security service, KAPO, warned": the trigger follows an appositive
    // that closes the speaker's name; the speaker's own comma is the one before both.
    let mut end = t.start;
    let appositive = before[cut + 1..].trim().is_empty();
    if appositive {
        let head = &before[..cut];
        let open = head.rfind(',')?;
        if head[open + 1..].split_whitespace().count() > 4 {
            return None;
        }
        end = view.span.start + head[..open].chars().count();
        cut = head[..open].rfind(',')?;
    }
    // A short closing phrase: the name, its head words and, past it, the appositive.
    let tail = &before[cut + 1..];
    let most = if appositive { 12 } else { 8 };
    if tail.split_whitespace().count() > most || tail.trim().is_empty() {
        return None;
    }
    let comma = view.span.start + before[..cut].chars().count();
    // "In July 2022, the heads of the FBI warned": a fronted phrase names no threat.
    if !view
        .slots
        .iter()
        .any(|s| s.span.end <= comma && is_accusable(view.kind(s)))
    {
        return None;
    }
    let named_in = |from: usize, to: usize| -> Vec<Slot> {
        view.slots
            .iter()
            .filter(|s| s.span.start > from && s.span.end <= to)
            .filter(|s| is_actor_of_statement(view.kind(s)))
            .copied()
            .collect()
    };
    // The name before the appositive, or else the appositive's own ("KAPO"), which also
    // places a name of no state ("the Internal Security Service, KAPO,").
    let stateless = |n: &[Slot]| n.iter().all(|s| view.country(s).is_none());
    let (named, end) = match named_in(comma, end) {
        n if end < t.start && stateless(&n) => {
            let own = named_in(end, t.start);
            if own.is_empty() || (!n.is_empty() && stateless(&own)) {
                (n, end)
            } else {
                (own, t.start)
            }
        }
        n => (n, end),
    };
    // "Austria's DSN": the body stands for its state.
    // Only the body's own lower-case head words may stand between ("police agency").
    let last = *named.last()?;
    let after = view.between(last.span.end, end);
    let after = after.trim_end().trim_end_matches(',');
    let plain = after.split_whitespace().count() <= 2
        && after
            .split_whitespace()
            .all(|w| w.chars().all(char::is_lowercase));
    plain.then(|| (comma, coordinated(view, last)))
}

/// "APT29 is behind a new wave of lures, Germany's BfV cautioned": the warner that closes
/// the sentence after the blame asserts it.
fn closing_warner(view: &SentenceView, t: Span) -> Option<Slot> {
    static WARNED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:warned|warns|cautioned|cautions)\b")
            .unwrap_or_else(|e| panic!("warned pattern: {e}"))
    });
    let rest = view.between(t.end, view.span.end);
    let verb = match_span(t.end, rest, WARNED.find(rest)?);
    closing_speakers(view, verb).and_then(|(_, speakers)| speakers.first().copied())
}

/// "identified, with high confidence, APT31 as the group behind": the name identified,
/// which the clause break at "as" hides from the subject search.
fn identified_as(view: &SentenceView, t: Span) -> Option<Slot> {
    static IDENTIFIED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:identified|identifies|described|assessed|recogni[sz]ed|confirmed|pegged)\b",
        )
        .unwrap_or_else(|e| panic!("identified pattern: {e}"))
    });
    let before = view.between(view.span.start, t.start);
    let verb = IDENTIFIED.find_iter(before).last()?;
    let from = view.span.start + before[..verb.end()].chars().count();
    view.slots
        .iter()
        .filter(|s| s.span.start >= from && s.span.end <= t.start)
        .filter(|s| is_accusable(view.kind(s)))
        .find(|s| {
            let gap = view
                .between(s.span.end, t.start)
                .trim_start()
                .to_lowercase();
            gap.starts_with("as ")
        })
        .copied()
}

/// "a report linking OceanLotus, a group also known as APT32, to a network of fake news
/// sites": what is linked to no actor is an operation, and the threat actor linked to it
/// is the accused; so is a state or agency linked to words that name an operation.
fn linked_actor(view: &SentenceView, t: Span, verb: &str) -> Option<Slot> {
    if !["tie", "tying", "link", "connect"]
        .iter()
        .any(|v| verb.starts_with(v))
    {
        return None;
    }
    static TO: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\bto\b").unwrap_or_else(|e| panic!("to pattern: {e}")));
    // "linked Russian military intelligence to the hacking of a dam": a state or agency
    // is linked only to what names an operation.
    static TO_OPERATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*to\s+(?:(?:the|a|an|this|that|these|those|its|their|last|recent)\s+)?(?:[\w’'-]+\s+){0,3}?(?:hack\w*|(?:cyber[\s-]?)?attacks?|cyberattacks?|intrusions?|breach(?:es)?|campaigns?|espionage|theft|leaks?|outages?|sabotage|compromise|infiltration|phishing)\b")
            .unwrap_or_else(|e| panic!("to-operation pattern: {e}"))
    });
    let rest = view.between(t.end, view.span.end);
    let at = TO.find(rest)?.start();
    let to = t.end + rest[..at].chars().count();
    let operation = TO_OPERATION.is_match(&rest[at..]);
    view.slots
        .iter()
        .filter(|s| s.span.start >= t.end && s.span.end <= to)
        .find(|s| {
            let kind = view.kind(s);
            kind == EntityKind::ThreatActor
                || (operation && kind != EntityKind::Person && is_accusable(kind))
        })
        .copied()
}

/// "APT31, a group widely believed to work for China's MSS, was behind": the name before
/// an appositive set off by commas right before the copula, if it stands after the
/// reporting `verb` (a verb inside the appositive, "believed", reports nothing).
fn behind_appositive(view: &SentenceView, t: Span, verb: Option<Span>) -> Option<Slot> {
    static APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"{}(?:(?:was|were|is|are|has|have|had|been|also|allegedly|reportedly|probably|likely|most|almost|certainly)\s+)+$",
            super::context::APPOSITIVE
        ))
        .unwrap_or_else(|e| panic!("behind appositive pattern: {e}"))
    });
    view.name_before_cue(t, &APPOSITIVE, is_accusable)
        .filter(|s| verb.is_none_or(|v| v.end <= s.span.start || v.start >= s.span.end))
}

/// "was attributed to Sandworm ... by researchers at ESET": the body whose staff are the
/// agent, named after them.
fn staff_agent(view: &SentenceView, t: Span) -> Option<Slot> {
    static BY_STAFF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bby\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){0,2}?(?:researchers|analysts|experts|investigators|officials|specialists|engineers|teams?|staff|spokes(?:man|woman|person)|representatives?)\s+(?:at|from|with|of|for)\s+(?:the\s+)?$")
            .unwrap_or_else(|e| panic!("by-staff pattern: {e}"))
    });
    view.after_cue(t.end, &BY_STAFF, 60, is_actor_of_statement)
}

/// The name a relative clause hangs on when the trigger opens it ("a tip from the FBI,
/// which accuses him of"): that name, not the sentence's subject, is the trigger's.
fn relative_antecedent(view: &SentenceView, t: Span) -> Option<Slot> {
    static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i),\s*(?:which|who)\s+(?:(?:also|now|has|have|had|publicly|formally)\s+)?$")
            .unwrap_or_else(|e| panic!("relative pattern: {e}"))
    });
    view.name_before_cue(t, &RELATIVE, is_actor_of_statement)
}

/// The speaker of a relative clause that reports the tie ("the group, which the NCSC
/// says is run by the FSB"): whoever says so inside the clause, not the sentence's
/// subject.
fn relative_speaker(view: &SentenceView, t: Span) -> Option<Slot> {
    static RELATIVE_SAYS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)\b(?:which|who|that)\s+(?P<s>[^,;]{{1,60}}?)\s+{RELATIVE_SAYS_VERB}\s*$"
        ))
        .unwrap_or_else(|e| panic!("relative speaker pattern: {e}"))
    });
    actor_in_group(view, &RELATIVE_SAYS, view.between(view.span.start, t.start))
}

/// The unnamed reporter of the statement or operation at `t`, when its sentence names one
/// and no named speaker was found.
fn unnamed_reporter(view: &SentenceView, t: Span, passive: bool) -> Option<Unnamed> {
    if passive {
        let after = view.between(t.end, view.span.end);
        if let Some(c) = BY_UNNAMED.captures(after) {
            return Some(Unnamed {
                speaker: match_span(t.end, after, c.name("s")?),
                verb: match_span(t.end, after, c.name("v")?),
            });
        }
    }
    let text = view.between(view.span.start, view.span.end);
    // "Officials blamed for the outage resigned": the ones blamed, not who blames; a
    // later "investigators said" may still speak.
    let blamed_themselves = |c: &regex::Captures| {
        c.name("v").is_some_and(|v| {
            matches!(v.as_str().to_lowercase().as_str(), "blamed" | "attributed")
                && matches!(
                    text[v.end()..].split_whitespace().next(),
                    Some("for" | "by" | "with" | "to" | "on")
                )
        })
    };
    let c = ACCORDING_TO_UNNAMED.captures(text).or_else(|| {
        UNNAMED_SAYS
            .captures_iter(text)
            .find(|c| !blamed_themselves(c))
    })?;
    let mut speaker = match_span(view.span.start, text, c.name("s")?);
    // ", and Morphisec researchers believe": the conjunction is not the speaker's.
    for conj in ["and ", "but ", "or ", "while "] {
        if view
            .between(speaker.start, speaker.end)
            .to_lowercase()
            .starts_with(conj)
        {
            speaker = Span::new(speaker.start + conj.len(), speaker.end);
        }
    }
    // The trigger's own words are not who reports it ("the campaign" blamed).
    if speaker.start < t.end && t.start < speaker.end {
        return None;
    }
    // "according to a filing its operator lodged": a clause of its own, whose subject
    // is not the source.
    let words = view.between(speaker.start, speaker.end).to_lowercase();
    if words
        .split_whitespace()
        .any(|w| matches!(w, "its" | "their" | "his" | "her"))
    {
        return None;
    }
    Some(Unnamed {
        speaker,
        verb: match_span(view.span.start, text, c.name("v")?),
    })
}

/// "attributed with high confidence that actors tied to the MSS conducted the attack": the
/// verb with a clause instead of a "to" object; the accused is the clause's first actor.
fn attributed_that(view: &SentenceView, t: Span) -> Option<Slot> {
    let verb = view.between(t.start, t.end).to_lowercase();
    if !matches!(verb.as_str(), "attributed" | "attributes" | "attribute") {
        return None;
    }
    let after = view.between(t.end, view.span.end);
    let words: Vec<&str> = after.split_whitespace().take(10).collect();
    let that = words
        .iter()
        .position(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == "that")?;
    if words[..that].iter().any(|w| w.eq_ignore_ascii_case("to")) {
        return None;
    }
    let from = t.end
        + after
            .split_inclusive(char::is_whitespace)
            .take(that + 1)
            .map(|w| w.chars().count())
            .sum::<usize>();
    view.right(t)
        .into_iter()
        .filter(|s| s.span.start >= from)
        .find(|s| is_accusable(view.kind(s)))
}

/// Whether an attacker argument is a bare description ("hackers", "the criminals", "they"):
/// no entity, no tie to a state, no name. Reported as it is, it blames no one, so the
/// reporting around it ("..., the company said") is no attribution.
fn names_no_one(view: &SentenceView, attacker: &dossier_model::Arg) -> bool {
    if attacker.entity.is_some() || STATE_TIE.is_match(&attacker.text) {
        return false;
    }
    let sentence_initial = attacker.start == view.span.start;
    !attacker.text.split_whitespace().enumerate().any(|(i, w)| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !(i == 0 && (sentence_initial || DETERMINER.is_match(w)))
    })
}

/// Words that tie an unnamed attacker to a state ("a state-sponsored actor").
static STATE_TIE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:state|nation-state|government|military|intelligence)\b")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A capitalised determiner or pronoun that opens a description ("The attackers", "They").
static DETERMINER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:The|A|An|This|That|These|Those|Some|Several|Many|Unknown|Unidentified|He|She|They|It|We|Its|Their)$")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A capitalised "States" or "Claims" mid-sentence is part of a name, not a verb.
fn is_reporting_word(word: &str) -> bool {
    let capital = word.chars().next().is_some_and(char::is_uppercase);
    !capital || word.to_lowercase().starts_with("according") || word == "Said"
}

pub(super) fn country_of<'d>(doc: &'d Document, id: Option<&str>) -> Option<&'d str> {
    doc.entity(id?)?.country.as_deref()
}

/// The reporting verb nearest the speaker.
fn reporting_cue(view: &SentenceView, speaker: Slot) -> Option<Span> {
    let text = view.between(view.span.start, view.span.end);
    reporting_matches(text)
        .map(|m| match_span(view.span.start, text, m))
        .min_by_key(|s| s.start.abs_diff(speaker.span.start))
}

/// The words between the trigger and the accused that name the operation
/// ("attributed **the cyberattack** to").
fn push_operation_words(view: &SentenceView, event: &mut Event, from: usize, to: usize) {
    let between = view.between(from, to);
    let mut words: Vec<&str> = between.split_whitespace().collect();
    // Drop the preposition and determiners before the accused ("to the").
    while words
        .last()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "to" | "on" | "the" | "a" | "an"))
    {
        words.pop();
    }
    let body = words.as_slice();
    // "attributed by the MIVD to ...": an agent, not the operation.
    if body.is_empty() || body.len() > 8 || body[0].eq_ignore_ascii_case("by") {
        return;
    }
    let phrase = body.join(" ");
    // "traced \"with high confidence\" to", "tied, probably, to": a manner or hedge, no
    // operation.
    let bare = phrase
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if bare.starts_with("with ") || bare.split_whitespace().all(|w| w.ends_with("ly")) {
        return;
    }
    if let Some(offset) = between.find(&phrase) {
        let start = from + between[..offset].chars().count();
        let span = Span::new(start, start + phrase.chars().count());
        event.args.push(view.span_arg(Role::Operation, span));
    }
}

/// The hedge nearest the trigger in its sentence.
pub(super) fn hedge_near(doc: &Document, sentence: Span, t: Span) -> Option<String> {
    let text = doc.slice(sentence);
    HEDGE
        .find_iter(text)
        .map(|m| {
            let at = sentence.start + text[..m.start()].chars().count();
            (at.abs_diff(t.start), m.as_str().to_lowercase())
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, h)| h.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Make statements and operations of one sentence agree: the accused of an
/// attribution is the attacker of the operation, never its victim.
fn connect_operations(doc: &mut Document, statements: &[Event]) {
    for st in statements
        .iter()
        .filter(|e| e.kind == EventType::Attribution)
    {
        let Some(accused) = st.arg(Role::Accused) else {
            continue;
        };
        lend_to_the_operation_named_again(doc, st, accused);
        for op in doc
            .events
            .iter_mut()
            .filter(|e| e.kind.is_operation() && e.sentence == st.sentence)
        {
            op.args
                .retain(|a| !(a.role == Role::Victim && a.entity == accused.entity));
            // "the Dutch attributed espionage to China": the speaker is not the attacker.
            let speaker = st.arg(Role::Speaker).and_then(|a| a.entity.clone());
            op.args.retain(|a| {
                !(a.role == Role::Attacker && speaker.is_some() && a.entity == speaker)
            });
            // Unnamed attackers the rules read ("hackers had broken in") give way to the
            // one accused; a learned span keeps its CASIE boundaries.
            let unnamed = op.extractor.as_deref() == Some("rules")
                && op.args_with(Role::Attacker).all(|a| a.entity.is_none());
            if unnamed {
                op.args.retain(|a| a.role != Role::Attacker);
            }
            if op.arg(Role::Attacker).is_none() {
                op.args.push(as_attacker(accused));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use dossier_model::{EventType, Role};

    use crate::events::testing::{run_rules, summarise};

    /// (type, speaker countries, accused countries) of the statements found in `text`.
    #[test]
    fn the_name_an_appositive_describes_is_behind_it() {
        // The reporting verb "believed" inside the appositive reports nothing.
        let accused = attribution_texts(
            "Estonian prosecutors said that Turla, a group widely believed to work for \
             Russia's FSB, was behind the break-in at the foreign ministry.",
            Role::Accused,
        );
        assert_eq!(accused, vec!["Turla"]);
    }

    /// The texts of the `role` arguments of the attributions in `text`.
    fn attribution_texts(text: &str, role: Role) -> Vec<String> {
        let doc = crate::events::testing::run_rules(text);
        doc.events
            .iter()
            .filter(|e| e.kind == EventType::Attribution)
            .flat_map(|e| e.args_with(role).map(|a| a.text.clone()))
            .collect()
    }

    #[test]
    fn a_medium_reporting_at_the_close_of_the_sentence_speaks() {
        // Named by its descriptor, "reported" closing the clause.
        let speakers = attribution_texts(
            "Hackers working for Russia's intelligence services broke into the Hungarian \
             foreign ministry's network, the investigative site Direkt36 reported on Tuesday.",
            Role::Speaker,
        );
        assert_eq!(speakers, vec!["Direkt36"]);
        // Unnamed media speak too.
        let speakers = attribution_texts(
            "Russian hackers broke into the ministry's servers, local media said.",
            Role::Speaker,
        );
        assert_eq!(speakers, vec!["local media"]);
        // Reported to someone is no report by a speaker.
        let found = statements("The break-in by Russian hackers was reported to police.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_hyphenated_linked_links_nothing() {
        let found = statements(
            "The firm told the BBC that the campaign's tactics were similar to the \
             Russia-linked group known as APT28, though the two appear to be different.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_body_s_acronym_in_commas_speaks_for_it() {
        assert_eq!(
            statements(
                "Norway's domestic security service, PST, said that APT31 was behind the \
                 breach of the Storting's email accounts."
            ),
            vec![(EventType::Attribution, vec!["NO".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn an_actor_linked_to_what_is_no_actor_is_accused() {
        assert_eq!(
            statements(
                "A report by the US security firm Volexity linked OceanLotus, a hacking group \
                 also known as APT32, to a network of fake news websites."
            ),
            vec![(EventType::Attribution, vec![], vec!["VN".into()])]
        );
        // An actor in a clause of its own is not the one linked.
        let found = statements(
            "Researchers linked the malware, which APT28 also used, to a network of rented \
             servers.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_long_object_may_stand_between_pinned_and_on() {
        assert_eq!(
            statements(
                "Warsaw formally pinned a wave of intrusions going back to 2019 on \
                 Belarus's KGB."
            ),
            vec![(EventType::Attribution, vec!["PL".into()], vec!["BY".into()])]
        );
    }

    #[test]
    fn claims_called_lies_and_articles_dismissed_are_denials() {
        for text in [
            "Hackers tried to hijack the email accounts of Colombian commanders. Caracas \
             called the claim 'another lie' from Bogota.",
            "Hackers had access to the Hungarian foreign ministry's network for years, a \
             news site reported. Moscow dismissed the article as 'another fake'.",
        ] {
            let found = statements(text);
            assert!(
                found.iter().any(|(k, _, _)| *k == EventType::Denial),
                "{text}: {found:?}"
            );
        }
    }

    fn statements(text: &str) -> Vec<(EventType, Vec<String>, Vec<String>)> {
        summarise(
            text,
            |e| !e.kind.is_operation(),
            Role::Speaker,
            Role::Accused,
        )
    }

    /// The speaker's words of the first `kind` statement found in `text`.
    fn speaker_text(text: &str, kind: EventType) -> Option<String> {
        let doc = run_rules(text);
        doc.events
            .iter()
            .find(|e| e.kind == kind)
            .and_then(|e| e.arg(Role::Speaker))
            .map(|a| a.text.clone())
    }

    #[test]
    fn a_blame_naming_the_attack_again_gives_it_its_attacker() {
        let attackers = |text: &str| -> Vec<String> {
            run_rules(text)
                .events
                .iter()
                .filter(|e| e.kind.is_operation())
                .flat_map(|e| e.args_with(Role::Attacker).map(|a| a.text.clone()))
                .collect()
        };
        assert_eq!(
            attackers(
                "A cyberattack crippled software supplier Norvale Systems on Monday. \
                 Investigators said the Qilin gang was behind the attack."
            ),
            vec!["Qilin".to_string()]
        );
        // Not without the attack named again.
        assert!(
            attackers(
                "A cyberattack crippled software supplier Norvale Systems on Monday. \
                 Investigators said the Qilin gang was growing."
            )
            .is_empty()
        );
    }

    #[test]
    fn a_person_familiar_with_an_inquiry_speaks_and_a_filing_s_owner_does_not() {
        assert_eq!(
            speaker_text(
                "A person familiar with the inquiry said the Qilin gang was behind the attack.",
                EventType::Attribution
            )
            .as_deref(),
            Some("A person familiar with the inquiry")
        );
        // "its operator" is the subject of the clause on the filing, not the source.
        assert_eq!(
            speaker_text(
                "The Qilin gang encrypted the clinic's servers, according to a filing its \
                 operator lodged with regulators.",
                EventType::Attribution
            ),
            None
        );
    }

    #[test]
    fn officials_in_a_city_named_with_its_kind_speak_for_its_state() {
        let found = statements(
            "Officials in the eastern city of Kharkiv blamed Russian hackers for the blackout.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["UA".into()], vec!["RU".into()])]
        );
        // A state named with its article is still where they sit.
        let found =
            statements("Officials in the Netherlands blamed Russian hackers for the blackout.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["NL".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn identified_past_an_aside_as_the_group_behind_blames() {
        let found = statements(
            "The Czech government said it had identified, with a high degree of certainty, \
             APT31 as the group behind the intrusions.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["CZ".into()], vec!["CN".into()])]
        );
        // The clause break at "as" does not hide the name identified.
        let found = statements("Mandiant identified APT31 as responsible for the intrusions.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["US".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn a_trace_reaches_its_actor_past_a_long_object() {
        let found = statements(
            "Canberra's signals agency traced the 2022 compromise of a state health department \
             and two universities to APT40.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["AU".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn held_responsible_with_nothing_after_blames() {
        let found = statements(
            "Hackers wiped the servers. The White House said it held Tehran responsible.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["US".into()], vec!["IR".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn a_warner_closing_the_sentence_warns_of_what_comes_first() {
        let found = statements(
            "Chinese state hackers are hiding in the networks of regional ports to prepare \
             sabotage, Japan's police agency warned in a report.",
        );
        assert_eq!(
            found,
            vec![(EventType::Warning, vec!["JP".into()], vec!["CN".into()])]
        );
        // A fronted time is no clause to warn of.
        let found = statements("In March 2024, Canada's cyber centre warned of Chinese hackers.");
        assert_eq!(
            found,
            vec![(EventType::Warning, vec!["CA".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn one_state_denies_once_in_a_sentence() {
        let found = statements(
            "The Chinese embassy said the allegations of hacking were groundless and that \
             China opposes all forms of hacking.",
        );
        let denials = found
            .iter()
            .filter(|(k, _, _)| *k == EventType::Denial)
            .count();
        assert_eq!(denials, 1, "{found:?}");
    }

    #[test]
    fn accusations_a_denial_names_blame_no_one() {
        let found = statements(
            "Russian hackers hit the polls. Moscow called the accusations unfounded and \
             anti-Russian.",
        );
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Attribution),
            "{found:?}"
        );
    }

    #[test]
    fn part_of_a_state_backed_effort_blames_the_state() {
        let found = statements(
            "Estonia's government said the attacks on its tax portal were part of a \
             Kremlin-backed campaign.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["EE".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn researchers_at_a_firm_are_the_agent_of_a_passive_blame() {
        assert_eq!(
            speaker_text(
                "The intrusion was attributed with high confidence to Kimsuky by analysts at \
                 Mandiant.",
                EventType::Attribution
            )
            .as_deref(),
            Some("Mandiant")
        );
    }

    #[test]
    fn dismissed_remarks_and_no_part_played_are_denials() {
        let found = statements(
            "Russian hackers hit the ministry, the minister said. The Russian embassy in Rome \
             called her remarks \"sheer Russophobia\".",
        );
        assert!(
            found.contains(&(EventType::Denial, vec!["RU".into()], vec![])),
            "{found:?}"
        );
        let found = statements(
            "State television quoted the president as saying that Tehran had played no part \
             in the intrusions.",
        );
        assert!(
            found.contains(&(EventType::Denial, vec!["IR".into()], vec![])),
            "{found:?}"
        );
        let found = statements("The opposition called his remarks a welcome change.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_smear_campaign_someone_runs_is_no_denial() {
        let found = statements(
            "Estonian investigators said Russian hackers had used the stolen files in a smear \
             campaign against the prime minister.",
        );
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Denial),
            "{found:?}"
        );
        let found = statements("Moscow called the report a smear campaign.");
        assert!(
            found.contains(&(EventType::Denial, vec!["RU".into()], vec![])),
            "{found:?}"
        );
    }

    #[test]
    fn an_accusation_of_a_non_cyber_wrong_blames_no_one_but_one_of_involvement_does() {
        let found = statements(
            "Russian hackers leaked the files. Videos posted by the network accused Moldovan \
             officials of corruption.",
        );
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Attribution),
            "{found:?}"
        );
        // Past the accused's head noun, and beside a real blame in the sentence.
        let found = statements(
            "Poland's NASK said Doppelganger had circulated forged clips accusing Polish \
             generals of corruption.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["PL".into()], vec!["RU".into()])]
        );
        let found = statements("Vilnius accused Moscow of involvement in the hack.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["LT".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn an_origin_told_after_a_long_subject_blames() {
        let found = statements(
            "Kenya's ICT minister said the ransomware attack that crippled the port's systems \
             for a week had originated from Russia.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["KE".into()], vec!["RU".into()])]
        );
        assert!(statements("The idea for the summit originated in Paris.").is_empty());
    }

    #[test]
    fn whom_an_act_was_done_for_is_accused() {
        let found = statements(
            "Prosecutors in Virginia accuse her of stealing drone designs on the orders of \
             Iran's Revolutionary Guard.",
        );
        assert!(
            found
                .iter()
                .any(|(k, _, a)| *k == EventType::Attribution && a == &vec!["IR".to_string()]),
            "{found:?}"
        );
    }

    #[test]
    fn the_name_a_relative_clause_opens_on_speaks() {
        let found = statements(
            "Spanish police held a Ukrainian-born man after a request from the FBI, which \
             accuses him of breaking into bank networks on behalf of Russia's SVR.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["US".into()], vec!["RU".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn an_accusation_of_something_other_than_an_operation_blames_no_one() {
        // The sentence speaks of an attack, but the accusation is of lying.
        let found = statements(
            "Belarusian officials denied a role in the pipeline attack and accused the \
             Polish government of spreading lies.",
        );
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Attribution),
            "{found:?}"
        );
        let found = statements("Warsaw accused Minsk of hacking the ministry's servers.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["PL".into()], vec!["BY".into()])]
        );
        // A named actor in the accusation makes it one about operations.
        let found = statements("Kyiv accused Minsk of sheltering Ghostwriter.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["UA".into()], vec!["BY".into()])]
        );
        // A pronoun points at the operation named before it.
        let found = statements(
            "After the hack of its railway operator, Poland accused Belarus of staging it.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["PL".into()], vec!["BY".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn states_joined_in_a_condemnation_all_speak() {
        let found = statements(
            "Latvia and Lithuania joined Warsaw in condemning the FSB over the sabotage of \
             the rail network's signalling servers.",
        );
        assert_eq!(
            found,
            vec![(
                EventType::Attribution,
                vec!["LV".into(), "LT".into(), "PL".into()],
                vec!["RU".into()]
            )]
        );
        // Joining an alliance in a year is membership, not a share in the blame.
        let found = statements("Estonia joined NATO in 2004 and blamed Russia for the attacks.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["EE".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn a_blame_asked_about_is_not_made() {
        let found = statements(
            "Asked if Tehran had been behind the breach, the Israeli minister said nothing.",
        );
        assert!(found.is_empty(), "{found:?}");
        let found = statements("It remains unclear whether Moscow was behind the outage.");
        assert!(found.is_empty(), "{found:?}");
        let found = statements("Seoul said Pyongyang was behind the theft.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["KR".into()], vec!["KP".into()])]
        );
    }

    #[test]
    fn an_office_holder_speaks_unnamed() {
        let speaker = speaker_text(
            "The defence minister told reporters that Russia was responsible for the hack.",
            EventType::Attribution,
        );
        assert_eq!(speaker.as_deref(), Some("The defence minister"));
    }

    #[test]
    fn a_claim_called_groundless_is_denied_by_who_called_it_so() {
        let found = statements(
            "Manila accused Chinese hackers of breaching the coast guard's network, a claim \
             Beijing called baseless.",
        );
        assert!(
            found.contains(&(EventType::Denial, vec!["CN".into()], vec!["CN".into()])),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .all(|(k, s, _)| *k != EventType::Denial || s != &["PH"]),
            "{found:?}"
        );
    }

    #[test]
    fn more_ways_to_blame_and_to_deny() {
        let blame = |text: &str, s: &str, a: &str| {
            let found = statements(text);
            assert!(
                found.contains(&(EventType::Attribution, vec![s.into()], vec![a.into()])),
                "{text}: {found:?}"
            );
        };
        blame(
            "Kyiv implicated the GRU in the wiper attack on its banks.",
            "UA",
            "RU",
        );
        blame(
            "Madrid condemned the recent hacking campaign by North Korea.",
            "ES",
            "KP",
        );
        blame(
            "Canberra exposed an APT40 spying campaign against Pacific ministries.",
            "AU",
            "CN",
        );
        blame("Google outed the intruders as Sandworm.", "US", "RU");
        blame(
            "Ottawa alleges that Chinese hackers breached its research council.",
            "CA",
            "CN",
        );
        // Whom the denial clears is checked elsewhere; here only who denies.
        let deny = |text: &str, s: &str| {
            let found = statements(text);
            assert!(
                found
                    .iter()
                    .any(|(k, speaker, _)| *k == EventType::Denial && speaker == &[s]),
                "{text}: {found:?}"
            );
        };
        deny(
            "Pyongyang brushed off the accusations as American propaganda.",
            "KP",
        );
        deny("Moscow denounced the claims of election hacking.", "RU");
        deny("Tehran scoffed at the allegations.", "IR");
        deny(
            "Moscow said Russia does not conduct offensive cyber operations.",
            "RU",
        );
        deny(
            "The Kremlin said the hacking report was fabricated nonsense.",
            "RU",
        );
        deny(
            "Tehran said the allegations were groundless inventions of Israel.",
            "IR",
        );
        // The act of a pronoun's referent names its victim after it, not its culprit.
        let found =
            statements("Minsk shrugged off the accusation that it hacked Lithuanian servers.");
        assert!(
            found
                .iter()
                .all(|(k, _, a)| *k != EventType::Attribution || a != &["LT"]),
            "{found:?}"
        );
    }

    #[test]
    fn what_the_traces_suggest_and_where_suspicion_falls() {
        let found = statements(
            "Analysts said the wiper reused code from Sandworm tools, suggesting Russian \
             involvement.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec![], vec!["RU".into()])]
        );
        let found = statements("Suspicion quickly fell on Iranian hackers after the dam hack.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec![], vec!["IR".into()])]
        );
        let found = statements(
            "Kaspersky assessed that the BlueNoroff crew operates on behalf of North Korea.",
        );
        assert!(
            found
                .iter()
                .any(|(k, _, a)| *k == EventType::Attribution && a.contains(&"KP".to_string())),
            "{found:?}"
        );
        let found = statements(
            "Romanian officials pointed to Russian military intelligence as the culprit \
             behind the election hack.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["RO".into()], vec!["RU".into()])]
        );
        // Traces that suggest a role for a policy blame no one.
        assert!(statements("The results suggest a possible role for the new policy.").is_empty());
    }

    #[test]
    fn unnamed_speakers_of_blames_and_denials() {
        let doc = run_rules(
            "Investigators blamed the ransomware attack on a Russian gang. A company \
             spokeswoman flatly denied the hacking reports.",
        );
        let speakers: Vec<(EventType, &str)> = doc
            .events
            .iter()
            .filter(|e| !e.kind.is_operation())
            .filter_map(|e| Some((e.kind, e.arg(Role::Speaker)?.text.as_str())))
            .collect();
        assert_eq!(
            speakers,
            vec![
                (EventType::Attribution, "Investigators"),
                (EventType::Denial, "A company spokeswoman")
            ]
        );
        // Off the subject of operations, an unnamed body's denial is none of ours.
        let doc = run_rules("The company denied reports that it would cut jobs.");
        assert!(doc.events.is_empty(), "{:?}", doc.events);
        // Officials who were blamed do not blame; the investigators after them do.
        let speaker = speaker_text(
            "Officials blamed for the outage resigned, and investigators said the hackers \
             were from Russia.",
            EventType::Attribution,
        );
        assert_eq!(speaker.as_deref(), Some("investigators"));
    }

    #[test]
    fn a_quoted_dismissal_and_a_cyber_war_accusation() {
        let found = statements("The Chinese embassy called the Philippine claims \"absurd\".");
        assert_eq!(found, vec![(EventType::Denial, vec!["CN".into()], vec![])]);
        let found = statements("Tehran accused Israel of waging cyber war on its ports.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["IR".into()], vec!["IL".into()])]
        );
    }

    #[test]
    fn analysts_at_a_firm_speak_and_fabricated_things_deny_nothing() {
        let speaker = speaker_text(
            "APT38 was behind the theft of the bank's funds, researchers at Kroll said.",
            EventType::Attribution,
        );
        assert_eq!(speaker.as_deref(), Some("researchers at Kroll"));
        let found = statements(
            "Hackers tied to Tehran took over the Bahraini news agency and posted fabricated \
             quotes of the king.",
        );
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Denial),
            "{found:?}"
        );
        // Whatever was published is a thing, even "reports".
        let found = statements(
            "Hackers tied to Tehran hijacked the agency's feed and posted fabricated reports \
             of riots.",
        );
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Denial),
            "{found:?}"
        );
        let found = statements("Tehran said the allegations of hacking were fabricated.");
        assert_eq!(found, vec![(EventType::Denial, vec!["IR".into()], vec![])]);
        let found = statements("Tehran dismissed the fabricated reports of hacking.");
        assert!(
            found.iter().any(|(k, _, _)| *k == EventType::Denial),
            "{found:?}"
        );
    }

    #[test]
    fn a_denial_of_accusations_accuses_no_one() {
        let found = statements("Minsk routinely rejects accusations of hacking.");
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Attribution),
            "{found:?}"
        );
    }

    #[test]
    fn a_participle_after_an_actor_and_its_head_noun_describes_it() {
        // "the FSB unit blamed for": the unit is blamed; the reporters speak.
        let found = statements(
            "Turla, the FSB unit blamed for the embassy breaches, also planted implants \
             in a Latvian ministry, Latvian officials said.",
        );
        assert!(
            found
                .iter()
                .filter(|(k, _, _)| *k == EventType::Attribution)
                .all(|(_, s, a)| s == &vec!["LV".to_string()] && a == &vec!["RU".to_string()]),
            "{found:?}"
        );
        assert!(
            found.iter().any(|(k, _, _)| *k == EventType::Attribution),
            "{found:?}"
        );
    }

    #[test]
    fn accused_after_reporting_verb_not_the_speaker() {
        let found = statements("Britain's government said the GRU was behind the hack.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["GB".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn a_bare_blame_refers_to_the_operation_before() {
        let found = statements(
            "Hackers wiped the servers of a Latvian power company in May. \
             Its chief executive resigned a week later. \
             The Latvian government later pointed the finger of blame at Belarus.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["LV".into()], vec!["BY".into()])),
            "{found:?}"
        );
        // An accusation with its own content is about that content.
        let found = statements(
            "Hackers wiped the servers of a Latvian power company in May. \
             Latvia also accused Belarus of blocking the inquiry's findings at the border.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn linking_an_operation_to_an_actor_attributes_it() {
        let found = statements(
            "The Estonian government said it found evidence linking the breach to Iranian hackers.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["EE".into()], vec!["IR".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn a_quoted_trace_is_the_quoted_officials() {
        let found = statements(
            "\u{201c}From the addresses they used, we pinpointed the intrusion to Vietnam,\u{201d} \
             a DICT spokesperson, Ana Cruz, said.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["PH".into()], vec!["VN".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn a_reported_origin_of_the_attackers_attributes() {
        for text in [
            "The Norwegian police said the hackers were from Russia.",
            "Norway's justice minister noted that the intruders were operating from Russian territory.",
            "Most of the attacks came from Russia, Norway's police said.",
        ] {
            let found = statements(text);
            assert_eq!(
                found,
                vec![(EventType::Attribution, vec!["NO".into()], vec!["RU".into()])],
                "{text}"
            );
        }
        // The narrator's own statement, or one by nobody known, attributes nothing.
        assert!(statements("The hackers were from Russia, the report said.").is_empty());
    }

    #[test]
    fn tracing_a_bare_pronoun_refers_to_the_operation_before() {
        let found = statements(
            "Hackers broke into the mailboxes of Norway's foreign ministry. \
             \u{201c}Using their addresses, we traced it to Iran,\u{201d} the Norwegian \
             foreign ministry said.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["NO".into()], vec!["IR".into()])),
            "{found:?}"
        );
        // Without an operation before, "traced it to" is no attribution.
        assert!(
            statements(
                "The parcel was lost. \u{201c}We traced it to Iran,\u{201d} the Norwegian \
                 foreign ministry said."
            )
            .is_empty()
        );
    }

    #[test]
    fn disclosing_is_reporting() {
        let found = statements(
            "\u{201c}We traced the intrusion to Iran,\u{201d} the Norwegian foreign ministry disclosed.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["NO".into()], vec!["IR".into()])]
        );
    }

    #[test]
    fn the_target_of_the_alleged_act_is_not_accused() {
        let found = statements(
            "Prosecutors charged two Iranian operatives accused of hacking Joe Biden's campaign.",
        );
        assert!(
            found
                .iter()
                .all(|(kind, _, accused)| *kind != EventType::Attribution
                    || !accused.contains(&"US".to_string())),
            "{found:?}"
        );
    }

    #[test]
    fn denial_by_antecedent_after_a_dash() {
        let found = statements(
            "Biden will meet Vladimir Putin — who has denied the election hacking — next week.",
        );
        assert!(
            found.contains(&(EventType::Denial, vec!["RU".into()], vec![])),
            "{found:?}"
        );
    }

    #[test]
    fn denial_by_antecedent_of_which() {
        let found = statements("Estonia blamed the attack on Russia, which denied it.");
        assert!(found.contains(&(EventType::Denial, vec!["RU".into()], vec!["RU".into()])));
        // A group named by its backer: the backer denies, never the accuser.
        let found = statements(
            "Latvia attributed the breach to hackers working for Moscow, which denied it.",
        );
        assert!(
            found.contains(&(EventType::Denial, vec!["RU".into()], vec!["RU".into()])),
            "{found:?}"
        );
        assert!(
            !found.contains(&(EventType::Denial, vec!["LV".into()], vec![])),
            "{found:?}"
        );
    }

    #[test]
    fn spokesperson_speaks_for_the_embassy() {
        let found = statements(
            "A spokesperson for the Chinese embassy said Beijing had no knowledge of the hack.",
        );
        assert_eq!(
            found,
            vec![(EventType::Denial, vec!["CN".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn rejecting_claims_as_a_fabrication_denies_them() {
        let found = statements(
            "Iran rejected as a fabrication the claim that its hackers had breached the ministry.",
        );
        assert!(
            found.contains(&(EventType::Denial, vec!["IR".into()], vec![])),
            "{found:?}"
        );
    }

    #[test]
    fn telling_the_accuser_to_stop_smearing_denies() {
        let found = statements(
            "Asked about the intrusion, a spokesman for the Russian embassy said London should stop spreading false narratives.",
        );
        assert_eq!(found, vec![(EventType::Denial, vec!["RU".into()], vec![])]);
        // The state named again in what it denies is whom the denial clears.
        let found = statements("The Chinese embassy said Britain must stop smearing China.");
        assert_eq!(
            found,
            vec![(EventType::Denial, vec!["CN".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn a_warning_of_a_rise_in_a_states_hacking_accuses_it() {
        let found = statements(
            "The Dutch cyber agency warned of a surge in Russian attempts to break into water plants.",
        );
        assert_eq!(
            found,
            vec![(EventType::Warning, vec!["NL".into()], vec!["RU".into()])]
        );
        // A place after "in" is still no accused.
        let found =
            statements("The Dutch cyber agency warned of a surge in ransomware in Germany.");
        assert_eq!(found, vec![(EventType::Warning, vec!["NL".into()], vec![])]);
    }

    #[test]
    fn reported_that_introduces_an_attribution() {
        let found = statements(
            "Japan's police agency reported that North Korean hackers had breached a crypto exchange.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["JP".into()], vec!["KP".into()])]
        );
        let found = statements(
            "Canada's cyber centre judged that Chinese hackers had breached a federal ministry.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["CA".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn those_who_track_and_tie_a_group_to_a_state_attribute() {
        let found = statements(
            "The hackers, whom the Dutch MIVD tracks as APT31 and ties to China's Ministry of State Security, breached a ministry.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["NL".into()], vec!["CN".into()])),
            "{found:?}"
        );
        let found = statements(
            "The hackers, whom Microsoft's analysts track as APT42 and tie to Iran's Revolutionary Guards, sent phishing emails to aides.",
        );
        assert!(
            found
                .iter()
                .any(|(k, _, a)| *k == EventType::Attribution && a == &vec!["IR".to_string()]),
            "{found:?}"
        );
    }

    #[test]
    fn a_state_that_sponsors_hackers_is_behind_them() {
        let found = statements(
            "Australia's cyber agency judged that it is very likely that Iran's government sponsors hackers who target Australian firms.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["AU".into()], vec!["IR".into()])]
        );
        // "state-sponsored" only describes the hackers: no sponsor is named.
        let found = statements(
            "Australia said Iranian state-sponsored hackers gave a talk on cyberattacks.",
        );
        assert!(found.is_empty(), "{found:?}");
        // A passive names who uses the techniques, not who sponsors anyone.
        let found = statements(
            "ESET assembled the report to help firms understand the techniques employed by criminal hackers.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn to_blame_and_condemned_for_accuse() {
        for (text, speaker, accused) in [
            (
                "Latvia said pro-Russian hacktivists were likely to blame for the DDoS attacks on its tax office.",
                "LV",
                "RU",
            ),
            (
                "The Czech government condemned Russia's APT28 for the intrusions into its ministries.",
                "CZ",
                "RU",
            ),
        ] {
            let found = statements(text);
            assert_eq!(
                found,
                vec![(
                    EventType::Attribution,
                    vec![speaker.into()],
                    vec![accused.into()]
                )],
                "{text}"
            );
        }
    }

    /// (type, speaker words) of the attributions and denials in `text` (rules only).
    fn speaker_words(text: &str) -> Vec<(EventType, Vec<String>)> {
        crate::events::testing::run_rules(text)
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventType::Attribution | EventType::Denial))
            .map(|e| {
                let words = e.args_with(Role::Speaker).map(|a| a.text.clone()).collect();
                (e.kind, words)
            })
            .collect()
    }

    #[test]
    fn unnamed_reporters_speak() {
        for (text, speaker) in [
            (
                "Investigators said the wiper was probably deployed by Sandworm.",
                "Investigators",
            ),
            (
                "The hack was the work of APT41, according to three people familiar with \
                 the inquiry.",
                "three people familiar with the inquiry",
            ),
            (
                "The leak was blamed on Iranian operatives by the campaign.",
                "the campaign",
            ),
            (
                "Analysts say the unit, also known as Fancy Bear, is part of Russia's GRU.",
                "Analysts",
            ),
            (
                "The implant is old, and security researchers believe Turla hacked the \
                 ministry with it.",
                "security researchers",
            ),
        ] {
            assert_eq!(
                speaker_words(text),
                vec![(EventType::Attribution, vec![speaker.to_string()])],
                "{text}"
            );
        }
        // A name the KB knows still comes first, and nobody unnamed is invented.
        assert_eq!(
            speaker_words("Officials at Mandiant said APT41 was behind the hack."),
            vec![(EventType::Attribution, vec!["Mandiant".to_string()])]
        );
        assert!(speaker_words("A group linked to China stole the designs.").is_empty());
    }

    #[test]
    fn parts_of_organs_and_identified_work() {
        assert_eq!(
            statements("Estonia tied the intrusion to a unit of Russia's GRU."),
            vec![(EventType::Attribution, vec!["EE".into()], vec!["RU".into()])]
        );
        assert_eq!(
            speaker_words("Researchers at ESET identified the implant as the work of Turla."),
            vec![(EventType::Attribution, vec!["ESET".to_string()])]
        );
    }

    #[test]
    fn owned_claims_orders_and_attributions_not_made() {
        let found = statements(
            "Iran's envoy rejected as baseless the US accusation that Tehran was behind the \
             hack.",
        );
        let attributions: Vec<_> = found
            .iter()
            .filter(|(kind, _, _)| *kind == EventType::Attribution)
            .collect();
        assert!(!attributions.is_empty(), "{found:?}");
        for (_, speakers, accused) in attributions {
            assert_eq!(
                (speakers.as_slice(), accused.as_slice()),
                (&["US".to_string()][..], &["IR".to_string()][..])
            );
        }
        assert_eq!(
            statements(
                "According to a US intelligence assessment, the hackers were working on \
                 orders from Moscow."
            ),
            vec![(EventType::Attribution, vec!["US".into()], vec!["RU".into()])]
        );
        for text in [
            "The Latvian government condemned the attack but stopped short of blaming Russia.",
            "Officials have not yet blamed Russia for the attack on the port.",
        ] {
            assert!(statements(text).is_empty(), "{text}");
        }
        assert_eq!(
            speaker_words(
                "Hackers allegedly working for Vietnam's government broke into a Chinese \
                 ministry, a security firm said."
            ),
            vec![(EventType::Attribution, vec!["a security firm".to_string()])]
        );
    }

    #[test]
    fn a_state_that_does_not_engage_in_hacking_denies() {
        let found = statements(
            "An official of Iran's embassy in Oslo said Tehran does not engage in cyberattacks.",
        );
        assert_eq!(
            found,
            vec![(EventType::Denial, vec!["IR".into()], vec!["IR".into()])]
        );
    }

    #[test]
    fn officials_at_a_capital_speak_for_its_state() {
        let found = statements("Officials in Warsaw privately blame Moscow for the outage.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["PL".into()], vec!["RU".into()])]
        );
        let found = statements("The foreign ministry in Minsk dismissed the report as false.");
        assert_eq!(found, vec![(EventType::Denial, vec!["BY".into()], vec![])]);
    }

    #[test]
    fn one_denial_per_speaker_and_sentence() {
        let found = statements(
            "Addressing the allegations of hacking, China's foreign ministry claimed ignorance \
             of the attack.",
        );
        assert_eq!(found, vec![(EventType::Denial, vec!["CN".into()], vec![])]);
        let found = statements("The Kremlin rejected the claims as groundless.");
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn a_denial_of_service_attack_is_no_denial() {
        for text in [
            "Danish officials said Russian hackers had launched the denial-of-service attacks.",
            "Latvian officials said a denial of service attack hit the parliament.",
        ] {
            let found = statements(text);
            assert!(
                found.iter().all(|(kind, _, _)| *kind != EventType::Denial),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn the_work_of_an_actor_is_an_attribution() {
        let found = statements("Estonian investigators said the breach was the work of APT29.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["EE".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn the_owner_of_an_attribution_noun_makes_it() {
        let found = statements(
            "Sweden's formal attribution of the intrusion to APT29 was praised by the EU.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["SE".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn accusation_noun_takes_its_agent_from_by() {
        let found = statements("Accusations by Washington that Beijing hacked the networks grew.");
        assert!(found.contains(&(EventType::Attribution, vec!["US".into()], vec!["CN".into()])));
    }

    #[test]
    fn the_accused_may_follow_a_naming_phrase() {
        let found = statements(
            "The attribution of the intrusions to the group called APT40 was made by the \
             Australian Signals Directorate.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["AU".into()], vec!["CN".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn according_to_names_one_speaker_and_lists_need_an_and() {
        // The comma closes "according to X": the subject after it is the accused only.
        let found = statements(
            "According to Sweden's security service, Iran allegedly ran the hacking operation.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["SE".into()], vec!["IR".into()])]
        );
        // A real list still gives every speaker.
        let found = statements(
            "Canada, Japan and Australia said Russian hackers were behind the intrusion.",
        );
        assert_eq!(
            found,
            vec![(
                EventType::Attribution,
                vec!["CA".into(), "JP".into(), "AU".into()],
                vec!["RU".into()]
            )]
        );
    }

    #[test]
    fn an_unnamed_subject_after_a_comma_speaks_not_the_place_before() {
        let found = statements(
            "APT41 has targeted hospitals in Brazil and elsewhere in Chile, the company said.",
        );
        assert!(
            found
                .iter()
                .all(|(kind, speakers, _)| *kind != EventType::Attribution || speakers.is_empty()),
            "{found:?}"
        );
        // An appositive closed by a comma still leaves its head as the speaker.
        let found = statements("Mandiant, a unit of Google, said APT41 had breached six states.");
        assert!(
            found
                .iter()
                .any(|(kind, _, accused)| *kind == EventType::Attribution
                    && accused == &vec!["CN".to_string()]),
            "{found:?}"
        );
    }

    #[test]
    fn a_participle_after_a_comma_has_no_speaker() {
        let found = statements(
            "Russian hackers were behind an intrusion into the Bundestag, disclosed in 2015.",
        );
        assert!(
            found.iter().all(|(_, speakers, _)| speakers.is_empty()),
            "{found:?}"
        );
        let found =
            statements("The Bundestag disclosed that Russian hackers were behind the intrusion.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["DE".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn reported_speech_around_operation_verbs() {
        for (text, speaker, accused) in [
            // A name after its description is still governed by "by".
            (
                "The intrusion was attributed by the signals intelligence agency GCHQ to APT29.",
                "GB",
                "RU",
            ),
            // "said" between the speaker and the operation noun is a clause boundary.
            (
                "Latvian officials said the cyberattacks on ministry websites were carried out by Russian hackers.",
                "LV",
                "RU",
            ),
            (
                "Canada's prime minister said Chinese hackers had broken into a federal research network.",
                "CA",
                "CN",
            ),
            (
                "Polish officials said Belarusian hackers attacked the servers of two ministries.",
                "PL",
                "BY",
            ),
            // After the reporting verb comes the operation's own subject.
            (
                "Berlin said Moscow had tried to meddle in the federal election.",
                "DE",
                "RU",
            ),
            (
                "The hack of the port was blamed on Lazarus by Japanese officials.",
                "JP",
                "KP",
            ),
            (
                "Norway's police said the intruders were acting on behalf of the Chinese state.",
                "NO",
                "CN",
            ),
        ] {
            let found = statements(text);
            assert!(
                found.contains(&(
                    EventType::Attribution,
                    vec![speaker.into()],
                    vec![accused.into()]
                )),
                "{text}: {found:?}"
            );
        }
    }

    /// Attributions read from reporting around one operation whose attacker is `attacker`
    /// with no entity, as the learned extractor leaves descriptions.
    fn reported_about(text: &str, trigger: &str, attacker: &str) -> usize {
        use dossier_model::{Arg, Mention, Realis};
        let mut doc = crate::events::testing::run_rules(text);
        doc.events.clear();
        let at = |word: &str| {
            let start = text[..text.find(word).expect("word in text")]
                .chars()
                .count();
            (start, start + word.chars().count())
        };
        let (ts, te) = at(trigger);
        let (as_, ae) = at(attacker);
        doc.events.push(dossier_model::Event {
            kind: EventType::DataBreach,
            realis: Realis::Actual,
            trigger: Mention {
                start: ts,
                end: te,
                text: trigger.into(),
            },
            args: vec![Arg {
                role: Role::Attacker,
                start: as_,
                end: ae,
                text: attacker.into(),
                entity: None,
            }],
            time: None,
            sentence: doc.sentences[0],
            confidence: 1.0,
            hedge: None,
            extractor: Some("perceptron".into()),
        });
        super::reported_attributions(&doc, &[]).len()
    }

    #[test]
    fn reporting_a_bare_description_of_the_attackers_blames_no_one() {
        for (text, trigger, attacker) in [
            (
                "Hackers stole the card numbers of 40,000 shoppers, the retailer said.",
                "stole",
                "Hackers",
            ),
            (
                "According to Norwegian police, the attackers took the records of a shipping firm.",
                "took",
                "the attackers",
            ),
            (
                "The retailer said criminals had stolen the card numbers of its shoppers.",
                "stolen",
                "criminals",
            ),
        ] {
            assert_eq!(reported_about(text, trigger, attacker), 0, "{text}");
        }
        // A tie to a state or a name still blames someone.
        for (text, trigger, attacker) in [
            (
                "A state-sponsored actor stole the records of a shipping firm, Norwegian police said.",
                "stole",
                "A state-sponsored actor",
            ),
            (
                "According to Norwegian police, the Coldsnap crew took the records of a shipping firm.",
                "took",
                "the Coldsnap crew",
            ),
        ] {
            assert_eq!(reported_about(text, trigger, attacker), 1, "{text}");
        }
    }

    #[test]
    fn a_participle_attribution_is_not_the_subjects() {
        let found =
            statements("Moscow again denied any role in the intrusions attributed to APT29.");
        assert!(
            found.contains(&(EventType::Attribution, vec![], vec!["RU".into()])),
            "{found:?}"
        );
        assert!(
            !found
                .iter()
                .any(|(kind, speakers, _)| *kind == EventType::Attribution && !speakers.is_empty()),
            "{found:?}"
        );
    }

    #[test]
    fn an_attribution_may_take_a_clause() {
        let text = "Canada attributed with a high degree of confidence that hackers working \
                    for Iran's intelligence ministry had carried out the intrusion.";
        let found = statements(text);
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["CA".into()], vec!["IR".into()])]
        );
        let doc = crate::events::testing::run_rules(text);
        let hedges: Vec<_> = doc
            .events
            .iter()
            .filter_map(|e| e.hedge.as_deref())
            .collect();
        assert_eq!(hedges, vec!["with a high degree of confidence"]);
    }

    #[test]
    fn a_reduced_link_keeps_the_reporting_speaker() {
        let found = statements(
            "Hacking teams linked to North Korea's spy agency stole the designs of two \
             shipyards, the South Korean police said.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["KR".into()], vec!["KP".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn an_agent_after_by_is_no_denier() {
        let found = statements(
            "In response to the indictments by the FBI, the Russian government is denying \
             any involvement in the hacking.",
        );
        assert!(
            found.contains(&(EventType::Denial, vec!["RU".into()], vec![])),
            "{found:?}"
        );
        assert!(
            !found
                .iter()
                .any(|(k, s, _)| *k == EventType::Denial && s.contains(&"US".to_string())),
            "{found:?}"
        );
    }

    #[test]
    fn rejecting_any_part_is_a_denial_and_an_agent_speaks_for_no_one() {
        let found =
            statements("The Kremlin again rejected any part in the hacking of the ministry.");
        assert_eq!(found, vec![(EventType::Denial, vec!["RU".into()], vec![])]);
        let found = statements(
            "After the sanctions by the United States, Beijing dismissed the hacking \
             allegations as groundless.",
        );
        let deniers: Vec<_> = found
            .iter()
            .filter(|(k, _, _)| *k == EventType::Denial)
            .map(|(_, s, _)| s.clone())
            .collect();
        assert_eq!(deniers, vec![vec!["CN".to_string()]], "{found:?}");
        let found = statements(
            "A statement by the Chinese embassy dismissed the hacking allegations as groundless.",
        );
        assert_eq!(found, vec![(EventType::Denial, vec!["CN".into()], vec![])]);
    }

    #[test]
    fn a_bare_operation_noun_takes_the_accused_of_its_sentence() {
        let doc = crate::events::testing::run_rules(
            "The emails used a trick that Trend Micro linked last year to Pawn Storm, an \
             espionage campaign widely attributed to Russian intelligence.",
        );
        let attackers: Vec<_> = doc
            .events
            .iter()
            .filter(|e| e.kind == EventType::Espionage)
            .flat_map(|e| e.args_with(Role::Attacker))
            .map(|a| a.text.clone())
            .collect();
        assert!(!attackers.is_empty(), "{:?}", doc.events);
        // An operation that names no one is dropped, with or without a blame.
        let doc = crate::events::testing::run_rules(
            "The emails were part of an espionage campaign, researchers said.",
        );
        assert!(
            doc.events.iter().all(|e| !e.kind.is_operation()),
            "{:?}",
            doc.events
        );
        let doc = crate::events::testing::run_rules(
            "Researchers attributed the espionage campaign to an unknown group.",
        );
        assert!(
            doc.events.iter().all(|e| !e.kind.is_operation()),
            "{:?}",
            doc.events
        );
    }

    #[test]
    fn a_backer_after_by_stands_for_its_actors() {
        let found = statements(
            "According to the report, the intruders, thought to be sponsored by Iran's \
             intelligence ministry, were behind the wiper attacks.",
        );
        assert!(
            found
                .iter()
                .any(|(k, _, a)| *k == EventType::Attribution && a == &vec!["IR".to_string()]),
            "{found:?}"
        );
    }

    #[test]
    fn a_manner_or_a_notice_period_is_no_warning() {
        for text in [
            "The FBI said staff should treat every message about the hack with caution.",
            "Google gives the FBI 90 days' warning before it publishes the hacking tools.",
            "The FBI listed the warning signs of a ransomware attack.",
        ] {
            let found = statements(text);
            assert!(
                !found.iter().any(|(k, _, _)| *k == EventType::Warning),
                "{text}: {found:?}"
            );
        }
        let found = statements("The FBI issued a warning about Chinese hackers.");
        assert!(
            found.iter().any(|(k, _, _)| *k == EventType::Warning),
            "{found:?}"
        );
    }

    #[test]
    fn asking_who_is_behind_blames_no_one() {
        let found = statements(
            "The Kaspersky Lab analysts still cannot tell whether one crew is behind the breaches.",
        );
        assert!(found.is_empty(), "{found:?}");
        let found =
            statements("Kaspersky Lab said one crew is behind the breaches of Dutch banks.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_relative_clause_attribution_keeps_its_subject() {
        for text in [
            "The premier raised an espionage case that the Netherlands has attributed to the Chinese state.",
            "The hack, which Washington attributed to Moscow, hit the Treasury.",
        ] {
            let found = statements(text);
            assert!(
                found
                    .iter()
                    .any(|(k, s, _)| *k == EventType::Attribution && !s.is_empty()),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn whom_it_was_told_to_does_not_speak() {
        let found = statements(
            "Ivo Marek, research director at the cyber intelligence firm Mandiant, told \
             Reuters his review shows that APT28, a group tied to the GRU, was behind the leak.",
        );
        assert!(
            !found.iter().any(|(_, s, _)| s.contains(&"GB".to_string())),
            "{found:?}"
        );
    }

    #[test]
    fn attributions_go_to_someone_not_on_someone() {
        let found = statements(
            "Doubts about the attribution of the cyberattacks on the Bundestag grew in Berlin.",
        );
        assert!(
            !found
                .iter()
                .any(|(kind, _, _)| *kind == EventType::Attribution),
            "{found:?}"
        );
        let found = statements("The Latvian government pinned the attack on Russian hackers.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["LV".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn long_links_and_officials_in_a_capital() {
        let found = statements(
            "Estonian police linked the theft of an exchange’s crypto-assets to Lazarus.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["EE".into()], vec!["KP".into()])),
            "{found:?}"
        );
        let found = statements("Officials in Warsaw said Moscow was behind the intrusion.");
        assert!(
            found.contains(&(EventType::Attribution, vec!["PL".into()], vec!["RU".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn a_participle_after_an_actor_describes_it() {
        let found = statements(
            "APT28, a Russian hacking group blamed for targeting French elections, went quiet.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec![], vec!["RU".into()])],
        );
    }

    #[test]
    fn running_a_botnet_is_a_cyber_operation() {
        let found =
            statements("Polish police arrested a Belarusian man suspected of running a botnet.");
        assert!(
            found.contains(&(EventType::Attribution, vec!["PL".into()], vec!["BY".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn accusation_without_an_operation_is_none() {
        let found = statements("The embassy accused the US of politicising trade.");
        assert!(found.iter().all(|(k, _, _)| *k != EventType::Attribution));
    }

    #[test]
    fn casting_the_accusations_as_something_else_denies() {
        let found = statements(
            "Beijing's foreign ministry described the Dutch allegations as a political smear \
             campaign.",
        );
        assert_eq!(found, vec![(EventType::Denial, vec!["CN".into()], vec![])]);
        let found = statements(
            "A Russian embassy spokesman said the accusations of Russian hacking were absurd.",
        );
        assert_eq!(
            found,
            vec![(EventType::Denial, vec!["RU".into()], vec!["RU".into()])]
        );
        // Calling them credible accepts them.
        let found = statements("The Dutch minister described the allegations as credible.");
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Denial),
            "{found:?}"
        );
    }

    #[test]
    fn naming_an_actor_as_responsible_attributes() {
        let found = statements(
            "Canberra said its parliament had been hacked and later named Beijing as \
             responsible.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["AU".into()], vec!["CN".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn a_trace_reports_an_attribution_a_link_describes() {
        let found = statements("The intrusion at the foreign ministry was traced to Turla.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec![], vec!["RU".into()])]
        );
        let found = statements("The intrusion at the foreign ministry was linked to Turla.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn according_to_an_owned_body_it_speaks_and_the_clause_follows_the_comma() {
        let found = statements(
            "According to Germany's BfV, APT28 was responsible for the intrusion at the \
             party's headquarters.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["DE".into()], vec!["RU".into()])]
        );
        let doc = run_rules(
            "According to Germany's BfV, APT28 was responsible for the intrusion at the \
             party's headquarters.",
        );
        let speakers: Vec<&str> = doc
            .events
            .iter()
            .flat_map(|e| e.args_with(Role::Speaker).map(|a| a.text.as_str()))
            .collect();
        assert_eq!(speakers, vec!["BfV"]);
    }

    #[test]
    fn warning_that_an_actor_was_behind_blames_it() {
        let found = statements(
            "Japan's police agency warned that North Korean hackers were likely behind the \
             theft of the exchange's cryptocurrency.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["JP".into()], vec!["KP".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn an_advisory_that_warns_is_no_second_warning() {
        let found = statements(
            "Canada and New Zealand issued a joint advisory warning that Chinese state hackers \
             were scanning routers.",
        );
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Warning),
            "{found:?}"
        );
        let found = statements(
            "Canada and New Zealand issued a statement warning that Chinese state hackers were \
             scanning routers.",
        );
        assert!(
            found.iter().any(|(k, _, _)| *k == EventType::Warning),
            "{found:?}"
        );
    }

    #[test]
    fn the_traces_that_point_to_an_actor_attribute_when_reported() {
        let found = statements("The intrusion bore the hallmarks of Turla, analysts at ESET said.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["SK".into()], vec!["RU".into()])]
        );
        let found = statements(
            "The Czech counter-intelligence service said the evidence pointed to APT31.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["CZ".into()], vec!["CN".into()])]
        );
        // Nobody reports it: the narrator's own description.
        let found = statements("The intrusion bore the hallmarks of Turla.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn suspecting_an_actor_is_a_hedged_attribution() {
        let found = statements(
            "Finland's security police suspected Russian military hackers of breaching the \
             parliament's email.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["FI".into()], vec!["RU".into()])]
        );
        let found = statements(
            "Officials in Bucharest suspect that Russian hackers were behind the intrusion.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["RO".into()], vec!["RU".into()])]
        );
        // Suspects of a crime are no accusation.
        let found = statements("A man suspected of selling the stolen data was arrested in Ohio.");
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Attribution),
            "{found:?}"
        );
    }

    #[test]
    fn holding_an_actor_responsible_accuses_it() {
        let found = statements(
            "Ottawa said it held Chinese state-sponsored actors responsible for the intrusion \
             at the research council.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["CA".into()], vec!["CN".into()])]
        );
    }

    #[test]
    fn a_hedge_may_stand_between_the_copula_and_the_work_of() {
        let doc = run_rules("Canberra said the intrusion was in all likelihood the work of APT40.");
        let hedges: Vec<Option<&str>> = doc
            .events
            .iter()
            .filter(|e| e.kind == EventType::Attribution)
            .map(|e| e.hedge.as_deref())
            .collect();
        assert_eq!(hedges, vec![Some("in all likelihood")]);
    }

    #[test]
    fn who_says_the_claims_are_fantasy_denies_not_who_the_claims_name() {
        let found = statements(
            "Tehran's foreign minister was quoted as saying that Israeli claims of Iranian \
             cyberattacks were pure fiction.",
        );
        assert!(
            found.contains(&(EventType::Denial, vec!["IR".into()], vec!["IR".into()])),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .all(|(k, s, _)| *k != EventType::Denial || s != &vec!["IL".to_string()]),
            "{found:?}"
        );
    }

    #[test]
    fn the_government_of_a_state_speaks_and_whom_a_statement_is_for_does_not() {
        let found = statements(
            "In a statement for Human Rights Watch, a spokesperson for the government of \
             Bahrain denied any involvement.",
        );
        assert_eq!(found, vec![(EventType::Denial, vec!["BH".into()], vec![])]);
        let found = statements(
            "In a statement for Human Rights Watch, an unnamed spokesperson denied any \
             involvement.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn hitting_back_at_the_allegations_denies() {
        let found = statements(
            "Pyongyang's mission to the UN hit back at the allegations of North Korean hacking.",
        );
        assert!(
            found.contains(&(EventType::Denial, vec!["KP".into()], vec!["KP".into()])),
            "{found:?}"
        );
        let found = statements(
            "China resolutely opposes all forms of cyberattacks, a foreign ministry spokesman \
             said after the Dutch report.",
        );
        assert_eq!(found, vec![(EventType::Denial, vec!["CN".into()], vec![])]);
    }

    #[test]
    fn a_passive_report_speaks_through_its_agent() {
        let found = statements(
            "The role of Russia's GRU in the hack of the Bundestag was confirmed by the FBI.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["US".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn having_nothing_to_do_with_it_or_calling_claims_absurd_denies() {
        let found = statements("Beijing said China had nothing to do with the intrusion.");
        assert_eq!(
            found,
            vec![(EventType::Denial, vec!["CN".into()], vec!["CN".into()])]
        );
        let found =
            statements("A spokesman for the Russian embassy called the British claims ridiculous.");
        assert_eq!(found, vec![(EventType::Denial, vec!["RU".into()], vec![])]);
    }

    #[test]
    fn believed_origins_and_reports_through_a_pronoun_attribute() {
        let found = statements("Officials in Vilnius believe the attack originated in Belarus.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["LT".into()], vec!["BY".into()])]
        );
        let found = statements(
            "Latvia's foreign ministry condemned the intrusions, which it said were carried \
             out by APT28.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["LV".into()], vec!["RU".into()])]
        );
        // "what it said" is no relative clause on the subject.
        let found = statements(
            "APT28 was responsible for a hack that targeted the Latvian ministry last year, \
             revealing what it said were secret files.",
        );
        assert!(found.iter().all(|(_, s, _)| s.is_empty()), "{found:?}");
    }

    #[test]
    fn a_relative_clause_reports_whose_organ_runs_a_group() {
        let found = statements(
            "Dutch ministers announced sanctions on the Gamaredon group, which the SBU says is \
             run by the FSB.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["UA".into()], vec!["RU".into()])),
            "{found:?}"
        );
        let found = statements(
            "Cozy Bear, which British and Dutch officials link to the SVR, read the emails of \
             diplomats.",
        );
        assert!(
            found.contains(&(
                EventType::Attribution,
                vec!["GB".into(), "NL".into()],
                vec!["RU".into()]
            )),
            "{found:?}"
        );
        // The noun links nothing.
        assert!(statements("The ministry posted a link to the Russian report.").is_empty());
    }

    #[test]
    fn knowing_nothing_of_an_attack_denies_it_but_not_of_a_person() {
        assert_eq!(
            statements("The Iranian embassy said it had no knowledge of the cyberattack."),
            vec![(EventType::Denial, vec!["IR".into()], vec![])]
        );
        assert!(
            statements(
                "The Iranian embassy said it had no knowledge of the blogger who posted it."
            )
            .is_empty()
        );
    }

    #[test]
    fn officials_in_a_state_speak_for_it() {
        let found = statements("Officials in Lithuania said Belarusian hackers breached the grid.");
        assert!(
            found.contains(&(EventType::Attribution, vec!["LT".into()], vec!["BY".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn a_state_responsible_at_the_end_of_a_clause_is_blamed() {
        let found = statements(
            "The outage hit 40 hospitals, and officials in Vilnius said Minsk was responsible.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["LT".into()], vec!["BY".into()])),
            "{found:?}"
        );
        // Or for the operation of the sentence before; not for a plan.
        let found = statements(
            "Hackers wiped the servers of a Moldovan ministry. Officials in Chisinau said \
             Russia was responsible.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["MD".into()], vec!["RU".into()])),
            "{found:?}"
        );
        assert!(
            statements("The budget was cut. Officials in Chisinau said Russia was responsible.")
                .is_empty()
        );
        // Stolen money is an operation to accuse a state of.
        let found =
            statements("Seoul accused Pyongyang of paying for missiles with stolen bitcoin.");
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["KR".into()], vec!["KP".into()])]
        );
    }

    #[test]
    fn a_blame_by_an_agent_on_the_accused() {
        // The accused follows the agent: "blamed by X on Y".
        let text = "Outages at two Latvian ports were blamed by Latvia's foreign ministry on \
                    Killnet, which had threatened revenge.";
        assert_eq!(
            attribution_texts(text, Role::Accused),
            vec!["Killnet".to_string()]
        );
        assert_eq!(
            attribution_texts(text, Role::Speaker),
            vec!["Latvia's foreign ministry".to_string()]
        );
    }

    #[test]
    fn a_speaker_described_by_an_appositive_speaks() {
        let text = "NordCERT, a non-profit body funded by Swedish utilities, said the intrusions \
                    may have been the work of Sandworm.";
        assert_eq!(
            attribution_texts(text, Role::Speaker),
            vec!["NordCERT".to_string()]
        );
    }

    #[test]
    fn a_passive_link_is_the_reporting_speakers_blame() {
        for text in [
            "Citizen Lab said the phishing campaign was probably linked to the Egyptian \
             government.",
            "Citizen Lab said the campaign, which they named Nile Phish, was linked to the \
             Egyptian government.",
        ] {
            assert_eq!(
                statements(text),
                vec![(EventType::Attribution, vec![], vec!["EG".into()])],
                "{text}"
            );
            assert_eq!(
                attribution_texts(text, Role::Speaker),
                vec!["Citizen Lab".to_string()],
                "{text}"
            );
        }
        // A relative clause left open describes a name; nobody is reported to link it.
        assert!(
            attribution_texts(
                "Citizen Lab said the group which was linked to Egypt went quiet.",
                Role::Speaker
            )
            .is_empty()
        );
    }

    #[test]
    fn thieves_placed_in_a_state_by_unnamed_firms_are_blamed() {
        let text = "About $9 million vanished from an exchange on Monday, and two \
                    blockchain-analysis firms said the thieves were likely from North Korea.";
        assert_eq!(
            statements(text),
            vec![(EventType::Attribution, vec![], vec!["KP".into()])]
        );
        assert_eq!(
            attribution_texts(text, Role::Speaker),
            vec!["two blockchain-analysis firms".to_string()]
        );
        // A firm the KB does not know, named before "said", speaks.
        assert_eq!(
            attribution_texts(
                "Chainwatch said the hackers were from North Korea.",
                Role::Speaker
            ),
            vec!["Chainwatch".to_string()]
        );
    }

    #[test]
    fn a_participle_of_saying_speaks_for_the_clauses_subject() {
        // Not the name right before the comma.
        let text = "France pinned the intrusions on Russia's GRU, saying its APT28 unit had \
                    broken into French ministries.";
        for (kind, speakers, _) in statements(text) {
            if kind == EventType::Attribution {
                assert!(!speakers.contains(&"RU".to_string()), "{speakers:?}");
            }
        }
        let text = "France summoned Russia's ambassador on Monday, saying APT31 had broken into \
                    French ministries.";
        assert!(
            statements(text).contains(&(
                EventType::Attribution,
                vec!["FR".into()],
                vec!["CN".into()]
            )),
            "{:?}",
            statements(text)
        );
        // "with X saying" speaks for X.
        let text = "Tirana cut ties with Tehran, with Prime Minister Edi Rama saying that \
                    investigators had established Iran's responsibility for the July hack.";
        assert!(
            statements(text)
                .iter()
                .any(|(k, s, a)| *k == EventType::Attribution
                    && s == &vec!["AL".to_string()]
                    && a == &vec!["IR".to_string()]),
            "{:?}",
            statements(text)
        );
        // An advisory "saying" is the advisory's blame, read once by the responses stage.
        let text = "US agencies, Britain's NCSC and Polish cyber officials published a joint \
                    advisory saying that Russia's SVR had been exploiting CVE-2023-42793, a flaw \
                    in TeamCity servers, since September to get into the networks of software \
                    developers.";
        let blames = statements(text)
            .into_iter()
            .filter(|(k, _, _)| *k == EventType::Attribution)
            .count();
        assert_eq!(blames, 1, "{:?}", statements(text));
    }

    #[test]
    fn a_report_by_a_firm_that_accuses_is_the_firms_blame() {
        let text = "Japan's foreign ministry dismissed a report by Mandiant that accused APT41 \
                    of hacking power grids.";
        assert_eq!(
            attribution_texts(text, Role::Speaker),
            vec!["Mandiant".to_string()]
        );
    }

    #[test]
    fn a_documents_issuers_accuse_in_its_relative_clause() {
        let text = "China's foreign ministry dismissed as baseless a joint advisory by the \
                    United States, Britain and Canada that accused a Beijing-sponsored group of \
                    burrowing into power grids.";
        let found = statements(text);
        assert!(
            found.contains(&(
                EventType::Attribution,
                vec!["US".into(), "GB".into(), "CA".into()],
                vec!["CN".into()]
            )),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .all(|(k, s, _)| *k != EventType::Attribution || !s.contains(&"CN".to_string())),
            "{found:?}"
        );
    }

    #[test]
    fn a_claim_rejected_by_the_name_before_the_verb_is_its_denial() {
        let text = "State-backed hackers known as APT32 sent phishing emails to Chinese \
                    ministries, FireEye said on Wednesday, a claim Hanoi rejected as unfounded.";
        let denials: Vec<_> = statements(text)
            .into_iter()
            .filter(|(k, _, _)| *k == EventType::Denial)
            .collect();
        assert_eq!(
            denials,
            // The denial clears the blamed (`implied::clear_the_answered`).
            vec![(EventType::Denial, vec!["VN".into()], vec!["VN".into()])]
        );
    }

    #[test]
    fn cautioning_that_backed_hackers_will_probe_is_a_warning() {
        let text = "Ottawa's cyber agency put India on its list of hostile states, cautioning \
                    that hackers backed by New Delhi will likely keep probing federal systems.";
        assert!(
            statements(text)
                .iter()
                .any(|(k, s, a)| *k == EventType::Warning
                    && s == &vec!["CA".to_string()]
                    && a.contains(&"IN".to_string())),
            "{:?}",
            statements(text)
        );
    }

    #[test]
    fn a_speaker_with_a_possessive_appositive_speaks() {
        let text = "A fake dispatch on the agency's site was in all likelihood planted by \
                    hackers working for Russia, Krzysztof Gawkowski, Poland's digital minister, \
                    told a broadcaster on Friday.";
        assert_eq!(
            attribution_texts(text, Role::Speaker),
            vec!["Krzysztof Gawkowski".to_string()]
        );
    }

    /// The denials among the statements of `text`.
    fn denials(text: &str) -> Vec<(EventType, Vec<String>, Vec<String>)> {
        statements(text)
            .into_iter()
            .filter(|(k, _, _)| *k == EventType::Denial)
            .collect()
    }

    #[test]
    fn a_finding_dismissed_on_a_day_as_a_smear_is_the_dismisser_s_denial() {
        let found = denials(
            "Oslo blamed APT29 for the breach, a finding that Russia's embassy dismissed on \
             Monday as a baseless smear.",
        );
        assert_eq!(
            found,
            vec![(EventType::Denial, vec!["RU".into()], vec!["RU".into()])]
        );
        // The noun "step", whatever the adjective qualifies after "as".
        let found = denials(
            "Tallinn summoned the Russian envoy over the theft, a step Moscow dismissed as \
             another baseless provocation by a hostile neighbour.",
        );
        assert_eq!(
            found,
            vec![(EventType::Denial, vec!["RU".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn saying_one_s_own_state_never_hacked_is_a_denial() {
        // The negated operation names the state the speaker clears.
        let found = denials(
            "Venezuela's mission to the OAS said Caracas had never targeted the power grids \
             of its neighbours.",
        );
        assert_eq!(
            found,
            vec![(EventType::Denial, vec!["VE".into()], vec!["VE".into()])]
        );
        let found = denials(
            "Foreign ministry spokesman Lin Jian said Beijing had never supported hacking of \
             any kind.",
        );
        assert_eq!(
            found,
            vec![(EventType::Denial, vec!["CN".into()], vec!["CN".into()])]
        );
        // Another state saying so does not deny: it speaks of a state it does not speak for.
        assert!(denials("The FBI said Beijing had never stopped hacking US firms.").is_empty());
    }

    #[test]
    fn whom_malware_pretends_to_come_from_is_not_accused() {
        let found = statements(
            "The advisory called out malware hidden in a file pretending to be from Ghent \
             University's rector.",
        );
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Attribution),
            "{found:?}"
        );
    }

    #[test]
    fn a_body_reporting_that_its_state_had_no_connection_denies() {
        let found = denials(
            "Laos's foreign ministry said on Friday that the Lao government had \"no \
             connection\" to the hackers.",
        );
        assert_eq!(
            found,
            vec![(EventType::Denial, vec!["LA".into()], vec!["LA".into()])]
        );
    }

    #[test]
    fn a_charge_rejected_by_a_spokesman_is_his_body_s_denial() {
        let found = denials(
            "Kyiv blamed Sandworm for the blackout, a charge rejected by a spokesman for \
             Russia's foreign ministry.",
        );
        assert_eq!(
            found,
            vec![(EventType::Denial, vec!["RU".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn declining_on_a_day_to_attribute_is_no_attribution() {
        let found = statements(
            "Austrian officials declined on Monday to attribute the outage to Russian hackers.",
        );
        assert!(
            found.iter().all(|(k, _, _)| *k != EventType::Attribution),
            "{found:?}"
        );
    }

    #[test]
    fn the_name_an_object_relative_hangs_on_is_accused_by_the_name_inside() {
        let found = statements(
            "The report named Turla, the espionage arm of Russia's FSB, which Estonia blames \
             for the theft of diplomatic cables.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["EE".into()], vec!["RU".into()])]
        );
        assert_eq!(
            attribution_texts(
                "The report named Turla, the espionage arm of Russia's FSB, which Estonia \
                 blames for the theft of diplomatic cables.",
                Role::Accused
            ),
            vec!["Turla"]
        );
    }

    #[test]
    fn whoever_holds_a_finding_or_claim_blames_the_attacker_of_its_clause() {
        let found = statements(
            "Beijing rejected a Czech government finding that APT31 had breached the \
             ministry's network.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["CZ".into()], vec!["CN".into()])),
            "{found:?}"
        );
        let found = statements(
            "Moscow rejected a claim by Poland's digital minister that Russian hackers had \
             planted fake stories on the newswire.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["PL".into()], vec!["RU".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn a_denial_clears_its_own_state_named_in_what_it_denies() {
        // After the trigger: the speaker's state named again in the denied words, not
        // the accuser's.
        assert_eq!(
            statements(
                "The Vietnamese embassy in Manila rejected as baseless the claim by Manila \
                 that Hanoi had sponsored the intrusions."
            ),
            vec![
                (EventType::Denial, vec!["VN".into()], vec!["VN".into()]),
                (EventType::Attribution, vec!["PH".into()], vec!["VN".into()])
            ]
        );
        // Before the trigger, in a clause of its own after the speaker.
        assert_eq!(
            statements(
                "The Russian embassy in Oslo said the Kremlin had played no part in the hacking."
            ),
            vec![(EventType::Denial, vec!["RU".into()], vec!["RU".into()])]
        );
        // Not past a contrast, where another speaker talks.
        let found = statements(
            "China's foreign ministry dismissed the report as groundless, while Taiwan's \
             security bureau said Chinese hackers were behind the breach.",
        );
        assert!(
            found.contains(&(EventType::Denial, vec!["CN".into()], vec![])),
            "{found:?}"
        );
        // Not the speaker's own appositive after a passive's agent.
        let found = statements(
            "The accusations were dismissed as baseless by Maria Zakharova, the Russian \
             foreign ministry's spokeswoman.",
        );
        assert_eq!(found, vec![(EventType::Denial, vec!["RU".into()], vec![])]);
        // Not whoever reports the denied words.
        let found = statements(
            "Moscow has nothing to do with the hacking of the news agency, Kremlin spokesman \
             Dmitry Peskov told reporters.",
        );
        assert!(
            found
                .iter()
                .all(|(k, _, accused)| *k != EventType::Denial || accused.is_empty()),
            "{found:?}"
        );
        // Not inside the speaker's own phrase.
        let found = statements(
            "Russian officials from the Kremlin down have denied they were behind the hack.",
        );
        assert!(
            found
                .iter()
                .all(|(k, _, accused)| *k != EventType::Denial || accused.is_empty()),
            "{found:?}"
        );
        // A firm's denial clears the firm, whatever it names.
        let doc = run_rules("Kaspersky denied that Moscow had used its antivirus software to spy.");
        assert!(
            doc.events
                .iter()
                .filter(|e| e.kind == EventType::Denial)
                .all(|e| e.arg(Role::Accused).is_none()),
            "{:?}",
            doc.events
        );
    }

    #[test]
    fn one_denial_whoever_it_clears() {
        // Two triggers of one speaker in one sentence are one denial, the fuller one.
        let found = statements(
            "Pakistan's foreign office called the report fabricated and said Islamabad had \
             nothing to do with the intrusions.",
        );
        let denials: Vec<_> = found
            .iter()
            .filter(|(k, _, _)| *k == EventType::Denial)
            .collect();
        assert_eq!(denials.len(), 1, "{found:?}");
        assert_eq!(denials[0].2, vec!["PK".to_string()], "{found:?}");
    }

    #[test]
    fn an_opening_participle_shares_the_subject_after_it() {
        // "Having blamed X, Y raised": Y blames.
        let found = statements(
            "Having blamed Beijing for the intrusions into its telecom carriers, Washington \
             raised the matter with Chinese diplomats.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["US".into()], vec!["CN".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn ordering_an_operation_is_being_behind_it() {
        assert_eq!(
            statements(
                "\u{201c}We are certain that Moscow orchestrated these attacks,\u{201d} the \
                 Moldovan prime minister was quoted as saying."
            )
            .into_iter()
            .filter(|(k, _, _)| *k == EventType::Attribution)
            .map(|(_, _, accused)| accused)
            .collect::<Vec<_>>(),
            vec![vec!["RU".to_string()]]
        );
        // Orders over anything but an operation blame no one.
        assert!(statements("Moscow ordered the evacuation of the village.").is_empty());
    }

    #[test]
    fn the_work_of_unnamed_hackers_acting_for_a_state_blames_the_state() {
        let doc = run_rules(
            "Romania's cyber directorate said the intrusion had been the work of hackers \
             acting on orders from Moscow.",
        );
        let work = doc
            .events
            .iter()
            .find(|e| e.kind == EventType::Attribution && e.trigger.text == "the work of")
            .expect("the work of hackers blames");
        assert_eq!(
            crate::events::testing::countries(&doc, work, Role::Accused),
            vec!["RU".to_string()]
        );
    }

    #[test]
    fn a_medium_quoting_is_no_speaker_and_an_appositive_comma_is_no_clause() {
        // "quoted as saying by Yonhap": the one quoted speaks.
        let found = statements(
            "An official at Japan's National Police Agency was quoted as saying by Reuters \
             that Lazarus hackers had stolen $30 million in crypto.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["JP".into()], vec!["KP".into()])),
            "{found:?}"
        );
        // "minister, NAME, was quoted as saying": the name before the auxiliary speaks.
        let text = "The Dutch defence minister, Kajsa Ollongren, was quoted as saying that \
                    the intrusion had been the work of hackers acting for Beijing.";
        assert_eq!(
            speaker_text(text, EventType::Attribution).as_deref(),
            Some("Kajsa Ollongren")
        );
    }

    #[test]
    fn accusations_from_a_source_are_its_own() {
        let found = statements(
            "Tehran rejected the accusations from British officials that Iranian hackers \
             had stolen files from the ministry.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["GB".into()], vec!["IR".into()])),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .all(|(k, s, _)| *k != EventType::Attribution || s != &["IR".to_string()]),
            "{found:?}"
        );
    }

    #[test]
    fn a_cve_makes_a_sentence_about_cyber() {
        // The sanction over a CVE's abuse blames the firm's state.
        let found = statements(
            "The Treasury sanctioned Sichuan Silence, a Chengdu-based contractor, for abusing \
             CVE-2020-12271.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["US".into()], vec!["CN".into()])),
            "{found:?}"
        );
    }

    #[test]
    fn a_name_ending_in_ing_opens_no_participle_phrase() {
        let doc = run_rules("Beijing, stung by the report, said the claims were groundless.");
        assert_eq!(
            crate::events::context::SentenceView::new(&doc, doc.sentences[0]).fronted_end(),
            None
        );
        let doc = run_rules("Citing a report by Mandiant, Britain said the claims were true.");
        assert!(
            crate::events::context::SentenceView::new(&doc, doc.sentences[0])
                .fronted_end()
                .is_some()
        );
    }

    #[test]
    fn the_owner_of_a_report_that_links_speaks() {
        let text = "Hanoi rejected an Amnesty International report that tied hackers known as \
                    OceanLotus to attacks on exiled journalists.";
        let found = statements(text);
        assert!(
            found
                .iter()
                .any(|(k, s, a)| *k == EventType::Attribution && s.is_empty() && a == &["VN"]),
            "{found:?}"
        );
        assert_eq!(
            speaker_text(text, EventType::Attribution).as_deref(),
            Some("Amnesty International")
        );
    }

    #[test]
    fn an_accused_put_before_the_operation_keeps_the_speaker() {
        let found = statements(
            "Estonia on Monday formally attributed to Russia's GRU a 2020 cyberattack on \
             its ministries.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["EE".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn a_state_adjective_before_a_firm_describes_the_firm() {
        assert_eq!(
            speaker_text(
                "Finnish security firm WithSecure on Monday pinned the intrusion on APT29.",
                EventType::Attribution
            )
            .as_deref(),
            Some("WithSecure")
        );
    }

    #[test]
    fn dismissing_an_account_as_false_is_a_denial() {
        let found = statements("Tehran dismissed the Albanian account as a fabrication.");
        assert_eq!(
            found,
            vec![(EventType::Denial, vec!["IR".into()], Vec::new())]
        );
    }

    #[test]
    fn a_relative_pronoun_speaks_for_the_name_it_follows() {
        let text = "The accusation was repeated by Canada's Communications Security \
                    Establishment, which said the SVR was behind the intrusion.";
        assert_eq!(
            statements(text),
            vec![(EventType::Attribution, vec!["CA".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn a_blame_in_a_relative_clause_on_the_attacker_leaves_the_reporters_own() {
        let found = statements(
            "Kaspersky said on Monday that Lazarus, which American officials link to North \
             Korea's Reconnaissance General Bureau, had breached three banks in Vietnam.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["US".into()], vec!["KP".into()])),
            "{found:?}"
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["RU".into()], vec!["KP".into()])),
            "the firm reports the breach: {found:?}"
        );
        // The clause's speaker alone still tells the blame when it is the only speaker.
        let found = statements(
            "Lazarus, which American officials link to North Korea's Reconnaissance General \
             Bureau, had breached three banks in Vietnam.",
        );
        assert_eq!(
            found,
            vec![(EventType::Attribution, vec!["US".into()], vec!["KP".into()])]
        );
    }

    #[test]
    fn ministers_in_the_core_kb_speak_for_their_state() {
        for (text, state) in [
            (
                "Mélanie Joly said Russian hackers were behind the attack on Hydro-Québec.",
                "CA",
            ),
            (
                "Radosław Sikorski said the GRU was responsible for the attack on the Polish \
                 news agency.",
                "PL",
            ),
        ] {
            let found = statements(text);
            assert!(
                found.contains(&(
                    EventType::Attribution,
                    vec![state.into()],
                    vec!["RU".into()]
                )),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn quoted_by_a_medium_the_one_quoted_speaks() {
        let text = "Italian Defence Minister Guido Crosetto was quoted by the ANSA news agency as \
                    saying that the hack of the ministry's email server had been traced to APT29.";
        assert_eq!(
            speaker_text(text, EventType::Attribution).as_deref(),
            Some("Guido Crosetto")
        );
    }

    #[test]
    fn a_finding_dismissed_as_false_is_denied() {
        let found = statements(
            "Finland's cyber agency stood by its finding after the Russian embassy in Helsinki \
             dismissed the finding as baseless.",
        );
        assert!(
            found
                .iter()
                .any(|(k, speakers, _)| *k == EventType::Denial && speakers == &["RU"]),
            "{found:?}"
        );
    }

    #[test]
    fn a_warner_named_twice_at_the_close_warns() {
        let found = statements(
            "APT28 is behind a new wave of emails inviting Czech diplomats to a fake \
             conference, the Czech counter-intelligence agency, the BIS, cautioned on Friday.",
        );
        // The warner closes the sentence: it warns, and it makes the blame.
        assert_eq!(
            found,
            vec![
                (EventType::Attribution, vec!["CZ".into()], vec!["RU".into()]),
                (EventType::Warning, vec!["CZ".into()], vec!["RU".into()]),
            ]
        );
        // A name of no state is placed by its appositive.
        let found = statements(
            "Russian hackers will almost certainly target Estonia's e-voting system, the \
             Internal Security Service, KAPO, warned.",
        );
        assert_eq!(
            found,
            vec![(EventType::Warning, vec!["EE".into()], vec!["RU".into()])]
        );
    }

    #[test]
    fn a_blame_held_back_or_left_uncommented_is_none() {
        for text in [
            "Seoul raised the hacking of its shipyards with Chinese officials, although it has \
             stopped short of formally blaming APT41.",
            "Brazil has refrained from publicly blaming China for the intrusion.",
            "Officials at Kenya's cyber agency declined to comment on online claims that \
             Ethiopian hackers had been responsible for the outage.",
        ] {
            let found = statements(text);
            assert!(
                found.iter().all(|(k, _, _)| *k != EventType::Attribution),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn a_quoted_hedge_inside_a_trace_is_a_hedge_not_an_operation() {
        let doc = run_rules(
            "Lithuania's defence minister said that a phishing wave had been traced \
             \u{201c}with high confidence\u{201d} to Ghostwriter.",
        );
        let blame = doc
            .events
            .iter()
            .find(|e| e.kind == EventType::Attribution)
            .expect("an attribution");
        assert_eq!(blame.hedge.as_deref(), Some("with high confidence"));
        assert!(blame.arg(Role::Operation).is_none(), "{blame:?}");
        assert_eq!(
            blame.arg(Role::Accused).map(|a| a.text.as_str()),
            Some("Ghostwriter")
        );
    }

    #[test]
    fn a_restrictive_clause_with_its_own_verb_leaves_the_passive_to_the_reporter() {
        let text = "Lithuania's defence minister said that a phishing wave which reached the \
                    inboxes of 30 officials had been traced to Ghostwriter.";
        assert_eq!(
            statements(text),
            vec![(EventType::Attribution, vec!["LT".into()], vec!["BY".into()])]
        );
        // A relative clause on a name still only describes it.
        assert!(
            statements("Citizen Lab said the group which was linked to Egypt went quiet.")
                .iter()
                .all(|(k, _, _)| *k != EventType::Attribution)
        );
    }

    #[test]
    fn a_state_linked_to_an_operation_is_accused() {
        assert_eq!(
            statements("Britain linked the GRU to the hack."),
            vec![(EventType::Attribution, vec!["GB".into()], vec!["RU".into()])]
        );
        let found = statements(
            "Russia's embassy in Oslo rejected as slander a report by Norway's PST that linked \
             Russian military intelligence to the hacking of a dam's control system.",
        );
        assert!(
            found.contains(&(EventType::Attribution, vec!["NO".into()], vec!["RU".into()])),
            "{found:?}"
        );
        // Linked to something that is no operation: no blame.
        assert!(statements("The report linked Moscow to Lisbon through trade.").is_empty());
    }

    #[test]
    fn a_long_object_with_a_sum_may_stand_between_pinned_and_on() {
        let found = statements(
            "In a joint statement, the FBI and South Korea's police pinned the March theft of \
             roughly $62.5 million in tokens from Singapore-based exchange Bitcoin Lane on \
             Lazarus, the North Korean hacking group.",
        );
        assert_eq!(
            found,
            vec![(
                EventType::Attribution,
                vec!["US".into(), "KR".into()],
                vec!["KP".into()]
            )]
        );
    }

    #[test]
    fn a_possessor_belongs_to_the_member_of_a_list_it_qualifies() {
        let found = statements(
            "The NSA, CISA and Australia's ASD said Volt Typhoon had burrowed into water \
             utilities.",
        );
        let (_, speakers, _) = found
            .iter()
            .find(|(k, _, _)| *k == EventType::Attribution)
            .expect("attribution");
        assert_eq!(speakers, &vec!["US", "US", "AU"], "{found:?}");
    }

    #[test]
    fn a_participle_after_a_report_is_said_by_its_subject() {
        let speakers = attribution_texts(
            "A wiper destroyed data at a power company in western Ukraine, Mandiant said on \
             Friday, attributing the operation to Sandworm.",
            Role::Speaker,
        );
        assert_eq!(speakers, vec!["Mandiant"]);
    }

    #[test]
    fn responsible_on_grounds_blames_for_the_operation_before() {
        let found = statements(
            "Several ministers' phones were infected with spyware. The researchers said \
             Rwanda was probably responsible given the targets chosen.",
        );
        assert!(
            found
                .iter()
                .any(|(k, _, accused)| *k == EventType::Attribution && accused == &vec!["RW"]),
            "{found:?}"
        );
    }

    #[test]
    fn accusations_with_no_basis_are_denied() {
        let found = statements(
            "Norway accused Russian hackers of the breach. Russia's embassy said the \
             accusations had no basis.",
        );
        assert!(
            found.iter().any(|(k, _, _)| *k == EventType::Denial),
            "{found:?}"
        );
    }

    #[test]
    fn a_known_person_named_again_by_surname_keeps_the_state() {
        let found = statements(
            "Secretary of State Antony Blinken raised the hacking with Foreign Minister Wang \
             Yi. Wang said the accusations were groundless.",
        );
        let denial = found
            .iter()
            .find(|(k, _, _)| *k == EventType::Denial)
            .expect("denial");
        assert_eq!(denial.1, vec!["CN"], "{found:?}");
    }
}
