//! Extraction: the stages that turn clean text into entities, indicators and events.
//!
//! [`pipeline`] assembles the default stages in order, each a [`Stage`] over one
//! [`dossier_model::Document`]:
//!
//! | stage | module | adds |
//! |---|---|---|
//! | `sentences` | [`sentences`] | sentence spans |
//! | `indicators` | [`stages::Indicators`] via [`indicators`] | IPs, domains, URLs, hashes, e-mail, CVEs |
//! | `entities` | [`entities`] | KB-linked and fallback entities with mentions |
//! | `operations` | [`events::operations`] | cyber operations by rules |
//! | `learned-operations` | [`learned`] | CASIE-type operations by a trained model |
//! | `link` | [`stages::Link`] | entity ids on operation arguments that lack one |
//! | `statements` | [`events::statements`] | attributions, denials, warnings |
//! | `responses` | [`events::responses`] | sanctions, indictments, summonses, talks, ... |
//! | `implied-attributions` | [`events::implied`] | attributions implied by indictments, sanctions, ... |
//! | `home-bodies` | [`stages::HomeBodies`] | the state of "the police", "prosecutors" |
//! | `place-victims` | [`stages::PlaceVictims`] | the victim country of operations that lack one |
//! | `times` | [`stages::Times`] via [`time`] | normalised event times; text order |
//!
//! To find where a fact comes from: entities in `entities.rs`, the trigger tables at
//! the top of each `events/*.rs`, word lists in `lexicon.rs`.

pub mod entities;
pub mod events;
pub mod indicators;
pub mod learned;
pub mod lexicon;
pub mod sentences;
pub mod stages;
pub mod time;

use std::sync::Arc;

use dossier_kb::Kb;
use dossier_learn::CasieModel;
use dossier_model::{Pipeline, Stage};

/// Choices for the default pipeline.
#[derive(Clone, Default)]
pub struct Options {
    /// A trained CASIE model; when given it replaces the rules for the CASIE types.
    pub model: Option<Arc<CasieModel>>,
}

/// The default extraction pipeline over a knowledge base.
pub fn pipeline(kb: Arc<Kb>, options: &Options) -> Pipeline {
    let mut p = Pipeline::new()
        .with(sentences::Sentences)
        .with(stages::Indicators)
        .with(entities::Entities::new(kb))
        .with(events::RuleOperations {
            skip_casie_types: options.model.is_some(),
        });
    if let Some(model) = &options.model {
        p.push(Box::new(learned::LearnedOperations::new(model.clone())) as Box<dyn Stage>);
    }
    p.with(stages::Link)
        .with(events::Statements)
        .with(events::Responses)
        // Home bodies first: "prosecutors in Oslo" must carry Norway before their charge
        // can imply a blame (the blamed states HomeBodies avoids are the responses').
        .with(stages::HomeBodies)
        .with(events::ImpliedAttributions)
        .with(stages::PlaceVictims)
        .with(stages::Times)
}
