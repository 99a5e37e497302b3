//! Login through a real OpenID Connect provider (npm `oidc-provider`, started by each test as
//! a plain process): the authorization code flow with PKCE end to end, and what happens when
//! the person cancels, has too low a level of assurance, is not in the register, comes back
//! too late, or when the `state` or the code is not the one this browser's login started.

use axum::http::StatusCode;
use minsida_api::{LogoutOutcome, SessionStatus};

use crate::common::oidc::{AtProvider, ProviderBrowser, RealProvider, PROVIDER_ID};
use crate::common::{cookie_pair, Options, TestApp, TestResponse, ANNA, LARS, TOLVAN};

const ELSA_NOT_IN_REGISTER: &str = "194906152386";

async fn app_with(provider: &RealProvider, client: &str) -> TestApp {
    TestApp::with(Options {
        oidc_providers: vec![provider.config(client, &["loa3", "loa4"])],
        ..Options::default()
    })
    .await
}

/// A login begun at Min sida: the provider's URL and the transaction cookie.
struct Started {
    location: String,
    cookie: String,
}

async fn start(app: &TestApp, next: &str) -> Started {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("next", next)
        .finish();
    let r = app
        .get(&format!("/api/auth/oidc/{PROVIDER_ID}/start?{query}"), None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let set = r.set_cookie();
    assert!(set.starts_with("minsida_login="), "{set}");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Max-Age=600")
    );
    Started {
        location: r.header("location").unwrap().to_string(),
        cookie: cookie_pair(set),
    }
}

async fn callback(app: &TestApp, path: &str, cookies: &[&str]) -> TestResponse {
    let cookie = cookies.join("; ");
    app.get(path, (!cookie.is_empty()).then_some(cookie.as_str()))
        .await
}

/// The session cookie a successful callback set.
fn session_cookie(r: &TestResponse) -> String {
    let set = r
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("minsida_session="))
        .expect("a session cookie");
    cookie_pair(set)
}

fn assert_login_error(r: &TestResponse, location: &str) {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.header("location"), Some(location));
    assert!(
        r.set_cookies()
            .iter()
            .any(|c| c.starts_with("minsida_login=;") && c.contains("Max-Age=0")),
        "the transaction cookie is removed: {:?}",
        r.set_cookies()
    );
    assert!(
        !r.set_cookies()
            .iter()
            .any(|c| c.starts_with("minsida_session=")),
        "no session"
    );
}

