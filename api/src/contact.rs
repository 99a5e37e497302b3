//! Validation and normalisation of contact details the person controls (e-mail, mobile number).
//! Used by the SPA for immediate feedback and again by the server, which never trusts the client.

use crate::FieldErrorCode;

/// Longest e-mail address we accept (RFC 5321 path limit).
pub const EMAIL_MAX_LEN: usize = 254;
/// Longest mobile number we accept, separators included.
pub const MOBILE_MAX_LEN: usize = 32;

/// Normalise and validate an e-mail address. Returns the address trimmed, with the domain
/// lower-cased.
pub fn normalize_email(input: &str) -> Result<String, FieldErrorCode> {
    let s = input.trim();
    if s.is_empty() {
        return Err(FieldErrorCode::Required);
    }
    if s.chars().count() > EMAIL_MAX_LEN {
        return Err(FieldErrorCode::TooLong);
    }
    let (local, domain) = s.rsplit_once('@').ok_or(FieldErrorCode::InvalidEmail)?;
    if local.is_empty() || local.len() > 64 || local.contains('@') {
        return Err(FieldErrorCode::InvalidEmail);
    }
    let local_ok = local
        .chars()
        .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    if !local_ok {
        return Err(FieldErrorCode::InvalidEmail);
    }
    let domain = domain.to_lowercase();
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err(FieldErrorCode::InvalidEmail);
    }
    for label in &labels {
        let valid = !label.is_empty()
            && label.chars().count() <= 63
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !valid {
            return Err(FieldErrorCode::InvalidEmail);
        }
    }
    // The top-level domain is never all digits.
    if labels
        .last()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(FieldErrorCode::InvalidEmail);
    }
    Ok(format!("{local}@{domain}"))
}

/// Normalise and validate a mobile phone number to E.164 (`+46701234567`).
///
/// Accepts Swedish national form (`070-123 45 67`, `0701234567`), `+46`/`0046` prefixes and
/// other international numbers in `+<country code><number>` form. Spaces, hyphens, dots and
/// parentheses are allowed as separators.
pub fn normalize_mobile(input: &str) -> Result<String, FieldErrorCode> {
    let s = input.trim();
    if s.is_empty() {
        return Err(FieldErrorCode::Required);
    }
    if s.chars().count() > MOBILE_MAX_LEN {
        return Err(FieldErrorCode::TooLong);
    }
    let mut plus = false;
    let mut digits = String::new();
    for (i, c) in s.chars().enumerate() {
        match c {
            '+' if i == 0 => plus = true,
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(FieldErrorCode::InvalidPhone),
        }
    }
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        // Swedish national number.
        format!("46{rest}")
    } else {
        return Err(FieldErrorCode::InvalidPhone);
    };
    if let Some(national) = international.strip_prefix("46") {
        // Swedish mobile numbers: 7X followed by 7 digits (070, 072, 073, 076, 079).
        let national = national.strip_prefix('0').unwrap_or(national);
        let valid = national.len() == 9
            && national.starts_with('7')
            && matches!(national.as_bytes()[1], b'0' | b'2' | b'3' | b'6' | b'9');
        if !valid {
            return Err(FieldErrorCode::InvalidPhone);
        }
        return Ok(format!("+46{national}"));
    }
    // Other countries: E.164 allows at most 15 digits; the country code never starts with 0.
    if international.len() < 8 || international.len() > 15 || international.starts_with('0') {
        return Err(FieldErrorCode::InvalidPhone);
    }
    Ok(format!("+{international}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            normalize_email(" Anna.Svensson@Example.SE "),
            Ok("Anna.Svensson@example.se".into())
        );
        assert_eq!(
            normalize_email("a+tag@sub.example.com"),
            Ok("a+tag@sub.example.com".into())
        );
        assert_eq!(
            normalize_email("åsa@exempel.se"),
            Ok("åsa@exempel.se".into())
        );
        assert_eq!(normalize_email(""), Err(FieldErrorCode::Required));
        for bad in [
            "anna",
            "anna@",
            "@example.se",
            "anna@example",
            "anna@@example.se",
            "an na@example.se",
            "anna@exa mple.se",
            ".anna@example.se",
            "anna..s@example.se",
            "anna@-example.se",
            "anna@example.123",
            "anna@example..se",
            "<script>@example.se",
        ] {
            assert_eq!(
                normalize_email(bad),
                Err(FieldErrorCode::InvalidEmail),
                "{bad}"
            );
        }
        let long = format!("{}@example.se", "a".repeat(250));
        assert_eq!(normalize_email(&long), Err(FieldErrorCode::TooLong));
    }

    #[test]
    fn mobiles() {
        for ok in [
            "070-123 45 67",
            "0701234567",
            "+46701234567",
            "+46 (0)70 123 45 67",
            "0046701234567",
            "073.123.45.67",
        ] {
            let expected = if ok.starts_with("073") {
                "+46731234567"
            } else {
                "+46701234567"
            };
            assert_eq!(normalize_mobile(ok), Ok(expected.into()), "{ok}");
        }
        assert_eq!(normalize_mobile("+47 912 34 567"), Ok("+4791234567".into()));
        assert_eq!(normalize_mobile(""), Err(FieldErrorCode::Required));
        for bad in [
            "08-123 456 78",
            "0701234",
            "07012345678",
            "abc",
            "070 123 45 6x",
            "123456789",
            "+46 8 123 456",
            "+0123456789",
            "+1234",
            "+1234567890123456",
        ] {
            assert_eq!(
                normalize_mobile(bad),
                Err(FieldErrorCode::InvalidPhone),
                "{bad}"
            );
        }
        assert_eq!(
            normalize_mobile(&"1".repeat(40)),
            Err(FieldErrorCode::TooLong)
        );
    }
}
