//! Building blocks shared by messages and matters: a message body, a list of documents with
//! download links, and the receipt for something the person sent.

use leptos::prelude::*;
use minsida_api::messages::{BodyBlock, DocumentInfo, MatterStatus, Receipt};

use crate::api::use_api;
use crate::browser;
use crate::i18n::{use_i18n, Key, Lang};

/// A message body: the agency's text as safe blocks (never HTML). Headings sit one level
/// below the page heading.
#[component]
pub fn MessageBody(blocks: Vec<BodyBlock>) -> impl IntoView {
    blocks
        .into_iter()
        .map(|block| match block {
            BodyBlock::Paragraph { lines } => {
                let count = lines.len();
                let parts = lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, line)| view! { {line} {(i + 1 < count).then(|| view! { <br/> })} })
                    .collect_view();
                view! { <p>{parts}</p> }.into_any()
            }
            BodyBlock::Heading { text } => view! { <h2>{text}</h2> }.into_any(),
            BodyBlock::BulletList { items } => {
                view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }.into_any()
            }
            BodyBlock::NumberedList { items } => {
                view! { <ol>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ol> }.into_any()
            }
        })
        .collect_view()
}

/// "PDF", "JPEG" or "PNG" for a content type.
pub fn type_label(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "PDF",
        "image/jpeg" => "JPEG",
        "image/png" => "PNG",
        _ => "?",
    }
}

/// A human file size: "820 byte", "12,5 kB", "1,2 MB" (decimal comma in Swedish).
///
/// Integer arithmetic (tenths of the unit, rounded half up): formatting floating-point numbers
/// would bring their code into the page's module.
pub fn format_size(bytes: u64, lang: Lang) -> String {
    if bytes < 1000 {
        return format!("{bytes} byte");
    }
    let (unit_bytes, unit) = if bytes < 1_000_000 {
        (1000, "kB")
    } else {
        (1_000_000, "MB")
    };
    let tenths = (bytes * 10 + unit_bytes / 2) / unit_bytes;
    let text = if tenths < 1000 {
        let comma = if lang == Lang::Sv { ',' } else { '.' };
        format!("{}{comma}{}", tenths / 10, tenths % 10)
    } else {
        ((bytes + unit_bytes / 2) / unit_bytes).to_string()
    };
    format!("{text} {unit}")
}

