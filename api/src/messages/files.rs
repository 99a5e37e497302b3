//! The file types accepted from persons, and cleaning of file names.

use super::MAX_FILE_NAME_CHARS;

/// The file types accepted from persons, recognised by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptedFileType {
    Pdf,
    Jpeg,
    Png,
}

impl AcceptedFileType {
    /// Recognise the type from the first bytes of the content (at least 8 bytes for PNG).
    pub fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(Self::Png)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }
}

/// Clean a file name for storage and for `Content-Disposition`: the last path component,
/// control characters and characters that are unsafe in file names removed, at most
/// [`MAX_FILE_NAME_CHARS`] characters. `None` if nothing is left.
pub fn clean_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        return None;
    }
    Some(cleaned.chars().take(MAX_FILE_NAME_CHARS).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_types_are_recognised_by_content() {
        assert_eq!(
            AcceptedFileType::sniff(b"%PDF-1.7\n..."),
            Some(AcceptedFileType::Pdf)
        );
        assert_eq!(
            AcceptedFileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Some(AcceptedFileType::Jpeg)
        );
        assert_eq!(
            AcceptedFileType::sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some(AcceptedFileType::Png)
        );
        assert_eq!(
            AcceptedFileType::sniff(b"MZ\x90\x00 an exe named .pdf"),
            None
        );
        assert_eq!(AcceptedFileType::sniff(b"%PD"), None);
        assert_eq!(AcceptedFileType::sniff(b""), None);
    }

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(
            clean_file_name("C:\\Users\\a\\lön.pdf").as_deref(),
            Some("lön.pdf")
        );
        assert_eq!(
            clean_file_name("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(clean_file_name("a\"b\n.pdf").as_deref(), Some("ab.pdf"));
        assert_eq!(clean_file_name("...hidden").as_deref(), Some("hidden"));
        assert_eq!(clean_file_name("  "), None);
        assert_eq!(
            clean_file_name(&"x".repeat(300)).unwrap().chars().count(),
            MAX_FILE_NAME_CHARS
        );
    }
}
