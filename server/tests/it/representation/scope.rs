//! The check every citizen endpoint makes against the mandate's scope.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::channels::ChannelPrefs;
use minsida_api::messages::{SystemDelivery, SystemMatter, UploadedDocument};
use minsida_api::representation::{AccessLevel, Area, Scope};
use minsida_api::ErrorCode;
use serde_json::{json, Value};

/// What a route sends.
enum Send {
    Get,
    Json(Value),
    /// A raw document upload.
    Upload,
}

/// One citizen route: what it sends, what it needs (`None`: always the logged-in person's
/// own), and its status when allowed.
struct Route {
    method: Method,
    path: String,
    send: Send,
    needs: Option<(Area, AccessLevel)>,
    allowed: StatusCode,
}

fn route(
    method: Method,
    path: impl Into<String>,
    send: Send,
    needs: Option<(Area, AccessLevel)>,
    allowed: StatusCode,
) -> Route {
    Route {
        method,
        path: path.into(),
        send,
        needs,
        allowed,
    }
}

/// Tolvan's matter with a draft and a delivered message, and Anna who will act for him.
struct Case {
    app: TestApp,
    anna: Login,
    tolvan: Login,
    tolvan_id: i64,
    matter: SystemMatter,
    msg: SystemDelivery,
}

async fn setup() -> Case {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let tolvan = app.login(TOLVAN).await;
    let tolvan_id = app.person_id(TOLVAN).await;
    let t = json!({ "personal_number": TOLVAN });
    let matter = create_matter(&app, t.clone(), "tolvan").await;
    let msg = deliver(&app, t, Some(matter.id), "Tolvans brev", true).await;
    Case {
        app,
        anna,
        tolvan,
        tolvan_id,
        matter,
        msg,
    }
}

/// Every citizen route, as Anna acting for Tolvan.
fn citizen_routes(
    matter: &SystemMatter,
    msg: &SystemDelivery,
    pending: &UploadedDocument,
) -> Vec<Route> {
    use AccessLevel::{Act, Read};
    use Area::{Matters, Messages, PersonalData, Preferences};
    let ok = StatusCode::OK;
    vec![
        route(
            Method::GET,
            "/api/me",
            Send::Get,
            Some((PersonalData, Read)),
            ok,
        ),
        route(
            Method::PUT,
            "/api/me/contact",
            Send::Json(json!({"email": "tolvan@example.se"})),
            Some((PersonalData, Act)),
            ok,
        ),
        // Allowed through, but Tolvan is no organisation.
        route(
            Method::GET,
            "/api/organisation",
            Send::Get,
            Some((PersonalData, Read)),
            StatusCode::NOT_FOUND,
        ),
        route(
            Method::GET,
            "/api/me/access-log",
            Send::Get,
            Some((PersonalData, Read)),
            ok,
        ),
        route(
            Method::GET,
            "/api/messages",
            Send::Get,
            Some((Messages, Read)),
            ok,
        ),
        route(
            Method::GET,
            format!("/api/messages/{}", msg.message_id),
            Send::Get,
            Some((Messages, Read)),
            ok,
        ),
        route(
            Method::GET,
            format!("/api/documents/{}", msg.attachments[0].id),
            Send::Get,
            Some((Messages, Read)),
            ok,
        ),
        route(
            Method::PUT,
            format!("/api/messages/{}/state", msg.message_id),
            Send::Json(json!({"read": false})),
            Some((Messages, Act)),
            ok,
        ),
        route(
            Method::GET,
            "/api/matters",
            Send::Get,
            Some((Matters, Read)),
            ok,
        ),
        route(
            Method::GET,
            format!("/api/matters/{}", matter.id),
            Send::Get,
            Some((Matters, Read)),
            ok,
        ),
        route(
            Method::POST,
            "/api/uploads",
            Send::Upload,
            Some((Matters, Act)),
            StatusCode::CREATED,
        ),
        route(
            Method::DELETE,
            format!("/api/uploads/{}", pending.document.id),
            Send::Json(json!(null)),
            Some((Matters, Act)),
            StatusCode::NO_CONTENT,
        ),
        // Tolvan's draft: the party's, like the matter (before sending, which deletes it).
        route(
            Method::GET,
            format!("/api/matters/{}/draft", matter.id),
            Send::Get,
            Some((Matters, Read)),
            ok,
        ),
        route(
            Method::PUT,
            format!("/api/matters/{}/draft", matter.id),
            Send::Json(json!({"subject": "Utkast från god man", "body": "Hej"})),
            Some((Matters, Act)),
            ok,
        ),
        route(
            Method::DELETE,
            format!("/api/matters/{}/draft", matter.id),
            Send::Json(json!(null)),
            Some((Matters, Act)),
            StatusCode::NO_CONTENT,
        ),
        route(
            Method::POST,
            format!("/api/matters/{}/messages", matter.id),
            Send::Json(json!({"subject": "Från god man", "body": "Hej"})),
            Some((Matters, Act)),
            StatusCode::CREATED,
        ),
        route(
            Method::GET,
            "/api/me/channels",
            Send::Get,
            Some((Preferences, Read)),
            ok,
        ),
        route(
            Method::PUT,
            "/api/me/channels",
            Send::Json(serde_json::to_value(ChannelPrefs::default()).unwrap()),
            Some((Preferences, Act)),
            ok,
        ),
        route(
            Method::GET,
            "/api/me/channels/history",
            Send::Get,
            Some((Preferences, Read)),
            ok,
        ),
        route(
            Method::GET,
            "/api/me/notices",
            Send::Get,
            Some((Preferences, Read)),
            ok,
        ),
        route(Method::GET, "/api/session", Send::Get, None, ok),
        route(Method::GET, "/api/me/parties", Send::Get, None, ok),
        route(Method::GET, "/api/me/grants", Send::Get, None, ok),
        route(Method::GET, "/api/me/accessibility", Send::Get, None, ok),
        route(
            Method::PUT,
            "/api/me/accessibility",
            Send::Json(json!({"theme": "dark"})),
            None,
            ok,
        ),
    ]
}

