//! Min sida: the citizen-facing single-page app.

mod a11y;
mod api;
mod app;
mod browser;
mod components;
mod i18n;
mod lazy;
mod pages;
mod terminal;

use wasm_bindgen::prelude::wasm_bindgen;

/// Runs once when the module has been instantiated (`boot.js` or Trunk's loader calls `init`).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document");
    let root = document
        .get_element_by_id("app")
        .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
        .expect("index.html has <div id=\"app\">");
    // Remove the static "loading" text that is shown until the app has started.
    root.set_inner_html("");
    leptos::mount::mount_to(root, app::App).forget();
}
