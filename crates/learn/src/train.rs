//! Training the CASIE model on a split of the corpus.

use std::collections::BTreeSet;
use std::path::Path;

use crate::LearnError;
use crate::casie::{CasieDoc, read_split_docs};
use crate::clusters::{ClusterConfig, Clusters, induce};
use crate::context::{TokenVectors, VectorCache, VectorTree};
use crate::features::Feat;
use crate::model::{
    CasieModel, DocContext, ModelConfig, REALIS, TriggerSpan, add_tree_features, arg_features,
    arg_window, gold_triggers, mark, n_subtypes, realis_features, stack_features, tag_triggers,
};
use crate::perceptron::{Layout, Rng, SeqWeights, Trainer, b_label};
use crate::prepare::Prepared;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training data (each model).
    pub epochs: usize,
    /// Seed of the instance shuffling.
    pub seed: u64,
    /// log2 of the trigger model's weight table size.
    pub trigger_bits: u32,
    /// log2 of the argument model's weight table size.
    pub arg_bits: u32,
    /// Feature and window settings stored in the model.
    pub model: ModelConfig,
    /// Word-cluster induction settings (used when `model.features.clusters`).
    pub clusters: ClusterConfig,
    /// Which gold arguments the argument tagger learns for a trigger.
    pub arg_labels: ArgLabels,
    /// The trigger tagger's `O` bias stored in the model (chosen on dev, see [`tune_biases`]).
    pub trigger_o_bias: f32,
    /// The argument tagger's `O` bias stored in the model.
    pub arg_o_bias: f32,
    /// Folds of the jackknife that predicts triggers on the training documents (each fold
    /// tagged by a trigger model trained on the others); 0 or 1 = no jackknife.
    pub folds: usize,
    /// The `O` bias of the trigger models that tag the jackknife folds (kept apart from
    /// `trigger_o_bias` so tuning the stored bias does not change the trained weights).
    pub jackknife_o_bias: f32,
    /// Whether to train a second trigger pass on the jackknifed triggers (needs `folds` ≥ 2).
    pub stack: bool,
    /// Whether the argument tagger also trains on the jackknifed triggers that match no
    /// gold trigger, so it learns to give spurious triggers few arguments.
    pub args_on_predicted: bool,
    /// Members of each tagger's seed ensemble: the final trigger, second-pass and argument
    /// taggers are each trained this many times with different shuffling seeds and their
    /// weights averaged (a linear model's averaged weights score as the mean of the
    /// members' scores). 1 = a single model.
    pub ensemble: usize,
    /// Where the taggers keep their (feature, label) weights; [`Layout::Pairs`] only to
    /// reproduce models trained before format version 4.
    pub layout: Layout,
}

/// Which gold arguments label a trigger's window when training the argument tagger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgLabels {
    /// Only the arguments of the trigger's own event.
    Own,
    /// Those, plus the arguments of every other event of the same subtype whose trigger
    /// lies in the window: the scorer counts an argument once per document and subtype,
    /// and coreferent mentions in one sentence share their arguments.
    SameSubtype,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 8,
            seed: 13,
            trigger_bits: 22,
            arg_bits: 23,
            model: ModelConfig::default(),
            clusters: ClusterConfig::default(),
            arg_labels: ArgLabels::SameSubtype,
            trigger_o_bias: 15.0,
            arg_o_bias: 5.0,
            folds: 3,
            jackknife_o_bias: 10.0,
            stack: true,
            args_on_predicted: false,
            ensemble: 5,
            layout: Layout::Blocks,
        }
    }
}

impl TrainConfig {
    /// The default configuration plus MiniLM contextual features
    /// ([`crate::context::ContextConfig::default`]), a seed ensemble of three per tagger
    /// and the `O` biases chosen for them on dev (trigger 30, argument 5); the shipped
    /// `models/casie-minilm.bin`.
    pub fn with_context() -> Self {
        let mut c = TrainConfig::default();
        c.model.context = Some(crate::context::ContextConfig::default());
        c.trigger_o_bias = 30.0;
        c.arg_o_bias = 5.0;
        c.ensemble = 3;
        // The shipped MiniLM model predates the block layout and was not retrained.
        c.layout = Layout::Pairs;
        c
    }
}

