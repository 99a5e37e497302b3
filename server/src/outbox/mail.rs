//! Sending e-mail: over SMTP with lettre, or, without an SMTP server, as `.eml` files.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use lettre::message::header::{
    ContentTransferEncoding, ContentType, Header, HeaderName, HeaderValue,
};
use lettre::message::{Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};
use time::OffsetDateTime;

use super::SendError;
use crate::config::{Config, SmtpUrl};

/// Longest wait for any step of an SMTP conversation. Well below the outbox lease, so an
/// attempt is over (one way or the other) before its claim runs out.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(60);
/// Name of the directory in the data directory where the file mailer writes.
pub const MAIL_DIR: &str = "mail";

/// One e-mail to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail<'a> {
    /// Row in the outbox; the `Message-ID` is derived from it.
    pub outbox_id: i64,
    /// When the row was queued (unix seconds); part of the `Message-ID`.
    pub created_at: i64,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// The `Date` header.
    pub date: OffsetDateTime,
}

/// Hands e-mails over for delivery.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &OutgoingMail<'_>) -> Result<(), SendError>;
}

/// `Auto-Submitted: auto-generated` (RFC 3834): no out-of-office replies, please.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".into())
    }
}

/// The `Message-ID` of an outbox row: the same on every attempt, so a receiver that got a
/// mail whose acknowledgement was lost can recognise the repeat.
pub fn message_id(from: &Mailbox, outbox_id: i64, created_at: i64) -> String {
    format!("<notice-{outbox_id}-{created_at}@{}>", from.email.domain())
}

/// The RFC 5322 message: plain text (UTF-8, quoted-printable), from `from`.
pub fn build_message(from: &Mailbox, mail: &OutgoingMail<'_>) -> Result<Message, SendError> {
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|e| SendError::Permanent(format!("invalid recipient address: {e}")))?;
    let date = SystemTime::UNIX_EPOCH
        + Duration::from_secs(u64::try_from(mail.date.unix_timestamp()).unwrap_or(0));
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject)
        .date(date)
        .message_id(Some(message_id(from, mail.outbox_id, mail.created_at)))
        .header(AutoSubmitted)
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .header(ContentTransferEncoding::QuotedPrintable)
                .body(mail.body.to_string()),
        )
        .map_err(|e| SendError::Permanent(format!("cannot build the e-mail: {e}")))
}

/// Sends over SMTP, one connection per mail.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(url: &SmtpUrl, from: Mailbox) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str())
            .map_err(|e| format!("invalid SMTP URL: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Self { transport, from })
    }
}

/// Whether an SMTP failure is worth another attempt: a 5xx reply (and a message the client
/// itself refuses) is final, everything else (4xx, connection refused, timeouts, TLS
/// trouble) may pass.
fn classify(e: &lettre::transport::smtp::Error) -> SendError {
    let text = e.to_string();
    if e.is_permanent() || e.is_client() {
        SendError::Permanent(text)
    } else {
        SendError::Transient(text)
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingMail<'_>) -> Result<(), SendError> {
        let message = build_message(&self.from, mail)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| classify(&e))
    }
}

/// Writes each mail as an RFC 5322 `.eml` file, for demos and development without a mail
/// server. The file appears complete or not at all (written aside, then renamed).
pub struct FileMailer {
    dir: PathBuf,
    from: Mailbox,
}

impl FileMailer {
    pub fn new(dir: PathBuf, from: Mailbox) -> Self {
        Self { dir, from }
    }

    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }
}

#[async_trait]
impl Mailer for FileMailer {
    async fn send(&self, mail: &OutgoingMail<'_>) -> Result<(), SendError> {
        let bytes = build_message(&self.from, mail)?.formatted();
        let name = format!("notice-{}-{}.eml", mail.outbox_id, mail.created_at);
        let path = self.dir.join(&name);
        let partial = self.dir.join(format!(".{name}.partial"));
        let write = async {
            tokio::fs::create_dir_all(&self.dir).await?;
            let mut file = tokio::fs::File::create(&partial).await?;
            tokio::io::AsyncWriteExt::write_all(&mut file, &bytes).await?;
            file.sync_all().await?;
            tokio::fs::rename(&partial, &path).await
        };
        write
            .await
            .map_err(|e| SendError::Transient(format!("cannot write {}: {e}", path.display())))
    }
}

