//! Word lists the rules share. Kept in one place so that a newcomer sees every word the
//! rule-based extractors react to.

use dossier_model::EntityKind;

/// Heads that, after a demonym or state name, make an institution of that state
/// (regex alternation, longest first).
pub const INSTITUTION_HEADS: &str = "[Ff]oreign [Mm]inistry|[Ff]oreign [Oo]ffice|[Ii]ntelligence (?:[Aa]gency|[Aa]gencies|[Ss]ervices?)|[Ss]ecurity [Ss]ervices?|[Ss]pecial [Ss]ervices|[Ss]ignals [Dd]irectorate|[Ss]py [Aa]genc(?:y|ies)|[Ss]py (?:[Cc]hiefs?|[Mm]asters?|[Bb]oss)|(?:[Cc]yber|[Cc]ybersecurity|[Cc]yber[ -][Ss]ecurity) (?:[Aa]gency|[Aa]uthority|[Cc]ent(?:re|er)|[Cc]ommand|[Pp]olice|[Dd]irectorate)|[Cc]ounter-?[Ii]ntelligence|[Ee]mbassy|[Cc]onsulate|[Mm]inistry|[Dd]epartment|[Gg]overnment|[Aa]uthorities|[Oo]fficials|[Dd]iplomats|[Pp]arliament|[Cc]abinet|[Mm]ilitary|[Aa]rmy|[Nn]avy|[Aa]ir [Ff]orce|[Pp]olice|[Pp]rosecutors|[Rr]egime|[Ll]eadership|[Ss]tate|[Nn]ationals|MPs|[Ll]awmakers|[Tt]reasury|[Cc]ourts?|[Mm]ission";

/// Heads after which the compound stands for the state itself, not an institution.
pub const STATE_HEADS: &[&str] = &[
    "state",
    "government",
    "regime",
    "authorities",
    "leadership",
    "officials",
    "nationals",
];

/// Words that may stand between a demonym and an attacker head
/// ("Chinese **state-backed cyber** spies").
pub const ATTACKER_MODIFIERS: &str = "state|sponsored|backed|linked|affiliated|aligned|nexus|supported|directed|government|military|intelligence|cyber|hacking|espionage|threat|criminal|ransomware|APT|nation|nation-state|state-sponsored|state-backed|state-linked|state-affiliated|government-backed|government-linked";

/// Nouns for attackers acting for a state.
pub const ATTACKER_HEADS: &str = "hackers?|hacktivists?|(?:cyber-?)?criminals|actors?|spies|spy|groups?|operatives|attackers|intruders|crews?|gangs?|units?|adversaries|APTs?|threat actors?";

/// Lower-case words that may join capitalised words inside one name.
pub const CONNECTORS: &[&str] = &[
    "of", "the", "for", "and", "on", "de", "du", "van", "der", "&",
];

/// Capitalised words that start sentences or headlines but are not names.
const FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "by",
    "with",
    "from",
    "and",
    "or",
    "but",
    "as",
    "after",
    "before",
    "during",
    "since",
    "according",
    "when",
    "while",
    "if",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "they",
    "their",
    "we",
    "our",
    "he",
    "his",
    "she",
    "her",
    "there",
    "last",
    "earlier",
    "now",
    "meanwhile",
    "however",
    "also",
    "both",
    "all",
    "some",
    "many",
    "most",
    "one",
    "two",
    "three",
    "four",
    "five",
    "first",
    "new",
    "more",
    "other",
    "such",
    "specifically",
    "yes",
    "no",
    "not",
    "of",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "read",
    "share",
    "subscribe",
    "related",
];

/// Words that form a person's title.
const TITLE_WORDS: &[&str] = &[
    "president",
    "prime",
    "minister",
    "secretary",
    "undersecretary",
    "under-secretary",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "senator",
    "sen.",
    "rep.",
    "representative",
    "congressman",
    "congresswoman",
    "governor",
    "mayor",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chief",
    "general",
    "gen.",
    "admiral",
    "colonel",
    "commissioner",
    "attorney",
    "deputy",
    "vice",
    "foreign",
    "defence",
    "defense",
    "home",
    "interior",
    "security",
    "national",
    "advisor",
    "adviser",
    "justice",
    "state",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "lord",
    "lady",
    "sir",
    "dame",
    "outgoing",
    "former",
    "acting",
    "chargé",
    "head",
    "leader",
    "chair",
    "chairman",
    "chairwoman",
    "officer",
    "executive",
    "ceo",
    "cto",
    "ciso",
    "special",
    "agent",
    "assistant",
    "lieutenant",
    "major",
    "captain",
    "judge",
    "prosecutor",
];

