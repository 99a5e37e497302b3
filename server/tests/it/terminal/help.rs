//! `/api/terminal/help`, `/api/terminal/step` and the staff view
//! (`/api/system/v1/terminals`).

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::terminal::{HelpState, StaffTerminals, VisitStep};
use minsida_api::ErrorCode;
use minsida_server::config::DEMO_TERMINAL_KEY;
use serde_json::json;

#[tokio::test]
async fn help_before_login_lives_until_login_logout_or_idle() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let terminal = terminal_id(&app, "Demo 1").await;

    // Only terminals can ask.
    ask_help(&app, "minsida_session=x", None, false, "welcome")
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    app.get("/api/terminal/help", None)
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    put_step(&app, "a=b", None, "login")
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    // An unknown step is a bad request.
    ask_help(&app, &device, None, true, "someone_elses_inbox")
        .await
        .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);

    assert_eq!(help_state(&app, &device).await.requested_at, None);
    let r = ask_help(&app, &device, None, true, "welcome").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let state: HelpState = r.json();
    assert_eq!(state.requested_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    assert!(state.share_step);
    assert_eq!(help_state(&app, &device).await, state);
    app.advance(100);
    assert_eq!(
        put_step(&app, &device, None, "login").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        help_row(&app, terminal).await,
        Some((false, true, Some("login".into())))
    );
    let view = staff(&app).await;
    assert_eq!(view.terminals[0].step, Some(VisitStep::Login));
    assert!(!view.terminals[0].visit_in_progress);
    // Nobody's step: no person to audit.
    assert!(audit_of(&app, "system_read_visit_step").await.is_empty());
    let asked = audit_of(&app, "request_help").await;
    assert_eq!(
        (asked[0].0, asked[0].2, asked[0].3),
        (None, None, Some(terminal))
    );
    assert_eq!(
        detail(&asked[0].4),
        json!({ "share_step": true, "before_login": true })
    );

    // Idle as long as a visit may be: gone (the step update counted as activity).
    app.advance(299);
    assert!(help_state(&app, &device).await.requested_at.is_some());
    app.advance(1);
    assert_eq!(help_state(&app, &device).await.requested_at, None);
    assert_eq!(staff(&app).await.terminals[0].help_requested_at, None);

    // A login on the terminal ends a request made before it.
    ask_help(&app, &device, None, false, "welcome").await;
    let anna = login_on(&app, &device, ANNA).await;
    assert_eq!(help_row(&app, terminal).await, None);
    assert_eq!(help_state(&app, &anna.cookie).await.requested_at, None);

    // Cancelling before login.
    let r = app
        .json(
            Method::POST,
            "/api/auth/logout",
            "",
            Some(&anna.cookie),
            Some(&anna.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    ask_help(&app, &device, None, false, "welcome").await;
    let r = app
        .json(
            Method::DELETE,
            "/api/terminal/help",
            "",
            Some(&device),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(help_row(&app, terminal).await, None);
    assert_eq!(audit_of(&app, "cancel_help").await.len(), 1);
    // Idempotent.
    let r = app
        .json(
            Method::DELETE,
            "/api/terminal/help",
            "",
            Some(&device),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(audit_of(&app, "cancel_help").await.len(), 1);
}

#[tokio::test]
async fn help_after_login_with_and_without_consent_to_share_the_step() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let terminal = terminal_id(&app, "Demo 1").await;
    let anna_id = app.person_id(ANNA).await;
    let anna = login_on(&app, &device, ANNA).await;
    let csrf = Some(anna.info.csrf_token.as_str());

    // With a session, the CSRF token is needed like everywhere else.
    ask_help(&app, &anna.cookie, None, false, "inbox")
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    put_step(&app, &anna.cookie, Some("wrong"), "inbox")
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);

    // Without consent: staff see that help is wanted, never where.
    let state: HelpState = ask_help(&app, &anna.cookie, csrf, false, "inbox")
        .await
        .json();
    assert!(!state.share_step);
    assert_eq!(
        put_step(&app, &anna.cookie, csrf, "matters").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(help_row(&app, terminal).await, Some((true, false, None)));
    let view = staff(&app).await;
    assert_eq!(
        view.terminals[0].help_requested_at.as_deref(),
        Some("2025-06-01T12:00:00Z")
    );
    assert_eq!(view.terminals[0].step, None);
    assert!(view.terminals[0].visit_in_progress);
    assert!(audit_of(&app, "system_read_visit_step").await.is_empty());

    // Consent given later: the place in the queue is kept, the step is shared.
    app.advance(60);
    let state: HelpState = ask_help(&app, &anna.cookie, csrf, true, "matter")
        .await
        .json();
    assert_eq!(state.requested_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    assert!(state.share_step);
    assert_eq!(
        put_step(&app, &anna.cookie, csrf, "compose").await.status,
        StatusCode::NO_CONTENT
    );
    let view = staff(&app).await;
    assert_eq!(view.terminals[0].step, Some(VisitStep::Compose));
    // Shown with consent: in Anna's own audit trail, by the staff system.
    let shown = audit_of(&app, "system_read_visit_step").await;
    assert_eq!(shown.len(), 1);
    let system_a: i64 = sqlx::query_scalar("SELECT id FROM agency_systems WHERE name = 'system-a'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        (shown[0].0, shown[0].1, shown[0].2, shown[0].3),
        (None, Some(system_a), Some(anna_id), Some(terminal))
    );
    assert_eq!(detail(&shown[0].4), json!({ "step": "compose" }));
    let asked = audit_of(&app, "request_help").await;
    assert_eq!(asked.len(), 2);
    assert_eq!(
        (asked[1].0, asked[1].2, asked[1].3),
        (Some(anna_id), Some(anna_id), Some(terminal))
    );
    assert_eq!(detail(&asked[0].4)["share_step"], false);
    assert_eq!(detail(&asked[1].4)["share_step"], true);

    // An anonymous request from the same browser does not see or cancel Anna's request.
    assert_eq!(help_state(&app, &device).await.requested_at, None);
    app.json(
        Method::DELETE,
        "/api/terminal/help",
        "",
        Some(&device),
        None,
    )
    .await;
    assert!(help_row(&app, terminal).await.is_some());

    // Withdrawn: steps are dropped again.
    let r = app
        .json(
            Method::DELETE,
            "/api/terminal/help",
            "",
            Some(&anna.cookie),
            csrf,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(help_state(&app, &anna.cookie).await.requested_at, None);
    put_step(&app, &anna.cookie, csrf, "inbox").await;
    assert_eq!(help_row(&app, terminal).await, None);

    // The visit times out: the request and the step go with it.
    ask_help(&app, &anna.cookie, csrf, true, "inbox").await;
    app.advance(300);
    let view = staff(&app).await;
    assert_eq!(view.terminals[0].help_requested_at, None);
    assert_eq!(view.terminals[0].step, None);
    assert!(!view.terminals[0].visit_in_progress);
    app.get("/api/me", Some(&anna.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::SessionExpired);
    assert_eq!(help_row(&app, terminal).await, None);

    // An ordinary session is no terminal visit, even in an enrolled browser.
    let lars = app.login(LARS).await;
    let cookie = format!("{device}; {}", lars.cookie);
    ask_help(&app, &cookie, Some(&lars.info.csrf_token), false, "inbox")
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
}

#[tokio::test]
async fn the_staff_view_needs_a_system_key_and_the_offices_key_shows_no_identity_and_is_audited() {
    let app = with_lund().await;
    for key in [None, Some("not-a-key-not-a-key-not-a-key-not-a-key")] {
        let r = app.staff_view(key, "demo", DEMO_TERMINAL_KEY).await;
        r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        assert_eq!(
            r.header("www-authenticate"),
            Some("Bearer realm=\"minsida-system\"")
        );
    }
    // A citizen session is no system credential.
    let anna_home = app.login(ANNA).await;
    app.get(
        "/api/system/v1/terminals?office=demo",
        Some(&anna_home.cookie),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    // A system key alone shows no office: the office's key is needed too, and the answer is
    // the same for a wrong key and an unknown office (each refusal audited).
    for (office, key) in [
        ("demo", LUND_KEY),
        ("lund", DEMO_TERMINAL_KEY),
        ("nowhere", LUND_KEY),
        ("demo", ""),
    ] {
        app.staff_view(Some(SYSTEM_B_KEY), office, key)
            .await
            .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    }
    let body = app
        .system(
            Method::GET,
            "/api/system/v1/terminals",
            Some(SYSTEM_B_KEY),
            None,
        )
        .await
        .assert_field_errors();
    assert_eq!(body.fields[0].field, "office");
    assert!(audit_of(&app, "system_read_terminals").await.is_empty());
    let refused = audit_of(&app, "terminal_key_refused").await;
    assert_eq!(refused.len(), 4);
    let system_b: i64 = sqlx::query_scalar("SELECT id FROM agency_systems WHERE name = 'system-b'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(refused.iter().all(|r| r.1 == Some(system_b)), "{refused:?}");

    let device = enroll(&app, "Demo 1").await;
    let r = try_enroll(&app, "lund", LUND_KEY, "Lund 1", None).await;
    let lund_device = cookie_pair(r.set_cookies()[0]);
    let gone = enroll(&app, "Demo 0").await;
    unenroll(&app, Some(&gone), DEMO_TERMINAL_KEY).await;
    let anna = login_on(&app, &device, ANNA).await;
    ask_help(
        &app,
        &anna.cookie,
        Some(&anna.info.csrf_token),
        true,
        "personal",
    )
    .await;
    ask_help(&app, &lund_device, None, false, "welcome").await;

    let mut got = Vec::new();
    for (office, key) in [("demo", DEMO_TERMINAL_KEY), ("lund", LUND_KEY)] {
        let r = app.staff_view(Some(SYSTEM_B_KEY), office, key).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(r.header("cache-control"), Some("no-store"));
        let text = r.text();
        for secret in [ANNA, "Anna", "Andersson", &anna.info.csrf_token] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        let view: StaffTerminals = r.json();
        got.push(
            view.terminals
                .iter()
                .map(|t| {
                    (
                        t.name.clone(),
                        t.office.clone(),
                        t.help_requested_at.is_some(),
                        t.step,
                        t.visit_in_progress,
                    )
                })
                .collect::<Vec<_>>(),
        );
    }
    // Each office sees only its own terminals.
    assert_eq!(
        got,
        vec![
            vec![(
                "Demo 1".to_string(),
                "Servicekontoret Demo".to_string(),
                true,
                Some(VisitStep::Personal),
                true
            )],
            vec![(
                "Lund 1".to_string(),
                "Servicekontoret Lund".to_string(),
                true,
                None,
                false
            )],
        ]
    );
    let reads = audit_of(&app, "system_read_terminals").await;
    assert_eq!(reads.len(), 2);
    assert_eq!(
        (reads[0].0, reads[0].1, reads[0].2),
        (None, Some(system_b), None)
    );
    assert_eq!(
        detail(&reads[0].4),
        json!({ "office": "demo", "terminals": 1, "help_requests": 1, "steps_shown": 1 })
    );
    assert_eq!(
        detail(&reads[1].4),
        json!({ "office": "lund", "terminals": 1, "help_requests": 1, "steps_shown": 0 })
    );
    let steps = audit_of(&app, "system_read_visit_step").await;
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].2, Some(app.person_id(ANNA).await));
    // Every read is audited.
    staff(&app).await;
    assert_eq!(audit_of(&app, "system_read_terminals").await.len(), 3);
    assert_eq!(audit_of(&app, "system_read_visit_step").await.len(), 2);
}
