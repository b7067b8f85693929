//! The candle MiniLM encoder against an independent implementation.
//!
//! Needs the real weights (`scripts/fetch_minilm.sh`, read from `DOSSIER_ENCODER` or
//! `models/minilm` at the workspace root); skipped, loudly, when they are absent. The
//! expected numbers were computed with a NumPy re-implementation of BERT over the same
//! safetensors file and the Hugging Face `tokenizers` package (not part of the build).
#![cfg(feature = "encoder")]

use std::path::PathBuf;

use dossier_learn::encoder::Encoder;
use dossier_learn::prepare::Prepared;

fn encoder_dir() -> Option<PathBuf> {
    let default = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/minilm");
    let dir = Encoder::dir_from_env(None).unwrap_or(default);
    dir.join("model.safetensors").exists().then_some(dir)
}

#[test]
fn minilm_matches_the_reference_implementation() {
    let Some(dir) = encoder_dir() else {
        eprintln!(
            "\n*** SKIPPED minilm_matches_the_reference_implementation: no MiniLM weights; \
             run scripts/fetch_minilm.sh ***\n"
        );
        return;
    };
    let enc = Encoder::load(&dir).expect("encoder loads");
    let p = Prepared::new("Hackers stole 40 million passwords from Acme's servers.");
    let toks: Vec<&str> = p.tokens.iter().map(|t| t.text.as_str()).collect();
    // Wordpiece ids as the reference tokenizer gives them (without [CLS]/[SEP]).
    let ids: Vec<u32> = enc.pieces(&toks).concat();
    assert_eq!(
        ids,
        [
            23307, 2015, 10312, 2871, 2454, 20786, 2015, 2013, 9353, 4168, 1005, 1055, 14903, 1012
        ]
    );
    let v = enc.encode(&toks, &p.sents, &[1, 6]).expect("encodes");
    let h = enc.hidden();
    assert_eq!(v.len(), toks.len() * 2 * h);
    // "Hackers" = mean of its two pieces, after layer 1 and after layer 6.
    let layer1 = [-1.148_793_7, -0.245_213_26, -0.265_611, 0.302_134_08];
    let layer6 = [-0.407_761_16, -0.054_429_24, 0.034_073_44, 0.147_370_89];
    for (got, want) in v[..4]
        .iter()
        .zip(layer1)
        .chain(v[h..h + 4].iter().zip(layer6))
    {
        assert!((got - want).abs() < 1e-4, "{got} vs {want}");
    }
}
