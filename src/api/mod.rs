//! The only place the SPA talks to the server. Every call is typed with the shared
//! `minsida-api` types and returns `Result<T, ApiError>`; pages never build URLs or parse JSON.
//!
//! Every request is tied to the reactive owner that starts it (see [`InFlight`]): when the
//! person leaves the page, its requests still on their way are aborted and never answer.

mod error;
mod in_flight;
mod upload;

pub use error::{field_error_key, ApiError};

use in_flight::InFlight;

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use minsida_api::a11y::{AccessibilityPrefs, StoredAccessibilityPrefs};
use minsida_api::channels::{
    ChannelPrefs, ChannelSettings, ConfirmVerification, ContactVerification, NoticeLog,
    PreferenceHistory, StartVerification, VerifyTarget,
};
use minsida_api::eservices::{
    EServiceDraft, EServiceForm, EServiceList, EServiceReceipt, SaveEServiceDraft, SubmitEService,
};
use minsida_api::feedback::{FeedbackReceipt, FeedbackRequest, SatisfactionAnswer};
use minsida_api::messages::{
    InboxFolder, InboxPage, InboxQuery, MatterDetail, MatterList, MessageDetail,
    MessageStateUpdate, MessageSummary, Receipt, SendMessageRequest,
};
use minsida_api::representation::{
    AccessLevel, AccessLog, Area, CreateGrant, Grant, Grants, OrganisationDetails, Parties,
    SwitchParty,
};
use minsida_api::terminal::{
    Draft, EnrollTerminal, HelpRequest, HelpState, StepUpdate, StoredDraft, TerminalStatus,
    UnenrollTerminal, VisitStep,
};
use minsida_api::{
    ApiErrorBody, AuthProviders, ContactDetails, ErrorCode, LogoutOutcome, PersonalDetails,
    SessionInfo, SessionStatus, TestLoginRequest, TestPerson, UpdateContactRequest, CSRF_HEADER,
};
use serde::{de::DeserializeOwned, Serialize};

/// Why the person is not logged in, to explain it on the login page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoggedOutReason {
    Expired,
    LoggedOut,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AuthState {
    /// Still asking the server whether there is a session.
    Unknown,
    Anonymous(Option<LoggedOutReason>),
    /// Boxed: the session is much larger than the other states.
    LoggedIn(Box<SessionInfo>),
}

/// Typed API client. Cheap to copy; provided as context by the app shell.
#[derive(Clone, Copy)]
pub struct Api {
    pub auth: RwSignal<AuthState>,
    /// Unread messages in the inbox, for the navigation; `None` until first known.
    pub unread: RwSignal<Option<u64>>,
}

pub fn use_api() -> Api {
    expect_context::<Api>()
}

impl Api {
    pub fn new() -> Self {
        Self {
            auth: RwSignal::new(AuthState::Unknown),
            unread: RwSignal::new(None),
        }
    }

    // --- Endpoints -------------------------------------------------------------------------

    /// Ask the server whether the visitor is logged in and set the auth state from the answer
    /// (always 200): logged in, anonymous, or anonymous because the session timed out (the
    /// login page then says so). Without an answer (network or server error) the visitor
    /// counts as anonymous.
    pub async fn load_session(&self) {
        let state = match self.get::<SessionStatus>("/api/session").await {
            Ok(SessionStatus::LoggedIn(info)) => AuthState::LoggedIn(info),
            Ok(SessionStatus::Expired) => AuthState::Anonymous(Some(LoggedOutReason::Expired)),
            Ok(SessionStatus::Anonymous) | Err(_) => AuthState::Anonymous(None),
        };
        self.auth.set(state);
    }

    pub async fn auth_providers(&self) -> Result<AuthProviders, ApiError> {
        self.get("/api/auth/providers").await
    }

    pub async fn test_persons(&self) -> Result<Vec<TestPerson>, ApiError> {
        self.get("/api/auth/test/persons").await
    }

