//! Accessibility and language preferences: applied instantly to the document, remembered on
//! the device before login, and kept in the person's profile after login so they follow the
//! person to another device.

use leptos::prelude::*;
use minsida_api::a11y::{AccessibilityPrefs, Motion};

use crate::api::{Api, AuthState};
use crate::browser;
use crate::i18n::{I18n, Lang};

const STORAGE_KEY: &str = "minsida.a11y";
/// Set while the device holds choices made when logged out that the profile has not got yet:
/// at the next login they win over the profile's (the person chose them most recently).
const UNSYNCED_KEY: &str = "minsida.a11y.unsynced";

/// Where the last change was saved, for the settings page's status message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Device,
    DeviceAndProfile,
}

/// The preferences in effect; provided as context by the app shell.
#[derive(Clone, Copy)]
pub struct A11y {
    pub prefs: RwSignal<AccessibilityPrefs>,
    pub saved: RwSignal<Option<Saved>>,
    api: Api,
    /// A profile save is in flight / another change came in meanwhile: saves are sent one at a
    /// time, the last one with the latest preferences, so the profile never ends up with an
    /// in-between value.
    saving: StoredValue<bool>,
    dirty: StoredValue<bool>,
}

pub fn use_a11y() -> A11y {
    expect_context::<A11y>()
}

impl A11y {
    /// Read the device's preferences, apply them now and keep the document, the device and
    /// (when logged in) the profile in step from here on.
    pub fn provide(api: Api, i18n: I18n) -> Self {
        let stored = browser::local_storage_get(STORAGE_KEY)
            .and_then(|s| serde_json::from_str::<AccessibilityPrefs>(&s).ok())
            .unwrap_or_default();
        let a11y = Self {
            prefs: RwSignal::new(stored),
            saved: RwSignal::new(None),
            api,
            saving: StoredValue::new(false),
            dirty: StoredValue::new(false),
        };
        provide_context(a11y);

        // Document attributes and the easy-to-read switch follow the preferences.
        Effect::new(move |_| {
            let p = a11y.prefs.get();
            apply_to_document(&p);
            i18n.set_easy_read(p.easy_read);
            // Nothing is stored for the defaults: a device nobody has changed keeps no trace
            // (a customer terminal's storage stays empty between visitors).
            if p == AccessibilityPrefs::default() {
                browser::local_storage_remove(STORAGE_KEY);
            } else if let Ok(json) = serde_json::to_string(&p) {
                browser::local_storage_set(STORAGE_KEY, &json);
            }
        });

        // The language is part of the preferences: a switch in the header is remembered too.
        Effect::new(move |previous: Option<Lang>| {
            let lang = i18n.lang.get();
            if previous.is_some_and(|p| p != lang) {
                a11y.change(move |p| p.language = Some(lang.tag().to_string()));
            }
            lang
        });

        // After login: choices made on this device while logged out win and go to the profile;
        // otherwise the profile's preferences apply (a profile without any gets the device's).
        let logged_in = Memo::new(move |_| matches!(api.auth.get(), AuthState::LoggedIn(_)));
        Effect::new(move |_| {
            if !logged_in.get() {
                return;
            }
            if browser::local_storage_get(UNSYNCED_KEY).is_some() {
                a11y.save_to_profile();
                return;
            }
            leptos::task::spawn_local(async move {
                match api.accessibility_prefs().await {
                    Ok(stored) => match stored.prefs {
                        Some(p) => {
                            if let Some(lang) = p.language.as_deref().and_then(Lang::from_tag) {
                                if lang != i18n.lang.get_untracked() {
                                    i18n.set(lang);
                                }
                            }
                            a11y.prefs.set(p);
                        }
                        None if a11y.prefs.get_untracked() != AccessibilityPrefs::default() => {
                            let _ = api
                                .save_accessibility_prefs(&a11y.prefs.get_untracked())
                                .await;
                        }
                        None => {}
                    },
                    Err(_) => {
                        // The device's preferences stay in effect; nothing to tell the person.
                    }
                }
            });
        });
        a11y
    }

    /// Change the preferences: applied at once, saved on the device and, when logged in, in
    /// the profile.
    pub fn change(&self, f: impl FnOnce(&mut AccessibilityPrefs)) {
        self.prefs.update(f);
        browser::keep_focus_in_view();
        if matches!(self.api.auth.get_untracked(), AuthState::LoggedIn(_)) {
            self.save_to_profile();
        } else {
            browser::local_storage_set(UNSYNCED_KEY, "1");
            self.saved.set(Some(Saved::Device));
        }
    }

    /// Save the current preferences in the profile, one request at a time.
    fn save_to_profile(&self) {
        if self.saving.get_value() {
            self.dirty.set_value(true);
            return;
        }
        self.saving.set_value(true);
        let this = *self;
        leptos::task::spawn_local(async move {
            loop {
                let prefs = this.prefs.get_untracked();
                let result = this.api.save_accessibility_prefs(&prefs).await;
                if this.dirty.get_value() {
                    this.dirty.set_value(false);
                    continue;
                }
                this.saving.set_value(false);
                let saved = match result {
                    Ok(_) => {
                        browser::local_storage_remove(UNSYNCED_KEY);
                        Saved::DeviceAndProfile
                    }
                    Err(_) => Saved::Device,
                };
                this.saved.set(Some(saved));
                break;
            }
        });
    }
}

/// `data-*` attributes on `<html>` that the style sheet turns into the chosen modes. `auto`
/// values leave the attribute out, so the device's media queries decide.
fn apply_to_document(p: &AccessibilityPrefs) {
    let text_size = p.text_size.percent().to_string();
    browser::set_root_attr(
        "data-text-size",
        (text_size != "100").then_some(text_size.as_str()),
    );
    browser::set_root_attr(
        "data-theme",
        Some(p.theme.as_str()).filter(|t| *t != "auto"),
    );
    browser::set_root_attr(
        "data-motion",
        (p.motion == Motion::Reduce).then_some("reduce"),
    );
    browser::set_root_attr("data-spacing", p.text_spacing.then_some("wide"));
    browser::set_root_attr("data-font", p.readable_font.then_some("readable"));
}
