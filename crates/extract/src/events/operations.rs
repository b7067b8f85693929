//! Cyber operations found by trigger rules: intrusions, espionage, breaches, and the
//! rest, with attacker, victim, tool, product, CVE and counts.
//!
//! This is the transparent extractor; [`crate::learned::LearnedOperations`] replaces the
//! CASIE types with a trained model when one is loaded. Both implement the same
//! [`Stage`], so the seam is the pipeline itself.

use std::sync::LazyLock;

use dossier_model::{
    Arg, Document, EntityKind, Event, EventType, IndicatorKind, Role, Span, Stage, StageError,
};
use regex::Regex;

use super::context::{SentenceView, Slot, is_attacker, is_system_noun, is_victim, match_span};
use super::{Hit, Trigger, event_at, find_triggers, rule_confidence};

/// Whether a trigger is a verb ("hacked") or a noun ("the hack").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Verb,
    Noun,
    /// A bare "campaign": an operation only when a threat actor is named as its agent
    /// ("the campaign conducted by a China-linked group X"), else a political, sales or
    /// awareness campaign.
    Campaign,
}

/// What a lure's verb goes on to: whom, then the lure or the act it tricks them into
/// ("officials with fake pay documents", "journalists into surrendering their
/// passwords", "politicians to counterfeit login pages").
const LURE: &str = r"\s+(?:as\s+)?(?:[\w’'-]+,?\s+){1,8}?(?:(?:with|into|in)\s+(?:[\w’'-]+\s+){0,4}?(?:documents?|files?|attachments?|links?|e-?mails?|messages?|texts?|apps?|tests?|offers?|opening|clicking|downloading|installing|entering|typing|handing|surrendering|revealing|disclosing)|to\s+(?:[\w’'-]+\s+){0,2}?(?:login|log-in|sign-in)\s+pages?|to\s+(?:steal|harvest|obtain|capture)\s+(?:[\w’'-]+\s+){0,3}?(?:passwords|credentials|log-?ins|login\s+details))\b";

/// The means of influence named as a noun: deepfakes, fake accounts, troll farms.
const INFLUENCE_MEANS: &str = r"(?:deep-?fakes?(?:\s+(?:videos?|audio|clips?|recordings?|images?))?|(?:fake|bogus|inauthentic|sock-?puppet|bot)\s+(?:social[\s-]media\s+)?(?:accounts|profiles|personas)|troll\s+farms?)";
/// A sum of money: "$235 million", "€1.5m", "48 billion yen".
const SUM: &str = r"(?:[$€£¥₹₦]\s?[\d.,]+\s*(?:million|billion|m|bn)?|[\d.,]+\s*(?:million|billion)?\s+(?:yen|euros?|pounds|won|rupees|(?:US\s+|Australian\s+|Canadian\s+|Singapore\s+|Hong\s+Kong\s+|New\s+Zealand\s+)?dollars|naira|rand|shillings|pesos|reais|rubles|roubles|hryvnias?|lira|dinars|dirhams|riyals|francs|kronor|kroner|zloty|rupiah|baht|ringgit|yuan|taka|cedis|tenge|dong))";

static TRIGGERS: LazyLock<Vec<(Trigger, Form)>> = LazyLock::new(|| {
    use EventType::*;
    use Form::*;
    vec![
        (
            Trigger::new(
                r"\b(?P<t>hack[\s-]and[\s-]leak|disinformation|influence\s+(?:operations?|campaigns?)|election\s+interference|fake\s+news|meddling|(?:(?:coordinated|covert|online|inauthentic)\s+)?campaign\s+on\s+(?:TikTok|Telegram|Facebook|Twitter|YouTube|Instagram|X|social\s+media|social\s+networks))\b",
                Influence,
            ),
            Noun,
        ),
        (
            // "orchestrated a wave of deepfake videos and fake accounts", "a network of
            // inauthentic profiles": the means of influence named as a noun.
            Trigger::new(
                &format!(
                    r"\b(?P<t>(?:(?:wave|network|swarm|army|flood|barrage|web|series|string)\s+of\s+(?:[\w,.-]+\s+){{0,5}}?)?{INFLUENCE_MEANS})\b"
                ),
                Influence,
            ),
            Noun,
        ),
        (
            Trigger::new(
                r"\b(?P<t>(?:interfer(?:e|es|ed|ing)|meddl(?:e|es|ed|ing))\s+in)\s+(?:\w+\s+){0,3}?(?:elections?|votes?|referendums?|campaigns?|polls?)\b",
                Influence,
            ),
            Verb,
        ),
        (
            // "replaced regular programming with footage of protests", "flashed messages
            // denouncing the athletes on screens": what a hijacked screen or feed shows is
            // propaganda.
            Trigger::new(
                r"\b(?P<t>(?:replac(?:ed|ing|es)|interrupt(?:ed|ing|s))\s+(?:its\s+|their\s+|the\s+)?(?:regular\s+|normal\s+|scheduled\s+|live\s+)?(?:programming|programmes|programs|broadcasts?|transmissions?|feeds?)\s+with|(?:flash(?:ed|es|ing)?|display(?:ed|ing|s)?|broadcast(?:ing|s)?|air(?:ed|ing|s)?)\s+(?:[\w-]+\s+){0,3}?(?:messages|slogans|footage|propaganda|images|videos?)\s+(?:denouncing|praising|calling\s+for|urging|mocking|glorifying|threatening))\b",
                Influence,
            ),
            Verb,
        ),
        (
            // "had spread at least 77 fabricated stories", "circulated doctored videos".
            Trigger::new(
                r"\b(?P<t>(?:spread|spreads|spreading|push|pushed|pushes|pushing|circulate|circulated|circulates|circulating|plant|planted|plants|planting|amplify|amplified|amplifies|amplifying|seed|seeded|seeds|seeding)\s+(?:[\w,-]+\s+){0,4}?(?:fabricated|fake|false|bogus|doctored|forged|staged|manipulated|AI-generated|misleading)\s+(?:[\w-]+\s+)?(?:stor(?:y|ies)|articles?|videos?|clips?|recordings?|letters?|news|narratives?|content|posts?|reports?|documents?|images?|claims?|websites?|sites?|accounts?|dispatch(?:es)?|messages?))\b",
                Influence,
            ),
            Verb,
        ),
        (
            // "A bogus dispatch ..., which appeared on the agency's site, was in all
            // likelihood planted by hackers": the fake told first, its planting after.
            Trigger::new(
                r"\b(?:fake|bogus|false|fabricated|forged|spoofed|doctored)\s+(?:[\w-]+\s+){0,2}?(?:dispatch(?:es)?|reports?|stor(?:y|ies)|news|articles?|messages?|statements?|posts?|videos?|documents?|letters?)\b[^.;]{0,160}?\b(?:was|were|had\s+been|has\s+been)\s+(?:[\w-]+\s+){0,4}?(?P<t>planted|posted|published|placed|circulated|inserted|spread)\s+by\b",
                Influence,
            ),
            Verb,
        ),
        (
            Trigger::new(r"\b(?P<t>(?:spear[\s-]?)?phishing)\b", Phishing),
            Noun,
        ),
        (
            // "an email campaign against diplomats": mail aimed at people is a lure.
            Trigger::new(
                r"\b(?P<t>(?:e-?mail|messaging|text-message|SMS)\s+campaigns?)\s+(?:against|targeting|aimed\s+at)\b",
                Phishing,
            ),
            Noun,
        ),
        (
            // "sent booby-trapped documents to Indian army officers": lures by mail.
            Trigger::new(
                r"\b(?P<t>sent|sends|sending|emailed|mailed)\s+(?:[\w-]+\s+){0,3}?(?:booby-trapped|malicious|infected|rigged|weaponi[sz]ed|tainted|malware-laden|fake)\s+(?:[\w-]+\s+){0,2}?(?:documents?|files?|attachments?|e-?mails?|links?|messages?|invitations?|offers?|lures?)\s+to\b",
                Phishing,
            ),
            Verb,
        ),
        (
            // "emailed researchers documents posing as conference invitations": a lure
            // told by what it pretends to be or what it carries.
            Trigger::new(
                r"\b(?P<t>sent|sends|sending|emailed|emailing|mailed)\s+(?:[\w’'-]+\s+){1,8}?(?:documents?|files?|attachments?|e-?mails?|links?|messages?|invitations?|circulars?|notices?|letters?|invoices?|archives?|apps?|updates?|installers?)\s+(?:posing\s+as|impersonating|purporting\s+to\s+(?:be|come)\s+from|disguised\s+as|masquerading\s+as|dressed\s+up\s+as|laced\s+with|rigged\s+with|booby-trapped\s+with|that\s+(?:quietly\s+|secretly\s+|silently\s+)?(?:install|drop|deliver|plant|load|deploy)(?:s|ed)?)\b",
                Phishing,
            ),
            Verb,
        ),
        (
            Trigger::new(r"\b(?P<t>ransomware(?:\s+attacks?)?|extortion)\b", Ransom),
            Noun,
        ),
        (
            // "last month's data theft at the postal service", "a data leak of six
            // terabytes of correspondence".
            Trigger::new(r"\b(?P<t>data\s+thefts?|data\s+leaks?\s+of)\b", DataBreach),
            Noun,
        ),
        (
            // "is demanding 50 bitcoin from the health authority", "demanded $500,000 to
            // delete the data": a ransom told by its demand.
            Trigger::new(
                &format!(
                    r"\b(?P<t>demand(?:s|ed|ing)?)\s+(?:(?:a|the)\s+)?(?:ransom\s+(?:payment\s+)?(?:of\s+)?|payment\s+of\s+)?(?:about\s+|nearly\s+|more\s+than\s+|roughly\s+|some\s+|over\s+|up\s+to\s+)?(?:{SUM}|[\d.,]+\s+(?:bitcoins?|BTC|ether|monero|XMR))(?:\s+(?:in|worth\s+of)\s+(?:bitcoin|cryptocurrency|crypto|monero|ether))?\s+(?:from\b|in\s+ransom\b|ransom\b|to\s+(?:not\s+)?(?:delete|decrypt|restore|unlock|publish|leak|release|return|destroy|keep|withhold))"
                ),
                Ransom,
            ),
            Verb,
        ),
        (
            // "extorted $2 million from a hospital chain", "used to extort hospitals".
            Trigger::new(r"\b(?P<t>extort(?:s|ed|ing)?)\b", Ransom),
            Verb,
        ),
        (
            // "the gang, which encrypted the systems of the insurer".
            Trigger::new(
                r"\b(?P<t>encrypt(?:ed|ing|s)?|lock(?:s|ed|ing)?\s+up|locked\s+(?:\w+\s+)?out\s+of)\s+(?:[\w’'-]+\s+){0,4}?(?:systems?|servers?|files|data|computers|networks?|machines|databases?)\b",
                Ransom,
            ),
            Verb,
        ),
        (
            // "emailing booby-trapped archives to officials", "sent invitations laced with a
            // backdoor": lures sent to victims.
            Trigger::new(
                r"\b(?P<t>(?:e-?mail(?:ed|ing|s)?|sen[dt]|sending|sends|mail(?:ed|ing)))\s+(?:(?:[\w’'-]+\s+){0,3}?(?:booby-trapped|malicious|malware-laced|rigged|poisoned|weaponi[sz]ed|tainted|fake|bogus|spoofed)\s+(?:[\w-]+\s+)?(?:archives?|attachments?|files?|documents?|links?|e-?mails?|messages?|invitations?|job\s+offers?|offers?|lures?)|(?:[\w’'-]+,?\s+){1,8}?laced\s+with)\b",
                Phishing,
            ),
            Verb,
        ),
        (
            // "lured army personnel with fake pay documents", "tricked officials into
            // opening a file", "posed as reporters in emails sent to officials", "luring
            // politicians to counterfeit login pages", "impersonating contacts to steal
            // email passwords".
            Trigger::new(
                &format!(
                    r"\b(?P<t>lured|lures|luring|tricked|tricks|tricking|duped|duping|posed|poses|posing|impersonated|impersonating){LURE}"
                ),
                Phishing,
            ),
            Verb,
        ),
        (
            // "domains Star Blizzard had used to trick journalists into": the base form only
            // as what was used for it ("designed to trick users" tells a capability).
            Trigger::new(
                &format!(r"\bused\s+(?:\w+\s+)?to\s+(?P<t>lure|trick|dupe){LURE}"),
                Phishing,
            ),
            Verb,
        ),
        (
            // "had access to the foreign ministry's network for several years" (not "have
            // access to global networks", a capability).
            Trigger::new(
                r"\b(?P<t>(?:had|maintained|kept|retained)\s+access)\s+to\s+(?:[\w’'-]+\s+){0,5}?(?:networks?|systems?|servers?|accounts?|e-?mails?|mailboxes|computers)\b",
                Intrusion,
            ),
            Verb,
        ),
        (
            // "had quietly taken over servers belonging to a group".
            Trigger::new(
                r"\b(?P<t>(?:took|taken|take|takes|taking)\s+over)\s+(?:[\w’'-]+\s+){0,6}?(?:servers?|accounts?|systems?|routers?|devices|computers|networks?|infrastructure|websites?|domains?)\b",
                Intrusion,
            ),
            Verb,
        ),
        (
            Trigger::new(
                r"\b(?P<t>data\s+breach(?:es)?|(?:theft\s+of|stole|stealing|made\s+off\s+with|took|copied|copying|downloaded|(?:had|have|has)\s+(?:\w+\s+)?stolen|and\s+stolen|harvest(?:ed|ing)|dump(?:ed|ing)|(?:(?:had|has|have)\s+)?(?:tried|trying|attempted|attempting|sought|seeking)\s+to\s+steal)\s+(?:(?:about|roughly|nearly|some|around|more\s+than|[\d.,]+|one|two|three|four|five|six|seven|eight|nine|ten|hundreds|thousands|millions|dozens)\s+(?:[\w-]+\s+)?(?:gigabytes|terabytes|GB|TB|megabytes|pages|batches|troves?)\s+of\s+)?(?:(?:hundreds|thousands|millions|dozens)\s+of\s+)?(?:(?:[\w,-]|\.\d)+\s+){0,3}?(?:data|information|records|details|e-?mails|documents|files|designs|blueprints|secrets|credentials|passwords|cables|messages|correspondence|(?:contact|personnel)\s+lists|papers|technology|material|names|addresses|(?:phone|identity|id|passport|social\s+security|account|card)\s+numbers)|(?:exposed|leaked)\s+(?:the\s+)?(?:personal\s+|private\s+|medical\s+|health\s+|internal\s+|confidential\s+|classified\s+|sensitive\s+)?(?:data|information|records|details|(?:e-?mail\s+)?accounts|e-?mails|files|documents)\s+of|(?:exposed|leaked)\s+the\s+(?:[\w-]+,?\s+){0,6}?(?:names|addresses|numbers|passwords|credentials)\s+of)\b",
                DataBreach,
            ),
            Noun,
        ),
        (
            Trigger::new(
                &format!(
                    r"\b(?P<t>heist|theft\s+of\s+(?:about\s+|nearly\s+|more\s+than\s+|some\s+|roughly\s+)?{SUM}|(?:stole|stealing|(?:had|have|has)\s+stolen)\s+(?:about\s+|nearly\s+|more\s+than\s+|roughly\s+|some\s+|over\s+)?{SUM}|stole\s+(?:the\s+)?(?:funds|money|cryptocurrency|crypto(?:currencies|-assets)?|tokens|coins|bitcoins?|ether)\b|cryptocurrency\s+theft|crypto\s+theft|(?:(?:had|have|has)\s+)?(?:drained|siphoned(?:\s+off)?|looted)\s+(?:about\s+|nearly\s+|more\s+than\s+|some\s+|roughly\s+|over\s+|an\s+estimated\s+)?{SUM})"
                ),
                FinancialTheft,
            ),
            Noun,
        ),
        (
            // "Hundreds of classified documents were stolen from computers at the general
            // staff": the data opens the phrase, whom it was taken from follows.
            Trigger::new(
                r"\b(?P<t>(?:data|information|records|details|documents|files|e-?mails|designs|blueprints|secrets|credentials|passwords)\s+(?:(?:for|of|on|about)\s+(?:[\w-]+\s+){1,3}?)?(?:were|was|had\s+been|have\s+been|has\s+been)\s+(?:stolen|exfiltrated|siphoned\s+off|taken))\s+from\b",
                DataBreach,
            ),
            Noun,
        ),
        (
            // "moved 62 billion shillings, about $17 million, to accounts abroad": money
            // sent out of the victim's accounts.
            Trigger::new(
                &format!(
                    r"\b(?P<t>(?:moved|transferred|diverted|wired|moving|transferring|diverting|wiring)\s+(?:about\s+|nearly\s+|more\s+than\s+|some\s+|roughly\s+|over\s+)?{SUM})[^.;]{{0,40}}?\s(?:to|into)\s+(?:[\w’'-]+\s+){{0,3}}?(?:accounts|wallets|an\s+account|a\s+wallet)\b"
                ),
                FinancialTheft,
            ),
            Verb,
        ),
        (
            // "The $235 million theft from the exchange": the sum before the noun.
            Trigger::new(
                &format!(
                    r"(?P<t>{SUM}\s+(?:(?:crypto(?:currency)?|bitcoin|ether)\s+)?(?:theft|heist))\b"
                ),
                FinancialTheft,
            ),
            Noun,
        ),
        (
            // "$22 million in cryptocurrency was drained from": the sum opens the phrase.
            Trigger::new(
                &format!(
                    r"(?P<t>{SUM}\s+(?:in|of|worth\s+of)\s+(?:[\w-]+\s+){{0,2}}?(?:cryptocurrenc(?:y|ies)|crypto(?:-assets)?|tokens|bitcoins?|ether|funds|digital\s+assets)\s+(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:drained|stolen|siphoned(?:\s+off)?|looted))\b"
                ),
                FinancialTheft,
            ),
            Noun,
        ),
        (
            Trigger::new(
                r"\b(?P<t>(?:distributed\s+)?denial[\s-]of[\s-]service(?:\s+attacks?)?|DDoS(?:\s+attacks?)?|wiper(?:\s+attacks?)?|(?:cyber[\s-]?)?sabotage|outages?|blackouts?|defacements?|destructive\s+(?:cyber[\s-]?)?attacks?|disruptive\s+(?:cyber[\s-]?)?attacks?|(?:flood|deluge|barrage|torrent)\s+of\s+(?:[\w-]+\s+){0,2}?(?:traffic|requests|packets|queries))\b",
                Disruption,
            ),
            Noun,
        ),
        (
            // "hacktivists had knocked offline the websites of": a verb, whose subject is
            // the attacker and whose passive subject the victim.
            Trigger::new(
                r"\b(?P<t>(?:knock(?:ed|ing|s)?|t(?:ook|aking|akes|aken))\s+(?:\w+\s+)?offline)\b",
                Disruption,
            ),
            Verb,
        ),
        (
            // "knocked the websites of the government portal, two banks and the railway
            // operator offline": the verb is the act, whatever its object's length.
            Trigger::new(
                r"\b(?P<t>knock(?:ed|ing|s)?|t(?:ook|aking|akes|aken))\s+(?:[^\s.;]+\s+){2,14}?offline\b",
                Disruption,
            ),
            Verb,
        ),
        (
            // "the attack that cut phone service for millions", "a cyberattack, which knocked
            // out ticket sales", "the attack on Kyivstar, which cut", "a cyberattack on state
            // registries knocked out", "the largest attacks of recent years, which knocked":
            // what the attack did makes it sabotage.
            Trigger::new(
                r"\b(?P<t>(?:cyber[\s-]?)?attacks?),?\s+(?:(?:on|against|of)\s+(?:[\w’'&.-]+\s+){0,7}?[\w’'&.-]+,?\s+(?:(?:that|which)\s+(?:\w+\s+)?)?|(?:that|which)\s+(?:\w+\s+)?)(?:cut|knocked\s+out|took\s+down|disrupted|crippled|paraly[sz]ed|halted|shut\s+down|wiped|disabled|brought\s+down|(?:took|knocked)\s+(?:[\w’'-]+\s+){1,6}?offline)\b",
                Disruption,
            ),
            Noun,
        ),
        (
            // "an attack on Lovit, an internet provider, leaving customers without internet":
            // an attack whose outcome is an outage.
            Trigger::new(
                r"\b(?P<t>(?:cyber[\s-]?)?attacks?)\b[^.;]{0,160}?,\s+(?:leaving|cutting\s+off)\s+(?:[\w’'-]+\s+){1,6}?without\s+(?:[\w’'-]+\s+){0,2}?(?:internet|power|electricity|heating|water|service|services|access|phone|mobile|television|connectivity|banking)\b",
                Disruption,
            ),
            Noun,
        ),
        (
            // "knocked the websites of several ministries offline": the object is the victim.
            Trigger::new(
                r"\b(?P<t>knocked|knocking|knocks|took|taken|taking|takes)\s+(?:[\w’'-]+\s+){2,8}?offline\b",
                Disruption,
            ),
            Verb,
        ),
        (
            // "was still exploiting a flaw to spy on telecommunications providers": the verb
            // and its object (before the noun "spying", which it overlaps).
            Trigger::new(r"\b(?P<t>(?:spy|spies|spying|spied)\s+on)\b", Espionage),
            Verb,
        ),
        (
            Trigger::new(
                r"\b(?P<t>(?:cyber[\s-]?)?espionage(?:\s+(?:campaign|operation)s?)?|cyberespionage|spying|spied|(?:clandestine|covert|intelligence[\s-]gathering)\s+(?:cyber\s+)?operations?)\b",
                Espionage,
            ),
            Noun,
        ),
        (
            // "cut power to 230,000 people", "knocked out power to parts of Kharkiv".
            Trigger::new(
                r"\b(?P<t>(?:cut|cuts|cutting|knocked\s+out|knocks\s+out|knocking\s+out)\s+(?:off\s+)?(?:the\s+)?(?:power|electricity|heating|internet\s+access|communications)\s+to)\b",
                Disruption,
            ),
            Verb,
        ),
        (
            Trigger::new(
                r"\b(?P<t>flood|flooded|flooding|floods|bombard|bombarded|bombarding|overwhelm|overwhelmed|overwhelming)\s+(?:[\w,’'-]+\s+){1,8}?with\s+(?:[\w-]+\s+){0,2}?(?:traffic|requests|packets|queries)\b",
                Disruption,
            ),
            Verb,
        ),
        (
            // "had read emails of its senior leadership", "intercepted the calls of
            // officials", "monitored the phones of": an actor's reading of others'
            // communications is spying.
            Trigger::new(
                r"\b(?P<t>read|reading|intercepted|intercepting|eavesdropped\s+on|eavesdropping\s+on|listened\s+(?:in\s+)?to|monitor(?:ed|ing)?|snoop(?:ed|ing)?\s+on|spy\s+on)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}?(?:e-?mails?|mail|mailboxes|inboxes|correspondence|communications|phone\s+calls|calls|text\s+messages|(?:mobile\s+)?phones|cables|memos|chats)\b",
                Espionage,
            ),
            Verb,
        ),
        (
            // Reconnaissance of a target, not of a battlefield: only "against"/"on" a victim.
            Trigger::new(r"\b(?P<t>reconnaissance)\s+(?:against|on)\b", Espionage),
            Noun,
        ),
        (
            // "had taken over the controls of a dam and opened a valve": physical sabotage.
            Trigger::new(
                r"\b(?P<t>(?:took|taken|take|takes|taking|seized|seizes|seize|seizing)\s+(?:over\s+)?(?:the\s+)?controls?\s+of)\s+(?:[\w’'-]+\s+){0,4}?(?:dams?|valves?|pumps?|plants?|grids?|pipelines?|turbines?|substations?|factor(?:y|ies)|boilers?|water|reservoirs?|heating)\b",
                Disruption,
            ),
            Verb,
        ),
        (
            Trigger::new(
                r"\b(?P<t>hacked|breached|compromised|infiltrated|penetrated|targeted|gained\s+access|gain(?:ing)?\s+access|probed|probing|hijacked|hijacking|commandeered|obtained\s+access|got\s+access|gained\s+entry|broke\s+into|broken\s+into|break(?:s|ing)?\s+into|hacking\s+into|attacked|attacking|exploited|exploiting|deployed|deploying|(?:pre-?)?positioned\s+(?:itself|themselves)\s+(?:inside|in|within|on)|pre-?positioning\s+(?:(?:itself|themselves)\s+)?(?:inside|in|within)|plant(?:ed|ing)?(?:\s+\w+){0,2}?\s+(?:malware|backdoors?|implants?|spyware|malicious\s+codes?)|burrow(?:ed|ing|s)?\s+(?:deep\s+)?into|(?:went|gone|going|goes)\s+after)\b",
                Intrusion,
            ),
            Verb,
        ),
        (
            // "had accessed systems of the Parliamentary Counsel Office", "got into the
            // network of"; accessing a website or a service is no intrusion.
            Trigger::new(
                r"\b(?P<t>accessed|(?:got|get|getting|gotten|made\s+(?:their|its)\s+way|worm(?:ed|ing)\s+(?:their|its)\s+way|sneaked|snuck|slipped)\s+into)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}?(?:systems?|networks?|servers?|computers?|e-?mail\s+accounts?|mailboxes|databases?)\b",
                Intrusion,
            ),
            Verb,
        ),
        (
            // "got into Change Healthcare": into a body named (not into trouble).
            Trigger::new(
                r"\b(?P<t>(?:got|gotten|getting|sneaked|snuck|slipped)\s+into)\s+(?-i:\p{Lu})",
                Intrusion,
            ),
            Verb,
        ),
        (
            // "had used spyware to infect the devices of journalists": infecting what a
            // determiner or count opens ("infected devices" alone is an adjective).
            Trigger::new(
                r"\b(?P<t>infect(?:ed|ing|s)?)\s+(?:the|their|its|his|her|some|several|many|at\s+least|more\s+than|dozens\s+of|hundreds\s+of|thousands\s+of|[\d,]+)\s+(?:[\w’'-]+\s+){0,3}?(?:phones?|devices?|smartphones?|computers?|systems?|networks?|servers?|machines|laptops|iphones?|handsets|accounts)\b",
                Intrusion,
            ),
            Verb,
        ),
        (
            // "used the Headlace malware against Ukrainian agencies".
            Trigger::new(
                &format!(
                    r"\b(?P<t>used|uses|using)\s+(?:(?:the|a|an|its|their)\s+)?(?:[\w-]+\s+){{0,2}}?(?:{MALWARE_KIND}|exploits?)\s+(?:against|to\s+(?:target|attack|infect|spy\s+on))\b"
                ),
                Intrusion,
            ),
            Verb,
        ),
        (
            // "tried to breach", "exploited a flaw to breach": a verb, whatever the noun
            // rule says ("targets to compromise" stays a noun phrase's infinitive).
            Trigger::new(
                r"\b(?:(?:tried|trying|tries|try|attempted|attempting|attempts?|sought|seeking|seeks?|managed|able|failed|plan(?:ned|s)?)\s+|(?:exploit(?:ed|ing|s)?|us(?:ed|ing)|weaponi[sz](?:ed|ing|es))\s+(?:[^\s.]+\s+){1,8}?)to\s+(?P<t>breach|hack|compromise|infiltrate|penetrate)\b",
                Intrusion,
            ),
            Verb,
        ),
        (
            Trigger::new(
                r"\b(?P<t>wiped|wiping|sabotaged|sabotaging|disabled|crippled|disrupted|disrupting|defaced|defacing|paraly[sz]ed|paraly[sz]ing)\b",
                Disruption,
            ),
            Verb,
        ),
        (
            // "a variant of the CaddyWiper malware erased data on servers at": destroyed
            // data is a disruption, when hackers or malware destroyed it.
            Trigger::new(
                r"\b(?P<t>(?:erased|erasing|erases|destroyed|destroying|destroys|deleted|deleting|deletes|corrupted|corrupting|overwrote|overwriting)\s+(?:[\w’'-]+\s+){0,3}?(?:data|files|records|databases?|hard\s+drives?|disks?|backups?))\b",
                Disruption,
            ),
            Verb,
        ),
        (
            // "investigators found 25 types of malware on SK Telecom servers": code found on
            // systems tells they were broken into (not by whoever found it).
            Trigger::new(
                r"\b(?:found|discovered|detected|identified|uncovered|spotted)\s+(?:[\w,-]+\s+){0,8}?(?P<t>malware|backdoors?|implants?|spyware|web\s?shells?)\b[^.;]{0,80}?\b(?:on|in|inside)\s+(?:the\s+)?(?:[\w’'&.-]+\s+){0,4}?(?:servers?|systems?|networks?|computers?|devices?|machines|routers|phones|laptops)\b",
                Intrusion,
            ),
            Noun,
        ),
        (
            // "had spent months inside the networks of", "lurked undetected in the
            // systems of": an intruder's stay is the intrusion.
            Trigger::new(
                r"\b(?P<t>(?:spent|spending|lurked|lurking|hid|hiding|remained|stayed)\s+(?:(?:undetected|unnoticed|hidden)\s+)?(?:(?:for\s+)?(?:several|many|a\s+few|some|\d+|two|three|four|five|six|seven|eight|nine|ten|eighteen)?\s*(?:days|weeks|months|years)\s+)?(?:(?:undetected|unnoticed|hidden)\s+)?(?:inside|in|within))\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}?(?:networks?|systems?|servers?|computers?|infrastructure|mailboxes)\b",
                Intrusion,
            ),
            Verb,
        ),
        (
            // "the personal details of 270,000 Dutch patients were leaked".
            Trigger::new(
                r"\b(?:data|details|records|information|files|documents|e-?mails|names|addresses|numbers|passwords)\s+of\s+(?:[\w,.’'-]+\s+){1,6}?(?:were|was|had\s+been|have\s+been|has\s+been)\s+(?P<t>leaked|exposed|stolen|published|dumped)\b",
                DataBreach,
            ),
            Verb,
        ),
        (
            // "exploited a flaw in Exchange to steal emails from": the purpose is the theft
            // (up to twelve words between, none of them another infinitive's "to").
            Trigger::new(
                &format!(
                    r"\b(?:exploit(?:ed|ing|s)?|us(?:ed|ing)|abus(?:ed|ing|es?))\s+{WORD_BUT_TO}{{1,12}}?to\s+(?P<t>steal\s+(?:(?:[\w-]|\.\d)+\s+){{0,3}}?(?:data|information|records|details|e-?mails|documents|files|designs|secrets|credentials|passwords|cables|messages|correspondence|lists|papers|technology|material))\b"
                ),
                DataBreach,
            ),
            Verb,
        ),
        (
            // "had data stolen by the gang", "have had their records exfiltrated".
            Trigger::new(
                r"\b(?:had|has|have|having)\s+(?:had\s+)?(?:(?:its|their|his|her|our|the|some|all)\s+)?(?:[\w’'-]+\s+){0,3}?(?:data|information|records|details|files|documents|e-?mails|credentials|passwords|databases?)\s+(?P<t>stolen|exfiltrated|leaked|exposed|copied)\b",
                DataBreach,
            ),
            Verb,
        ),
        (
            // "the insurer's data had been stolen by criminals in Russia".
            Trigger::new(
                r"\b(?:data|information|records|details|e-?mails|documents|files|designs|secrets|credentials|passwords)\s+(?:had|has|have|was|were)\s+(?:been\s+)?(?P<t>stolen)\s+by\b",
                DataBreach,
            ),
            Verb,
        ),
        (
            Trigger::new(
                r"\b(?P<t>siphon(?:s|ed|ing)?|exfiltrat(?:e|es|ed|ing))\b",
                DataBreach,
            ),
            Verb,
        ),
        (
            Trigger::new(
                r"\b(?P<t>(?:cyber|hacking|offensive|malicious)\s+(?:operations?|campaigns?|activit(?:y|ies))|hacks?|hacking|breach(?:es)?|intrusions?|break-ins?|infiltration|compromise|cyber[\s-]?attacks?|cyber[\s-]?intrusions?|attacks?)\b",
                Intrusion,
            ),
            Noun,
        ),
        (Trigger::new(r"\b(?P<t>campaigns?)\b", Intrusion), Campaign),
    ]
});

