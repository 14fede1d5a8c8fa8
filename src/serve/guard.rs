//! The checks every request passes before a handler sees it: the Host
//! header must be one of ours (DNS rebinding), the Origin, when sent, too
//! (cross-site posts), and the request must carry the token printed at
//! start, as a cookie set on the first visit to the printed address.
//! Every response gets headers that keep the page from being framed,
//! cached or sniffed, and from loading anything from elsewhere.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::app::App;
use super::pages;

/// The token as a query parameter of the printed address.
pub const TOKEN_PARAM: &str = "t";

/// Compares two strings in time that depends only on their lengths.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The value of cookie `name` in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The value of query parameter `name`.
pub fn query_param<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `query` without parameter `name`.
fn without_param(query: Option<&str>, name: &str) -> String {
    query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
        .collect::<Vec<_>>()
        .join("&")
}

fn refuse(app: &App, status: StatusCode, headers: &HeaderMap, what: pages::Refusal) -> Response {
    let lang = app.lang(headers, None);
    (status, pages::refusal(lang, what)).into_response()
}

/// The middleware: Host, Origin and token, then the handler, then the
/// response headers.
pub async fn check(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    if !host
        .as_deref()
        .is_some_and(|h| app.hosts.iter().any(|a| a == h))
    {
        return harden(refuse(
            &app,
            StatusCode::FORBIDDEN,
            headers,
            pages::Refusal::Host,
        ));
    }
    let origin_ok = |value: &str| {
        let value = value.to_ascii_lowercase();
        app.hosts
            .iter()
            .any(|h| value == format!("http://{h}") || value == format!("https://{h}"))
    };
    if let Some(origin) = headers.get(header::ORIGIN) {
        if !origin.to_str().is_ok_and(origin_ok) {
            return harden(refuse(
                &app,
                StatusCode::FORBIDDEN,
                headers,
                pages::Refusal::Origin,
            ));
        }
    } else if request.method() != Method::GET && request.method() != Method::HEAD {
        // No Origin on a post: a browser that sends a Referer still has to
        // come from here.
        if let Some(referer) = headers.get(header::REFERER).and_then(|r| r.to_str().ok()) {
            let from = referer.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
            if !origin_ok(&from) {
                return harden(refuse(
                    &app,
                    StatusCode::FORBIDDEN,
                    headers,
                    pages::Refusal::Origin,
                ));
            }
        }
    }
    // A link to the printed address from a chat or a mail in the browser
    // is a cross-site GET, and harmless: GETs change nothing. Anything
    // else must come from the page itself.
    let safe = request.method() == Method::GET || request.method() == Method::HEAD;
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !safe
        && !matches!(site, "same-origin" | "none")
    {
        return harden(refuse(
            &app,
            StatusCode::FORBIDDEN,
            headers,
            pages::Refusal::Origin,
        ));
    }

    let from_cookie = cookie(headers, &app.cookie).is_some_and(|t| same(t, &app.token));
    let query = request.uri().query();
    let from_query = query_param(query, TOKEN_PARAM).is_some_and(|t| same(t, &app.token));
    if !from_cookie && !from_query {
        return harden(refuse(
            &app,
            StatusCode::UNAUTHORIZED,
            headers,
            pages::Refusal::Token,
        ));
    }
    let lang_cookie = query_param(query, "lang")
        .filter(|l| matches!(*l, "sv" | "en"))
        .map(|l| format!("lofte-lang={l}; Path=/; SameSite=Strict"));
    let set_token = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict",
        app.cookie, app.token
    );
    if from_query && request.method() == Method::GET {
        // Keep the token out of the address bar, history and Referer: set
        // the cookie and load the same page without it.
        let rest = without_param(query, TOKEN_PARAM);
        let path = request.uri().path();
        let location = if rest.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{rest}")
        };
        let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
        if let Ok(v) = HeaderValue::from_str(&set_token) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
        if let Some(v) = lang_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
        return harden(response);
    }
    let mut response = next.run(request).await;
    if let Some(v) = lang_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    harden(response)
}

/// Headers on every response: nothing from elsewhere, no framing by other
/// sites, no caching of pages that show names from the logs.
fn harden(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; object-src 'self'; frame-src 'self'; \
             frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_and_queries_are_read_by_exact_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; lofte-8080=abc; b=2"),
        );
        assert_eq!(cookie(&h, "lofte-8080"), Some("abc"));
        assert_eq!(cookie(&h, "lofte-80"), None);
        assert_eq!(query_param(Some("x=1&t=zz&lang=en"), "t"), Some("zz"));
        assert_eq!(without_param(Some("x=1&t=zz&lang=en"), "t"), "x=1&lang=en");
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }
}
