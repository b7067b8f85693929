//! The fixed-width incident table of `dossier incidents --format table`.

use dossier_model::incident::Incident;

/// Columns: header, width (code points), and the cell of an incident.
type Column = (&'static str, usize, fn(&Incident) -> String);

const COLUMNS: &[Column] = &[
    ("ID", 8, |i| i.id.chars().take(8).collect()),
    ("TYPE", 16, |i| i.kind.as_str().to_string()),
    ("VICTIM", 28, |i| first_name(&i.victims)),
    ("ACTOR", 20, |i| first_name(&i.actors)),
    ("FIRST", 10, |i| {
        i.first_reported.clone().unwrap_or_else(|| "-".into())
    }),
    ("ART", 3, |i| i.articles.len().to_string()),
    ("ATTR", 4, |i| i.attributions.len().to_string()),
    ("RESP", 4, |i| i.responses.len().to_string()),
];

/// The first entity's name, with "+N" when there are more.
fn first_name(entities: &[dossier_model::Entity]) -> String {
    match entities {
        [] => "-".into(),
        [only] => only.name.clone(),
        [first, rest @ ..] => format!("{} +{}", first.name, rest.len()),
    }
}

/// `text` cut or padded to exactly `width` code points; a cut ends in '…'.
fn fit(text: &str, width: usize) -> String {
    let len = text.chars().count();
    if len > width {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    } else {
        format!("{text}{}", " ".repeat(width - len))
    }
}

fn row(cells: impl Iterator<Item = String>) -> String {
    let line: Vec<String> = cells
        .zip(COLUMNS)
        .map(|(c, (_, w, _))| fit(&c, *w))
        .collect();
    line.join("  ").trim_end().to_string()
}

/// A readable fixed-width table of incidents, one line each under a header: id prefix,
/// type, victim, actor, first reported, and the numbers of articles, attributions and
/// responses. Long names are cut with '…'.
pub fn incident_table(incidents: &[Incident]) -> String {
    let mut out = row(COLUMNS.iter().map(|(h, _, _)| h.to_string()));
    out.push('\n');
    for inc in incidents {
        out.push_str(&row(COLUMNS.iter().map(|(_, _, cell)| cell(inc))));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_to_width_by_code_points() {
        assert_eq!(fit("Ministère", 5), "Mini…");
        assert_eq!(fit("NL", 4), "NL  ");
    }
}
