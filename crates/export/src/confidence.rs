//! How sure a statement is, on STIX's 0–100 confidence scale, from the hedge that
//! qualifies it.

/// Confidence of an attribution that carries no hedge: an official, unqualified
/// attribution.
pub const UNHEDGED: u8 = 75;

/// Confidence of a hedge that none of the phrases below covers.
const UNKNOWN_HEDGE: u8 = 50;

/// Phrases checked in order, the more specific first ("highly likely" before "likely").
const SCALE: &[(&str, u8)] = &[
    ("low confidence", 30),
    ("moderate confidence", 60),
    ("medium confidence", 60),
    ("high confidence", 85),
    ("uncertain", 30),
    ("almost certain", 90),
    ("near certain", 90),
    ("certain", 95),
    ("definitely", 95),
    ("no doubt", 95),
    ("highly likely", 85),
    ("very likely", 85),
    ("highly probabl", 85),
    ("unlikely", 20),
    ("likely", 65),
    ("probabl", 65),
    ("believe", 55),
    ("assess", 60),
    ("suspect", 45),
    ("suggest", 45),
    ("possibl", 35),
    ("may ", 35),
    ("might", 35),
    ("could", 35),
    ("alleg", 40),
    ("reported", 40),
    ("purported", 40),
    ("accus", 40),
    ("claim", 40),
];

/// STIX `confidence` (0–100) of an attribution with this hedge: "almost certainly" 90,
/// "with high confidence" 85, "likely" 65, "suggested" 45, "allegedly"/"reportedly" 40,
/// no hedge [`UNHEDGED`] (75), a hedge none of these covers 50.
pub fn confidence_of_hedge(hedge: Option<&str>) -> u8 {
    let Some(hedge) = hedge.map(str::trim).filter(|h| !h.is_empty()) else {
        return UNHEDGED;
    };
    // The trailing space lets "may " match "may" at the end of the hedge.
    let text = format!("{} ", hedge.to_lowercase());
    SCALE
        .iter()
        .find(|(phrase, _)| text.contains(phrase))
        .map_or(UNKNOWN_HEDGE, |&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hedges_map_to_the_documented_scale() {
        assert_eq!(confidence_of_hedge(Some("almost certainly")), 90);
        assert_eq!(confidence_of_hedge(Some("with high confidence")), 85);
        assert_eq!(confidence_of_hedge(Some("highly likely")), 85);
        assert_eq!(confidence_of_hedge(Some("likely")), 65);
        assert_eq!(confidence_of_hedge(Some("Allegedly")), 40);
        assert_eq!(confidence_of_hedge(Some("reportedly")), 40);
        assert_eq!(confidence_of_hedge(Some("suggested")), 45);
        assert_eq!(confidence_of_hedge(Some("may")), 35);
        assert_eq!(confidence_of_hedge(Some("uncertain")), 30);
        assert_eq!(confidence_of_hedge(None), UNHEDGED);
        assert_eq!(confidence_of_hedge(Some("  ")), UNHEDGED);
        assert_eq!(confidence_of_hedge(Some("in all frankness")), 50);
    }
}
