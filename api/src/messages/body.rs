//! Message bodies: a tiny, safe plain-text markup parsed into blocks, never HTML.

use serde::{Deserialize, Serialize};

/// One block of a message body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BodyBlock {
    /// A paragraph; `lines` are the lines of the paragraph (rendered with line breaks).
    Paragraph { lines: Vec<String> },
    /// A sub-heading (rendered one level below the message subject).
    Heading { text: String },
    /// A bullet list.
    BulletList { items: Vec<String> },
    /// A numbered list.
    NumberedList { items: Vec<String> },
}

/// Parse the plain-text body markup into blocks. Anything that looks like HTML stays text.
///
/// - blank lines separate blocks;
/// - a line starting with `## ` (or `# `) is a heading;
/// - consecutive lines starting with `- ` or `* ` form a bullet list;
/// - consecutive lines starting with `<number>. ` form a numbered list;
/// - other consecutive lines form a paragraph.
pub fn parse_body(text: &str) -> Vec<BodyBlock> {
    fn bullet(line: &str) -> Option<&str> {
        line.strip_prefix("- ").or_else(|| line.strip_prefix("* "))
    }
    fn numbered(line: &str) -> Option<&str> {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        line[digits..].strip_prefix(". ")
    }
    fn heading(line: &str) -> Option<&str> {
        line.strip_prefix("## ").or_else(|| line.strip_prefix("# "))
    }

    let mut blocks = Vec::new();
    let mut current: Option<BodyBlock> = None;
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    for raw in normalized.split('\n') {
        let line = raw.trim();
        if line.is_empty() {
            blocks.extend(current.take());
            continue;
        }
        if let Some(h) = heading(line) {
            blocks.extend(current.take());
            blocks.push(BodyBlock::Heading {
                text: h.trim().to_string(),
            });
            continue;
        }
        if let Some(item) = bullet(line) {
            match &mut current {
                Some(BodyBlock::BulletList { items }) => items.push(item.trim().to_string()),
                _ => {
                    blocks.extend(current.take());
                    current = Some(BodyBlock::BulletList {
                        items: vec![item.trim().to_string()],
                    });
                }
            }
            continue;
        }
        if let Some(item) = numbered(line) {
            match &mut current {
                Some(BodyBlock::NumberedList { items }) => items.push(item.trim().to_string()),
                _ => {
                    blocks.extend(current.take());
                    current = Some(BodyBlock::NumberedList {
                        items: vec![item.trim().to_string()],
                    });
                }
            }
            continue;
        }
        match &mut current {
            Some(BodyBlock::Paragraph { lines }) => lines.push(line.to_string()),
            _ => {
                blocks.extend(current.take());
                current = Some(BodyBlock::Paragraph {
                    lines: vec![line.to_string()],
                });
            }
        }
    }
    blocks.extend(current);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_markup_becomes_blocks_and_html_stays_text() {
        let blocks = parse_body(
            "Hej!\r\nVi behöver mer.\n\n## Vad vi behöver\n- Lönebesked\n- Hyresavtal\n\n1. Logga in\n2. Skicka\n\n<script>alert(1)</script>",
        );
        assert_eq!(
            blocks,
            vec![
                BodyBlock::Paragraph {
                    lines: vec!["Hej!".into(), "Vi behöver mer.".into()]
                },
                BodyBlock::Heading {
                    text: "Vad vi behöver".into()
                },
                BodyBlock::BulletList {
                    items: vec!["Lönebesked".into(), "Hyresavtal".into()]
                },
                BodyBlock::NumberedList {
                    items: vec!["Logga in".into(), "Skicka".into()]
                },
                BodyBlock::Paragraph {
                    lines: vec!["<script>alert(1)</script>".into()]
                },
            ]
        );
        assert!(parse_body("  \n\n ").is_empty());
        // "2026. " is not a list item (more than 3 digits).
        assert!(matches!(
            &parse_body("2026. Året")[0],
            BodyBlock::Paragraph { .. }
        ));
    }
}