/// Operation verbs that also have a plain sense ("attacked a policy", "wiped the slate",
/// "deployed troops", "staff had access to the systems"): they count only with hackers or
/// a threat group as their agent.
/// One word and its space, any word but "to" (the `regex` crate has no lookahead): what
/// may stand between an exploit and its purpose without being another infinitive.
const WORD_BUT_TO: &str = r"(?:(?:[^\s.t][^\s.]*|t[^\s.o][^\s.]*|to[^\s.]+|t)\s+)";

/// An attack named as the subject right before its verb ("a DDoS attack had knocked",
/// "the cyberattack on Monday crippled"); ransomware, wipers and malware make events of
/// their own, which the verb's object joins.
static OPERATION_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ddos|denial[\s-]of[\s-]service|cyber-?\s?attacks?)(?:\s+attacks?)?(?:\s+(?:on|against|in)\s+[^,;]{1,40}?)?\s+(?:(?:had|has|have|also|briefly|reportedly)\s+){0,2}$")
        .unwrap_or_else(|e| panic!("operation-subject pattern: {e}"))
});

static ACTOR_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:cut|flood|prob|bombard|overwhelm|sent|hijack|read|intercept|eavesdrop|listened|monitor|snoop|spy|attack|wip|sabotag|disabl|crippl|paraly|disrupt|spent|spending|lurk|hid|remained|stayed|deploy|exploit|positioned|pre-?positioned|plant|siphon|exfiltrat|used$|uses$|using$|knock|went\s+after|gone\s+after|going\s+after|goes\s+after|took$|taken$|taking$|takes$|took\s+over|taken\s+over|take\s+over|takes\s+over|taking\s+over|encrypt|e-?mail|sen[dt]|mail|(?:had|maintained|kept|retained)\s+access|eras|destroy|delet|corrupt|overwr)")
        .unwrap_or_else(|e| panic!("actor-only pattern: {e}"))
});

/// Hackers the sentence does not name, right before the verb ("The attackers used",
/// "a ransomware gang encrypted"), with the noun phrase as group `n` (without the adverbs
/// after it).
static UNNAMED_ATTACKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<n>hackers|attackers|intruders|hacktivists|cyber-?criminals|(?:ransomware|hacking|hacker|criminal|extortion)\s+(?:gang|crew|group)|threat\s+actors?)\s+(?:(?:who|that)\s+)?(?:(?:had|have|has|is|are|was|were|been|also|then|later|reportedly|allegedly|apparently|likely|probably|successfully|first)\s+)*$")
        .unwrap_or_else(|e| panic!("unnamed attacker pattern: {e}"))
});

/// The agent of a passive operation that names no one: unnamed hackers (group `n`) or an
/// attack ("by hackers", "by a flood of junk traffic", "for hours on Saturday by a DDoS
/// attack").
static BY_UNNAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:(?:for|on|in|over|during|at|late|early|last)\s+[^,;.]{0,40}?\s)?by\s+(?:(?:a|an|the|distributed|suspected|unknown|unidentified|foreign|pro-[\w-]+|[\w-]+-(?:backed|linked|sponsored|affiliated)|state|massive|large)\s+){0,3}(?:(?P<n>hackers|attackers|intruders|hacktivists|cyber-?criminals)\b|(?:ddos|denial[\s-]of[\s-]service|cyber-?\s?attacks?|flood\s+of|deluge\s+of|barrage\s+of)\b)")
        .unwrap_or_else(|e| panic!("by-unnamed pattern: {e}"))
});

/// A passive that may happen or did not ("could be exploited by attackers", "no evidence
/// it was exploited by"): its unnamed agent did nothing.
static HYPOTHETICAL_PASSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:could|can|may|might|would|will|not|never|no\s+evidence|no\s+sign)\b[^;]{0,80}$",
    )
    .unwrap_or_else(|e| panic!("hypothetical passive pattern: {e}"))
});

/// A past operation verb earlier in the clause, whose means a "by ...ing" clause gives.
static OPERATION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hacked|breached|compromised|infiltrated|penetrated|disrupted|crippled|disabled|sabotaged|wiped|stole|took|knocked|spied|gained|broke)\b")
        .unwrap_or_else(|e| panic!("operation-before pattern: {e}"))
});

/// A purpose clause after "exploited ...": "to breach", "to gain access".
static EXPLOIT_PURPOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bto\s+(?:breach|hack|compromise|infiltrate|penetrate|gain\s+access|break\s+into|steal|spy)\b")
        .unwrap_or_else(|e| panic!("exploit purpose pattern: {e}"))
});

/// Words that name attackers as hackers ("Chinese hackers", "state-backed cyber actors").
static HACKERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hackers?|cyber|hacktivists?|APT\s?\d+|threat\s+actors?|intruders?)")
        .unwrap_or_else(|e| panic!("hackers pattern: {e}"))
});

static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:about|around|nearly|almost|more\s+than|over|some|up\s+to|at\s+least)?\s*\d(?:[\d,.]*\d)?\s*(?:million|billion|thousand|m|k)?\s+(?P<mods>(?:[a-z-]+,?\s+){0,2}?)(?P<what>voters|people|users|customers|patients|employees|individuals|citizens|accounts|records|files|emails|devices|computers|systems|organi[sz]ations|companies)\b")
        .unwrap_or_else(|e| panic!("count pattern: {e}"))
});

static COMPROMISED_DATA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:e-?mail|social[\s-]media|bank|user)\s+accounts|personal\s+(?:details|data|information)|(?:sensitive|classified|confidential|proprietary)\s+(?:data|information|documents)|e-?mails?|credentials|passwords|intellectual\s+property|trade\s+secrets|customer\s+data|health\s+records|financial\s+data)\b")
        .unwrap_or_else(|e| panic!("data pattern: {e}"))
});

/// The rule-based operation stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct RuleOperations {
    /// Skip the five CASIE types (a learned model provides them).
    pub skip_casie_types: bool,
}

/// The event types CASIE annotates (and the learned model covers).
pub fn is_casie_type(kind: EventType) -> bool {
    matches!(
        kind,
        EventType::DataBreach
            | EventType::Phishing
            | EventType::Ransom
            | EventType::VulnerabilityDiscovery
            | EventType::Patch
    )
}

impl Stage for RuleOperations {
    fn name(&self) -> &'static str {
        "operations"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let found: Vec<Event> = find_triggers(doc, TRIGGERS.iter().map(|(t, _)| t))
            .iter()
            .filter(|h| !(self.skip_casie_types && is_casie_type(h.kind)))
            .filter_map(|hit| operation(doc, hit, TRIGGERS[hit.rule].1))
            .collect();
        let found = influence_told_twice(doc, presence_gives_way(found));
        let found = shared_victims(means_give_way(
            doc,
            relative_twins(doc, adjacent_twins(demands_join_their_ransom(found))),
        ));
        let found = deployed_code_gives_way(doc, found);
        let found = told_in_one_clause(
            doc,
            spyware_spies(doc, spying_by_states(doc, breaches_that_expose(found))),
        );
        let found = named_again(doc, purpose_of_the_means(doc, found));
        doc.events.extend(found);
        Ok(())
    }
}

/// "had spied on telecoms providers, using a backdoor called GhostSpider to siphon call
/// records": the purpose of the means an operation used is that operation. It gives way
/// and lends what it took.
fn purpose_of_the_means(doc: &Document, events: Vec<Event>) -> Vec<Event> {
    static USING_TO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^[^.;]{0,120}?,\s+(?:using|exploiting|abusing|deploying|with)\s+[^.;,]{1,80}?\s+to\s+$")
            .unwrap_or_else(|e| panic!("using-to pattern: {e}"))
    });
    let gone = told_twice(&events, |e, b| {
        b.sentence == e.sentence
            && b.trigger.end <= e.trigger.start
            && USING_TO.is_match(doc.slice(Span::new(b.trigger.end, e.trigger.start)))
            && nothing_told_between(&events, b, e)
    });
    give_way(
        events,
        &gone,
        &[
            Role::Attacker,
            Role::Tool,
            Role::CompromisedData,
            Role::NumberOfData,
        ],
    )
}

/// Whether no event of `events` is told between `before` and `after`: `before` is the
/// last operation told ahead of `after`.
fn nothing_told_between(events: &[Event], before: &Event, after: &Event) -> bool {
    !events
        .iter()
        .any(|m| m.trigger.start > before.trigger.start && m.trigger.end <= after.trigger.start)
}

/// "Hackers wiped servers at the utility, ESET said, attributing the attack to Sandworm",
/// "attributing the heist to TraderTraitor": an operation named again in its sentence by a
/// bare definite noun is the last one told before it. It gives way and lends that one what
/// it lacks. A noun with its own complement ("the attack on the port") or with another
/// attacker may be another operation and stays.
fn named_again(doc: &Document, events: Vec<Event>) -> Vec<Event> {
    static BARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:cyber[\s-]?)?attack|hack|intrusion|breach|heist|theft|incident)$")
            .unwrap_or_else(|e| panic!("bare operation noun pattern: {e}"))
    });
    static BLAMING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:blam|pin|pinn|attribut|trac)(?:e|es|ed|ing)?\s+(?:the|this|that)\s+$")
            .unwrap_or_else(|e| panic!("blaming pattern: {e}"))
    });
    let bare = |e: &Event| {
        if !BARE.is_match(&e.trigger.text) {
            return false;
        }
        let before = doc.slice(Span::new(e.sentence.start, e.trigger.start));
        // "blaming the attack on Sandworm": the preposition is the blame's.
        let blamed = BLAMING.is_match(before);
        let after = doc
            .slice(Span::new(e.trigger.end, e.sentence.end))
            .to_lowercase();
        let next = after
            .split(|c: char| c.is_whitespace() || c == ',')
            .find(|w| !w.is_empty())
            .unwrap_or("");
        matches!(
            before
                .split_whitespace()
                .next_back()
                .map(str::to_lowercase)
                .as_deref(),
            Some("the" | "this" | "that")
        ) && (!matches!(
            next,
            "on" | "against" | "of" | "in" | "at" | "into" | "that" | "which" | "by" | "from"
        ) || blamed)
    };
    let gone = told_twice(&events, |e, b| {
        b.trigger.end <= e.trigger.start
            // In a later sentence "the attack" often opens a blame the statements stage
            // reads off its own event ("the attack had been carried out by ...").
            && b.sentence == e.sentence
            && bare(e)
            && (e.kind == b.kind || e.kind == EventType::Intrusion)
            && match (e.arg(Role::Attacker), b.arg(Role::Attacker)) {
                (Some(x), Some(y)) => x.entity.is_some() && x.entity == y.entity,
                _ => true,
            }
            // The last operation told before it, not any earlier one.
            && nothing_told_between(&events, b, e)
    });
    // Not its victim: what a bare noun's sentence names after it ("an assault on German
    // democracy") is seldom whom the operation hit.
    give_way(events, &gone, &[Role::Attacker, Role::Tool])
}

/// "hacked the phone of a human rights defender with Pegasus spyware", "used Pegasus, the
/// spyware sold by NSO Group, to hack": an intrusion whose tool the sentence calls
/// spyware is spying on whoever it hit.
fn spyware_spies(doc: &Document, mut events: Vec<Event>) -> Vec<Event> {
    static SPYWARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^[^.;]{0,20}?\bspyware\b")
            .unwrap_or_else(|e| panic!("spyware pattern: {e}"))
    });
    for e in &mut events {
        let sentence = e.sentence;
        let spyware = e.args_with(Role::Tool).any(|a| {
            a.text.to_lowercase().contains("spyware") || {
                let end = sentence.end.min(a.end + 40).max(a.end);
                SPYWARE.is_match(doc.slice(Span::new(a.end, end)))
            }
        });
        if e.kind == EventType::Intrusion && spyware {
            e.kind = EventType::Espionage;
        }
    }
    events
}

/// "Mustang Panda ... siphoning diplomatic cables": a theft by a state's actor (or a
/// state's body) of what states keep secret (cables, defence files, officials' messages,
/// call records, policy papers) is spying. Customers' or patients' records taken by anyone
/// stay a breach.
fn spying_by_states(doc: &Document, events: Vec<Event>) -> Vec<Event> {
    static STATE_SECRETS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:cables?|diplomatic|defen[cs]e|military|classified|national\s+security|intelligence|policy|personnel|contact\s+lists?|call\s+records|live\s+audio|weapons?|nuclear|(?:e-?mails?|messages|correspondence|communications|inboxes)\s+(?:of|belonging\s+to)\s+(?:\w+\s+){0,2}?(?:officials|diplomats|executives|lawmakers|ministers|staff|leaders))\b")
            .unwrap_or_else(|e| panic!("state-secrets pattern: {e}"))
    });
    let of_a_state = |id: Option<&str>| {
        id.and_then(|id| doc.entity(id)).is_some_and(|e| {
            e.country.is_some() && (e.kind == EntityKind::ThreatActor || e.kind.is_state_organ())
        })
    };
    events
        .into_iter()
        .map(|mut e| {
            if e.kind == EventType::DataBreach
                && e.args_with(Role::Attacker)
                    .any(|a| of_a_state(a.entity.as_deref()))
            {
                // The trigger and what follows it: the data taken is named there.
                let end = (e.trigger.end + 60).min(e.sentence.end);
                let told = doc.slice(Span::new(e.trigger.start, end));
                if STATE_SECRETS.is_match(told)
                    || e.args_with(Role::CompromisedData)
                        .any(|a| STATE_SECRETS.is_match(&a.text))
                {
                    e.kind = EventType::Espionage;
                }
            }
            e
        })
        .collect()
}

/// "A Russian disinformation campaign spread fake videos": the campaign is the subject
/// of the spreading, one operation named twice. The verb's event gives way to the noun's
/// and lends it the victim. Deepfakes and fake accounts told beside another influence
/// operation of their sentence are its means, and give way to it too.
fn influence_told_twice(doc: &Document, events: Vec<Event>) -> Vec<Event> {
    let gone = told_twice(&events, |e, a| {
        e.kind == EventType::Influence
            && a.kind == EventType::Influence
            && a.sentence == e.sentence
            && a.trigger.end <= e.trigger.start
            && doc
                .slice(Span::new(a.trigger.end, e.trigger.start))
                .split_whitespace()
                .count()
                <= 2
    });
    let events = give_way(events, &gone, &[Role::Victim]);
    // "a network of fake accounts that spread fabricated stories": the means of influence
    // named beside what they did is that one operation; the means give way.
    static MEANS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?i)\b{INFLUENCE_MEANS}"))
            .unwrap_or_else(|e| panic!("influence means pattern: {e}"))
    });
    let means = |e: &Event| e.kind == EventType::Influence && MEANS.is_match(&e.trigger.text);
    let gone = told_twice(&events, |e, a| {
        means(e) && a.kind == EventType::Influence && !means(a) && a.sentence == e.sentence
    });
    give_way(events, &gone, &[Role::Attacker, Role::Victim, Role::Tool])
}

/// "spent months inside the network of a telecom, intercepting the calls of": the stay is
/// how the operation the clause goes on to name was done. The intrusion gives way to it
/// and lends it the victim.
fn presence_gives_way(events: Vec<Event>) -> Vec<Event> {
    let gone = told_twice(&events, |e, b| {
        e.kind == EventType::Intrusion
            && PRESENCE.is_match(&e.trigger.text)
            && b.kind != EventType::Intrusion
            && b.sentence == e.sentence
            && b.trigger.start > e.trigger.end
            && b.trigger.start - e.trigger.end <= 80
    });
    give_way(events, &gone, &[Role::Victim])
}

/// "the espionage campaign that burrowed into the networks of AT&T", "attacks that briefly
/// knocked offline": a verb whose relative pronoun stands for an operation named right
/// before it tells that operation, not a second one. The verb's event gives way to the
/// noun's and lends it what it names.
fn relative_twins(doc: &Document, mut events: Vec<Event>) -> Vec<Event> {
    static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*,?\s*(?:that|which)\s+(?:had\s+|has\s+|have\s+)?(?:\w+ly\s+)?$")
            .unwrap_or_else(|e| panic!("relative pattern: {e}"))
    });
    // "a cyberattack by Indian intelligence agencies that compromised": the noun's agent
    // may stand between it and the relative clause.
    static BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s+by\s+$").unwrap_or_else(|e| panic!("by pattern: {e}"))
    });
    let gone = told_twice(&events, |e, b| {
        let relative_from = |from: usize| {
            from <= e.trigger.start
                && RELATIVE.is_match(doc.slice(Span::new(from, e.trigger.start)))
        };
        b.sentence == e.sentence
            && b.trigger.end <= e.trigger.start
            && (relative_from(b.trigger.end)
                || b.arg(Role::Attacker).is_some_and(|a| {
                    a.start >= b.trigger.end
                        && BY.is_match(doc.slice(Span::new(b.trigger.end, a.start)))
                        && relative_from(a.end)
                }))
    });
    // "a breach that exposed the personal details of": the verb may say more than the noun.
    for &(i, b) in &gone {
        if events[b].kind == EventType::Intrusion {
            events[b].kind = events[i].kind;
        }
    }
    give_way(
        events,
        &gone,
        &[
            Role::Attacker,
            Role::Victim,
            Role::Tool,
            Role::VulnerableSystem,
            Role::Cve,
            Role::CompromisedData,
            Role::NumberOfData,
        ],
    )
}

/// "encrypted servers at a hospital chain, demanding $4 million and dumping its patient
/// records": a later operation of the same attacker in the sentence that names no victim
/// hit the victim named before it.
fn shared_victims(mut events: Vec<Event>) -> Vec<Event> {
    for i in 0..events.len() {
        if events[i].arg(Role::Victim).is_some() {
            continue;
        }
        let Some(attacker) = events[i].arg(Role::Attacker).and_then(|a| a.entity.clone()) else {
            continue;
        };
        let victims: Vec<Arg> = events[..i]
            .iter()
            .rev()
            .find(|b| {
                b.sentence == events[i].sentence
                    && b.trigger.end <= events[i].trigger.start
                    && b.arg(Role::Attacker).and_then(|a| a.entity.as_deref())
                        == Some(attacker.as_str())
            })
            .map(|b| b.args_with(Role::Victim).cloned().collect())
            .unwrap_or_default();
        events[i].args.extend(victims);
    }
    events
}

/// "deployed DragonForce ransomware", "ransomware deployed by the LockBit gang": deploying
/// code of a kind is the operation the code's kind names (a ransom, a wiper's sabotage),
/// not an intrusion of its own. The intrusion gives way and lends it what it lacks.
fn deployed_code_gives_way(doc: &Document, events: Vec<Event>) -> Vec<Event> {
    static DEPLOY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:deploy|plant|install|unleash)")
            .unwrap_or_else(|e| panic!("deploy pattern: {e}"))
    });
    let gone = told_twice(&events, |e, b| {
        if e.kind != EventType::Intrusion
            || b.kind == EventType::Intrusion
            || e.sentence != b.sentence
            || !DEPLOY.is_match(&e.trigger.text)
            || !MALWARE_WORD.is_match(&b.trigger.text)
        {
            return false;
        }
        // The code right after the verb ("deployed a variant of the Akira ransomware"),
        // or right before its participle ("ransomware deployed by").
        let gap = if b.trigger.start >= e.trigger.end {
            doc.slice(Span::new(e.trigger.end, b.trigger.start))
        } else if b.trigger.end <= e.trigger.start {
            doc.slice(Span::new(b.trigger.end, e.trigger.start))
        } else {
            return false;
        };
        gap.len() <= 50 && !gap.contains([',', ';', '.'])
    });
    give_way(
        events,
        &gone,
        &[
            Role::Attacker,
            Role::Victim,
            Role::Tool,
            Role::VulnerableSystem,
            Role::Cve,
        ],
    )
}

/// "exploited CVE-2024-1709 in ScreenConnect to encrypt servers", "hijacked the accounts
/// by exploiting a flaw": the exploit is the means of the operation its purpose names, or
/// of the one it follows after "by". The intrusion gives way and lends that
/// operation its attacker, victim, tool, product and CVE.
fn means_give_way(doc: &Document, events: Vec<Event>) -> Vec<Event> {
    static MANNER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:\bby|,(?:\s+(?:\w+ly|often))?)\s+$")
            .unwrap_or_else(|e| panic!("manner pattern: {e}"))
    });
    static TO_PURPOSE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^[^,;.]{0,120}?\bto\s+$")
            .unwrap_or_else(|e| panic!("purpose pattern: {e}"))
    });
    let mut gone = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let exploit =
            e.kind == EventType::Intrusion && e.trigger.text.to_lowercase().starts_with("exploit");
        // "using Maui ransomware to lock up the systems": malware named by its kind is the
        // means of the operation of its own type that its purpose names.
        let malware = MALWARE_WORD.is_match(&e.trigger.text);
        if !exploit && !malware {
            continue;
        }
        // "hijacked the accounts by exploiting a flaw", "broke into networks, often
        // exploiting bugs": the manner of the act before it.
        let manner =
            exploit && MANNER.is_match(doc.slice(Span::new(e.sentence.start, e.trigger.start)));
        let purpose = events.iter().position(|b| {
            b.sentence == e.sentence
                && b.trigger.start > e.trigger.end
                && (exploit || b.kind == e.kind)
                && TO_PURPOSE.is_match(doc.slice(Span::new(e.trigger.end, b.trigger.start)))
        });
        let purpose = purpose.or_else(|| {
            manner
                .then(|| {
                    events
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| {
                            b.sentence == e.sentence && b.trigger.end < e.trigger.start
                        })
                        .max_by_key(|(_, b)| b.trigger.end)
                        .map(|(k, _)| k)
                })
                .flatten()
        });
        if let Some(b) = purpose {
            gone.push((i, b));
        }
    }
    give_way(
        events,
        &gone,
        &[
            Role::Attacker,
            Role::Victim,
            Role::Tool,
            Role::VulnerableSystem,
            Role::Cve,
        ],
    )
}

/// "broke into the ministries' systems in 2020 and made off with health records": a theft
/// told as the intruders' next verb in one clause is what the intrusion took, one
/// operation. A breach gives way to the intrusion and lends it what it lacks; a theft of
/// state secrets, spying, takes the intrusion in ("penetrated eight telecoms companies and
/// siphoned call records"). So does a second intrusion verb that tells how the first went
/// on ("broke into the network by exploiting a flaw, and planted malware", "compromised
/// the institute, deploying ShadowPad").
fn told_in_one_clause(doc: &Document, events: Vec<Event>) -> Vec<Event> {
    static AND_THEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^[^;,]{1,150}\band\s+(?:then\s+|later\s+)?$")
            .unwrap_or_else(|e| panic!("and-then pattern: {e}"))
    });
    // The same subject's next verb, past commas that set off a name or a participle.
    static AND_NEXT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^[^;]{1,150}?(?:\band|,)\s+$")
            .unwrap_or_else(|e| panic!("and-next pattern: {e}"))
    });
    let gap = |first: &Event, next: &Event| {
        (first.sentence == next.sentence && first.trigger.end < next.trigger.start)
            .then(|| doc.slice(Span::new(first.trigger.end, next.trigger.start)))
    };
    let one_clause = |theft: &Event, intrusion: &Event| {
        intrusion.kind == EventType::Intrusion
            && opens_with_verb(&theft.trigger.text)
            && gap(intrusion, theft).is_some_and(|g| AND_THEN.is_match(g))
    };
    let goes_on = |next: &Event, first: &Event| {
        let verb = next.trigger.text.split_whitespace().next().unwrap_or("");
        let participle = verb.ends_with("ing");
        first.kind == EventType::Intrusion
            && next.kind == EventType::Intrusion
            && (participle || verb.ends_with("ed"))
            && gap(first, next).is_some_and(|g| {
                AND_NEXT.is_match(g) && (participle || g.trim_end().ends_with("and"))
            })
    };
    let lent = [
        Role::Attacker,
        Role::Victim,
        Role::CompromisedData,
        Role::NumberOfData,
        Role::Tool,
        Role::VulnerableSystem,
        Role::Cve,
    ];
    // "broke into the bank's systems and moved 62 billion shillings to accounts abroad":
    // the intruders took the money from whom they broke into. A name inside the
    // intrusion's object ("the Bank of Uganda") is no subject of the theft.
    let mut events = events;
    let robbed = told_twice(&events, |e, b| {
        b.kind == EventType::FinancialTheft && one_clause(b, e)
    });
    for &(i, b) in &robbed {
        let (from, to) = (events[i].trigger.end, events[b].trigger.start);
        events[b]
            .args
            .retain(|a| a.role != Role::Attacker || a.start < from || a.start >= to);
    }
    lend(&mut events, &robbed, &[Role::Attacker, Role::Victim]);
    let gone = told_twice(&events, |e, b| {
        e.kind == EventType::DataBreach && one_clause(e, b)
    });
    let events = give_way(events, &gone, &lent);
    let gone = told_twice(&events, |b, e| {
        e.kind == EventType::Espionage && one_clause(e, b)
    });
    let events = give_way(events, &gone, &lent);
    let gone = told_twice(&events, goes_on);
    give_way(events, &gone, &lent)
}

