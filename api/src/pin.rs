//! Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).
//!
//! Accepted input forms (white space around the value is ignored):
//! - 12 digits: `YYYYMMDDNNNC` or `YYYYMMDD-NNNC`
//! - 10 digits: `YYMMDDNNNC`, `YYMMDD-NNNC`, or `YYMMDD+NNNC` (the `+` marks a person aged 100 or more)
//!
//! A coordination number has 60 added to the day of birth. The last digit `C` is a Luhn
//! (mod 10) check digit computed over the 10-digit form `YYMMDDNNN`.
//!
//! The canonical form, used for storage and in the API, is the 12-digit form `YYYYMMDDNNNC`.

use core::fmt;

/// Why a personal identity number was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinError {
    /// Nothing was given.
    Empty,
    /// Wrong number of digits or unexpected characters.
    Format,
    /// The date part is not a real date (coordination offset taken into account).
    Date,
    /// The Luhn check digit does not match.
    Checksum,
    /// The date of birth lies in the future.
    Future,
}

impl fmt::Display for PinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PinError::Empty => "empty personal identity number",
            PinError::Format => "personal identity number has the wrong format",
            PinError::Date => "personal identity number has an invalid date",
            PinError::Checksum => "personal identity number has a wrong check digit",
            PinError::Future => "personal identity number has a birth date in the future",
        })
    }
}

/// A validated Swedish personal identity number or coordination number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonalIdentityNumber {
    year: u16,
    month: u8,
    /// Day as written, i.e. including the +60 offset for coordination numbers.
    day: u8,
    serial: u16,
    check: u8,
}

/// A calendar date used as the reference "today" when a 10-digit number needs its century.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Ymd {
    pub const fn new(year: u16, month: u8, day: u8) -> Self {
        Self { year, month, day }
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

pub(crate) fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Luhn checksum digit for the nine digits `YYMMDDNNN`.
fn luhn_check_digit(digits: &[u8; 9]) -> u8 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let v = if i % 2 == 0 { d as u32 * 2 } else { d as u32 };
            if v > 9 {
                v - 9
            } else {
                v
            }
        })
        .sum();
    ((10 - (sum % 10)) % 10) as u8
}

impl PersonalIdentityNumber {
    /// Parse any accepted form. `today` is needed to find the century of a 10-digit number.
    pub fn parse(input: &str, today: Ymd) -> Result<Self, PinError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(PinError::Empty);
        }
        let mut digits: Vec<u8> = Vec::with_capacity(12);
        let mut separator: Option<(usize, char)> = None;
        for c in s.chars() {
            match c {
                '0'..='9' => digits.push(c as u8 - b'0'),
                '-' | '+' if separator.is_none() => separator = Some((digits.len(), c)),
                _ => return Err(PinError::Format),
            }
        }
        let (year, rest): (u16, &[u8]) = match digits.len() {
            12 => {
                if let Some((pos, sep)) = separator {
                    if pos != 8 || sep != '-' {
                        return Err(PinError::Format);
                    }
                }
                let y = digits[..4].iter().fold(0u16, |a, &d| a * 10 + d as u16);
                (y, &digits[2..])
            }
            10 => {
                let plus = match separator {
                    None => false,
                    Some((6, '-')) => false,
                    Some((6, '+')) => true,
                    Some(_) => return Err(PinError::Format),
                };
                let yy = (digits[0] * 10 + digits[1]) as u16;
                let mut year = (today.year / 100) * 100 + yy;
                // Born in a later year than this one (or later this year): last century.
                let month = digits[2] * 10 + digits[3];
                let day = (digits[4] * 10 + digits[5]) % 60;
                if Ymd::new(year, month, day) > today {
                    year -= 100;
                }
                if plus {
                    year -= 100;
                }
                (year, &digits[..])
            }
            _ => return Err(PinError::Format),
        };
        let month = rest[2] * 10 + rest[3];
        let day = rest[4] * 10 + rest[5];
        let real_day = if day > 60 { day - 60 } else { day };
        if !(1..=12).contains(&month) || real_day == 0 || real_day > days_in_month(year, month) {
            return Err(PinError::Date);
        }
        let serial = rest[6] as u16 * 100 + rest[7] as u16 * 10 + rest[8] as u16;
        let check = rest[9];
        let mut nine = [0u8; 9];
        nine.copy_from_slice(&rest[..9]);
        if luhn_check_digit(&nine) != check {
            return Err(PinError::Checksum);
        }
        if Ymd::new(year, month, real_day) > today {
            return Err(PinError::Future);
        }
        Ok(Self {
            year,
            month,
            day,
            serial,
            check,
        })
    }

    /// Parse the canonical 12-digit form without a reference date (used for stored values).
    pub fn parse_canonical(input: &str) -> Result<Self, PinError> {
        let s = input.trim();
        if s.len() != 12 && !(s.len() == 13 && s.as_bytes()[8] == b'-') {
            return Err(PinError::Format);
        }
        // A far-future reference date accepts every 12-digit number's date.
        Self::parse(s, Ymd::new(9999, 12, 31))
    }

    /// True for a coordination number (samordningsnummer).
    pub fn is_coordination_number(&self) -> bool {
        self.day > 60
    }

    /// Date of birth (for a coordination number, with the +60 offset removed).
    pub fn birth_date(&self) -> Ymd {
        let d = if self.day > 60 {
            self.day - 60
        } else {
            self.day
        };
        Ymd::new(self.year, self.month, d)
    }

    /// The canonical 12-digit form `YYYYMMDDNNNC`.
    pub fn canonical(&self) -> String {
        format!(
            "{:04}{:02}{:02}{:03}{}",
            self.year, self.month, self.day, self.serial, self.check
        )
    }

    /// Display form `YYYYMMDD-NNNC`.
    pub fn display(&self) -> String {
        format!(
            "{:04}{:02}{:02}-{:03}{}",
            self.year, self.month, self.day, self.serial, self.check
        )
    }
}

