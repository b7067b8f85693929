//! Fetching feeds and article pages over HTTP(S): safely, politely and with bounds.
//!
//! A [`Fetcher`] is a blocking client (ureq with rustls) that
//! - refuses addresses that are not on the public internet (loopback, private, link-local,
//!   unspecified, multicast, CGNAT, unique-local IPv6 and the other special ranges in
//!   [`non_public_reason`]) unless [`FetchConfig::allow_private`] is set. The check runs in
//!   the resolver that hands addresses to the connector, so every address a host name
//!   resolves to is checked and the address actually connected is one that passed: a name
//!   that resolves to a public address once and to 127.0.0.1 the next time (DNS
//!   rebinding) is refused the second time. Proxies are not used, since a proxy would
//!   resolve the host itself and the check would be blind;
//! - follows at most [`FetchConfig::max_redirects`] redirects itself, checking every hop
//!   again (scheme and addresses);
//! - caps the response body ([`FetchConfig::max_bytes`], counted after decompression,
//!   read as a stream so an oversized answer is cut off, not buffered) and the time of
//!   each request ([`FetchConfig::timeout`], [`FetchConfig::connect_timeout`]);
//! - sends a `User-Agent` that names dossier, and conditional-GET validators
//!   ([`Validators`]: `If-None-Match`, `If-Modified-Since`), answering
//!   [`Fetched::NotModified`] on `304`;
//! - retries connection failures, `429` and `5xx` with exponential backoff, honouring a
//!   `Retry-After` that is within [`FetchConfig::max_backoff`];
//! - is polite per host: one request at a time to a host, and at least
//!   [`FetchConfig::host_delay`] between the end of one request and the start of the next.
//!
//! ```no_run
//! use dossier_ingest::fetch::{FetchConfig, Fetched, Fetcher, Validators};
//! let fetcher = Fetcher::new(FetchConfig::default());
//! match fetcher.get("https://news.example/feed.xml", &Validators::default())? {
//!     Fetched::Fresh(page) => println!("{} bytes, etag {:?}", page.bytes.len(), page.validators.etag),
//!     Fetched::NotModified => println!("unchanged"),
//! }
//! # Ok::<(), dossier_ingest::fetch::FetchError>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};
use url::Url;

/// Default cap on a response body: 10 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 10 * 1024 * 1024;

/// The most redirects followed by default (the hop that answers is not counted).
pub const DEFAULT_MAX_REDIRECTS: u32 = 5;

/// The `User-Agent` sent by default: names the program and its version, so site owners
/// can tell what is reading them.
pub const USER_AGENT: &str = concat!(
    "dossier/",
    env!("CARGO_PKG_VERSION"),
    " (news reader for cyber-incident research; respects robots rate limits)"
);

