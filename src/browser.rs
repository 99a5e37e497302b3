//! Small wrappers around browser APIs used by the shell and pages.

use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

pub fn local_storage_get(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

pub fn local_storage_set(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        // Storage can be full or blocked (private mode); the preference then lasts this visit.
        let _ = storage.set_item(key, value);
    }
}

pub fn local_storage_remove(key: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.remove_item(key);
    }
}

pub fn set_document_title(title: &str) {
    if let Some(doc) = document() {
        doc.set_title(title);
    }
}

/// Set `lang` and `dir` on the root element so screen readers use the right voice and
/// right-to-left languages are laid out mirrored.
pub fn set_root_lang(tag: &str, dir: &str) {
    set_root_attr("lang", Some(tag));
    set_root_attr("dir", Some(dir));
}

/// Set (`Some`) or remove (`None`) an attribute of the root element.
pub fn set_root_attr(name: &str, value: Option<&str>) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = match value {
            Some(v) => root.set_attribute(name, v),
            None => root.remove_attribute(name),
        };
    }
}

/// Focus the first element matching `selector`, after the browser has rendered the change.
pub fn focus_after_render(selector: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = document()
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

thread_local! {
    /// Set on a route change: the new page's heading should get focus, also when the heading
    /// is replaced after the page has loaded its data.
    static ROUTE_FOCUS_PENDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// On a route change: focus the new page's heading after rendering, and remember that the
/// heading should have focus (see [`restore_heading_focus`]).
pub fn focus_heading_on_route_change() {
    ROUTE_FOCUS_PENDING.with(|p| p.set(true));
    focus_after_render("main h1");
}

/// For pages that show a placeholder heading while loading: once the real content is in
/// place, give its heading the focus again if the route change had focused the placeholder
/// (which is gone, so focus fell back to the document body). Does nothing on the first page
/// load or when the person has already moved focus somewhere.
pub fn restore_heading_focus() {
    refocus_heading(true);
}

/// Like [`restore_heading_focus`], for the placeholder of a page whose code is still loading
/// (`crate::lazy`): the page that replaces it may show a placeholder heading of its own until
/// its data has loaded, so the route change's focus request stays pending for that one.
pub fn restore_heading_focus_keep_pending() {
    refocus_heading(false);
}

fn refocus_heading(done: bool) {
    leptos::prelude::request_animation_frame(move || {
        if !ROUTE_FOCUS_PENDING.with(|p| p.get()) {
            return;
        }
        let Some(doc) = document() else { return };
        let lost = match (doc.active_element(), doc.body()) {
            (None, _) => true,
            (Some(active), Some(body)) => active == *body.unchecked_ref::<web_sys::Element>(),
            (Some(_), None) => false,
        };
        if lost {
            if let Some(el) = doc
                .query_selector("main h1")
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        }
        if done {
            ROUTE_FOCUS_PENDING.with(|p| p.set(false));
        }
    });
}

/// After a change that re-flows the page (text size, spacing, font, language), scroll the
/// focused control back into view if it moved out of it, so a keyboard user still sees where
/// they are (WCAG 2.4.11). Runs after the browser has applied the change.
pub fn keep_focus_in_view() {
    leptos::prelude::request_animation_frame(|| {
        let Some(doc) = document() else { return };
        let Some(active) = doc.active_element() else {
            return;
        };
        let is_page = doc
            .body()
            .is_some_and(|b| active == *b.unchecked_ref::<web_sys::Element>())
            || doc.document_element().is_some_and(|root| active == root);
        if !is_page {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
            active.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
}

/// Focus an element by id, for links in an error summary.
pub fn focus_id(id: &str) {
    if let Some(el) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
        el.scroll_into_view();
    }
}

/// Format an RFC 3339 timestamp or `YYYY-MM-DD` date for people, in the given locale.
pub fn format_date(value: &str, locale: &str, with_time: bool) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value));
    if date.get_time().is_nan() {
        return value.to_string();
    }
    let options = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    };
    set("year", "numeric");
    set("month", "long");
    set("day", "numeric");
    if with_time {
        set("hour", "2-digit");
        set("minute", "2-digit");
    } else {
        // A bare date means that calendar day, not midnight UTC shifted to local time.
        set("timeZone", "UTC");
    }
    date.to_locale_string(locale, &options).into()
}

/// Leave the app and load `path` afresh: the wasm memory and every signal are gone.
pub fn hard_navigate(path: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(path);
    }
}

/// Leave the app for `url` (another site, e.g. an identity provider), keeping this page in
/// the history.
pub fn assign_location(url: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(url);
    }
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Open the browser's print dialog for the current page.
pub fn print_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Call `object[method](args...)` and await the promise it returns (for browser APIs that
/// web-sys does not expose or that are missing in some browsers). `None` when the method does
/// not exist or fails.
async fn call_promise(
    object: &wasm_bindgen::JsValue,
    method: &str,
    args: &[wasm_bindgen::JsValue],
) -> Option<wasm_bindgen::JsValue> {
    let f = js_sys::Reflect::get(object, &method.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let array = js_sys::Array::new();
    for a in args {
        array.push(a);
    }
    let promise = f
        .apply(object, &array)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

/// Remove everything this origin keeps in the browser that script can reach: local and
/// session storage, IndexedDB databases, Cache Storage and cookies visible to script. (The
/// session cookie is HttpOnly: the server ends the session and expires it; the terminal's
/// own device cookie is HttpOnly too and stays, so the device stays a terminal.)
pub async fn wipe_client_state() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(s)) = window.local_storage() {
        let _ = s.clear();
    }
    if let Ok(Some(s)) = window.session_storage() {
        let _ = s.clear();
    }
    let global: wasm_bindgen::JsValue = window.clone().into();
    if let Ok(idb) = js_sys::Reflect::get(&global, &"indexedDB".into()) {
        if !idb.is_undefined() && !idb.is_null() {
            if let Some(list) = call_promise(&idb, "databases", &[]).await {
                for db in js_sys::Array::from(&list).iter() {
                    if let Ok(name) = js_sys::Reflect::get(&db, &"name".into()) {
                        if let Ok(f) = js_sys::Reflect::get(&idb, &"deleteDatabase".into())
                            .and_then(|f| f.dyn_into::<js_sys::Function>())
                        {
                            let _ = f.call1(&idb, &name);
                        }
                    }
                }
            }
        }
    }
    if let Ok(caches) = js_sys::Reflect::get(&global, &"caches".into()) {
        if !caches.is_undefined() && !caches.is_null() {
            if let Some(keys) = call_promise(&caches, "keys", &[]).await {
                for key in js_sys::Array::from(&keys).iter() {
                    let _ = call_promise(&caches, "delete", &[key]).await;
                }
            }
        }
    }
    if let Some(doc) = document().and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok()) {
        let cookies = doc.cookie().unwrap_or_default();
        for pair in cookies.split(';') {
            let name = pair.split('=').next().unwrap_or("").trim();
            if !name.is_empty() {
                let _ = doc.set_cookie(&format!("{name}=; Max-Age=0; Path=/"));
            }
        }
    }
}
