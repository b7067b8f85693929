//! The server end to end through its router: a temp store with the bundled example
//! articles, requests sent with `tower::ServiceExt::oneshot`.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use dossier_kb::Kb;
use dossier_model::{Document, Pipeline};
use dossier_server::{AppState, MAX_BODY_BYTES, router};
use dossier_store::{SqliteStore, Store};
use serde_json::{Value, json};
use tempfile::TempDir;
use tower::ServiceExt;

const TOKEN: &str = "test-token-123";

/// A store with the example articles, built once for every read-only test.
struct Fixture {
    state: AppState,
    articles: usize,
    _dir: TempDir,
}

fn kb() -> Arc<Kb> {
    static KB: OnceLock<Arc<Kb>> = OnceLock::new();
    KB.get_or_init(|| Arc::new(Kb::core())).clone()
}

/// The default pipeline, built once: loading the model is slow in debug builds.
fn pipeline() -> Arc<Pipeline> {
    static PIPELINE: OnceLock<Arc<Pipeline>> = OnceLock::new();
    PIPELINE
        .get_or_init(|| {
            let options = dossier_extract::Options {
                model: dossier_learn::CasieModel::shipped().map(Arc::new),
            };
            Arc::new(dossier_extract::pipeline(kb(), &options))
        })
        .clone()
}

fn example_paths() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/articles exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}

/// The example articles, cleaned and annotated once.
fn example_docs() -> &'static [Document] {
    static DOCS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let shared = pipeline();
        example_paths()
            .iter()
            .map(|path| {
                let text = std::fs::read_to_string(path).expect("read example");
                let cleaned = dossier_clean::clean_plain(&text, &path.display().to_string());
                let mut doc = dossier_clean::into_document(cleaned);
                shared.run(&mut doc).expect("pipeline");
                doc
            })
            .collect()
    })
}

/// A state over a new store holding the example articles.
fn examples_state(token: Option<&str>) -> (AppState, TempDir) {
    let dir = TempDir::new().expect("temp dir");
    let mut store = SqliteStore::open(&dir.path().join("dossier.db")).expect("store");
    for doc in example_docs() {
        store.put_document(doc).expect("put");
    }
    let state = AppState::with_pipeline(store, kb(), pipeline(), token.map(str::to_string), false);
    (state, dir)
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let (state, dir) = examples_state(Some(TOKEN));
        Fixture {
            state,
            articles: example_docs().len(),
            _dir: dir,
        }
    })
}

/// A fresh, empty server (for tests that write).
fn empty_app(token: Option<&str>, require_token_for_reads: bool) -> (Router, TempDir) {
    let dir = TempDir::new().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("dossier.db")).expect("store");
    let state = AppState::with_pipeline(
        store,
        kb(),
        pipeline(),
        token.map(str::to_string),
        require_token_for_reads,
    );
    (router(state), dir)
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

async fn send(app: Router, request: Request<Body>) -> Reply {
    let response = app.oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    Reply {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).expect("utf-8"),
    }
}