/// A training document: gold annotation plus its prepared text.
struct TrainDoc {
    doc: CasieDoc,
    prep: Prepared,
    triggers: Vec<(TriggerSpan, usize)>,
    /// Base token features per sentence, computed once for all epochs.
    feats: Vec<Vec<Vec<Feat>>>,
    /// Contextual token vectors (contextual models only).
    vecs: Option<TokenVectors>,
}

impl TrainDoc {
    /// Base features of the tokens of a window made of whole sentences.
    fn window_features(&self, window: &std::ops::Range<usize>) -> Vec<Vec<Feat>> {
        let first = self.prep.sent_of[window.start];
        let last = self.prep.sent_of[window.end - 1];
        self.feats[first..=last].iter().flatten().cloned().collect()
    }
}

/// Vectors sampled at most for growing the k-means tree of contextual features.
const TREE_SAMPLE: usize = 120_000;
/// k-means iterations per split of the tree.
const TREE_ITERATIONS: usize = 6;

/// Trains a model on the documents listed in `split_train`. A configuration with
/// contextual features (`config.model.context`) reads the documents' token vectors from
/// `vectors` (see [`crate::context::VectorCache`]).
pub fn train_casie(
    data_dir: &Path,
    split_train: &Path,
    config: &TrainConfig,
    vectors: Option<&VectorCache>,
) -> Result<CasieModel, LearnError> {
    let docs = read_split_docs(data_dir, split_train)?;
    if docs.is_empty() {
        return Err(LearnError::Empty(split_train.display().to_string()));
    }
    train_docs(docs, config, vectors)
}

