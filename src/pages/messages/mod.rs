//! "Meddelanden": the secure inbox and the message view, one routed page per file.
//!
//! The inbox's filters live in the page's URL (`?mapp=&sok=&arende=&fran=&till=&sida=`), so the
//! back button, reloading and sharing a link within the session all keep them.

mod inbox;
mod message;

pub use inbox::InboxPageView;
pub use message::MessagePage;

use minsida_api::messages::{InboxFolder, InboxQuery, INBOX_PAGE_SIZE};

pub const INBOX_PATH: &str = "/meddelanden";
/// The route parameter of one message's page: `/meddelanden/:id`.
pub const MESSAGE_ID_PARAM: &str = "id";

/// The page of one message.
pub fn message_href(id: i64) -> String {
    format!("{INBOX_PATH}/{id}")
}

/// The inbox filters as they appear in the page URL.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InboxFilters {
    pub folder: InboxFolder,
    pub search: String,
    pub matter: Option<i64>,
    pub from: String,
    pub to: String,
    pub page: u32,
}

impl InboxFilters {
    fn folder_slug(folder: InboxFolder) -> &'static str {
        match folder {
            InboxFolder::Inbox => "inkorg",
            InboxFolder::Unread => "olasta",
            InboxFolder::Archived => "arkiv",
            InboxFolder::Sent => "skickade",
        }
    }

    fn folder_from_slug(slug: &str) -> InboxFolder {
        [
            InboxFolder::Inbox,
            InboxFolder::Unread,
            InboxFolder::Archived,
            InboxFolder::Sent,
        ]
        .into_iter()
        .find(|f| Self::folder_slug(*f) == slug)
        .unwrap_or_default()
    }

    /// Read the filters from the URL's query parameters.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            folder: get("mapp")
                .map(|s| Self::folder_from_slug(&s))
                .unwrap_or_default(),
            search: get("sok").unwrap_or_default(),
            matter: get("arende").and_then(|s| s.parse().ok()),
            from: get("fran").unwrap_or_default(),
            to: get("till").unwrap_or_default(),
            page: get("sida")
                .and_then(|s| s.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }

    /// The inbox URL for these filters (default values left out).
    pub fn href(&self) -> String {
        let mut params = Vec::new();
        if self.folder != InboxFolder::Inbox {
            params.push(format!("mapp={}", Self::folder_slug(self.folder)));
        }
        let encode = |s: &str| String::from(js_sys::encode_uri_component(s.trim()));
        if !self.search.trim().is_empty() {
            params.push(format!("sok={}", encode(&self.search)));
        }
        if let Some(m) = self.matter {
            params.push(format!("arende={m}"));
        }
        if !self.from.is_empty() {
            params.push(format!("fran={}", encode(&self.from)));
        }
        if !self.to.is_empty() {
            params.push(format!("till={}", encode(&self.to)));
        }
        if self.page > 1 {
            params.push(format!("sida={}", self.page));
        }
        if params.is_empty() {
            INBOX_PATH.to_string()
        } else {
            format!("{INBOX_PATH}?{}", params.join("&"))
        }
    }

    fn has_filters(&self) -> bool {
        !self.search.trim().is_empty()
            || self.matter.is_some()
            || !self.from.is_empty()
            || !self.to.is_empty()
    }

    fn to_query(&self) -> InboxQuery {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        InboxQuery {
            folder: Some(self.folder),
            matter: self.matter,
            from: opt(&self.from),
            to: opt(&self.to),
            q: opt(&self.search),
            page: Some(self.page),
            page_size: Some(INBOX_PAGE_SIZE),
        }
    }
}
