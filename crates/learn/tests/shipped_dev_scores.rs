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
const RECORDED_TRIGGER_C_F1: f64 = 0.637;
const RECORDED_ARGUMENT_C_F1: f64 = 0.481;

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
