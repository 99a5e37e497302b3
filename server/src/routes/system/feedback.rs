//! What people tell the agency: feedback, and the satisfaction figures per service, as JSON
//! or CSV (`format=csv`, for a spreadsheet).

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use minsida_api::feedback::{SatisfactionCommentPage, SatisfactionFigures, SystemFeedbackPage};
use minsida_api::{ApiErrorBody, FieldError, FieldErrorCode};
use serde::Deserialize;
use time::Duration;

use crate::audit::{AuditAction, AuditEvent};
use crate::error::ApiError;
use crate::feedback::{self, csv_line, MAX_PAGE};
use crate::systems::{scope, Authorized};
use crate::{dates, AppState};

/// Items per page when `limit` is not given.
const DEFAULT_PAGE: i64 = 100;
/// Weeks counted when `from` is not given: this week and the eleven before.
const DEFAULT_WEEKS: i64 = 12;

/// `json` (default) or `csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

/// Collects the field errors of a query whose values arrive as text.
#[derive(Default)]
struct QueryErrors(Vec<FieldError>);

impl QueryErrors {
    fn push(&mut self, field: &str) {
        self.0.push(FieldError {
            field: field.to_string(),
            code: FieldErrorCode::InvalidValue,
        });
    }

    fn format(&mut self, value: Option<&str>) -> Format {
        match value {
            None | Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            Some(_) => {
                self.push("format");
                Format::Json
            }
        }
    }

    fn number(&mut self, field: &str, value: Option<&str>, default: i64, range: (i64, i64)) -> i64 {
        match value.map(str::parse::<i64>) {
            None => default,
            Some(Ok(n)) if (range.0..=range.1).contains(&n) => n,
            Some(_) => {
                self.push(field);
                default
            }
        }
    }

    fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.0))
        }
    }
}

/// A page query; every value as text, so that a bad one is a field error.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items with an id above this one (the previous page's `next_after`); 0 by default.
    #[param(value_type = Option<i64>, minimum = 0)]
    after: Option<String>,
    /// Items per page, 1–500 (100 by default).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 500)]
    limit: Option<String>,
    /// `json` (default) or `csv`.
    #[param(value_type = Option<String>, pattern = "^(json|csv)$")]
    format: Option<String>,
}

impl PageQuery {
    fn parse(&self) -> Result<(i64, i64, Format), ApiError> {
        let mut errors = QueryErrors::default();
        let after = errors.number("after", self.after.as_deref(), 0, (0, i64::MAX));
        let limit = errors.number("limit", self.limit.as_deref(), DEFAULT_PAGE, (1, MAX_PAGE));
        let format = errors.format(self.format.as_deref());
        errors.finish()?;
        Ok((after, limit, format))
    }
}