/// Whether a trigger tells a ransom by its demand ("demanding 50 bitcoin from").
fn is_demand(trigger: &str) -> bool {
    trigger.to_lowercase().starts_with("demand")
}

/// "encrypted servers at a hospital, demanding $2 million": a demand in the sentence of
/// a ransom operation by the same attacker (or by no one named) is part of it. The
/// demand gives way and lends the operation what it lacks.
fn demands_join_their_ransom(events: Vec<Event>) -> Vec<Event> {
    let demand = |e: &Event| e.kind == EventType::Ransom && is_demand(&e.trigger.text);
    let gone = told_twice(&events, |e, b| {
        demand(e)
            && b.kind == EventType::Ransom
            && !demand(b)
            && b.sentence == e.sentence
            && match (e.arg(Role::Attacker), b.arg(Role::Attacker)) {
                (Some(x), Some(y)) => x.entity == y.entity,
                _ => true,
            }
    });
    give_way(
        events,
        &gone,
        &[
            Role::Attacker,
            Role::Victim,
            Role::Tool,
            Role::CompromisedData,
        ],
    )
}

/// "had sent phishing emails": a verb and the noun right after it that trigger the same
/// type are one operation. The noun's event gives way and lends the verb's what it
/// lacks (its attacker is often an appositive's description of the verb's).
fn adjacent_twins(events: Vec<Event>) -> Vec<Event> {
    // "targeted attacks": a participle before its noun is no verb of its own.
    let gone = told_twice(&events, |e, b| {
        b.kind == e.kind
            && b.sentence == e.sentence
            && !b.trigger.text.ends_with("ed")
            && b.trigger.end < e.trigger.start
            && e.trigger.start - b.trigger.end <= 1
    });
    give_way(
        events,
        &gone,
        &[
            Role::Attacker,
            Role::Victim,
            Role::Tool,
            Role::CompromisedData,
        ],
    )
}

/// The operations told a second time: for each event `e`, the first event `b` with
/// `same(e, b)`, as the pair (`e`, `b`) that [`give_way`] takes.
fn told_twice(events: &[Event], same: impl Fn(&Event, &Event) -> bool) -> Vec<(usize, usize)> {
    events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| events.iter().position(|b| same(e, b)).map(|b| (i, b)))
        .collect()
}

/// For each `(from, to)` pair, gives the event `to` the `roles` it lacks from `from`.
fn lend(events: &mut [Event], pairs: &[(usize, usize)], roles: &[Role]) {
    for &(i, b) in pairs {
        for &role in roles {
            if events[b].arg(role).is_none()
                && let Some(a) = events[i].arg(role).cloned()
            {
                events[b].args.push(a);
            }
        }
    }
}

/// Drops the first event of each `(gone, kept)` pair after it lends the kept one the
/// `roles` that one lacks.
fn give_way(mut events: Vec<Event>, pairs: &[(usize, usize)], roles: &[Role]) -> Vec<Event> {
    lend(&mut events, pairs, roles);
    events
        .into_iter()
        .enumerate()
        .filter(|(i, _)| pairs.iter().all(|&(g, _)| g != *i))
        .map(|(_, e)| e)
        .collect()
}

/// An intrusion told as the intruder's stay ("spent months inside", "lurked in").
static PRESENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:spent|spending|lurked|lurking|hid|hiding|remained|stayed)\b")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// "The breach exposed the records of ...": the breach that exposes data is that data
/// breach, not an intrusion besides it. The intrusion gives way and lends its attacker and
/// victim to the breach of its sentence that lies close to it.
fn breaches_that_expose(events: Vec<Event>) -> Vec<Event> {
    let mut gone = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let noun = matches!(
            e.trigger.text.to_lowercase().as_str(),
            "breach" | "hack" | "intrusion" | "cyberattack" | "attack"
        );
        if e.kind != EventType::Intrusion || !noun {
            continue;
        }
        // Before it too: "the details of ... were leaked after a breach at a laboratory".
        let exposes = events.iter().position(|b| {
            let near = if b.trigger.start > e.trigger.end {
                b.trigger.start - e.trigger.end <= 60
            } else {
                b.trigger.end <= e.trigger.start && e.trigger.start - b.trigger.end <= 40
            };
            b.kind == EventType::DataBreach
                && b.sentence == e.sentence
                && near
                && EXPOSING.is_match(&b.trigger.text)
        });
        if let Some(b) = exposes {
            gone.push((i, b));
        }
    }
    give_way(events, &gone, &[Role::Attacker, Role::Victim])
}

/// The words that name malicious software by its kind.
const MALWARE_KIND: &str = r"(?:spyware|malware|ransomware|wipers?|backdoors?|implants?|trojans?)";

/// Malicious software named by its kind.
static MALWARE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b{MALWARE_KIND}\b")).unwrap_or_else(|e| panic!("{e}"))
});

/// Operations said not to be done, right before their noun: "does not conduct (any)",
/// "has never engaged in", "denied meddling", "had no motive or intention to meddle",
/// or told to stop ("stop spreading").
static NOT_DONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:not|never|n[’']t)\s+(?:\w+\s+)?(?:conduct|engag|carr(?:y|ies|ied)\s+out|sponsor|launch|take\s+part|took\s+part|participat)\w*\s+(?:in\s+)?(?:any\s+|such\s+)?(?:[\w-]+\s+){0,2}$|\b(?:stop|cease|quit)\s+$|\bden(?:y|ies|ied|ying)\s+(?:any\s+)?$|\b(?:no|neither\s+the|nor\s+the)\s+(?:motive|intention|interest|reason|desire|need|plans?)\s+(?:(?:or|nor)\s+(?:the\s+)?(?:motive|intention|interest|reason|desire|need|plans?)\s+)?to\s+$")
        .unwrap_or_else(|e| panic!("not-done pattern: {e}"))
});

/// "by Australian measures", "by the sanctions": a verb's agent that is a policy.
static BY_A_POLICY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+by\s+(?:[\w’'-]+\s+){0,2}?(?:measures|sanctions|restrictions|bans|tariffs|laws|rules|policies|decrees)\b")
        .unwrap_or_else(|e| panic!("by-a-policy pattern: {e}"))
});

/// A data-breach trigger that exposes or leaks what it names.
static EXPOSING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:exposed|leaked)\b").unwrap_or_else(|e| panic!("{e}")));

fn operation(doc: &Document, hit: &Hit, form: Form) -> Option<Event> {
    let view = SentenceView::new(doc, hit.sentence);
    let t = hit.span;
    if is_kinetic(&view, t) || inside_a_name(doc, t) || names_a_capability(&view, t) {
        return None;
    }
    // "Russia does not conduct offensive cyber operations": a denial, not an operation.
    if NOT_DONE.is_match(view.between(view.span.start, t.start)) {
        return None;
    }
    // "Iranians targeted by Australian measures": targeted by a policy, not by hackers.
    if form == Form::Verb && BY_A_POLICY.is_match(view.between(t.end, view.span.end)) {
        return None;
    }
    // "disrupted the water supply by attacking a pump controller": the means of the
    // clause's operation, not a second one.
    if form == Form::Verb
        && doc.slice(t).ends_with("ing")
        && view.word_before(t.start) == "by"
        && OPERATION_BEFORE.is_match(view.between(view.span.start, t.start))
    {
        return None;
    }
    let mut event = event_at(doc, hit, "rules");
    // "exploited a flaw in Outlook to breach the mailboxes": the purpose verb is the act.
    if doc.slice(t).to_lowercase().starts_with("exploit")
        && EXPLOIT_PURPOSE.is_match(view.between(t.end, view.span.end))
    {
        return None;
    }
    // "was attacking" is progressive, not passive; "the country most targeted by the
    // attackers" is passive without an auxiliary ("by exploiting" is the manner).
    let auxiliary = {
        let before = view.between(view.span.start, t.start).to_lowercase();
        before
            .split_whitespace()
            .rev()
            .take(2)
            .any(|w| matches!(w, "was" | "were" | "been" | "being" | "is" | "are" | "be"))
            // "had their phones hacked", "had data stolen by": the subject suffered it.
            || (form == Form::Verb
                && CAUSATIVE.is_match(view.between(view.span.start, t.start)))
    };
    let participle = {
        let after = view.between(t.end, view.span.end).to_lowercase();
        let mut next = after.split_whitespace();
        next.next() == Some("by") && next.next().is_some_and(|w| !w.ends_with("ing"))
    };
    // "its hacked computer systems": after a determiner the participle is an adjective,
    // and what it qualifies was hacked by someone the clause does not name.
    let adjective = form == Form::Verb && doc.slice(t).ends_with("ed") && {
        let before = view.between(view.span.start, t.start).to_lowercase();
        matches!(
            before.split_whitespace().next_back(),
            Some("its" | "their" | "his" | "her" | "our" | "the" | "a" | "an")
        )
    };
    // "documents were stolen from": a noun phrase that holds its own passive verb takes
    // its attacker after "by" only (the data's owner may stand before it).
    let passive_noun = form == Form::Noun && PASSIVE_INSIDE.is_match(doc.slice(t));
    let passive = passive_noun
        || (form == Form::Verb
            // "was pre-positioning inside", "were breaking into": progressive.
            && !opens_with_gerund(doc.slice(t))
            && (auxiliary || participle || adjective));
    if form == Form::Campaign {
        return campaign(doc, &view, hit);
    }
    // A ransom demanded "from" someone is taken from them, as a theft is.
    let theft = matches!(hit.kind, EventType::FinancialTheft | EventType::DataBreach)
        || is_demand(doc.slice(t));
    // "took over the data centre", "took weeks to restore files": no data taken.
    if hit.kind == EventType::DataBreach && took_no_data(doc.slice(t)) {
        return None;
    }
    // "the extorted money": a participle before its noun tells no act of its own.
    if adjective && hit.kind == EventType::Ransom {
        return None;
    }
    let attacker = if passive {
        view.after_word(t.end, &["by"])
            .filter(|s| is_attacker(view.kind(s)))
    } else {
        modifier_before(&view, t, is_attacker)
            // "the Office of Civil Rights' data breach portal", "the OPM breach": a body
            // named before a breach is whom it hit or who records it, not who did it.
            .filter(|s| {
                !(hit.kind == EventType::DataBreach
                    && form == Form::Noun
                    && matches!(
                        view.kind(s),
                        EntityKind::Government
                            | EntityKind::Agency
                            | EntityKind::Company
                            | EntityKind::Organization
                    ))
            })
            // "the outage in India was cyber sabotage": before a noun, a copula means the
            // name belongs to the subject ("Russian hackers had targeted" is fine).
            .filter(|s| {
                form == Form::Verb
                    || !view
                        .between(s.span.end, t.start)
                        .split_whitespace()
                        .any(is_copula)
            })
            .or_else(|| match form {
                Form::Verb => verb_subject(&view, t).or_else(|| group_of_unnamed_subject(&view, t)),
                Form::Noun | Form::Campaign => light_verb_subject(&view, t)
                    .or_else(|| accused_of(&view, t))
                    .or_else(|| before_appositive(&view, t))
                    // "a collective calling itself Guacamaya had stolen emails": a noun
                    // phrase that opens with its verb has that verb's subject.
                    .or_else(|| {
                        opens_with_verb(doc.slice(t))
                            .then(|| verb_subject(&view, t))
                            .flatten()
                    }),
            })
            .or_else(|| {
                // "stole data from the OPM": what is stolen from is the victim.
                let agent: &[&str] = if theft { &["by"] } else { &["by", "from"] };
                view.after_word(t.end, agent)
                    .filter(|s| is_attacker(view.kind(s)) && near(t, s, 60))
                    .filter(|s| !reported_by(&view, s) && !run_by(&view, s))
                    .filter(|s| !suffered_by(&view, t, s))
            })
            .or_else(|| {
                (form == Form::Noun)
                    .then(|| agent_of_predicate(&view, t))
                    .flatten()
            })
            .or_else(|| {
                (form == Form::Noun)
                    .then(|| launched_by(&view, t))
                    .flatten()
            })
            .or_else(|| own_operatives(&view, t))
    }
    .filter(|s| !impersonated(&view, s));
    let victim = if adjective {
        None
    } else if passive_noun {
        victim_after(&view, t, form, theft)
    } else if passive && !auxiliary {
        // A participle qualifies the noun right before it ("the networks compromised by",
        // "Estonia was the country most targeted by").
        view.left(t).pop().filter(|s| {
            let gap = view.between(s.span.end, t.start);
            is_victim(view.kind(s)) && !gap.contains(',') && gap.split_whitespace().count() <= 4
        })
    } else if passive {
        // "Cutler said patient files were compromised": a person who reports the passive
        // is not its victim (a body that reports it often is: "the club said staff
        // records were compromised"). A lone name the KB does not know that reports is
        // most often a person named by surname.
        let reported_from = super::statements::reporting_verbs(&view)
            .into_iter()
            .filter(|v| v.end <= t.start)
            .map(|v| v.end)
            .max();
        let a_person = |s: &Slot| {
            let e = &view.doc.entities[s.entity];
            e.kind == EntityKind::Person
                || (e.id.starts_with("local:company:") && !e.name.contains(' '))
        };
        view.subject(t, is_victim)
            .filter(|s| reported_from.is_none_or(|from| s.span.start >= from) || !a_person(s))
    } else {
        victim_after(&view, t, form, theft)
    }
    .filter(|v| attacker.is_none_or(|a| a.entity != v.entity) && !impersonated(&view, v))
    // "replaced regular programming with footage of Palestinians": who the content shows
    // is not whom it was aimed at.
    .filter(|_| !(hit.kind == EventType::Influence && doc.slice(t).ends_with("with")));
    // "Kenya's government said hackers had knocked its portal offline": the owner the
    // pronoun points back to.
    let victim = victim
        .or_else(|| {
            (form == Form::Verb && !passive)
                .then(|| owner_by_pronoun(&view, t, attacker.as_ref()))
                .flatten()
        })
        // "the worst cyberattack ever suffered by Australians".
        .or_else(|| {
            (form == Form::Noun)
                .then(|| view.after_word(t.end, &["by"]))
                .flatten()
                .filter(|s| is_victim(view.kind(s)) && suffered_by(&view, t, s))
        });
    // "was knocked offline by hackers", "by a flood of traffic": a passive's agent that is
    // unnamed hackers (group `n`) or an attack, unless the passive only may have happened.
    let after = view.between(t.end, view.span.end);
    let unnamed_agent = (attacker.is_none()
        && passive
        && !HYPOTHETICAL_PASSIVE.is_match(view.between(view.span.start, t.start)))
    .then(|| BY_UNNAMED.captures(after))
    .flatten();
    // "attacked", "wiped", "deployed" are cyber operations only when hackers or a threat
    // group did them ("Israel attacked the sites" is not one).
    if form == Form::Verb
        && ACTOR_ONLY.is_match(doc.slice(t))
        // "spyware deployed by the Saudi government": malware is put in place by whoever.
        && !(doc.slice(t).to_lowercase().starts_with("deploy")
            && attacker.is_some()
            && MALWARE_WORD.is_match(view.between(view.span.start, view.span.end)))
        && !attacker.is_some_and(|a| {
            // The name or the noun it modifies ("Pro-Russian hacktivists").
            let next = view.between(a.span.end, view.span.end);
            let head = next.split_whitespace().next().unwrap_or("");
            view.kind(&a) == EntityKind::ThreatActor
                || HACKERS.is_match(view.between(a.span.start, a.span.end))
                || HACKERS.is_match(head)
        })
        // "The attackers used ...", "a ransomware gang encrypted ...": hackers unnamed.
        && !(attacker.is_none()
            && UNNAMED_ATTACKER.is_match(view.between(view.span.start, t.start)))
        // "a distributed denial-of-service attack had knocked the portal offline": an
        // operation as the subject does it, whoever is behind it.
        && !(attacker.is_none() && OPERATION_SUBJECT.is_match(view.between(view.span.start, t.start)))
        // "a variant of the CaddyWiper malware erased data": malware destroys on its own.
        && !(attacker.is_none()
            && hit.kind == EventType::Disruption
            && MALWARE_SUBJECT.is_match(view.between(view.span.start, t.start)))
        && unnamed_agent.is_none()
    {
        return None;
    }
    let mut unnamed_attacker = false;
    let mut unnamed_victim = false;
    // The words of a phrase `n` found in `text`, which starts at character `from`.
    let span_of = |text: &str, from: usize, n: regex::Match| {
        let start = from + text[..n.start()].chars().count();
        Span::new(start, start + n.as_str().chars().count())
    };
    if let Some(a) = attacker {
        event.args.push(view.arg(Role::Attacker, &a));
    } else {
        let unnamed = if passive {
            unnamed_agent
                .as_ref()
                .and_then(|c| c.name("n"))
                .map(|n| span_of(after, t.end, n))
        } else if form == Form::Verb || opens_with_verb(doc.slice(t)) {
            // "Hackers locked up servers at ...": attackers the sentence does not name are
            // still who did it (the statements stage gives way to an accused it names).
            let mut before = view.between(view.span.start, t.start);
            // "attackers had exploited a flaw in Zyxel firewalls to break into": the
            // purpose's subject is the means' subject.
            if let Some(m) = PURPOSE.find(before) {
                before = &before[..m.start()];
            }
            UNNAMED_ATTACKER
                .captures(before)
                .and_then(|c| c.name("n"))
                .map(|n| span_of(before, view.span.start, n))
        } else {
            None
        };
        if let Some(span) = unnamed {
            event.args.push(view.span_arg(Role::Attacker, span));
            unnamed_attacker = true;
        }
    }
    if let Some(v) = victim {
        event.args.push(view.arg(Role::Victim, &v));
        // "hit banks in Ukraine": where a victim with no state of its own sits.
        if let Some(p) = place_after(&view, &v) {
            event.args.push(view.arg(Role::Place, &p));
        }
    } else if form != Form::Campaign && !passive && !event.args.is_empty() {
        // "Salt Typhoon penetrated high-voltage electrical substations": a victim the KB
        // cannot name is still the verb's object, when the sentence says who did it.
        if let Some(span) = object_phrase(&view, t, form, theft) {
            event.args.push(view.span_arg(Role::Victim, span));
            unnamed_victim = true;
        }
    }
    push_tools_and_products(&view, &mut event);
    push_named_malware(&view, &mut event);
    push_cves(doc, &view, &mut event);
    push_counts(&view, &mut event);
    // "cyberattacks" with nobody and nothing named says nothing, unless the sentence
    // blames someone for it ("a campaign attributed to Pawn Storm"): the statements stage
    // then lends it the accused, and drops it if it still names no one.
    // Unnamed attackers and victims alone name no one either.
    let says_nothing =
        event.args.len() <= usize::from(unnamed_attacker) + usize::from(unnamed_victim);
    if says_nothing && !BLAMED_HERE.is_match(view.between(view.span.start, view.span.end)) {
        return None;
    }
    // A sum alone names no one either: it comes after the check.
    push_sum(&view, t, &mut event);
    event.confidence = rule_confidence(&event, &[Role::Attacker, Role::Victim]);
    Some(event)
}

/// "had their phones hacked", "has had its data stolen": the words before a participle
/// that make the clause's subject whom it was done to.
static CAUSATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:had|has|have|having)\s+(?:had\s+)?(?:(?:its|their|his|her|our|the|some|all|many|most)\s+)?(?:[\w’'-]+\s+){0,3}?(?:(?:smart)?phones?|handsets|devices?|computers?|laptops?|networks?|systems?|servers?|websites?|sites?|accounts?|e-?mails?|mailboxes|inboxes|data|information|records|details|files|documents|credentials|passwords|databases?)\s+$")
        .unwrap_or_else(|e| panic!("causative pattern: {e}"))
});

/// Whether `s`, after "by", is who suffered the operation named at `t` ("the worst
/// cyberattack ever suffered by Australians"), not who did it.
fn suffered_by(view: &SentenceView, t: Span, s: &Slot) -> bool {
    static SUFFERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:[\w-]+\s+){0,3}?(?:suffered|experienced|endured|sustained|faced|seen)\s+by\s*$")
            .unwrap_or_else(|e| panic!("suffered pattern: {e}"))
    });
    SUFFERED.is_match(view.between(t.end, s.span.start))
}

/// Malware named as the subject right before its verb ("the AcidRain malware erased").
static MALWARE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MALWARE_KIND}\s+(?:(?:had|has|have|also|then|reportedly)\s+){{0,2}}$"
    ))
    .unwrap_or_else(|e| panic!("malware subject pattern: {e}"))
});

/// Words of blame that may give an operation named by a bare noun its attacker.
static BLAMED_HERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:attribut(?:e|es|ed|ing|ion)|blam(?:e|es|ed|ing)|accus(?:e|es|ed|ing)|(?:linked|tied|traced|pinned)\s+(?:\S+\s+){0,6}?(?:to|on))\b")
        .unwrap_or_else(|e| panic!("blamed-here pattern: {e}"))
});

/// A trigger word inside a longer name of a group or body ("a Russian hacking group",
/// "the Cyber Espionage Unit") names the actor, not an operation. Malware names keep
/// theirs ("the NotPetya ransomware" is still a ransomware event).
pub(crate) fn inside_a_name(doc: &Document, t: Span) -> bool {
    doc.entities
        .iter()
        .filter(|e| e.kind != EntityKind::Malware)
        .any(|e| {
            e.mentions.iter().any(|m| {
                m.start <= t.start && t.end <= m.end && (m.end - m.start) > t.end - t.start
            })
        })
}

/// A bare "attack" whose modifier makes it physical: "the nerve agent attack on a former
/// double agent", "missile attacks on the grid". Those are no cyber operations.
fn is_kinetic(view: &SentenceView, t: Span) -> bool {
    let word = view.between(t.start, t.end).to_lowercase();
    if word != "attack" && word != "attacks" {
        return false;
    }
    let before = view.between(view.span.start, t.start);
    let from = before.ceil_char_boundary(before.len().saturating_sub(40));
    KINETIC.is_match(&before[from..].to_lowercase())
}

static KINETIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:nerve[\s-]agent|novichok|chemical(?:[\s-]weapons?)?|missile|rocket|drone|terror(?:ist)?|bomb(?:ing)?|suicide|knife|gun|armed|artillery|air|poison(?:ing)?|physical|heart|arson|grenade|acid)\s+$")
        .unwrap_or_else(|e| panic!("kinetic pattern: {e}"))
});

/// The country right after a victim that carries none ("banks in Ukraine").
fn place_after(view: &SentenceView, v: &Slot) -> Option<Slot> {
    if view.country(v).is_some() {
        return None;
    }
    view.right(v.span).into_iter().next().filter(|p| {
        view.kind(p) == EntityKind::Country
            && matches!(
                view.between(v.span.end, p.span.start).trim(),
                "in" | "in the"
            )
    })
}

/// "Chinese hacking", "APT31's attack", "a Russian cyberattack": an actor right before
/// the trigger, with at most two modifier words between and no verb among them.
fn modifier_before(view: &SentenceView, t: Span, ok: impl Fn(EntityKind) -> bool) -> Option<Slot> {
    view.left(t).into_iter().rev().find(|s| {
        let gap = view.between(s.span.end, t.start);
        let gap = gap.trim_start_matches(['’', '\'', 's']).trim();
        let words: Vec<&str> = gap.split_whitespace().collect();
        // A quantifier opens a new, generic noun phrase ("China opposes all hacking"), and
        // a preposition ends the modifier's ("extradited to the US over the attacks").
        let new_phrase = words.iter().any(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "all"
                    | "any"
                    | "every"
                    | "such"
                    | "no"
                    | "over"
                    | "in"
                    | "on"
                    | "at"
                    | "to"
                    | "for"
                    | "from"
                    | "with"
                    | "by"
                    | "of"
                    | "after"
                    | "about"
                    | "into"
            )
        });
        ok(view.kind(s))
            && view.kind(s) != EntityKind::Person
            && words.len() <= 2
            && !gap.contains(',')
            && !new_phrase
            && !words.iter().any(|w| looks_like_verb(w))
    })
}

/// A campaign whose agent, after "by", is a threat actor: that actor attacks, and what the
/// campaign targets is the victim.
fn campaign(doc: &Document, view: &SentenceView, hit: &Hit) -> Option<Event> {
    let t = hit.span;
    let attacker = view.right(t).into_iter().find(|s| {
        view.kind(s) == EntityKind::ThreatActor
            && near(t, s, 80)
            && view
                .between(t.end, s.span.start)
                .split_whitespace()
                .any(|w| w == "by")
    })?;
    let mut event = event_at(doc, hit, "rules");
    event.args.push(view.arg(Role::Attacker, &attacker));
    let victim = victim_after(
        view,
        Span::new(attacker.span.start, attacker.span.end),
        Form::Noun,
        false,
    )
    .filter(|v| v.entity != attacker.entity);
    if let Some(v) = victim {
        event.args.push(view.arg(Role::Victim, &v));
    }
    event.confidence = rule_confidence(&event, &[Role::Attacker, Role::Victim]);
    Some(event)
}

/// The subject of an operation verb: after the last reporting verb before it, if any
/// ("Downing Street said the Kremlin had tried to interfere": the Kremlin).
/// A means used for a purpose, right before the purpose's verb: "exploited a flaw, tracked
/// as CVE-..., to ", "used stolen passwords to ".
static PURPOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:exploit(?:ed|ing|s)?|us(?:ed|ing|es)|abus(?:ed|ing|es)|weaponi[sz](?:ed|ing|es))\s+{WORD_BUT_TO}{{1,12}}?to\s+$"))
        .unwrap_or_else(|e| panic!("purpose pattern: {e}"))
});

fn verb_subject(view: &SentenceView, t: Span) -> Option<Slot> {
    // "warned of Iranian attempts to break into": the attempts' owner acts, if named;
    // the sentence's subject only reports them.
    let before = view.between(view.span.start, t.start).to_lowercase();
    // "Cl0p exploited a flaw, tracked as CVE-..., to steal records": whoever exploited
    // the flaw stole with it; the asides between the two verbs name no one who acts.
    if let Some(m) = PURPOSE.find(&before) {
        let at = view.span.start + before[..m.start()].chars().count();
        return verb_subject(view, Span::new(at, at));
    }
    let attempt = [
        "attempts to ",
        "attempt to ",
        "efforts to ",
        "effort to ",
        "bids to ",
    ]
    .iter()
    .find(|p| before.ends_with(*p));
    if let Some(p) = attempt {
        let noun_start = t.start - p.chars().count();
        return view
            .slots
            .iter()
            .rfind(|s| s.span.end <= noun_start)
            .filter(|s| view.between(s.span.end, noun_start).trim().is_empty())
            .filter(|s| is_attacker(view.kind(s)))
            .copied();
    }
    // "Aleksandr Ermakov, a Russian national whom Canberra held responsible for
    // stealing": the one the clause hangs on did it, not whoever blames him.
    if let Some(m) = BLAMED_WHOM.find(&before) {
        let pronoun = view.span.start + before[..m.start()].chars().count();
        let nearest = view.slots.iter().rfind(|s| s.span.end <= pronoun)?;
        // "Ermakov, a Russian national whom": the name, not the demonym describing it.
        return Some(described_by_demonym(view, nearest, pronoun, 80))
            .filter(|s| is_attacker(view.kind(s)));
    }
    // "charged a Russian national with deploying": whom the charge names did it
    // ("breaking into" as well, and "accusing him of helping extort").
    let (helped, before_help) = past_helper(&before);
    if (opens_with_gerund(view.between(t.start, t.end)) || helped)
        && let Some(s) = charged_with(view, t, before_help)
    {
        return Some(s);
    }
    // "Austrian police arrested a teenager for infecting": whom the police hold did it,
    // not the police.
    if view.between(t.start, t.end).ends_with("ing")
        && (before.ends_with(" for ") || before.ends_with(" for allegedly "))
        && HOLDS_THE_DOER.is_match(&before)
    {
        return None;
    }
    if let Some(s) = relative_subject(view, &before) {
        return Some(s);
    }
    // "Patchwork, a group it believes operates from India, had hacked": the name the
    // appositive describes, whatever verb of saying sits inside it.
    if let Some(s) = before_appositive(view, t) {
        return Some(s);
    }
    let verbs: Vec<Span> = super::statements::reporting_verbs(view)
        .into_iter()
        // "hackers, believed to be sponsored by X, breached": a hedge, not a report.
        .filter(|v| v.end <= t.start && !view.between(v.end, t.start).starts_with(" to "))
        .collect();
    // ", said DICT's undersecretary Dy, tried to hack": a reporting clause set off by
    // commas names the speaker, never the subject. A comma after an appositive opens no
    // aside ("SektorCERT, a non-profit body, said attackers had broken into").
    let aside = |v: &Span| {
        let rest = view.between(v.end, t.start);
        view.between(view.span.start, v.start)
            .trim_end()
            .ends_with(',')
            && rest
                .find(',')
                .is_some_and(|i| rest[..i].split_whitespace().count() <= 6)
    };
    let asides: Vec<(usize, usize)> = verbs
        .iter()
        .filter(|v| aside(v))
        .map(|v| {
            let rest = view.between(v.end, t.start);
            let close = rest
                .find(',')
                .map_or(t.start, |i| v.end + rest[..i].chars().count());
            (v.start, close)
        })
        .collect();
    let in_aside = |s: &Slot| {
        asides
            .iter()
            .any(|&(a, b)| a <= s.span.start && s.span.start < b)
    };
    let after = verbs.iter().filter(|v| !aside(v)).map(|v| v.end).max();
    match after {
        Some(from) => view
            .left(t)
            .into_iter()
            .filter(|s| s.span.start >= from && is_attacker(view.kind(s)) && !in_aside(s))
            .find(|s| view.can_be_subject(s)),
        None => view.subject(t, is_attacker).filter(|s| !in_aside(s)),
    }
}

