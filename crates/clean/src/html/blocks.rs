//! From the extractor's content HTML to text blocks: one block per paragraph, heading,
//! list item or line, with whitespace collapsed.

use scraper::{Html, Node};

/// One block of text in the extracted content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    /// The text, whitespace collapsed, never empty.
    pub text: String,
    /// True for `<h1>`–`<h6>`.
    pub heading: bool,
}

/// Tags that start and end a block of their own.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Subtrees whose text is never article text.
const SKIPPED_TAGS: &[&str] = &["script", "style", "noscript", "template", "svg", "button"];

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Split an HTML fragment into text blocks. Block elements, `<br>` and line breaks in
/// the text all end a block (the extractor writes flattened line structure as `\n`).
pub(crate) fn blocks_of(fragment: &str) -> Vec<Block> {
    let doc = Html::parse_fragment(fragment);
    let mut out = BlockWriter::default();
    // Iterative walk: (node, entering). Deep nesting cannot overflow the stack.
    let mut stack = vec![(doc.tree.root(), true)];
    while let Some((node, entering)) = stack.pop() {
        match node.value() {
            Node::Text(text) if entering => out.push_text(text),
            Node::Element(el) => {
                let tag = el.name();
                if SKIPPED_TAGS.contains(&tag) {
                    continue;
                }
                if tag == "br" {
                    out.flush();
                    continue;
                }
                let block = BLOCK_TAGS.contains(&tag);
                if block {
                    out.flush();
                    out.heading = entering && is_heading(tag);
                }
                if entering {
                    stack.push((node, false));
                    stack.extend(node.children().rev().map(|c| (c, true)));
                }
            }
            _ if entering => stack.extend(node.children().rev().map(|c| (c, true))),
            _ => {}
        }
    }
    out.flush();
    out.blocks
}

#[derive(Default)]
struct BlockWriter {
    blocks: Vec<Block>,
    current: String,
    heading: bool,
}

impl BlockWriter {
    fn push_text(&mut self, text: &str) {
        let mut lines = text.split('\n');
        if let Some(first) = lines.next() {
            self.push_words(first);
        }
        for line in lines {
            self.flush();
            self.push_words(line);
        }
    }

    /// Append with HTML whitespace rules: runs of spaces become one space.
    fn push_words(&mut self, text: &str) {
        if text.starts_with(char::is_whitespace) && !self.current.ends_with(' ') {
            self.current.push(' ');
        }
        let mut first = true;
        for word in text.split_whitespace() {
            if !first {
                self.current.push(' ');
            }
            self.current.push_str(word);
            first = false;
        }
        if !first && text.ends_with(char::is_whitespace) {
            self.current.push(' ');
        }
    }

    fn flush(&mut self) {
        let text = self.current.trim();
        if !text.is_empty() {
            self.blocks.push(Block {
                text: text.to_string(),
                heading: self.heading,
            });
        }
        self.current.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        blocks_of(html).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn paragraphs_headings_and_list_items_are_blocks() {
        let blocks = blocks_of(
            "<h2>Second  step</h2><p>One <b>bold</b>\tword.</p><ul><li>a</li><li>b</li></ul>",
        );
        let got: Vec<(&str, bool)> = blocks
            .iter()
            .map(|b| (b.text.as_str(), b.heading))
            .collect();
        assert_eq!(
            got,
            [
                ("Second step", true),
                ("One bold word.", false),
                ("a", false),
                ("b", false)
            ]
        );
    }

    #[test]
    fn line_breaks_split_blocks_and_scripts_are_skipped() {
        assert_eq!(
            texts("<p>Line one<br>Line two\nLine three<script>var x;</script></p>"),
            ["Line one", "Line two", "Line three"]
        );
    }
}