/// The mailer the configuration asks for: SMTP with `--smtp-url`, otherwise files in
/// `<data-dir>/mail/`.
pub fn from_config(config: &Config) -> Result<Arc<dyn Mailer>, String> {
    match &config.smtp_url {
        Some(url) => {
            tracing::info!("e-mail is sent through the configured SMTP server");
            Ok(Arc::new(SmtpMailer::new(url, config.mail_from.clone())?))
        }
        None => {
            let dir = config.data_dir.join(MAIL_DIR);
            tracing::warn!(
                dir = %dir.display(),
                "no SMTP server configured (--smtp-url / MINSIDA_SMTP_URL): e-mails (notices \
                 and verification codes) are written as .eml files to this directory instead \
                 of being sent"
            );
            Ok(Arc::new(FileMailer::new(dir, config.mail_from.clone())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(to: &str) -> OutgoingMail<'_> {
        OutgoingMail {
            outbox_id: 42,
            created_at: 1_748_779_200,
            to,
            subject: "Nytt meddelande på Min sida",
            body: "Hej!\n\nDu har fått ett nytt meddelande. Logga in på https://x.se för att läsa det.\n",
            date: OffsetDateTime::from_unix_timestamp(1_748_779_260).unwrap(),
        }
    }

    fn from() -> Mailbox {
        "Min sida <no-reply@example.se>".parse().unwrap()
    }

    #[test]
    fn message_id_is_stable_per_outbox_row() {
        assert_eq!(
            message_id(&from(), 42, 1_748_779_200),
            "<notice-42-1748779200@example.se>"
        );
        let a = String::from_utf8(build_message(&from(), &mail("a@b.se")).unwrap().formatted())
            .unwrap();
        let b = String::from_utf8(build_message(&from(), &mail("a@b.se")).unwrap().formatted())
            .unwrap();
        assert!(
            a.contains("Message-ID: <notice-42-1748779200@example.se>\r\n"),
            "{a}"
        );
        assert_eq!(a, b, "the same row gives the same bytes");
    }

    #[test]
    fn message_is_plain_text_from_the_configured_sender() {
        let text = String::from_utf8(
            build_message(&from(), &mail("anna@example.se"))
                .unwrap()
                .formatted(),
        )
        .unwrap();
        assert!(
            text.contains("From: \"Min sida\" <no-reply@example.se>\r\n"),
            "{text}"
        );
        assert!(text.contains("To: anna@example.se\r\n"), "{text}");
        assert!(
            text.contains("Content-Type: text/plain; charset=utf-8\r\n"),
            "{text}"
        );
        assert!(
            text.contains("Content-Transfer-Encoding: quoted-printable\r\n"),
            "{text}"
        );
        assert!(
            text.contains("Auto-Submitted: auto-generated\r\n"),
            "{text}"
        );
        assert!(
            text.contains("Date: Sun, 01 Jun 2025 12:01:00 +0000\r\n"),
            "{text}"
        );
        assert!(text.contains("Logga in p=C3=A5 https://x.se"), "{text}");
    }

    #[test]
    fn a_bad_recipient_is_permanent() {
        assert!(matches!(
            build_message(&from(), &mail("not an address")),
            Err(SendError::Permanent(_))
        ));
    }

    #[tokio::test]
    async fn file_mailer_writes_complete_eml_files() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = FileMailer::new(dir.path().join("mail"), from());
        mailer.send(&mail("anna@example.se")).await.unwrap();
        let names: Vec<String> = std::fs::read_dir(mailer.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["notice-42-1748779200.eml"]);
        let text = std::fs::read_to_string(mailer.dir().join(&names[0])).unwrap();
        assert!(text.contains("Message-ID: <notice-42-1748779200@example.se>"));
    }
}
