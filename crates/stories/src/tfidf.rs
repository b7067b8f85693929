//! TF-IDF vectors of article texts and their cosine similarity: the fast default measure
//! of how alike two articles' wording is (and, over entity ids, of what they name).
//!
//! Terms are lower-cased words of letters and digits, at least three long, less the
//! commonest English function words. Weights are `(1 + ln tf) · ln(1 + N / df)`, vectors
//! are L2-normalised and sparse (sorted term ids), so a cosine is one merge of two lists.

use std::collections::HashMap;

/// Function words that every article shares.
const STOP: &[&str] = &[
    "the", "and", "for", "that", "with", "this", "from", "was", "were", "are", "has", "have",
    "had", "its", "his", "her", "their", "they", "said", "says", "which", "who", "not", "but",
    "been", "also", "will", "would", "can", "could", "after", "about", "into", "than", "more",
    "other", "some", "such", "when", "where", "what", "there", "these", "those", "over", "one",
    "two", "new", "all", "any", "our", "out", "you", "she", "him", "them", "may",
];

/// A sparse, unit-length vector: (term id, weight), sorted by term id.
pub type Vector = Vec<(u32, f32)>;

/// The TF-IDF vectors of a set of texts (same order as given).
pub fn vectors<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<Vector> {
    weigh(texts.into_iter().map(terms))
}

/// TF-IDF vectors of bags of terms (each term once per occurrence), same order as given:
/// words of texts, or the ids of the entities an article mentions.
pub fn weigh<T, I>(bags: impl IntoIterator<Item = I>) -> Vec<Vector>
where
    T: AsRef<str>,
    I: IntoIterator<Item = T>,
{
    let mut ids: HashMap<String, u32> = HashMap::new();
    let counts: Vec<HashMap<u32, u32>> = bags
        .into_iter()
        .map(|bag| {
            let mut tf: HashMap<u32, u32> = HashMap::new();
            for term in bag {
                let next = ids.len() as u32;
                let id = match ids.get(term.as_ref()) {
                    Some(&id) => id,
                    None => *ids.entry(term.as_ref().to_string()).or_insert(next),
                };
                *tf.entry(id).or_default() += 1;
            }
            tf
        })
        .collect();
    let mut df = vec![0u32; ids.len()];
    counts
        .iter()
        .flat_map(|tf| tf.keys())
        .for_each(|&t| df[t as usize] += 1);
    let n = counts.len().max(1) as f32;
    counts
        .into_iter()
        .map(|tf| {
            let mut v: Vector = tf
                .into_iter()
                .map(|(t, c)| {
                    // +1 keeps a term shared by every text from vanishing in a tiny corpus.
                    let idf = (1.0 + n / df[t as usize] as f32).ln();
                    (t, (1.0 + (c as f32).ln()) * idf)
                })
                .collect();
            v.sort_unstable_by_key(|&(t, _)| t);
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            v
        })
        .collect()
}

/// Cosine similarity of two unit vectors, 0–1.
pub fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += f64::from(a[i].1) * f64::from(b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    dot.clamp(0.0, 1.0)
}

/// The terms of a text.
fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_rare_words_make_texts_alike() {
        let v = vectors([
            "Hackers breached the port authority of Rotterdam and stole shipping manifests.",
            "The Rotterdam port authority says hackers stole its shipping manifests.",
            "A phishing wave imitated a payroll office to steal hospital passwords.",
        ]);
        let same = cosine(&v[0], &v[1]);
        let other = cosine(&v[0], &v[2]);
        assert!(same > 0.4, "{same}");
        assert!(other < 0.1, "{other}");
        assert!((cosine(&v[2], &v[2]) - 1.0).abs() < 1e-5);
    }

    #[test]
    fn bags_of_ids_weigh_rare_ids_more() {
        let v = weigh([
            vec!["country:cn", "actor:volt-typhoon"],
            vec!["country:cn", "actor:volt-typhoon"],
            vec!["country:cn", "company:acme"],
            vec!["country:cn", "company:acme"],
        ]);
        // Shared rare ids make two bags alike; a common id alone does little.
        assert!(cosine(&v[0], &v[1]) > 0.99);
        assert!(cosine(&v[0], &v[2]) < 0.3, "{}", cosine(&v[0], &v[2]));
    }
}