    pub async fn test_login(&self, personal_number: String) -> Result<SessionInfo, ApiError> {
        let info: SessionInfo = self
            .send(
                Request::post("/api/auth/test/login"),
                &TestLoginRequest { personal_number },
            )
            .await?;
        self.auth.set(AuthState::LoggedIn(Box::new(info.clone())));
        Ok(info)
    }

    /// Where the browser goes (a full page load, not a request) to log in with an OpenID
    /// Connect provider; the server sends it on to the provider and, after the login, back to
    /// `next` (a local path) or to the login page with `?login_error=`.
    pub fn oidc_login_url(&self, provider_id: &str, next: &str) -> String {
        oidc_login_url(provider_id, next)
    }

    /// Log out: end the session on the server and clear the local state. When the person
    /// logged in with an identity provider that can log them out too, the browser then goes
    /// there (it returns to the login page) and this returns `true`: the app is being left.
    pub async fn logout(&self) -> bool {
        match self.end_session(LoggedOutReason::LoggedOut).await {
            Some(url) => {
                crate::browser::assign_location(&url);
                true
            }
            None => false,
        }
    }

    /// End the session on the server, telling the login page why, and stay in the app (the
    /// idle timeout: nobody is there to confirm a logout at the identity provider).
    pub async fn logout_with(&self, reason: LoggedOutReason) {
        let _ = self.end_session(reason).await;
    }

    /// End the session on the server and clear the local state whatever the server says.
    /// Returns the identity provider's logout URL when the browser should go there next.
    /// Never aborted: the local state is cleared in any case, also when the page that asked
    /// is gone by then. The server answers 200 with a [`LogoutOutcome`]; an answer without
    /// one (204 from a server before OpenID Connect) means no provider logout.
    pub async fn end_session(&self, reason: LoggedOutReason) -> Option<String> {
        let builder = self.with_csrf(Request::post("/api/auth/logout"));
        let provider_logout_url = match InFlight::detached().send(builder).await {
            Ok(response) if response.status() == 200 => response
                .json::<LogoutOutcome>()
                .await
                .ok()
                .and_then(|outcome| outcome.provider_logout_url),
            _ => None,
        };
        self.unread.set(None);
        self.auth.set(AuthState::Anonymous(Some(reason)));
        provider_logout_url
    }

    pub async fn personal_details(&self) -> Result<PersonalDetails, ApiError> {
        self.get("/api/me").await
    }

    pub async fn update_contact(
        &self,
        req: &UpdateContactRequest,
    ) -> Result<ContactDetails, ApiError> {
        self.send(Request::put("/api/me/contact"), req).await
    }

    // --- Accessibility preferences -------------------------------------------------------------

    pub async fn accessibility_prefs(&self) -> Result<StoredAccessibilityPrefs, ApiError> {
        self.get("/api/me/accessibility").await
    }

    pub async fn save_accessibility_prefs(
        &self,
        prefs: &AccessibilityPrefs,
    ) -> Result<StoredAccessibilityPrefs, ApiError> {
        self.send(Request::put("/api/me/accessibility"), prefs)
            .await
    }

    // --- Acting for someone else ---------------------------------------------------------------

    /// The logged-in person and everyone they may act for now.
    pub async fn parties(&self) -> Result<Parties, ApiError> {
        self.get("/api/me/parties").await
    }

    /// Act for another party (or, with one's own id, for oneself again).
    pub async fn switch_party(&self, party_id: i64) -> Result<SessionInfo, ApiError> {
        let info: SessionInfo = self
            .send(
                Request::put("/api/session/acting-as"),
                &SwitchParty { party_id },
            )
            .await?;
        self.auth.set(AuthState::LoggedIn(Box::new(info.clone())));
        Ok(info)
    }

    /// Stop acting for someone else: the session shows the person's own data again.
    pub async fn stop_acting(&self) -> Result<SessionInfo, ApiError> {
        self.change_session(Request::delete("/api/session/acting-as"))
            .await
    }

    /// The organisation the session acts for.
    pub async fn organisation(&self) -> Result<OrganisationDetails, ApiError> {
        self.get("/api/organisation").await
    }

    pub async fn grants(&self) -> Result<Grants, ApiError> {
        self.get("/api/me/grants").await
    }