async fn get(app: Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

async fn post_json(app: Router, uri: &str, token: Option<&str>, body: &Value) -> Reply {
    let mut request = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(
        app,
        request.body(Body::from(body.to_string())).expect("request"),
    )
    .await
}

fn read_app() -> Router {
    router(fixture().state.clone())
}

#[tokio::test]
async fn articles_are_paginated() {
    let total = fixture().articles;
    let all = get(read_app(), "/api/articles?limit=200").await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.json()["total"], total);
    let page = get(read_app(), "/api/articles?limit=2&offset=1")
        .await
        .json();
    assert_eq!(page["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(page["items"][0]["id"], all.json()["items"][1]["id"]);
    let past = get(read_app(), "/api/articles?offset=999").await.json();
    assert_eq!(past["items"].as_array().map(Vec::len), Some(0));
    let id = all.json()["items"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let article = get(read_app(), &format!("/api/articles/{id}")).await;
    assert_eq!(article.status, StatusCode::OK);
    assert!(
        article.json()["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
}

#[tokio::test]
async fn missing_things_are_json_404s() {
    for uri in [
        "/api/articles/0000",
        "/api/incidents/nope",
        "/api/entities/actor:no-such-actor",
        "/api/no-such-endpoint",
    ] {
        let r = get(read_app(), uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(r.json()["error"].as_str().is_some(), "{uri}");
    }
    let page = get(read_app(), "/incidents/nope").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("<!DOCTYPE html>"));
}

#[tokio::test]
async fn incidents_list_filter_and_resolve() {
    let all = get(read_app(), "/api/incidents?limit=200").await.json();
    let total = all["total"].as_u64().expect("total");
    assert!(total > 0, "the examples report incidents");
    let first = &all["items"][0];
    let id = first["id"].as_str().expect("id");
    let one = get(read_app(), &format!("/api/incidents/{id}")).await;
    assert_eq!(one.status, StatusCode::OK);
    let record = one.json();
    assert_eq!(record["title"], first["title"]);
    // A list entry counts what the record lists, and points at it.
    assert_eq!(first["href"], format!("/api/incidents/{id}").as_str());
    assert!(first.get("articles").is_none() && first.get("timeline").is_none());
    let count = |field: &str| record[field].as_array().map(Vec::len);
    assert_eq!(
        first["counts"]["articles"].as_u64(),
        count("articles").map(|n| n as u64)
    );
    assert_eq!(
        first["counts"]["attributions"].as_u64(),
        count("attributions").map(|n| n as u64)
    );
    let full = get(read_app(), "/api/incidents?limit=200&view=full")
        .await
        .json();
    assert_eq!(full["items"][0]["articles"], record["articles"]);
    assert_eq!(full["items"][0]["facts"], record["facts"]);
    let bad_view = get(read_app(), "/api/incidents?view=everything").await;
    assert_eq!(bad_view.status, StatusCode::BAD_REQUEST);

    let kind = first["type"].as_str().expect("type");
    let typed = get(read_app(), &format!("/api/incidents?type={kind}&limit=200"))
        .await
        .json();
    let typed_items = typed["items"].as_array().expect("items");
    assert!(!typed_items.is_empty());
    assert!(typed_items.iter().all(|i| i["type"] == kind));

    // Filtering by a victim's state keeps only incidents with such a victim.
    let victim_state = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .flat_map(|i| i["victims"].as_array().cloned().unwrap_or_default())
        .find_map(|v| v["country"].as_str().map(str::to_string));
    if let Some(cc) = victim_state {
        let by_victim = get(read_app(), &format!("/api/incidents?victim_country={cc}")).await;
        let items = by_victim.json()["items"]
            .as_array()
            .cloned()
            .expect("items");
        assert!(!items.is_empty());
        assert!(items.iter().all(|i| {
            i["victims"]
                .as_array()
                .is_some_and(|v| v.iter().any(|e| e["country"] == cc.as_str()))
        }));
    }

    let none = get(read_app(), "/api/incidents?from=1900&to=1901")
        .await
        .json();
    assert_eq!(none["total"], 0);
    let bad = get(read_app(), "/api/incidents?type=hacking").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("espionage"))
    );
    let paged = get(read_app(), "/api/incidents?limit=1&offset=0")
        .await
        .json();
    assert_eq!(paged["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(paged["total"], total);
}

#[tokio::test]
async fn entity_pages_join_kb_and_incidents() {
    // Any actor of any incident has an entity view that lists that incident.
    let all = get(read_app(), "/api/incidents?limit=200").await.json();
    let (entity, incident) = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .find_map(|i| {
            let e = i["actors"].as_array()?.first()?["id"].as_str()?.to_string();
            Some((e, i["id"].as_str()?.to_string()))
        })
        .expect("some incident names an actor");
    let view = get(read_app(), &format!("/api/entities/{entity}")).await;
    assert_eq!(view.status, StatusCode::OK);
    let view = view.json();
    assert!(
        view["incidents"]
            .as_array()
            .expect("incidents")
            .iter()
            .any(|i| i["id"] == incident.as_str() && i["roles"].to_string().contains("actor"))
    );
    let page = get(read_app(), &format!("/entities/{entity}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("/incidents/{incident}")));

    let cn = get(read_app(), "/api/entities/country:CN").await.json();
    assert_eq!(cn["kind"], "country");
    assert!(cn["aliases"].to_string().contains("Beijing"));
}

#[tokio::test]
async fn search_ranks_and_marks_snippets() {
    let r = get(read_app(), "/api/search?q=ministry").await;
    assert_eq!(r.status, StatusCode::OK);
    let hits = r.json()["hits"].as_array().cloned().expect("hits");
    assert!(!hits.is_empty());
    assert!(
        hits.windows(2)
            .all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64())
    );
    assert!(hits[0]["snippet"].as_str().is_some_and(|s| s.contains('[')));
    assert_eq!(
        get(read_app(), "/api/search").await.status,
        StatusCode::BAD_REQUEST
    );
    let bad = get(read_app(), "/api/search?q=%22open").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("unterminated"))
    );
    let page = get(read_app(), "/search?q=ministry").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<mark>"));
}

/// Serve `page` as `text/html` to every connection on a loopback port, in a thread.
fn page_server(page: &'static str) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n",
                page.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(page.as_bytes());
        }
    });
    format!("http://{addr}/news/ferry-operator")
}

#[tokio::test]
async fn a_posted_url_is_fetched_extracted_and_stored() {
    let url = page_server(
        "<html><head><title>Ferry Operator Hit by Ransomware</title></head><body>\
         <nav>Home | Sections | Subscribe now</nav><article>\
         <h1>Ferry Operator Hit by Ransomware</h1>\
         <p>A ransomware attack disrupted the booking systems of a Baltic ferry operator \
         on Tuesday, the company said. The LockBit group claimed the attack.</p>\
         </article></body></html>",
    );
    let dir = TempDir::new().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("dossier.db")).expect("store");
    let fetch = dossier_server::FetchConfig {
        allow_private: true,
        retries: 0,
        ..Default::default()
    };
    let state = AppState::with_fetch(store, kb(), pipeline(), Some(TOKEN.into()), false, fetch);
    let app = router(state);
    let r = post_json(
        app.clone(),
        "/api/articles",
        Some(TOKEN),
        &json!({"url": url}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["title"], "Ferry Operator Hit by Ransomware");
    assert!(
        r.json()["events"].as_u64().is_some_and(|n| n > 0),
        "{}",
        r.body
    );
    let id = r.json()["id"].as_str().expect("id").to_string();
    let stored = get(app, &format!("/api/articles/{id}")).await;
    assert_eq!(stored.status, StatusCode::OK);
    let body = stored.json();
    assert_eq!(body["url"].as_str(), Some(url.as_str()), "{}", stored.body);
    assert!(!stored.body.contains("Subscribe now"));
}

#[tokio::test]
async fn writes_need_the_configured_token() {
    let article = json!({"text": "Hackers broke into the port authority's network last week, officials said on Monday."});
    let (no_token, _d1) = empty_app(None, false);
    let r = post_json(no_token, "/api/articles", Some("anything"), &article).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("DOSSIER_TOKEN"))
    );

    let (app, _d2) = empty_app(Some(TOKEN), false);
    let missing = post_json(app.clone(), "/api/articles", None, &article).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        missing
            .headers
            .get(header::WWW_AUTHENTICATE)
            .map(|v| v.as_bytes()),
        Some(&b"Bearer"[..])
    );
    let wrong = post_json(app.clone(), "/api/articles", Some("guess"), &article).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let right = post_json(app.clone(), "/api/articles", Some(TOKEN), &article).await;
    assert_eq!(right.status, StatusCode::CREATED, "{}", right.body);
    let id = right.json()["id"].as_str().expect("id").to_string();
    assert_eq!(
        right
            .headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some(format!("/api/articles/{id}").as_str())
    );
    let again = post_json(app.clone(), "/api/articles", Some(TOKEN), &article).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["outcome"], "unchanged");
    let stored = get(app.clone(), &format!("/api/articles/{id}")).await;
    assert_eq!(stored.status, StatusCode::OK);

    // A URL on this machine is refused unless the server was started to allow it.
    let url = post_json(
        app.clone(),
        "/api/articles",
        Some(TOKEN),
        &json!({"url": "http://127.0.0.1:9/x"}),
    )
    .await;
    assert_eq!(url.status, StatusCode::BAD_REQUEST, "{}", url.body);
    assert!(
        url.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("--allow-private"))
    );
    let merge = post_json(
        app.clone(),
        "/api/incidents/x/merge",
        None,
        &json!({"with": "y"}),
    )
    .await;
    assert_eq!(merge.status, StatusCode::UNAUTHORIZED);
    let merge = post_json(app, "/api/incidents/x/merge", Some(TOKEN), &json!({})).await;
    assert_eq!(merge.status, StatusCode::BAD_REQUEST, "{}", merge.body);
    assert!(
        merge.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("with"))
    );
}