/// "Ukraine's HUR said its cyber specialists had carried out an attack": the state body
/// whose own hackers did it, named before the pronoun.
fn own_operatives(view: &SentenceView, t: Span) -> Option<Slot> {
    static OWN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:its|their)\s+(?:own\s+)?(?:[\w-]+\s+){0,2}?(?:specialists|hackers|operatives|experts|units?|teams?|officers|agents)\s+(?:[\w-]+\s+){0,6}?$")
            .unwrap_or_else(|e| panic!("own operatives pattern: {e}"))
    });
    let before = view.between(view.span.start, t.start);
    let m = OWN.find(before)?;
    let at = view.span.start + before[..m.start()].chars().count();
    view.slots
        .iter()
        .rfind(|s| s.span.end <= at)
        .filter(|s| {
            matches!(
                view.kind(s),
                EntityKind::Agency | EntityKind::Military | EntityKind::Government
            ) && view.can_be_subject(s)
        })
        .copied()
}

/// Verbs whose object, not subject, did what "for ...ing" names ("arrested a teenager
/// for infecting"; "claimed responsibility for knocking ... offline" is the subject's).
static HOLDS_THE_DOER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:arrest(?:ed|s)?|detain(?:ed|s)?|charg(?:ed|es)|indict(?:ed|s)?|sentenc(?:ed|es)|convict(?:ed|s)?|jail(?:ed|s)?|fin(?:ed|es)|sanction(?:ed|s)|punish(?:ed|es)|blam(?:ed|es)|accus(?:ed|es)|prosecut(?:ed|es)|extradit(?:ed|es)|question(?:ed|s)|thank(?:ed|s)|prais(?:ed|es))\b")
        .unwrap_or_else(|e| panic!("holds-the-doer pattern: {e}"))
});

/// A passive verb inside a noun trigger ("were stolen", "was drained").
static PASSIVE_INSIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:was|were|been)\s+\w+").unwrap_or_else(|e| panic!("{e}"))
});

/// The noun phrase a verb of intrusion takes as its object when no entity is there
/// ("broke into the networks of two universities", "targeted think tanks"): from after
/// the verb (and "into"/"on"/"against") up to a clause or phrase break, at most eight words,
/// with "of" and its noun phrase kept; for a `theft` told by its verb, the phrase after
/// "from" ("stole $600 million from a blockchain bridge"); for a noun, the phrase after
/// "on", "against" or a lure's "to". `None` for pronouns, infinitives and phrases that
/// end in no noun.
fn object_phrase(view: &SentenceView, t: Span, form: Form, theft: bool) -> Option<Span> {
    static NOUN_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s+(?:(?:e-?mails?|messages|texts|lures|links)\s+to|on|against|targeting)\b",
        )
        .unwrap_or_else(|e| panic!("noun object pattern: {e}"))
    });
    static OBJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s+(?:(?:into|in\s+to|on|against)\s+)?(?P<np>(?:[\p{L}\p{N}’'.&-]+\s+){0,7}?[\p{L}\p{N}’'&-]*\p{L})(?:\s*[,.;:()]|\s+(?:and|or|but|with|using|through|by|to|in|for|from|since|during|via|after|before|at|while|as|that|which|who|where|when|over|across|including|last|this|earlier|on|between|because|without|until|into|among|inside|within|around|then|so|if|than|used|run|operated|owned|belonging|based|located|linked|tied|managed|held|exposed|left|connected|offline)\b|\s*$)")
            .unwrap_or_else(|e| panic!("object phrase pattern: {e}"))
    });
    const NOT_OBJECTS: &[&str] = &[
        "it",
        "them",
        "him",
        "her",
        "us",
        "me",
        "itself",
        "themselves",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "again",
        "also",
        "back",
        "out",
        "up",
        "down",
        "more",
        "most",
        "some",
        "any",
        "all",
        "one",
        "each",
        "what",
        "which",
        "who",
        "with",
        "for",
        "towards",
        "toward",
        "to",
        "by",
        "at",
        "from",
        "about",
        "last",
        "next",
        "attacks",
        "attack",
        "campaigns",
        "campaign",
        "emails",
        "ads",
        "advertising",
        "messages",
        "operations",
        "attempts",
        "phishing",
        "malware",
        "ransomware",
        "in",
        "on",
        "of",
        "as",
        "and",
        "or",
        "when",
        "while",
        "after",
        "before",
        "during",
        "through",
        "via",
        "using",
        "over",
        "efforts",
    ];
    // "the company operating the port": a participle of running something stays.
    const OWNING: &[&str] = &["operating", "running", "managing", "serving", "supplying"];
    // A verb inside the phrase means it runs on into a clause ("messages can trick").
    const CLAUSE_WORDS: &[&str] = &[
        "is", "are", "was", "were", "be", "been", "can", "could", "will", "would", "may", "might",
        "have", "has", "had", "do", "does", "did", "they", "we", "he", "she",
    ];
    let after = view.between(t.end, view.span.end);
    // "stole $600 million from a blockchain bridge": a theft's victim follows "from".
    let verb = view.between(t.start, t.end);
    // "extorted 470 million won in bitcoin from three companies": a sum first, then
    // whom it was taken from.
    // So for "demanding 50 bitcoin from the health authority".
    let lower = verb.to_lowercase();
    let extorted_sum = (lower.starts_with("extort") || is_demand(verb))
        .then(|| SUM_THEN_FROM.find(after))
        .flatten();
    // "hid inside the network of": where an intruder stayed is whom it hit.
    let stay = form == Form::Verb
        && [" inside", " in", " within"]
            .iter()
            .any(|p| lower.ends_with(p));
    let object_verb = OBJECT_VERB.is_match(verb)
        || (form == Form::Verb && OBJECT_VERB_FORMS.is_match(verb))
        || stay;
    let (lead, after) = if let Some(m) = extorted_sum {
        (after[..m.end()].chars().count(), &after[m.end()..])
    } else if object_verb {
        // "gained access to routers at": what access was gained to.
        let to = lower
            .ends_with("access")
            .then(|| after.strip_prefix(" to"))
            .flatten();
        match to {
            Some(rest) => (3, rest),
            None => (0, after),
        }
    } else if theft && opens_with_verb(verb) {
        // "stole the records of 300,000 patients from a hospital group": what was taken
        // may be told before whom it was taken from.
        // A bare verb ("siphon mailbox contents from") names what it took after it.
        let m = if verb.split_whitespace().count() == 1 {
            OBJECT_THEN_FROM.find(after)
        } else {
            THEN_FROM.find(after)
        }?;
        (after[..m.end()].chars().count(), &after[m.end()..])
    } else if let Some(m) = SENT
        .is_match(view.between(t.start, t.end))
        .then(|| SENT_THEN_TO.find(after))
        .flatten()
    {
        // "had sent phishing emails posing as journalists to dozens of diplomats".
        (after[..m.end()].chars().count(), &after[m.end()..])
    } else if let Some(m) = (form == Form::Noun && !theft)
        .then(|| NOUN_OBJECT.find(after))
        .flatten()
    {
        // "a ransomware attack on a hospital", "phishing messages to their engineers".
        (after[..m.end()].chars().count(), &after[m.end()..])
    } else {
        return None;
    };
    // "encrypted servers at a port operator", "the networks of the company operating
    // the port": what was hit is named by its owner.
    let (lead, after) = match SYSTEMS_OF.captures(after) {
        Some(c) if c.name("sys").is_some_and(|m| is_system_noun(m.as_str())) => {
            let end = c.get(0).map_or(0, |m| m.end());
            (lead + after[..end].chars().count(), &after[end..])
        }
        _ => (lead, after),
    };
    let c = OBJECT.captures(after)?;
    let np = c.name("np")?;
    let words: Vec<&str> = np.as_str().split_whitespace().collect();
    let first = words.first()?.to_lowercase();
    let last = words.last()?.to_lowercase();
    if NOT_OBJECTS.contains(&first.as_str())
        || NOT_OBJECTS.contains(&last.as_str())
        || words.iter().skip(1).any(|w| {
            let w = w.to_lowercase();
            CLAUSE_WORDS.contains(&w.as_str())
                || (w.ends_with("ing") && !OWNING.contains(&w.as_str()))
        })
        || last.ends_with("ly")
        || last.ends_with("ing")
        || crate::lexicon::is_function_word(&last)
        || words
            .iter()
            .any(|w| w.chars().any(|c| c.is_ascii_digit()) && w.contains('-'))
    {
        return None;
    }
    let start = t.end + lead + after[..np.start()].chars().count();
    let span = Span::new(start, start + np.as_str().chars().count());
    // A name there is the entity logic's business; a sector there only says what kind
    // of victim it is ("local defence contractors"), a demonym before the head or a
    // place after it where it sits ("a regional Norwegian internet provider", "the
    // company running the airport of Faro").
    (!view.slots.iter().any(|s| {
        s.span.start < span.end
            && s.span.end > span.start
            && !(view.kind(s) == EntityKind::Sector
                || (view.kind(s) == EntityKind::Country && s.span.end < span.end)
                || (view.kind(s) == EntityKind::Location && s.span.start > span.start))
    }))
    .then_some(span)
}

/// What an object phrase opens with when it names systems by their owner: "servers at",
/// "into the networks of", "to routers belonging to" (the system noun is group `sys`).
static SYSTEMS_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:(?:into|in\s+to|on|against|to)\s+)?(?:(?:the|its|their|a|an|some|several|dozens\s+of|hundreds\s+of|[\d,]+|[\w-]+)\s+){0,5}?(?P<sys>[\w-]+)\s+(?:at|of|belonging\s+to|run\s+by|operated\s+by|used\s+by)\b")
        .unwrap_or_else(|e| panic!("systems-of pattern: {e}"))
});

/// A trigger that sends what it sends on to its victims ("sent", "sending").
static SENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:had\s+|have\s+|has\s+)?(?:sent|send|sends|sending)\b")
        .unwrap_or_else(|e| panic!("sent pattern: {e}"))
});

/// What was sent, then "to", within one phrase: the victims follow.
static SENT_THEN_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^,;.]{0,80}?\bto\b").unwrap_or_else(|e| panic!("sent-to pattern: {e}"))
});

/// Verbs whose object is whom the operation hit.
static OBJECT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:lured|luring|lures|lure|tricked|tricking|trick|duped|duping|dupe|hacked(?:\s+into)?|breached|compromised|infiltrated|penetrated|targeted|targeting|broke\s+into|broken\s+into|break(?:s|ing)?\s+into|hacking\s+into|burrow(?:ed|ing|s)?\s+(?:deep\s+)?into|(?:went|gone|going|goes)\s+after|attacked|hijacked|infected|took\s+over|taken\s+over|spied\s+on|spying\s+on|knock(?:ed|ing|s)?|took|taking|takes|taken)$")
        .unwrap_or_else(|e| panic!("object verb pattern: {e}"))
});

/// The other forms of the verbs whose object is whom the operation hit, when the trigger
/// is a verb ("to penetrate government networks", "got into the networks of", "hacks").
static OBJECT_VERB_FORMS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:hack|hacks|hacking|breach|breaches|breaching|compromise|compromises|compromising|infiltrate|infiltrates|infiltrating|penetrate|penetrates|penetrating|targets|attack|attacks|attacking|infect|infects|infecting|hijack|hijacks|hijacking|(?:get|gets|got|gotten|getting)\s+into|spy\s+on|spies\s+on|extort|extorts|extorted|extorting|encrypt|encrypts|encrypted|encrypting|(?:gain|gains|gained|gaining)\s+access|accessed)$")
        .unwrap_or_else(|e| panic!("object verb forms pattern: {e}"))
});

/// A sum and the words up to "from": " 470 million won in bitcoin from".
static SUM_THEN_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:about\s+|around\s+|nearly\s+|more\s+than\s+)?[$€£¥\d][^,;.]{0,60}?\bfrom\b")
        .unwrap_or_else(|e| panic!("sum-then-from pattern: {e}"))
});

/// What a theft took, told before "from" and its victim: "of roughly 300,000 patients
/// from ", "in digital tokens from ", or nothing at all.
static THEN_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s+(?:of|in|worth\s+of)\s+(?:[\w,.$€£-]+\s+){1,5}?)?\s*from\b")
        .unwrap_or_else(|e| panic!("then-from pattern: {e}"))
});

/// What a bare theft verb took, then "from": "mailbox contents from ".
static OBJECT_THEN_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s+(?:the\s+|their\s+|its\s+)?(?:[\w’'-]+\s+){0,2}?(?:data|information|records|details|e-?mails|documents|files|contents|messages|correspondence|credentials|passwords|secrets|designs|plans|papers))?\s*from\b")
        .unwrap_or_else(|e| panic!("object-then-from pattern: {e}"))
});

/// Whether a trigger phrase opens with a gerund or present participle ("breaking into",
/// "pre-positioning inside").
fn opens_with_gerund(trigger: &str) -> bool {
    trigger
        .split_whitespace()
        .next()
        .is_some_and(|w| w.ends_with("ing"))
}

/// Whether a trigger phrase opens with a finite verb ("stole data", "had stolen",
/// "drained $22 million") rather than a noun.
fn opens_with_verb(trigger: &str) -> bool {
    let first = trigger
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        first.as_str(),
        "stole"
            | "stealing"
            // "made off with six terabytes of emails".
            | "made"
            | "harvested"
            // "took payroll records", "copied 22 terabytes of data".
            | "took"
            | "copied"
            | "copying"
            | "downloaded"
            | "harvesting"
            | "dumped"
            | "dumping"
            // "had broken in and stolen messages".
            | "and"
            | "had"
            | "has"
            | "have"
            | "tried"
            | "attempted"
            | "sought"
            | "drained"
            | "siphoned"
            | "siphon"
            | "siphons"
            | "siphoning"
            | "exfiltrate"
            | "exfiltrates"
            | "exfiltrated"
            | "exfiltrating"
            | "steal"
            | "looted"
            | "exposed"
            | "leaked"
            // "moved 62 billion shillings to accounts abroad".
            | "moved"
            | "transferred"
            | "diverted"
            | "wired"
    )
}

/// A relative clause whose subject blames its antecedent for the act that follows, with
/// or without its pronoun ("whom Canberra held responsible for", "a unit it accuses of").
static BLAMED_WHOM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:whom|which|who)\s+[^,;]{1,40}?|it|they|he|she)\s+(?:held|holds|hold|blamed|blames|blame|accused|accuses|accuse|suspected|suspects|suspect)\s+(?:responsible\s+)?(?:for|of)\s+$")
        .unwrap_or_else(|e| panic!("blamed-whom pattern: {e}"))
});

/// "TraderTraitor, a North Korean outfit also tracked as Jade Sleet, stole": the name
/// before an appositive set off by commas right before the verb.
fn before_appositive(view: &SentenceView, t: Span) -> Option<Slot> {
    // Also a relative clause set off by commas ("MirrorFace, which it assessed was
    // directed by Beijing, had spent five years stealing").
    static APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?:{}|,\s+(?:which|who)\s+[^,;:]{{1,90}},\s+)(?:(?:had|has|have|also|allegedly|reportedly)\s+)*(?:spent\s+(?:[\w-]+\s+){{0,3}}?(?:years|months|weeks|days)\s+)?$",
            super::context::APPOSITIVE
        ))
        .unwrap_or_else(|e| panic!("appositive pattern: {e}"))
    });
    view.name_before_cue(t, &APPOSITIVE, is_attacker)
}

/// "The Medusa gang, which encrypted", "Salt Typhoon, the espionage group that has
/// burrowed into": a relative clause whose verb is the trigger has the name it hangs on
/// (past an appositive) as its subject.
fn relative_subject(view: &SentenceView, before: &str) -> Option<Slot> {
    static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:which|who|that)\s+(?:(?:had|has|have|was|were|is|are|also|reportedly|allegedly|previously|then|later|been|already|first|quietly)\s+){0,3}$")
            .unwrap_or_else(|e| panic!("relative subject pattern: {e}"))
    });
    let m = RELATIVE.find(before)?;
    let pronoun = view.span.start + before[..m.start()].chars().count();
    let s = view
        .slots
        .iter()
        .rfind(|s| s.span.end <= pronoun)
        .filter(|s| is_attacker(view.kind(s)))?;
    // Right before the pronoun (past its head noun: "the Medusa ransomware gang, which"),
    // or before an appositive that describes it.
    let gap = view.between(s.span.end, pronoun);
    let words = gap.split_whitespace().count();
    let head = gap.trim().trim_end_matches(',');
    let close =
        head.is_empty() || (!head.contains([' ', ',']) && head.chars().all(|c| c.is_lowercase()));
    let appositive =
        gap.trim_start().starts_with(',') && gap.matches(',').count() == 1 && words <= 5;
    (close || appositive).then_some(*s)
}

/// The name an appositive closing before `t` describes, when `s` sits at the appositive's
/// end ("Midnight Blizzard, the hacking unit of Russia's SVR foreign intelligence service,
/// had"), with where the appositive's closing comma ends.
fn appositive_head(view: &SentenceView, s: Slot, t: Span) -> Option<(Slot, usize)> {
    static DESCRIPTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^,\s+(?:the|a|an)\s+[^,;:]{0,60}$")
            .unwrap_or_else(|e| panic!("appositive description pattern: {e}"))
    });
    // A few head words of the name inside may follow it before the comma.
    let after = view.between(s.span.end, t.start);
    let comma = after.find(',')?;
    if after[..comma].split_whitespace().count() > 4 {
        return None;
    }
    let close = s.span.end + after[..=comma].chars().count();
    // The description may name a state on the way ("of Russia's FSB").
    view.slots
        .iter()
        .rfind(|h| {
            h.span.end < s.span.start
                && DESCRIPTION.is_match(view.between(h.span.end, s.span.start))
        })
        .filter(|h| is_attacker(view.kind(h)) && h.entity != s.entity)
        .map(|h| (*h, close))
}

/// "knocked its e-citizen portal offline": a possessive pronoun right after the verb
/// points to the nearest body before the verb that is not the attacker and not of the
/// attacker's state, and that body was hit.
fn owner_by_pronoun(view: &SentenceView, t: Span, attacker: Option<&Slot>) -> Option<Slot> {
    let after = view
        .between(t.end, view.span.end)
        .trim_start()
        .to_lowercase();
    if !(after.starts_with("its ") || after.starts_with("their ")) {
        return None;
    }
    let theirs = attacker.and_then(|a| view.country(a));
    view.slots
        .iter()
        .rev()
        .filter(|s| s.span.end <= t.start)
        .copied()
        .find(|s| {
            is_victim(view.kind(s))
                && attacker.is_none_or(|a| a.entity != s.entity)
                && (theirs.is_none() || view.country(s) != theirs)
        })
}

/// Whether a breach trigger opened by "took" tells something else than data taken: a
/// phrasal verb ("took over the data centre", "took part") or a span of time ("took
/// weeks to restore files").
fn took_no_data(trigger: &str) -> bool {
    let lower = trigger.to_lowercase();
    let mut words = lower.split_whitespace();
    words.next() == Some("took")
        && (matches!(
            words.next(),
            Some("over" | "part" | "down" | "control" | "offline" | "place")
        ) || lower.contains(" to "))
}

/// The person or group a demonym describes in an appositive, in place of the demonym
/// `nearest` ("Ermakov, a Russian national whom", "Dmitry Khoroshev, a Russian national,"):
/// the name set off by a comma before `anchor`, at most `reach` bytes before it. Any other
/// slot is itself.
fn described_by_demonym(view: &SentenceView, nearest: &Slot, anchor: usize, reach: usize) -> Slot {
    if view.kind(nearest) != EntityKind::Country {
        return *nearest;
    }
    view.slots
        .iter()
        .rfind(|s| {
            s.span.end <= nearest.span.start
                && matches!(view.kind(s), EntityKind::Person | EntityKind::ThreatActor)
                && anchor - s.span.end <= reach
                && view.between(s.span.end, anchor).starts_with(',')
        })
        .copied()
        .unwrap_or(*nearest)
}

/// `before` without a helping gerund at its end ("accusing him of helping ", "charged with
/// conspiring to "), and whether there was one: the act helped is the act charged.
fn past_helper(before: &str) -> (bool, &str) {
    static HELPER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s(?:helping|conspiring|attempting|trying)(?:\s+to)?\s+$")
            .unwrap_or_else(|e| panic!("helper pattern: {e}"))
    });
    match HELPER.find(before) {
        Some(m) => (true, &before[..m.start() + 1]),
        None => (false, before),
    }
}

/// The object of a charge or accusation before "with/of/for" + gerund ("charged a Russian
/// national with deploying", "accused two officers of hacking").
fn charged_with(view: &SentenceView, t: Span, before: &str) -> Option<Slot> {
    if !matches!(
        before.split_whitespace().last(),
        Some("with" | "of" | "for")
    ) {
        return None;
    }
    // "froze the assets of three GRU officers, accusing them of breaking into": the
    // pronoun stands for the last name before the accusation.
    if let Some(c) = PRONOUN_ACCUSED.captures(before) {
        let verb = c.name("verb")?;
        let at = view.span.start + before[..verb.start()].chars().count();
        // Not the accuser, the subject of the clause that accuses ("prosecutors unsealed
        // charges accusing him of"): the name stands apart from the verb by a comma or
        // an "and" ("sanctioned Ivanov and accused him of").
        let accuser = |s: &Slot| {
            let gap = view.between(s.span.end, at);
            !gap.contains(',') && !gap.contains(" and ")
        };
        // Past a clause's conjunction too ("sanctioned X, while prosecutors unsealed
        // charges accusing him of").
        let nearest = view
            .slots
            .iter()
            .rev()
            .filter(|s| s.span.end <= at)
            .find(|s| is_attacker(view.kind(s)) && at - s.span.end <= 80 && !accuser(s))?;
        // "Dmitry Khoroshev, a Russian national, ...": the one the demonym describes.
        return Some(described_by_demonym(view, nearest, nearest.span.start, 6));
    }
    let s = view
        .left(t)
        .into_iter()
        .rev()
        .find(|s| is_attacker(view.kind(s)))?;
    // "was accused by Washington of hacking": the agent of the accusation is not the
    // agent of the act.
    if view.word_before(s.span.start) == "by" {
        return None;
    }
    let between = view.between(s.span.end, t.start);
    // "charged a Russian national on Thursday with": when the charge was laid is no
    // distance, nor is an appositive ("charged Jane Roe, a 19-year-old student, with").
    let past_appositive = between
        .trim_start()
        .strip_prefix(',')
        .and_then(|rest| rest.split_once(','))
        .map_or(between, |(_, rest)| rest);
    let gap = past_appositive
        .split_whitespace()
        .filter(|w| !is_time_word(w))
        .count();
    let lead = view.between(view.span.start, s.span.start).to_lowercase();
    let charged = lead
        .split_whitespace()
        .rev()
        .take(4)
        .any(|w| ACCUSING_VERB.is_match(w) || CHARGING_VERB.is_match(w));
    // "Rim Jong Hyok, was charged in Kansas with using": the passive charge's subject.
    (gap <= 3 && charged || CHARGED_PASSIVE.is_match(between)).then_some(s)
}

/// Words of a short time adverbial ("on Thursday", "last week", "in 2023").
fn is_time_word(word: &str) -> bool {
    let w = word.trim_end_matches(',').to_lowercase();
    matches!(
        w.as_str(),
        "on" | "in" | "since" | "last" | "this" | "earlier" | "week" | "month" | "year"
    ) || crate::time::is_weekday(&w)
        || crate::time::is_month(&w)
        || (matches!(w.len(), 1 | 2 | 4) && w.chars().all(|c| c.is_ascii_digit()))
}

/// "accusing them of ", "charged him with ": an accusation whose object is a pronoun.
static PRONOUN_ACCUSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<verb>accus(?:e|es|ed|ing)|charg(?:e|es|ed|ing)|indict(?:s|ed|ing)?|suspect(?:s|ed|ing)?)\s+(?:them|him|her)\s+(?:of|with)\s+(?:(?:allegedly|also|repeatedly)\s+)?$")
        .unwrap_or_else(|e| panic!("pronoun accused pattern: {e}"))
});

/// The words between a name and its act when the name is the subject of a passive charge:
/// ", was charged in Kansas with ", " were indicted on Tuesday for ".
static CHARGED_PASSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[,\s]*(?:who\s+)?(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:(?:also|formally|jointly|later)\s+)?(?:charged|indicted|accused|convicted|sentenced|suspected)\b[^,;]{0,40}?\b(?:of|with|for)\s+(?:(?:allegedly|also)\s+)?$")
        .unwrap_or_else(|e| panic!("charged passive pattern: {e}"))
});

static CHARGING_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:charg|indict|convict|sentenc|suspect)(?:e|es|ed|ing)?$")
        .unwrap_or_else(|e| panic!("charging verb pattern: {e}"))
});

/// A copula or auxiliary ("was", "had", "could").
fn is_copula(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "was"
            | "were"
            | "is"
            | "are"
            | "be"
            | "been"
            | "being"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "may"
            | "might"
            | "could"
            | "can"
            | "should"
            | "not"
    )
}

/// Past forms and adverbs that show the gap is a clause, not a modifier: "confirmed",
/// "publicly", "-attributed". Hyphenated compounds such as "state-sponsored" are fine.
fn looks_like_verb(word: &str) -> bool {
    let w = word.trim_start_matches('-').to_lowercase();
    (word.starts_with('-') || !w.contains('-')) && (w.ends_with("ed") || w.ends_with("ly"))
        // Reporting verbs without "-ed": "Estonian officials said the attacks ..."
        || matches!(
            w.as_str(),
            "said" | "says" | "say" | "told" | "tells" | "thinks" | "believes" | "found" | "wrote"
        )
}