    pub async fn create_grant(&self, grant: &CreateGrant) -> Result<Grant, ApiError> {
        self.send(Request::post("/api/me/grants"), grant).await
    }

    pub async fn revoke_grant(&self, id: i64) -> Result<(), ApiError> {
        self.send_no_content(Request::delete(&format!("/api/me/grants/{id}")))
            .await
    }

    /// Who else looked at or acted on the acting party's data.
    pub async fn access_log(&self) -> Result<AccessLog, ApiError> {
        self.get("/api/me/access-log").await
    }

    /// Whether the session may do `level` in `area` (reactive): always when acting for
    /// oneself, else what the mandate covers. The server checks again on every request.
    pub fn can(&self, area: Area, level: AccessLevel) -> bool {
        match self.auth.get() {
            AuthState::LoggedIn(info) => match info.acting_as {
                None => true,
                Some(acting) => {
                    minsida_api::representation::scopes_allow(&acting.scopes, area, level)
                }
            },
            _ => false,
        }
    }

    /// Keep the session alive (the visitor pressed "Continue" or is active).
    pub async fn extend_session(&self) -> Result<SessionInfo, ApiError> {
        self.change_session(Request::post("/api/session/extend"))
            .await
    }

    /// A change of the session without a body (CSRF token sent); the session it answers with
    /// becomes the app's.
    async fn change_session(&self, builder: RequestBuilder) -> Result<SessionInfo, ApiError> {
        let request = InFlight::start();
        let response = request.send(self.with_csrf(builder)).await?;
        let info: SessionInfo = request.step(self.decode(response)).await?;
        self.auth.set(AuthState::LoggedIn(Box::new(info.clone())));
        Ok(info)
    }

    // --- Customer terminals --------------------------------------------------------------------

    /// Whether this browser is an enrolled service-office terminal (no login needed).
    pub async fn terminal_status(&self) -> Result<TerminalStatus, ApiError> {
        self.get("/api/terminal").await
    }

    /// Staff: make this browser a customer terminal of an office.
    pub async fn enroll_terminal(
        &self,
        request: &EnrollTerminal,
    ) -> Result<TerminalStatus, ApiError> {
        self.send(Request::post("/api/terminal/enroll"), request)
            .await
    }

    /// Staff: turn terminal mode off on this browser.
    pub async fn unenroll_terminal(&self, enrollment_key: String) -> Result<(), ApiError> {
        self.send_json_no_content(
            Request::post("/api/terminal/unenroll"),
            &UnenrollTerminal { enrollment_key },
        )
        .await
    }

    /// The terminal's current request for help.
    pub async fn help_state(&self) -> Result<HelpState, ApiError> {
        self.get("/api/terminal/help").await
    }

    pub async fn ask_for_help(
        &self,
        share_step: bool,
        step: VisitStep,
    ) -> Result<HelpState, ApiError> {
        self.send(
            Request::post("/api/terminal/help"),
            &HelpRequest { share_step, step },
        )
        .await
    }

    pub async fn cancel_help(&self) -> Result<(), ApiError> {
        self.send_no_content(Request::delete("/api/terminal/help"))
            .await
    }

    /// Tell staff which step the visitor is on (stored only with the visitor's consent).
    pub async fn report_step(&self, step: VisitStep) -> Result<(), ApiError> {
        self.send_json_no_content(Request::put("/api/terminal/step"), &StepUpdate { step })
            .await
    }

    // --- Drafts --------------------------------------------------------------------------------