#[tokio::test]
async fn reads_can_require_the_token_too() {
    let (app, _d) = empty_app(Some(TOKEN), true);
    assert_eq!(
        get(app.clone(), "/api/articles").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(get(app.clone(), "/").await.status, StatusCode::UNAUTHORIZED);
    let authed = send(
        app.clone(),
        Request::get("/api/articles")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(authed.status, StatusCode::OK);
    assert_eq!(get(app, "/static/style.css").await.status, StatusCode::OK);
}

#[tokio::test]
async fn bad_bodies_get_json_errors() {
    let (app, _d) = empty_app(Some(TOKEN), false);
    let huge = "a".repeat(MAX_BODY_BYTES + 1);
    let r = post_json(
        app.clone(),
        "/api/articles",
        Some(TOKEN),
        &json!({ "text": huge }),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.json()["error"].as_str().is_some());
    let r = post_json(
        app.clone(),
        "/api/articles",
        Some(TOKEN),
        &json!({"txt": "x"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(
        app,
        Request::builder()
            .method(Method::DELETE)
            .uri("/api/articles")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.json()["error"].as_str().is_some());
}

#[tokio::test]
async fn article_markup_is_shown_as_text() {
    let (app, _d) = empty_app(Some(TOKEN), false);
    let text = "Chinese state hackers broke into the network of the Dutch Ministry of Defence \
                in 2023, the MIVD said. <script>alert(1)</script> The Netherlands blamed China \
                <img src=x onerror=alert(2)> for the espionage.";
    let r = post_json(
        app.clone(),
        "/api/articles",
        Some(TOKEN),
        &json!({"text": text, "title": "Spies <b>hit</b> ministry", "published": "2024-02-06"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let article_id = r.json()["id"].as_str().expect("id").to_string();

    let incidents = get(app.clone(), "/api/incidents?view=full").await.json();
    let incident = incidents["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["articles"].to_string().contains(&article_id))
        .expect("the article reports an incident")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let pages = [
        format!("/incidents/{incident}"),
        "/search?q=onerror".to_string(),
        format!("/articles/{article_id}"),
        "/".to_string(),
    ];
    for uri in &pages {
        let page = get(app.clone(), uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(!page.body.contains("<script>alert"), "{uri} runs a script");
        assert!(!page.body.contains("<img src=x"), "{uri} has a live img");
        assert!(
            !page.body.contains("<b>hit</b>"),
            "{uri} has live markup in a title"
        );
        let csp = page
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .expect("CSP header");
        assert!(csp.contains("default-src 'self'") && csp.contains("script-src 'self'"));
        assert!(csp.contains("style-src 'self'"));
    }
    let dossier = get(app.clone(), &format!("/incidents/{incident}"))
        .await
        .body;
    assert!(dossier.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        dossier.contains("class=\"evidence\""),
        "evidence is highlighted"
    );
    let search = get(app, "/search?q=onerror").await.body;
    assert!(search.contains("&lt;img src=x"));
    assert!(search.contains("<mark>onerror</mark>"));
}

#[tokio::test]
async fn openapi_document_lists_the_paths() {
    let r = get(read_app(), "/api/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    for path in [
        "/api/articles",
        "/api/articles/{id}",
        "/api/incidents",
        "/api/incidents/{id}",
        "/api/entities/{id}",
        "/api/search",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path}");
    }
    assert!(doc["paths"]["/api/articles"]["post"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    // Every recorded correction documents its own answers and the shared ones.
    for action in ["merge", "split", "facts"] {
        let responses =
            &doc["paths"][format!("/api/incidents/{{id}}/{action}")]["post"]["responses"];
        for status in ["201", "202", "400", "401", "403", "404", "422"] {
            assert!(
                responses[status]["description"].is_string(),
                "{action} {status}: {responses}"
            );
        }
        assert!(
            responses["404"]["content"]["application/json"]["schema"].is_object(),
            "{action}: {responses}"
        );
    }
}

#[tokio::test]
async fn dashboard_and_static_files() {
    let page = get(read_app(), "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg"));
    assert!(page.body.contains("Latest incidents"));
    assert!(!page.body.contains("<script>"), "no inline script");
    assert!(!page.body.contains(" style="), "no inline style");
    let css = get(read_app(), "/static/style.css").await;
    assert_eq!(
        css.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("text/css; charset=utf-8")
    );
    let js = get(read_app(), "/static/app.js").await;
    assert_eq!(js.status, StatusCode::OK);
    let list = get(read_app(), "/incidents?type=espionage").await;
    assert_eq!(list.status, StatusCode::OK);
}

// ---------------------------------------------------------------------------------------
// TAXII 2.1

const TAXII: &str = "application/taxii+json;version=2.1";
/// `Basic base64("analyst:test-token-123")`: any user, the token as password.
const BASIC: &str = "Basic YW5hbHlzdDp0ZXN0LXRva2VuLTEyMw==";

async fn taxii_get(uri: &str) -> Reply {
    let request = Request::get(uri)
        .header(header::AUTHORIZATION, BASIC)
        .header(header::ACCEPT, TAXII)
        .body(Body::empty())
        .expect("request");
    let reply = send(read_app(), request).await;
    assert_eq!(reply.headers[header::CONTENT_TYPE], TAXII, "{uri}");
    reply
}

/// The id of the collection with this alias.
async fn collection_id(alias: &str) -> String {
    let list = taxii_get("/taxii2/api/collections/").await.json();
    list["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .find(|c| c["alias"] == alias)
        .and_then(|c| c["id"].as_str())
        .unwrap_or_else(|| panic!("no collection {alias}"))
        .to_string()
}

#[tokio::test]
async fn taxii_discovery_and_api_root() {
    let discovery = taxii_get("/taxii2/").await;
    assert_eq!(discovery.status, StatusCode::OK);
    assert_eq!(discovery.json()["default"], "/taxii2/api/");
    assert_eq!(discovery.json()["api_roots"], json!(["/taxii2/api/"]));
    let root = taxii_get("/taxii2/api/").await.json();
    assert_eq!(root["versions"], json!([TAXII]));
    assert_eq!(root["max_content_length"], MAX_BODY_BYTES);
}

#[tokio::test]
async fn taxii_collections_hold_the_stix_export() {
    let list = taxii_get("/taxii2/api/collections/").await.json();
    let collections = list["collections"].as_array().expect("collections");
    assert_eq!(collections[0]["alias"], "all");
    assert!(
        collections
            .iter()
            .any(|c| c["alias"] == "incidents-espionage")
    );
    for c in collections {
        assert_eq!(c["can_read"], true);
        assert_eq!(c["can_write"], false);
        assert_eq!(
            c["media_types"],
            json!(["application/stix+json;version=2.1"])
        );
    }
    let all = collection_id("all").await;
    assert_eq!(all, collection_id("all").await, "ids are stable");
    let one = taxii_get(&format!("/taxii2/api/collections/{all}/")).await;
    assert_eq!(one.json()["id"], all.as_str());
    // One page of the largest size holds the whole fixture; `more` says so.
    let page = taxii_get(&format!(
        "/taxii2/api/collections/{all}/objects/?limit=1000"
    ))
    .await
    .json();
    assert_ne!(page["more"], true, "fixture outgrew one page");
    let objects = page["objects"].as_array().cloned().expect("objects");
    assert!(objects.iter().any(|o| o["type"] == "incident"));
    assert!(objects.iter().any(|o| o["type"] == "report"));
    // The incidents of each incident-type collection are in "all" too.
    let every: Vec<&Value> = objects.iter().map(|o| &o["id"]).collect();
    for c in collections.iter().skip(1) {
        let id = c["id"].as_str().expect("id");
        let reply = taxii_get(&format!("/taxii2/api/collections/{id}/objects/?limit=1000"))
            .await
            .json();
        let objects = reply["objects"].as_array().expect("objects");
        for o in objects.iter().filter(|o| o["type"] == "incident") {
            assert!(every.contains(&&o["id"]), "{} missing from all", o["id"]);
        }
    }
}

#[tokio::test]
async fn taxii_pages_with_limit_and_next() {
    let all = collection_id("all").await;
    let base = format!("/taxii2/api/collections/{all}/objects/");
    let total = taxii_get(&format!("{base}?limit=1000")).await.json()["objects"]
        .as_array()
        .map(Vec::len)
        .expect("objects");
    assert!(total > 4, "fixture too small: {total}");
    let mut seen = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let uri = match &next {
            Some(n) => format!("{base}?limit=2&next={n}"),
            None => format!("{base}?limit=2"),
        };
        let page = taxii_get(&uri).await;
        assert_eq!(page.status, StatusCode::OK);
        let body = page.json();
        let objects = body["objects"].as_array().expect("objects");
        assert!(objects.len() <= 2);
        if let Some(first) = objects.first() {
            let first_added = page.headers["x-taxii-date-added-first"]
                .to_str()
                .expect("ascii");
            assert_eq!(
                Some(first_added),
                first["modified"].as_str().or(first["created"].as_str())
            );
            assert!(page.headers.contains_key("x-taxii-date-added-last"));
        }
        seen.extend(objects.iter().map(|o| o["id"].clone()));
        if body["more"] == true {
            next = Some(body["next"].as_str().expect("next cursor").to_string());
        } else {
            assert!(body.get("next").is_none());
            break;
        }
    }
    assert_eq!(seen.len(), total);
    let unique: std::collections::BTreeSet<String> = seen.iter().map(Value::to_string).collect();
    assert_eq!(unique.len(), total, "no object twice");
    let manifest = taxii_get(&format!("/taxii2/api/collections/{all}/manifest/?limit=3"))
        .await
        .json();
    let first = &manifest["objects"][0];
    assert_eq!(first["media_type"], "application/stix+json;version=2.1");
    assert_eq!(first["date_added"], first["version"]);
    assert_eq!(manifest["more"], true);
}

#[tokio::test]
async fn taxii_match_type_id_and_versions() {
    let all = collection_id("all").await;
    let base = format!("/taxii2/api/collections/{all}");
    let incidents = taxii_get(&format!("{base}/objects/?match[type]=incident"))
        .await
        .json();
    let incidents = incidents["objects"].as_array().expect("objects");
    assert!(!incidents.is_empty());
    assert!(incidents.iter().all(|o| o["type"] == "incident"));
    let id = incidents[0]["id"].as_str().expect("id");
    let by_id = taxii_get(&format!("{base}/objects/?match[id]={id}"))
        .await
        .json();
    assert_eq!(by_id["objects"].as_array().map(Vec::len), Some(1));
    let one = taxii_get(&format!("{base}/objects/{id}/")).await.json();
    assert_eq!(one["objects"][0]["id"], id);
    let versions = taxii_get(&format!("{base}/objects/{id}/versions/"))
        .await
        .json();
    assert_eq!(versions["versions"], json!([incidents[0]["modified"]]));
    let later = taxii_get(&format!("{base}/objects/?added_after=2999-01-01T00:00:00Z")).await;
    assert_eq!(later.json()["objects"], json!([]));
    let missing = taxii_get(&format!(
        "{base}/objects/incident--00000000-0000-0000-0000-000000000000/"
    ))
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["http_status"], "404");
    let bad = taxii_get(&format!("{base}/objects/?limit=zero")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let nowhere = taxii_get("/taxii2/api/collections/no-such-collection/").await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert!(nowhere.json()["description"].as_str().is_some());
}

#[tokio::test]
async fn taxii_needs_basic_auth_when_a_token_is_set() {
    let anonymous = send(
        read_app(),
        Request::get("/taxii2/")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.headers[header::CONTENT_TYPE], TAXII);
    assert!(
        anonymous.headers[header::WWW_AUTHENTICATE]
            .to_str()
            .expect("ascii")
            .starts_with("Basic")
    );
    assert_eq!(anonymous.json()["http_status"], "401");
    let wrong = send(
        read_app(),
        Request::get("/taxii2/")
            .header(header::AUTHORIZATION, "Basic YW5hbHlzdDp3cm9uZw==")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    // Basic with the token, no Accept header: fine.
    let ok = send(
        read_app(),
        Request::get("/taxii2/")
            .header(header::AUTHORIZATION, BASIC)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    // Without a token the server is open.
    let (open, _dir) = empty_app(None, false);
    let reply = get(open, "/taxii2/api/collections/").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["collections"][0]["alias"], "all");
}

#[tokio::test]
async fn taxii_refuses_other_media_types() {
    for (accept, status) in [
        ("application/xml", StatusCode::NOT_ACCEPTABLE),
        (
            "application/taxii+json;version=2.0",
            StatusCode::NOT_ACCEPTABLE,
        ),
        ("*/*", StatusCode::OK),
        ("application/taxii+json;version=2.1", StatusCode::OK),
    ] {
        let reply = send(
            read_app(),
            Request::get("/taxii2/api/")
                .header(header::AUTHORIZATION, BASIC)
                .header(header::ACCEPT, accept)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(reply.status, status, "{accept}");
        assert_eq!(reply.headers[header::CONTENT_TYPE], TAXII, "{accept}");
        if status != StatusCode::OK {
            assert_eq!(reply.json()["http_status"], status.as_str());
        }
    }
    let post = send(
        read_app(),
        Request::post("/taxii2/api/")
            .header(header::AUTHORIZATION, BASIC)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(post.headers[header::CONTENT_TYPE], TAXII);
    assert_eq!(post.json()["http_status"], "405");
}

#[path = "../../../tests/support/pyenv.rs"]
mod pyenv;
use pyenv::python;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taxii2_client_reads_every_collection_in_pages() {
    let py = match python() {
        Ok(py) => py,
        Err(why) if std::env::var("DOSSIER_NO_PYTHON").as_deref() == Ok("1") => {
            eprintln!("\n*** SKIPPED TAXII python acceptance (DOSSIER_NO_PYTHON=1): {why} ***\n");
            return;
        }
        Err(why) => panic!(
            "cannot set up the Python acceptance environment: {why}\n\
             (set DOSSIER_NO_PYTHON=1 to skip where PyPI is out of reach)"
        ),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move { axum::serve(listener, read_app()).await });
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/taxii_acceptance.py");
    let url = format!("http://{addr}/taxii2/");
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(&py)
            .arg(&script)
            .arg(&url)
            .arg(TOKEN)
            .output()
    })
    .await
    .expect("join")
    .expect("python runs");
    server.abort();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("taxii2-client: {stdout}");
    assert!(
        out.status.success(),
        "taxii2-client acceptance failed\n{stdout}\n{stderr}"
    );
}

async fn delete(app: Router, uri: &str, token: Option<&str>) -> Reply {
    let mut request = Request::delete(uri);
    if let Some(t) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(app, request.body(Body::empty()).expect("request")).await
}

/// Every incident, with its facts.
async fn all_incidents(app: &Router) -> Vec<Value> {
    let r = get(app.clone(), "/api/incidents?limit=200&view=full").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"].as_array().expect("items").clone()
}

fn article_ids(incident: &Value) -> Vec<String> {
    incident["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .map(|a| a["id"].as_str().expect("id").to_string())
        .collect()
}

fn fact<'a>(incident: &'a Value, key: &str) -> &'a Value {
    incident["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("no fact {key} in {}", incident["facts"]))
}

#[tokio::test]
async fn facts_can_be_confirmed_rejected_and_undone() {
    let (state, _dir) = examples_state(Some(TOKEN));
    let app = router(state);
    let incidents = all_incidents(&app).await;
    // The incident with the most attributions has facts worth judging.
    let chosen = incidents
        .iter()
        .max_by_key(|i| i["attributions"].as_array().map_or(0, Vec::len))
        .expect("incidents");
    let id = chosen["id"].as_str().expect("id").to_string();
    let attribution = chosen["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .find(|f| f["kind"] == "attribution")
        .expect("the examples report attributions");
    let key = attribution["key"].as_str().expect("key").to_string();
    assert!(key.starts_with("attribution|"), "{key}");
    assert_eq!(attribution["status"], "unreviewed");
    let uri = format!("/api/incidents/{id}/facts");

    // Writes need the token; unknown facts and incidents are named.
    let body = json!({"fact": key, "verdict": "confirm"});
    let anonymous = post_json(app.clone(), &uri, None, &body).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let unknown = post_json(
        app.clone(),
        &uri,
        Some(TOKEN),
        &json!({"fact": "attribution|nobody|nothing", "verdict": "reject"}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("lists its facts"))
    );
    let nowhere = post_json(app.clone(), "/api/incidents/nope/facts", Some(TOKEN), &body).await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    let bad = post_json(
        app.clone(),
        &uri,
        Some(TOKEN),
        &json!({"fact": key, "verdict": "maybe"}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // Confirm: the fact stays and is marked, on the API and on the page.
    let confirmed = post_json(app.clone(), &uri, Some(TOKEN), &body).await;
    assert_eq!(confirmed.status, StatusCode::CREATED, "{}", confirmed.body);
    let report = confirmed.json();
    assert_eq!(report["kind"], "fact");
    assert_eq!(report["incidents"], json!([id]));
    let first = report["correction"].as_i64().expect("correction id");
    let now = get(app.clone(), &format!("/api/incidents/{id}"))
        .await
        .json();
    assert_eq!(fact(&now, &key)["status"], "confirmed");
    assert_eq!(fact(&now, &key)["correction"], first);
    let before = chosen["attributions"].as_array().expect("list").len();
    assert_eq!(now["attributions"].as_array().expect("list").len(), before);
    let page = get(app.clone(), &format!("/incidents/{id}")).await;
    assert!(page.body.contains("✓ confirmed"), "no confirmed mark");
    assert!(page.body.contains(&format!("data-incident=\"{id}\"")));

    // Reject: the attribution and its timeline entry leave the record.
    let rejected = post_json(
        app.clone(),
        &uri,
        Some(TOKEN),
        &json!({"fact": key, "verdict": "reject"}),
    )
    .await;
    assert_eq!(rejected.status, StatusCode::CREATED, "{}", rejected.body);
    let second = rejected.json()["correction"].as_i64().expect("id");
    let now = get(app.clone(), &format!("/api/incidents/{id}"))
        .await
        .json();
    assert_eq!(fact(&now, &key)["status"], "rejected");
    let attributions = now["attributions"].as_array().expect("list");
    assert_eq!(attributions.len(), before - 1);
    let keys: Vec<String> = attributions
        .iter()
        .map(|a| {
            let id = |v: &Value| v["id"].as_str().unwrap_or("").to_string();
            format!("attribution|{}|{}", id(&a["speaker"]), id(&a["accused"]))
        })
        .collect();
    assert!(!keys.contains(&key), "{keys:?}");
    let page = get(app.clone(), &format!("/incidents/{id}")).await;
    assert!(page.body.contains("class=\"fact rejected\""));

    // The corrections list holds both; undoing the rejection restores the confirmation.
    let list = get(app.clone(), "/api/corrections").await.json();
    let ids: Vec<i64> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids, vec![first, second]);
    assert_eq!(list[1]["payload"]["verdict"], "reject");
    assert_eq!(
        delete(app.clone(), &format!("/api/corrections/{second}"), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let undone = delete(
        app.clone(),
        &format!("/api/corrections/{second}"),
        Some(TOKEN),
    )
    .await;
    assert_eq!(undone.status, StatusCode::OK, "{}", undone.body);
    let again = delete(
        app.clone(),
        &format!("/api/corrections/{second}"),
        Some(TOKEN),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let now = get(app.clone(), &format!("/api/incidents/{id}"))
        .await
        .json();
    assert_eq!(fact(&now, &key)["status"], "confirmed");
    assert_eq!(now["attributions"].as_array().expect("list").len(), before);
}

#[tokio::test]
async fn incidents_can_be_merged_and_split() {
    let (state, _dir) = examples_state(Some(TOKEN));
    let app = router(state);
    let incidents = all_incidents(&app).await;
    assert!(
        incidents.len() >= 2,
        "the examples report several incidents"
    );
    // Two incidents with no article in common.
    let (a, b) = incidents
        .iter()
        .enumerate()
        .flat_map(|(n, a)| incidents[n + 1..].iter().map(move |b| (a, b)))
        .find(|(a, b)| {
            let x = article_ids(a);
            article_ids(b).iter().all(|id| !x.contains(id))
        })
        .expect("two unrelated incidents");
    let (ida, idb) = (a["id"].as_str().expect("id"), b["id"].as_str().expect("id"));
    let mut both = article_ids(a);
    both.extend(article_ids(b));

    let same = post_json(
        app.clone(),
        &format!("/api/incidents/{ida}/merge"),
        Some(TOKEN),
        &json!({"with": ida}),
    )
    .await;
    assert_eq!(
        same.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        same.body
    );
    let missing = post_json(
        app.clone(),
        "/api/incidents/ffffffffffff/merge",
        Some(TOKEN),
        &json!({"with": ida}),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);

    let merged = post_json(
        app.clone(),
        &format!("/api/incidents/{ida}/merge"),
        Some(TOKEN),
        &json!({"with": idb}),
    )
    .await;
    assert_eq!(merged.status, StatusCode::CREATED, "{}", merged.body);
    let report = merged.json();
    assert_eq!(report["kind"], "merge");
    let new_id = report["incidents"][0]
        .as_str()
        .expect("merged id")
        .to_string();
    let one = get(app.clone(), &format!("/api/incidents/{new_id}"))
        .await
        .json();
    let members = article_ids(&one);
    assert!(
        both.iter().all(|id| members.contains(id)),
        "{both:?} not all in {members:?}"
    );
    assert_eq!(all_incidents(&app).await.len(), incidents.len() - 1);

    // Split the second incident's article back out of the merged one.
    let article = article_ids(b)[0].clone();
    let split = post_json(
        app.clone(),
        &format!("/api/incidents/{new_id}/split"),
        Some(TOKEN),
        &json!({"article": article}),
    )
    .await;
    assert_eq!(split.status, StatusCode::CREATED, "{}", split.body);
    let report = split.json();
    assert_eq!(report["kind"], "split");
    let rest = report["incidents"][0].as_str().expect("what remains");
    let remaining = get(app.clone(), &format!("/api/incidents/{rest}"))
        .await
        .json();
    assert!(!article_ids(&remaining).contains(&article));
    let not_in = post_json(
        app.clone(),
        &format!("/api/incidents/{rest}/split"),
        Some(TOKEN),
        &json!({"article": article}),
    )
    .await;
    assert_eq!(
        not_in.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        not_in.body
    );
    let kinds: Vec<Value> = get(app.clone(), "/api/corrections")
        .await
        .json()
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["kind"].clone())
        .collect();
    assert_eq!(kinds, vec![json!("merge"), json!("split")]);
}

#[tokio::test]
async fn cached_searches_see_new_articles() {
    let (app, _dir) = empty_app(Some(TOKEN), false);
    let hits = |r: &Reply| r.json()["hits"].as_array().expect("hits").len();
    let before = get(app.clone(), "/api/search?q=lighthouse").await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert_eq!(hits(&before), 0);
    // Asked again, the answer comes from the cache and is the same.
    assert_eq!(hits(&get(app.clone(), "/api/search?q=lighthouse").await), 0);
    let article = json!({"text": "Intruders reached the lighthouse authority's control network in May, the agency said."});
    let posted = post_json(app.clone(), "/api/articles", Some(TOKEN), &article).await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    let after = get(app.clone(), "/api/search?q=lighthouse").await;
    assert_eq!(hits(&after), 1, "{}", after.body);
    assert!(after.body.contains("[lighthouse]"), "{}", after.body);
    // A bad query is still a 400 the second time.
    for _ in 0..2 {
        assert_eq!(
            get(app.clone(), "/api/search?q=%22open").await.status,
            StatusCode::BAD_REQUEST
        );
    }
}