/// "China engaged in espionage", "accused Beijing of conducting a campaign": the
/// nearest actor before a light verb owns the operation named by the noun after it.
fn light_verb_subject(view: &SentenceView, t: Span) -> Option<Slot> {
    // "Blind Eagle began abusing a flaw in Windows, sending phishing emails to": a
    // participle after a comma sends for the subject of its clause.
    static SENDING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i),\s+(?:sending|emailing|mailing|texting|spreading|blasting)\s+(?:out\s+)?(?:[\w-]+\s+){0,2}?$")
            .unwrap_or_else(|e| panic!("sending pattern: {e}"))
    });
    if SENDING.is_match(view.between(view.span.start, t.start)) {
        return view.subject(t, is_attacker);
    }
    let s = view
        .left(t)
        .into_iter()
        .rev()
        .find(|s| is_attacker(view.kind(s)))?;
    // "Midnight Blizzard, the hacking unit of Russia's SVR, had sent": the name the
    // appositive describes sends, not the one inside it; the verb follows the comma.
    let (s, gap_from) = appositive_head(view, s, t).unwrap_or((s, s.span.end));
    let gap = view.between(gap_from, t.start).to_lowercase();
    // "Kimsuky had sent phishing emails", "were sending tailored phishing messages":
    // sending is the act only right before the noun (or its one modifier).
    let sends = gap
        .split_whitespace()
        .rev()
        .take(2)
        .any(|w| matches!(w, "sent" | "send" | "sends" | "sending" | "out"))
        && gap.split_whitespace().filter(|w| !is_time_word(w)).count() <= 4;
    // "launched an investigation into an attack": the inquiry is launched, not the attack.
    let inquiry = ["investigation", "inquiry", "probe"]
        .iter()
        .any(|w| gap.contains(w));
    // "expelled a diplomat after the service accused him of coordinating a campaign":
    // the one the pronoun stands for acts, the last name before the accusation that is
    // not its subject.
    static ACCUSED_PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:accus|charg|indict|suspect)\w*\s+(?:him|her|them)\s+(?:of|with)\b")
            .unwrap_or_else(|e| panic!("accused pronoun pattern: {e}"))
    });
    if let Some(m) = ACCUSED_PRONOUN.find(&gap) {
        let verb = gap_from + gap[..m.start()].chars().count();
        let mut before = view
            .left(Span::new(verb, verb))
            .into_iter()
            .rev()
            .filter(|c| is_attacker(view.kind(c)) && verb - c.span.end <= 200)
            .peekable();
        if before
            .peek()
            .is_some_and(|c| view.between(c.span.end, verb).trim().is_empty())
        {
            before.next();
        }
        return before.next();
    }
    // "NoName057(16) was behind DDoS attacks", unless the blame is asked about or denied.
    let behind =
        BEHIND.is_match(&gap) && !OPEN_OR_DENIED.is_match(view.between(view.span.start, t.start));
    (gap.split_whitespace().count() <= 8 && LIGHT_VERB.is_match(&gap) && !inquiry
        || behind
        || SPONSOR_VERB.is_match(&gap)
        || TOOL_VERB.is_match(&gap)
        || sends)
        .then_some(s)
}

/// "attacks reported by the SANS Institute": the one after "by" reported or found the
/// operation, it did not carry it out.
fn reported_by(view: &SentenceView, s: &Slot) -> bool {
    view.word_before(s.span.start) == "by"
        && REPORTED.is_match(&view.word_before_word(s.span.start))
}

/// "an intrusion into a database run by the Ministry for Primary Industries": the one
/// after "by" runs what was hit, it is the owner, not the attacker.
fn run_by(view: &SentenceView, s: &Slot) -> bool {
    view.word_before(s.span.start) == "by"
        && matches!(
            view.word_before_word(s.span.start).as_str(),
            "run" | "operated" | "owned" | "managed" | "maintained" | "hosted" | "administered"
        )
}

static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:reported|confirmed|verified|established|assessed|concluded|determined|described|discovered|detected|observed|spotted|found|disclosed|published|analy[sz]ed|documented|investigated|tracked|uncovered|identified|exposed|revealed|noticed|flagged|blocked|thwarted|stopped|accused|blamed|condemned|criticised|criticized|attributed|named)$")
        .unwrap_or_else(|e| panic!("reported pattern: {e}"))
});

/// "masquerading as Japanese government bodies", "posing as the bank": whom the attackers
/// pretend to be is neither attacker nor victim.
pub(super) fn impersonated(view: &SentenceView, s: &Slot) -> bool {
    let before = view.between(view.span.start, s.span.start).to_lowercase();
    let words: Vec<&str> = before.split_whitespace().rev().take(5).collect();
    // Past "to", "at" or "against" the name is whom the lure went to ("posing as army
    // circulars to Indian defence staff").
    let upto = |i: usize| {
        !words[..i]
            .iter()
            .any(|w| matches!(*w, "to" | "at" | "against" | "targeting"))
    };
    // "emails impersonating the foreign ministry": the verb takes whom it poses as.
    let direct = words
        .iter()
        .take(4)
        .position(|w| w.starts_with("impersonat") || w.starts_with("spoof"))
        .is_some_and(upto);
    direct
        || words
            .iter()
            .position(|w| *w == "as" || *w == "be")
            .is_some_and(|i| {
                upto(i)
                    && words[i + 1..]
                        .iter()
                        .take(2)
                        .any(|w| IMPERSONATING.is_match(w))
            })
}

static IMPERSONATING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:masquerad(?:e|es|ed|ing)|pos(?:e|es|ed|ing)|disguis(?:e|es|ed|ing)|pretend(?:s|ed|ing)?|spoof(?:s|ed|ing)?|impersonat(?:e|es|ed|ing)|present(?:ed|ing))$")
        .unwrap_or_else(|e| panic!("impersonating pattern: {e}"))
});

/// "the attacks which made the sites unreachable had most likely been launched by
/// NoName057(16)": the agent of a verb of launching, however far the noun is.
fn launched_by(view: &SentenceView, t: Span) -> Option<Slot> {
    static LAUNCHED_BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:launched|carried\s+out|conducted|staged|mounted|orchestrated|perpetrated)\s+by\s+(?:the\s+)?$")
            .unwrap_or_else(|e| panic!("launched-by pattern: {e}"))
    });
    view.after_cue(t.end, &LAUNCHED_BY, 30, is_attacker)
}

/// "the CIA's entire hacking capacity", "hacking tools", "hacking groups": a means to
/// operate or those who do, not an operation.
fn names_a_capability(view: &SentenceView, t: Span) -> bool {
    let after = view.between(t.end, view.span.end).to_lowercase();
    let next = after
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    matches!(
        next,
        "capacity"
            | "capacities"
            | "capability"
            | "capabilities"
            | "tools"
            | "tool"
            | "toolkit"
            | "arsenal"
            | "skills"
            | "expertise"
            | "powers"
            | "techniques"
            // "the group's attack infrastructure": what an operation runs on.
            | "infrastructure"
            | "surface"
            // "North Korea's Lazarus and Andariel hacking groups": who operates.
            | "group"
            | "groups"
            | "gang"
            | "gangs"
            | "crew"
            | "crews"
            | "outfit"
            | "outfits"
            | "unit"
            | "units"
            | "collective"
            | "cell"
            | "cells"
            // "a hacking team it described as an FSB unit", "the hacking arm of": who.
            | "team"
            | "teams"
            | "arm"
            | "arms"
            | "squad"
            | "squads"
            // "offered for sale on a hacking forum": where stolen goods are sold.
            | "forum"
            | "forums"
            | "marketplace"
            | "marketplaces"
            | "contest"
            | "competition"
            | "conference"
    )
}

/// "accused the US and Israel of cyberattacks", "blamed Russia for the hacks": the one
/// accused of an operation noun is its agent.
fn accused_of(view: &SentenceView, t: Span) -> Option<Slot> {
    let s = view
        .left(t)
        .into_iter()
        .rev()
        .find(|s| is_attacker(view.kind(s)))?;
    let gap = view.between(s.span.end, t.start).to_lowercase();
    // "the involvement of Iran's intelligence ministry in the attack", "Moscow's role in
    // the hack": whose part in the operation is told took part in it.
    let of_part = OF_PART_GAP.is_match(&gap)
        && PART_OF.is_match(&view.between(view.span.start, s.span.start).to_lowercase());
    if of_part || POSSESSIVE_PART.is_match(&gap) {
        return Some(s);
    }
    // "accused Beijing of", "charged a Chinese national with hacking": the name may be a
    // demonym before the noun for the person, and a charge names the act with "with".
    let words: Vec<&str> = gap.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| matches!(*w, "of" | "for" | "with"))
        .filter(|&i| i <= 1)?;
    let with = words[at] == "with";
    if words.len() - at - 1 > 2 || view.word_before(s.span.start) == "by" {
        return None;
    }
    let before = view.between(view.span.start, s.span.start).to_lowercase();
    before
        .split_whitespace()
        .rev()
        .take(8)
        .any(|w| (!with && ACCUSING_VERB.is_match(w)) || CHARGING_VERB.is_match(w))
        .then_some(s)
}

/// Between the one whose part is told and the operation: "in the", or the rest of its
/// name first ("'s intelligence ministry in the").
static OF_PART_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:'s|’s)\s+(?:[\w-]+\s+){1,2})?\s*in\s+(?:(?:the|a|an|this|that)\s+)?(?:[\w-]+\s+){0,2}$")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// The nouns that tell someone's part in an operation.
const PART: &str = r"(?:involvement|role|hand|participation|complicity)";

/// "the role of", "the involvement of Russia's" right before the one whose part it is.
static PART_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b{PART}\s+of\s+(?:(?:the\s+)?(?:[\w.-]+\s+){{0,3}}?[\w.-]+(?:'s|’s)\s+)?$"
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});

/// A possessive part in the operation ("'s role in the", "’s alleged involvement in").
static POSSESSIVE_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:'s|’s)\s+(?:alleged\s+|suspected\s+)?{PART}\s+in\s+(?:(?:the|a|an|this|that)\s+)?(?:[\w-]+\s+){{0,2}}$"
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});

static ACCUSING_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:accus|blam|condemn|criticis|criticiz|fault)(?:e|es|ed|ing)$")
        .unwrap_or_else(|e| panic!("accusing verb pattern: {e}"))
});

/// "Russia's GRU supported hackers' attacks", "Tehran directed the campaign": a backer
/// whose verb takes the operation as its object (at most three words between, none a
/// preposition, so "supported the inquiry into the attack" names no backer).
static SPONSOR_VERB: LazyLock<Regex> = LazyLock::new(|| {
    // After a space, not a hyphen: "state-sponsored cyber activities" names no sponsor.
    Regex::new(r"(?:^|\s)(?:support(?:s|ed|ing)?|sponsor(?:s|ed|ing)?|direct(?:s|ed|ing)?|order(?:s|ed|ing)?|back(?:s|ed|ing)?|financ(?:e|es|ed|ing)|fund(?:s|ed|ing)?)\s+(?:(?:the|a|an|its|their|these|those|such|[a-z’'-]+(?:’|')s?|large-scale|[a-z]+-[a-z]+)\s+){0,3}$")
        .unwrap_or_else(|e| panic!("sponsor verb pattern: {e}"))
});

/// Verbs whose subject carries out the operation the noun after them names ("launched
/// attacks", "had stepped up attacks on").
static LIGHT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:engag(?:e|es|ed|ing)\s+in|caus(?:e|es|ed|ing)|conduct(?:s|ed|ing)?|carr(?:y|ies|ied|ying)\s+out|launch(?:es|ed|ing)?|mount(?:s|ed|ing)?|stag(?:e|es|ed|ing)|orchestrat(?:e|es|ed|ing)|coordinat(?:e|es|ed|ing)|financ(?:e|es|ed|ing)|perpetrat(?:e|es|ed|ing)|run(?:s|ning)?|ran|sustain(?:s|ed|ing)?|wag(?:e|es|ed|ing)|step(?:s|ped|ping)?\s+up|ramp(?:s|ed|ing)?\s+up|intensif(?:y|ies|ied|ying)|escalat(?:e|es|ed|ing))\b")
        .unwrap_or_else(|e| panic!("light verb pattern: {e}"))
});

/// "NoName057(16) was behind DDoS attacks": the copula of blame before the operation.
static BEHIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:was|were|is|are|had\s+been|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:behind|responsible\s+for)\s+(?:(?:the|a|an|these|those|several|a\s+series\s+of|a\s+wave\s+of)\s+)?(?:[\w-]+\s+){0,4}$")
        .unwrap_or_else(|e| panic!("behind pattern: {e}"))
});

/// Words that leave a blame open or deny it ("whether Moscow was behind", "claims that
/// Ethiopian hackers had been responsible", "Tehran was not behind").
static OPEN_OR_DENIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:whether|if|asked|unclear|claims?|speculat\w*|comment\w*|den(?:y|ies|ied)|not|never|no|rumou?rs?|question\w*)\b")
        .unwrap_or_else(|e| panic!("open-or-denied pattern: {e}"))
});

/// Verbs of putting a tool to work ("APT33 planted wiper malware", "Lazarus used
/// ransomware"): their subject runs the operation the noun names, when it stands right
/// before them in the same clause.
static TOOL_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*(?:also|allegedly|reportedly|then|had|has|have)\b)*\s*(?:deploy(?:s|ed|ing)?|plant(?:s|ed|ing)?|unleash(?:es|ed|ing)?|install(?:s|ed|ing)?|us(?:e|es|ed|ing))\b(?:\s+(?:a|an|the|its|their|new|custom|destructive))*\s*$")
        .unwrap_or_else(|e| panic!("tool verb pattern: {e}"))
});

/// "The attack on the hospitals, which disrupted transfusions, was carried out by
/// Qilin": a noun's own passive predicate names its agent however long the subject is.
fn agent_of_predicate(view: &SentenceView, t: Span) -> Option<Slot> {
    static PREDICATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:carried\s+out|conducted|perpetrated|launched|orchestrated|staged|committed|claimed)\s+by\s+(?:the\s+)?$")
            .unwrap_or_else(|e| panic!("predicate pattern: {e}"))
    });
    let slot = view.after_word(t.end, &["by"])?;
    let gap = view.between(t.end, slot.span.start);
    (PREDICATE.is_match(gap) && !gap.contains(';') && is_attacker(view.kind(&slot))).then_some(slot)
}

/// "Intruders who got into the networks of two ministries belonged to APT29": the
/// group that unnamed hackers, the subject of the trigger's relative clause, belong to.
fn group_of_unnamed_subject(view: &SentenceView, t: Span) -> Option<Slot> {
    static UNNAMED_WHO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:the\s+)?(?:[\w-]+\s+)?(?:hackers|intruders|attackers|operators|culprits|perpetrators|spies)\s+(?:who|that)(?:\s+(?:had|have|has))?\s*$")
            .unwrap_or_else(|e| panic!("unnamed-who pattern: {e}"))
    });
    static BELONGED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:belong(?:ed|s)?\s+to|(?:were|are|was|is)\s+(?:part|members?)\s+of|work(?:ed|s)?\s+for)\s+(?:the\s+)?$")
            .unwrap_or_else(|e| panic!("belonged pattern: {e}"))
    });
    if !UNNAMED_WHO.is_match(view.between(view.span.start, t.start)) {
        return None;
    }
    view.right(t).into_iter().find(|s| {
        let gap = view.between(t.end, s.span.start);
        is_attacker(view.kind(s)) && !gap.contains(';') && BELONGED.is_match(gap)
    })
}

/// Whether slot `s` starts within `max` code points after the trigger.
fn near(t: Span, s: &Slot, max: usize) -> bool {
    s.span.start.saturating_sub(t.end) <= max
}

/// The victim of an active operation: its object, or what follows on/against/of/into, and
/// for a theft also "from" ("stole $600 million from X").
fn victim_after(view: &SentenceView, t: Span, form: Form, theft: bool) -> Option<Slot> {
    let prepositions: &[&str] = match form {
        Form::Verb => &[
            "into",
            "to",
            "across",
            "throughout",
            "on",
            "against",
            "targeting",
            "targetting",
            "at",
            "of",
            "in",
        ],
        Form::Noun | Form::Campaign => &[
            "on",
            "against",
            "targeting",
            "targetting",
            "of",
            "into",
            "at",
            "in",
            "to",
        ],
    };
    // What is stolen or wiped is taken from its victim ("wiping data from Ukrainian
    // government computers").
    let takes_away = theft || {
        let verb = view.between(t.start, t.end).to_lowercase();
        verb.starts_with("wip")
            || verb.starts_with("eras")
            || verb.starts_with("delet")
            || verb.starts_with("extort")
    };
    let object = view.right(t).into_iter().find(|s| {
        if !is_victim(view.kind(s)) || !near(t, s, 80) {
            return false;
        }
        if sourced_to(view, s) {
            return false;
        }
        let gap = view.between(t.end, s.span.start);
        // "of several Lithuanian ministries", "of at least 9 firms": a quantifier does not
        // govern.
        let lower = gap
            .to_lowercase()
            .replace("at least ", "")
            .replace("more than ", "")
            .replace("as many as ", "")
            .replace("up to ", "");
        let before = lower
            .rsplit(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .find(|w| {
                !QUANTIFIERS.contains(w)
                    && !PLACE_MODIFIERS.contains(w)
                    && !is_count(w)
                    && !matches!(*w, "the" | "a" | "an")
            })
            .map(str::to_string)
            .unwrap_or_else(|| view.word_before(s.span.start));
        // "into the systems of the state news agency PAP": a name after its descriptor
        // hangs on the preposition before the descriptor.
        let before = DESCRIBED
            .captures(&lower)
            .and_then(|c| c.name("p"))
            .map_or(before, |p| p.as_str().to_string());
        let direct_object = form == Form::Verb
            && gap.split_whitespace().count() <= 3
            && !gap.contains(',')
            && !matches!(
                before.as_str(),
                "by" | "with" | "from" | "using" | "for" | "to"
            );
        // "to" only after "access" ("gained access to X"), never "attributed ... to X";
        // "in" only for a state ("attacks in Ukraine"), not a city where talks were held.
        // "a disinformation campaign about the German election": what influence is
        // about is whom it targets.
        let about = before == "about" && INFLUENCE.is_match(view.between(t.start, t.end));
        let via_preposition =
            (prepositions.contains(&before.as_str()) || (takes_away && before == "from") || about)
                && (before != "to"
                    || view.between(t.start, s.span.start).contains("access")
                    || TO_THE_VICTIM.is_match(view.between(t.start, t.end))
                    // "phishing emails to Israeli academics": what is sent goes to them.
                    || SENT_TO.is_match(&lower))
                && (!matches!(before.as_str(), "in" | "across" | "throughout")
                    || view.kind(s) == EntityKind::Country
                    // "a hospital in Haifa": a city or region of a state places the victim.
                    // Not a capital read as a place ("talks in Beijing"), which has a
                    // local id, not a KB place's.
                    || (view.kind(s) == EntityKind::Location
                        && view.country(s).is_some()
                        && view.doc.entities[s.entity].id.starts_with("location:")))
                && !names_the_actor(gap)
                && !in_another_clause(gap);
        // "the cyberattack ended up costing Maersk", "the breach hit three ministries".
        let harmed = form == Form::Noun && !gap.contains(',') && HARM_VERB.is_match(gap);
        (direct_object || via_preposition || harmed) && !MADE_IN.is_match(&lower)
    });
    // "the UK's Electoral Commission": the possessed body, not its state.
    let object = object.map(|o| possessed(view, o).unwrap_or(o));
    object
        .or_else(|| {
            // "the Dutch military network intrusion", "a British hack": a victim right before a noun.
            (form == Form::Noun)
                .then(|| modifier_before(view, t, |k| is_victim(k) && !is_attacker(k)))
                .flatten()
                .filter(|s| !sourced_to(view, s))
        })
        .or_else(|| (form == Form::Noun).then(|| sufferer(view, t)).flatten())
}

/// Whether `s` is whom a report is sourced to ("..., according to PhishLabs' annual
/// phishing report"): the source, not whom the operation hit.
fn sourced_to(view: &SentenceView, s: &Slot) -> bool {
    const CUE: &str = "according to";
    let before = view.between(view.span.start, s.span.start).trim_end();
    before.len() >= CUE.len()
        && before.is_char_boundary(before.len() - CUE.len())
        && before[before.len() - CUE.len()..].eq_ignore_ascii_case(CUE)
}

/// The subject that suffered an operation its clause names by a noun: "the ministry was
/// hit by a DDoS attack", "the port operator suffered a ransomware attack", "the hospital
/// has postponed surgeries after a ransomware attack".
fn sufferer(view: &SentenceView, t: Span) -> Option<Slot> {
    static SUFFERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:’s|'s)?(?:\s+[a-z][\w-]*){0,3}?\s+(?i:(?:(?:has|have|had|was|were|been|is|are|also|recently|reportedly)\s+)*(?:suffered|experienced|sustained|(?:hit|struck|crippled|disrupted|paralys[ez]d|affected|targeted|knocked\s+offline|taken\s+offline|brought\s+down)\s+(?:by|in)|fell\s+victim\s+to|came\s+under|(?:went|go|goes|going|were|was|been)\s+(?:dark|offline|down)\b[^,;]{0,40}?\s(?:in|by|after|during|amid|following))\s+(?:[\w-]+\s+){0,3})$")
            .unwrap_or_else(|e| panic!("suffered pattern: {e}"))
    });
    // What an organisation does when an attack has taken its systems down.
    static AFTER_AN_ATTACK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:shut|shuts|shutting|postponed|postpones|cancell?ed|closed|suspended|halted|went\s+offline|taken\s+offline|took\s+\S+(?:\s+\S+)?\s+offline|forced|reverted|switched|diverted|disconnected|turned\s+away)\b[^;]{0,100}?\b(?:after|following|due\s+to|because\s+of|amid|in\s+the\s+wake\s+of)\s+(?:[\w-]+\s+){0,3}$")
            .unwrap_or_else(|e| panic!("after-an-attack pattern: {e}"))
    });
    // "would indicate that Apple has suffered a breach": it may not have.
    if HYPOTHETICAL_PASSIVE.is_match(view.between(view.span.start, t.start)) {
        return None;
    }
    // "MPs critical of Beijing had been targeted in an attack": not the name after "of".
    if let Some(before) = view
        .left(t)
        .into_iter()
        .rev()
        .find(|s| is_victim(view.kind(s)))
        && view.can_be_subject(&before)
        && SUFFERED.is_match(view.between(before.span.end, t.start))
    {
        return Some(possessed(view, before).unwrap_or(before));
    }
    static SPEAKS_OF_ITSELF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s(?:said|told)\s+(?:[\w-]+\s+){0,3}?(?:that\s+)?(?:it|they)\s")
            .unwrap_or_else(|e| panic!("speaks-of-itself pattern: {e}"))
    });
    // The clause that says what was suffered opens the sentence; "after" opens another.
    let subject = view
        .slots
        .iter()
        .filter(|s| s.span.end <= t.start && is_victim(view.kind(s)))
        .find(|s| view.can_be_subject(s))?;
    let clause = view.between(subject.span.end, t.start);
    // "the city said on Sunday it had shut down its services after": the reporter is the
    // victim only when it speaks of itself.
    let reported = clause
        .rfind(" said ")
        .or_else(|| clause.rfind(" told "))
        .is_some_and(|i| !SPEAKS_OF_ITSELF.is_match(&clause[i..]));
    (AFTER_AN_ATTACK.is_match(clause) && !reported).then_some(*subject)
}

/// A preposition and a descriptor of the name right after it: "of the state news agency ",
/// "from credit company ", "at the telecom operator " (not a bare noun: "of company
/// CEOs").
static DESCRIBED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<p>of|from|at|on|into|against|targeting)\s+(?:(?:the|a|an)\s+(?:[a-z-]+\s+){0,3}?|(?:[a-z-]+\s+){1,3}?)(?:agency|company|firm|operator|carrier|exchange|provider|maker|manufacturer|broadcaster|utility|bank|contractor|platform|outlet|newspaper|daily|station|insurer|retailer|developer|supplier|lender|giant|conglomerate|producer|airline|shipper|telco|refiner|chain)\s+$")
        .unwrap_or_else(|e| panic!("described pattern: {e}"))
});

/// "a controller made in Israel", "a firm based in Taiwan": where a thing comes from or
/// sits, not whom the operation hit.
static MADE_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:made|manufactured|built|produced|developed|designed|based|headquartered)\s+in\s*$",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// Lures sent to the victim right after a phishing trigger ("phishing emails to"), or
/// after the lure's own words ("posed as journalists in emails sent to").
static SENT_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:e-?mails?|messages|texts|lures|links|attachments|invitations)\s+to\s+(?:the\s+)?$|\bin\s+(?:[\w-]+\s+)?(?:e-?mails|messages|texts)\s+sent\s+to\s+(?:the\s+)?$",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// Verbs whose "to" leads to the victim: "cut power to", "sent rigged files to".
static TO_THE_VICTIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:cut|cuts|cutting|sent|sends|sending|mailed|emailed)\b")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// "ignorance of the attack, arguing that ... a narrative against China": past a comma
/// and a verb, a preposition belongs to another clause, unless that clause is a relative
/// one on the operation ("the outage, that had blacked out most of India's capital").
fn in_another_clause(gap: &str) -> bool {
    let Some((_, clause)) = gap.rsplit_once(',') else {
        return false;
    };
    let relative = matches!(
        clause.split_whitespace().next(),
        Some("that" | "which" | "who" | "whose")
    );
    // "attacks, including the theft from the central bank of Bangladesh" lists them.
    !relative
        && clause.split_whitespace().any(|w| {
            (w.ends_with("ing") && !matches!(w, "including" | "notably")) || looks_like_verb(w)
        })
}

/// A number that counts ("of 12 firms"), not a year ("the 2016 election").
fn is_count(word: &str) -> bool {
    let digits = !word.is_empty() && word.chars().all(|c| c.is_ascii_digit());
    let year = word.len() == 4 && (word.starts_with("19") || word.starts_with("20"));
    digits && !year
}

/// Words that place a state's region between a preposition and the state ("in western
/// Ukraine", "in a rural Irish town").
const PLACE_MODIFIERS: [&str; 12] = [
    "western", "eastern", "northern", "southern", "central", "north", "south", "east", "west",
    "rural", "remote", "coastal",
];

/// Influence named by its trigger ("disinformation", "meddling", "influence campaign").
static INFLUENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)disinformation|influence|meddl|interfer|fake\s+news|propaganda")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// Words between a preposition and the name it governs ("of several", "on two").
const QUANTIFIERS: [&str; 23] = [
    "several",
    "many",
    "some",
    "multiple",
    "various",
    "numerous",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozen",
    "nearly",
    "dozens",
    "hundreds",
    "thousands",
    "other",
    "more",
    "all",
];

/// The words between an operation noun and its victim when the noun is the subject of a
/// verb of harm: at most two words before the verb ("ended up", "also"), at most one after.
static HARM_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:by\s+(?:[\w’'-]+\s+){1,5}?)?(?:[a-z]+\s+){0,2}(?:hit|hits|struck|strikes|crippl(?:ed|es|ing)|affect(?:ed|s|ing)|disrupt(?:ed|s|ing)|paralys(?:ed|es|ing)|paralyz(?:ed|es|ing)|cost|costs|costing|knocked\s+out|took\s+down|shut\s+down)\s+(?:the\s+|a\s+|an\s+|several\s+|many\s+)?$")
        .unwrap_or_else(|e| panic!("harm verb pattern: {e}"))
});

/// Whether the words between a trigger and a prepositional candidate make the candidate
/// the actor's, not the target: an actor placed somewhere ("activity by a group based in
/// China", "a hacking group in China") or a beneficiary ("operations for an arm of China's
/// ministry").
fn names_the_actor(gap: &str) -> bool {
    let words: Vec<String> = gap
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let placed = words.len() >= 2
        && words[words.len() - 1] == "in"
        && matches!(
            words[words.len() - 2].as_str(),
            "based"
                | "located"
                | "headquartered"
                | "operating"
                | "group"
                | "groups"
                | "hackers"
                | "actor"
                | "actors"
                | "unit"
                | "team"
        );
    let beneficiary = words
        .windows(2)
        .any(|w| w[0] == "for" && matches!(w[1].as_str(), "a" | "an" | "the"));
    placed || beneficiary
}

/// The slot owned by `owner` through a possessive ("UK’s Electoral Commission").
fn possessed(view: &SentenceView, owner: Slot) -> Option<Slot> {
    let after = view.between(owner.span.end, view.span.end);
    let rest = after
        .strip_prefix("’s")
        .or_else(|| after.strip_prefix("'s"))?;
    let skipped = after.chars().count() - rest.trim_start().chars().count();
    view.slots
        .iter()
        .find(|s| s.span.start == owner.span.end + skipped && is_victim(view.kind(s)))
        .copied()
}

