//! The learned operation extractor: a model trained on CASIE (see the `dossier-learn`
//! crate) for the five CASIE event types, behind the same [`Stage`] seam as the rules.

use std::sync::Arc;

use dossier_learn::CasieModel;
use dossier_model::{Document, Stage, StageError};

/// Runs a trained [`CasieModel`] over the text.
pub struct LearnedOperations {
    model: Arc<CasieModel>,
}

impl LearnedOperations {
    /// A stage over a loaded model.
    pub fn new(model: Arc<CasieModel>) -> Self {
        LearnedOperations { model }
    }
}

impl Stage for LearnedOperations {
    fn name(&self) -> &'static str {
        "learned-operations"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let events = self.model.extract(&doc.text);
        doc.events.extend(events);
        Ok(())
    }
}
