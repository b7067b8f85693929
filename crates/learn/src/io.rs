//! The model file format: a small header, then sparse, 16-bit quantised weight tables.
//!
//! Layout (little-endian): magic, version, config, role names and masks, clusters, then the
//! trigger, argument and realis weights. A table is stored as its non-zero slots
//! (varint gaps) with values quantised to `i16` against the table's largest magnitude;
//! weights that quantise to zero are dropped, which keeps the file a few megabytes.

use crate::LearnError;
use crate::clusters::Clusters;
use crate::context::{ContextConfig, VectorTree};
use crate::features::FeatureConfig;
use crate::model::{CasieModel, ModelConfig};
use crate::perceptron::{Layout, SeqWeights};

const MAGIC: &[u8; 8] = b"DSLCASIE";
/// Version of models without contextual features (unchanged layout, so retraining the
/// sparse model reproduces its old bytes).
const VERSION: u32 = 2;
/// Version of models with contextual features: version 2 plus a trailing context section
/// (settings, k-means tree, dense weights).
const VERSION_CONTEXT: u32 = 3;
/// Versions 2 and 3 with every table in [`Layout::Blocks`] (a feature's label weights side
/// by side); versions 2 and 3 hash each (feature, label) pair on its own.
const VERSION_BLOCKS: u32 = 4;
const VERSION_CONTEXT_BLOCKS: u32 = 5;

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LearnError> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| LearnError::Format("truncated model file".into()))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], LearnError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, LearnError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, LearnError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, LearnError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn f32(&mut self) -> Result<f32, LearnError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    fn varint(&mut self) -> Result<u64, LearnError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(LearnError::Format("bad varint".into()))
    }
    fn len(&mut self, max: usize) -> Result<usize, LearnError> {
        let n = self.varint()? as usize;
        if n > max {
            return Err(LearnError::Format(format!("length {n} exceeds {max}")));
        }
        Ok(n)
    }
    fn str(&mut self) -> Result<String, LearnError> {
        let n = self.len(1 << 16)?;
        String::from_utf8(self.take(n)?.to_vec())
            .map_err(|_| LearnError::Format("string is not UTF-8".into()))
    }
}

fn write_weights(w: &mut Writer, s: &SeqWeights) {
    w.u32(s.n_labels as u32);
    w.u32(s.bits);
    w.u32(s.trans.len() as u32);
    for v in &s.trans {
        w.f32(*v);
    }
    let max = s.table.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
    w.f32(scale);
    let entries: Vec<(usize, i16)> = s
        .table
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let q = (v / scale).round() as i16;
            (q != 0).then_some((i, q))
        })
        .collect();
    w.u64(entries.len() as u64);
    let mut last = 0usize;
    for (i, q) in entries {
        w.varint((i - last) as u64);
        w.0.extend_from_slice(&q.to_le_bytes());
        last = i;
    }
}

fn read_weights(r: &mut Reader, layout: Layout) -> Result<SeqWeights, LearnError> {
    let n_labels = r.u32()? as usize;
    let bits = r.u32()?;
    if bits > 28 || n_labels > 1024 {
        return Err(LearnError::Format("implausible table size".into()));
    }
    let n_trans = r.u32()? as usize;
    if n_trans != (n_labels + 1) * n_labels {
        return Err(LearnError::Format("transition table size mismatch".into()));
    }
    let trans = (0..n_trans)
        .map(|_| r.f32())
        .collect::<Result<Vec<_>, _>>()?;
    let scale = r.f32()?;
    let n = r.u64()? as usize;
    let mut table = vec![0.0f32; 1 << bits];
    let mut pos = 0usize;
    for _ in 0..n {
        pos += r.varint()? as usize;
        let q = i16::from_le_bytes(r.array()?);
        let slot = table
            .get_mut(pos)
            .ok_or_else(|| LearnError::Format("weight slot out of range".into()))?;
        *slot = f32::from(q) * scale;
    }
    Ok(SeqWeights {
        n_labels,
        bits,
        table,
        trans,
        dense_dim: 0,
        dense: Vec::new(),
        layout,
    })
}

