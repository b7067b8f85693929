//! The shipped model must keep its recorded dev scores (docs/extraction.md, section A) and
//! must be what `TrainConfig::default()` trains.
//!
//! Reads CASIE from `../shared/bench/casie` beside the repository; skipped, loudly, when
//! it is absent. Run with `--release` for speed (a few seconds; debug takes longer).

use std::path::PathBuf;

use dossier_learn::{CasieModel, TrainConfig, evaluate_casie};

/// Dev scores recorded for the shipped model, minus the allowed slack of 0.02.
const TRIGGER_C_F1: f64 = RECORDED_TRIGGER_C_F1 - 0.02;
const ARGUMENT_C_F1: f64 = RECORDED_ARGUMENT_C_F1 - 0.02;
const RECORDED_TRIGGER_C_F1: f64 = 0.646;
const RECORDED_ARGUMENT_C_F1: f64 = 0.502;

fn casie_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/casie")
}

#[test]
fn shipped_model_has_the_default_training_settings() {
    let model = CasieModel::shipped().expect("models/casie.bin is a valid model");
    let config = TrainConfig::default();
    assert_eq!(model.config(), &config.model);
    assert_eq!(model.trigger_o_bias, config.trigger_o_bias);
    assert_eq!(model.arg_o_bias, config.arg_o_bias);
    assert_eq!(model.layout(), config.layout);
}

/// Training the default configuration on CASIE train gives the shipped file bit for bit
/// (about two minutes of one core in a release build; `DOSSIER_SKIP_RETRAIN=1` skips it).
#[test]
fn default_training_reproduces_the_shipped_model() {
    let dir = casie_dir();
    if !dir.join("train.txt").exists() {
        eprintln!(
            "\n*** SKIPPED default_training_reproduces_the_shipped_model: CASIE not found at {} ***\n",
            dir.display()
        );
        return;
    }
    if std::env::var_os("DOSSIER_SKIP_RETRAIN").is_some_and(|v| v == "1") {
        eprintln!(
            "\n*** SKIPPED default_training_reproduces_the_shipped_model: DOSSIER_SKIP_RETRAIN=1 ***\n"
        );
        return;
    }
    let trained = dossier_learn::train_casie(
        &dir.join("annotation"),
        &dir.join("train.txt"),
        &TrainConfig::default(),
        None,
    )
    .expect("CASIE train readable");
    let shipped =
        std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/casie.bin"))
            .expect("models/casie.bin readable");
    assert!(
        trained.to_bytes() == shipped,
        "retraining gave a different model: rerun `dossier train casie` and re-record the scores"
    );
}

#[test]
fn shipped_model_keeps_its_dev_scores() {
    let dir = casie_dir();
    if !dir.join("dev.txt").exists() {
        eprintln!(
            "\n*** SKIPPED shipped_model_keeps_its_dev_scores: CASIE not found at {} ***\n",
            dir.display()
        );
        return;
    }
    let model = CasieModel::shipped().expect("models/casie.bin is a valid model");
    let scores = evaluate_casie(&model, &dir.join("annotation"), &dir.join("dev.txt"))
        .expect("dev split readable");
    println!("{scores}");
    assert_eq!(scores.documents, 149);
    assert!(
        scores.trigger_c.f1() >= TRIGGER_C_F1,
        "trigger-C F1 {:.3} < {TRIGGER_C_F1:.3}",
        scores.trigger_c.f1()
    );
    assert!(
        scores.argument_c.f1() >= ARGUMENT_C_F1,
        "argument-C F1 {:.3} < {ARGUMENT_C_F1:.3}",
        scores.argument_c.f1()
    );
}

/// Dev scores recorded for the shipped MiniLM model (docs/extraction.md), same slack.
#[cfg(feature = "encoder")]
mod contextual {
    use super::*;
    use dossier_learn::encoder::{Encoder, load_model};

    const RECORDED_TRIGGER_C_F1: f64 = 0.647;
    const RECORDED_ARGUMENT_C_F1: f64 = 0.514;

    fn encoder_dir() -> Option<PathBuf> {
        let default = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/minilm");
        let dir = Encoder::dir_from_env(None).unwrap_or(default);
        dir.join("model.safetensors").exists().then_some(dir)
    }

    #[test]
    fn shipped_contextual_model_has_the_context_training_settings() {
        let model = CasieModel::shipped_contextual().expect("models/casie-minilm.bin is valid");
        let config = TrainConfig::with_context();
        assert!(model.needs_encoder());
        assert_eq!(model.config(), &config.model);
        assert_eq!(model.trigger_o_bias, config.trigger_o_bias);
        assert_eq!(model.arg_o_bias, config.arg_o_bias);
        // Without an encoder it refuses rather than running without its features.
        assert!(load_model(None, None).is_ok_and(|m| !m.needs_encoder()));
        assert!(model.extract("Hackers stole data.").is_err());
    }

    #[test]
    fn shipped_contextual_model_keeps_its_dev_scores() {
        let dir = casie_dir();
        let Some(encoder) = encoder_dir() else {
            eprintln!(
                "\n*** SKIPPED shipped_contextual_model_keeps_its_dev_scores: no MiniLM weights \
                 (run scripts/fetch_minilm.sh or set DOSSIER_ENCODER) ***\n"
            );
            return;
        };
        if !dir.join("dev.txt").exists() {
            eprintln!(
                "\n*** SKIPPED shipped_contextual_model_keeps_its_dev_scores: CASIE not found \
                 at {} ***\n",
                dir.display()
            );
            return;
        }
        let model = load_model(None, Some(&encoder)).expect("contextual model and encoder");
        assert!(model.needs_encoder());
        let scores = evaluate_casie(&model, &dir.join("annotation"), &dir.join("dev.txt"))
            .expect("dev split readable");
        println!("{scores}");
        assert_eq!(scores.documents, 149);
        let (t, a) = (scores.trigger_c.f1(), scores.argument_c.f1());
        assert!(t >= RECORDED_TRIGGER_C_F1 - 0.02, "trigger-C F1 {t:.3}");
        assert!(a >= RECORDED_ARGUMENT_C_F1 - 0.02, "argument-C F1 {a:.3}");
    }
}