/// Trains a model on already-read documents (token vectors as for [`train_casie`]).
pub fn train_docs(
    docs: Vec<CasieDoc>,
    config: &TrainConfig,
    vectors: Option<&VectorCache>,
) -> Result<CasieModel, LearnError> {
    let layers = config.model.context.map(|c| c.layers());
    let docs: Vec<TrainDoc> = docs
        .into_iter()
        .map(|doc| {
            let prep = Prepared::new(&doc.text);
            let triggers = gold_triggers(&prep, &doc);
            let vecs = match &layers {
                None => None,
                Some(layers) => {
                    let cache = vectors.ok_or_else(|| {
                        LearnError::Encoder(
                            "contextual features need token vectors: pass --encoder DIR".into(),
                        )
                    })?;
                    let v = cache.vectors(&doc.id, layers).ok_or_else(|| {
                        LearnError::Encoder(format!("document {} has no vectors", doc.id))
                    })?;
                    if v.len() != prep.tokens.len() {
                        return Err(LearnError::Encoder(format!(
                            "document {}: {} vectors for {} tokens; re-encode",
                            doc.id,
                            v.len(),
                            prep.tokens.len()
                        )));
                    }
                    Some(v)
                }
            };
            Ok(TrainDoc {
                doc,
                prep,
                triggers,
                feats: Vec::new(),
                vecs,
            })
        })
        .collect::<Result<_, LearnError>>()?;
    let tree = config
        .model
        .context
        .filter(|c| c.tree_depth > 0)
        .map(|c| grow_tree(&docs, c.tree_depth));
    let clusters = if config.model.features.clusters {
        let sentences: Vec<Vec<String>> = docs
            .iter()
            .flat_map(|d| {
                d.prep.sents.iter().map(|s| {
                    d.prep.infos[s.clone()]
                        .iter()
                        .map(|t| t.lower.clone())
                        .collect()
                })
            })
            .collect();
        induce(&sentences, &config.clusters)
    } else {
        Clusters::default()
    };
    let mut docs = docs;
    for d in &mut docs {
        d.feats = (0..d.prep.sents.len())
            .map(|k| {
                d.prep
                    .sentence_features(k, &config.model.features, &clusters)
            })
            .collect();
        if let (Some(tree), Some(vecs), Some(c)) = (&tree, &d.vecs, &config.model.context) {
            add_tree_features(&d.prep, &mut d.feats, tree, vecs, c);
        }
    }
    let roles: Vec<String> = docs
        .iter()
        .flat_map(|d| {
            d.doc
                .events
                .iter()
                .flat_map(|e| e.args.iter().map(|a| a.role.clone()))
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut allowed_roles = vec![vec![false; roles.len()]; n_subtypes()];
    for d in &docs {
        for e in &d.doc.events {
            for a in &e.args {
                if let Ok(r) = roles.binary_search(&a.role) {
                    allowed_roles[e.subtype][r] = true;
                }
            }
        }
    }
    let mut model = CasieModel {
        config: config.model,
        roles,
        allowed_roles,
        trigger: SeqWeights::new(1 + 2 * n_subtypes(), 1),
        trigger2: None,
        args: SeqWeights::new(1, 1),
        realis: SeqWeights::new(REALIS.len(), 1),
        clusters,
        trigger_o_bias: config.trigger_o_bias,
        arg_o_bias: config.arg_o_bias,
        tree,
        #[cfg(feature = "encoder")]
        encoder: None,
    };
    let all: Vec<usize> = (0..docs.len()).collect();
    model.trigger = ensemble(config, |c| train_triggers(&docs, &all, None, c));
    let predicted = if config.folds >= 2 {
        jackknife_triggers(&docs, config)
    } else {
        vec![Vec::new(); docs.len()]
    };
    if config.stack && config.folds >= 2 {
        let extra: Vec<Vec<Vec<Feat>>> = docs
            .iter()
            .zip(&predicted)
            .map(|(d, pred)| stack_features(&d.prep, pred))
            .collect();
        model.trigger2 = Some(ensemble(config, |c| {
            train_triggers(&docs, &all, Some(&extra), c)
        }));
    }
    let predicted = if config.args_on_predicted {
        predicted
    } else {
        vec![Vec::new(); docs.len()]
    };
    model.args = ensemble(config, |c| train_args(&model, &docs, &predicted, c));
    model.realis = train_realis(&docs, config);
    // Decode with the weights as they will be stored (16-bit quantised).
    Ok(crate::io::from_bytes(&crate::io::to_bytes(&model)).unwrap_or(model))
}

/// Trains `config.ensemble` taggers with `train`, the first with `config.seed` and the
/// others with derived seeds, and averages their weights.
fn ensemble(config: &TrainConfig, train: impl Fn(&TrainConfig) -> SeqWeights) -> SeqWeights {
    let members: Vec<SeqWeights> = (0..config.ensemble.max(1) as u64)
        .map(|k| {
            let mut c = config.clone();
            c.seed = config.seed.wrapping_add(k.wrapping_mul(0x9e37_79b9));
            train(&c)
        })
        .collect();
    SeqWeights::mean(members)
}

/// Grows the k-means tree of contextual features over (a regular sample of) the training
/// tokens' vectors.
fn grow_tree(docs: &[TrainDoc], depth: u8) -> VectorTree {
    let total: usize = docs
        .iter()
        .filter_map(|d| d.vecs.as_ref())
        .map(|v| v.len())
        .sum();
    let step = total.div_ceil(TREE_SAMPLE).max(1);
    let mut dim = 0;
    let mut sample = Vec::new();
    let mut k = 0usize;
    for v in docs.iter().filter_map(|d| d.vecs.as_ref()) {
        dim = v.dim;
        for i in 0..v.len() {
            if k.is_multiple_of(step) {
                sample.extend_from_slice(v.row(i));
            }
            k += 1;
        }
    }
    VectorTree::grow(&sample, dim, depth, TREE_ITERATIONS)
}

/// The contextual inputs of every training document (`None` without vectors).
fn doc_contexts<'a>(docs: &'a [TrainDoc], config: &TrainConfig) -> Vec<Option<DocContext<'a>>> {
    docs.iter()
        .map(|d| {
            let c = config.model.context.as_ref()?;
            Some(DocContext::new(d.vecs.as_ref()?, c))
        })
        .collect()
}

