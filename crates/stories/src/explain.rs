//! Why articles and events were grouped: one [`Explanation`] per incident grouping
//! decision, one [`StoryExplanation`] per story grouping decision.
//!
//! Every link the clustering considers, every statement or response attached to an
//! incident, and every merge of two incidents through a shared statement or response is
//! logged with the features that spoke for it and their scores, and with the outcome
//! (joined, below the threshold, or refused by a gate or an analyst's correction). Every
//! pair of articles the story test compares is logged with what it measured (wording,
//! entities, parties by role, event types, date distance, shingle overlap), the test that
//! decided and its threshold.

use std::fmt;

use dossier_model::EventType;
use serde::Serialize;

/// One event, as an explanation names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRef {
    /// Article id.
    pub article: String,
    /// Where the article was read from.
    pub source: String,
    /// Event type.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// The trigger words.
    pub trigger: String,
    /// Code point where the trigger starts.
    pub start: usize,
}

impl fmt::Display for EventRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.source.rsplit('/').next().unwrap_or(&self.source);
        write!(f, "{file} \"{}\" ({})", self.trigger, self.kind)
    }
}

/// The kinds of evidence that join events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Feature {
    /// Both name the same victim entity.
    VictimId,
    /// Their victims' names match after normalisation.
    VictimName,
    /// Both name the same state as victim.
    VictimState,
    /// Both name the same malware.
    Malware,
    /// Both cite the same CVE.
    Cve,
    /// Both blame the same named threat actor.
    ThreatActor,
    /// Their actors act for the same state.
    ActorState,
    /// Same operation type.
    SameType,
    /// TF-IDF cosine of the two articles.
    TextCosine,
    /// Cosine of the two articles' entities, rare ones weighing more.
    EntityCosine,
    /// Named parties (not states) both articles' events give, by role.
    SharedParty,
    /// Event types both articles report against the same states.
    SameEvents,
    /// Days between the two articles' publication dates.
    DateDistance,
    /// Estimated Jaccard similarity of the two texts' word shingles (MinHash).
    MinhashJaccard,
    /// Both articles report one incident.
    SharedIncident,
    /// The two articles report the same story (joins their lead operations).
    SameStory,
    /// In the same sentence.
    SameSentence,
    /// In neighbouring sentences of one article.
    NeighbourSentence,
    /// The only operations of an article that names no victim.
    SameArticle,
    /// A statement's or response's arguments name the incident's victim or actor.
    NamedArgument,
    /// The state that speaks or responds is the victim's.
    ResponderIsVictim,
    /// Nearest operation before it in the paragraph.
    SameParagraph,
    /// The same attribution (speaker's and accused's states) in both.
    SameAttribution,
    /// The same response (type, by, against) in both.
    SameResponse,
    /// An analyst's correction.
    Correction,
}

impl Feature {
    /// The kebab-case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Feature::VictimId => "victim-id",
            Feature::VictimName => "victim-name",
            Feature::VictimState => "victim-state",
            Feature::Malware => "malware",
            Feature::Cve => "cve",
            Feature::ThreatActor => "threat-actor",
            Feature::ActorState => "actor-state",
            Feature::SameType => "same-type",
            Feature::TextCosine => "text-cosine",
            Feature::EntityCosine => "entity-cosine",
            Feature::SharedParty => "shared-party",
            Feature::SameEvents => "same-events",
            Feature::DateDistance => "date-distance",
            Feature::MinhashJaccard => "minhash-jaccard",
            Feature::SharedIncident => "shared-incident",
            Feature::SameStory => "same-story",
            Feature::SameSentence => "same-sentence",
            Feature::NeighbourSentence => "neighbour-sentence",
            Feature::SameArticle => "same-article",
            Feature::NamedArgument => "named-argument",
            Feature::ResponderIsVictim => "responder-is-victim",
            Feature::SameParagraph => "same-paragraph",
            Feature::SameAttribution => "same-attribution",
            Feature::SameResponse => "same-response",
            Feature::Correction => "correction",
        }
    }
}