#[tokio::test]
async fn a_person_logs_in_at_the_provider_and_lands_on_the_page_asked_for() {
    let provider = RealProvider::start(0).await;
    let app = app_with(&provider, "minsida").await;
    let providers: minsida_api::AuthProviders = app.get("/api/auth/providers", None).await.json();
    assert_eq!(providers.providers[0].id, PROVIDER_ID);
    assert_eq!(providers.providers[0].kind, minsida_api::ProviderKind::Oidc);
    assert_eq!(providers.providers[0].name, "Test-e-legitimation");

    // The person was logged in as Lars on this browser before (a fixed session must end).
    let before = app.login(LARS).await;
    let started = start(&app, "/meddelanden?sida=2").await;
    let url = reqwest::Url::parse(&started.location).unwrap();
    assert!(started
        .location
        .starts_with(&format!("{}/auth?", provider.issuer)));
    let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], "minsida");
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["code_challenge"].len(), 43);
    assert!(q["state"].len() >= 43 && q["nonce"].len() >= 43);
    assert_eq!(q["acr_values"], "loa3 loa4");
    assert_eq!(q["scope"], "openid personal_number profile");
    assert_eq!(
        q["redirect_uri"],
        format!("http://127.0.0.1:8080/api/auth/oidc/{PROVIDER_ID}/callback")
    );

    let mut browser = ProviderBrowser::default();
    let back = browser
        .run(&started.location, AtProvider::LogIn(ANNA))
        .await;
    assert!(
        back.starts_with(&format!("/api/auth/oidc/{PROVIDER_ID}/callback?code=")),
        "{back}"
    );
    let r = callback(&app, &back, &[&started.cookie, &before.cookie]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.header("location"), Some("/meddelanden?sida=2"));
    let session = session_cookie(&r);
    assert!(r
        .set_cookies()
        .iter()
        .any(|c| c.starts_with("minsida_login=;")));

    let (_, status) = app.session_status(Some(&session)).await;
    let SessionStatus::LoggedIn(info) = status else {
        panic!("not logged in: {status:?}");
    };
    assert_eq!(info.person.personal_number, ANNA);
    assert_eq!(info.provider, PROVIDER_ID);
    // The session this browser had before is gone.
    let (_, old) = app.session_status(Some(&before.cookie)).await;
    assert!(!matches!(old, SessionStatus::LoggedIn(_)), "{old:?}");
    // The level of assurance is kept with the session and in the audit log.
    let acr: (Option<String>,) = sqlx::query_as(
        "SELECT acr FROM sessions s JOIN persons p ON p.id = s.person_id WHERE p.personal_number = $1",
    )
    .bind(ANNA)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(acr.0.as_deref(), Some("loa3"));
    let detail: (String,) = sqlx::query_as(
        "SELECT detail FROM audit_events WHERE action = 'login' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let detail: serde_json::Value = serde_json::from_str(&detail.0).unwrap();
    assert_eq!(detail["provider"], PROVIDER_ID);
    assert_eq!(detail["acr"], "loa3");

    // Logging out ends the session here and hands over the provider's logout, which the
    // provider accepts: the same browser gets its confirmation page, not an error.
    let r = app
        .json(
            axum::http::Method::POST,
            "/api/auth/logout",
            "",
            Some(&session),
            Some(&info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let outcome: LogoutOutcome = r.json();
    let logout = outcome
        .provider_logout_url
        .expect("a logout URL at the provider");
    let url = reqwest::Url::parse(&logout).unwrap();
    let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert!(
        logout.starts_with(&format!("{}/session/end", provider.issuer)),
        "{logout}"
    );
    assert_eq!(q["client_id"], "minsida");
    assert_eq!(
        q["post_logout_redirect_uri"],
        "http://127.0.0.1:8080/logga-in?logged_out=1"
    );
    assert!(q["id_token_hint"].starts_with("eyJ"));
    let page = browser.logout_page(&logout).await;
    assert!(page.contains("Vill du logga ut"), "{page}");
    let (_, after) = app.session_status(Some(&session)).await;
    assert!(!matches!(after, SessionStatus::LoggedIn(_)));
}

#[tokio::test]
async fn es256_id_tokens_and_a_rotated_signing_key_are_accepted() {
    let provider = RealProvider::start(0).await;
    let app = app_with(&provider, "minsida-es256").await;
    let started = start(&app, "/").await;
    let back = ProviderBrowser::default()
        .run(&started.location, AtProvider::LogIn(LARS))
        .await;
    let r = callback(&app, &back, &[&started.cookie]).await;
    assert_eq!(
        r.header("location"),
        Some("/"),
        "{:?}",
        r.header("location")
    );
    session_cookie(&r);

    // The provider restarts with new signing keys (same issuer): the first ID token signed
    // with the new key makes Min sida fetch the keys again.
    let provider = provider.restart().await;
    let started = start(&app, "/arenden").await;
    let back = ProviderBrowser::default()
        .run(&started.location, AtProvider::LogIn(ANNA))
        .await;
    let r = callback(&app, &back, &[&started.cookie]).await;
    assert_eq!(r.header("location"), Some("/arenden"), "{}", r.text());
    session_cookie(&r);
    drop(provider);
}

#[tokio::test]
async fn min_sida_can_authenticate_at_the_provider_with_a_signed_jwt() {
    let provider = RealProvider::start(0).await;
    let app = TestApp::with(Options {
        oidc_providers: vec![provider.config_private_key_jwt()],
        ..Options::default()
    })
    .await;
    let started = start(&app, "/").await;
    let back = ProviderBrowser::default()
        .run(&started.location, AtProvider::LogIn(ANNA))
        .await;
    let r = callback(&app, &back, &[&started.cookie]).await;
    assert_eq!(r.header("location"), Some("/"), "{}", r.text());
    session_cookie(&r);
}

#[tokio::test]
async fn a_state_or_code_not_from_this_browsers_login_is_refused() {
    let provider = RealProvider::start(0).await;
    let app = app_with(&provider, "minsida").await;
    let started = start(&app, "/mina-uppgifter").await;
    let back = ProviderBrowser::default()
        .run(&started.location, AtProvider::LogIn(ANNA))
        .await;
    let expired = "/logga-in?login_error=expired&next=%2Fmina-uppgifter";

    // Another state than the one in the cookie (e.g. a link from an attacker's login).
    let forged = regex_replace_state(&back, "forged-state");
    assert_login_error(&callback(&app, &forged, &[&started.cookie]).await, expired);
    // No transaction cookie at all (another browser): nothing to compare with.
    assert_login_error(
        &callback(&app, &back, &[]).await,
        "/logga-in?login_error=expired",
    );
    // A cookie from another login of the same browser.
    let other = start(&app, "/").await;
    assert_login_error(
        &callback(&app, &back, &[&other.cookie]).await,
        "/logga-in?login_error=expired",
    );

    // The right pair logs in, once: the same code again is refused by the provider.
    let r = callback(&app, &back, &[&started.cookie]).await;
    assert_eq!(
        r.header("location"),
        Some("/mina-uppgifter"),
        "{}",
        r.text()
    );
    assert_login_error(
        &callback(&app, &back, &[&started.cookie]).await,
        "/logga-in?login_error=failed&next=%2Fmina-uppgifter",
    );
}

/// RFC 9207 mix-up defence (ASVS 10.2.2): an answer whose `iss` names another issuer is
/// refused before its code is redeemed, so the same code still works with the right answer.
#[tokio::test]
async fn an_answer_from_another_issuer_is_refused_before_its_code_is_used() {
    let provider = RealProvider::start(0).await;
    let app = app_with(&provider, "minsida").await;
    let started = start(&app, "/arenden").await;
    let back = ProviderBrowser::default()
        .run(&started.location, AtProvider::LogIn(ANNA))
        .await;
    let (path, query) = back.split_once('?').unwrap();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .filter(|(k, _)| k != "iss")
        .collect();
    let forged = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&pairs)
        .append_pair("iss", "https://evil.example")
        .finish();
    assert_login_error(
        &callback(&app, &format!("{path}?{forged}"), &[&started.cookie]).await,
        "/logga-in?login_error=failed",
    );
    let r = callback(&app, &back, &[&started.cookie]).await;
    assert_eq!(r.header("location"), Some("/arenden"), "{}", r.text());
    session_cookie(&r);
}

/// ASVS 10.5.3: the provider's metadata must name exactly the issuer configured; metadata
/// served for another issuer (here: the same server reached by another name) is refused, and
/// no login starts.
#[tokio::test]
async fn metadata_naming_another_issuer_is_refused() {
    let provider = RealProvider::start(0).await;
    let mut config = provider.config("minsida", &["loa3"]);
    assert!(config.issuer.contains("127.0.0.1"), "{}", config.issuer);
    config.issuer = config.issuer.replace("127.0.0.1", "localhost");
    let app = TestApp::with(Options {
        oidc_providers: vec![config],
        ..Options::default()
    })
    .await;
    let r = app
        .get(
            &format!("/api/auth/oidc/{PROVIDER_ID}/start?next=%2Farenden"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.header("location"),
        Some("/logga-in?login_error=failed&next=%2Farenden")
    );
    assert!(r.set_cookies().is_empty());
}

fn regex_replace_state(url: &str, state: &str) -> String {
    let (path, query) = url.split_once('?').unwrap();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .map(|(k, v)| {
            if k == "state" {
                (k, state.to_string())
            } else {
                (k, v)
            }
        })
        .collect();
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{path}?{query}")
}

#[tokio::test]
async fn cancelled_too_low_unknown_or_numberless_logins_end_on_the_login_page() {
    let provider = RealProvider::start(0).await;
    let app = app_with(&provider, "minsida").await;
    let sessions = app.session_count().await;
    let cases = [
        (
            AtProvider::Cancel,
            "/logga-in?login_error=cancelled&next=%2Fmeddelanden",
        ),
        // Tolvan's e-ID gives loa2; Min sida accepts loa3 and loa4.
        (
            AtProvider::LogIn(TOLVAN),
            "/logga-in?login_error=assurance&next=%2Fmeddelanden",
        ),
        (
            AtProvider::LogIn(ELSA_NOT_IN_REGISTER),
            "/logga-in?login_error=unknown_person&next=%2Fmeddelanden",
        ),
        (
            AtProvider::LogIn("noclaim"),
            "/logga-in?login_error=invalid_identity&next=%2Fmeddelanden",
        ),
    ];
    for (what, location) in cases {
        let started = start(&app, "/meddelanden").await;
        let back = ProviderBrowser::default()
            .run(&started.location, what)
            .await;
        assert_login_error(&callback(&app, &back, &[&started.cookie]).await, location);
    }
    assert_eq!(app.session_count().await, sessions);
}

#[tokio::test]
async fn a_login_not_finished_within_ten_minutes_has_expired() {
    let provider = RealProvider::start(0).await;
    let app = app_with(&provider, "minsida").await;
    let started = start(&app, "/").await;
    let back = ProviderBrowser::default()
        .run(&started.location, AtProvider::LogIn(ANNA))
        .await;
    app.advance(10 * 60 + 1);
    assert_login_error(
        &callback(&app, &back, &[&started.cookie]).await,
        "/logga-in?login_error=expired",
    );
}

#[tokio::test]
async fn unknown_providers_foreign_targets_and_unreachable_providers() {
    let provider = RealProvider::start(0).await;
    let app = app_with(&provider, "minsida").await;
    app.get("/api/auth/oidc/nope/start", None)
        .await
        .assert_error(
            StatusCode::NOT_FOUND,
            minsida_api::ErrorCode::ProviderDisabled,
        );
    app.get("/api/auth/oidc/nope/callback?code=x&state=y", None)
        .await
        .assert_error(
            StatusCode::NOT_FOUND,
            minsida_api::ErrorCode::ProviderDisabled,
        );

    // `next` pointing to another site is replaced by the start page.
    let started = start(&app, "https://evil.example/").await;
    let back = ProviderBrowser::default()
        .run(&started.location, AtProvider::LogIn(ANNA))
        .await;
    let r = callback(&app, &back, &[&started.cookie]).await;
    assert_eq!(r.header("location"), Some("/"));

    // A provider that cannot be reached: back to the login page, nothing set.
    let mut down = provider.config("minsida", &[]);
    down.issuer = "http://127.0.0.1:9".into();
    let app = TestApp::with(Options {
        oidc_providers: vec![down],
        ..Options::default()
    })
    .await;
    let r = app
        .get(
            &format!("/api/auth/oidc/{PROVIDER_ID}/start?next=%2Farenden"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.header("location"),
        Some("/logga-in?login_error=failed&next=%2Farenden")
    );
    assert!(r.set_cookies().is_empty());
}
