//! Login. Lists the identity providers the server offers: e-ID brokers speaking OpenID
//! Connect (a link each: the browser leaves the app for the provider and comes back logged
//! in, or here with `?login_error=`), and the built-in test identity provider when enabled
//! (clearly marked).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use minsida_api::{
    pin::display_pin, AuthProvider, FieldErrorCode, LoginFailure, ProviderKind, TestPerson,
    LOGGED_OUT_QUERY,
};

use crate::api::{field_error_key, use_api, ApiError, AuthState, LoggedOutReason};
use crate::app::HOME_PATH;
use crate::components::{
    ApiErrorMessage, ErrorSummary, Loading, PageTitle, SummaryItem, TextField,
};
use crate::i18n::{use_i18n, Fmt, Key};

/// Where to go after login: a local path from `?next=`, never another site.
fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => HOME_PATH.to_string(),
    }
}

/// The message for a failed login with an identity provider (`?login_error=<code>`); an
/// unknown code gets the general one.
fn failure_key(code: &str) -> Key {
    match LoginFailure::parse(code) {
        Some(LoginFailure::Cancelled) => Key::LoginFailedCancelled,
        Some(LoginFailure::Expired) => Key::LoginFailedExpired,
        Some(LoginFailure::Assurance) => Key::LoginFailedAssurance,
        Some(LoginFailure::UnknownPerson) => Key::LoginFailedUnknownPerson,
        Some(LoginFailure::InvalidIdentity) => Key::LoginFailedInvalidIdentity,
        Some(LoginFailure::Failed) | None => Key::LoginFailedGeneric,
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let query = use_query_map();

    // Already logged in (or just logged in): continue to where the person was going.
    Effect::new(move |_| {
        if let AuthState::LoggedIn(_) = api.auth.get() {
            let next = safe_next(query.get_untracked().get("next"));
            navigate(
                &next,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let notice = move || match api.auth.get() {
        AuthState::Anonymous(Some(LoggedOutReason::Expired)) => Some(Key::SessionExpiredNotice),
        AuthState::Anonymous(Some(LoggedOutReason::LoggedOut)) => Some(Key::LoggedOutNotice),
        // Back from logging out at the identity provider (a new page load).
        AuthState::Anonymous(None) if query.with(|q| q.get_str(LOGGED_OUT_QUERY) == Some("1")) => {
            Some(Key::LoggedOutNotice)
        }
        _ => None,
    };
    let failure = move || {
        query
            .with(|q| q.get(LoginFailure::QUERY))
            .map(|code| failure_key(&code))
    };
    let next = move || safe_next(query.with(|q| q.get("next")));

    let providers = LocalResource::new(move || async move { api.auth_providers().await });

    view! {
        <PageTitle key=Key::LoginTitle/>
        <h1 tabindex="-1">{i18n.tr(Key::LoginTitle)}</h1>
        <div role="status" class="notice-region">
            {move || notice().map(|k| view! { <p class="alert info">{move || i18n.t(k)}</p> })}
        </div>
        <div role="alert" class="notice-region">
            {move || failure().map(|k| view! { <p class="alert error">{move || i18n.t(k)}</p> })}
        </div>
        <p class="lead">{i18n.tr(Key::LoginIntro)}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                providers
                    .get()
                    .map(|result| match result {
                        Ok(list) => {
                            let oidc: Vec<AuthProvider> = list
                                .providers
                                .iter()
                                .filter(|p| p.kind == ProviderKind::Oidc)
                                .cloned()
                                .collect();
                            let test = list.providers.iter().any(|p| p.kind == ProviderKind::Test);
                            view! {
                                {(!oidc.is_empty()).then(|| view! { <EidLogin providers=oidc next=next()/> })}
                                {test.then(|| view! { <TestLogin/> })}
                                {list.providers.is_empty().then(|| view! {
                                    <p class="alert info">{i18n.tr(Key::LoginUnavailable)}</p>
                                })}
                            }
                            .into_any()
                        }
                        Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// A link per e-ID provider: a full page load of the server's start URL (`rel="external"`
/// keeps the router out of it), which sends the browser on to the provider.
#[component]
fn EidLogin(providers: Vec<AuthProvider>, next: String) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    view! {
        <section class="panel eid-login" aria-labelledby="eid-login-heading">
            <h2 id="eid-login-heading">{i18n.tr(Key::LoginEidHeading)}</h2>
            <ul class="provider-list">
                {providers
                    .into_iter()
                    .map(|p| {
                        let href = api.oidc_login_url(&p.id, &next);
                        let name = p.name;
                        view! {
                            <li>
                                <a class="button provider-button" href=href rel="external">
                                    {move || i18n.f(Fmt::LoginWith, &[("name", name.as_str().into())])}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn TestLogin() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let persons = LocalResource::new(move || async move { api.test_persons().await });

    let personal_number = RwSignal::new(String::new());
    let field_error = RwSignal::new(None::<Key>);
    let general_error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let summary_ref = NodeRef::<leptos::html::Div>::new();
    let summary = Signal::derive(move || {
        field_error
            .get()
            .map(|k| {
                vec![SummaryItem {
                    field_id: "personal-number",
                    message: k,
                }]
            })
            .unwrap_or_default()
    });

    // The summary is unhidden by the next render; focus it after that.
    let focus_summary = move || {
        if let Some(el) = summary_ref.get_untracked() {
            leptos::prelude::request_animation_frame(move || {
                let _ = el.focus();
            });
        }
    };

    let login = move |number: String, from_form: bool| {
        busy.set(true);
        general_error.set(None);
        leptos::task::spawn_local(async move {
            match api.test_login(number).await {
                // Navigation happens in the page's effect once the session is set.
                Ok(_) => field_error.set(None),
                Err(e) => {
                    let field = e
                        .fields()
                        .iter()
                        .find(|f| f.field == "personal_number")
                        .map(|f| field_error_key(f.code));
                    if from_form && field.is_some() {
                        field_error.set(field);
                        focus_summary();
                    } else {
                        general_error.set(Some(e));
                    }
                }
            }
            busy.set(false);
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = personal_number.get_untracked();
        if value.trim().is_empty() {
            field_error.set(Some(field_error_key(FieldErrorCode::Required)));
            focus_summary();
            return;
        }
        login(value, true);
    };

    // The section appears once, with its list of test persons: a list arriving later would
    // push the form below it down under the reader (layout shift).
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || persons.get().map(|result| view! {
                <section class="panel test-idp" aria-labelledby="test-idp-heading">
                    <h2 id="test-idp-heading">{i18n.tr(Key::LoginTestHeading)}</h2>
                    <p class="alert warning">{i18n.tr(Key::LoginTestWarning)}</p>
                    {move || general_error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
                    <h3>{i18n.tr(Key::LoginChoosePerson)}</h3>
                    {match result {
                        Ok(list) => view! { <PersonList persons=list busy=busy on_login=move |n| login(n, false)/> }.into_any(),
                        Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
                    }}
                    <h3>{i18n.tr(Key::LoginManualHeading)}</h3>
                    <form class="form" novalidate on:submit=on_submit>
                        <ErrorSummary items=summary node_ref=summary_ref/>
                        <TextField
                            id="personal-number"
                            label=Key::LoginPersonalNumber
                            hint=Key::LoginPersonalNumberHint
                            value=personal_number
                            error=field_error
                            inputmode="numeric"
                            autocomplete="off"
                        />
                        <button type="submit" class="button" disabled=move || busy.get()>
                            {move || i18n.t(if busy.get() { Key::LoginInProgress } else { Key::LoginButton })}
                        </button>
                    </form>
                </section>
            })}
        </Suspense>
    }
}

#[component]
fn PersonList(
    persons: Vec<TestPerson>,
    busy: RwSignal<bool>,
    on_login: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="person-list">
            {persons
                .into_iter()
                .map(|p| {
                    let number = p.personal_number.clone();
                    let name = p.name.clone();
                    view! {
                        <li>
                            <button
                                type="button"
                                class="button secondary person-button"
                                disabled=move || busy.get()
                                on:click=move |_| on_login(number.clone())
                            >
                                <span class="visually-hidden">{move || format!("{} ", i18n.t(Key::LoginAs))}</span>
                                <span class="person-name">{name}</span>
                                <span class="person-number">{display_pin(&p.personal_number)}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::{failure_key, safe_next};
    use crate::i18n::Key;
    use minsida_api::LoginFailure;

    #[test]
    fn every_login_failure_has_its_own_message_and_unknown_codes_the_general_one() {
        let keys: Vec<Key> = LoginFailure::ALL
            .iter()
            .map(|f| failure_key(f.as_str()))
            .collect();
        assert_eq!(failure_key("failed"), Key::LoginFailedGeneric);
        assert_eq!(failure_key("assurance"), Key::LoginFailedAssurance);
        assert_eq!(failure_key("cancelled"), Key::LoginFailedCancelled);
        assert_eq!(failure_key("nonsense"), Key::LoginFailedGeneric);
        assert_eq!(failure_key(""), Key::LoginFailedGeneric);
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b, "two failures share a message");
            }
        }
    }

    #[test]
    fn next_only_allows_local_paths() {
        assert_eq!(safe_next(Some("/mina-uppgifter".into())), "/mina-uppgifter");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/");
    }
}