fn push_tools_and_products(view: &SentenceView, event: &mut Event) {
    for s in &view.slots {
        let role = match view.kind(s) {
            EntityKind::Malware | EntityKind::Tool => Role::Tool,
            EntityKind::Product => Role::VulnerableSystem,
            EntityKind::Vulnerability => Role::Vulnerability,
            // "a flaw in Ivanti software", "Citrix appliances": the vendor stands for its
            // product.
            EntityKind::Company if names_a_product(view, s) => Role::VulnerableSystem,
            _ => continue,
        };
        if !event
            .args
            .iter()
            .any(|a| a.role == role && a.entity.as_deref() == Some(&view.doc.entities[s.entity].id))
        {
            event.args.push(view.arg(role, s));
        }
    }
}

/// A vendor followed by a product noun, or governed by "a flaw in".
fn names_a_product(view: &SentenceView, s: &Slot) -> bool {
    let next = view.between(s.span.end, view.span.end).to_lowercase();
    let next = next.split_whitespace().next().unwrap_or("");
    let product_noun = matches!(
        next.trim_matches(|c: char| !c.is_alphanumeric()),
        "software"
            | "appliances"
            | "appliance"
            | "devices"
            | "device"
            | "servers"
            | "server"
            | "routers"
            | "router"
            | "firewalls"
            | "firewall"
            | "gateways"
            | "gateway"
            | "products"
            | "product"
            | "vpn"
            | "vpns"
            | "systems"
            | "equipment"
    );
    let before = view.between(view.span.start, s.span.start).to_lowercase();
    let flaw_in = FLAW_IN.is_match(&before);
    product_noun || flaw_in
}

static FLAW_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:flaws?|vulnerabilit(?:y|ies)|bugs?|weakness(?:es)?|zero-days?|exploits?|cve-\d{4}-\d+)\s+in\s+(?:the\s+|its\s+|their\s+)?$")
        .unwrap_or_else(|e| panic!("flaw-in pattern: {e}"))
});

/// "the Headlace malware", "a backdoor called Kapeka": a tool the knowledge base does not
/// know, named before its kind of malware.
fn push_named_malware(view: &SentenceView, event: &mut Event) {
    let text = view.between(view.span.start, view.span.end);
    for c in NAMED_MALWARE.captures_iter(text) {
        let Some(name) = c.name("name") else {
            continue;
        };
        let span = match_span(view.span.start, text, name);
        let known = view.slots.iter().any(|s| s.span.overlaps(span));
        if !known
            && !event
                .args
                .iter()
                .any(|a| a.role == Role::Tool && a.span() == span)
        {
            event.args.push(view.span_arg(Role::Tool, span));
        }
    }
}

static NAMED_MALWARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:the|a|an|its|their|new)\s+(?P<name>[A-Z][A-Za-z0-9]+(?:[A-Z][A-Za-z0-9]+)*)\s+(?:malware|backdoor|wiper|spyware|trojan|implant|loader|ransomware|rootkit|botnet|stealer|infostealer)\b")
        .unwrap_or_else(|e| panic!("named malware pattern: {e}"))
});

fn push_cves(doc: &Document, view: &SentenceView, event: &mut Event) {
    for ind in doc
        .indicators
        .iter()
        .filter(|i| i.kind == IndicatorKind::Cve && view.span.contains(Span::new(i.start, i.end)))
    {
        let mut arg = view.span_arg(Role::Cve, Span::new(ind.start, ind.end));
        arg.entity = Some(format!("vuln:{}", ind.value.to_lowercase()));
        event.args.push(arg);
    }
}

/// The sum a theft took ("drained $35 million", damage amount) or a ransom demands
/// ("demanding 50 bitcoin", price): the first sum in the trigger or right after it.
fn push_sum(view: &SentenceView, t: Span, event: &mut Event) {
    static SUM_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i){SUM}|\b[\d.,]+\s+(?:bitcoins?|BTC|ether|ETH)\b"
        ))
        .unwrap_or_else(|e| panic!("sum pattern: {e}"))
    });
    let role = match event.kind {
        EventType::FinancialTheft => Role::DamageAmount,
        EventType::Ransom if is_demand(&event.trigger.text) => Role::Price,
        _ => return,
    };
    let end = view.span.end.min(t.end + 60);
    let text = view.between(t.start, end);
    if let Some(m) = SUM_RE.find(text) {
        // Not the space or the comma the sum's pattern may take in at its end.
        let sum = m
            .as_str()
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.'));
        let span = match_span(t.start, text, m);
        let span = Span::new(span.start, span.start + sum.chars().count());
        event.args.push(view.span_arg(role, span));
    }
}

fn push_counts(view: &SentenceView, event: &mut Event) {
    let text = view.between(view.span.start, view.span.end);
    let to_span = |m: regex::Match| match_span(view.span.start, text, m);
    for c in COUNT.captures_iter(text) {
        let (Some(all), Some(what)) = (c.get(0), c.name("what")) else {
            continue;
        };
        // Up to two modifiers may stand before the noun ("22 million federal employees"),
        // not a phrase ("2 million in the files").
        let words: Vec<String> = c
            .name("mods")
            .map_or("", |m| m.as_str())
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        if words.iter().any(|w| {
            matches!(
                w.as_str(),
                "in" | "of"
                    | "the"
                    | "a"
                    | "an"
                    | "from"
                    | "to"
                    | "and"
                    | "or"
                    | "for"
                    | "on"
                    | "with"
                    | "by"
                    | "at"
                    | "as"
                    | "than"
                    | "other"
            ) || w.ends_with(',')
        }) {
            continue;
        }
        // "since October 22 sent emails": the day of a date counts nothing.
        let previous = text[..all.start()].split_whitespace().next_back();
        if previous.is_some_and(crate::time::is_month) {
            continue;
        }
        // In a breach, the people counted are those whose data was taken ("the details of
        // about 40 million voters"); elsewhere they are the victims.
        let data = matches!(event.kind, EventType::DataBreach | EventType::Espionage);
        let role = match what.as_str().to_lowercase().as_str() {
            "records" | "files" | "emails" | "accounts" => Role::NumberOfData,
            _ if data => Role::NumberOfData,
            _ => Role::NumberOfVictim,
        };
        let trimmed = all.as_str().trim_start();
        let offset = all.as_str().len() - trimmed.len();
        let span = to_span(all);
        let span = Span::new(
            span.start + all.as_str()[..offset].chars().count(),
            span.end,
        );
        // "the records of 1.5 million Croatian patients": whose data it was is the victim,
        // when the breach names no other.
        if role == Role::NumberOfData && event.arg(Role::Victim).is_none() {
            let owners = view.slots.iter().find(|s| {
                s.span.start >= span.start
                    && s.span.end <= span.end
                    && view.country(s).is_some()
                    && is_victim(view.kind(s))
            });
            if let Some(o) = owners {
                let victim = view.arg(Role::Victim, o);
                event.args.push(victim);
            }
        }
        event.args.push(view.span_arg(role, span));
    }
    if let Some(m) = COMPROMISED_DATA
        .find_iter(text)
        .find(|m| !BARE_DATA.is_match(m.as_str()) || TAKEN.is_match(&text[..m.start()]))
    {
        event
            .args
            .push(view.span_arg(Role::CompromisedData, to_span(m)));
    }
}

/// Data nouns that news mostly mentions as a channel or a chore ("a phishing email",
/// "reset their passwords"): compromised only right after a verb of taking.
static BARE_DATA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:e-?mails?|credentials|passwords)$")
        .unwrap_or_else(|e| panic!("bare data pattern: {e}"))
});