/// One feature's contribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// Which feature.
    pub feature: Feature,
    /// Its contribution to the total (incidents), or what was measured (stories: a
    /// cosine, a Jaccard similarity, a count of shared parties, a number of days).
    pub value: f64,
    /// What matched ("Dutch military ~ Dutch Defense Ministry").
    pub detail: String,
}

/// Which step of grouping decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Two operations were compared.
    Link,
    /// A statement or response was attached to an incident.
    Attach,
    /// Two incidents were merged through a shared statement or response.
    Merge,
    /// The lead operations of two articles that report the same story were joined.
    Story,
}

/// What came of a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "outcome", content = "reason")]
pub enum Outcome {
    /// They were joined.
    Joined,
    /// The evidence stayed below the threshold.
    BelowThreshold,
    /// A gate or correction kept them apart.
    Refused(String),
}

/// One grouping decision with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Which step.
    pub step: Step,
    /// The event being placed.
    pub left: EventRef,
    /// The event it was compared with (for an attachment: the incident's seed it joined).
    pub right: EventRef,
    /// The features that spoke for joining.
    pub features: Vec<Score>,
    /// Their sum.
    pub score: f64,
    /// What was decided.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// The incident the left event ended in (filled once incidents have ids).
    pub incident: Option<String>,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let step = match self.step {
            Step::Link => "link",
            Step::Attach => "attach",
            Step::Merge => "merge",
            Step::Story => "story",
        };
        write!(f, "[{step}] {} ~ {}:", self.left, self.right)?;
        for (i, s) in self.features.iter().enumerate() {
            let sep = if i == 0 { " " } else { " + " };
            write!(f, "{sep}{} {:.2}", s.feature.as_str(), s.value)?;
            if !s.detail.is_empty() {
                write!(f, " ({})", s.detail)?;
            }
        }
        write!(f, " = {:.2} → ", self.score)?;
        match &self.outcome {
            Outcome::Joined => f.write_str("joined")?,
            Outcome::BelowThreshold => f.write_str("below threshold")?,
            Outcome::Refused(why) => write!(f, "kept apart: {why}")?,
        }
        if let Some(id) = &self.incident {
            write!(f, " [incident {}]", id.get(..8).unwrap_or(id))?;
        }
        Ok(())
    }
}

/// One article, as a story explanation names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleId {
    /// Article id.
    pub article: String,
    /// Where the article was read from.
    pub source: String,
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.source.rsplit('/').next().unwrap_or(&self.source);
        if file.is_empty() {
            f.write_str(self.article.get(..8).unwrap_or(&self.article))
        } else {
            f.write_str(file)
        }
    }
}

/// The tests that make two articles one story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StoryTest {
    /// Copies: MinHash Jaccard of word shingles at or above the near-duplicate threshold.
    NearDuplicate,
    /// Both report one incident.
    SharedIncident,
    /// Alike in wording and in what they name: √(text cosine × entity cosine).
    TextAndEntities,
    /// Very alike in wording alone: the text cosine.
    StrongText,
    /// Alike in wording (text cosine) with a shared party or event.
    TextAndParty,
}

impl StoryTest {
    /// The kebab-case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            StoryTest::NearDuplicate => "near-duplicate",
            StoryTest::SharedIncident => "shared-incident",
            StoryTest::TextAndEntities => "text-and-entities",
            StoryTest::StrongText => "strong-text",
            StoryTest::TextAndParty => "text-and-party",
        }
    }
}

/// One story grouping decision: two articles, what they share, and the verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryExplanation {
    /// The test that decided (for pairs kept apart: the main test, text and entities).
    pub test: StoryTest,
    /// One article.
    pub left: ArticleId,
    /// The other.
    pub right: ArticleId,
    /// Everything measured, whether or not it decided.
    pub features: Vec<Score>,
    /// The deciding test's score.
    pub score: f64,
    /// The score from which that test joins.
    pub threshold: f64,
    /// What was decided.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// The story the left article ended in.
    pub story: Option<String>,
}

