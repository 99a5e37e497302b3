//! `/tillganglighet`: the accessibility settings (reachable from every page, also before login).

use leptos::prelude::*;
use leptos_router::components::A;
use minsida_api::a11y::{AccessibilityPrefs, Motion, TextSize, Theme};

use super::STATEMENT_PATH;
use crate::a11y::{use_a11y, Saved};
use crate::components::PageTitle;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let i18n = use_i18n();
    let a11y = use_a11y();
    let reset_done = RwSignal::new(false);
    // Only announce saves made on this page.
    a11y.saved.set(None);

    let theme_key = |t: Theme| match t {
        Theme::Auto => Key::A11yThemeAuto,
        Theme::Light => Key::A11yThemeLight,
        Theme::Dark => Key::A11yThemeDark,
        Theme::HighContrast => Key::A11yThemeHighContrast,
    };
    let reset = move |_| {
        let language = a11y.prefs.get_untracked().language;
        a11y.change(|p| {
            *p = AccessibilityPrefs {
                language,
                ..Default::default()
            }
        });
        reset_done.set(true);
    };
    view! {
        <PageTitle key=Key::A11yTitle/>
        <h1 tabindex="-1">{i18n.tr(Key::A11yTitle)}</h1>
        <p class="lead">{i18n.tr(Key::A11yIntro)}</p>
        <form class="form settings" on:submit=|ev| ev.prevent_default()>
            <fieldset class="choice-group">
                <legend>{i18n.tr(Key::A11yTextSize)}</legend>
                <div class="choices choices-inline">
                    {TextSize::ALL
                        .into_iter()
                        .map(|size| {
                            let id = format!("text-size-{}", size.percent());
                            view! {
                                <div class="choice">
                                    <input
                                        type="radio"
                                        id=id.clone()
                                        name="text-size"
                                        prop:checked=move || a11y.prefs.get().text_size == size
                                        on:change=move |_| { reset_done.set(false); a11y.change(|p| p.text_size = size) }
                                    />
                                    <label for=id>{format!("{} %", size.percent())}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <fieldset class="choice-group">
                <legend>{i18n.tr(Key::A11yTheme)}</legend>
                <div class="choices">
                    {Theme::ALL
                        .into_iter()
                        .map(|theme| {
                            let id = format!("theme-{}", theme.as_str());
                            view! {
                                <div class="choice">
                                    <input
                                        type="radio"
                                        id=id.clone()
                                        name="theme"
                                        prop:checked=move || a11y.prefs.get().theme == theme
                                        on:change=move |_| { reset_done.set(false); a11y.change(|p| p.theme = theme) }
                                    />
                                    <label for=id>{move || i18n.t(theme_key(theme))}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <fieldset class="choice-group">
                <legend>{i18n.tr(Key::A11yMotion)}</legend>
                <div class="choices">
                    {[(Motion::Auto, Key::A11yMotionAuto, "motion-auto"), (Motion::Reduce, Key::A11yMotionReduce, "motion-reduce")]
                        .into_iter()
                        .map(|(motion, key, id)| {
                            view! {
                                <div class="choice">
                                    <input
                                        type="radio"
                                        id=id
                                        name="motion"
                                        prop:checked=move || a11y.prefs.get().motion == motion
                                        on:change=move |_| { reset_done.set(false); a11y.change(|p| p.motion = motion) }
                                    />
                                    <label for=id>{move || i18n.t(key)}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <fieldset class="choice-group">
                <legend>{i18n.tr(Key::A11yReading)}</legend>
                <div class="choices">
                    <div class="choice">
                        <input
                            type="checkbox"
                            id="text-spacing"
                            prop:checked=move || a11y.prefs.get().text_spacing
                            on:change=move |ev| { reset_done.set(false); let on = event_target_checked(&ev); a11y.change(|p| p.text_spacing = on) }
                        />
                        <label for="text-spacing">{i18n.tr(Key::A11ySpacing)}</label>
                    </div>
                    <div class="choice">
                        <input
                            type="checkbox"
                            id="readable-font"
                            prop:checked=move || a11y.prefs.get().readable_font
                            on:change=move |ev| { reset_done.set(false); let on = event_target_checked(&ev); a11y.change(|p| p.readable_font = on) }
                        />
                        <label for="readable-font">{i18n.tr(Key::A11yReadableFont)}</label>
                    </div>
                    <div class="choice">
                        <input
                            type="checkbox"
                            id="easy-read"
                            aria-describedby="easy-read-hint"
                            prop:checked=move || a11y.prefs.get().easy_read
                            on:change=move |ev| { reset_done.set(false); let on = event_target_checked(&ev); a11y.change(|p| p.easy_read = on) }
                        />
                        <label for="easy-read">{i18n.tr(Key::A11yEasyRead)}</label>
                        <p class="hint choice-hint" id="easy-read-hint">{i18n.tr(Key::A11yEasyReadHint)}</p>
                    </div>
                </div>
            </fieldset>
            <button type="button" class="button secondary" on:click=reset>{i18n.tr(Key::A11yReset)}</button>
            <div role="status" class="status-region">
                {move || {
                    let key = if reset_done.get() {
                        Some(Key::A11yResetDone)
                    } else {
                        a11y.saved.get().map(|s| match s {
                            Saved::Device => Key::A11ySavedDevice,
                            Saved::DeviceAndProfile => Key::A11ySavedProfile,
                        })
                    };
                    key.map(|k| view! { <p class="alert success">{move || i18n.t(k)}</p> })
                }}
            </div>
        </form>
        <p><A href=STATEMENT_PATH>{i18n.tr(Key::FooterStatement)}</A></p>
    }
}