/// Width of the documents' token vectors (0 without vectors).
fn trigger_dense_dim_any(docs: &[TrainDoc]) -> usize {
    docs.iter()
        .find_map(|d| d.vecs.as_ref())
        .map_or(0, |v| v.dim)
}

/// Width of the dense trigger input (0 = none).
fn trigger_dense_dim(docs: &[TrainDoc], config: &TrainConfig) -> usize {
    match (
        &config.model.context,
        docs.iter().find_map(|d| d.vecs.as_ref()),
    ) {
        (Some(c), Some(v)) if c.dense_trigger > 0.0 => v.dim,
        _ => 0,
    }
}

/// Chooses the `O` biases of the trigger and argument taggers that maximise trigger-C and
/// then argument-C F1 on `docs` (a development split), trying each value of
/// `trigger_grid` and then of `arg_grid`. Returns the (bias, F1) pairs tried, triggers first.
pub fn tune_biases(
    model: &mut CasieModel,
    docs: &[CasieDoc],
    cache: Option<&VectorCache>,
    trigger_grid: &[f32],
    arg_grid: &[f32],
) -> Result<Vec<(&'static str, f32, f64)>, LearnError> {
    let mut tried = Vec::new();
    let mut best = (f64::MIN, 0.0);
    for &b in trigger_grid {
        model.trigger_o_bias = b;
        let f1 = crate::eval::evaluate_docs(model, docs, cache)?
            .trigger_c
            .f1();
        tried.push(("trigger", b, f1));
        if f1 > best.0 {
            best = (f1, b);
        }
    }
    model.trigger_o_bias = best.1;
    let mut best = (f64::MIN, 0.0);
    for &b in arg_grid {
        model.arg_o_bias = b;
        let f1 = crate::eval::evaluate_docs(model, docs, cache)?
            .argument_c
            .f1();
        tried.push(("argument", b, f1));
        if f1 > best.0 {
            best = (f1, b);
        }
    }
    model.arg_o_bias = best.1;
    Ok(tried)
}

/// How many gold trigger and argument spans start and end on token boundaries:
/// `(aligned triggers, triggers, aligned arguments, arguments)`.
pub fn alignment(docs: &[CasieDoc]) -> (usize, usize, usize, usize) {
    let mut counts = (0, 0, 0, 0);
    for doc in docs {
        let prep = Prepared::new(&doc.text);
        for e in &doc.events {
            counts.0 += usize::from(prep.aligned(e.start, e.end));
            counts.1 += 1;
            for a in &e.args {
                counts.2 += usize::from(prep.aligned(a.start, a.end));
                counts.3 += 1;
            }
        }
    }
    counts
}

/// Trigger tags of every training document, each predicted by a trigger model trained on
/// the other folds (documents are dealt to folds by index).
fn jackknife_triggers(docs: &[TrainDoc], config: &TrainConfig) -> Vec<Vec<TriggerSpan>> {
    let ctxs = doc_contexts(docs, config);
    let mut out = vec![Vec::new(); docs.len()];
    for fold in 0..config.folds {
        let train: Vec<usize> = (0..docs.len())
            .filter(|d| d % config.folds != fold)
            .collect();
        let weights = train_triggers(docs, &train, None, config);
        for (d, doc) in docs.iter().enumerate() {
            if d % config.folds == fold {
                out[d] = tag_triggers(
                    &weights,
                    &doc.prep,
                    &doc.feats,
                    ctxs[d].as_ref(),
                    config.jackknife_o_bias,
                )
                .into_iter()
                .map(|(t, _)| t)
                .collect();
            }
        }
    }
    out
}