impl fmt::Display for StoryExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[story] {} ~ {}:", self.left, self.right)?;
        for (i, s) in self.features.iter().enumerate() {
            let sep = if i == 0 { " " } else { ", " };
            let value = if s.feature == Feature::DateDistance
                || s.feature == Feature::SharedParty
                || s.feature == Feature::SameEvents
            {
                format!("{}", s.value)
            } else {
                format!("{:.2}", s.value)
            };
            write!(f, "{sep}{} {value}", s.feature.as_str())?;
            if !s.detail.is_empty() {
                write!(f, " ({})", s.detail)?;
            }
        }
        let cmp = if self.score >= self.threshold {
            "≥"
        } else {
            "<"
        };
        write!(
            f,
            "; {} {:.2} {cmp} {:.2} → ",
            self.test.as_str(),
            self.score,
            self.threshold
        )?;
        match &self.outcome {
            Outcome::Joined => f.write_str("same story")?,
            Outcome::BelowThreshold => f.write_str("below threshold")?,
            Outcome::Refused(why) => write!(f, "kept apart: {why}")?,
        }
        if let Some(id) = &self.story {
            write!(f, " [story {}]", id.get(..8).unwrap_or(id))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanation_reads_as_one_line() {
        let ev = |source: &str, trigger: &str| EventRef {
            article: "a".into(),
            source: source.into(),
            kind: EventType::Intrusion,
            trigger: trigger.into(),
            start: 0,
        };
        let e = Explanation {
            step: Step::Link,
            left: ev("/x/a.txt", "broke into"),
            right: ev("b.txt", "hacked"),
            features: vec![
                Score {
                    feature: Feature::VictimName,
                    value: 0.85,
                    detail: "Dutch military ~ Dutch Ministry of Defence".into(),
                },
                Score {
                    feature: Feature::ActorState,
                    value: 0.1,
                    detail: "CN".into(),
                },
            ],
            score: 0.95,
            outcome: Outcome::Joined,
            incident: Some("0123456789abcdef".into()),
        };
        assert_eq!(
            e.to_string(),
            "[link] a.txt \"broke into\" (intrusion) ~ b.txt \"hacked\" (intrusion): \
             victim-name 0.85 (Dutch military ~ Dutch Ministry of Defence) + actor-state \
             0.10 (CN) = 0.95 → joined [incident 01234567]"
        );
    }

    #[test]
    fn story_explanation_reads_as_one_line_with_test_and_threshold() {
        let article = |source: &str| ArticleId {
            article: "0123456789".into(),
            source: source.into(),
        };
        let score = |feature, value, detail: &str| Score {
            feature,
            value,
            detail: detail.into(),
        };
        let e = StoryExplanation {
            test: StoryTest::TextAndEntities,
            left: article("/news/113.txt"),
            right: article(""),
            features: vec![
                score(Feature::TextCosine, 0.456, ""),
                score(Feature::EntityCosine, 0.95, "Colonial Pipeline, DarkSide"),
                score(Feature::SharedParty, 1.0, "victim Colonial Pipeline"),
                score(Feature::DateDistance, 1.0, "window 14"),
            ],
            score: 0.658,
            threshold: 0.25,
            outcome: Outcome::Joined,
            story: Some("abcdef0123".into()),
        };
        assert_eq!(
            e.to_string(),
            "[story] 113.txt ~ 01234567: text-cosine 0.46, entity-cosine 0.95 (Colonial \
             Pipeline, DarkSide), shared-party 1 (victim Colonial Pipeline), date-distance 1 \
             (window 14); text-and-entities 0.66 ≥ 0.25 → same story [story abcdef01]"
        );
        let json = serde_json::to_value(&e).expect("serialises");
        assert_eq!(json["test"], "text-and-entities");
        assert_eq!(json["outcome"], "joined");
        assert_eq!(json["features"][1]["feature"], "entity-cosine");
    }
}