/// What the client accepts: feeds and pages first, anything else last.
const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
    text/html, application/xhtml+xml, application/xml;q=0.9, text/xml;q=0.9, \
    application/json;q=0.8, text/plain;q=0.8, */*;q=0.5";

/// Limits and manners of a [`Fetcher`].
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Fetch from loopback, private, link-local and other non-public addresses too.
    pub allow_private: bool,
    /// Largest response body accepted, in bytes (after decompression).
    pub max_bytes: u64,
    /// Longest one request may take, body included (each redirect hop and retry anew).
    pub timeout: Duration,
    /// Longest to wait for a connection to be set up.
    pub connect_timeout: Duration,
    /// Most redirects followed before giving up.
    pub max_redirects: u32,
    /// Retries after a connection failure, `429` or `5xx` (0 = try once).
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
    /// Longest wait before a retry; a `Retry-After` asking for more gives up instead.
    pub max_backoff: Duration,
    /// Least time between two requests to one host.
    pub host_delay: Duration,
    /// The `User-Agent` header.
    pub user_agent: String,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            allow_private: false,
            max_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_redirects: DEFAULT_MAX_REDIRECTS,
            retries: 3,
            backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
            host_delay: Duration::from_secs(1),
            user_agent: USER_AGENT.to_string(),
        }
    }
}

/// Conditional-GET validators of a resource, as the server last sent them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header (sent back as `If-None-Match`).
    pub etag: Option<String>,
    /// The `Last-Modified` header (sent back as `If-Modified-Since`).
    pub last_modified: Option<String>,
}

impl Validators {
    /// True when there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The URL that answered (after redirects).
    pub url: String,
    /// The HTTP status (2xx).
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body, decompressed when the server sent it compressed.
    pub bytes: Vec<u8>,
    /// The validators to send next time.
    pub validators: Validators,
}

impl Response {
    /// The media type without parameters, lower-cased (`text/html`).
    pub fn media_type(&self) -> Option<String> {
        let ct = self.content_type.as_deref()?;
        let essence = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        (!essence.is_empty()).then_some(essence)
    }

    /// The `charset` parameter of the `Content-Type` header, if any.
    pub fn charset(&self) -> Option<String> {
        let ct = self.content_type.as_deref()?;
        ct.split(';').skip(1).find_map(|param| {
            let (name, value) = param.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| value.trim().trim_matches(['"', '\'']).to_string())
        })
    }
}

/// The outcome of a conditional GET.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The resource, as sent.
    Fresh(Response),
    /// `304 Not Modified`: the copy described by the validators sent is current.
    NotModified,
}

/// Why a fetch failed. Each message names the URL and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The URL is not an absolute http(s) URL.
    #[error("{url}: cannot fetch this ({reason}); give an absolute http:// or https:// URL")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The host is, or resolves to, an address that is not on the public internet.
    #[error("refusing {url}: {what}; pass --allow-private to fetch it", what = describe_blocked(host, *addr, reason))]
    Blocked {
        /// The URL refused.
        url: String,
        /// Its host.
        host: String,
        /// The offending address.
        addr: IpAddr,
        /// The kind of address (`loopback`, `private`, ...).
        reason: &'static str,
    },
    /// The host name does not resolve.
    #[error("{url}: cannot resolve host {host}; check the spelling and the DNS settings")]
    HostNotFound {
        /// The URL.
        url: String,
        /// Its host.
        host: String,
    },
    /// Too many redirects.
    #[error(
        "{url}: more than {limit} redirects; open it in a browser to see where it ends and \
         use that URL"
    )]
    TooManyRedirects {
        /// The URL first asked for.
        url: String,
        /// The limit in force.
        limit: u32,
    },
    /// A redirect without a usable `Location`.
    #[error(
        "{url}: HTTP {status} redirect to {location:?}, which is not a usable URL; use the final URL instead"
    )]
    BadRedirect {
        /// The URL that redirected.
        url: String,
        /// The redirect status.
        status: u16,
        /// The `Location` header (empty when missing).
        location: String,
    },
    /// The body is over the size cap.
    #[error("{url}: response is larger than the {limit}-byte cap; skip it or raise the cap")]
    TooLarge {
        /// The URL.
        url: String,
        /// The cap in force.
        limit: u64,
    },
    /// The server answered with an error status.
    #[error("{url}: HTTP {status}; {advice}")]
    Status {
        /// The URL.
        url: String,
        /// The status.
        status: u16,
        /// What it means and what to do.
        advice: String,
    },
    /// The request took too long.
    #[error(
        "{url}: no complete answer within {secs} s; the site may be slow or down, try again later"
    )]
    Timeout {
        /// The URL.
        url: String,
        /// The limit that was hit, in seconds.
        secs: u64,
        /// True when the connection could not even be set up (worth retrying).
        connecting: bool,
    },
    /// The TLS handshake failed.
    #[error("{url}: TLS failure ({message}); the site's certificate may be invalid or expired")]
    Tls {
        /// The URL.
        url: String,
        /// What the TLS layer said.
        message: String,
    },
    /// The connection failed or broke.
    #[error("{url}: {message}; check the network connection and try again")]
    Network {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
}

impl FetchError {
    /// True for failures that may go away on their own (worth a retry).
    fn is_transient(&self) -> bool {
        match self {
            FetchError::Network { .. } => true,
            FetchError::Timeout { connecting, .. } => *connecting,
            _ => false,
        }
    }
}

fn describe_blocked(host: &str, addr: IpAddr, reason: &str) -> String {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.parse::<IpAddr>().is_ok_and(|ip| ip == addr) {
        format!("{addr} is a {reason} address")
    } else {
        format!("{host} resolves to {addr}, a {reason} address")
    }
}

/// Why `ip` is not a public internet address, or `None` when it is one.
///
/// Refused: unspecified and "this network" (`0.0.0.0/8`, `::`), loopback
/// (`127.0.0.0/8`, `::1`), private (`10/8`, `172.16/12`, `192.168/16`), link-local
/// (`169.254/16`, `fe80::/10`), CGNAT shared space (`100.64/10`), multicast, broadcast,
/// reserved (`240/4`), IETF protocol assignments (`192.0.0/24`), benchmarking
/// (`198.18/15`), documentation ranges, unique-local (`fc00::/7`) and site-local
/// (`fec0::/10`) IPv6, discard-only (`100::/64`), Teredo, and IPv6 forms that embed an
/// IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`,
/// 6to4 `2002::/16`) when the embedded address is refused.
pub fn non_public_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => v6_reason(v6),
    }
}

fn v4_reason(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        (0, _, _) => "unspecified",
        (127, _, _) => "loopback",
        (10, _, _) | (172, 16..=31, _) | (192, 168, _) => "private",
        (169, 254, _) => "link-local",
        (100, 64..=127, _) => "CGNAT (shared address space)",
        (192, 0, 0) => "reserved (IETF protocol assignment)",
        (198, 18..=19, _) => "reserved (benchmarking)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (224..=239, _, _) => "multicast",
        _ if ip.is_broadcast() => "broadcast",
        (240..=255, _, _) => "reserved",
        _ => return None,
    })
}

fn v6_reason(ip: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_reason(v4);
    }
    let s = ip.segments();
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    if s[..6].iter().all(|&x| x == 0) {
        // IPv4-compatible (deprecated); some stacks still route it to the IPv4 host.
        return Some(v4_reason(embedded(s[6], s[7])).unwrap_or("IPv4-compatible (deprecated)"));
    }
    match s[0] {
        x if x & 0xfe00 == 0xfc00 => Some("unique-local"),
        x if x & 0xffc0 == 0xfe80 => Some("link-local"),
        x if x & 0xffc0 == 0xfec0 => Some("site-local (deprecated)"),
        x if x & 0xff00 == 0xff00 => Some("multicast"),
        0x2001 if s[1] == 0x0db8 => Some("documentation"),
        0x2001 if s[1] == 0 => Some("Teredo tunnel"),
        0x0100 if s[1..4].iter().all(|&x| x == 0) => Some("discard-only"),
        0x0064 if s[1] == 0xff9b && s[2..6].iter().all(|&x| x == 0) => {
            v4_reason(embedded(s[6], s[7]))
        }
        0x0064 if s[1] == 0xff9b && s[2] == 1 => Some("private (local-use NAT64)"),
        0x2002 => v4_reason(embedded(s[1], s[2])),
        _ => None,
    }
}

/// The address refused by the resolver, carried through ureq's error type.
#[derive(Debug)]
struct Refused {
    addr: IpAddr,
    reason: &'static str,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is a {} address", self.addr, self.reason)
    }
}

impl std::error::Error for Refused {}

/// The system resolver, refusing a host when any of its addresses is not public. The
/// connector only ever sees addresses this returns, so the check holds for the address
/// actually connected.
#[derive(Debug, Default)]
struct GuardedResolver {
    allow_private: bool,
    /// One address let through despite the policy (tests serve on loopback but must
    /// see the policy applied to every other hop).
    exempt: Option<IpAddr>,
    inner: DefaultResolver,
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addrs = self.inner.resolve(uri, config, timeout)?;
        if !self.allow_private {
            for addr in addrs.iter() {
                if Some(addr.ip()) == self.exempt {
                    continue;
                }
                if let Some(reason) = non_public_reason(addr.ip()) {
                    return Err(ureq::Error::Other(Box::new(Refused {
                        addr: addr.ip(),
                        reason,
                    })));
                }
            }
        }
        Ok(addrs)
    }
}

/// When each host was last done with, behind one lock per host.
type HostSlot = Arc<Mutex<Option<Instant>>>;

/// A blocking HTTP(S) client with the safety limits and manners of [`FetchConfig`].
/// It can be shared between threads; requests to one host are then serialised.
pub struct Fetcher {
    config: FetchConfig,
    agent: ureq::Agent,
    hosts: Mutex<HashMap<String, HostSlot>>,
}

impl fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fetcher")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// One exchange, before redirects and retries are dealt with.
enum Exchange {
    Done(Response),
    NotModified,
    Redirect {
        status: u16,
        location: String,
    },
    Failed {
        status: u16,
        retry_after: Option<Duration>,
    },
}

impl Fetcher {
    /// A client with these limits.
    pub fn new(config: FetchConfig) -> Self {
        Self::build(config, None)
    }

    fn build(config: FetchConfig, exempt: Option<IpAddr>) -> Self {
        let agent_config = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .proxy(None)
            .user_agent(config.user_agent.as_str())
            .accept(ACCEPT)
            .timeout_global(Some(config.timeout))
            .timeout_connect(Some(config.connect_timeout))
            .build();
        let resolver = GuardedResolver {
            allow_private: config.allow_private,
            exempt,
            inner: DefaultResolver::default(),
        };
        let agent = ureq::Agent::with_parts(agent_config, DefaultConnector::default(), resolver);
        Fetcher {
            config,
            agent,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// The limits in force.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// GET `url`, following redirects, with the validators of a copy already held
    /// (pass `Validators::default()` for an unconditional GET).
    pub fn get(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let mut current = parse_http_url(url)?;
        let mut hops = 0;
        loop {
            match self.with_retries(&current, validators)? {
                Exchange::Done(response) => return Ok(Fetched::Fresh(response)),
                Exchange::NotModified => return Ok(Fetched::NotModified),
                Exchange::Redirect { status, location } => {
                    if hops == self.config.max_redirects {
                        return Err(FetchError::TooManyRedirects {
                            url: url.to_string(),
                            limit: self.config.max_redirects,
                        });
                    }
                    hops += 1;
                    let bad = || FetchError::BadRedirect {
                        url: current.to_string(),
                        status,
                        location: location.clone(),
                    };
                    let next = current.join(&location).map_err(|_| bad())?;
                    if !matches!(next.scheme(), "http" | "https") || next.host_str().is_none() {
                        return Err(bad());
                    }
                    current = next;
                }
                Exchange::Failed { status, .. } => {
                    return Err(FetchError::Status {
                        url: current.to_string(),
                        status,
                        advice: status_advice(status).to_string(),
                    });
                }
            }
        }
    }

    /// One hop, retried with backoff on transient failures.
    fn with_retries(&self, url: &Url, validators: &Validators) -> Result<Exchange, FetchError> {
        let mut attempt = 0;
        loop {
            let result = self.politely(url, || self.exchange(url, validators));
            let backoff = self.backoff(attempt);
            let wait = match &result {
                Ok(Exchange::Failed {
                    status,
                    retry_after,
                }) if *status == 429 || *status >= 500 => Some(retry_after.unwrap_or(backoff)),
                Err(e) if e.is_transient() => Some(backoff),
                _ => None,
            };
            match wait {
                Some(wait) if attempt < self.config.retries => {
                    if wait > self.config.max_backoff {
                        // The server asks for a longer pause than we wait: give up now.
                        return match result {
                            Ok(Exchange::Failed { status, .. }) => Err(FetchError::Status {
                                url: url.to_string(),
                                status,
                                advice: format!(
                                    "the server asks to wait {} s before retrying; try again later",
                                    wait.as_secs()
                                ),
                            }),
                            other => other,
                        };
                    }
                    std::thread::sleep(wait);
                    attempt += 1;
                }
                _ => return result,
            }
        }
    }

    /// The exponential backoff before retry number `attempt + 1`.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt).unwrap_or(u32::MAX);
        self.config
            .backoff
            .saturating_mul(factor)
            .min(self.config.max_backoff)
    }

    /// Run `f` holding the host's slot, after the politeness delay since its last request.
    fn politely<T>(&self, url: &Url, f: impl FnOnce() -> T) -> T {
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        let slot = {
            let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(hosts.entry(host).or_default())
        };
        let mut last = slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(done) = *last {
            let ready = done + self.config.host_delay;
            let now = Instant::now();
            if ready > now {
                std::thread::sleep(ready - now);
            }
        }
        let out = f();
        *last = Some(Instant::now());
        out
    }

    /// One request and, for a 2xx answer, its body.
    fn exchange(&self, url: &Url, validators: &Validators) -> Result<Exchange, FetchError> {
        let mut request = self.agent.get(url.as_str());
        if let Some(etag) = validators.etag.as_deref().filter(|v| is_header_safe(v)) {
            request = request.header("If-None-Match", etag);
        }
        if let Some(lm) = validators
            .last_modified
            .as_deref()
            .filter(|v| is_header_safe(v))
        {
            request = request.header("If-Modified-Since", lm);
        }
        let mut response = request.call().map_err(|e| self.map_error(url, e))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        match status {
            304 => Ok(Exchange::NotModified),
            301 | 302 | 303 | 307 | 308 => Ok(Exchange::Redirect {
                status,
                location: header("location").unwrap_or_default(),
            }),
            200..=299 => {
                let content_type = header("content-type");
                let validators = Validators {
                    etag: header("etag"),
                    last_modified: header("last-modified"),
                };
                let limit = self.config.max_bytes;
                let too_large = || FetchError::TooLarge {
                    url: url.to_string(),
                    limit,
                };
                if response
                    .body()
                    .content_length()
                    .is_some_and(|len| len > limit)
                {
                    return Err(too_large());
                }
                let mut bytes = Vec::new();
                response
                    .body_mut()
                    .with_config()
                    .reader()
                    .take(limit.saturating_add(1))
                    .read_to_end(&mut bytes)
                    .map_err(|e| self.map_io_error(url, e))?;
                if bytes.len() as u64 > limit {
                    return Err(too_large());
                }
                Ok(Exchange::Done(Response {
                    url: url.to_string(),
                    status,
                    content_type,
                    bytes,
                    validators,
                }))
            }
            _ => Ok(Exchange::Failed {
                status,
                retry_after: header("retry-after").and_then(|v| parse_retry_after(&v)),
            }),
        }
    }

    fn map_error(&self, url: &Url, error: ureq::Error) -> FetchError {
        let at = url.to_string();
        let host = url.host_str().unwrap_or("").to_string();
        match error {
            ureq::Error::Other(inner) => match inner.downcast::<Refused>() {
                Ok(refused) => FetchError::Blocked {
                    url: at,
                    host,
                    addr: refused.addr,
                    reason: refused.reason,
                },
                Err(other) => FetchError::Network {
                    url: at,
                    message: other.to_string(),
                },
            },
            ureq::Error::HostNotFound => FetchError::HostNotFound { url: at, host },
            ureq::Error::Timeout(which) => {
                let connecting = matches!(which, ureq::Timeout::Connect | ureq::Timeout::Resolve);
                let limit = if connecting {
                    self.config.connect_timeout
                } else {
                    self.config.timeout
                };
                FetchError::Timeout {
                    url: at,
                    secs: limit.as_secs(),
                    connecting,
                }
            }
            ureq::Error::Io(e) => self.map_io_error(url, e),
            ureq::Error::BadUri(reason) => FetchError::BadUrl { url: at, reason },
            e @ (ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::TlsRequired) => {
                FetchError::Tls {
                    url: at,
                    message: e.to_string(),
                }
            }
            e => FetchError::Network {
                url: at,
                message: e.to_string(),
            },
        }
    }

    fn map_io_error(&self, url: &Url, error: std::io::Error) -> FetchError {
        if error.kind() == std::io::ErrorKind::TimedOut {
            return FetchError::Timeout {
                url: url.to_string(),
                secs: self.config.timeout.as_secs(),
                connecting: false,
            };
        }
        // ureq reports its own errors inside io::Error while a body is read.
        match error.into_inner() {
            Some(inner) => match inner.downcast::<ureq::Error>() {
                Ok(e) => self.map_error(url, *e),
                Err(other) => FetchError::Network {
                    url: url.to_string(),
                    message: other.to_string(),
                },
            },
            None => FetchError::Network {
                url: url.to_string(),
                message: "connection failed".into(),
            },
        }
    }
}

/// Parse and vet a URL before any request: absolute, http or https, with a host.
fn parse_http_url(url: &str) -> Result<Url, FetchError> {
    let bad = |reason: &str| FetchError::BadUrl {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let parsed = Url::parse(url).map_err(|e| bad(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad(&format!(
            "scheme {} is not http or https",
            parsed.scheme()
        )));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("no host"));
    }
    Ok(parsed)
}

/// True when a stored validator can be sent back as a header value.
fn is_header_safe(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
}

/// `Retry-After` as seconds or an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// What an error status means for the user.
fn status_advice(status: u16) -> &'static str {
    match status {
        404 | 410 => "the page is gone or the URL is wrong; check the URL",
        401 | 403 => "the site refuses access to this page; it may need a login or block readers",
        429 => "the site is rate-limiting; poll less often and try again later",
        500..=599 => "the server failed; try again later",
        400..=499 => "the server rejected the request; check the URL",
        _ => "unexpected status; check the URL in a browser",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testserver::{Reply, TestServer};

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    #[test]
    fn special_addresses_are_not_public() {
        let cases = [
            ("127.0.0.1", "loopback"),
            ("127.255.0.9", "loopback"),
            ("10.1.2.3", "private"),
            ("172.16.0.1", "private"),
            ("172.31.255.255", "private"),
            ("192.168.1.1", "private"),
            ("169.254.169.254", "link-local"),
            ("0.0.0.0", "unspecified"),
            ("0.1.2.3", "unspecified"),
            ("100.64.0.1", "CGNAT (shared address space)"),
            ("100.127.255.254", "CGNAT (shared address space)"),
            ("224.0.0.1", "multicast"),
            ("239.255.255.250", "multicast"),
            ("255.255.255.255", "broadcast"),
            ("240.0.0.1", "reserved"),
            ("192.0.2.10", "documentation"),
            ("198.18.0.1", "reserved (benchmarking)"),
            ("::1", "loopback"),
            ("::", "unspecified"),
            ("fe80::1", "link-local"),
            ("fc00::1", "unique-local"),
            ("fd12:3456:789a::1", "unique-local"),
            ("ff02::1", "multicast"),
            ("fec0::1", "site-local (deprecated)"),
            ("2001:db8::1", "documentation"),
            ("::ffff:127.0.0.1", "loopback"),
            ("::ffff:10.0.0.1", "private"),
            ("::127.0.0.1", "loopback"),
            ("64:ff9b::a9fe:a9fe", "link-local"),
            ("2002:c0a8:0101::1", "private"),
            ("2001::1", "Teredo tunnel"),
        ];
        for (addr, reason) in cases {
            assert_eq!(non_public_reason(ip(addr)), Some(reason), "{addr}");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for addr in [
            "8.8.8.8",
            "1.1.1.1",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "192.169.0.1",
            "169.253.0.1",
            "223.255.255.255",
            "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:0808:0808::1",
        ] {
            assert_eq!(non_public_reason(ip(addr)), None, "{addr}");
        }
    }

    fn fast(allow_private: bool) -> FetchConfig {
        FetchConfig {
            allow_private,
            backoff: Duration::from_millis(10),
            host_delay: Duration::ZERO,
            timeout: Duration::from_secs(5),
            ..FetchConfig::default()
        }
    }

    #[test]
    fn loopback_is_refused_without_allow_private() {
        let server = TestServer::start(|_| Reply::ok("text/plain", "hello"));
        let fetcher = Fetcher::new(fast(false));
        let err = fetcher
            .get(&server.url("/x"), &Validators::default())
            .expect_err("refused");
        assert!(matches!(err, FetchError::Blocked { .. }), "{err:?}");
        let shown = err.to_string();
        assert!(shown.contains("127.0.0.1 is a loopback address"), "{shown}");
        assert!(shown.contains("pass --allow-private"), "{shown}");
        assert_eq!(server.requests().len(), 0, "no connection was made");
        // A name that resolves to loopback is refused the same way.
        let by_name = server.url("/x").replace("127.0.0.1", "localhost");
        let err = fetcher
            .get(&by_name, &Validators::default())
            .expect_err("refused");
        assert!(err.to_string().contains("localhost resolves to"), "{err}");
    }

    #[test]
    fn conditional_get_answers_not_modified() {
        let server = TestServer::start(|req| {
            if req.header("if-none-match") == Some("\"v1\"") {
                Reply::status(304)
            } else {
                Reply::ok("application/rss+xml; charset=utf-8", "<rss/>")
                    .with_header("ETag", "\"v1\"")
                    .with_header("Last-Modified", "Tue, 02 Jan 2024 10:00:00 GMT")
            }
        });
        let fetcher = Fetcher::new(fast(true));
        let Fetched::Fresh(first) = fetcher
            .get(&server.url("/feed"), &Validators::default())
            .expect("fetch")
        else {
            panic!("first fetch must be fresh");
        };
        assert_eq!(first.bytes, b"<rss/>");
        assert_eq!(first.media_type().as_deref(), Some("application/rss+xml"));
        assert_eq!(first.charset().as_deref(), Some("utf-8"));
        assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));
        let again = fetcher
            .get(&server.url("/feed"), &first.validators)
            .expect("fetch");
        assert_eq!(again, Fetched::NotModified);
        let requests = server.requests();
        assert_eq!(
            requests[1].header("if-modified-since"),
            Some("Tue, 02 Jan 2024 10:00:00 GMT")
        );
        assert!(
            requests[0]
                .header("user-agent")
                .is_some_and(|ua| ua.starts_with("dossier/")),
            "{:?}",
            requests[0].header("user-agent")
        );
    }

    #[test]
    fn at_most_five_redirects_are_followed() {
        // /hop/N redirects to /hop/N-1; /hop/0 answers.
        let server = TestServer::start(|req| match req.path.strip_prefix("/hop/") {
            Some("0") => Reply::ok("text/plain", "arrived"),
            Some(n) => {
                let n: u32 = n.parse().unwrap_or(0);
                Reply::redirect(&format!("/hop/{}", n.saturating_sub(1)))
            }
            None => Reply::status(404),
        });
        let fetcher = Fetcher::new(fast(true));
        let Fetched::Fresh(ok) = fetcher
            .get(&server.url("/hop/5"), &Validators::default())
            .expect("five hops are fine")
        else {
            panic!("fresh expected");
        };
        assert_eq!(ok.bytes, b"arrived");
        assert!(ok.url.ends_with("/hop/0"), "{}", ok.url);
        let before = server.requests().len();
        let err = fetcher
            .get(&server.url("/hop/6"), &Validators::default())
            .expect_err("six hops are too many");
        assert!(
            matches!(err, FetchError::TooManyRedirects { limit: 5, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("more than 5 redirects"), "{err}");
        assert_eq!(
            server.requests().len() - before,
            6,
            "stops after the 5th redirect"
        );
    }

    #[test]
    fn every_redirect_hop_is_checked_again() {
        let server = TestServer::start(|req| match req.path.as_str() {
            "/to-private" => Reply::redirect("http://10.0.0.1/secret"),
            "/to-file" => Reply::redirect("file:///etc/passwd"),
            _ => Reply::ok("text/plain", "ok"),
        });
        // The test server's own address is exempt so the first hop goes through; the
        // policy still applies to where it redirects.
        let fetcher = Fetcher::build(fast(false), Some(ip("127.0.0.1")));
        let err = fetcher
            .get(&server.url("/to-private"), &Validators::default())
            .expect_err("refused");
        assert!(
            err.to_string().contains("10.0.0.1 is a private address"),
            "{err}"
        );
        let err = fetcher
            .get(&server.url("/to-file"), &Validators::default())
            .expect_err("refused");
        assert!(matches!(err, FetchError::BadRedirect { .. }), "{err:?}");
    }

    #[test]
    fn oversized_bodies_are_cut_off() {
        let server = TestServer::start(|req| {
            let body = "x".repeat(5000);
            if req.path == "/chunked" {
                Reply::ok("text/plain", &body).chunked()
            } else {
                Reply::ok("text/plain", &body)
            }
        });
        let mut config = fast(true);
        config.max_bytes = 4096;
        let fetcher = Fetcher::new(config);
        for path in ["/sized", "/chunked"] {
            let err = fetcher
                .get(&server.url(path), &Validators::default())
                .expect_err("too large");
            assert!(
                matches!(err, FetchError::TooLarge { limit: 4096, .. }),
                "{path}: {err:?}"
            );
            assert!(err.to_string().contains("4096-byte cap"), "{err}");
        }
    }

    #[test]
    fn server_errors_are_retried_with_backoff() {
        let server = TestServer::start(|req| {
            if req.index < 2 {
                Reply::status(503).with_header("Retry-After", "0")
            } else {
                Reply::ok("text/plain", "recovered")
            }
        });
        let fetcher = Fetcher::new(fast(true));
        let got = fetcher
            .get(&server.url("/flaky"), &Validators::default())
            .expect("third try works");
        assert!(matches!(got, Fetched::Fresh(ref r) if r.bytes == b"recovered"));
        assert_eq!(server.requests().len(), 3);

        let gone = TestServer::start(|_| Reply::status(404));
        let err = fetcher
            .get(&gone.url("/missing"), &Validators::default())
            .expect_err("404");
        assert_eq!(gone.requests().len(), 1, "a 404 is not retried");
        assert!(err.to_string().contains("HTTP 404"), "{err}");

        let busy = TestServer::start(|_| Reply::status(429).with_header("Retry-After", "3600"));
        let err = fetcher
            .get(&busy.url("/busy"), &Validators::default())
            .expect_err("429");
        assert_eq!(
            busy.requests().len(),
            1,
            "a long Retry-After is not waited out"
        );
        assert!(err.to_string().contains("wait 3600 s"), "{err}");
    }

    #[test]
    fn connection_failures_are_retried_then_reported() {
        // A port nobody listens on: bind, note the port, close.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let mut config = fast(true);
        config.retries = 2;
        let fetcher = Fetcher::new(config);
        let started = Instant::now();
        let err = fetcher
            .get(&format!("http://127.0.0.1:{port}/"), &Validators::default())
            .expect_err("nothing listens");
        assert!(matches!(err, FetchError::Network { .. }), "{err:?}");
        // Two retries: 10 ms, then 20 ms of backoff.
        assert!(started.elapsed() >= Duration::from_millis(30));
    }

    #[test]
    fn requests_to_one_host_are_spaced() {
        let server = TestServer::start(|_| Reply::ok("text/plain", "ok"));
        let mut config = fast(true);
        config.host_delay = Duration::from_millis(150);
        let fetcher = Fetcher::new(config);
        let started = Instant::now();
        for _ in 0..3 {
            fetcher
                .get(&server.url("/"), &Validators::default())
                .expect("fetch");
        }
        assert!(
            started.elapsed() >= Duration::from_millis(300),
            "{:?}",
            started.elapsed()
        );
        let times: Vec<Instant> = server.requests().iter().map(|r| r.at).collect();
        for pair in times.windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_millis(140), "{times:?}");
        }
    }

    #[test]
    fn non_http_urls_are_refused_before_any_request() {
        let fetcher = Fetcher::new(fast(false));
        for url in ["file:///etc/passwd", "ftp://example.org/x", "not a url"] {
            let err = fetcher
                .get(url, &Validators::default())
                .expect_err("refused");
            assert!(matches!(err, FetchError::BadUrl { .. }), "{url}: {err:?}");
        }
    }
}
