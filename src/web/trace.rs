//! One span a request, carrying its correlation id: every line a handler
//! logs names it, and an error page shows it, so operators find the lines of
//! a request a citizen reports.

use rocket::route::{self, Handler, Route};
use rocket::{Data, Request};
use tracing::Instrument;

/// A request's correlation id, made when first asked for.
struct Correlation(String);

tokio::task_local! {
    /// The correlation id of the request being handled.
    static CURRENT: String;
}

/// The correlation id of `request`.
pub fn correlation(request: &Request<'_>) -> String {
    request
        .local_cache(|| Correlation(crate::crypto::b64url(crate::crypto::random_bytes(9))))
        .0
        .clone()
}

/// The correlation id of the request being handled, if any.
pub fn current() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok()
}

/// A route handler run inside its request's span.
#[derive(Clone)]
struct Traced(Box<dyn Handler>);

#[rocket::async_trait]
impl Handler for Traced {
    async fn handle<'r>(&self, request: &'r Request<'_>, data: Data<'r>) -> route::Outcome<'r> {
        let id = correlation(request);
        let route = request.route().and_then(|r| r.name.as_deref()).unwrap_or("unnamed");
        let span = tracing::info_span!("request", correlation = %id, method = %request.method(), route);
        CURRENT.scope(id, self.0.handle(request, data).instrument(span)).await
    }
}

/// The same routes, each handled inside its request's span.
pub fn traced(routes: Vec<Route>) -> Vec<Route> {
    routes
        .into_iter()
        .map(|mut route| {
            route.handler = Box::new(Traced(route.handler.clone()));
            route
        })
        .collect()
}
