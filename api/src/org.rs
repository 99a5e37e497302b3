//! Swedish organisation numbers (organisationsnummer).
//!
//! Accepted input: `NNNNNN-NNNC`, `NNNNNNNNNC`, or with the `16` prefix used in tax contexts
//! (`16NNNNNNNNNC`, `16NNNNNN-NNNC`). The third digit (the first of the "month" pair) is at
//! least 2, which tells a legal person's number from a personal identity number; the last
//! digit is a Luhn (mod 10) check digit over the first nine.
//!
//! The canonical form used in storage and the API is 12 digits with the `16` prefix, so that
//! parties (persons and organisations) share one 12-digit identifier space.

use core::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgNumberError {
    Empty,
    /// Wrong number of digits or unexpected characters.
    Format,
    /// Not the number of a legal person (third digit below 2).
    NotLegalPerson,
    /// The Luhn check digit does not match.
    Checksum,
}

impl fmt::Display for OrgNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OrgNumberError::Empty => "empty organisation number",
            OrgNumberError::Format => "organisation number has the wrong format",
            OrgNumberError::NotLegalPerson => "not the organisation number of a legal person",
            OrgNumberError::Checksum => "organisation number has a wrong check digit",
        })
    }
}

/// A validated organisation number (the ten significant digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgNumber([u8; 10]);

/// Luhn check digit over nine digits.
fn luhn_check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(*d) * if i % 2 == 0 { 2 } else { 1 };
            if v > 9 {
                v - 9
            } else {
                v
            }
        })
        .sum();
    ((10 - (sum % 10)) % 10) as u8
}

impl OrgNumber {
    pub fn parse(input: &str) -> Result<Self, OrgNumberError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(OrgNumberError::Empty);
        }
        let mut digits: Vec<u8> = Vec::with_capacity(12);
        let mut hyphens = 0;
        for c in s.chars() {
            match c {
                '0'..='9' => digits.push(c as u8 - b'0'),
                '-' => hyphens += 1,
                _ => return Err(OrgNumberError::Format),
            }
        }
        if hyphens > 1 {
            return Err(OrgNumberError::Format);
        }
        let ten: &[u8] = match digits.len() {
            10 => &digits,
            12 if digits[0] == 1 && digits[1] == 6 => &digits[2..],
            _ => return Err(OrgNumberError::Format),
        };
        if hyphens == 1 {
            // Only in the usual place: before the last four digits.
            let before_last_four = s.len() >= 5 && s.as_bytes()[s.len() - 5] == b'-';
            if !before_last_four {
                return Err(OrgNumberError::Format);
            }
        }
        if ten[2] < 2 {
            return Err(OrgNumberError::NotLegalPerson);
        }
        if luhn_check_digit(&ten[..9]) != ten[9] {
            return Err(OrgNumberError::Checksum);
        }
        let mut out = [0u8; 10];
        out.copy_from_slice(ten);
        Ok(OrgNumber(out))
    }

    fn ten(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// `16NNNNNNNNNC`.
    pub fn canonical(&self) -> String {
        format!("16{}", self.ten())
    }

    /// `NNNNNN-NNNC`.
    pub fn display(&self) -> String {
        let t = self.ten();
        format!("{}-{}", &t[..6], &t[6..])
    }
}

/// Whether a canonical 12-digit party identifier is an organisation's (`16` prefix).
pub fn is_org_identifier(canonical: &str) -> bool {
    canonical.len() == 12 && canonical.starts_with("16")
}

/// Display form of a canonical party identifier: `NNNNNN-NNNC` for organisations,
/// `YYYYMMDD-NNNC` for persons.
pub fn display_party_identifier(canonical: &str) -> String {
    if is_org_identifier(canonical) {
        OrgNumber::parse(canonical)
            .map(|o| o.display())
            .unwrap_or_else(|_| canonical.to_string())
    } else {
        crate::pin::display_pin(canonical)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_in_every_form() {
        // Skatteverket's own organisation number.
        for s in [
            "202100-5448",
            "2021005448",
            "16202100-5448",
            "162021005448",
            " 202100-5448 ",
        ] {
            let o = OrgNumber::parse(s).unwrap();
            assert_eq!(o.canonical(), "162021005448");
            assert_eq!(o.display(), "202100-5448");
        }
        assert_eq!(
            OrgNumber::parse("556036-0793").unwrap().display(),
            "556036-0793"
        );
    }

    #[test]
    fn invalid_numbers() {
        assert_eq!(OrgNumber::parse(""), Err(OrgNumberError::Empty));
        assert_eq!(
            OrgNumber::parse("202100-5449"),
            Err(OrgNumberError::Checksum)
        );
        assert_eq!(OrgNumber::parse("20210-05448"), Err(OrgNumberError::Format));
        assert_eq!(OrgNumber::parse("2021005448x"), Err(OrgNumberError::Format));
        assert_eq!(
            OrgNumber::parse("192021005448"),
            Err(OrgNumberError::Format),
            "12 digits need the 16 prefix"
        );
        // A personal identity number (month 12) is not an organisation number.
        assert_eq!(
            OrgNumber::parse("811218-9876"),
            Err(OrgNumberError::NotLegalPerson)
        );
        assert_eq!(display_party_identifier("162021005448"), "202100-5448");
        assert_eq!(display_party_identifier("198112189876"), "19811218-9876");
    }
}
