//! Stages and the pipeline that runs them in order over a [`Document`].

use crate::document::Document;

/// Why a stage could not annotate a document.
#[derive(Debug, thiserror::Error)]
#[error("stage {stage}: {message}")]
pub struct StageError {
    /// The stage that failed.
    pub stage: &'static str,
    /// What went wrong, in words a user can act on.
    pub message: String,
}

/// One annotation step. A stage reads what earlier stages added and adds its own layer;
/// it never changes `Document::text`.
pub trait Stage: Send + Sync {
    /// Short name used to list and select stages (`sentences`, `entities`, `events`, ...).
    fn name(&self) -> &'static str;

    /// Add this stage's annotations to `doc`.
    fn process(&self, doc: &mut Document) -> Result<(), StageError>;
}

/// Named stages run in order, like spaCy's `nlp.pipe_names`.
#[derive(Default)]
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// An empty pipeline.
    pub fn new() -> Self {
        Pipeline::default()
    }

    /// Append a stage.
    pub fn with(mut self, stage: impl Stage + 'static) -> Self {
        self.stages.push(Box::new(stage));
        self
    }

    /// Append a boxed stage.
    pub fn push(&mut self, stage: Box<dyn Stage>) {
        self.stages.push(stage);
    }

    /// Drop the stages whose names are listed.
    pub fn without(mut self, names: &[&str]) -> Self {
        self.stages.retain(|s| !names.contains(&s.name()));
        self
    }

    /// The stage names, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Run every stage over `doc`.
    pub fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        self.stages.iter().try_for_each(|s| s.process(doc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Metadata;

    struct Upper;
    impl Stage for Upper {
        fn name(&self) -> &'static str {
            "upper"
        }
        fn process(&self, doc: &mut Document) -> Result<(), StageError> {
            doc.meta.title = Some(doc.text.to_uppercase());
            Ok(())
        }
    }

    #[test]
    fn runs_named_stages_in_order() {
        let p = Pipeline::new().with(Upper);
        assert_eq!(p.names(), vec!["upper"]);
        let mut doc = Document::new("abc".into(), Metadata::default());
        p.run(&mut doc).expect("runs");
        assert_eq!(doc.meta.title.as_deref(), Some("ABC"));
        assert!(p.without(&["upper"]).names().is_empty());
    }
}
