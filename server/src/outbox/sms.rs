//! Sending SMS. Min sida has no SMS gateway yet: [`FileSmsSender`] appends each SMS as a JSON
//! line to `<data-dir>/sms.jsonl`, so that demos and tests can read them. A gateway is
//! another [`SmsSender`].

use std::path::PathBuf;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;
use tokio::io::AsyncWriteExt as _;

use super::SendError;
use crate::auth::session::format_unix;

/// Name of the SMS file in the data directory.
pub const SMS_FILE: &str = "sms.jsonl";

/// One SMS to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingSms<'a> {
    pub outbox_id: i64,
    /// E.164.
    pub to: &'a str,
    pub text: &'a str,
    pub at: OffsetDateTime,
}

/// Hands SMS over for delivery.
#[async_trait]
pub trait SmsSender: Send + Sync {
    async fn send(&self, sms: &OutgoingSms<'_>) -> Result<(), SendError>;
}

/// One line of `sms.jsonl`.
#[derive(Debug, Serialize)]
struct SmsLine<'a> {
    outbox_id: i64,
    to: &'a str,
    text: &'a str,
    /// RFC 3339.
    time: String,
}

/// Appends SMS as JSON lines to a file.
pub struct FileSmsSender {
    path: PathBuf,
}

impl FileSmsSender {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }
}

#[async_trait]
impl SmsSender for FileSmsSender {
    async fn send(&self, sms: &OutgoingSms<'_>) -> Result<(), SendError> {
        let mut line = serde_json::to_vec(&SmsLine {
            outbox_id: sms.outbox_id,
            to: sms.to,
            text: sms.text,
            time: format_unix(sms.at.unix_timestamp()),
        })
        .map_err(|e| SendError::Permanent(e.to_string()))?;
        line.push(b'\n');
        let write = async {
            if let Some(dir) = self.path.parent() {
                tokio::fs::create_dir_all(dir).await?;
            }
            let mut file = tokio::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .await?;
            // One write of the whole line: with O_APPEND, lines never interleave.
            file.write_all(&line).await?;
            file.sync_data().await
        };
        write
            .await
            .map_err(|e| SendError::Transient(format!("cannot write {}: {e}", self.path.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn appends_one_json_line_per_sms() {
        let dir = tempfile::tempdir().unwrap();
        let sender = FileSmsSender::new(dir.path().join(SMS_FILE));
        for (id, text) in [(1, "första"), (2, "andra \"citat\"\nrad")] {
            sender
                .send(&OutgoingSms {
                    outbox_id: id,
                    to: "+46701234567",
                    text,
                    at: OffsetDateTime::from_unix_timestamp(1_748_779_200).unwrap(),
                })
                .await
                .unwrap();
        }
        let content = std::fs::read_to_string(sender.path()).unwrap();
        let lines: Vec<serde_json::Value> = content
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[1],
            serde_json::json!({
                "outbox_id": 2,
                "to": "+46701234567",
                "text": "andra \"citat\"\nrad",
                "time": "2025-06-01T12:00:00Z",
            })
        );
    }
}
