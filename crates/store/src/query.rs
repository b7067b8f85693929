//! Turning a user's search query into an FTS5 match expression.
//!
//! FTS5's own syntax rejects ordinary words such as `volt-typhoon`, `CVE-2023-1234` or
//! `U.S.`, so every word is quoted as a phrase before it reaches SQLite. What stays
//! syntax is what a user means as syntax: `"phrases"`, a trailing `*`, the operators
//! `AND`/`OR`/`NOT`, parentheses and the `title:`/`text:` field filters.

/// The columns of the full-text index a query may filter on.
const COLUMNS: &[&str] = &["title", "text"];

/// The FTS5 expression for a user query, or what is wrong with it.
pub(crate) fn fts_expression(query: &str) -> Result<String, String> {
    let mut parts: Vec<String> = Vec::new();
    let mut has_term = false;
    let mut rest = query;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
        } else if c == '(' || c == ')' {
            parts.push(c.to_string());
            rest = &rest[1..];
        } else if c == '"' {
            let body = &rest[1..];
            let close = body
                .find('"')
                .ok_or("unterminated phrase: close it with a second \"")?;
            let mut phrase = quoted(&body[..close]);
            rest = &body[close + 1..];
            if let Some(after) = rest.strip_prefix('*') {
                phrase.push('*');
                rest = after;
            }
            has_term |= has_word_chars(&body[..close]);
            parts.push(phrase);
        } else {
            let end = rest
                .find(|ch: char| ch.is_whitespace() || matches!(ch, '(' | ')' | '"'))
                .unwrap_or(rest.len());
            let word = &rest[..end];
            rest = &rest[end..];
            if let Some(part) = word_expression(word) {
                has_term |= !matches!(part.as_str(), "AND" | "OR" | "NOT") && !part.ends_with(':');
                parts.push(part);
            }
        }
    }
    if has_term {
        Ok(parts.join(" "))
    } else {
        Err("the query has no words to search for".into())
    }
}

/// One bare word as FTS5 syntax: an operator, a field filter, a prefix or a quoted term.
/// `None` for a word with nothing to search for (lone punctuation).
fn word_expression(word: &str) -> Option<String> {
    if matches!(word, "AND" | "OR" | "NOT") {
        return Some(word.to_string());
    }
    if let Some((column, term)) = word.split_once(':')
        && COLUMNS.contains(&column.to_lowercase().as_str())
    {
        let column = column.to_lowercase();
        // `title:` alone filters the phrase or group that follows it.
        return if term.is_empty() {
            Some(format!("{column}:"))
        } else {
            word_expression(term).map(|t| format!("{column}: {t}"))
        };
    }
    let (stem, prefix) = match word.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (word, false),
    };
    if !has_word_chars(stem) {
        return None;
    }
    let mut term = quoted(stem);
    if prefix {
        term.push('*');
    }
    Some(term)
}

/// `text` as an FTS5 string literal (a doubled quote stands for a quote).
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// True when the text holds something the tokenizer indexes.
fn has_word_chars(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_so_punctuation_is_literal() {
        assert_eq!(
            fts_expression("volt-typhoon CVE-2023-27997").as_deref(),
            Ok("\"volt-typhoon\" \"CVE-2023-27997\"")
        );
    }

    #[test]
    fn syntax_the_user_means_is_kept() {
        assert_eq!(
            fts_expression("(china OR russia) AND \"power grid\" sanction*").as_deref(),
            Ok("( \"china\" OR \"russia\" ) AND \"power grid\" \"sanction\"*")
        );
        assert_eq!(
            fts_expression("title:Coathanger text:\"fake story\"").as_deref(),
            Ok("title: \"Coathanger\" text: \"fake story\"")
        );
    }

    #[test]
    fn unusable_queries_say_why() {
        assert!(fts_expression("\"open phrase").is_err_and(|m| m.contains("unterminated")));
        assert!(fts_expression("  - ... ").is_err_and(|m| m.contains("no words")));
        assert!(fts_expression("AND OR").is_err());
    }
}