fn csv_response(body: String, file: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The next page's `after`: the last id, when the page was full.
fn next_after(
    ids: impl DoubleEndedIterator<Item = i64> + ExactSizeIterator,
    limit: i64,
) -> Option<i64> {
    let full = i64::try_from(ids.len()).unwrap_or(0) >= limit;
    ids.last().filter(|_| full)
}

/// Feedback given in Min sida, oldest first; page on with `after`. The identity of the person
/// is only there when they asked for an answer in Min sida (`reply.personal_number` /
/// `reply.organisation_number`: deliver the answer with `POST /api/system/v1/messages`).
#[utoipa::path(
    get,
    path = "/feedback",
    tag = "system-api",
    params(PageQuery),
    security(("bearer" = []), ("oauth2" = ["minsida:feedback.read"])),
    responses(
        (status = 200, description = "A page of feedback; with `format=csv` a CSV file (one row per item, a header row first)", content(
            (SystemFeedbackPage = "application/json"),
            (String = "text/csv")
        )),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 422, description = "`after`, `limit` or `format`: `invalid_value` (`validation`)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 500, description = "Stored feedback failed its integrity check (`integrity_error`); nothing is served", body = ApiErrorBody)
    )
)]
pub async fn list_feedback(
    State(state): State<AppState>,
    system: Authorized<scope::FeedbackRead>,
    Query(query): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let (after, limit, format) = query.parse()?;
    let mut conn = state.pool.acquire().await?;
    let (items, parties) = feedback::page(&mut conn, &state.keys, after, limit)
        .await?
        .map_err(|_| ApiError::integrity_error())?;
    drop(conn);
    // A read of what people wrote: one event for the page, and one for each party named in
    // it, so that it shows in that party's "who looked at my data".
    let now = state.now_unix();
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    state
        .audit
        .record(
            &AuditEvent::system(
                now,
                AuditAction::SystemReadFeedback,
                "feedback",
                system.id,
                None,
            )
            .detail(serde_json::json!({ "ids": ids })),
        )
        .await?;
    for party in parties {
        let event = AuditEvent::system(
            now,
            AuditAction::SystemReadFeedback,
            "feedback",
            system.id,
            Some(party),
        );
        state.audit.record(&event).await?;
    }
    let next = next_after(ids.iter().copied(), limit);
    Ok(match format {
        Format::Json => Json(SystemFeedbackPage {
            items,
            next_after: next,
        })
        .into_response(),
        Format::Csv => {
            let mut body = csv_line(&[
                "id",
                "reference",
                "received_at",
                "kind",
                "text",
                "matter_reference",
                "service_id",
                "reply_channel",
                "reply_address",
                "reply_name",
                "personal_number",
                "organisation_number",
                "language",
                "logged_in",
            ]);
            for i in &items {
                let reply = i.reply.as_ref();
                let id = i.id.to_string();
                body.push_str(&csv_line(&[
                    &id,
                    &i.reference,
                    &i.received_at,
                    i.kind.as_str(),
                    &i.text,
                    i.matter_reference.as_deref().unwrap_or_default(),
                    i.service_id.as_deref().unwrap_or_default(),
                    reply.map_or("none", |r| r.channel.as_str()),
                    reply.and_then(|r| r.address.as_deref()).unwrap_or_default(),
                    reply.and_then(|r| r.name.as_deref()).unwrap_or_default(),
                    reply
                        .and_then(|r| r.personal_number.as_deref())
                        .unwrap_or_default(),
                    reply
                        .and_then(|r| r.organisation_number.as_deref())
                        .unwrap_or_default(),
                    i.language.as_deref().unwrap_or_default(),
                    if i.logged_in { "true" } else { "false" },
                ]));
            }
            csv_response(body, "feedback.csv")
        }
    })
}

/// The query of the satisfaction figures; every value as text.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiguresQuery {
    /// First day (`YYYY-MM-DD`, Swedish time); its whole ISO week is counted. By default the
    /// Monday eleven weeks before this week's.
    #[param(value_type = Option<String>, format = Date)]
    from: Option<String>,
    /// Last day; its whole ISO week is counted. Today by default.
    #[param(value_type = Option<String>, format = Date)]
    to: Option<String>,
    /// `json` (default) or `csv`.
    #[param(value_type = Option<String>, pattern = "^(json|csv)$")]
    format: Option<String>,
}

/// The Monday of a date's ISO week (the date itself at the start of the calendar).
fn monday_of(date: time::Date) -> time::Date {
    date.checked_sub(Duration::days(i64::from(
        date.weekday().number_days_from_monday(),
    )))
    .unwrap_or(date)
}

