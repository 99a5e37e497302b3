//! The texts of notices and verification codes, in the person's letter language.
//!
//! A notice says only that something new is waiting in Min sida and where to log in: never
//! the subject, the sender's text or anything else of the message, because e-mail and SMS
//! are neither confidential nor reliably delivered to the right person. Codes say what they
//! are for, how long they are valid and what to do if the person did not ask for one.
//!
//! The texts are `locales/<language>/notices.ftl` (Fluent), checked and compiled in by
//! `build.rs`; every letter language has every text.

use minsida_api::channels::{LetterLanguage, VerifyTarget};
use minsida_i18n::{fill, Arg, Pattern};

mod generated {
    #![allow(dead_code, clippy::enum_variant_names)]
    use minsida_i18n::Pattern;
    include!(concat!(env!("OUT_DIR"), "/notices.rs"));
}
use generated::{Fmt, Key};

/// Subject and plain-text body of an e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailText {
    pub subject: String,
    pub body: String,
}

fn text(lang: LetterLanguage, key: Key) -> String {
    let own = match lang {
        LetterLanguage::Sv => None,
        LetterLanguage::En => generated::text_en(key),
        LetterLanguage::Fi => generated::text_fi(key),
        LetterLanguage::Ar => generated::text_ar(key),
    };
    own.unwrap_or_else(|| generated::text_sv(key)).to_string()
}

fn format(lang: LetterLanguage, fmt: Fmt, args: &[(&str, Arg<'_>)]) -> String {
    let own: Option<Pattern> = match lang {
        LetterLanguage::Sv => None,
        LetterLanguage::En => generated::format_en(fmt),
        LetterLanguage::Fi => generated::format_fi(fmt),
        LetterLanguage::Ar => generated::format_ar(fmt),
    };
    fill(
        lang.as_str(),
        own.unwrap_or_else(|| generated::format_sv(fmt)),
        args,
    )
}

/// An e-mail body ends with a line break, as plain-text mail does.
fn body(text: String) -> String {
    text + "\n"
}

/// E-mail notice of a new message. `url` is the service's public address.
pub fn new_message_email(lang: LetterLanguage, url: &str) -> MailText {
    MailText {
        subject: text(lang, Key::NewMessageEmailSubject),
        body: body(format(
            lang,
            Fmt::NewMessageEmailBody,
            &[("url", url.into())],
        )),
    }
}

/// SMS notice of a new message.
pub fn new_message_sms(lang: LetterLanguage, url: &str) -> String {
    format(lang, Fmt::NewMessageSms, &[("url", url.into())])
}

/// E-mail with a one-time code that verifies the e-mail address.
pub fn code_email(lang: LetterLanguage, code: &str, valid_minutes: i64) -> MailText {
    let args = [("code", code.into()), ("minutes", valid_minutes.into())];
    MailText {
        subject: text(lang, Key::CodeEmailSubject),
        body: body(format(lang, Fmt::CodeEmailBody, &args)),
    }
}

/// SMS with a one-time code that verifies the mobile number.
pub fn code_sms(lang: LetterLanguage, code: &str, valid_minutes: i64) -> String {
    format(
        lang,
        Fmt::CodeSms,
        &[("code", code.into()), ("minutes", valid_minutes.into())],
    )
}

/// The texts of a code sent to `target`: e-mail subject (for e-mail) and body.
pub fn code_text(
    target: VerifyTarget,
    lang: LetterLanguage,
    code: &str,
    valid_minutes: i64,
) -> (Option<String>, String) {
    match target {
        VerifyTarget::Email => {
            let mail = code_email(lang, code, valid_minutes);
            (Some(mail.subject), mail.body)
        }
        VerifyTarget::Mobile => (None, code_sms(lang, code, valid_minutes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://minsida.example.se";

    #[test]
    fn notices_point_to_the_service_and_to_the_choices() {
        for lang in LetterLanguage::ALL {
            let mail = new_message_email(lang, URL);
            assert!(mail.body.contains(URL), "{lang:?}");
            assert!(mail.body.contains("Kontaktval"), "{lang:?}");
            let sms = new_message_sms(lang, URL);
            assert!(sms.contains(URL), "{lang:?}");
            assert!(
                sms.chars().count() < mail.body.chars().count() / 2,
                "{lang:?}: {sms}"
            );
            // Plain text: nothing a mail client could turn into markup or a disguised link.
            for text in [&mail.subject, &mail.body, &sms] {
                assert!(!text.contains('<') && !text.contains("href"), "{text}");
            }
        }
        let sv = new_message_email(LetterLanguage::Sv, URL);
        assert!(sv
            .body
            .contains("Du har fått ett nytt meddelande på Min sida."));
        assert!(sv.body.contains("aldrig vad meddelandet handlar om"));
        let en = new_message_email(LetterLanguage::En, URL);
        assert!(en.body.contains("never write what a message is about"));
        assert_ne!(sv, en);
        // Every language its own text, every paragraph kept.
        let all: Vec<MailText> = LetterLanguage::ALL
            .iter()
            .map(|&lang| new_message_email(lang, URL))
            .collect();
        for (i, a) in all.iter().enumerate() {
            assert!(a.body.matches("\n\n").count() >= 4, "{:?}", a.body);
            assert!(a.body.ends_with('\n') && !a.body.ends_with("\n\n"));
            for b in &all[i + 1..] {
                assert_ne!(a.body, b.body);
            }
        }
        assert_eq!(
            sv.body,
            "Hej!\n\nDu har fått ett nytt meddelande på Min sida. Logga in på \
             https://minsida.example.se för att läsa det.\n\nAv säkerhetsskäl skriver vi aldrig \
             vad meddelandet handlar om i e-post eller sms, och vi skickar aldrig länkar som loggar \
             in dig.\n\nDu får den här aviseringen för att du har valt det under Kontaktval på Min \
             sida. Där kan du också ändra eller stänga av aviseringarna.\n\nDet går inte att svara \
             på det här e-postmeddelandet.\n"
        );
    }

    #[test]
    fn minutes_are_counted_in_the_languages_plural() {
        assert!(code_email(LetterLanguage::Ar, "1", 2)
            .body
            .contains("دقيقتين"));
        assert!(code_email(LetterLanguage::Ar, "1", 10)
            .body
            .contains("10 دقائق"));
        assert!(code_email(LetterLanguage::Ar, "1", 15)
            .body
            .contains("15 دقيقة"));
        assert!(code_email(LetterLanguage::Fi, "1", 10)
            .body
            .contains("10 minuuttia"));
    }

    #[test]
    fn codes_carry_the_code_validity_and_a_warning() {
        for lang in LetterLanguage::ALL {
            let (subject, body) = code_text(VerifyTarget::Email, lang, "042917", 10);
            assert!(subject.is_some());
            assert!(
                body.contains("\n\n042917\n\n"),
                "{lang:?}: the code on a line of its own"
            );
            assert!(body.contains(" 10 "), "{lang:?}: {body}");
            let (subject, sms) = code_text(VerifyTarget::Mobile, lang, "042917", 10);
            assert!(subject.is_none());
            assert!(sms.contains("042917") && sms.contains(" 10 "), "{sms}");
        }
        assert!(code_sms(LetterLanguage::Sv, "1", 10).contains("bortse från"));
        assert!(code_sms(LetterLanguage::En, "1", 10).contains("did not ask"));
        assert!(code_email(LetterLanguage::Sv, "1", 10)
            .body
            .contains("bortse från"));
        assert!(code_email(LetterLanguage::En, "1", 10)
            .body
            .contains("did not ask"));
    }
}
