//! Reports how many CASIE gold spans align with the tokenizer's boundaries, and lists
//! a sample of the misaligned ones.
//!
//! `casie-align ANNOTATION_DIR SPLIT [N_EXAMPLES]`

use std::path::PathBuf;
use std::process::ExitCode;

use dossier_learn::alignment;
use dossier_learn::casie::read_split_docs;
use dossier_learn::prepare::Prepared;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(split)) = (args.first(), args.get(1)) else {
        eprintln!("usage: casie-align ANNOTATION_DIR SPLIT [N_EXAMPLES]");
        return ExitCode::from(2);
    };
    let n_examples: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(0);
    let docs = match read_split_docs(&PathBuf::from(dir), &PathBuf::from(split)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("casie-align: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (ta, t, aa, a) = alignment(&docs);
    println!(
        "triggers aligned {ta}/{t} ({:.2}%), arguments aligned {aa}/{a} ({:.2}%)",
        100.0 * ta as f64 / t.max(1) as f64,
        100.0 * aa as f64 / a.max(1) as f64
    );
    let mut shown = 0;
    for doc in &docs {
        let prep = Prepared::new(&doc.text);
        let spans = doc.events.iter().flat_map(|e| {
            std::iter::once((e.start, e.end)).chain(e.args.iter().map(|a| (a.start, a.end)))
        });
        for (s, e) in spans {
            if shown >= n_examples || prep.aligned(s, e) {
                continue;
            }
            let lo = s.saturating_sub(15);
            let hi = (e + 15).min(prep.chars.len());
            let toks: Vec<&str> = prep
                .token_range(lo, hi)
                .map(|r| prep.tokens[r].iter().map(|t| t.text.as_str()).collect())
                .unwrap_or_default();
            println!(
                "{}: [{}] in {:?}",
                doc.id,
                prep.text_of(s, e.min(prep.chars.len())),
                toks.join(" | ")
            );
            shown += 1;
        }
    }
    ExitCode::SUCCESS
}
