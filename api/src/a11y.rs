//! Accessibility and language preferences. Kept on the device before login and in the
//! person's profile after login, so they follow the person to another device.

use serde::{Deserialize, Serialize};

/// Text size, in percent of the browser's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TextSize {
    #[default]
    #[serde(rename = "100")]
    Normal,
    #[serde(rename = "125")]
    Large,
    #[serde(rename = "150")]
    Larger,
    #[serde(rename = "200")]
    Largest,
}

impl TextSize {
    pub const ALL: [TextSize; 4] = [
        TextSize::Normal,
        TextSize::Large,
        TextSize::Larger,
        TextSize::Largest,
    ];

    pub fn percent(self) -> u16 {
        match self {
            TextSize::Normal => 100,
            TextSize::Large => 125,
            TextSize::Larger => 150,
            TextSize::Largest => 200,
        }
    }
}

/// Colour theme. `auto` follows the device (`prefers-color-scheme`, `prefers-contrast`,
/// `forced-colors`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
    /// At least 7:1 text contrast.
    HighContrast,
}

impl Theme {
    pub const ALL: [Theme; 4] = [Theme::Auto, Theme::Light, Theme::Dark, Theme::HighContrast];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::HighContrast => "high_contrast",
        }
    }
}

/// Motion. `auto` follows the device (`prefers-reduced-motion`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Motion {
    #[default]
    Auto,
    Reduce,
}

/// Languages of the user interface.
pub const LANGUAGES: [&str; 4] = ["sv", "en", "fi", "ar"];

/// The person's accessibility and language preferences. Every field has a default, so an
/// older or partial document still reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AccessibilityPrefs {
    pub text_size: TextSize,
    pub theme: Theme,
    pub motion: Motion,
    /// Increased line, paragraph, letter and word spacing (WCAG 1.4.12 values).
    pub text_spacing: bool,
    /// A plainer, more readable font with clearer letter shapes.
    pub readable_font: bool,
    /// Guidance texts in easy-to-read Swedish (lättläst).
    pub easy_read: bool,
    /// Interface language: `sv`, `en`, `fi` or `ar`; absent means the device's choice.
    #[cfg_attr(feature = "openapi", schema(pattern = "^(sv|en|fi|ar)$"))]
    pub language: Option<String>,
}

impl AccessibilityPrefs {
    /// Check what serde cannot: the language tag.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        match self.language.as_deref() {
            Some(l) if !LANGUAGES.contains(&l) => Err(vec![crate::FieldError {
                field: "language".into(),
                code: crate::FieldErrorCode::InvalidValue,
            }]),
            _ => Ok(()),
        }
    }
}

/// `GET`/`PUT /api/me/accessibility`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredAccessibilityPrefs {
    /// Absent when the person has never saved any: the device's choices then apply.
    pub prefs: Option<AccessibilityPrefs>,
    /// RFC 3339.
    pub updated_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_format_and_defaults() {
        let p = AccessibilityPrefs {
            text_size: TextSize::Largest,
            theme: Theme::HighContrast,
            ..Default::default()
        };
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["text_size"], "200");
        assert_eq!(json["theme"], "high_contrast");
        assert_eq!(json["motion"], "auto");
        let partial: AccessibilityPrefs = serde_json::from_str(r#"{"theme":"dark"}"#).unwrap();
        assert_eq!(partial.theme, Theme::Dark);
        assert_eq!(partial.text_size, TextSize::Normal);
        assert!(serde_json::from_str::<AccessibilityPrefs>(r#"{"text_size":"300"}"#).is_err());
        assert!(AccessibilityPrefs {
            language: Some("xx".into()),
            ..Default::default()
        }
        .validate()
        .is_err());
        assert!(AccessibilityPrefs {
            language: Some("ar".into()),
            ..Default::default()
        }
        .validate()
        .is_ok());
    }
}