    /// The saved draft of a message in a matter; `Ok(None)` when there is none.
    pub async fn draft(&self, matter_id: i64) -> Result<Option<StoredDraft>, ApiError> {
        match self
            .get::<StoredDraft>(&format!("/api/matters/{matter_id}/draft"))
            .await
        {
            Ok(d) => Ok(Some(d)),
            Err(ApiError::Server {
                code: ErrorCode::NotFound,
                ..
            }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn save_draft(&self, matter_id: i64, draft: &Draft) -> Result<StoredDraft, ApiError> {
        self.send(
            Request::put(&format!("/api/matters/{matter_id}/draft")),
            draft,
        )
        .await
    }

    pub async fn delete_draft(&self, matter_id: i64) -> Result<(), ApiError> {
        self.send_no_content(Request::delete(&format!("/api/matters/{matter_id}/draft")))
            .await
    }

    // --- Channel preferences and notices ----------------------------------------------------

    pub async fn channel_settings(&self) -> Result<ChannelSettings, ApiError> {
        self.get("/api/me/channels").await
    }

    pub async fn save_channel_prefs(
        &self,
        prefs: &ChannelPrefs,
    ) -> Result<ChannelSettings, ApiError> {
        self.send(Request::put("/api/me/channels"), prefs).await
    }

    /// Send a new one-time code to the e-mail address or mobile number.
    pub async fn start_verification(
        &self,
        target: VerifyTarget,
    ) -> Result<ContactVerification, ApiError> {
        self.send(
            Request::post("/api/me/channels/verification"),
            &StartVerification { target },
        )
        .await
    }

    pub async fn confirm_verification(
        &self,
        target: VerifyTarget,
        code: String,
    ) -> Result<ContactVerification, ApiError> {
        self.send(
            Request::post("/api/me/channels/verification/confirm"),
            &ConfirmVerification { target, code },
        )
        .await
    }

    pub async fn channel_history(&self) -> Result<PreferenceHistory, ApiError> {
        self.get("/api/me/channels/history").await
    }

    pub async fn notices(&self) -> Result<NoticeLog, ApiError> {
        self.get("/api/me/notices").await
    }

    // --- Messages, matters and documents -----------------------------------------------------

    pub async fn inbox(&self, query: &InboxQuery) -> Result<InboxPage, ApiError> {
        self.inbox_with(InFlight::start(), query).await
    }

    async fn inbox_with(
        &self,
        request: InFlight,
        query: &InboxQuery,
    ) -> Result<InboxPage, ApiError> {
        let mut params: Vec<(&str, String)> = Vec::new();
        if let Some(folder) = query.folder {
            params.push(("folder", folder.as_str().to_string()));
        }
        if let Some(matter) = query.matter {
            params.push(("matter", matter.to_string()));
        }
        for (name, value) in [("from", &query.from), ("to", &query.to), ("q", &query.q)] {
            if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                params.push((name, v.to_string()));
            }
        }
        if let Some(page) = query.page {
            params.push(("page", page.to_string()));
        }
        if let Some(size) = query.page_size {
            params.push(("page_size", size.to_string()));
        }
        let page: InboxPage = self
            .get_with(request, &with_query("/api/messages", &params))
            .await?;
        self.unread.set(Some(page.unread));
        Ok(page)
    }

    /// Update the unread count (after opening or marking a message). Never aborted: the
    /// count is the navigation's, which outlives the page that asked.
    ///
    /// Only the count is decoded: the shell that asks then carries no decoder of the inbox's
    /// messages (those live in the messages module).
    pub async fn refresh_unread(&self) {
        #[derive(serde::Deserialize)]
        struct Unread {
            unread: u64,
        }
        let url = with_query(
            "/api/messages",
            &[
                ("folder", InboxFolder::Unread.as_str().to_string()),
                ("page_size", "1".to_string()),
            ],
        );
        if let Ok(page) = self.get_with::<Unread>(InFlight::detached(), &url).await {
            self.unread.set(Some(page.unread));
        }
    }

    pub async fn message(&self, id: i64) -> Result<MessageDetail, ApiError> {
        self.get(&format!("/api/messages/{id}")).await
    }

    pub async fn set_message_state(
        &self,
        id: i64,
        update: &MessageStateUpdate,
    ) -> Result<MessageSummary, ApiError> {
        self.send(Request::put(&format!("/api/messages/{id}/state")), update)
            .await
    }

    pub async fn matters(&self) -> Result<MatterList, ApiError> {
        self.get("/api/matters").await
    }

    pub async fn matter(&self, id: i64) -> Result<MatterDetail, ApiError> {
        self.get(&format!("/api/matters/{id}")).await
    }

    /// Send a message (optionally answering a request to supplement) in a matter.
    pub async fn send_message(
        &self,
        matter_id: i64,
        request: &SendMessageRequest,
    ) -> Result<Receipt, ApiError> {
        self.send(
            Request::post(&format!("/api/matters/{matter_id}/messages")),
            request,
        )
        .await
    }

    /// Give feedback (logged in or not).
    pub async fn give_feedback(
        &self,
        request: &FeedbackRequest,
    ) -> Result<FeedbackReceipt, ApiError> {
        self.send(Request::post("/api/feedback"), request).await
    }

    /// Answer "How easy was this?" for a submission.
    pub async fn answer_satisfaction(&self, answer: &SatisfactionAnswer) -> Result<(), ApiError> {
        self.send_json_no_content(Request::post("/api/satisfaction"), answer)
            .await
    }

    // --- E-services ----------------------------------------------------------------------------

    /// The e-services the party the session acts for may use.
    pub async fn eservices(&self) -> Result<EServiceList, ApiError> {
        self.get("/api/eservices").await
    }

    /// A service's latest definition with what the agency already has and the saved draft.
    pub async fn eservice(&self, id: &str) -> Result<EServiceForm, ApiError> {
        self.get(&format!("/api/eservices/{id}")).await
    }

    /// Save the answers so far as the party's draft of the service.
    pub async fn save_eservice_draft(
        &self,
        id: &str,
        draft: &SaveEServiceDraft,
    ) -> Result<EServiceDraft, ApiError> {
        self.send(Request::put(&format!("/api/eservices/{id}/draft")), draft)
            .await
    }

    /// Throw the party's draft of the service away.
    pub async fn delete_eservice_draft(&self, id: &str) -> Result<(), ApiError> {
        self.send_no_content(Request::delete(&format!("/api/eservices/{id}/draft")))
            .await
    }

    /// Send the answers; the same idempotency key again answers with the same receipt.
    pub async fn submit_eservice(
        &self,
        id: &str,
        submission: &SubmitEService,
    ) -> Result<EServiceReceipt, ApiError> {
        self.send(
            Request::post(&format!("/api/eservices/{id}/submissions")),
            submission,
        )
        .await
    }

    /// Remove an upload that has not been sent.
    pub async fn delete_upload(&self, id: i64) -> Result<(), ApiError> {
        self.send_no_content(Request::delete(&format!("/api/uploads/{id}")))
            .await
    }

    /// A state-changing request without a body whose success has no content (204).
    async fn send_no_content(&self, builder: RequestBuilder) -> Result<(), ApiError> {
        let request = InFlight::start();
        let response = request.send(self.with_csrf(builder)).await?;
        request.step(self.expect_no_content(response)).await
    }

    /// A state-changing request with a JSON body whose success has no content (204).
    async fn send_json_no_content<B: Serialize>(
        &self,
        builder: RequestBuilder,
        body: &B,
    ) -> Result<(), ApiError> {
        let request = InFlight::start();
        let response = request.send_json(self.with_csrf(builder), body).await?;
        request.step(self.expect_no_content(response)).await
    }

    async fn expect_no_content(&self, response: Response) -> Result<(), ApiError> {
        if response.ok() {
            Ok(())
        } else {
            self.decode::<()>(response).await
        }
    }

    /// Where the browser downloads a document (the server sends it as an attachment).
    pub fn document_url(&self, id: i64) -> String {
        format!("/api/documents/{id}")
    }

    // --- Plumbing --------------------------------------------------------------------------

    async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, ApiError> {
        self.get_with(InFlight::start(), url).await
    }

    async fn get_with<T: DeserializeOwned>(
        &self,
        request: InFlight,
        url: &str,
    ) -> Result<T, ApiError> {
        let response = request.send(Request::get(url)).await?;
        request.step(self.decode(response)).await
    }

    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        builder: RequestBuilder,
        body: &B,
    ) -> Result<T, ApiError> {
        let request = InFlight::start();
        let response = request.send_json(self.with_csrf(builder), body).await?;
        request.step(self.decode(response)).await
    }

    fn with_csrf(&self, builder: RequestBuilder) -> RequestBuilder {
        match self.auth.get_untracked() {
            AuthState::LoggedIn(info) => builder.header(CSRF_HEADER, &info.csrf_token),
            _ => builder,
        }
    }

    async fn decode<T: DeserializeOwned>(&self, response: Response) -> Result<T, ApiError> {
        if response.ok() {
            return response.json::<T>().await.map_err(|_| ApiError::Decode);
        }
        let status = response.status();
        let error = match response.json::<ApiErrorBody>().await {
            Ok(body) => ApiError::Server {
                status,
                code: body.code,
                fields: body.fields,
            },
            Err(_) => ApiError::Server {
                status,
                code: if status >= 500 {
                    ErrorCode::Internal
                } else {
                    ErrorCode::BadRequest
                },
                fields: Vec::new(),
            },
        };
        self.note_unauthorized(status);
        Err(error)
    }

    /// The server ended the session (timeout, logout elsewhere): leave the protected area.
    fn note_unauthorized(&self, status: u16) {
        if status == 401 && matches!(self.auth.get_untracked(), AuthState::LoggedIn(_)) {
            self.auth
                .set(AuthState::Anonymous(Some(LoggedOutReason::Expired)));
        }
    }
}

/// URL path of the fetched translation tables (`scripts/build-spa` writes them there).
#[cfg(feature = "split")]
const CATALOGUE_PREFIX: &str = "/locales/";

/// A translation table of the app, `/locales/<file>`, as text (see `i18n::load`): a static
/// file named by its content, not part of the API, so neither session nor CSRF token goes
/// with it. Decoded by the i18n module's own split module.
#[cfg(feature = "split")]
pub async fn catalogue(file: &str) -> Result<String, ApiError> {
    let response = Request::get(&format!("{CATALOGUE_PREFIX}{file}"))
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        return Err(ApiError::Network);
    }
    response.text().await.map_err(|_| ApiError::Decode)
}

