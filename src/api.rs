//! The only place the SPA talks to the server. Every call is typed with the shared
//! `minsida-api` types and returns `Result<T, ApiError>`; pages never build URLs or parse JSON.

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use minsida_api::{
    ApiErrorBody, AuthProviders, ContactDetails, ErrorCode, FieldError, FieldErrorCode, PersonalDetails,
    SessionInfo, TestLoginRequest, TestPerson, UpdateContactRequest, CSRF_HEADER,
};
use serde::{de::DeserializeOwned, Serialize};

use crate::i18n::Key;

/// Why a call failed, in terms the UI can translate.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server could not be reached.
    Network,
    /// The server answered with an error body.
    Server { status: u16, code: ErrorCode, fields: Vec<FieldError> },
    /// The server answered something we could not understand.
    Decode,
}

impl ApiError {
    /// The translated, human message for this error.
    pub fn message_key(&self) -> Key {
        match self {
            ApiError::Network => Key::ErrNetwork,
            ApiError::Decode => Key::ErrDecode,
            ApiError::Server { code, .. } => match code {
                ErrorCode::Unauthenticated => Key::ErrUnauthenticated,
                ErrorCode::SessionExpired => Key::ErrSessionExpired,
                ErrorCode::Forbidden => Key::ErrForbidden,
                ErrorCode::NotFound => Key::ErrNotFound,
                ErrorCode::Validation => Key::ErrorSummaryTitle,
                ErrorCode::CsrfFailed => Key::ErrCsrf,
                ErrorCode::PayloadTooLarge => Key::ErrPayloadTooLarge,
                ErrorCode::UnsupportedMediaType => Key::ErrUnsupportedMediaType,
                ErrorCode::BadRequest => Key::ErrBadRequest,
                ErrorCode::RateLimited => Key::ErrRateLimited,
                ErrorCode::ProviderDisabled => Key::ErrProviderDisabled,
                ErrorCode::Internal => Key::ErrServer,
            },
        }
    }

    /// Field errors of a validation failure (empty otherwise).
    pub fn fields(&self) -> &[FieldError] {
        match self {
            ApiError::Server { fields, .. } => fields,
            _ => &[],
        }
    }
}

/// The translated message for one field error.
pub fn field_error_key(code: FieldErrorCode) -> Key {
    match code {
        FieldErrorCode::Required => Key::ErrRequired,
        FieldErrorCode::TooLong => Key::ErrTooLong,
        FieldErrorCode::InvalidEmail => Key::ErrInvalidEmail,
        FieldErrorCode::InvalidPhone => Key::ErrInvalidPhone,
        FieldErrorCode::InvalidPersonalNumber => Key::ErrInvalidPersonalNumber,
        FieldErrorCode::UnknownPerson => Key::ErrUnknownPerson,
    }
}

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
    LoggedIn(SessionInfo),
}

/// Typed API client. Cheap to copy; provided as context by the app shell.
#[derive(Clone, Copy)]
pub struct Api {
    pub auth: RwSignal<AuthState>,
}

pub fn use_api() -> Api {
    expect_context::<Api>()
}

impl Api {
    pub fn new() -> Self {
        Self { auth: RwSignal::new(AuthState::Unknown) }
    }

    // --- Endpoints -------------------------------------------------------------------------

    /// The current session, if any. Updates the auth state.
    pub async fn load_session(&self) {
        let state = match self.get::<SessionInfo>("/api/session").await {
            Ok(info) => AuthState::LoggedIn(info),
            Err(_) => AuthState::Anonymous(None),
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
        let info: SessionInfo =
            self.send(Request::post("/api/auth/test/login"), &TestLoginRequest { personal_number }).await?;
        self.auth.set(AuthState::LoggedIn(info.clone()));
        Ok(info)
    }

    /// End the session on the server. The local state is cleared whatever the server says.
    pub async fn logout(&self) {
        let builder = self.with_csrf(Request::post("/api/auth/logout"));
        let _ = builder.send().await;
        self.auth.set(AuthState::Anonymous(Some(LoggedOutReason::LoggedOut)));
    }

    pub async fn personal_details(&self) -> Result<PersonalDetails, ApiError> {
        self.get("/api/me").await
    }

    pub async fn update_contact(&self, req: &UpdateContactRequest) -> Result<ContactDetails, ApiError> {
        self.send(Request::put("/api/me/contact"), req).await
    }

    // --- Plumbing --------------------------------------------------------------------------

    async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, ApiError> {
        let response = Request::get(url).send().await.map_err(|_| ApiError::Network)?;
        self.decode(response).await
    }

    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        builder: RequestBuilder,
        body: &B,
    ) -> Result<T, ApiError> {
        let request = self.with_csrf(builder).json(body).map_err(|_| ApiError::Decode)?;
        let response = request.send().await.map_err(|_| ApiError::Network)?;
        self.decode(response).await
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
            Ok(body) => ApiError::Server { status, code: body.code, fields: body.fields },
            Err(_) => ApiError::Server {
                status,
                code: if status >= 500 { ErrorCode::Internal } else { ErrorCode::BadRequest },
                fields: Vec::new(),
            },
        };
        if status == 401 {
            // The server ended the session (timeout, logout elsewhere): leave the protected area.
            if matches!(self.auth.get_untracked(), AuthState::LoggedIn(_)) {
                self.auth.set(AuthState::Anonymous(Some(LoggedOutReason::Expired)));
            }
        }
        Err(error)
    }
}

impl Default for Api {
    fn default() -> Self {
        Self::new()
    }
}
