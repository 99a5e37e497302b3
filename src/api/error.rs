//! Why a call failed, and the translated messages for it.

use minsida_api::{ErrorCode, FieldError, FieldErrorCode};

use crate::i18n::Key;

/// Why a call failed, in terms the UI can translate.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server could not be reached.
    Network,
    /// The server answered with an error body.
    Server {
        status: u16,
        code: ErrorCode,
        fields: Vec<FieldError>,
    },
    /// The server answered something we could not understand.
    Decode,
}

impl ApiError {
    /// The error for an object that does not exist (e.g. a malformed id in the page URL).
    pub fn not_found() -> Self {
        ApiError::Server {
            status: 404,
            code: ErrorCode::NotFound,
            fields: Vec::new(),
        }
    }

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
                ErrorCode::UnsupportedFileType => Key::ErrUnsupportedFileType,
                ErrorCode::Conflict => Key::ErrConflict,
                ErrorCode::IntegrityError => Key::ErrIntegrity,
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
        FieldErrorCode::BodyOrDocumentRequired => Key::ErrBodyOrDocumentRequired,
        FieldErrorCode::TooManyDocuments => Key::ErrTooManyDocuments,
        FieldErrorCode::UnknownUpload => Key::ErrUnknownUpload,
        FieldErrorCode::InvalidDate => Key::ErrInvalidDate,
        FieldErrorCode::InvalidValue => Key::ErrInvalidValue,
        FieldErrorCode::EmailNotVerified => Key::ErrEmailNotVerified,
        FieldErrorCode::MobileNotVerified => Key::ErrMobileNotVerified,
        FieldErrorCode::PaperOptedOut => Key::ErrPaperOptedOut,
        FieldErrorCode::WrongCode => Key::ErrWrongCode,
        FieldErrorCode::CodeExpired => Key::ErrCodeExpired,
        FieldErrorCode::TooManyAttempts => Key::ErrTooManyAttempts,
        FieldErrorCode::NoPendingCode => Key::ErrNoPendingCode,
        FieldErrorCode::NoAddress => Key::ErrNoAddress,
        FieldErrorCode::RequestNotOpen => Key::ErrRequestNotOpen,
        FieldErrorCode::InvalidOrganisationNumber => Key::ErrInvalidOrganisationNumber,
        FieldErrorCode::SelfGrant => Key::ErrSelfGrant,
        FieldErrorCode::OutOfRange => Key::ErrOutOfRange,
    }
}