/// Documents with download links. The server sends them as attachments; nothing is opened in
/// the page itself.
#[component]
pub fn DocumentList(
    documents: Vec<DocumentInfo>,
    #[prop(optional)] show_checksums: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    view! {
        <ul class="documents">
            {documents
                .into_iter()
                .map(|d| {
                    let href = api.document_url(d.id);
                    let kind = type_label(&d.content_type);
                    let size = d.size;
                    let sha = d.sha256.clone();
                    let name_only = d.file_name.clone();
                    let link = view! {
                            <a
                                href=href
                                download=d.file_name.clone()
                                class="document-link"
                                aria-label={
                                    let name = d.file_name.clone();
                                    move || format!("{name}, {}", i18n.t(Key::DocumentDownload))
                                }
                            >
                                {d.file_name.clone()}
                            </a>
                    };
                    // On a service-office terminal nothing is downloaded to the shared disk:
                    // the document stays in the person's inbox, to open at home or print here.
                    let name_view = if crate::terminal::on_terminal() {
                        view! { <span class="document-link">{name_only}</span> }.into_any()
                    } else {
                        link.into_any()
                    };
                    view! {
                        <li class="document">
                            {name_view}
                            <span class="document-meta">
                                {move || format!("{kind}, {}", format_size(size, i18n.lang.get()))}
                            </span>
                            {show_checksums
                                .then(|| {
                                    view! {
                                        <span class="document-checksum">
                                            {i18n.tr(Key::ReceiptChecksum)}
                                            ": "
                                            <code class="checksum">{sha.clone()}</code>
                                        </span>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        {crate::terminal::on_terminal().then(|| view! {
            <div class="terminal-documents">
                <p class="hint">{i18n.tr(Key::TerminalNoDownload)}</p>
                <button type="button" class="button secondary" on:click=|_| browser::print_page()>
                    {i18n.tr(Key::PrintPage)}
                </button>
            </div>
        })}
    }
}

/// The receipt (kvittens) for a sent message: number, time, documents with SHA-256.
#[component]
pub fn ReceiptPanel(
    receipt: Receipt,
    #[prop(default = "h2")] heading_level: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let received = receipt.received_at.clone();
    let heading = i18n.tr(Key::ReceiptHeading);
    let heading_view = match heading_level {
        "h1" => view! { <h1 tabindex="-1" id="receipt-heading">{heading}</h1> }.into_any(),
        _ => view! { <h2 tabindex="-1" id="receipt-heading">{heading}</h2> }.into_any(),
    };
    // One level below the receipt's own heading.
    let documents_heading = match heading_level {
        "h1" => view! { <h2>{i18n.tr(Key::ReceiptDocuments)}</h2> }.into_any(),
        _ => view! { <h3>{i18n.tr(Key::ReceiptDocuments)}</h3> }.into_any(),
    };
    let docs = receipt.documents.clone();
    let has_docs = !docs.is_empty();
    view! {
        <section class="panel receipt" aria-labelledby="receipt-heading">
            {heading_view}
            <p>{i18n.tr(Key::ReceiptIntro)}</p>
            <dl class="details">
                <div class="dl-row">
                    <dt>{i18n.tr(Key::ReceiptNumber)}</dt>
                    <dd><strong class="receipt-number">{receipt.receipt_number.clone()}</strong></dd>
                </div>
                <div class="dl-row">
                    <dt>{i18n.tr(Key::ReceiptReceivedAt)}</dt>
                    <dd>{move || browser::format_date(&received, i18n.lang.get().locale(), true)}</dd>
                </div>
                {receipt
                    .matter
                    .clone()
                    .map(|m| {
                        view! {
                            <div class="dl-row">
                                <dt>{i18n.tr(Key::MatterLabel)}</dt>
                                <dd>
                                    {crate::pages::matters::matter_link(m.id, &m.title, &m.reference)}
                                </dd>
                            </div>
                        }
                    })}
                <div class="dl-row">
                    <dt>{i18n.tr(Key::SubjectLabel)}</dt>
                    <dd>{receipt.subject.clone()}</dd>
                </div>
            </dl>
            {documents_heading}
            {if has_docs {
                view! { <DocumentList documents=docs show_checksums=true/> }.into_any()
            } else {
                view! { <p>{i18n.tr(Key::ReceiptNoDocuments)}</p> }.into_any()
            }}
            <p class="hint">{i18n.tr(Key::ReceiptChecksumHint)}</p>
        </section>
    }
}

/// The translated name of a matter status.
pub fn status_key(status: MatterStatus) -> Key {
    match status {
        MatterStatus::Received => Key::StatusReceived,
        MatterStatus::InProgress => Key::StatusInProgress,
        MatterStatus::AwaitingPerson => Key::StatusAwaitingPerson,
        MatterStatus::Decided => Key::StatusDecided,
        MatterStatus::Closed => Key::StatusClosed,
    }
}

/// A status shown as a tag (text, not only colour).
#[component]
pub fn StatusTag(status: MatterStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! { <strong class=format!("tag tag-{}", status.as_str())>{move || i18n.t(status_key(status))}</strong> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_human() {
        assert_eq!(format_size(820, Lang::Sv), "820 byte");
        assert_eq!(format_size(12_500, Lang::Sv), "12,5 kB");
        assert_eq!(format_size(12_500, Lang::En), "12.5 kB");
        assert_eq!(format_size(20 * 1024 * 1024, Lang::Sv), "21,0 MB");
        assert_eq!(format_size(250_000, Lang::En), "250 kB");
        assert_eq!(format_size(1_049, Lang::Sv), "1,0 kB");
        assert_eq!(format_size(1_050, Lang::En), "1.1 kB");
        assert_eq!(format_size(99_949, Lang::En), "99.9 kB");
        assert_eq!(format_size(99_950, Lang::En), "100 kB");
        assert_eq!(format_size(999_999, Lang::Sv), "1000 kB");
        assert_eq!(format_size(1_000_000, Lang::Sv), "1,0 MB");
    }
}