/// `/api/auth/oidc/{provider}/start?next={next}`, both percent-encoded.
fn oidc_login_url(provider_id: &str, next: &str) -> String {
    with_query(
        &format!("/api/auth/oidc/{}/start", percent_encode(provider_id)),
        &[("next", next.to_string())],
    )
}

/// Percent-encode everything but RFC 3986's unreserved characters (like
/// `encodeURIComponent`, which also leaves `!'()*`; those are encoded here too). Plain Rust,
/// so that it is unit-tested natively.
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `path?name=value&...` with every value percent-encoded ([`percent_encode`]).
fn with_query(path: &str, params: &[(&str, String)]) -> String {
    if params.is_empty() {
        return path.to_string();
    }
    let query: Vec<String> = params
        .iter()
        .map(|(name, value)| format!("{name}={}", percent_encode(value)))
        .collect();
    format!("{path}?{}", query.join("&"))
}

impl Default for Api {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::{oidc_login_url, percent_encode, with_query};

    #[test]
    fn oidc_login_url_encodes_the_provider_and_the_next_path() {
        assert_eq!(
            oidc_login_url("e2e-idp", "/meddelanden"),
            "/api/auth/oidc/e2e-idp/start?next=%2Fmeddelanden"
        );
        assert_eq!(
            oidc_login_url("a b/c", "/arenden?x=1&y=å"),
            "/api/auth/oidc/a%20b%2Fc/start?next=%2Farenden%3Fx%3D1%26y%3D%C3%A5"
        );
        assert_eq!(
            oidc_login_url("idp", "/"),
            "/api/auth/oidc/idp/start?next=%2F"
        );
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(with_query("/api/messages", &[]), "/api/messages");
        assert_eq!(
            with_query(
                "/api/messages",
                &[("q", "moms & skatt".into()), ("page", "2".into())]
            ),
            "/api/messages?q=moms%20%26%20skatt&page=2"
        );
    }

    #[test]
    fn percent_encode_leaves_only_unreserved_characters() {
        assert_eq!(percent_encode("Az09-._~"), "Az09-._~");
        assert_eq!(percent_encode("#%+ "), "%23%25%2B%20");
    }
}
