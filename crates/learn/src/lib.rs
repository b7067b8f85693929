//! Statistical extraction of cyber-operation events, learned from the CASIE corpus.
//!
//! CASIE annotates news about data breaches, phishing, ransom, vulnerability discovery and
//! patches with event triggers and their arguments. This crate trains, stores and runs a
//! small linear model of those annotations in pure Rust: an averaged structured perceptron
//! tags triggers (BIO over tokens, label = subtype) in two passes — the second also reads
//! the first pass's triggers across the document, trained on jackknifed first-pass output —
//! another tags the arguments of each trigger over its sentence (label = role, with
//! features relative to the trigger and to rule-based noun chunks), and a multiclass
//! perceptron guesses realis. Features are hashed into fixed-size weight tables;
//! word clusters are induced from the training texts. [`CasieModel::shipped`] returns the
//! model trained on CASIE's train split that ships with the crate (`models/casie.bin` at the
//! workspace root). Training is deterministic: the same data, configuration and seed give
//! the same model bytes.
//!
//! With the `encoder` feature, a second shipped model (`models/casie-minilm.bin`,
//! [`CasieModel::shipped_contextual`]) also reads contextual token vectors from the MiniLM
//! encoder ([`encoder`], candle on the CPU; weights fetched by `scripts/fetch_minilm.sh`),
//! quantised and dense ([`context`]): more accurate on arguments, about twelve times slower.

use std::path::Path;

pub mod casie;
pub mod chunks;
pub mod clusters;
pub mod context;
#[cfg(feature = "encoder")]
pub mod encoder;
pub mod eval;
pub mod features;
#[cfg(feature = "encoder")]
pub mod finetune;
mod io;
pub mod model;
pub mod perceptron;
pub mod prepare;
pub mod tokenize;
mod train;
#[cfg(feature = "encoder")]
pub mod wordpiece;

pub use eval::{Prf, Scores, evaluate_casie, evaluate_docs, evaluate_docs_gold_triggers};
pub use model::{CasieModel, ModelConfig};
pub use perceptron::Layout;
pub use train::{ArgLabels, TrainConfig, alignment, train_casie, train_docs, tune_biases};

/// The model trained on CASIE's train split, embedded at build time.
static SHIPPED: &[u8] = include_bytes!("../../../models/casie.bin");

/// The model with MiniLM features trained on CASIE's train split, embedded at build time.
#[cfg(feature = "encoder")]
static SHIPPED_CONTEXTUAL: &[u8] = include_bytes!("../../../models/casie-minilm.bin");

/// Errors of reading data or model files.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// An annotation file is not valid CASIE JSON.
    #[error("{path}: {source}")]
    Json {
        /// The file.
        path: String,
        /// The cause.
        source: serde_json::Error,
    },
    /// A model file is malformed.
    #[error("bad model file: {0}")]
    Format(String),
    /// The contextual encoder could not be loaded or run.
    #[error("encoder: {0}")]
    Encoder(String),
    /// A split lists no documents.
    #[error("no documents in split {0}")]
    Empty(String),
}

impl LearnError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        LearnError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

impl CasieModel {
    /// Reads a model from its serialised bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, LearnError> {
        io::from_bytes(bytes)
    }

    /// The serialised bytes of the model (what [`CasieModel::save`] writes).
    pub fn to_bytes(&self) -> Vec<u8> {
        io::to_bytes(self)
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Self, LearnError> {
        let bytes = std::fs::read(path).map_err(|e| LearnError::io(path, e))?;
        Self::from_bytes(&bytes)
    }

    /// Writes the model to a file.
    pub fn save(&self, path: &Path) -> Result<(), LearnError> {
        std::fs::write(path, self.to_bytes()).map_err(|e| LearnError::io(path, e))
    }

    /// The feature and window settings the model was trained with.
    pub fn config(&self) -> &ModelConfig {
        &self.config
    }

    /// Where the model's taggers keep their weights (format versions 4–5: blocks).
    pub fn layout(&self) -> Layout {
        self.trigger.layout
    }

    /// The model shipped with the crate, or `None` if the embedded file is not a valid model.
    pub fn shipped() -> Option<Self> {
        Self::from_bytes(SHIPPED).ok()
    }

    /// The shipped model with MiniLM features (`models/casie-minilm.bin`, trained by
    /// `TrainConfig::with_context()`); it needs an encoder ([`CasieModel::with_encoder`]).
    #[cfg(feature = "encoder")]
    pub fn shipped_contextual() -> Option<Self> {
        Self::from_bytes(SHIPPED_CONTEXTUAL).ok()
    }
}