/// Trains a trigger tagger on the documents `which`, with per-token `extra` features
/// (indexed by document, then token) appended to the base ones when given.
fn train_triggers(
    docs: &[TrainDoc],
    which: &[usize],
    extra: Option<&[Vec<Vec<Feat>>]>,
    config: &TrainConfig,
) -> SeqWeights {
    let items: Vec<(usize, usize)> = which
        .iter()
        .flat_map(|&d| (0..docs[d].prep.sents.len()).map(move |k| (d, k)))
        .collect();
    let golds: Vec<Vec<usize>> = items
        .iter()
        .map(|&(d, k)| {
            let sent = &docs[d].prep.sents[k];
            let mut labels = vec![0; sent.len()];
            for (t, _) in &docs[d].triggers {
                if sent.contains(&t.toks.start) && t.toks.end <= sent.end {
                    mark(
                        &mut labels,
                        t.toks.start - sent.start..t.toks.end - sent.start,
                        t.subtype,
                    );
                }
            }
            labels
        })
        .collect();
    let n_labels = 1 + 2 * n_subtypes();
    let mut order: Vec<usize> = (0..items.len()).collect();
    let ctxs = doc_contexts(docs, config);
    let mut trainer = Trainer::with_layout(
        n_labels,
        config.trigger_bits,
        trigger_dense_dim(docs, config),
        config.layout,
    );
    let allowed = vec![true; n_labels];
    let mut rng = Rng::new(config.seed);
    for _ in 0..config.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let (d, k) = items[i];
            let dense = ctxs[d]
                .as_ref()
                .and_then(|c| c.trigger_rows(&docs[d].prep.sents[k]));
            match extra {
                Some(extra) => {
                    let start = docs[d].prep.sents[k].start;
                    let feats: Vec<Vec<Feat>> = docs[d].feats[k]
                        .iter()
                        .enumerate()
                        .map(|(j, fs)| [fs.as_slice(), &extra[d][start + j]].concat())
                        .collect();
                    trainer.learn_dense(&feats, dense, &golds[i], &allowed);
                }
                None => {
                    trainer.learn_dense(&docs[d].feats[k], dense, &golds[i], &allowed);
                }
            }
        }
    }
    trainer.averaged()
}

/// One argument-training instance: a trigger with its window's gold labels.
struct ArgItem {
    doc: usize,
    trigger: ArgTrigger,
    labels: Vec<usize>,
}

/// The trigger of an argument-training instance.
#[derive(Clone, Copy)]
enum ArgTrigger {
    /// Index into the document's gold triggers.
    Gold(usize),
    /// Index into the document's jackknifed triggers.
    Predicted(usize),
}

/// Marks the gold arguments `args` that lie inside `window` in its role labels.
fn mark_args<'a>(
    labels: &mut [usize],
    doc: &TrainDoc,
    window: &std::ops::Range<usize>,
    roles: &[String],
    args: impl Iterator<Item = &'a crate::casie::GoldArg>,
) {
    for a in args {
        let Some(toks) = doc.prep.token_range(a.start, a.end) else {
            continue;
        };
        let Ok(r) = roles.binary_search(&a.role) else {
            continue;
        };
        if toks.start >= window.start && toks.end <= window.end {
            mark(
                labels,
                toks.start - window.start..toks.end - window.start,
                r,
            );
        }
    }
}

