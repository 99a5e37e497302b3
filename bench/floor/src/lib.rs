//! The smallest app built the way Min sida's SPA is (Leptos CSR with a router, the release
//! profile, wasm-bindgen, wasm-opt): what `scripts/bench-size` compares the real first load with.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::StaticSegment;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    view! {
        <Router>
            <main>
                <Routes fallback=|| "Not found">
                    <Route path=StaticSegment("") view=|| view! { <h1>"Min sida"</h1> }/>
                </Routes>
            </main>
        </Router>
    }
}