/// "How easy was this?" per service: the number of answers, how many gave 1–5, the average,
/// and the same week by week (ISO weeks, Swedish time).
#[utoipa::path(
    get,
    path = "/satisfaction",
    tag = "system-api",
    params(FiguresQuery),
    security(("bearer" = []), ("oauth2" = ["minsida:feedback.read"])),
    responses(
        (status = 200, description = "The figures; with `format=csv` a CSV file with one row per service and week, and a row per service with `week` = `all`", content(
            (SatisfactionFigures = "application/json"),
            (String = "text/csv")
        )),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 422, description = "`from`/`to`: `invalid_date` (not a date), `format`: `invalid_value` (`validation`)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again")))
    )
)]
pub async fn satisfaction_figures(
    State(state): State<AppState>,
    _system: Authorized<scope::FeedbackRead>,
    Query(query): Query<FiguresQuery>,
) -> Result<Response, ApiError> {
    let mut errors = QueryErrors::default();
    let format = errors.format(query.format.as_deref());
    let today = dates::stockholm_date(state.now_unix());
    let mut date = |field: &str, value: Option<&str>, default| match value {
        None => Some(default),
        Some(v) => {
            let parsed = dates::parse_date(v);
            if parsed.is_none() {
                errors.0.push(FieldError {
                    field: field.to_string(),
                    code: FieldErrorCode::InvalidDate,
                });
            }
            parsed
        }
    };
    let this_monday = monday_of(today);
    let from = date(
        "from",
        query.from.as_deref(),
        this_monday
            .checked_sub(Duration::weeks(DEFAULT_WEEKS - 1))
            .unwrap_or(this_monday),
    );
    let to = date("to", query.to.as_deref(), today);
    errors.finish()?;
    let (from, to) = (
        from.ok_or_else(ApiError::internal)?,
        to.ok_or_else(ApiError::internal)?,
    );
    // Whole weeks: from the Monday of `from`'s week to the Sunday of `to`'s (a `from` after
    // `to` counts nothing).
    let first = monday_of(from);
    let last = monday_of(to).checked_add(Duration::days(6)).unwrap_or(to);
    let mut conn = state.pool.acquire().await?;
    let services = feedback::figures(
        &mut conn,
        &feedback::iso_week(first),
        &feedback::iso_week(last),
    )
    .await?;
    let figures = SatisfactionFigures {
        from: dates::format_date(first),
        to: dates::format_date(last),
        services,
    };
    Ok(match format {
        Format::Json => Json(figures).into_response(),
        Format::Csv => {
            let mut body = csv_line(&[
                "service", "week", "count", "rating_1", "rating_2", "rating_3", "rating_4",
                "rating_5", "average",
            ]);
            for s in &figures.services {
                let rows = std::iter::once(("all", &s.counts))
                    .chain(s.weeks.iter().map(|w| (w.week.as_str(), &w.counts)));
                for (week, c) in rows {
                    let numbers: Vec<String> = std::iter::once(c.count)
                        .chain(c.distribution.iter().copied())
                        .map(|n| n.to_string())
                        .chain(std::iter::once(
                            c.average.map(|a| format!("{a:.2}")).unwrap_or_default(),
                        ))
                        .collect();
                    let mut fields = vec![s.service.as_str(), week];
                    fields.extend(numbers.iter().map(String::as_str));
                    body.push_str(&csv_line(&fields));
                }
            }
            csv_response(body, "satisfaction.csv")
        }
    })
}

/// The satisfaction answers that came with a comment, oldest first; page on with `after`.
#[utoipa::path(
    get,
    path = "/satisfaction/comments",
    tag = "system-api",
    params(PageQuery),
    security(("bearer" = []), ("oauth2" = ["minsida:feedback.read"])),
    responses(
        (status = 200, description = "A page of comments; with `format=csv` a CSV file", content(
            (SatisfactionCommentPage = "application/json"),
            (String = "text/csv")
        )),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 422, description = "`after`, `limit` or `format`: `invalid_value` (`validation`)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 500, description = "A stored comment failed its integrity check (`integrity_error`); nothing is served", body = ApiErrorBody)
    )
)]
pub async fn satisfaction_comments(
    State(state): State<AppState>,
    _system: Authorized<scope::FeedbackRead>,
    Query(query): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let (after, limit, format) = query.parse()?;
    let mut conn = state.pool.acquire().await?;
    let items = feedback::comments(&mut conn, &state.keys, after, limit)
        .await?
        .map_err(|_| ApiError::integrity_error())?;
    let next = next_after(items.iter().map(|i| i.id), limit);
    Ok(match format {
        Format::Json => Json(SatisfactionCommentPage {
            items,
            next_after: next,
        })
        .into_response(),
        Format::Csv => {
            let mut body = csv_line(&["id", "service", "week", "rating", "comment"]);
            for i in &items {
                body.push_str(&csv_line(&[
                    &i.id.to_string(),
                    &i.service,
                    &i.week,
                    &i.rating.to_string(),
                    &i.comment,
                ]));
            }
            csv_response(body, "satisfaction-comments.csv")
        }
    })
}