fn train_args(
    model: &CasieModel,
    docs: &[TrainDoc],
    predicted: &[Vec<TriggerSpan>],
    config: &TrainConfig,
) -> SeqWeights {
    let n_labels = 1 + 2 * model.roles.len();
    let mut items = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for (ti, (trig, e)) in doc.triggers.iter().enumerate() {
            let k = doc.prep.sent_of[trig.toks.start];
            let window = arg_window(&doc.prep, k, model.config.arg_context);
            let mut labels = vec![0; window.len()];
            let mut label_events = vec![*e];
            if config.arg_labels == ArgLabels::SameSubtype {
                label_events.extend(doc.triggers.iter().filter_map(|(t, other)| {
                    (other != e && t.subtype == trig.subtype && window.contains(&t.toks.start))
                        .then_some(*other)
                }));
            }
            let args = label_events.iter().flat_map(|&e| &doc.doc.events[e].args);
            mark_args(&mut labels, doc, &window, &model.roles, args);
            items.push(ArgItem {
                doc: d,
                trigger: ArgTrigger::Gold(ti),
                labels,
            });
        }
        // Predicted triggers that gold lacks (wrong span or subtype, or spurious) learn
        // the arguments of the same-subtype gold events in their window, often none.
        for (pi, trig) in predicted[d].iter().enumerate() {
            if doc.triggers.iter().any(|(g, _)| g == trig) {
                continue;
            }
            let k = doc.prep.sent_of[trig.toks.start];
            let window = arg_window(&doc.prep, k, model.config.arg_context);
            let mut labels = vec![0; window.len()];
            let same = doc
                .triggers
                .iter()
                .filter(|(t, _)| t.subtype == trig.subtype && window.contains(&t.toks.start));
            let args = same.flat_map(|(_, e)| &doc.doc.events[*e].args);
            mark_args(&mut labels, doc, &window, &model.roles, args);
            items.push(ArgItem {
                doc: d,
                trigger: ArgTrigger::Predicted(pi),
                labels,
            });
        }
    }
    let ctxs = doc_contexts(docs, config);
    let dense_dim = match &config.model.context {
        Some(c) if c.dense_arg > 0.0 => 2 * trigger_dense_dim_any(docs),
        _ => 0,
    };
    let mut trainer = Trainer::with_layout(n_labels, config.arg_bits, dense_dim, config.layout);
    let mut rng = Rng::new(config.seed ^ 0xa5);
    let mut order: Vec<usize> = (0..items.len()).collect();
    let masks: Vec<Vec<bool>> = (0..n_subtypes())
        .map(|s| {
            let mut m = vec![false; n_labels];
            m[0] = true;
            for (r, ok) in model.allowed_roles[s].iter().enumerate() {
                if *ok {
                    m[b_label(r)] = true;
                    m[b_label(r) + 1] = true;
                }
            }
            m
        })
        .collect();
    for _ in 0..config.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let item = &items[i];
            let doc = &docs[item.doc];
            let trig = match item.trigger {
                ArgTrigger::Gold(t) => &doc.triggers[t].0,
                ArgTrigger::Predicted(t) => &predicted[item.doc][t],
            };
            let k = doc.prep.sent_of[trig.toks.start];
            let window = arg_window(&doc.prep, k, model.config.arg_context);
            let base = doc.window_features(&window);
            let others: Vec<TriggerSpan> = doc.triggers.iter().map(|(t, _)| t.clone()).collect();
            let ctx = ctxs[item.doc].as_ref();
            let feats = arg_features(&doc.prep, &window, &base, trig, &others, &model.config, ctx);
            let dense = ctx.and_then(|c| c.arg_rows(&window, &trig.toks));
            trainer.learn_dense(&feats, dense.as_deref(), &item.labels, &masks[trig.subtype]);
        }
    }
    trainer.averaged()
}