fn write_floats(w: &mut Writer, v: &[f32]) {
    w.u64(v.len() as u64);
    for x in v {
        w.f32(*x);
    }
}

fn read_floats(r: &mut Reader, max: usize) -> Result<Vec<f32>, LearnError> {
    let n = r.u64()? as usize;
    if n > max {
        return Err(LearnError::Format(format!(
            "float array of {n} exceeds {max}"
        )));
    }
    (0..n).map(|_| r.f32()).collect()
}

/// The context section of a version-3 model.
fn write_context(w: &mut Writer, m: &CasieModel, c: &ContextConfig) {
    w.u8(c.layer_mask);
    w.u8(c.tree_depth);
    w.f32(c.dense_trigger);
    w.f32(c.dense_arg);
    let tree = m.tree.clone().unwrap_or_default();
    w.u32(tree.dim as u32);
    w.u32(tree.nodes.len() as u32);
    for node in &tree.nodes {
        write_floats(w, node);
    }
    for s in [Some(&m.trigger), m.trigger2.as_ref(), Some(&m.args)]
        .into_iter()
        .flatten()
    {
        w.u32(s.dense_dim as u32);
        write_floats(w, &s.dense);
    }
}

fn read_context(r: &mut Reader, m: &mut CasieModel) -> Result<(), LearnError> {
    let c = ContextConfig {
        layer_mask: r.u8()?,
        tree_depth: r.u8()?,
        dense_trigger: r.f32()?,
        dense_arg: r.f32()?,
    };
    let dim = r.u32()? as usize;
    let n_nodes = r.u32()? as usize;
    if dim > 4096 || n_nodes > 1 << 16 {
        return Err(LearnError::Format("implausible vector tree".into()));
    }
    let nodes = (0..n_nodes)
        .map(|_| read_floats(r, 2 * dim))
        .collect::<Result<Vec<_>, _>>()?;
    if nodes.iter().any(|n| !n.is_empty() && n.len() != 2 * dim) {
        return Err(LearnError::Format("vector tree node of wrong width".into()));
    }
    m.tree = (n_nodes > 0).then_some(VectorTree { dim, nodes });
    let mut tables = vec![&mut m.trigger];
    if let Some(t2) = m.trigger2.as_mut() {
        tables.push(t2);
    }
    tables.push(&mut m.args);
    for s in tables {
        let d = r.u32()? as usize;
        let dense = read_floats(r, s.n_labels * 8192)?;
        if dense.len() != s.n_labels * d {
            return Err(LearnError::Format("dense weights of wrong size".into()));
        }
        s.dense_dim = d;
        s.dense = dense;
    }
    m.config.context = Some(c);
    Ok(())
}

/// The model's bytes.
///
/// All tables of a model share one layout (training gives them the configured one).
pub fn to_bytes(m: &CasieModel) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.0.extend_from_slice(MAGIC);
    w.u32(match (m.config.context.is_some(), m.trigger.layout) {
        (false, Layout::Pairs) => VERSION,
        (true, Layout::Pairs) => VERSION_CONTEXT,
        (false, Layout::Blocks) => VERSION_BLOCKS,
        (true, Layout::Blocks) => VERSION_CONTEXT_BLOCKS,
    });
    w.u32(m.config.features.window as u32);
    w.u8(u8::from(m.config.features.clusters));
    w.u8(u8::from(m.config.features.doc_topic));
    w.u8(u8::from(m.config.features.context));
    w.u32(m.config.arg_context as u32);
    w.u8(u8::from(m.config.other_triggers));
    w.u8(u8::from(m.config.directional));
    w.u8(u8::from(m.config.arg_chunks));
    w.f32(m.trigger_o_bias);
    w.f32(m.arg_o_bias);
    w.varint(m.roles.len() as u64);
    for r in &m.roles {
        w.str(r);
    }
    w.varint(m.allowed_roles.len() as u64);
    for mask in &m.allowed_roles {
        for ok in mask {
            w.u8(u8::from(*ok));
        }
    }
    w.varint(m.clusters.entries.len() as u64);
    for (word, bits, len) in &m.clusters.entries {
        w.str(word);
        w.u64(*bits);
        w.u8(*len);
    }
    for s in [&m.trigger, &m.args, &m.realis] {
        write_weights(&mut w, s);
    }
    w.u8(u8::from(m.trigger2.is_some()));
    if let Some(t2) = &m.trigger2 {
        write_weights(&mut w, t2);
    }
    if let Some(c) = &m.config.context {
        write_context(&mut w, m, c);
    }
    w.0
}