/// A verb of taking or reading, up to three words before the data noun ("stole the
/// emails of", "access to their passwords").
static TAKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:st(?:ole|olen|eal|eals|ealing)|took|taken|obtain(?:ed|ing)?|exfiltrat(?:ed|ing)|leak(?:ed|ing)?|dump(?:ed|ing)?|harvest(?:ed|ing)?|copi(?:ed)|download(?:ed|ing)|read(?:ing)?|access(?:ed|ing)?(?:\s+to)?|compromis(?:ed|ing)|expos(?:ed|ing)|publish(?:ed|ing)|releas(?:ed|ing)|hack(?:ed|ing)(?:\s+into)?|breach(?:ed|ing)|intercept(?:ed|ing)|sought|seeking|phish(?:ed|ing)\s+for)\s+(?:\S+\s+){0,3}$")
        .unwrap_or_else(|e| panic!("taken pattern: {e}"))
});

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use dossier_kb::Kb;
    use dossier_model::{Document, EventType, Metadata, Role};

    use crate::{Options, pipeline};

    /// The types of the operations found in `text` (rules only).
    fn operation_kinds(text: &str) -> Vec<EventType> {
        let doc = crate::events::testing::run_rules(text);
        doc.events
            .iter()
            .filter(|e| e.kind.is_operation())
            .map(|e| e.kind)
            .collect()
    }

    /// The victim countries of the operations found in `text` (rules only).
    fn victim_countries(text: &str) -> Vec<String> {
        countries_in_role(text, Role::Victim)
    }

    /// The countries of `role` in the operations found in `text` (rules only).
    fn countries_in_role(text: &str, role: Role) -> Vec<String> {
        let mut doc = Document::new(text.to_string(), Metadata::default());
        pipeline(Arc::new(Kb::core()), &Options::default())
            .run(&mut doc)
            .expect("pipeline");
        let mut out: Vec<String> = doc
            .events
            .iter()
            .filter(|e| e.kind.is_operation())
            .flat_map(|e| e.args.iter().filter(|a| a.role == role))
            .filter_map(|a| {
                let id = a.entity.as_ref()?;
                doc.entities.iter().find(|x| &x.id == id)?.country.clone()
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn a_relative_clause_has_the_name_it_hangs_on_as_attacker() {
        let text = "Regulators named Salt Typhoon, the espionage group that has burrowed into \
                    telecom carriers.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["CN".to_string()]
        );
        // Past the head noun of the name ("Medusa ransomware" is the KB's name).
        let doc = crate::events::testing::run_rules(
            "The Medusa ransomware gang, which encrypted the servers of a Chilean hospital, \
             posted the files.",
        );
        let ransom: Vec<&str> = doc
            .events
            .iter()
            .filter(|e| e.kind == EventType::Ransom)
            .filter_map(|e| e.arg(Role::Attacker))
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(ransom, vec!["Medusa ransomware"]);
    }

    #[test]
    fn lures_emailed_or_servers_taken_over_are_operations() {
        let text = "Stately Taurus spent the year emailing booby-trapped archives to officials in \
                    Myanmar.";
        assert_eq!(operation_kinds(text), vec![EventType::Phishing]);
        let text = "Charming Kitten emailed invitations to a fake summit, laced with a backdoor, \
                    to Gulf diplomats.";
        assert_eq!(operation_kinds(text), vec![EventType::Phishing]);
        let text = "Turla took over servers belonging to a Pakistani espionage group.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
        // An attack's infrastructure is no attack.
        assert!(operation_kinds("APT28 rented attack infrastructure in Romania.").is_empty());
    }

    #[test]
    fn the_name_before_an_appositive_is_the_attacker() {
        let text = "TraderTraitor, a North Korean outfit also tracked as Jade Sleet, stole \
                    bitcoin from a Tokyo exchange.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["KP".to_string()]
        );
    }

    #[test]
    fn a_campaign_on_a_platform_is_influence_and_a_denied_one_is_none() {
        let text = "Russia ran a coordinated campaign on TikTok to lift a fringe candidate.";
        assert_eq!(operation_kinds(text), vec![EventType::Influence]);
        assert!(
            operation_kinds("The Kremlin has repeatedly denied meddling in Romania's vote.")
                .is_empty()
        );
    }

    #[test]
    fn the_launcher_named_far_from_the_noun_is_the_attacker() {
        let text = "The attacks that briefly made the portal unreachable had most likely been \
                    launched by NoName057(16).";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
    }

    #[test]
    fn spreading_fabricated_stories_is_influence_once() {
        let text = "A Kremlin-linked network spread dozens of fabricated articles about the vote.";
        assert_eq!(operation_kinds(text), vec![EventType::Influence]);
        // The campaign that spreads them is the same operation.
        let text = "A Russian disinformation campaign pushed fake posts about the French election.";
        assert_eq!(operation_kinds(text), vec![EventType::Influence]);
        // Told to stop, nobody spread anything.
        let text = "Beijing urged Washington to stop spreading false stories.";
        assert!(operation_kinds(text).is_empty());
    }

    #[test]
    fn taking_over_the_controls_of_a_plant_is_sabotage() {
        let text = "Iranian hackers took over the controls of a water pump in Pennsylvania.";
        assert_eq!(operation_kinds(text), vec![EventType::Disruption]);
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["IR".to_string()]
        );
    }

    #[test]
    fn who_deploys_or_uses_the_malware_attacks_with_it() {
        let text = "APT35 planted wiper malware on the servers of a Kuwaiti bank.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["IR".to_string()]
        );
        let text = "Lazarus used ransomware against a South Korean hospital.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["KP".to_string()]
        );
    }

    #[test]
    fn accessing_systems_is_an_intrusion_and_a_website_is_not() {
        let text = "APT40 had accessed systems of the Finnish parliament.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
        assert_eq!(
            countries_in_role(text, Role::Victim),
            vec!["FI".to_string()]
        );
        assert!(
            operation_kinds("Millions of readers accessed the website of the ministry.").is_empty()
        );
    }

    #[test]
    fn getting_into_networks_and_floods_of_traffic_are_operations() {
        let text = "APT41 burrowed into the payment systems of a Taiwanese bank.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["CN".to_string()]
        );
        let text = "Lazarus got into the networks of a Polish defence firm.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
        // Getting into trouble or a car is no intrusion.
        assert!(operation_kinds("The minister got into trouble over the budget.").is_empty());
        let text = "Killnet aimed a flood of bogus traffic at Lithuanian government sites.";
        assert!(
            operation_kinds(text).contains(&EventType::Disruption),
            "{:?}",
            operation_kinds(text)
        );
        let text = "Andariel had stolen $20 million from a South Korean exchange.";
        assert_eq!(operation_kinds(text), vec![EventType::FinancialTheft]);
        let text = "Investigators tied the theft of $41 million from a Thai exchange to Lazarus.";
        assert_eq!(operation_kinds(text), vec![EventType::FinancialTheft]);
    }

    #[test]
    fn unnamed_hackers_as_subject_make_a_plain_verb_an_operation() {
        let text = "The attackers used the BlackEnergy malware against a Ukrainian utility.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
        assert_eq!(victim_countries(text), vec!["UA".to_string()]);
        assert_eq!(
            operation_kinds("Hackers had hijacked the accounts of Moldovan officials."),
            vec![EventType::Intrusion]
        );
        // Without hackers the verb keeps its plain sense.
        assert!(operation_kinds("The opposition attacked the Moldovan budget.").is_empty());
        assert!(operation_kinds("The hackers' lawyers attacked the ruling.").is_empty());
    }

    #[test]
    fn knocking_offline_by_an_attack_or_a_group_named_as_behind_it_disrupts() {
        // An attack as the subject; the object's owner is the victim.
        let text = "A distributed denial-of-service attack had knocked the Electoral \
                    Commission's results portal offline.";
        assert_eq!(operation_kinds(text), vec![EventType::Disruption]);
        assert_eq!(
            texts_in_role(text, Role::Victim),
            vec!["Electoral Commission".to_string()]
        );
        // A long object between the verb and "offline".
        let text = "NoName057(16) knocked the websites of the state portal, two banks and the \
                    railway operator offline.";
        assert_eq!(operation_kinds(text), vec![EventType::Disruption]);
        // The group said to be behind the attacks did them; not when that is asked.
        let text = "Officials said NoName057(16) was behind DDoS attacks on the websites of \
                    several Danish towns.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
        let text = "It is unclear whether NoName057(16) was behind DDoS attacks on the \
                    websites of several Danish towns.";
        assert!(countries_in_role(text, Role::Attacker).is_empty());
        // A storm knocks things offline too.
        assert!(operation_kinds("The storm knocked the ministry's website offline.").is_empty());
    }

    #[test]
    fn a_unit_a_state_accuses_of_stealing_stole() {
        // The relative clause without its pronoun: the unit did it, not its accuser.
        let text = "Seoul sanctioned Kimsuky, a North Korean hacking unit it accuses of \
                    stealing weapons designs.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["KP".to_string()]
        );
    }

    #[test]
    fn stealing_names_and_numbers_is_a_breach() {
        let text = "Kimsuky stole the names, passport numbers and home addresses of 3,000 \
                    officials from a Seoul ministry.";
        assert_eq!(operation_kinds(text), vec![EventType::DataBreach]);
    }

    #[test]
    fn a_theft_as_the_purpose_of_an_exploit_and_more_spying_verbs() {
        let text = "APT29 exploited a flaw in a mail server to steal emails from the Danish \
                    foreign ministry.";
        assert_eq!(operation_kinds(text), vec![EventType::DataBreach]);
        assert_eq!(victim_countries(text), vec!["DK".to_string()]);
        // Whoever runs what was hit owns it; it did not attack it.
        let text = "New Zealand's GCSB tied the Chinese state-backed crew to an intrusion \
                    into a fisheries database run by the Ministry for Primary Industries.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["CN".to_string()]
        );
        // An aside between the exploit and its purpose; more than one thing stolen.
        let text = "Kimsuky exploited a flaw, tracked as CVE-2024-0001, to steal payroll and \
                    staff records from a Seoul ministry.";
        assert_eq!(operation_kinds(text), vec![EventType::DataBreach]);
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["KP".to_string()]
        );
        let text = "Kimsuky monitored the phones of South Korean diplomats.";
        assert_eq!(operation_kinds(text), vec![EventType::Espionage]);
        assert!(operation_kinds("Regulators monitor the communications of banks.").is_empty());
        let text = "Predatory Sparrow paralysed the fuel pumps of Iranian petrol stations.";
        assert_eq!(operation_kinds(text), vec![EventType::Disruption]);
        assert!(operation_kinds("The strike paralysed the ports of Belgium.").is_empty());
        let text = "The hackers leaked the internal files of the Bulgarian tax agency.";
        assert_eq!(operation_kinds(text), vec![EventType::DataBreach]);
    }

    #[test]
    fn an_operation_said_not_to_be_done_is_none() {
        assert!(
            operation_kinds(
                "Tehran said Iran has never engaged in cyber attacks on its neighbours."
            )
            .is_empty()
        );
        // A breach whose manner is unclear still happened.
        assert_eq!(
            operation_kinds("It is not clear how APT33 breached the Saudi ministry."),
            vec![EventType::Intrusion]
        );
    }

    #[test]
    fn a_long_subject_takes_its_agent_from_its_predicate() {
        let text = "The ransomware attack on a Dutch hospital group, which forced surgeons to \
                    postpone operations for weeks, was carried out by the APT41 group.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["CN".to_string()]
        );
    }

    #[test]
    fn attempts_to_break_in_are_their_owners() {
        let text = "The Israeli agency warned of Iranian attempts to break into security cameras.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["IR".to_string()]
        );
        let text = "The Israeli agency warned of repeated attempts to break into security cameras.";
        assert!(countries_in_role(text, Role::Attacker).is_empty());
    }

    #[test]
    fn launching_an_inquiry_into_an_attack_is_not_launching_it() {
        let text =
            "Police in Portugal have launched an investigation into an attack on the servers.";
        assert!(countries_in_role(text, Role::Attacker).is_empty());
        let text = "Police in Portugal said Russia launched an attack on the servers.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
    }

    #[test]
    fn a_year_is_no_count() {
        assert!(super::is_count("12") && super::is_count("1500"));
        assert!(!super::is_count("2016") && !super::is_count("nine") && !super::is_count(""));
    }

    #[test]
    fn a_counted_victim_is_still_the_victim() {
        for text in [
            "Chinese hackers broke into the networks of at least nine American telecom companies.",
            "Chinese hackers broke into the networks of 12 American telecom companies.",
        ] {
            assert_eq!(
                countries_in_role(text, Role::Victim),
                vec!["US".to_string()],
                "{text}"
            );
        }
    }

    #[test]
    fn what_is_stolen_from_is_the_victim() {
        let text = "Hackers stole data on two million pensioners from the German foreign ministry.";
        assert!(countries_in_role(text, Role::Attacker).is_empty());
        assert_eq!(
            countries_in_role(text, Role::Victim),
            vec!["DE".to_string()]
        );
    }

    #[test]
    fn stolen_files_and_designs_are_a_breach() {
        for text in [
            "Lazarus hackers had stolen design files from a Korean shipyard.",
            "APT10 stole the blueprints of Japanese satellites.",
            "Kimsuky hackers had tried to steal the designs of a Korean submarine.",
            "The insurer's data had been stolen by criminals in Russia.",
        ] {
            assert_eq!(
                operation_kinds(text),
                vec![dossier_model::EventType::DataBreach],
                "{text}"
            );
        }
    }

    #[test]
    fn fake_job_offers_are_lures_of_hedged_hackers() {
        let text = "Hackers, believed to be working for Pyongyang, sent fake job offers to \
                    staff at a Dutch chip maker.";
        assert_eq!(
            operation_kinds(text),
            vec![dossier_model::EventType::Phishing]
        );
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["KP".to_string()]
        );
    }

    #[test]
    fn a_passive_theft_names_its_placed_thieves() {
        assert_eq!(
            countries_in_role(
                "The insurer's data had been stolen by criminals in Russia.",
                Role::Attacker
            ),
            vec!["RU".to_string()]
        );
    }

    #[test]
    fn hackers_probing_networks_is_an_operation_but_police_probing_is_not() {
        let text = "Hackers tied to the Iranian state have been probing Dutch water utilities.";
        assert_eq!(
            operation_kinds(text),
            vec![dossier_model::EventType::Intrusion]
        );
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["IR".to_string()]
        );
        assert!(operation_kinds("Dutch police are probing the outage at a port.").is_empty());
    }

    #[test]
    fn a_hedged_sponsor_is_not_the_subject() {
        let text = "Turla, believed to be backed by Moscow, has broken into a ministry in Bern.";
        let doc = crate::events::testing::run_rules(text);
        let attackers: Vec<&str> = doc
            .events
            .iter()
            .filter(|e| e.kind.is_operation())
            .flat_map(|e| e.args_with(Role::Attacker))
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(attackers, vec!["Turla"]);
    }

    #[test]
    fn thefts_reconnaissance_and_sent_lures_name_their_actor() {
        for (text, kind) in [
            (
                "North Korean hackers stole the funds of a Japanese exchange.",
                dossier_model::EventType::FinancialTheft,
            ),
            (
                "APT31 conducted reconnaissance against Finnish parliamentary accounts.",
                dossier_model::EventType::Espionage,
            ),
            (
                "Kimsuky had sent phishing emails to Japanese diplomats.",
                dossier_model::EventType::Phishing,
            ),
        ] {
            let doc = crate::events::testing::run_rules(text);
            let found = doc.events.iter().any(|e| {
                e.kind == kind
                    && e.args_with(Role::Attacker).any(|a| {
                        a.entity
                            .as_deref()
                            .and_then(|id| doc.entity(id))
                            .is_some_and(|x| x.country.is_some())
                    })
            });
            assert!(found, "{text}: {:?}", doc.events);
        }
    }

    #[test]
    fn a_trigger_inside_a_name_is_no_operation() {
        let text = "The Russian hacking group blamed for targeting French elections went quiet.";
        let doc = crate::events::testing::run_rules(text);
        assert!(
            doc.events.iter().all(|e| e.trigger.text != "hacking"),
            "{:?}",
            doc.events
        );
    }

    #[test]
    fn attacked_is_an_operation_only_for_hackers() {
        let found = countries_in_role(
            "Belarusian hackers attacked the servers of two ministries.",
            Role::Attacker,
        );
        assert_eq!(found, vec!["BY".to_string()]);
        let found = countries_in_role("Israel attacked the sites overnight.", Role::Attacker);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn verbs_with_a_plain_sense_need_hackers() {
        for (text, attacker) in [
            (
                "Slovak officials said Sandworm had wiped servers at a railway firm.",
                "RU",
            ),
            ("Chinese hackers were sabotaging pipelines in Guam.", "CN"),
            ("The malware was probably deployed by Sandworm.", "RU"),
            ("APT41 had positioned itself inside telecom networks.", "CN"),
            (
                "North Korean hackers planted malware in the bank's servers.",
                "KP",
            ),
            (
                "Canada said APT31 was attacking members of parliament.",
                "CN",
            ),
            (
                "Turla used a new backdoor against European embassies.",
                "RU",
            ),
            (
                "Killnet knocked the websites of three German airports offline.",
                "RU",
            ),
        ] {
            let found = countries_in_role(text, Role::Attacker);
            assert_eq!(found, vec![attacker.to_string()], "{text}");
        }
        for text in [
            "The storm wiped out the harvest in Ukraine.",
            "Russia deployed troops to the border.",
            "The minister was attacking the opposition's budget.",
            "The storm knocked the power lines of two German towns offline.",
        ] {
            let doc = crate::events::testing::run_rules(text);
            assert!(!doc.events.iter().any(|e| e.kind.is_operation()), "{text}");
        }
    }

    #[test]
    fn a_speaker_set_off_by_commas_is_not_the_subject() {
        let text = "One of the attacks, said Chile's interior ministry, tried to hack the \
                    website of the tax office.";
        assert!(countries_in_role(text, Role::Attacker).is_empty());
        // Without the commas the name after "said" is the subject.
        let text = "Chile's interior ministry said APT41 tried to hack the tax office.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["CN".to_string()]
        );
    }

    #[test]
    fn a_quantifier_does_not_hide_the_preposition() {
        assert_eq!(
            victim_countries("Killnet knocked the websites of three German airports offline."),
            vec!["DE".to_string()]
        );
    }

    #[test]
    fn operation_arguments_from_news_wording() {
        let doc = crate::events::testing::run_rules(
            "Chinese hackers used the Snowlight malware against Danish ministries after \
             exploiting a flaw in Fortinet appliances.",
        );
        let op = doc
            .events
            .iter()
            .find(|e| e.kind.is_operation())
            .expect("an operation");
        let texts = |role| -> Vec<&str> { op.args_with(role).map(|a| a.text.as_str()).collect() };
        assert_eq!(texts(Role::Tool), vec!["Snowlight"]);
        assert_eq!(texts(Role::VulnerableSystem), vec!["Fortinet"]);
        let doc = crate::events::testing::run_rules(
            "Hackers stole the records of about 3 million Finnish patients from a clinic \
             network.",
        );
        let op = doc
            .events
            .iter()
            .find(|e| e.kind == dossier_model::EventType::DataBreach)
            .expect("a breach");
        let counts: Vec<&str> = op
            .args_with(Role::NumberOfData)
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(counts, vec!["about 3 million Finnish patients"]);
    }

    #[test]
    fn a_subject_before_a_determiner_is_no_modifier() {
        let found = countries_in_role(
            "Beijing said China opposes all hacking and firmly combats it.",
            Role::Attacker,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_preposition_in_another_clause_names_no_victim() {
        let found = victim_countries(
            "Tehran denied any knowledge of the attack, saying the US was spreading lies \
             against Iran.",
        );
        assert!(found.is_empty(), "{found:?}");
        // A relative clause still tells of the operation, and so does a list.
        let found = victim_countries("The outage, which crippled the grid of Ukraine, lasted.");
        assert_eq!(found, vec!["UA".to_string()]);
        let found = victim_countries(
            "The group was behind many attacks, including one on the central bank of Chile.",
        );
        assert_eq!(found, vec!["CL".to_string()]);
    }

    #[test]
    fn a_wiper_attack_is_one_disruption() {
        let doc = crate::events::testing::run_rules(
            "A wiper attack destroyed files at Montenegrin government agencies.",
        );
        let ops: Vec<_> = doc
            .events
            .iter()
            .filter(|e| e.kind.is_operation())
            .collect();
        assert_eq!(ops.len(), 1, "{ops:?}");
        assert_eq!(ops[0].kind, dossier_model::EventType::Disruption);
        assert_eq!(ops[0].trigger.text, "wiper attack");
    }

    #[test]
    fn exploiting_a_flaw_to_breach_is_one_intrusion() {
        let doc = crate::events::testing::run_rules(
            "Iranian hackers exploited a flaw in Microsoft Exchange to breach Albanian \
             ministries.",
        );
        let ops: Vec<_> = doc
            .events
            .iter()
            .filter(|e| e.kind.is_operation())
            .collect();
        assert_eq!(ops.len(), 1, "{ops:?}");
        assert_eq!(ops[0].trigger.text, "breach");
        let country = |role| {
            let id = ops[0].arg(role)?.entity.as_deref()?;
            doc.entity(id)?.country.clone()
        };
        assert_eq!(country(Role::Victim).as_deref(), Some("AL"));
        assert_eq!(country(Role::Attacker).as_deref(), Some("IR"));
    }

    #[test]
    fn a_country_the_actor_sits_in_is_not_the_victim() {
        let found = victim_countries(
            "Investigators uncovered malicious activity by a group based in Iran aimed at \
             water utilities in Israel.",
        );
        assert!(!found.contains(&"IR".to_string()), "{found:?}");
        let found = victim_countries(
            "The hackers conducted cyber operations for an arm of Russia's military \
             intelligence service.",
        );
        assert!(!found.contains(&"RU".to_string()), "{found:?}");
    }

    #[test]
    fn a_backer_whose_verb_takes_the_operation_is_the_attacker() {
        let found = countries_in_role(
            "Officials said Iranian military intelligence had supported large-scale \
             cyber-attacks in Finland.",
            Role::Attacker,
        );
        assert_eq!(found, vec!["IR".to_string()]);
        // Supporting the inquiry into an attack is not backing the attack.
        let found = countries_in_role(
            "The Finnish government supported an inquiry into the cyber-attacks on Estonia.",
            Role::Attacker,
        );
        assert!(found.is_empty(), "{found:?}");
        // A compound adjective is no verb: nobody is named as the sponsor here.
        let found = countries_in_role(
            "Talks between Oslo and its partners on state-sponsored cyber activities stalled.",
            Role::Attacker,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_campaign_is_an_operation_only_with_a_threat_actor_as_agent() {
        let text = "Researchers detailed the campaign conducted by a Vietnam-linked threat \
                    activity group BlueKite targeting the Philippine energy sector.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["VN".to_string()]
        );
        assert_eq!(victim_countries(text), vec!["PH".to_string()]);
        let found = victim_countries("The campaign by the ruling party of Chile targeted voters.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn the_subject_of_a_copula_is_no_attacker() {
        let found = countries_in_role(
            "Officials said the long blackout in Chile was cyber sabotage.",
            Role::Attacker,
        );
        assert!(found.is_empty(), "{found:?}");
        // A name right before the noun still modifies it.
        let found = countries_in_role("Officials blamed Chilean cyber sabotage.", Role::Attacker);
        assert_eq!(found, vec!["CL".to_string()]);
    }

    #[test]
    fn a_country_hit_through_a_preposition_is_the_victim() {
        let found = victim_countries("Russian hackers launched cyberattacks on Ukraine in 2022.");
        assert_eq!(found, vec!["UA".to_string()]);
        // A victim with no state of its own is placed by the country right after it.
        let found = countries_in_role("The hackers breached banks in Ukraine.", Role::Place);
        assert_eq!(found, vec!["UA".to_string()]);
        // A city of a state places the victim; a capital where talks were held does not.
        let found = victim_countries("Hackers broke into the network of a clinic in Gdansk.");
        assert_eq!(found, vec!["PL".to_string()]);
        let found = victim_countries(
            "The minister raised the cyberattacks with his counterpart in Beijing.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_physical_attack_is_no_operation() {
        let found = victim_countries(
            "He was banned from entering the UK after the nerve agent attack on a \
             British-based former spy.",
        );
        assert!(found.is_empty(), "{found:?}");
        let found = victim_countries("Ukraine’s “grid” was hit in a missile attack.");
        assert!(found.is_empty(), "{found:?}");
        let found = victim_countries("Russia launched missile attacks on Ukraine.");
        assert!(found.is_empty(), "{found:?}");
        let found = victim_countries("Russia launched cyber attacks on Ukraine.");
        assert_eq!(found, vec!["UA".to_string()]);
    }

    #[test]
    fn what_the_operation_harms_is_its_victim() {
        let found = victim_countries("The cyberattack ended up costing Maersk $300 million.");
        assert_eq!(found, vec!["DK".to_string()]);
        let found = victim_countries("The hack crippled the Bundestag for days.");
        assert_eq!(found, vec!["DE".to_string()]);
        // The verb must follow the noun: a harm named in another clause does not count.
        let found = victim_countries("After the hack, floods crippled the Bundestag.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_participle_before_by_is_passive() {
        // A "pro-" prefix belongs to the name after "by".
        let text = "Estonia was the country most targeted by pro-Russian hackers last year.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
        let text = "Estonia was the country most targeted by Russian hackers last year.";
        assert_eq!(
            countries_in_role(text, Role::Victim),
            vec!["EE".to_string()]
        );
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
        // The victim is the noun the participle qualifies, not the clause's subject.
        let text = "Lithuania said the Polish ministries targeted by APT28 had been warned.";
        assert_eq!(
            countries_in_role(text, Role::Victim),
            vec!["PL".to_string()]
        );
    }

    #[test]
    fn a_modifier_stops_at_a_preposition() {
        let found = countries_in_role(
            "The suspect was extradited to Germany over the hacking of the Bundestag.",
            Role::Attacker,
        );
        assert!(found.is_empty(), "{found:?}");
        let found = countries_in_role("Iranian cyber attacks hit the Bundestag.", Role::Attacker);
        assert_eq!(found, vec!["IR".to_string()]);
    }

    #[test]
    fn the_one_accused_of_an_operation_is_its_agent() {
        for text in [
            "Tehran accused the United States and Israel of cyberattacks that crippled its fuel pumps.",
            "Iran blamed Israel for the recent cyberattacks that crippled its steel plants.",
        ] {
            let found = countries_in_role(text, Role::Attacker);
            assert!(found.contains(&"IL".to_string()), "{text}: {found:?}");
        }
        // Not after a verb that accuses.
        let found = countries_in_role(
            "Iran thanked Israel for the cyberattacks that crippled its steel plants.",
            Role::Attacker,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn who_reports_or_is_impersonated_is_no_attacker() {
        for text in [
            "In other attacks reported by Germany's BSI, the intruders installed backdoors.",
            "Firms were targeted in a campaign, with APT10 masquerading as Japanese government agencies to gain access.",
            "Attackers pretending to be the German police targeted the ministry.",
            "The Canadian town of Midland paid to regain access to its hacked computer systems.",
        ] {
            let found = countries_in_role(text, Role::Attacker);
            assert!(
                !found.iter().any(|c| c == "DE" || c == "JP" || c == "CA"),
                "{text}: {found:?}"
            );
        }
        // The agent of a plain passive stays, and so does one who claims the attacks.
        let found = countries_in_role(
            "In other attacks carried out by Germany's BND, the intruders installed backdoors.",
            Role::Attacker,
        );
        assert_eq!(found, vec!["DE".to_string()]);
        let found = countries_in_role(
            "The attacks on Kenyan ministries claimed by Anonymous Sudan lasted two days.",
            Role::Attacker,
        );
        assert_eq!(found, vec!["SD".to_string()]);
    }

    #[test]
    fn an_email_is_compromised_only_when_taken() {
        let data = |text: &str| -> Vec<String> {
            crate::events::testing::run_rules(text)
                .events
                .iter()
                .flat_map(|e| e.args_with(Role::CompromisedData))
                .map(|a| a.text.clone())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        let found =
            data("Russian hackers breached the ministry after a clerk opened a phishing email.");
        assert!(found.is_empty(), "{found:?}");
        let found =
            data("Russian hackers breached the ministry and stole the emails of its staff.");
        assert_eq!(found, vec!["emails".to_string()]);
        let found =
            data("Russian hackers breached the ministry and took personal data of its staff.");
        assert_eq!(found, vec!["personal data".to_string()]);
    }

    #[test]
    fn a_hacking_capability_is_no_operation() {
        let found = countries_in_role(
            "The leak exposed the CIA's hacking tools and its entire hacking capacity.",
            Role::Attacker,
        );
        assert!(found.is_empty(), "{found:?}");
        let found = countries_in_role(
            "The CIA's hacking of the Kremlin's servers.",
            Role::Attacker,
        );
        assert_eq!(found, vec!["US".to_string()]);
    }

    #[test]
    fn hacking_groups_are_who_operates_not_an_operation() {
        let found = countries_in_role(
            "North Korea's Lazarus and Andariel hacking groups were named in the report.",
            Role::Attacker,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn an_attack_that_cut_a_service_is_sabotage() {
        let text = "The attack that cut mobile service for millions of subscribers was carried \
                    out by Sandworm.";
        assert_eq!(operation_kinds(text), vec![EventType::Disruption]);
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
    }

    #[test]
    fn lures_and_impostors_are_phishing() {
        for (text, attacker) in [
            (
                "Transparent Tribe had lured Indian soldiers with fake pay documents that \
                 installed a trojan.",
                "PK",
            ),
            (
                "Kimsuky posed as reporters in emails sent to officials at the unification \
                 ministry.",
                "KP",
            ),
        ] {
            assert_eq!(operation_kinds(text), vec![EventType::Phishing], "{text}");
            assert_eq!(
                countries_in_role(text, Role::Attacker),
                vec![attacker.to_string()]
            );
        }
        // Targeted by a policy, not by hackers.
        let text = "The number of Iranians targeted by Australian measures rose.";
        assert!(operation_kinds(text).is_empty());
    }

    #[test]
    fn hackers_who_had_access_to_a_network_intruded() {
        let text = "Hackers working for Iran's intelligence ministry had access to the Albanian \
                    parliament's network for two years.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["IR".to_string()]
        );
        // Staff with access did nothing.
        let text = "Only three clerks had access to the Estonian tax board's payroll systems.";
        assert!(operation_kinds(text).is_empty());
        // A long object before what was taken over.
        let text = "Hackers linked to Belarus tried to take over the private email and Signal \
                    accounts of Lithuanian officers.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
    }

    #[test]
    fn a_well_known_victim_organisation_carries_its_state() {
        // The core KB's victims file: organisations hit in widely reported operations.
        let found = victim_countries(
            "Prosecutors say GRU officers hacked the Democratic National Committee in 2016.",
        );
        assert_eq!(found, vec!["US".to_string()]);
        let found = victim_countries("North Korean hackers stole $600 million from Axie Infinity.");
        assert_eq!(found, vec!["VN".to_string()]);
    }

    #[test]
    fn reading_someones_mail_is_espionage_only_for_an_actor() {
        assert_eq!(
            operation_kinds("The group known as Turla read the emails of the foreign minister."),
            vec![EventType::Espionage]
        );
        assert!(
            operation_kinds("Staff should read emails from unknown senders with care.").is_empty()
        );
    }

    #[test]
    fn a_breach_that_exposes_data_is_one_data_breach_of_its_owners() {
        for text in [
            "The breach at the clinic exposed the records of 80,000 Latvian patients.",
            "The medical files of 80,000 Latvian patients were leaked after a breach at a \
             clinic.",
        ] {
            let doc = crate::events::testing::run_rules(text);
            let ops: Vec<&dossier_model::Event> = doc
                .events
                .iter()
                .filter(|e| e.kind.is_operation())
                .collect();
            assert_eq!(ops.len(), 1, "{text}: {ops:?}");
            assert_eq!(ops[0].kind, EventType::DataBreach);
            assert_eq!(victim_countries(text), vec!["LV".to_string()], "{text}");
        }
    }

    #[test]
    fn who_claims_responsibility_for_an_act_did_it() {
        assert_eq!(
            countries_in_role(
                "Pro-Ukrainian hackers claimed responsibility for knocking the websites of \
                 Russian banks offline.",
                Role::Attacker
            ),
            vec!["UA".to_string()]
        );
    }

    #[test]
    fn a_state_deploys_spyware_and_hackers_hijack_sites() {
        assert_eq!(
            countries_in_role(
                "The spyware had been deployed by the Saudi government.",
                Role::Attacker
            ),
            vec!["SA".to_string()]
        );
        // A state deploying troops is not a cyber operation.
        assert!(
            countries_in_role(
                "Troops had been deployed by the Saudi government.",
                Role::Attacker
            )
            .is_empty()
        );
        assert_eq!(
            countries_in_role(
                "Pro-Kremlin hackers hijacked a Lithuanian news portal.",
                Role::Attacker
            ),
            vec!["RU".to_string()]
        );
    }

    #[test]
    fn whose_part_in_an_operation_is_told_is_its_attacker() {
        for text in [
            "The involvement of Iran in the attack on the Albanian government is beyond doubt.",
            "Tehran's role in the attack on the Albanian government is beyond doubt.",
        ] {
            assert_eq!(
                countries_in_role(text, Role::Attacker),
                vec!["IR".to_string()],
                "{text}"
            );
        }
        // A reporter confirms; it does not attack.
        assert!(
            countries_in_role(
                "The attack on the Albanian government was confirmed by the FBI.",
                Role::Attacker
            )
            .is_empty()
        );
    }

    #[test]
    fn disruptions_and_lures_told_by_their_effect() {
        assert_eq!(
            operation_kinds("Sandworm cut power to thousands of homes near Kyiv."),
            vec![EventType::Disruption]
        );
        assert_eq!(
            countries_in_role(
                "Pro-Russian hackers flooded Lithuanian government websites with junk traffic.",
                Role::Victim
            ),
            vec!["LT".to_string()]
        );
        assert_eq!(
            countries_in_role(
                "Pakistani hackers sent booby-trapped documents to Indian defence officials.",
                Role::Victim
            ),
            vec!["IN".to_string()]
        );
        assert_eq!(
            countries_in_role(
                "Pro-Ukrainian hacktivists disabled thousands of cash machines across Russia.",
                Role::Victim
            ),
            vec!["RU".to_string()]
        );
        // Weather, fans and firms are no attackers.
        assert!(
            operation_kinds("Storms cut power to thousands of homes across Ireland.").is_empty()
        );
        assert!(operation_kinds("Fans flooded the website with requests for tickets.").is_empty());
        assert!(operation_kinds("The firm sent fake invoices to its rivals.").is_empty());
    }

    #[test]
    fn obtaining_access_is_an_intrusion_whoever_did_it() {
        assert_eq!(
            victim_countries(
                "The spies obtained access to the email accounts of Polish diplomats."
            ),
            vec!["PL".to_string()]
        );
    }

    #[test]
    fn a_stay_inside_networks_is_an_intrusion_unless_the_clause_names_the_act() {
        let text = "Russian hackers had lurked undetected in the servers of a Finnish \
                    shipping ministry for two years.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
        assert_eq!(victim_countries(text), vec!["FI".to_string()]);
        // The stay is how the spying was done: one event, which takes the victim.
        let text = "Chinese hackers spent weeks inside the network of a Danish telecom, \
                    intercepting the calls of ministers.";
        assert_eq!(operation_kinds(text), vec![EventType::Espionage]);
        assert_eq!(victim_countries(text), vec!["DK".to_string()]);
        // Nobody's stay in a system is an operation without hackers.
        assert!(
            operation_kinds("The auditors spent months in the systems of the bank.").is_empty()
        );
    }

    #[test]
    fn disrupting_and_defacing_are_told_by_their_verbs() {
        let text = "Pro-Russian hacktivists disrupted the websites of several Polish airports.";
        assert_eq!(operation_kinds(text), vec![EventType::Disruption]);
        assert_eq!(victim_countries(text), vec!["PL".to_string()]);
        assert_eq!(
            operation_kinds("Iranian hackers defaced the homepage of an Israeli newspaper."),
            vec![EventType::Disruption]
        );
        assert!(operation_kinds("Heavy snow disrupted flights across the region.").is_empty());
    }

    #[test]
    fn the_means_of_an_operation_is_not_a_second_one_nor_where_a_thing_was_made() {
        let text = "North Korean hackers disrupted the heating in a rural Latvian town by \
                    attacking a controller made in Germany.";
        assert_eq!(operation_kinds(text), vec![EventType::Disruption]);
        assert_eq!(victim_countries(text), vec!["LV".to_string()]);
        // Where a thing was made is not whom its breach hit.
        assert!(
            victim_countries("Hackers tied to Iran breached routers made in Taiwan.").is_empty()
        );
        // Where the victim sits past a region word is still the state that was hit.
        assert_eq!(
            victim_countries("Russian hackers cut power to about 80,000 homes in western Ukraine."),
            vec!["UA".to_string()]
        );
        assert_eq!(
            victim_countries("Iranian hackers targeted hospitals in the United States."),
            vec!["US".to_string()]
        );
    }

    #[test]
    fn influence_about_a_vote_targets_the_voting_state() {
        assert_eq!(
            victim_countries(
                "A Chinese influence campaign spread lies about the Taiwanese election."
            ),
            vec!["TW".to_string()]
        );
    }

    #[test]
    fn the_charged_did_the_act_and_a_pronoun_points_to_the_owner() {
        assert_eq!(
            countries_in_role(
                "Prosecutors charged a Chinese national with hacking a defence contractor.",
                Role::Attacker
            ),
            vec!["CN".to_string()]
        );
        // Who accuses is not who hacked.
        assert!(
            countries_in_role(
                "The group was accused by Washington of hacking dozens of state networks.",
                Role::Attacker
            )
            .is_empty()
        );
        // Who blames the attack did not carry it out.
        assert!(
            !countries_in_role(
                "The attack on the Irish health service was blamed by Dublin on a Russian gang.",
                Role::Attacker
            )
            .contains(&"IE".to_string())
        );
        assert_eq!(
            victim_countries(
                "Latvia's foreign ministry said Russian hackers had defaced its website."
            ),
            vec!["LV".to_string()]
        );
    }

    /// The texts of `role` in the operations found in `text` (rules only).
    fn texts_in_role(text: &str, role: Role) -> Vec<String> {
        let doc = crate::events::testing::run_rules(text);
        doc.events
            .iter()
            .filter(|e| e.kind.is_operation())
            .flat_map(|e| e.args_with(role).map(|a| a.text.clone()))
            .collect()
    }

    #[test]
    fn an_attack_that_leaves_people_without_service_is_sabotage() {
        let text = "The unit carried out an attack on Netline, a provider in Moscow, leaving \
                    customers in three districts without internet for days.";
        assert_eq!(operation_kinds(text), vec![EventType::Disruption]);
    }

    #[test]
    fn draining_crypto_is_a_financial_theft() {
        assert_eq!(
            operation_kinds(
                "North Korean hackers drained $41 million from the Coinvault exchange."
            ),
            vec![EventType::FinancialTheft]
        );
        let text = "About $9 million in cryptocurrency was drained from hot wallets at \
                    Coinvault, Brazil's biggest exchange, on Friday.";
        assert_eq!(operation_kinds(text), vec![EventType::FinancialTheft]);
        assert_eq!(victim_countries(text), vec!["BR".to_string()]);
    }

    #[test]
    fn data_stolen_from_a_body_is_a_breach_its_owner_did_not_commit() {
        let text = "Hundreds of classified NATO documents were stolen from computers at \
                    Portugal's armed forces general staff.";
        assert_eq!(operation_kinds(text), vec![EventType::DataBreach]);
        assert!(texts_in_role(text, Role::Attacker).is_empty());
        assert_eq!(victim_countries(text), vec!["PT".to_string()]);
    }

    #[test]
    fn a_phrase_that_opens_with_its_verb_has_the_verbs_subject() {
        let text = "A hacktivist collective calling itself Red Lantern had stolen roughly six \
                    terabytes of emails from the army's servers.";
        assert_eq!(operation_kinds(text), vec![EventType::DataBreach]);
        assert_eq!(texts_in_role(text, Role::Attacker), vec!["Red Lantern"]);
    }

    #[test]
    fn unnamed_hackers_are_the_attacker_but_alone_say_nothing() {
        let text = "Hackers locked up servers at Chile's public defender's office on Saturday.";
        assert_eq!(operation_kinds(text), vec![EventType::Ransom]);
        assert_eq!(texts_in_role(text, Role::Attacker), vec!["Hackers"]);
        assert!(operation_kinds("Hackers broke into computer systems.").is_empty());
        // An accused named in the sentence takes their place.
        let text = "Ukraine blamed Sandworm after hackers cut power to the city of Lviv.";
        assert_eq!(texts_in_role(text, Role::Attacker), vec!["Sandworm"]);
    }

    #[test]
    fn a_bodys_own_hackers_make_it_the_attacker() {
        let text = "Ukraine's military intelligence agency, HUR, said its cyber specialists had \
                    carried out an attack on a Moscow internet provider.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["UA".to_string()]
        );
    }

    #[test]
    fn infecting_devices_is_an_intrusion_by_whoever_infects() {
        let text = "Amnesty International said Serbian police had used a spyware called NoviSpy \
                    to infect the devices of journalists.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RS".to_string()]
        );
        // Whom the police arrest for infecting did it, not the police.
        let text = "Austrian police arrested a teenager for infecting the network of a local \
                    company with ransomware.";
        assert!(countries_in_role(text, Role::Attacker).is_empty());
        // But those who claim it did it.
        let text = "Pro-Russian hacktivists claimed responsibility for knocking the websites \
                    of several Italian airports offline.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
    }

    #[test]
    fn documents_posing_as_invitations_are_phishing() {
        let text = "Patchwork had emailed researchers at two Chinese universities documents \
                    posing as conference invitations.";
        assert_eq!(operation_kinds(text), vec![EventType::Phishing]);
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["IN".to_string()]
        );
    }

    #[test]
    fn the_name_an_appositive_describes_is_the_subject_whatever_it_believes() {
        let text = "Patchwork, a group it believes operates from India, had hacked the \
                    ministry.";
        assert_eq!(texts_in_role(text, Role::Attacker), vec!["Patchwork"]);
        // A reporting verb after an appositive's comma opens no aside.
        let text = "NordCERT, a non-profit body, said attackers had broken into 22 companies \
                    after APT28 warned of it.";
        assert!(
            !texts_in_role(text, Role::Attacker).contains(&"NordCERT".to_string()),
            "{:?}",
            texts_in_role(text, Role::Attacker)
        );
    }

    #[test]
    fn going_after_targets_and_reading_cables_are_operations_of_actors() {
        assert_eq!(
            operation_kinds("Star Blizzard has gone after more than 80 civil society groups."),
            vec![EventType::Intrusion]
        );
        assert!(operation_kinds("The police went after the protesters.").is_empty());
        assert_eq!(
            operation_kinds("Turla spent a year reading diplomatic cables on the network."),
            vec![EventType::Espionage]
        );
    }

    #[test]
    fn phishing_emails_go_to_their_victims() {
        let text = "Charming Kitten sent phishing emails to Israeli academics.";
        assert_eq!(victim_countries(text), vec!["IL".to_string()]);
    }

    #[test]
    fn an_unnamed_object_of_an_intrusion_is_its_victim() {
        let text = "Salt Typhoon penetrated high-voltage electrical substations and stole data.";
        assert!(
            texts_in_role(text, Role::Victim)
                .contains(&"high-voltage electrical substations".to_string()),
            "{:?}",
            texts_in_role(text, Role::Victim)
        );
        // The phrase stops at a participle or a preposition.
        let text = "Chinese hackers breached a defence network used for research last year.";
        assert_eq!(texts_in_role(text, Role::Victim), vec!["a defence network"]);
        // Not with nobody named, not an adjective's noun, not a clause.
        assert!(texts_in_role("Someone breached the network.", Role::Victim).is_empty());
        for text in [
            "Turla mounted targeted attacks on embassies.",
            "APT28 targeted with fake invitations.",
            "Lazarus attacked what they were free to reach.",
        ] {
            assert!(
                !texts_in_role(text, Role::Victim)
                    .iter()
                    .any(|v| v.starts_with("attacks")
                        || v.starts_with("with")
                        || v.starts_with("what")),
                "{text}: {:?}",
                texts_in_role(text, Role::Victim)
            );
        }
    }

    #[test]
    fn a_fake_planted_by_hackers_is_influence() {
        let text = "A bogus dispatch announcing a call-up, which appeared on the agency's site, \
                    was in all likelihood planted by hackers working for Russia.";
        assert_eq!(operation_kinds(text), vec![EventType::Influence]);
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
    }

    #[test]
    fn who_reports_a_passive_is_not_its_victim() {
        let text = "Cutler said the hospital's patient files were compromised by Lazarus.";
        assert!(
            !texts_in_role(text, Role::Victim).contains(&"Cutler".to_string()),
            "{:?}",
            texts_in_role(text, Role::Victim)
        );
        // A body that reports its own loss is still the victim.
        let text = "Microsoft said customer emails were compromised by Midnight Blizzard.";
        assert_eq!(victim_countries(text), vec!["US".to_string()]);
        // Without a report, the passive's subject is the victim.
        let text = "Bundestag computers were compromised by APT28.";
        assert_eq!(victim_countries(text), vec!["DE".to_string()]);
    }

    #[test]
    fn a_hacking_team_or_arm_names_who_operates() {
        let text = "Officials said a North Korean hacking team had been named.";
        assert!(operation_kinds(text).is_empty());
        let text = "MuddyWater, the hacking arm of Iran's intelligence ministry, was named.";
        assert!(operation_kinds(text).is_empty());
    }

    #[test]
    fn a_state_actor_stealing_cables_spies_and_a_gang_stealing_records_breaches() {
        let text = "Turla spent two years stealing diplomatic cables from the foreign ministry.";
        assert_eq!(operation_kinds(text), vec![EventType::Espionage]);
        let text = "LockBit stole patient records from a hospital in Ohio.";
        assert_eq!(operation_kinds(text), vec![EventType::DataBreach]);
        // Unnamed hackers of no known state breach.
        let text = "Hackers stole diplomatic cables from Peru's foreign ministry.";
        assert_eq!(operation_kinds(text), vec![EventType::DataBreach]);
    }

    #[test]
    fn the_name_a_relative_report_hangs_on_is_the_attacker() {
        let text = "MirrorFace, which police assessed was run by Beijing, had spent years \
                    stealing defence files from ministries, Japan's police said.";
        assert_eq!(texts_in_role(text, Role::Attacker), vec!["MirrorFace"]);
    }

    #[test]
    fn a_sum_before_theft_and_stealing_a_sum_are_financial_thefts() {
        let text = "The $40 million theft from the exchange was carried out by Lazarus.";
        assert_eq!(operation_kinds(text), vec![EventType::FinancialTheft]);
        assert_eq!(texts_in_role(text, Role::Attacker), vec!["Lazarus"]);
        let text = "Prosecutors charged two North Korean hackers with stealing roughly $3 \
                    million from a bank.";
        assert_eq!(operation_kinds(text), vec![EventType::FinancialTheft]);
    }

    #[test]
    fn a_verb_and_its_noun_of_one_type_are_one_operation() {
        let text = "Kimsuky, the North Korean espionage unit, had sent phishing emails posing \
                    as journalists to diplomats in Seoul.";
        assert_eq!(operation_kinds(text), vec![EventType::Phishing]);
        // A participle before its noun does not take the noun's event.
        let text = "Mandiant tied the targeted intrusions at Norwegian ministries to APT31.";
        let doc = crate::events::testing::run_rules(text);
        assert!(
            doc.events.iter().any(|e| e.trigger.text == "intrusions"),
            "{:?}",
            doc.events
        );
    }

    #[test]
    fn an_exploit_gives_way_to_the_operation_it_serves() {
        let text = "The Qilin ransomware gang exploited a flaw in FortiGate firewalls to encrypt \
                    servers at a Japanese clinic.";
        assert_eq!(operation_kinds(text), vec![EventType::Ransom]);
        assert_eq!(
            texts_in_role(text, Role::VulnerableSystem),
            vec!["FortiGate"]
        );
        let text = "APT28 hijacked mailboxes of the party by exploiting a flaw in Outlook.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
    }

    #[test]
    fn a_later_act_of_the_same_attacker_hit_the_victim_named_before() {
        let text = "LockBit encrypted servers at a Chilean hospital in May, demanding a ransom \
                    and dumping patient records online.";
        let doc = crate::events::testing::run_rules(text);
        let breach = doc
            .events
            .iter()
            .find(|e| e.kind == EventType::DataBreach)
            .expect("the dumping is a breach");
        assert!(breach.arg(Role::Victim).is_some(), "{breach:?}");
    }

    #[test]
    fn whom_a_clause_holds_responsible_for_stealing_stole() {
        let text = "The ministry named Ivan Petrov, a Russian national whom Canberra held \
                    responsible for stealing customer records from the insurer.";
        assert_eq!(texts_in_role(text, Role::Attacker), vec!["Ivan Petrov"]);
    }

    #[test]
    fn pushing_fake_stories_and_planting_malicious_code_are_operations() {
        let text = "Accounts run by a Chinese network were used to push fake stories about the \
                    election.";
        assert_eq!(operation_kinds(text), vec![EventType::Influence]);
        let text = "Lazarus planted malicious codes in the systems of defence firms.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
        let text = "Agencies said APT40 was weaponising fresh flaws in Log4j to penetrate \
                    government networks.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
    }

    #[test]
    fn sums_in_any_currency_make_a_theft() {
        assert_eq!(
            operation_kinds("Lazarus hackers stole 2.1 billion yen from a Japanese exchange."),
            vec![EventType::FinancialTheft]
        );
        assert_eq!(
            operation_kinds("FIN7 stole about \u{20ac}3 million from the port authority."),
            vec![EventType::FinancialTheft]
        );
        // The victim of a theft told by its verb follows "from", named or not.
        assert_eq!(
            texts_in_role(
                "Lazarus stole $40 million from a blockchain bridge.",
                Role::Victim
            ),
            vec!["a blockchain bridge".to_string()]
        );
    }

    #[test]
    fn more_lures_are_phishing() {
        for text in [
            "Kimsuky lured defence researchers with bogus coding tests.",
            "Callisto lured officials to counterfeit login pages.",
            "APT42 impersonated journalists to steal email passwords.",
            "Domains that APT29 had used to trick diplomats into surrendering their \
             passwords were seized.",
        ] {
            assert!(
                operation_kinds(text).contains(&EventType::Phishing),
                "{text}"
            );
        }
        // A base form tells what something is made for, not an act.
        assert!(
            operation_kinds("The app is designed to trick users into installing it.").is_empty()
        );
        // Sending is the act right before the noun or its one modifier.
        assert_eq!(
            countries_in_role(
                "Iranian groups such as APT35 were sending tailored phishing messages to \
                 their engineers.",
                Role::Attacker
            ),
            vec!["IR".to_string()]
        );
        assert_eq!(
            texts_in_role(
                "APT35 was sending phishing messages to their engineers.",
                Role::Victim
            ),
            vec!["their engineers".to_string()]
        );
        // The lure's own mail goes to the victim.
        assert_eq!(
            victim_countries("APT35 posed as recruiters in emails sent to Israeli engineers."),
            vec!["IL".to_string()]
        );
    }

    #[test]
    fn a_theft_of_an_amount_of_data_is_a_breach() {
        assert_eq!(
            victim_countries(
                "The theft of roughly 30 gigabytes of internal emails from the Slovak foreign \
                 ministry was blamed on APT28."
            ),
            vec!["SK".to_string()]
        );
    }

    #[test]
    fn a_noun_s_object_and_a_descriptor_s_name_are_victims() {
        assert_eq!(
            texts_in_role(
                "Sandworm carried out a wiper attack on a grain exporter.",
                Role::Victim
            ),
            vec!["a grain exporter".to_string()]
        );
        assert_eq!(
            texts_in_role(
                "Sandworm broke into the systems of the mobile operator Kyivstar.",
                Role::Victim
            ),
            vec!["Kyivstar".to_string()]
        );
        // What is wiped is taken from its victim.
        assert_eq!(
            victim_countries("Sandworm wiped data from Ukrainian government computers."),
            vec!["UA".to_string()]
        );
    }

    #[test]
    fn no_motive_to_act_is_no_act() {
        assert!(
            operation_kinds("Tehran had no motive or intention to hack the campaign.").is_empty()
        );
    }

    #[test]
    fn what_an_attack_on_someone_cut_makes_it_sabotage() {
        assert_eq!(
            operation_kinds(
                "Sandworm's attack on Kyivstar, which cut mobile service for millions, was \
                 the worst yet."
            ),
            vec![EventType::Disruption]
        );
    }

    #[test]
    fn an_operation_told_again_in_its_relative_clause_is_one() {
        let doc = crate::events::testing::run_rules(
            "Salt Typhoon is the espionage campaign that burrowed into Verizon's networks.",
        );
        let ops: Vec<_> = doc
            .events
            .iter()
            .filter(|e| e.kind.is_operation())
            .collect();
        assert_eq!(ops.len(), 1, "{ops:?}");
        assert_eq!(ops[0].kind, EventType::Espionage);
        assert!(ops[0].arg(Role::Victim).is_some(), "{ops:?}");
        // The verb may say more than the noun.
        assert_eq!(
            operation_kinds(
                "Shadow Brokers claimed a breach that exposed the personal details of two \
                 million customers."
            ),
            vec![EventType::DataBreach]
        );
        assert_eq!(
            operation_kinds("APT28 commandeered hundreds of routers."),
            vec![EventType::Intrusion]
        );
    }

    #[test]
    fn a_theft_told_as_the_intruders_next_verb_is_the_intrusion() {
        let text = "Hackers working for Moscow broke into a Latvian ministry's servers in 2022 \
                    and made off with internal documents.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
        // Spying takes the intrusion in.
        assert_eq!(
            operation_kinds(
                "APT41 penetrated two Taiwanese ministries and stole diplomatic cables."
            ),
            vec![EventType::Espionage]
        );
        // Another clause tells another act.
        assert_eq!(
            operation_kinds(
                "APT41 breached the ministry in 2021, and a year later stole payroll data \
                 from a bank."
            )
            .len(),
            2
        );
    }

    #[test]
    fn stepping_up_attacks_carries_them_out() {
        let text = "Estonia's Information System Authority said APT28 had stepped up attacks on \
                    Estonian ministries.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
        assert_eq!(victim_countries(text), vec!["EE".to_string()]);
    }

    #[test]
    fn hundreds_of_credentials_are_stolen_data() {
        assert_eq!(
            operation_kinds(
                "Hackers from APT35 stole hundreds of usernames and passwords from an Israeli \
                 university."
            ),
            vec![EventType::DataBreach]
        );
    }

    #[test]
    fn a_second_intrusion_verb_in_the_clause_tells_the_same_intrusion() {
        for text in [
            "Russian hackers broke into a Polish water utility's network in March, and planted \
             malware.",
            "Turla compromised a Latvian ministry last year, deploying Kazuar.",
        ] {
            assert_eq!(operation_kinds(text), vec![EventType::Intrusion], "{text}");
        }
        // Another subject's verb is another operation.
        assert_eq!(
            operation_kinds(
                "Russian hackers broke into a Polish water utility's network in March, and \
                 Iranian hackers planted malware on an Israeli dam."
            )
            .len(),
            2
        );
    }

    #[test]
    fn a_giant_named_before_its_name_is_the_victim() {
        assert_eq!(
            victim_countries("The NotPetya attack on shipping giant Maersk cost it dearly."),
            vec!["DK".to_string()]
        );
    }

    #[test]
    fn phishing_sent_to_people_has_them_as_victims() {
        let doc = crate::events::testing::run_rules(
            "Kimsuky sent phishing emails posing as conference organisers to dozens of \
             academics and think-tank staff.",
        );
        let victims: Vec<&str> = doc
            .events
            .iter()
            .filter(|e| e.kind == EventType::Phishing)
            .flat_map(|e| e.args_with(Role::Victim))
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(victims, vec!["dozens of academics"]);
    }

    #[test]
    fn unnamed_intruders_belong_to_the_group_their_clause_names() {
        let text = "Intruders who got into the networks of two Greek ministries in May belonged \
                    to APT29, Greece's national intelligence service said.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
        // Named intruders keep their own name.
        let text = "Hackers from Turla who got into the networks of two Greek ministries were \
                    caught.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
    }
    /// The texts of `role` in the operations of `kind` found in `text` (rules only).
    fn role_texts(text: &str, kind: EventType, role: Role) -> Vec<String> {
        let doc = crate::events::testing::run_rules(text);
        doc.events
            .iter()
            .filter(|e| e.kind == kind)
            .flat_map(|e| e.args_with(role))
            .map(|a| a.text.clone())
            .collect()
    }

    #[test]
    fn every_form_of_an_intrusion_verb_takes_its_object_as_victim() {
        let text = "Turla has used a flaw in Exchange servers to penetrate research institutes \
                    in the region, investigators found.";
        assert_eq!(
            role_texts(text, EventType::Intrusion, Role::Victim),
            vec!["research institutes".to_string()]
        );
        let text = "Officials said APT31 got into the mail servers of a marine insurer.";
        assert_eq!(
            role_texts(text, EventType::Intrusion, Role::Victim),
            // The servers are named by their owner.
            vec!["a marine insurer".to_string()]
        );
    }

    #[test]
    fn the_one_charged_past_an_appositive_did_it() {
        let text = "Prosecutors charged Jane Roe, a 20-year-old student, with breaking into \
                    the grading portal of a state university.";
        assert_eq!(
            role_texts(text, EventType::Intrusion, Role::Attacker),
            vec!["Jane Roe".to_string()]
        );
    }

    #[test]
    fn the_one_accused_of_helping_did_it_not_the_accuser() {
        let text = "Canberra sanctioned Ivan Petrov, a Russian national, while prosecutors \
                    in Ohio unsealed charges accusing him of helping extort money from \
                    clinics.";
        assert_eq!(
            role_texts(text, EventType::Ransom, Role::Attacker),
            vec!["Ivan Petrov".to_string()]
        );
    }

    #[test]
    fn money_moved_out_after_a_break_in_is_a_theft_by_the_intruders() {
        let text = "Hackers broke into the systems of the Bank of Malta and moved 12 million \
                    euros to accounts abroad.";
        assert_eq!(
            role_texts(text, EventType::FinancialTheft, Role::Attacker),
            vec!["Hackers".to_string()]
        );
        assert_eq!(
            role_texts(text, EventType::FinancialTheft, Role::DamageAmount),
            vec!["12 million euros".to_string()]
        );
    }

    #[test]
    fn deploying_ransomware_is_the_ransom_not_an_intrusion() {
        for text in [
            "LockBit deployed ransomware on the systems of the Port of Gdansk.",
            "Ransomware deployed by LockBit crippled the systems of the Port of Gdansk.",
        ] {
            let kinds = operation_kinds(text);
            assert!(kinds.contains(&EventType::Ransom), "{text}: {kinds:?}");
            assert!(!kinds.contains(&EventType::Intrusion), "{text}: {kinds:?}");
        }
        // Deploying implants is still an intrusion.
        assert_eq!(
            operation_kinds("APT41 deployed implants on the servers of a Polish ministry."),
            vec![EventType::Intrusion]
        );
    }

    #[test]
    fn whom_a_report_is_sourced_to_is_no_victim() {
        let text = "Scammers sent lures to accountants in March, according to Veridane's \
                    annual phishing report.";
        assert!(
            texts_in_role(text, Role::Victim)
                .iter()
                .all(|v| !v.contains("Veridane"))
        );
    }

    #[test]
    fn what_a_hijacked_feed_shows_is_influence() {
        let text = "Sandworm hijacked a Ukrainian broadcaster's feed and replaced its regular \
                    programming with footage of fake surrenders.";
        let kinds = operation_kinds(text);
        assert!(kinds.contains(&EventType::Influence), "{kinds:?}");
        assert!(kinds.contains(&EventType::Intrusion), "{kinds:?}");
        assert!(
            role_texts(text, EventType::Influence, Role::Attacker).contains(&"Sandworm".into())
        );
    }

    #[test]
    fn unnamed_attackers_before_a_relative_pronoun_did_it() {
        let text = "The ministry said attackers who broke into the network of the Polish \
                    army had exploited a flaw.";
        assert_eq!(
            role_texts(text, EventType::Intrusion, Role::Attacker),
            vec!["attackers".to_string()]
        );
    }

    #[test]
    fn a_sending_participle_sends_for_its_clause_s_subject() {
        let text = "Kimsuky began abusing a flaw in Windows, sending phishing emails to \
                    envoys in Seoul.";
        assert_eq!(
            role_texts(text, EventType::Phishing, Role::Attacker),
            vec!["Kimsuky".to_string()]
        );
    }

    #[test]
    fn malware_found_on_systems_is_an_intrusion_not_by_its_finder() {
        let text = "Investigators at the Polish army found a backdoor on the servers of \
                    Toyota.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
        assert_eq!(
            role_texts(text, EventType::Intrusion, Role::Victim),
            vec!["Toyota".to_string()]
        );
        assert!(role_texts(text, EventType::Intrusion, Role::Attacker).is_empty());
    }

    #[test]
    fn data_taken_or_copied_is_a_breach() {
        for text in [
            "Hackers took the payroll records of 80,000 employees from the Polish army.",
            "The intruders copied 12 terabytes of data from the Polish finance ministry.",
        ] {
            assert_eq!(operation_kinds(text), vec![EventType::DataBreach], "{text}");
        }
        // Nor is taking over a system, or time.
        assert!(
            operation_kinds("Hackers took over the data centre of the Polish army.")
                .iter()
                .all(|k| *k != EventType::DataBreach)
        );
        assert!(
            operation_kinds("The Polish army took weeks to restore files after the hack.")
                .iter()
                .all(|k| *k != EventType::DataBreach)
        );
        // Taking part is no theft.
        assert!(operation_kinds("Hackers took part in the Norvik council's contest.").is_empty());
    }

    #[test]
    fn a_ransom_demand_names_its_price() {
        let text = "The Akira gang is demanding 30 bitcoin from a Danish port operator.";
        assert_eq!(
            role_texts(text, EventType::Ransom, Role::Price),
            vec!["30 bitcoin".to_string()]
        );
    }

    #[test]
    fn getting_into_a_named_body_is_an_intrusion() {
        let text = "The regulator said APT41 got into Toyota last spring.";
        assert_eq!(
            role_texts(text, EventType::Intrusion, Role::Victim),
            vec!["Toyota".to_string()]
        );
    }

    #[test]
    fn a_sender_keeps_its_lures_across_a_date_and_past_an_appositive() {
        // The day of a date is no count of what was sent.
        let text = "Analysts said Kimsuky had since March 3 sent phishing emails to envoys.";
        assert_eq!(
            role_texts(text, EventType::Phishing, Role::Attacker),
            vec!["Kimsuky".to_string()]
        );
        assert!(texts_in_role(text, Role::NumberOfData).is_empty());
        let text = "Analysts said Star Blizzard, a unit of Russia's FSB, had sent phishing \
                    emails to envoys.";
        assert_eq!(
            role_texts(text, EventType::Phishing, Role::Attacker),
            vec!["Star Blizzard".to_string()]
        );
    }

    #[test]
    fn an_attack_set_off_by_a_comma_that_knocked_systems_offline_is_sabotage() {
        let text = "Officials said Russian special services were behind one of the worst \
                    cyberattacks of the war, which knocked the land registry offline.";
        assert_eq!(operation_kinds(text), vec![EventType::Disruption]);
        // "special services" of a state are its agency, which acts.
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
    }

    #[test]
    fn names_and_addresses_exposed_are_a_breach() {
        for text in [
            "The insurer said the names and phone numbers of up to 1.2 million customers \
             had been exposed.",
            "A breach of its ticketing database exposed the email addresses and passwords of \
             40,000 fans.",
        ] {
            assert_eq!(operation_kinds(text), vec![EventType::DataBreach], "{text}");
        }
    }

    #[test]
    fn a_theft_names_its_victim_after_what_it_took() {
        let text = "APT41 stole the passport records of 12,000 travellers from a travel \
                    agency, officials said.";
        assert_eq!(
            role_texts(text, EventType::DataBreach, Role::Victim),
            vec!["a travel agency".to_string()]
        );
    }

    #[test]
    fn unnamed_attackers_who_exploit_a_flaw_do_what_it_was_for() {
        let text = "Investigators said intruders had exploited an unpatched Fortinet appliance \
                    to break into nine regional councils.";
        let doc = crate::events::testing::run_rules(text);
        let intrusion = doc
            .events
            .iter()
            .find(|e| e.kind == EventType::Intrusion)
            .expect("an intrusion");
        assert_eq!(
            intrusion.arg(Role::Attacker).map(|a| a.text.as_str()),
            Some("intruders")
        );
        assert_eq!(
            intrusion.arg(Role::Victim).map(|a| a.text.as_str()),
            Some("nine regional councils")
        );
    }

    #[test]
    fn those_accused_by_pronoun_or_charged_in_the_passive_did_it() {
        let text = "Ottawa sanctioned two officers of Russia's GRU on Friday, accusing them of \
                    breaking into the servers of a Canadian pipeline operator.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
        let text = "A Chinese intelligence officer, Xu Ming, was charged in Ohio with using \
                    stolen passwords to hack the networks of an aviation firm.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["CN".to_string()]
        );
    }

    #[test]
    fn ransomware_used_to_lock_up_systems_is_one_operation() {
        let text = "Prosecutors said the gang used Akira ransomware to lock up the servers of a \
                    Finnish hospital district.";
        assert_eq!(operation_kinds(text), vec![EventType::Ransom]);
    }

    #[test]
    fn extortion_by_verb_names_whom_it_was_taken_from() {
        let text = "Police said Scattered Spider extorted $4 million in bitcoin from two \
                    casino operators.";
        assert_eq!(
            role_texts(text, EventType::Ransom, Role::Victim),
            vec!["two casino operators".to_string()]
        );
        // A participle before its noun is no act.
        let text = "The gang laundered the extorted funds through a mixer.";
        assert!(operation_kinds(text).is_empty());
    }

    #[test]
    fn knocking_sites_offline_is_done_by_the_clause_subject() {
        let text = "Latvia's CERT said pro-Russian hacktivists had knocked offline the websites \
                    of two Latvian ministries.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["RU".to_string()]
        );
        let text = "Two Latvian ministries were knocked offline by hackers on Monday.";
        assert_eq!(
            role_texts(text, EventType::Disruption, Role::Attacker),
            vec!["hackers".to_string()]
        );
    }

    #[test]
    fn lures_sent_to_a_state_s_military_units_make_them_the_victims() {
        let text = "The agency said Gamaredon had been sending emails with rigged archives to \
                    Ukrainian military units in the east.";
        assert_eq!(victim_countries(text), vec!["UA".to_string()]);
        let text = "Researchers said APT36 was sending Indian soldiers fake leave circulars that \
                    drop a remote-access trojan.";
        assert_eq!(operation_kinds(text), vec![EventType::Phishing]);
    }

    #[test]
    fn a_break_in_is_an_intrusion() {
        let text = "The agency blamed APT33 for a break-in at the servers of a Saudi \
                    petrochemical company.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
        assert_eq!(victim_countries(text), vec!["SA".to_string()]);
    }

    #[test]
    fn a_sector_word_inside_an_object_phrase_keeps_the_phrase() {
        let text = "Investigators said Andariel stole data from local defence contractors.";
        let victims: Vec<String> = [EventType::DataBreach, EventType::Espionage]
            .into_iter()
            .flat_map(|k| role_texts(text, k, Role::Victim))
            .collect();
        assert_eq!(victims, vec!["local defence contractors".to_string()]);
    }

    #[test]
    fn spying_on_someone_is_espionage_with_a_victim() {
        let text = "Officials said APT15 used a hijacked router to spy on diplomats posted in \
                    Nairobi.";
        assert_eq!(operation_kinds(text), vec![EventType::Espionage]);
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["CN".to_string()]
        );
        // A capability is no act.
        assert!(
            operation_kinds("The implant is capable of spying on encrypted traffic.").is_empty()
        );
    }

    #[test]
    fn new_words_for_operations() {
        // A data theft, an email campaign aimed at people, staying inside networks,
        // files stolen that the words after them describe.
        for (text, kind) in [
            (
                "Prosecutors blamed APT42 for the data theft at the transport ministry.",
                EventType::DataBreach,
            ),
            (
                "APT15 ran an email campaign against Uyghur activists in Turkey.",
                EventType::Phishing,
            ),
            (
                "Officials said Volt Typhoon was pre-positioning inside water utilities on Guam.",
                EventType::Intrusion,
            ),
            (
                "Files on military radars were stolen from a contractor in Gdansk by APT41.",
                EventType::Espionage,
            ),
        ] {
            assert_eq!(operation_kinds(text), vec![kind], "{text}");
        }
    }

    #[test]
    fn lures_that_impersonate_someone_are_phishing() {
        let text = "APT28 sent fake invitations impersonating the Danish foreign ministry to \
                    defence attaches in Copenhagen.";
        assert_eq!(operation_kinds(text), vec![EventType::Phishing]);
    }

    #[test]
    fn systems_are_named_by_their_owner() {
        let text = "The Cuba ransomware gang had encrypted servers at a provincial water \
                    utility on Sunday.";
        assert_eq!(
            role_texts(text, EventType::Ransom, Role::Victim),
            vec!["a provincial water utility".to_string()]
        );
        let text = "APT41 gained access to routers belonging to a satellite operator.";
        assert_eq!(
            role_texts(text, EventType::Intrusion, Role::Victim),
            vec!["a satellite operator".to_string()]
        );
        let text = "Intruders used a flaw in Citrix NetScaler to break into the networks of the consortium \
                    running the airport of Faro and a regional council.";
        assert_eq!(
            role_texts(text, EventType::Intrusion, Role::Victim),
            vec!["the consortium running the airport of Faro".to_string()]
        );
        // The websites of a body, knocked offline: the body's state.
        let text = "Websites of the Lithuanian parliament were knocked offline for two hours \
                    on Tuesday by a distributed denial-of-service attack.";
        assert_eq!(victim_countries(text), vec!["LT".to_string()]);
    }

    #[test]
    fn who_suffered_an_attack_named_by_a_noun_is_its_victim() {
        for text in [
            "Slovakia's land registry suffered a ransomware attack on Friday.",
            "The Slovak land registry was hit by a ransomware attack on Friday.",
            "Slovakia's land registry went offline for a week after a ransomware attack.",
        ] {
            assert_eq!(victim_countries(text), vec!["SK".to_string()], "{text}");
        }
        // Not the name after "of", nor a body that only may have suffered it.
        let text = "Two Slovak MPs critical of Moscow were targeted in a phishing attack.";
        assert!(!victim_countries(text).contains(&"RU".to_string()));
        let text = "That would mean Slovakia's land registry has suffered a data breach.";
        assert!(victim_countries(text).is_empty());
        // A police force that acts after an attack did not suffer it.
        let text = "Slovak police arrested two men after a ransomware attack on a hospital.";
        assert!(victim_countries(text).is_empty());
        // Nor does one that reports it, unless it speaks of itself.
        let text = "Slovakia's CSIRT said the registry shut down its portal after a \
                    ransomware attack.";
        assert!(victim_countries(text).is_empty());
    }

    #[test]
    fn money_in_any_currency_is_a_theft() {
        let text = "Hackers siphoned about 40 million shillings from the accounts of a \
                    Kenyan savings cooperative.";
        assert_eq!(operation_kinds(text), vec![EventType::FinancialTheft]);
    }

    #[test]
    fn where_stolen_goods_are_sold_is_no_operation() {
        let text = "The records were later offered for sale on a hacking forum.";
        assert!(operation_kinds(text).is_empty());
    }

    #[test]
    fn who_caused_an_outage_attacked() {
        let text = "Hackers working for Iran's Revolutionary Guards caused the outage that \
                    cut power to a town in northern Israel.";
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["IR".to_string()]
        );
    }

    #[test]
    fn numbers_with_decimals_stay_inside_a_theft() {
        let text = "Intruders abused a flaw in a file-transfer appliance to steal roughly 2.4 \
                    million records from a regional tax office.";
        assert_eq!(operation_kinds(text), vec![EventType::DataBreach]);
    }

    #[test]
    fn who_had_something_hacked_is_the_victim() {
        let text = "Dozens of Uyghur activists had their phones hacked with a new implant, \
                    researchers said.";
        assert_eq!(
            role_texts(text, EventType::Intrusion, Role::Attacker),
            Vec::<String>::new()
        );
        assert_eq!(
            countries_in_role(text, Role::Victim),
            Vec::<String>::new(),
            "no state victim from a demonym that only qualifies the activists"
        );
        let text = "Two Norwegian municipalities had data stolen by Lazarus.";
        assert_eq!(operation_kinds(text), vec![EventType::DataBreach]);
        assert_eq!(
            countries_in_role(text, Role::Attacker),
            vec!["KP".to_string()]
        );
        assert_eq!(
            countries_in_role(text, Role::Victim),
            vec!["NO".to_string()]
        );
    }

    #[test]
    fn who_suffered_an_attack_did_not_carry_it_out() {
        let text = "It was the costliest cyberattack ever suffered by Estonians.";
        assert!(countries_in_role(text, Role::Attacker).is_empty());
        assert_eq!(
            countries_in_role(text, Role::Victim),
            vec!["EE".to_string()]
        );
    }

    #[test]
    fn a_ransom_demand_is_a_ransom_and_one_with_its_encryption() {
        let text = "The Akira gang is demanding 30 bitcoin from a Danish port operator.";
        assert_eq!(operation_kinds(text), vec![EventType::Ransom]);
        // Whom the ransom is demanded from is the victim, not the attacker.
        assert!(!countries_in_role(text, Role::Attacker).contains(&"DK".to_string()));
        assert_eq!(
            countries_in_role(text, Role::Victim),
            vec!["DK".to_string()]
        );
        let text = "LockBit locked up servers at a Peruvian bank in June, demanding $3 million \
                    to unlock them.";
        assert_eq!(operation_kinds(text), vec![EventType::Ransom]);
    }

    #[test]
    fn phones_are_named_by_their_owner() {
        let text = "Belarusian intelligence compromised the laptops and phones of opposition \
                    organisers.";
        assert_eq!(
            role_texts(text, EventType::Intrusion, Role::Victim),
            vec!["opposition organisers".to_string()]
        );
    }

    #[test]
    fn a_relative_clause_after_the_agent_tells_the_same_operation() {
        let text = "Prosecutors described an intrusion by Turla that compromised the servers \
                    of a defence ministry.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
    }

    #[test]
    fn hacking_with_spyware_is_spying() {
        let text = "Researchers said the Ethiopian government used Predator, a spyware \
                    product, to hack the phones of two exiled journalists.";
        assert_eq!(operation_kinds(text), vec![EventType::Espionage]);
        let text = "The Ethiopian government hacked the phones of two exiled journalists.";
        assert_eq!(operation_kinds(text), vec![EventType::Intrusion]);
    }

    #[test]
    fn destroyed_data_is_a_disruption_when_malware_or_hackers_destroy_it() {
        let text = "A strain of the AcidRain malware erased files on modems of a satellite \
                    provider.";
        assert_eq!(operation_kinds(text), vec![EventType::Disruption]);
        let text = "The clerk deleted files on the office computers.";
        assert!(operation_kinds(text).is_empty());
    }

    #[test]
    fn an_operation_named_again_in_its_sentence_is_one() {
        let text = "Hackers wiped servers at a Georgian broadcaster, the agency said, \
                    blaming the attack on Sandworm.";
        assert_eq!(operation_kinds(text), vec![EventType::Disruption]);
        // With a complement of its own, the noun may be another operation.
        let text = "Hackers wiped servers at a Georgian broadcaster after the attack on its \
                    parent company by Sandworm.";
        assert_eq!(operation_kinds(text).len(), 2);
    }

    #[test]
    fn a_stay_inside_a_network_names_its_owner() {
        let text = "APT41 lurked inside the systems of a provincial water board for a year.";
        assert_eq!(
            role_texts(text, EventType::Intrusion, Role::Victim),
            vec!["a provincial water board".to_string()]
        );
        let text = "Kimsuky used a loader called Troll to siphon design files from a shipyard.";
        assert_eq!(
            role_texts(text, EventType::DataBreach, Role::Victim),
            vec!["a shipyard".to_string()]
        );
    }

    #[test]
    fn the_purpose_of_an_operations_means_is_that_operation() {
        let text = "Salt Typhoon spied on internet providers, using a backdoor called \
                    Demodex to siphon call records.";
        assert_eq!(operation_kinds(text), vec![EventType::Espionage]);
    }

    #[test]
    fn a_charge_laid_on_a_day_still_names_the_doer() {
        let text = "Prosecutors charged a Russian national on Tuesday with deploying \
                    LockBit ransomware against hospitals.";
        let attackers = countries_in_role(text, Role::Attacker);
        assert!(attackers.contains(&"RU".to_string()), "{attackers:?}");
        assert!(!attackers.contains(&"US".to_string()), "{attackers:?}");
    }
}
