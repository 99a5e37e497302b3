//! A small real SMTP server for the tests: accepts mail on a local port and keeps what it
//! received, or refuses the next messages with a temporary (4xx) or permanent (5xx) reply.
//!
//! Speaks enough of RFC 5321 for a real client: the 220 greeting, EHLO/HELO, MAIL, RCPT,
//! DATA (with dot-unstuffing), RSET, NOOP and QUIT; anything else gets 502.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One message the sink accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMail {
    /// The name the client gave in EHLO/HELO.
    pub helo: String,
    /// The envelope sender (MAIL FROM), without angle brackets.
    pub mail_from: String,
    /// The envelope recipients (RCPT TO), without angle brackets.
    pub rcpt_to: Vec<String>,
    /// The message as transferred (CRLF line ends), dot-unstuffed, without the final `.`.
    pub data: String,
}

impl ReceivedMail {
    /// The value of the first header `name` (case-insensitive), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if let Some(v) = value.as_mut() {
                if line.starts_with([' ', '\t']) {
                    v.push_str(line);
                    continue;
                }
                break;
            }
            if let Some((n, v)) = line.split_once(':') {
                if n.eq_ignore_ascii_case(name) {
                    value = Some(v.trim().to_string());
                }
            }
        }
        value
    }

    /// The body, decoded from quoted-printable, with LF line ends.
    pub fn text(&self) -> String {
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        decode_quoted_printable(body).replace("\r\n", "\n")
    }
}

/// Decode a quoted-printable body (soft line breaks and `=XX` escapes).
pub fn decode_quoted_printable(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            if bytes[i + 1..].starts_with(b"\r\n") {
                i += 3;
                continue;
            }
            if let Some(hex) = text.get(i + 1..i + 3) {
                if let Ok(b) = u8::from_str_radix(hex, 16) {
                    out.push(b);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8 after decoding")
}

#[derive(Default)]
struct State {
    received: Vec<ReceivedMail>,
    /// Replies for the next messages' end of DATA instead of 250.
    refuse: VecDeque<&'static str>,
    refused: usize,
    connections: usize,
}

/// The running sink. Stops when dropped.
pub struct SmtpSink {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    /// Listen on a free local port.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                shared.lock().unwrap().connections += 1;
                let state = shared.clone();
                tokio::spawn(async move {
                    // A client hanging up mid-conversation is not the sink's problem.
                    let _ = session(stream, state).await;
                });
            }
        });
        Self { addr, state, task }
    }

    /// The URL for `--smtp-url` (plain SMTP).
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Everything accepted so far, oldest first.
    pub fn received(&self) -> Vec<ReceivedMail> {
        self.state.lock().unwrap().received.clone()
    }

    /// Accepted messages to `to`.
    pub fn received_for(&self, to: &str) -> Vec<ReceivedMail> {
        self.received()
            .into_iter()
            .filter(|m| m.rcpt_to.iter().any(|r| r == to))
            .collect()
    }

    /// Answer the next `n` messages with `451 4.3.0` (try again later).
    pub fn defer_next(&self, n: usize) {
        let mut s = self.state.lock().unwrap();
        s.refuse
            .extend(std::iter::repeat_n("451 4.3.0 Try again later", n));
    }

    /// Answer the next `n` messages with `550 5.1.1` (no such mailbox).
    pub fn reject_next(&self, n: usize) {
        let mut s = self.state.lock().unwrap();
        s.refuse
            .extend(std::iter::repeat_n("550 5.1.1 Mailbox unavailable", n));
    }

    /// Messages refused with a 4xx or 5xx reply so far.
    pub fn refused(&self) -> usize {
        self.state.lock().unwrap().refused
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.state.lock().unwrap().connections
    }
}

/// The address between `<` and `>` of a MAIL FROM or RCPT TO argument.
fn path(arg: &str) -> Option<String> {
    let start = arg.find('<')?;
    let end = arg[start..].find('>')? + start;
    Some(arg[start + 1..end].to_string())
}

async fn session(stream: TcpStream, state: Arc<Mutex<State>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    write
        .write_all(b"220 sink.test ESMTP Min sida test sink\r\n")
        .await?;
    let mut helo = String::new();
    let mut mail_from: Option<String> = None;
    let mut rcpt_to: Vec<String> = Vec::new();
    loop {
        let mut line = String::new();
        if read.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end_matches(['\r', '\n']);
        let upper = command.to_ascii_uppercase();
        let reply: String = if upper.starts_with("EHLO ") {
            helo = command[5..].trim().to_string();
            mail_from = None;
            rcpt_to.clear();
            "250-sink.test greets you\r\n250-8BITMIME\r\n250 SIZE 10485760".into()
        } else if upper.starts_with("HELO ") {
            helo = command[5..].trim().to_string();
            "250 sink.test".into()
        } else if upper.starts_with("MAIL FROM:") {
            match path(&command[10..]) {
                Some(p) => {
                    mail_from = Some(p);
                    rcpt_to.clear();
                    "250 2.1.0 OK".into()
                }
                None => "501 5.5.4 Syntax: MAIL FROM:<address>".into(),
            }
        } else if upper.starts_with("RCPT TO:") {
            match (&mail_from, path(&command[8..])) {
                (None, _) => "503 5.5.1 MAIL first".into(),
                (Some(_), Some(p)) => {
                    rcpt_to.push(p);
                    "250 2.1.5 OK".into()
                }
                (Some(_), None) => "501 5.5.4 Syntax: RCPT TO:<address>".into(),
            }
        } else if upper == "DATA" {
            if mail_from.is_none() || rcpt_to.is_empty() {
                "503 5.5.1 RCPT first".into()
            } else {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut data = String::new();
                loop {
                    let mut l = String::new();
                    if read.read_line(&mut l).await? == 0 {
                        return Ok(());
                    }
                    if l == ".\r\n" || l == ".\n" {
                        break;
                    }
                    // Dot-unstuffing (RFC 5321 4.5.2).
                    data.push_str(l.strip_prefix('.').unwrap_or(&l));
                }
                let mail = ReceivedMail {
                    helo: helo.clone(),
                    mail_from: mail_from.take().unwrap_or_default(),
                    rcpt_to: std::mem::take(&mut rcpt_to),
                    data,
                };
                let mut s = state.lock().unwrap();
                match s.refuse.pop_front() {
                    Some(refusal) => {
                        s.refused += 1;
                        refusal.into()
                    }
                    None => {
                        s.received.push(mail);
                        format!("250 2.0.0 Queued as {}", s.received.len())
                    }
                }
            }
        } else if upper == "RSET" {
            mail_from = None;
            rcpt_to.clear();
            "250 2.0.0 OK".into()
        } else if upper == "NOOP" {
            "250 2.0.0 OK".into()
        } else if upper == "QUIT" {
            write.write_all(b"221 2.0.0 Bye\r\n").await?;
            return Ok(());
        } else {
            "502 5.5.2 Command not recognised".into()
        };
        write.write_all(format!("{reply}\r\n").as_bytes()).await?;
    }
}