/// A model from its bytes.
pub fn from_bytes(bytes: &[u8]) -> Result<CasieModel, LearnError> {
    let mut r = Reader { bytes, pos: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(LearnError::Format("not a dossier CASIE model".into()));
    }
    let version = r.u32()?;
    let (context, layout) = match version {
        VERSION => (false, Layout::Pairs),
        VERSION_CONTEXT => (true, Layout::Pairs),
        VERSION_BLOCKS => (false, Layout::Blocks),
        VERSION_CONTEXT_BLOCKS => (true, Layout::Blocks),
        _ => {
            return Err(LearnError::Format(format!(
                "model version {version}, expected {VERSION} to {VERSION_CONTEXT_BLOCKS}"
            )));
        }
    };
    let config = ModelConfig {
        features: FeatureConfig {
            window: r.u32()? as usize,
            clusters: r.u8()? != 0,
            doc_topic: r.u8()? != 0,
            context: r.u8()? != 0,
        },
        arg_context: r.u32()? as usize,
        other_triggers: r.u8()? != 0,
        directional: r.u8()? != 0,
        arg_chunks: r.u8()? != 0,
        context: None,
    };
    let trigger_o_bias = r.f32()?;
    let arg_o_bias = r.f32()?;
    let n_roles = r.len(1024)?;
    let roles = (0..n_roles)
        .map(|_| r.str())
        .collect::<Result<Vec<_>, _>>()?;
    let n_sub = r.len(64)?;
    let mut allowed_roles = Vec::with_capacity(n_sub);
    for _ in 0..n_sub {
        allowed_roles.push(
            (0..n_roles)
                .map(|_| r.u8().map(|b| b != 0))
                .collect::<Result<Vec<_>, _>>()?,
        );
    }
    let n_words = r.len(1 << 24)?;
    let mut entries = Vec::with_capacity(n_words);
    for _ in 0..n_words {
        entries.push((r.str()?, r.u64()?, r.u8()?));
    }
    let trigger = read_weights(&mut r, layout)?;
    let args = read_weights(&mut r, layout)?;
    let realis = read_weights(&mut r, layout)?;
    let trigger2 = if r.u8()? != 0 {
        Some(read_weights(&mut r, layout)?)
    } else {
        None
    };
    let second_ok = trigger2
        .as_ref()
        .is_none_or(|t| t.n_labels == trigger.n_labels);
    if args.n_labels != 1 + 2 * n_roles || trigger.n_labels != 1 + 2 * n_sub || !second_ok {
        return Err(LearnError::Format(
            "label counts do not match the role list".into(),
        ));
    }
    let mut model = CasieModel {
        config,
        roles,
        allowed_roles,
        trigger,
        trigger2,
        args,
        realis,
        clusters: Clusters { entries },
        trigger_o_bias,
        arg_o_bias,
        tree: None,
        #[cfg(feature = "encoder")]
        encoder: None,
    };
    if context {
        read_context(&mut r, &mut model)?;
    }
    if r.pos != bytes.len() {
        return Err(LearnError::Format("trailing bytes after the model".into()));
    }
    Ok(model)
}