/// For each set of scopes in turn (revoking the previous mandate): a mandate of Anna's for
/// Tolvan with these scopes, then every citizen route, which must be allowed or refused as
/// the scopes say; a refusal changes nothing, shows nothing of Tolvan and keeps the session
/// on him.
async fn check_every_route(case: &Case, combos: Vec<Vec<Scope>>) {
    let Case {
        app,
        anna,
        tolvan,
        tolvan_id,
        matter,
        msg,
    } = case;
    let tolvan_id = *tolvan_id;
    let expected = 25 * combos.len();
    let mut previous: Option<i64> = None;
    let mut checked = 0;
    for scopes in combos {
        if let Some(id) = previous {
            revoke(app, id).await;
        }
        let rep = register_ok(
            app,
            ANNA,
            TOLVAN,
            "trustee",
            serde_json::to_value(&scopes).unwrap(),
            None,
            None,
        )
        .await;
        previous = Some(rep.id);
        // A fresh pending upload of Tolvan's for the DELETE route.
        let pending = upload_ok(app, tolvan, "tolvans").await;
        // Tolvan's own draft in his matter, for the draft routes.
        let r = app
            .as_person(
                tolvan,
                Method::PUT,
                &format!("/api/matters/{}/draft", matter.id),
                &json!({"subject": "Tolvans utkast", "body": "Påbörjat"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        switch_ok(app, anna, tolvan_id).await;

        let routes = citizen_routes(matter, msg, &pending);
        for route in routes {
            let before = (
                count(app, "SELECT COUNT(*) FROM messages").await,
                count(app, "SELECT COUNT(*) FROM documents").await,
                count(app, "SELECT COUNT(*) FROM contact_details").await,
                drafts(app).await,
            );
            let r = match &route.send {
                Send::Get => app.get(&route.path, Some(&anna.cookie)).await,
                Send::Json(body) => {
                    app.as_person(anna, route.method.clone(), &route.path, body)
                        .await
                }
                Send::Upload => app.upload(anna, Some("fran-god-man.pdf"), &pdf("gm")).await,
            };
            let allowed = route.needs.is_none_or(|(area, level)| {
                minsida_api::representation::scopes_allow(&scopes, area, level)
            });
            let what = format!("{} {} with {scopes:?}", route.method, route.path);
            if allowed {
                assert_eq!(r.status, route.allowed, "{what}: {}", r.text());
            } else {
                let body = r.assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
                assert!(!r.text().contains("Tolvan"), "{what}: {}", body.message);
                let after = (
                    count(app, "SELECT COUNT(*) FROM messages").await,
                    count(app, "SELECT COUNT(*) FROM documents").await,
                    count(app, "SELECT COUNT(*) FROM contact_details").await,
                    drafts(app).await,
                );
                assert_eq!(before, after, "{what} changed something");
                // A refusal keeps the session on the party: the mandate is still valid.
                assert_eq!(
                    session(app, anna).await.acting_as.map(|a| a.party.id),
                    Some(tolvan_id),
                    "{what}"
                );
            }
            checked += 1;
        }
        // The display settings saved were Anna's own, never Tolvan's.
        let tolvans_prefs: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM accessibility_prefs WHERE person_id = $1")
                .bind(tolvan_id)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert_eq!(tolvans_prefs, 0);
    }
    assert_eq!(checked, expected);
}

/// Every refusal was audited with both identities; drafts read, saved and discarded for
/// Tolvan are his, with both identities and the role (and `drafts_touched` were); Anna never
/// had a draft of her own.
async fn check_audit(case: &Case, drafts_touched: &[&str]) {
    let (app, tolvan_id) = (&case.app, case.tolvan_id);
    // Every refusal was audited with both identities.
    let denied = audit_rows(app, "access_denied").await;
    assert!(!denied.is_empty());
    let anna_id = app.person_id(ANNA).await;
    assert!(denied
        .iter()
        .all(|r| r.1 == Some(anna_id) && r.2 == Some(tolvan_id)));
    // Drafts read, saved and discarded for Tolvan are his, with both identities and the role.
    for action in ["read_draft", "save_draft", "delete_draft"] {
        let rows: Vec<_> = audit_rows(app, action)
            .await
            .into_iter()
            .filter(|r| r.1 == Some(anna_id))
            .collect();
        if drafts_touched.contains(&action) {
            assert!(!rows.is_empty(), "{action}");
        }
        assert!(
            rows.iter().all(|r| r.2 == Some(tolvan_id)
                && r.3.as_deref() == Some("trustee")
                && r.4.is_some()),
            "{action}: {rows:?}"
        );
    }
    // Anna never had a draft of her own: every draft saved while acting was Tolvan's.
    assert_eq!(
        count(
            app,
            &format!("SELECT COUNT(*) FROM drafts WHERE person_id = {anna_id}")
        )
        .await,
        0
    );
}

/// Read, then act, in one area.
fn read_then_act(area: Area) -> Vec<Vec<Scope>> {
    vec![
        vec![scope(area, AccessLevel::Read)],
        vec![scope(area, AccessLevel::Act)],
    ]
}

#[tokio::test]
async fn the_personal_data_scope_opens_only_personal_data_routes() {
    let case = setup().await;
    check_every_route(&case, read_then_act(Area::PersonalData)).await;
    check_audit(&case, &[]).await;
}

#[tokio::test]
async fn the_messages_scope_opens_only_message_routes() {
    let case = setup().await;
    check_every_route(&case, read_then_act(Area::Messages)).await;
    check_audit(&case, &[]).await;
}

#[tokio::test]
async fn the_matters_scope_opens_only_matter_and_draft_routes() {
    let case = setup().await;
    check_every_route(&case, read_then_act(Area::Matters)).await;
    check_audit(&case, &["read_draft", "save_draft", "delete_draft"]).await;
}

#[tokio::test]
async fn the_preferences_scope_opens_only_preference_routes() {
    let case = setup().await;
    check_every_route(&case, read_then_act(Area::Preferences)).await;
    check_audit(&case, &[]).await;
}

#[tokio::test]
async fn reading_every_area_allows_no_change() {
    let case = setup().await;
    check_every_route(
        &case,
        vec![Area::ALL
            .iter()
            .map(|a| scope(*a, AccessLevel::Read))
            .collect()],
    )
    .await;
    check_audit(&case, &["read_draft"]).await;
}

#[tokio::test]
async fn scopes_of_several_areas_add_up() {
    let case = setup().await;
    check_every_route(
        &case,
        vec![vec![
            scope(Area::Messages, AccessLevel::Act),
            scope(Area::Matters, AccessLevel::Read),
        ]],
    )
    .await;
    check_audit(&case, &["read_draft"]).await;
}

#[tokio::test]
async fn grants_are_given_and_revoked_only_while_acting_for_oneself() {
    let case = setup().await;
    let (app, anna) = (&case.app, &case.anna);
    register_ok(
        app,
        ANNA,
        TOLVAN,
        "trustee",
        json!([{"area": "messages", "level": "read"}]),
        None,
        None,
    )
    .await;
    switch_ok(app, anna, case.tolvan_id).await;
    // Grants are given and revoked only while acting for oneself.
    app.as_person(
        anna,
        Method::POST,
        "/api/me/grants",
        &json!({"personal_number": LARS, "scopes": [{"area": "messages", "level": "read"}], "valid_until": "2025-07-01"}),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    app.as_person(anna, Method::DELETE, "/api/me/grants/1", &json!(null))
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert_eq!(
        count(
            app,
            "SELECT COUNT(*) FROM representations WHERE source = 'grant'"
        )
        .await,
        0
    );
}