/// Nouns for people who speak or act for a body ("the **head** of the FBI", "a
/// **spokesperson** for the embassy").
const ROLE_NOUNS: &[&str] = &[
    "head",
    "heads",
    "chief",
    "chiefs",
    "director",
    "directors",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "spokespeople",
    "minister",
    "ministers",
    "secretary",
    "official",
    "officials",
    "representative",
    "representatives",
    "ambassador",
    "envoy",
    "leader",
    "leaders",
    "member",
    "members",
    "chair",
    "commander",
];

/// True for nouns of people who speak for a body.
pub fn is_role_noun(word: &str) -> bool {
    ROLE_NOUNS.contains(&word.to_lowercase().as_str())
}

/// True for capitalised words that are not names on their own.
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&word.to_lowercase().as_str())
}

/// True for capitalised words that open a sentence as an adverb ("Meanwhile,"), which
/// are never a name.
pub fn is_sentence_adverb(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "meanwhile"
            | "however"
            | "still"
            | "instead"
            | "yet"
            | "also"
            | "then"
            | "now"
            | "later"
            | "earlier"
            | "today"
            | "yesterday"
            | "overall"
            | "indeed"
            | "moreover"
            | "furthermore"
            | "nevertheless"
            | "nonetheless"
            | "afterwards"
            | "elsewhere"
            | "here"
            | "there"
            | "thus"
            | "therefore"
            | "again"
            | "so"
            | "last"
            | "next"
    )
}

/// True for words that belong to a person's title.
pub fn is_title_word(word: &str) -> bool {
    TITLE_WORDS.contains(&word.to_lowercase().as_str())
}

/// The kind of organisation a head word makes ("Commission" → government body).
pub fn institution_head(word: &str) -> Option<EntityKind> {
    let w = word.to_lowercase();
    let kind = match w.as_str() {
        "ministry" | "department" | "embassy" | "consulate" | "parliament" | "cabinet"
        | "government" | "senate" | "congress" | "commission" | "council" | "assembly"
        | "office" | "treasury" | "administration" | "court" | "presidency" | "chancellery"
        | "bundestag" | "duma" | "knesset" | "house" | "secretariat" | "mission" | "board" => {
            EntityKind::Government
        }
        "agency" | "service" | "bureau" | "directorate" | "centre" | "center" | "command"
        | "police" | "authority" | "inspectorate" | "intelligence" | "prosecutor's"
        | "prosecutors" => EntityKind::Agency,
        "army" | "navy" | "military" | "forces" | "corps" | "brigade" => EntityKind::Military,
        "party" | "university" | "institute" | "foundation" | "association" | "union"
        | "committee" | "federation" | "organisation" | "organization" | "alliance"
        | "coalition" | "society" | "club" | "school" | "hospital" | "campaign" => {
            EntityKind::Organization
        }
        "bank" | "corporation" | "corp" | "company" | "group" | "airlines" | "airways"
        | "systems" | "technologies" | "networks" | "telecom" | "communications" | "energy"
        | "pipeline" | "holdings" | "labs" | "software" | "solutions" => EntityKind::Company,
        _ => return None,
    };
    Some(kind)
}

/// Legal-form suffixes that mark a company ("Inc", "Ltd", "GmbH").
pub fn org_suffix(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.').to_lowercase().as_str(),
        "inc" | "ltd" | "llc" | "plc" | "gmbh" | "ag" | "sa" | "nv" | "bv" | "co"
    )
}

/// The kind of a demonym compound's head ("embassy" → government, "army" → military).
pub fn institution_kind(head: &str) -> EntityKind {
    let last = head
        .split_whitespace()
        .last()
        .unwrap_or(head)
        .to_lowercase();
    let first = head
        .split_whitespace()
        .next()
        .unwrap_or(head)
        .to_lowercase();
    if first == "intelligence"
        || first == "security"
        || first == "spy"
        || first == "special"
        || first.starts_with("counter")
    {
        return EntityKind::Agency;
    }
    match last.as_str() {
        "military" | "army" | "navy" | "force" => EntityKind::Military,
        "police" | "prosecutors" => EntityKind::Agency,
        _ => institution_head(&last).unwrap_or(EntityKind::Government),
    }
}