fn train_realis(docs: &[TrainDoc], config: &TrainConfig) -> SeqWeights {
    let mut items = Vec::new();
    for doc in docs {
        for (trig, e) in &doc.triggers {
            let gold = match doc.doc.events[*e].realis.as_str() {
                "generic" => 1,
                "other" => 2,
                _ => 0,
            };
            items.push((realis_features(&doc.prep, trig), gold));
        }
    }
    let mut trainer = Trainer::with_layout(REALIS.len(), 18, 0, config.layout);
    let mut rng = Rng::new(config.seed ^ 0x5a);
    for _ in 0..config.epochs {
        rng.shuffle(&mut items);
        for (feats, gold) in &items {
            trainer.learn_class(feats, *gold);
        }
    }
    trainer.averaged()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casie::{GoldArg, GoldEvent};

    /// An event in a test document: trigger text, subtype, (role, argument text) pairs.
    type TestEvent<'a> = (&'a str, usize, &'a [(&'a str, &'a str)]);

    /// A document whose events are given by marked substrings of its text.
    fn doc(id: &str, text: &str, events: &[TestEvent]) -> CasieDoc {
        let at = |needle: &str| {
            let byte = text.find(needle).expect("needle in text");
            let start = text[..byte].chars().count();
            (start, start + needle.chars().count())
        };
        let events = events
            .iter()
            .map(|(trigger, subtype, args)| {
                let (start, end) = at(trigger);
                GoldEvent {
                    subtype: *subtype,
                    realis: "actual".into(),
                    start,
                    end,
                    args: args
                        .iter()
                        .map(|(role, text)| {
                            let (start, end) = at(text);
                            GoldArg {
                                role: role.to_string(),
                                start,
                                end,
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        CasieDoc {
            id: id.into(),
            text: text.into(),
            events,
        }
    }

    fn tiny_corpus() -> Vec<CasieDoc> {
        vec![
            doc(
                "a",
                "Criminals stole passwords from Acme last week. The company said nothing else.",
                &[(
                    "stole",
                    0,
                    &[
                        ("attacker", "Criminals"),
                        ("compromised-data", "passwords"),
                        ("victim", "Acme"),
                    ],
                )],
            ),
            doc(
                "b",
                "Hackers stole records from Globex on Monday. Globex patched the server.",
                &[
                    (
                        "stole",
                        0,
                        &[
                            ("attacker", "Hackers"),
                            ("compromised-data", "records"),
                            ("victim", "Globex"),
                        ],
                    ),
                    ("patched", 4, &[("releaser", "Globex")]),
                ],
            ),
            doc(
                "c",
                "Thieves stole emails from Initech. Initech patched the flaw quickly.",
                &[
                    (
                        "stole",
                        0,
                        &[
                            ("attacker", "Thieves"),
                            ("compromised-data", "emails"),
                            ("victim", "Initech"),
                        ],
                    ),
                    (
                        "patched",
                        4,
                        &[("releaser", "Initech"), ("vulnerability", "the flaw")],
                    ),
                ],
            ),
        ]
    }

    fn tiny_config() -> TrainConfig {
        TrainConfig {
            epochs: 4,
            trigger_bits: 16,
            arg_bits: 16,
            clusters: ClusterConfig {
                min_count: 1,
                depth: 4,
                ..ClusterConfig::default()
            },
            ..TrainConfig::default()
        }
    }

    #[test]
    fn training_twice_gives_identical_model_bytes() {
        let a = train_docs(tiny_corpus(), &tiny_config(), None).expect("trains");
        let b = train_docs(tiny_corpus(), &tiny_config(), None).expect("trains");
        assert_eq!(a.to_bytes(), b.to_bytes());
        assert!(
            a.trigger2.is_some(),
            "the default trains a second trigger pass"
        );
        let c = train_docs(
            tiny_corpus(),
            &TrainConfig {
                seed: 99,
                ..tiny_config()
            },
            None,
        )
        .expect("trains");
        assert_eq!(c.roles, a.roles);
    }

    #[test]
    fn a_seed_ensemble_averages_its_members_deterministically() {
        let one = TrainConfig {
            ensemble: 1,
            ..tiny_config()
        };
        let three = TrainConfig {
            ensemble: 3,
            ..tiny_config()
        };
        let a = train_docs(tiny_corpus(), &three, None).expect("trains");
        let b = train_docs(tiny_corpus(), &three, None).expect("trains");
        assert_eq!(a.to_bytes(), b.to_bytes());
        let single = train_docs(tiny_corpus(), &one, None).expect("trains");
        assert_ne!(a.to_bytes(), single.to_bytes(), "members differ by seed");
        // Members are trained with the configured seed and derived ones, then averaged.
        let first = ensemble(&three, |c| {
            let mut w = SeqWeights::new(1, 1);
            w.table[0] = c.seed as f32;
            w
        });
        let expected = (0..3u64)
            .map(|k| one.seed.wrapping_add(k.wrapping_mul(0x9e37_79b9)) as f32)
            .sum::<f32>()
            / 3.0;
        assert_eq!(first.table[0], expected);
    }

    #[test]
    fn tiny_model_finds_theft_and_its_arguments() {
        let model = train_docs(tiny_corpus(), &tiny_config(), None).expect("trains");
        let events = model
            .extract("Hackers stole passwords from Acme.")
            .expect("sparse model");
        let theft = events
            .iter()
            .find(|e| e.kind == dossier_model::EventType::DataBreach)
            .expect("a data-breach event");
        assert_eq!(theft.trigger.text, "stole");
        assert_eq!(theft.extractor.as_deref(), Some("perceptron"));
        let attacker = theft
            .arg(dossier_model::Role::Attacker)
            .map(|a| a.text.as_str());
        assert_eq!(attacker, Some("Hackers"));
    }

    #[test]
    fn model_bytes_round_trip() {
        let model = train_docs(tiny_corpus(), &tiny_config(), None).expect("trains");
        let bytes = model.to_bytes();
        let back = CasieModel::from_bytes(&bytes).expect("valid model");
        assert_eq!(back.to_bytes(), bytes);
        assert!(CasieModel::from_bytes(b"DSLCASIE junk").is_err());
        assert!(CasieModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        assert_eq!(back.trigger.layout, Layout::Blocks);
        // Models of the older layout still load, keep it and score the same.
        let config = TrainConfig {
            layout: Layout::Pairs,
            ..tiny_config()
        };
        let pairs = train_docs(tiny_corpus(), &config, None).expect("trains");
        let back = CasieModel::from_bytes(&pairs.to_bytes()).expect("valid model");
        assert_eq!(back.args.layout, Layout::Pairs);
        assert_eq!(back.to_bytes(), pairs.to_bytes());
        assert_ne!(pairs.to_bytes(), bytes);
        let text = &tiny_corpus()[0].text;
        assert_eq!(back.extract(text).ok(), pairs.extract(text).ok());
    }

    /// Pseudo token vectors for the tiny corpus: a hash of each token's lower form spread
    /// over 6 dimensions (layers 4–6 of width 2), so equal words get equal vectors.
    fn tiny_vectors(docs: &[CasieDoc]) -> VectorCache {
        let mut cache = VectorCache {
            layers: vec![4, 5, 6],
            hidden: 2,
            ..VectorCache::default()
        };
        for d in docs {
            let p = Prepared::new(&d.text);
            let data = p
                .infos
                .iter()
                .flat_map(|t| {
                    let h = crate::features::Hasher::new(1).s(&t.lower).f();
                    (0..6).map(move |k| ((h >> (8 * k)) & 0xff) as f32 / 255.0 - 0.5)
                })
                .collect();
            cache.docs.insert(d.id.clone(), (p.tokens.len(), data));
        }
        cache
    }

    #[test]
    fn contextual_model_trains_stores_and_needs_vectors() {
        let docs = tiny_corpus();
        let cache = tiny_vectors(&docs);
        let mut config = TrainConfig::with_context();
        config.epochs = 4;
        config.trigger_bits = 16;
        config.arg_bits = 16;
        config.clusters = tiny_config().clusters;
        if let Some(c) = config.model.context.as_mut() {
            c.tree_depth = 2;
        }
        assert!(
            train_docs(docs.clone(), &config, None).is_err(),
            "no vectors given"
        );
        let a = train_docs(docs.clone(), &config, Some(&cache)).expect("trains");
        let b = train_docs(docs.clone(), &config, Some(&cache)).expect("trains");
        assert_eq!(a.to_bytes(), b.to_bytes(), "deterministic");
        assert!(a.needs_encoder() && a.tree.is_some());
        assert_eq!(a.trigger.dense_dim, 2);
        assert_eq!(a.args.dense_dim, 4);
        let back = CasieModel::from_bytes(&a.to_bytes()).expect("version 3 reads back");
        assert_eq!(back.to_bytes(), a.to_bytes());
        assert_eq!(back.config(), a.config());
        // Without an encoder the model refuses rather than guessing.
        assert!(a.extract("Hackers stole passwords from Acme.").is_err());
        let scores = crate::eval::evaluate_docs(&a, &docs, Some(&cache)).expect("cached vectors");
        assert!(scores.trigger_c.tp > 0, "{scores}");
    }

    #[test]
    fn alignment_counts_token_boundaries() {
        let docs = tiny_corpus();
        let (ta, t, aa, a) = alignment(&docs);
        assert_eq!((ta, t), (5, 5));
        assert_eq!(aa, a);
    }
}
