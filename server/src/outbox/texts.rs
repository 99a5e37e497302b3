//! The texts of notices and verification codes, in the person's letter language.
//!
//! A notice says only that something new is waiting in Min sida and where to log in: never
//! the subject, the sender's text or anything else of the message, because e-mail and SMS
//! are neither confidential nor reliably delivered to the right person. Codes say what they
//! are for, how long they are valid and what to do if the person did not ask for one.

use minsida_api::channels::{LetterLanguage, VerifyTarget};

/// Subject and plain-text body of an e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailText {
    pub subject: String,
    pub body: String,
}

/// E-mail notice of a new message. `url` is the service's public address.
pub fn new_message_email(lang: LetterLanguage, url: &str) -> MailText {
    match lang {
        LetterLanguage::Sv => MailText {
            subject: "Nytt meddelande på Min sida".into(),
            body: format!(
                "Hej!\n\n\
                 Du har fått ett nytt meddelande på Min sida. Logga in på {url} för att läsa det.\n\n\
                 Av säkerhetsskäl skriver vi aldrig vad meddelandet handlar om i e-post eller sms, \
                 och vi skickar aldrig länkar som loggar in dig.\n\n\
                 Du får den här aviseringen för att du har valt det under Kontaktval på Min sida. \
                 Där kan du också ändra eller stänga av aviseringarna.\n\n\
                 Det går inte att svara på det här e-postmeddelandet.\n"
            ),
        },
        LetterLanguage::En => MailText {
            subject: "New message on Min sida".into(),
            body: format!(
                "Hello,\n\n\
                 You have received a new message on Min sida. Log in at {url} to read it.\n\n\
                 For your security we never write what a message is about in e-mail or text \
                 messages, and we never send links that log you in.\n\n\
                 You receive this notice because you chose it under Contact choices (Kontaktval) \
                 on Min sida. You can change or turn off notices there.\n\n\
                 Please do not reply to this e-mail.\n"
            ),
        },
    }
}

/// SMS notice of a new message.
pub fn new_message_sms(lang: LetterLanguage, url: &str) -> String {
    match lang {
        LetterLanguage::Sv => format!(
            "Du har fått ett nytt meddelande på Min sida. Logga in på {url} för att läsa det. \
             Aviseringar ändrar du under Kontaktval."
        ),
        LetterLanguage::En => format!(
            "You have a new message on Min sida. Log in at {url} to read it. Change notices \
             under Contact choices."
        ),
    }
}

/// E-mail with a one-time code that verifies the e-mail address.
pub fn code_email(lang: LetterLanguage, code: &str, valid_minutes: i64) -> MailText {
    match lang {
        LetterLanguage::Sv => MailText {
            subject: "Din kod för att bekräfta e-postadressen".into(),
            body: format!(
                "Hej!\n\n\
                 Din kod för att bekräfta din e-postadress på Min sida är:\n\n\
                 {code}\n\n\
                 Koden gäller i {valid_minutes} minuter. Skriv in den under Kontaktval på Min sida.\n\n\
                 Om du inte har bett om en kod kan du bortse från det här meddelandet. Ingenting \
                 ändras utan koden. Lämna aldrig ut koden till någon; vi frågar aldrig efter den.\n\n\
                 Det går inte att svara på det här e-postmeddelandet.\n"
            ),
        },
        LetterLanguage::En => MailText {
            subject: "Your code to confirm your e-mail address".into(),
            body: format!(
                "Hello,\n\n\
                 Your code to confirm your e-mail address on Min sida is:\n\n\
                 {code}\n\n\
                 The code is valid for {valid_minutes} minutes. Enter it under Contact choices \
                 (Kontaktval) on Min sida.\n\n\
                 If you did not ask for a code, you can ignore this e-mail. Nothing changes \
                 without the code. Never give the code to anyone; we never ask for it.\n\n\
                 Please do not reply to this e-mail.\n"
            ),
        },
    }
}

/// SMS with a one-time code that verifies the mobile number.
pub fn code_sms(lang: LetterLanguage, code: &str, valid_minutes: i64) -> String {
    match lang {
        LetterLanguage::Sv => format!(
            "Din kod för att bekräfta mobilnumret på Min sida: {code}. Den gäller i \
             {valid_minutes} minuter. Har du inte bett om en kod kan du bortse från sms:et. \
             Lämna aldrig ut koden."
        ),
        LetterLanguage::En => format!(
            "Your code to confirm your mobile number on Min sida: {code}. It is valid for \
             {valid_minutes} minutes. If you did not ask for a code, ignore this message. \
             Never share the code."
        ),
    }
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
            assert!(body.contains("10 min"), "{lang:?}");
            let (subject, sms) = code_text(VerifyTarget::Mobile, lang, "042917", 10);
            assert!(subject.is_none());
            assert!(sms.contains("042917") && sms.contains("10 min"), "{sms}");
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
