//! Requests tied to the reactive owner that starts them, and aborted when it is cleaned up.

use std::future::Future;

use gloo_net::http::{RequestBuilder, Response};
use leptos::prelude::*;
use leptos::reactive::send_wrapper_ext::SendOption;
use serde::Serialize;

use super::ApiError;

/// One request's tie to the reactive owner that started it: a page, a part of a page, or a
/// resource (whose owner is replaced each time it loads again).
///
/// When that owner is cleaned up (the person left the page) the request is aborted through
/// its `AbortController`, and the call never completes: the task waiting for it is dropped
/// without running another line, so a late answer can never touch a page that is gone, and
/// no error is shown for it. This holds for every step of a call, also when the answer had
/// already arrived but the waiting task had not run yet.
///
/// A request started outside any owner (in a task spawned with plain `spawn_local`, or in a
/// timer) is not tied to anything and always completes. The pages use that on purpose for
/// what must reach the server whatever the person does next: sending, saving, deleting,
/// logging out.
pub(super) struct InFlight {
    controller: Option<web_sys::AbortController>,
}

impl InFlight {
    /// A request starting now, tied to the current owner if there is one.
    pub(super) fn start() -> Self {
        let controller = Owner::current().and_then(|_| web_sys::AbortController::new().ok());
        if let Some(controller) = &controller {
            on_owner_cleanup(controller.clone(), web_sys::AbortController::abort);
        }
        Self { controller }
    }

    /// A request that is never aborted.
    pub(super) fn detached() -> Self {
        Self { controller: None }
    }

    /// Whether the request is tied to an owner (and aborted when it is cleaned up).
    pub(super) fn is_tied(&self) -> bool {
        self.controller.is_some()
    }

    fn aborted(&self) -> bool {
        self.controller
            .as_ref()
            .is_some_and(|c| c.signal().aborted())
    }

    /// Waits for one step of the request and hands on its outcome, unless the request was
    /// aborted meanwhile: then this never completes.
    pub(super) async fn step<T>(&self, step: impl Future<Output = T>) -> T {
        let outcome = step.await;
        if self.aborted() {
            return std::future::pending().await;
        }
        outcome
    }

    /// Sends the request with this request's abort signal.
    pub(super) async fn send(&self, builder: RequestBuilder) -> Result<Response, ApiError> {
        self.step(self.with_signal(builder).send())
            .await
            .map_err(|_| ApiError::Network)
    }

    /// Sends the request with a JSON body and this request's abort signal.
    pub(super) async fn send_json<B: Serialize>(
        &self,
        builder: RequestBuilder,
        body: &B,
    ) -> Result<Response, ApiError> {
        let request = self
            .with_signal(builder)
            .json(body)
            .map_err(|_| ApiError::Decode)?;
        self.step(request.send())
            .await
            .map_err(|_| ApiError::Network)
    }

    fn with_signal(&self, builder: RequestBuilder) -> RequestBuilder {
        match &self.controller {
            Some(controller) => builder.abort_signal(Some(&controller.signal())),
            None => builder,
        }
    }
}

/// Calls `abort(&value)` when the current reactive owner is cleaned up (nothing without one).
pub(super) fn on_owner_cleanup<T: 'static>(value: T, abort: fn(&T)) {
    // Cleanups must be `Send + Sync`; the browser's objects stay on its one thread.
    let value = SendOption::new_local(Some(value));
    on_cleanup(move || {
        if let Some(value) = value.take() {
            abort(&value);
        }
    });
}
