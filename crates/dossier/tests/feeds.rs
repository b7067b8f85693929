//! `dossier ingest --feed` and `dossier watch`: feeds and their pages served from
//! 127.0.0.1 by a small HTTP server inside the test. Checks what is ingested (titles,
//! dates and where the dates came from), conditional GET (a second poll fetches nothing
//! new), remembering seen items across runs, the refusal of private addresses without
//! `--allow-private`, and the redirect limit. The feeds and articles are invented for
//! these tests.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::Output;
use std::sync::{Arc, Mutex};

use common::*;
use dossier_store::{SqliteStore, Store};

// ---------------------------------------------------------------- the test site

const RSS_ETAG: &str = "\"wire-v1\"";
const RSS_ETAG_2: &str = "\"wire-v2\"";
const ATOM_LAST_MODIFIED: &str = "Tue, 02 Apr 2024 09:00:00 GMT";

/// A request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: HashMap<String, String>,
    status: u16,
}

/// The site: which version of the RSS feed it serves, and every request it answered.
struct Site {
    addr: SocketAddr,
    rss_version: Mutex<u32>,
    log: Mutex<Vec<Seen>>,
}

impl Site {
    fn start() -> Arc<Site> {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let site = Arc::new(Site {
            addr: listener.local_addr().expect("address"),
            rss_version: Mutex::new(1),
            log: Mutex::new(Vec::new()),
        });
        let serving = Arc::clone(&site);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                serving.serve(stream);
            }
        });
        site
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self) -> Vec<Seen> {
        self.log.lock().expect("log").clone()
    }

    /// Requests for article pages so far.
    fn page_requests(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.starts_with("/articles/"))
            .map(|r| r.path)
            .collect()
    }

    fn serve(&self, stream: TcpStream) {
        let mut reader = BufReader::new(&stream);
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut headers = HashMap::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                break;
            }
            if let Some((n, v)) = h.split_once(':') {
                headers.insert(n.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
        let (status, extra, body) = self.answer(&path, &headers);
        self.log.lock().expect("log").push(Seen {
            path,
            headers,
            status,
        });
        let mut head = format!(
            "HTTP/1.1 {status} X\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (n, v) in extra {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let mut out = &stream;
        let _ = out.write_all(head.as_bytes());
        let _ = out.write_all(body.as_bytes());
        let _ = out.flush();
    }

    fn answer(
        &self,
        path: &str,
        headers: &HashMap<String, String>,
    ) -> (u16, Vec<(&'static str, String)>, String) {
        let ok = |ct: &str, body: String| (200, vec![("Content-Type", ct.to_string())], body);
        match path {
            "/rss.xml" => {
                let version = *self.rss_version.lock().expect("version");
                let etag = if version == 1 { RSS_ETAG } else { RSS_ETAG_2 };
                if headers.get("if-none-match").map(String::as_str) == Some(etag) {
                    return (304, vec![("ETag", etag.to_string())], String::new());
                }
                let (status, mut extra, body) =
                    ok("application/rss+xml; charset=utf-8", rss(self, version));
                extra.push(("ETag", etag.to_string()));
                (status, extra, body)
            }
            "/atom.xml" => {
                if headers.get("if-modified-since").map(String::as_str) == Some(ATOM_LAST_MODIFIED)
                {
                    return (304, Vec::new(), String::new());
                }
                let (status, mut extra, body) = ok("application/atom+xml", atom(self));
                extra.push(("Last-Modified", ATOM_LAST_MODIFIED.to_string()));
                (status, extra, body)
            }
            p if p.starts_with("/articles/") => match page(p) {
                Some(html) => ok("text/html; charset=utf-8", html),
                None => (404, Vec::new(), String::new()),
            },
            // /chain/N: N redirects, then the RSS feed.
            p if p.starts_with("/chain/") => {
                let n: u32 = p["/chain/".len()..].parse().unwrap_or(0);
                let next = if n <= 1 {
                    "/rss.xml".to_string()
                } else {
                    format!("/chain/{}", n - 1)
                };
                (302, vec![("Location", next)], String::new())
            }
            _ => (404, Vec::new(), String::new()),
        }
    }
}

fn rss(site: &Site, version: u32) -> String {
    let mut items = format!(
        r#"<item>
      <title>Ferry operator restores bookings after ransomware attack</title>
      <link>{ferry}</link>
      <guid isPermaLink="false">wire-ferry-2024</guid>
      <pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate>
      <description>Nordhavn Lines says its booking site is back.</description>
    </item>
    <item>
      <title>Valmora customs agency says hackers probed cargo database</title>
      <link>{port}</link>
      <guid isPermaLink="false">wire-customs-2024</guid>
      <pubDate>Wed, 06 Mar 2024 14:00:00 GMT</pubDate>
      <description>The agency blamed a foreign intelligence service.</description>
    </item>"#,
        ferry = site.url("/articles/ferry.html"),
        port = site.url("/articles/customs.html"),
    );
    if version >= 2 {
        items.push_str(&format!(
            r#"
    <item>
      <title>Page that was taken down</title>
      <link>{gone}</link>
      <guid isPermaLink="false">wire-gone-2024</guid>
      <pubDate>Thu, 07 Mar 2024 10:00:00 GMT</pubDate>
    </item>"#,
            gone = site.url("/articles/gone.html"),
        ));
        items.push_str(&format!(
            r#"
    <item>
      <title>Water utility finds intruders in its billing portal</title>
      <link>{water}</link>
      <guid isPermaLink="false">wire-water-2024</guid>
      <pubDate>Fri, 08 Mar 2024 10:00:00 GMT</pubDate>
      <description>Customer records may have been copied.</description>
    </item>"#,
            water = site.url("/articles/water.html"),
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Harbour Security Wire</title>
    <link>{home}</link>
    <description>Invented news for dossier's tests.</description>
    <language>en</language>
    {items}
  </channel>
</rss>"#,
        home = site.url("/"),
    )
}

/// Paragraphs of the wiper story, which the Atom feed carries in full.
const WIPER_STORY: [&str; 5] = [
    "A grain exporter in the port city of Talsk lost access to most of its office computers on Monday after attackers ran disk-wiping malware across its network, the company said in a statement on Tuesday.",
    "The exporter, Ostrava Grain Holdings, said shipping schedules had been rebuilt from paper records and that no vessel had missed its loading window, although invoicing would be delayed for at least a week.",
    "The national computer emergency team said the malware overwrote the first sectors of each disk and then forced a restart, leaving machines unable to boot. It said the tool resembled one used last year against logistics firms in the region.",
    "Investigators believe the attackers entered through a remote-access gateway whose password had not been changed since it was installed, and spent about three weeks mapping the network before triggering the wiper.",
    "The team urged exporters and freight forwarders to check their gateways for unknown accounts, to keep offline backups of shipping data, and to report any unexplained restarts of servers without delay.",
];

fn atom(site: &Site) -> String {
    let full: String = WIPER_STORY
        .iter()
        .map(|p| format!("<p>{p}</p>\n"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Northern CERT advisories</title>
  <id>urn:example:northern-cert</id>
  <updated>2024-04-02T09:00:00Z</updated>
  <link rel="self" href="{me}"/>
  <entry>
    <title>Disk wiper hits grain exporter in Talsk</title>
    <id>tag:cert.example,2024:advisory-7</id>
    <link rel="alternate" type="text/html" href="{wiper}"/>
    <published>2024-04-01T16:45:00Z</published>
    <updated>2024-04-02T09:00:00Z</updated>
    <content type="html">{content}</content>
  </entry>
  <entry>
    <title>Phishing wave against customs brokers</title>
    <id>tag:cert.example,2024:advisory-8</id>
    <link href="{brokers}"/>
    <updated>2024-04-02T08:00:00Z</updated>
    <summary>Brokers received fake tariff notices.</summary>
  </entry>
</feed>"#,
        me = site.url("/atom.xml"),
        wiper = site.url("/articles/wiper.html"),
        brokers = site.url("/articles/brokers.html"),
        content = escape(&full),
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An article page with site chrome around it; `head` adds metadata.
fn article_page(title: &str, head: &str, byline: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Harbour Security Wire</title>{head}</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/security">Security</a> <a href="/about">About us</a></nav>
<article>
<h1>{title}</h1>
{byline}
{body}
</article>
<aside><h2>Related</h2><ul><li><a href="/a">Five tips for safer passwords</a></li><li><a href="/b">Our newsletter</a></li></ul></aside>
<footer>Copyright 2024 Harbour Security Wire. All rights reserved.</footer>
</body></html>"#
    )
}

fn page(path: &str) -> Option<String> {
    Some(match path {
        "/articles/ferry.html" => article_page(
            "Ferry operator restores bookings after ransomware attack",
            r#"<meta property="article:published_time" content="2024-03-04T18:00:00Z">"#,
            "<p class=\"byline\">By Ines Maar</p>",
            &[
                "Nordhavn Lines, which runs ferries between the northern islands, said on Monday that its online booking system was working again four days after a ransomware attack forced it offline.",
                "The company said the attackers had encrypted the servers that hold timetables and reservations, and that it had restored them from backups rather than pay the ransom that was demanded.",
                "Passengers were asked to carry printed tickets for the rest of the week while staff checked that every reservation made before the attack had been recovered.",
            ],
        ),
        "/articles/customs.html" => article_page(
            "Valmora customs agency says hackers probed cargo database",
            "",
            "",
            &[
                "The customs agency of Valmora said hackers working for a foreign intelligence service had tried for several weeks to reach the database that records cargo arriving at the country's ports.",
                "An agency spokesperson said the intruders had used stolen passwords of two contractors, and that monitoring software flagged their logins because they came at unusual hours.",
                "The agency said no cargo records appeared to have been changed, and that it had shared technical details of the intrusion with the national cyber security centre.",
            ],
        ),
        "/articles/brokers.html" => article_page(
            "Phishing wave against customs brokers",
            "",
            r#"<p>Published <time datetime="2024-04-02">2 April 2024</time></p>"#,
            &[
                "Customs brokers across the region received e-mails last week that imitated tariff notices from the customs service and asked them to open an attached spreadsheet.",
                "The northern emergency team said the spreadsheet carried a macro that installed remote-access software, and that at least three brokerage firms had opened it.",
                "It advised firms to block macros in documents from outside their organisation and to confirm any change in tariffs directly with the customs service.",
            ],
        ),
        "/articles/water.html" => article_page(
            "Water utility finds intruders in its billing portal",
            r#"<meta property="article:published_time" content="2024-03-08T09:00:00Z">"#,
            "",
            &[
                "A regional water utility said it had found intruders in the web portal that customers use to pay their bills, and that names and addresses of customers may have been copied.",
                "The utility said the treatment plants and the water supply were not affected, because the portal runs on a separate network that has no link to the plant controls.",
                "It has reset every customer password and asked customers to be wary of messages that ask for payment details in its name.",
            ],
        ),
        _ => return None,
    })
}

// ---------------------------------------------------------------- helpers

fn run(home: &Path, args: &[&str]) -> Output {
    dossier(home).args(args).output().expect("run dossier")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_ok(out: &Output) -> String {
    let err = stderr(out);
    assert!(
        out.status.success(),
        "dossier failed ({}):\n{err}",
        out.status
    );
    err
}

/// Title, publication date and where the date came from.
type Dated = (Option<String>, Option<String>, Option<String>);

/// [`Dated`] of every stored article, by source URL.
fn stored(home: &Path) -> HashMap<String, Dated> {
    let store = SqliteStore::open(&home.join("dossier.db")).expect("open store");
    store
        .documents()
        .expect("documents")
        .into_iter()
        .map(|d| {
            (
                d.meta.source.clone(),
                (
                    d.meta.title.clone(),
                    d.meta.published.map(|p| p.to_string()),
                    d.meta.published_from.clone(),
                ),
            )
        })
        .collect()
}

fn write_feed_list(home: &Path, site: &Site) -> String {
    let path = home.join("feeds.toml");
    std::fs::write(
        &path,
        format!(
            "interval = \"15m\"\n\n[[feed]]\nurl = \"{}\"\n\n[[feed]]\nurl = \"{}\"\ninterval = \"1h\"\n",
            site.url("/rss.xml"),
            site.url("/atom.xml")
        ),
    )
    .expect("write feeds.toml");
    path.display().to_string()
}

const FAST: [&str; 3] = ["--allow-private", "--host-delay", "0"];

// ---------------------------------------------------------------- tests

#[test]
fn feeds_are_ingested_then_polled_conditionally() {
    let site = Site::start();
    let home = tempfile::tempdir().expect("tempdir");
    let home = home.path();
    let rss_url = site.url("/rss.xml");

    // (a) One feed through `ingest --feed`.
    let mut args = vec!["ingest", "--feed", rss_url.as_str()];
    args.extend(FAST);
    let err = assert_ok(&run(home, &args));
    assert!(
        err.contains("polled 1 feed (0 not modified, 0 failed); items: 2 new, 0 seen, 0 failed"),
        "{err}"
    );

    // Both feeds through `watch --once`: the RSS feed is remembered from `ingest`.
    let list = write_feed_list(home, &site);
    let mut watch = vec!["watch", list.as_str(), "--once"];
    watch.extend(FAST);
    let err = assert_ok(&run(home, &watch));
    assert!(
        err.contains("polled 2 feeds (1 not modified, 0 failed); items: 2 new, 0 seen, 0 failed"),
        "{err}"
    );

    let docs = stored(home);
    let day = |s: &str| Some(s.to_string());
    assert_eq!(docs.len(), 4, "{docs:#?}");
    assert_eq!(
        docs[&site.url("/articles/ferry.html")],
        (
            day("Ferry operator restores bookings after ransomware attack"),
            day("2024-03-04"),
            day("meta")
        ),
        "the page's own meta date beats the feed's"
    );
    assert_eq!(
        docs[&site.url("/articles/customs.html")],
        (
            day("Valmora customs agency says hackers probed cargo database"),
            day("2024-03-06"),
            day("feed")
        ),
        "a page without a date takes the feed's"
    );
    assert_eq!(
        docs[&site.url("/articles/wiper.html")],
        (
            day("Disk wiper hits grain exporter in Talsk"),
            day("2024-04-01"),
            day("feed")
        ),
        "full content from the feed, with the feed's title and date"
    );
    assert_eq!(
        docs[&site.url("/articles/brokers.html")].1,
        day("2024-04-02")
    );

    // The wiper story came from the feed: its page was never requested.
    let mut pages = site.page_requests();
    pages.sort();
    assert_eq!(
        pages,
        [
            "/articles/brokers.html",
            "/articles/customs.html",
            "/articles/ferry.html"
        ]
    );

    // The text is searchable, and `search` shows the feed's date and title.
    let hits = String::from_utf8(run(home, &["search", "wiper"]).stdout).expect("utf-8");
    assert!(
        hits.contains("2024-04-01  Disk wiper hits grain exporter in Talsk"),
        "{hits}"
    );
    let hits = String::from_utf8(run(home, &["search", "Valmora"]).stdout).expect("utf-8");
    assert!(
        hits.contains("2024-03-06  Valmora customs agency"),
        "{hits}"
    );

    // (b) A second poll: conditional GET on both feeds, 304s, nothing fetched.
    let before = site.requests().len();
    let err = assert_ok(&run(home, &watch));
    assert!(
        err.contains("polled 2 feeds (2 not modified, 0 failed); items: 0 new, 0 seen, 0 failed"),
        "{err}"
    );
    let second: Vec<Seen> = site.requests()[before..].to_vec();
    assert_eq!(second.len(), 2, "only the two feeds: {second:?}");
    let rss_req = second
        .iter()
        .find(|r| r.path == "/rss.xml")
        .expect("rss polled");
    assert_eq!(
        rss_req.headers.get("if-none-match").map(String::as_str),
        Some(RSS_ETAG)
    );
    assert_eq!(rss_req.status, 304);
    let atom_req = second
        .iter()
        .find(|r| r.path == "/atom.xml")
        .expect("atom polled");
    assert_eq!(
        atom_req
            .headers
            .get("if-modified-since")
            .map(String::as_str),
        Some(ATOM_LAST_MODIFIED)
    );
    assert_eq!(atom_req.status, 304);
    assert!(
        rss_req
            .headers
            .get("user-agent")
            .is_some_and(|ua| ua.starts_with("dossier/")),
        "{rss_req:?}"
    );

    // The feed changes: only the new items' pages are fetched; the others are seen.
    // One new item's page is gone (404): reported, counted, and not retried.
    *site.rss_version.lock().expect("version") = 2;
    let pages_before = site.page_requests().len();
    let out = run(home, &watch);
    assert!(!out.status.success(), "a failed item fails the run");
    let err = stderr(&out);
    assert!(
        err.contains("polled 2 feeds (1 not modified, 0 failed); items: 1 new, 2 seen, 1 failed"),
        "{err}"
    );
    assert!(err.contains("gone.html: HTTP 404"), "{err}");
    assert_eq!(
        site.page_requests()[pages_before..],
        ["/articles/gone.html", "/articles/water.html"]
    );
    assert_eq!(stored(home).len(), 5);

    // A page that is gone is not fetched again, so the feed's validators were kept.
    let pages_before = site.page_requests().len();
    let err = assert_ok(&run(home, &watch));
    assert!(
        err.contains("polled 2 feeds (2 not modified, 0 failed); items: 0 new, 0 seen, 0 failed"),
        "{err}"
    );
    assert_eq!(site.page_requests().len(), pages_before);
}

#[test]
fn private_addresses_are_refused_without_the_flag() {
    let site = Site::start();
    let home = tempfile::tempdir().expect("tempdir");
    let home = home.path();
    let rss_url = site.url("/rss.xml");

    let out = run(home, &["ingest", "--feed", &rss_url, "--host-delay", "0"]);
    assert!(!out.status.success(), "a refused feed fails the run");
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "refusing {rss_url}: 127.0.0.1 is a loopback address; pass --allow-private to fetch it"
        )),
        "{err}"
    );
    assert!(
        err.contains("(0 not modified, 1 failed); items: 0 new"),
        "{err}"
    );

    let list = write_feed_list(home, &site);
    let out = run(home, &["watch", &list, "--once", "--host-delay", "0"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("pass --allow-private"),
        "{}",
        stderr(&out)
    );

    assert!(site.requests().is_empty(), "no connection was made");
    assert!(stored(home).is_empty(), "nothing was ingested");
}

#[test]
fn redirect_chains_longer_than_five_are_refused() {
    let site = Site::start();
    let home = tempfile::tempdir().expect("tempdir");
    let home = home.path();

    let six = site.url("/chain/6");
    let mut args = vec!["ingest", "--feed", six.as_str()];
    args.extend(FAST);
    let out = run(home, &args);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{six}: more than 5 redirects")),
        "{err}"
    );
    let chain = site
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/chain/"))
        .count();
    assert_eq!(chain, 6, "the sixth redirect is not followed");
    assert!(stored(home).is_empty());

    // Five redirects are fine.
    let five = site.url("/chain/5");
    let mut args = vec!["ingest", "--feed", five.as_str()];
    args.extend(FAST);
    let err = assert_ok(&run(home, &args));
    assert!(err.contains("items: 2 new"), "{err}");
}
