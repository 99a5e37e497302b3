//! A visit on a terminal: its session, logout, the next visitor, and downloads.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::terminal::StoredDraft;
use minsida_api::{ErrorCode, SessionInfo, SessionStatus};
use minsida_server::auth::session;
use serde_json::json;

#[tokio::test]
async fn terminal_sessions_have_the_terminal_idle_timeout_and_can_be_extended() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let at_home = app.login(LARS).await;
    assert_eq!(at_home.info.idle_timeout_secs, 1200);
    let visitor = login_on(&app, &device, ANNA).await;
    assert_eq!(visitor.info.idle_timeout_secs, 300);
    let info: SessionInfo = app.get("/api/session", Some(&visitor.cookie)).await.json();
    assert_eq!(info.idle_timeout_secs, 300);
    let linked: Option<i64> =
        sqlx::query_scalar("SELECT terminal_id FROM sessions WHERE person_id = $1")
            .bind(app.person_id(ANNA).await)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(linked, Some(terminal_id(&app, "Demo 1").await));
    let login = audit_of(&app, "login").await;
    assert_eq!(login[1].3, linked);
    assert_eq!(detail(&login[1].4)["terminal"], linked.unwrap());

    // Extending: authenticated, CSRF-guarded, restarts the idle timeout.
    app.advance(250);
    let r = app
        .json(
            Method::POST,
            "/api/session/extend",
            "",
            Some(&visitor.cookie),
            None,
        )
        .await;
    r.assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    app.json(Method::POST, "/api/session/extend", "", None, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    let r = app
        .json(
            Method::POST,
            "/api/session/extend",
            "",
            Some(&visitor.cookie),
            Some(&visitor.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let info: SessionInfo = r.json();
    assert_eq!(info.idle_timeout_secs, 300);
    assert_eq!(info.csrf_token, visitor.info.csrf_token);
    let last_seen: i64 =
        sqlx::query_scalar("SELECT last_seen_at FROM sessions WHERE person_id = $1")
            .bind(app.person_id(ANNA).await)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(last_seen, START + 250);

    app.advance(299);
    assert_eq!(
        app.get("/api/me", Some(&visitor.cookie)).await.status,
        StatusCode::OK
    );
    // 300 s without a request: the visit is over; the ordinary session idles on.
    app.advance(300);
    app.get("/api/me", Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::SessionExpired);
    assert_eq!(
        app.get("/api/me", Some(&at_home.cookie)).await.status,
        StatusCode::OK
    );

    // The cleanup job knows both timeouts.
    let visitor = login_on(&app, &device, ANNA).await;
    app.advance(301);
    let timeouts = session::IdleTimeouts {
        normal: 1200,
        terminal: 300,
    };
    assert_eq!(
        session::delete_expired(&app.pool, app.state.now_unix(), timeouts)
            .await
            .unwrap(),
        1
    );
    assert_eq!(app.session_count().await, 1);
    app.get("/api/me", Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn a_terminal_session_is_only_valid_with_its_terminals_device_cookie() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let other = enroll(&app, "Demo 2").await;
    let visitor = login_on(&app, &device, ANNA).await;
    let session_cookie = session_part(&visitor);
    for cookie in [
        session_cookie.to_string(),
        format!("{other}; {session_cookie}"),
        format!(
            "minsida_terminal={}; {session_cookie}",
            session::generate_token()
        ),
    ] {
        app.get("/api/me", Some(&cookie))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    // The visit itself goes on.
    assert_eq!(
        app.get("/api/me", Some(&visitor.cookie)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn logout_on_a_terminal_ends_the_visit_and_clears_site_data() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let terminal = terminal_id(&app, "Demo 1").await;
    let visitor = login_on(&app, &device, ANNA).await;
    assert_eq!(
        ask_help(
            &app,
            &visitor.cookie,
            Some(&visitor.info.csrf_token),
            true,
            "inbox"
        )
        .await
        .status,
        StatusCode::OK
    );
    let r = app
        .json(
            Method::POST,
            "/api/auth/logout",
            "",
            Some(&visitor.cookie),
            Some(&visitor.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("clear-site-data"), Some("\"cache\", \"storage\""));
    // The session cookie is expired explicitly; the device cookie stays.
    assert_eq!(
        r.set_cookies(),
        vec!["minsida_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/"]
    );
    assert_security_headers(&r);
    // The old session cookie is dead on the server.
    app.get("/api/me", Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    assert_eq!(
        app.session_status(Some(&visitor.cookie)).await.1,
        SessionStatus::Anonymous
    );
    assert_eq!(app.session_count().await, 0);
    assert_eq!(help_row(&app, terminal).await, None);
    assert!(status(&app, Some(&device)).await.1.terminal.is_some());
    let logout = audit_of(&app, "logout").await;
    assert_eq!(logout[0].3, Some(terminal));

    // The visit already timed out, or nobody logged in: "End my visit" still drops a help
    // request made before login and clears the site data.
    assert_eq!(
        ask_help(&app, &device, None, false, "welcome").await.status,
        StatusCode::OK
    );
    let r = app
        .json(Method::POST, "/api/auth/logout", "", Some(&device), None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("clear-site-data"), Some("\"cache\", \"storage\""));
    assert_eq!(help_row(&app, terminal).await, None);

    // An ordinary logout keeps the device's own storage (accessibility choices).
    let at_home = app.login(LARS).await;
    let r = app
        .json(
            Method::POST,
            "/api/auth/logout",
            "",
            Some(&at_home.cookie),
            Some(&at_home.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("clear-site-data"), None);
}

#[tokio::test]
async fn the_next_visitor_on_a_terminal_meets_nothing_of_the_previous_one() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let terminal = terminal_id(&app, "Demo 1").await;
    let annas = create_matter(&app, ANNA, "a").await;
    let lars_matter = create_matter(&app, LARS, "l").await;

    // Anna asks for help, writes a draft and walks away without ending her visit.
    let anna = login_on(&app, &device, ANNA).await;
    ask_help(
        &app,
        &anna.cookie,
        Some(&anna.info.csrf_token),
        true,
        "compose",
    )
    .await;
    let r = put_draft(
        &app,
        &anna,
        annas.id,
        json!({ "subject": "Hej", "body": "Hemligt" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // Lars logs in on the same browser, which still sends Anna's session cookie.
    let lars = login_with(&app, &device, Some(session_part(&anna)), LARS).await;
    app.get("/api/me", Some(&anna.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    assert_eq!(app.session_count().await, 1);
    assert_eq!(help_state(&app, &lars.cookie).await.requested_at, None);
    assert_eq!(help_row(&app, terminal).await, None);
    let view = staff(&app).await;
    assert_eq!(view.terminals[0].help_requested_at, None);
    assert_eq!(view.terminals[0].step, None);
    assert!(view.terminals[0].visit_in_progress);
    // Drafts are per person: Anna's is not Lars's, not even through her matter's id.
    app.get(&draft_path(annas.id), Some(&lars.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    app.get(&draft_path(lars_matter.id), Some(&lars.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let me: minsida_api::PersonalDetails = app.get("/api/me", Some(&lars.cookie)).await.json();
    assert_eq!(me.personal_number, LARS);
    // Anna's draft waits for her at home.
    let anna_home = app.login(ANNA).await;
    let stored: StoredDraft = app
        .get(&draft_path(annas.id), Some(&anna_home.cookie))
        .await
        .json();
    assert_eq!(stored.draft.body, "Hemligt");
}

#[tokio::test]
async fn downloads_are_refused_on_terminals_and_allowed_elsewhere() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let delivery = deliver_with_attachment(&app, ANNA).await;
    let document = delivery.attachments[0].id;
    let path = format!("/api/documents/{document}");

    let at_home = app.login(ANNA).await;
    let r = app.get(&path, Some(&at_home.cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, pdf("beslut"));

    let visitor = login_on(&app, &device, ANNA).await;
    for path in [path.clone(), "/api/documents/999999".to_string()] {
        let r = app.get(&path, Some(&visitor.cookie)).await;
        let body = r.assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
        assert!(
            body.message.contains("customer terminals"),
            "{}",
            body.message
        );
        assert_eq!(r.header("content-disposition"), None);
        assert_security_headers(&r);
        assert_eq!(r.header("cache-control"), Some("no-store"));
    }
    let refused = audit_of(&app, "download_refused_on_terminal").await;
    let anna = app.person_id(ANNA).await;
    assert_eq!(refused.len(), 2);
    assert_eq!(
        (refused[0].0, refused[0].2, refused[0].3),
        (
            Some(anna),
            Some(anna),
            Some(terminal_id(&app, "Demo 1").await)
        )
    );
    // Everything else works as usual on the terminal.
    let r = app
        .get(
            &format!("/api/messages/{}", delivery.message_id),
            Some(&visitor.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(audit_of(&app, "download_document").await.len(), 1);
}
