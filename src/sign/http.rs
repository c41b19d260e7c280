//! The little HTTP signing needs: posting a time-stamp request and fetching
//! a CRL. Every request has a time limit and every response a size limit,
//! so a slow or hostile server cannot hang or flood an issue run.

use std::time::Duration;

/// The largest response accepted: time-stamp tokens are a few KiB and CRLs
/// of the CAs pto meets a few MiB at most.
pub const MAX_RESPONSE: u64 = 16 * 1024 * 1024;

/// Why a request failed, in Dutch, without the response body.
pub type HttpError = String;

fn agent(timeout: Duration) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(3)
        .user_agent(concat!("pto/", env!("CARGO_PKG_VERSION")))
        .build();
    ureq::Agent::new_with_config(config)
}

fn describe(error: ureq::Error) -> HttpError {
    match error {
        ureq::Error::Timeout(_) => "geen antwoord binnen de tijdslimiet".into(),
        ureq::Error::HostNotFound => "de server is onbekend (DNS)".into(),
        ureq::Error::Io(e) => format!("verbinding mislukt: {}", e.kind()),
        ureq::Error::BadUri(uri) => format!("ongeldige URL: {uri}"),
        ureq::Error::BodyExceedsLimit(_) => "het antwoord is te groot".into(),
        other => format!("verbinding mislukt: {other}"),
    }
}

/// POSTs `body` as `content_type` and returns the response body if the
/// status is 200 and the content type is `accept`.
pub fn post(
    url: &str,
    content_type: &str,
    accept: &str,
    body: &[u8],
    timeout: Duration,
) -> Result<Vec<u8>, HttpError> {
    let response = agent(timeout)
        .post(url)
        .header("Content-Type", content_type)
        .header("Accept", accept)
        .send(body)
        .map_err(describe)?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(format!("de server antwoordt met HTTP-status {status}"));
    }
    let got = response
        .headers()
        .get("Content-Type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !got.starts_with(accept) {
        return Err(format!(
            "de server antwoordt met inhoudstype \u{201c}{got}\u{201d} in plaats van {accept}"
        ));
    }
    read_body(response)
}

/// GETs `url` and returns the body if the status is 200.
pub fn get(url: &str, timeout: Duration) -> Result<Vec<u8>, HttpError> {
    let response = agent(timeout).get(url).call().map_err(describe)?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(format!("de server antwoordt met HTTP-status {status}"));
    }
    read_body(response)
}

/// The response's body, at most [`MAX_RESPONSE`] bytes.
fn read_body(mut response: ureq::http::Response<ureq::Body>) -> Result<Vec<u8>, HttpError> {
    response
        .body_mut()
        .with_config()
        .limit(MAX_RESPONSE)
        .read_to_vec()
        .map_err(describe)
}
