//! API errors: every non-2xx response of `/api/...` carries an [`ApiErrorBody`].

use axum::extract::rejection::JsonRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use minsida_api::{ApiErrorBody, ErrorCode, FieldError, FieldErrorCode};

/// An error that becomes a JSON [`ApiErrorBody`] response with the right status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ApiErrorBody,
    /// Seconds for a `Retry-After` header (429).
    pub retry_after: Option<u64>,
}

/// The HTTP status that goes with an error code.
pub fn status_for(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Unauthenticated | ErrorCode::SessionExpired => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden | ErrorCode::CsrfFailed => StatusCode::FORBIDDEN,
        ErrorCode::NotFound | ErrorCode::ProviderDisabled => StatusCode::NOT_FOUND,
        ErrorCode::Validation => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::UnsupportedFileType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::IntegrityError | ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The error code of a set of field errors: `validation` if any field breaks a rule of the
/// request itself, else `conflict` if any does not fit the current state, else `not_found`
/// (every field names something that does not exist).
pub fn validation_code(fields: &[FieldError]) -> ErrorCode {
    let kind = |code: FieldErrorCode| match code {
        FieldErrorCode::UnknownPerson | FieldErrorCode::UnknownUpload => ErrorCode::NotFound,
        FieldErrorCode::SelfGrant
        | FieldErrorCode::EmailNotVerified
        | FieldErrorCode::MobileNotVerified
        | FieldErrorCode::WrongCode
        | FieldErrorCode::CodeExpired
        | FieldErrorCode::TooManyAttempts
        | FieldErrorCode::NoPendingCode
        | FieldErrorCode::NoAddress
        | FieldErrorCode::RequestNotOpen => ErrorCode::Conflict,
        _ => ErrorCode::Validation,
    };
    let kinds: Vec<ErrorCode> = fields.iter().map(|f| kind(f.code)).collect();
    if kinds.is_empty() || kinds.contains(&ErrorCode::Validation) {
        ErrorCode::Validation
    } else if kinds.contains(&ErrorCode::Conflict) {
        ErrorCode::Conflict
    } else {
        ErrorCode::NotFound
    }
}

impl ApiError {
    /// An error with the status that belongs to `code`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::with_status(status_for(code), code, message)
    }

    /// An error with an explicit status (for statuses without an error code of their own).
    pub fn with_status(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ApiErrorBody {
                code,
                message: message.into(),
                fields: Vec::new(),
                request_id: None,
            },
            retry_after: None,
        }
    }

    /// Field errors, with the status their codes call for ([`validation_code`]): 422
    /// `validation` when a field breaks a rule of the request itself (the OpenAPI document
    /// describes those), 409 `conflict` when the request is well-formed but does not fit the
    /// current state (an unverified address, a wrong or spent one-time code, a grant to
    /// oneself), 404 `not_found` when it names something that does not exist (a person or an
    /// upload). The fields are there in every case.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        let code = validation_code(&fields);
        let message = match code {
            ErrorCode::Conflict => "one or more fields do not fit the current state",
            ErrorCode::NotFound => "one or more fields name something that does not exist",
            _ => "one or more fields are invalid",
        };
        let mut e = Self::new(code, message);
        e.body.fields = fields;
        e
    }

    /// 422 for a single field.
    pub fn field(field: &str, code: FieldErrorCode) -> Self {
        Self::validation(vec![FieldError {
            field: field.to_string(),
            code,
        }])
    }

    pub fn unauthenticated() -> Self {
        Self::new(ErrorCode::Unauthenticated, "no valid session; log in")
    }

    pub fn session_expired() -> Self {
        Self::new(
            ErrorCode::SessionExpired,
            "the session has expired; log in again",
        )
    }

    pub fn csrf_failed(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::CsrfFailed, message)
    }

    /// 403: logged in, but the session's mandate does not allow this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound, "no such API resource")
    }

    pub fn provider_disabled() -> Self {
        Self::new(
            ErrorCode::ProviderDisabled,
            "this identity provider is not enabled",
        )
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    pub fn unsupported_media_type() -> Self {
        Self::new(
            ErrorCode::UnsupportedMediaType,
            "request bodies must be JSON (Content-Type: application/json)",
        )
    }

    pub fn payload_too_large() -> Self {
        Self::new(ErrorCode::PayloadTooLarge, "the request body is too large")
    }

    pub fn method_not_allowed() -> Self {
        Self::with_status(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::BadRequest,
            "method not allowed for this API resource",
        )
    }

    /// 415: the file is not a PDF, JPEG or PNG, judged by its content.
    pub fn unsupported_file_type() -> Self {
        Self::new(
            ErrorCode::UnsupportedFileType,
            "only PDF, JPEG and PNG files are accepted (judged by the content, not the name)",
        )
    }

    /// 409: the action does not fit the object's state.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    /// 429 with `Retry-After: <secs>` (at least 1).
    pub fn rate_limited(message: impl Into<String>, retry_after_secs: u64) -> Self {
        let mut e = Self::new(ErrorCode::RateLimited, message);
        e.retry_after = Some(retry_after_secs.max(1));
        e
    }

    /// 500: a stored document failed its integrity check. The caller logs the details.
    pub fn integrity_error() -> Self {
        Self::new(
            ErrorCode::IntegrityError,
            "the document failed its integrity check and is not served",
        )
    }

    /// 500: a stored message body failed its integrity check. The caller logs the details.
    pub fn message_integrity_error() -> Self {
        Self::new(
            ErrorCode::IntegrityError,
            "the message failed its integrity check and is not shown",
        )
    }

    /// 401 for the system API, with `WWW-Authenticate: Bearer`.
    pub fn system_unauthenticated() -> Response {
        let mut response = Self::new(
            ErrorCode::Unauthenticated,
            "a valid access token or agency system API key is required (Authorization: Bearer <token>)",
        )
        .into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"minsida-system\""),
        );
        response
    }

    /// 500 without details; the cause is logged by the caller or by `From` impls.
    pub fn internal() -> Self {
        Self::new(ErrorCode::Internal, "internal server error")
    }

    /// The JSON error for a bare status produced outside our handlers (axum's 405, the body
    /// limit's 413, ...).
    pub fn from_status(status: StatusCode) -> Self {
        match status {
            StatusCode::NOT_FOUND => Self::not_found(),
            StatusCode::METHOD_NOT_ALLOWED => Self::method_not_allowed(),
            StatusCode::PAYLOAD_TOO_LARGE => Self::payload_too_large(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::unsupported_media_type(),
            StatusCode::UNAUTHORIZED => Self::unauthenticated(),
            StatusCode::FORBIDDEN => Self::new(ErrorCode::Forbidden, "forbidden"),
            StatusCode::TOO_MANY_REQUESTS => Self::new(ErrorCode::RateLimited, "too many requests"),
            s if s.is_server_error() => {
                let mut e = Self::internal();
                e.status = s;
                e
            }
            s => Self::with_status(
                s,
                ErrorCode::BadRequest,
                s.canonical_reason()
                    .unwrap_or("bad request")
                    .to_ascii_lowercase(),
            ),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({:?}): {}",
            self.status, self.body.code, self.body.message
        )
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    /// The JSON body, with the id of the request being answered (see [`crate::request_id`]).
    fn into_response(mut self) -> Response {
        if self.body.request_id.is_none() {
            self.body.request_id = crate::request_id::current();
        }
        let body = serde_json::to_vec(&self.body).unwrap_or_else(|_| {
            br#"{"code":"internal","message":"internal server error"}"#.to_vec()
        });
        let mut response = (self.status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database error");
        Self::internal()
    }
}

impl From<JsonRejection> for ApiError {
    /// Malformed JSON and JSON of the wrong shape are 400, a wrong content type 415, and a body
    /// over the limit 413.
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::unsupported_media_type(),
            JsonRejection::JsonSyntaxError(e) => {
                Self::bad_request(format!("malformed JSON: {}", e.body_text()))
            }
            JsonRejection::JsonDataError(e) => {
                Self::bad_request(format!("unexpected JSON content: {}", e.body_text()))
            }
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Self::payload_too_large(),
            other => Self::bad_request(format!(
                "could not read the request body: {}",
                other.body_text()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(ApiError::unauthenticated().status, StatusCode::UNAUTHORIZED);
        assert_eq!(ApiError::session_expired().status, StatusCode::UNAUTHORIZED);
        assert_eq!(ApiError::provider_disabled().status, StatusCode::NOT_FOUND);
        assert_eq!(
            ApiError::unsupported_file_type().status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
        assert_eq!(ApiError::conflict("x").status, StatusCode::CONFLICT);
        assert_eq!(
            ApiError::integrity_error().status,
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            ApiError::field("x", FieldErrorCode::Required).status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            ApiError::from_status(StatusCode::PAYLOAD_TOO_LARGE)
                .body
                .code,
            ErrorCode::PayloadTooLarge
        );
        let r = ApiError::rate_limited("slow down", 0).into_response();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "1");
        let e = ApiError::from_status(StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(e.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(e.body.code, ErrorCode::BadRequest);
    }
}
