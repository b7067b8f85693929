//! Events: operations, statements about them, and the responses they draw.

use serde::{Deserialize, Serialize};

use crate::document::Span;
use crate::entity::Mention;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The contract's name.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($text => Ok($name::$variant),)+ _ => Err(format!("unknown {} {s:?}", stringify!($name))) }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// The contract's event types.
    EventType {
        /// Unauthorised access to systems or networks.
        Intrusion = "intrusion",
        /// Intelligence collection.
        Espionage = "espionage",
        /// Theft or exposure of data.
        DataBreach = "data-breach",
        /// Phishing.
        Phishing = "phishing",
        /// Ransomware or extortion.
        Ransom = "ransom",
        /// Outage, wiping, DDoS, sabotage.
        Disruption = "disruption",
        /// Influence operation, hack-and-leak.
        Influence = "influence",
        /// Theft of money or crypto-assets.
        FinancialTheft = "financial-theft",
        /// A vulnerability is found or disclosed.
        VulnerabilityDiscovery = "vulnerability-discovery",
        /// A patch is released.
        Patch = "patch",
        /// Someone publicly blames an actor.
        Attribution = "attribution",
        /// The accused rejects the blame.
        Denial = "denial",
        /// An authority warns of a threat.
        Warning = "warning",
        /// Sanctions are imposed.
        Sanction = "sanction",
        /// Charges are brought.
        Indictment = "indictment",
        /// Someone is arrested.
        Arrest = "arrest",
        /// A diplomat is summoned.
        Summons = "summons",
        /// The matter is raised between governments.
        DiplomaticTalks = "diplomatic-talks",
        /// Diplomats are expelled.
        Expulsion = "expulsion",
        /// A technical advisory is published.
        Advisory = "advisory",
        /// Infrastructure is taken down or seized.
        Takedown = "takedown",
    }
}

/// The broad family an event type belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventFamily {
    /// A cyber operation.
    Operation,
    /// A statement about an operation.
    Statement,
    /// A response by a state or body.
    Response,
}

impl EventType {
    /// Which family the type belongs to.
    pub fn family(&self) -> EventFamily {
        use EventType::*;
        match self {
            Attribution | Denial | Warning => EventFamily::Statement,
            Sanction | Indictment | Arrest | Summons | DiplomaticTalks | Expulsion | Advisory
            | Takedown => EventFamily::Response,
            _ => EventFamily::Operation,
        }
    }

    /// True for cyber operations.
    pub fn is_operation(&self) -> bool {
        self.family() == EventFamily::Operation
    }
}

string_enum! {
    /// Whether the event is asserted to have happened.
    Realis {
        /// It happened.
        Actual = "actual",
        /// A general statement, not one occurrence.
        Generic = "generic",
        /// Hypothetical, future, negated or uncertain.
        Other = "other",
    }
}

string_enum! {
    /// Argument roles (CASIE's for operations, ours for statements and responses).
    Role {
        /// Who carried out the operation.
        Attacker = "attacker",
        /// Who suffered it.
        Victim = "victim",
        /// Malware or tool used.
        Tool = "tool",
        /// The system that was vulnerable.
        VulnerableSystem = "vulnerable-system",
        /// The vulnerability.
        Vulnerability = "vulnerability",
        /// A CVE id.
        Cve = "cve",
        /// What data was taken.
        CompromisedData = "compromised-data",
        /// How much data.
        NumberOfData = "number-of-data",
        /// How many victims.
        NumberOfVictim = "number-of-victim",
        /// Damage in money.
        DamageAmount = "damage-amount",
        /// When.
        Time = "time",
        /// Where.
        Place = "place",
        /// Why.
        Purpose = "purpose",
        /// How.
        AttackPattern = "attack-pattern",
        /// Ransom payment method.
        PaymentMethod = "payment-method",
        /// Ransom price.
        Price = "price",
        /// What the vulnerability allows.
        Capabilities = "capabilities",
        /// Who found the vulnerability.
        Discoverer = "discoverer",
        /// The patch.
        Patch = "patch",
        /// Who released the patch.
        Releaser = "releaser",
        /// Patch number.
        PatchNumber = "patch-number",
        /// Platform the patch supports.
        SupportedPlatform = "supported-platform",
        /// Owner of the vulnerable system.
        VulnerableSystemOwner = "vulnerable-system-owner",
        /// Affected version.
        VulnerableSystemVersion = "vulnerable-system-version",
        /// Entity impersonated in phishing.
        TrustedEntity = "trusted-entity",
        /// What a patch fixes (CASIE's Issues-Addressed).
        IssuesAddressed = "issues-addressed",
        /// Who makes a statement.
        Speaker = "speaker",
        /// Who is blamed.
        Accused = "accused",
        /// The words naming the operation a statement is about.
        Operation = "operation",
        /// Who takes a response.
        By = "by",
        /// Whom a response targets.
        Against = "against",
        /// What a response is about.
        About = "about",
    }
}

/// One argument of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Arg {
    /// The role it plays.
    pub role: Role,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The argument text.
    pub text: String,
    /// The entity it refers to, when linked.
    pub entity: Option<String>,
}

impl Arg {
    /// The argument's span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A time expression normalised against the publication date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// The expression as written ("last year").
    pub text: String,
    /// Normalised value `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, when it can be resolved.
    pub value: Option<String>,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// One event with its trigger, arguments and context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// What happened.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Whether it is asserted to have happened.
    pub realis: Realis,
    /// The word(s) that express it.
    pub trigger: Mention,
    /// Its arguments.
    pub args: Vec<Arg>,
    /// When it happened, if the text says.
    pub time: Option<TimeExpr>,
    /// The sentence it was found in.
    pub sentence: Span,
    /// The extractor's confidence, 0–1.
    pub confidence: f32,
    /// For statements: the hedge that qualifies it ("allegedly", "with high confidence").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hedge: Option<String>,
    /// Which extractor produced the event (e.g. `rules`, `perceptron`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extractor: Option<String>,
}

impl Event {
    /// Arguments with the given role.
    pub fn args_with(&self, role: Role) -> impl Iterator<Item = &Arg> {
        self.args.iter().filter(move |a| a.role == role)
    }

    /// The first argument with the given role.
    pub fn arg(&self, role: Role) -> Option<&Arg> {
        self.args_with(role).next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_contract() {
        assert_eq!(EventType::DiplomaticTalks.as_str(), "diplomatic-talks");
        assert_eq!(
            serde_json::to_string(&Role::VulnerableSystemOwner).ok(),
            Some("\"vulnerable-system-owner\"".into())
        );
        assert_eq!(
            "data-breach".parse::<EventType>(),
            Ok(EventType::DataBreach)
        );
        assert_eq!(EventType::ALL.len(), 21);
    }

    #[test]
    fn families() {
        assert!(EventType::Espionage.is_operation());
        assert_eq!(EventType::Denial.family(), EventFamily::Statement);
        assert_eq!(EventType::Summons.family(), EventFamily::Response);
    }
}