impl fmt::Display for PersonalIdentityNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// Format a canonical 12-digit number for display (`YYYYMMDD-NNNC`); other input is returned as is.
pub fn display_pin(canonical: &str) -> String {
    match PersonalIdentityNumber::parse_canonical(canonical) {
        Ok(p) => p.display(),
        Err(_) => canonical.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Ymd = Ymd::new(2026, 11, 23);

    fn ok(s: &str) -> String {
        PersonalIdentityNumber::parse(s, TODAY)
            .map(|p| p.canonical())
            .unwrap()
    }

    fn err(s: &str) -> PinError {
        PersonalIdentityNumber::parse(s, TODAY).unwrap_err()
    }

    #[test]
    fn accepts_all_forms_of_the_same_number() {
        for s in [
            "198112189876",
            "19811218-9876",
            "8112189876",
            "811218-9876",
            " 811218-9876 ",
        ] {
            assert_eq!(ok(s), "198112189876", "input {s:?}");
        }
    }

    #[test]
    fn luhn_check_digit_is_verified() {
        assert_eq!(err("811218-9875"), PinError::Checksum);
        assert_eq!(err("19811218-9877"), PinError::Checksum);
        // Known valid test numbers from the tax agency's published test series.
        assert_eq!(ok("19121212-1212"), "191212121212");
        assert_eq!(ok("194910112392"), "194910112392");
    }

    #[test]
    fn plus_sign_means_hundred_years_or_older() {
        assert_eq!(ok("121212+1212"), "191212121212");
        assert_eq!(ok("121212-1212"), "201212121212");
    }

    #[test]
    fn ten_digit_century_uses_reference_date() {
        // Born 1999 (a later two-digit year than today's 26 means last century).
        assert_eq!(ok("990101-0000"), "199901010000");
        // 2026-11-24 is tomorrow relative to TODAY: must be 1926.
        let p = PersonalIdentityNumber::parse("261124-0009", TODAY).map(|p| p.canonical());
        assert_eq!(p, Ok("192611240009".to_string()));
    }

    #[test]
    fn coordination_numbers() {
        let p = PersonalIdentityNumber::parse("701063-2391", TODAY).unwrap();
        assert!(p.is_coordination_number());
        assert_eq!(p.birth_date(), Ymd::new(1970, 10, 3));
        assert_eq!(p.canonical(), "197010632391");
        // Day 63 is fine for a coordination number, day 93 is not.
        assert_eq!(err("701093-2398"), PinError::Date);
    }

    #[test]
    fn rejects_bad_dates() {
        assert_eq!(err("19810230-1234"), PinError::Date);
        assert_eq!(err("19811318-9876"), PinError::Date);
        assert_eq!(err("19810000-1234"), PinError::Date);
        // 29 February only in leap years.
        assert_eq!(ok("20000229-0005"), "200002290005");
        assert_eq!(err("19000229-0001"), PinError::Date);
    }

    #[test]
    fn rejects_bad_formats() {
        assert_eq!(err(""), PinError::Empty);
        assert_eq!(err("   "), PinError::Empty);
        assert_eq!(err("abc"), PinError::Format);
        assert_eq!(err("8112189876x"), PinError::Format);
        assert_eq!(err("81121-89876"), PinError::Format);
        assert_eq!(err("1981121-89876"), PinError::Format);
        assert_eq!(err("19811218+9876"), PinError::Format);
        assert_eq!(err("811218--9876"), PinError::Format);
        assert_eq!(err("81121898761"), PinError::Format);
        assert_eq!(err("١٩٨١١٢١٨٩٨٧٦"), PinError::Format);
    }

    #[test]
    fn rejects_future_birth_dates() {
        assert_eq!(err("20301212-1210"), PinError::Future);
    }

    #[test]
    fn canonical_round_trip() {
        let p = PersonalIdentityNumber::parse_canonical("198112189876").unwrap();
        assert_eq!(p.display(), "19811218-9876");
        assert_eq!(display_pin("198112189876"), "19811218-9876");
        assert_eq!(display_pin("nonsense"), "nonsense");
        assert!(PersonalIdentityNumber::parse_canonical("8112189876").is_err());
    }
}
