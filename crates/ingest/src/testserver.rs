//! A tiny HTTP/1.1 server on 127.0.0.1 for the fetcher's and feed reader's unit tests:
//! one connection at a time, `Connection: close`, every request logged.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    /// Position among the requests this server received (0 first).
    pub index: usize,
    /// The path with its query.
    pub path: String,
    /// Header names (lower-cased) and values.
    pub headers: Vec<(String, String)>,
    /// When it arrived.
    pub at: Instant,
}

impl Request {
    /// The value of a header (name in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The answer to write.
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    chunked: bool,
}

impl Reply {
    /// `200 OK` with a body.
    pub fn ok(content_type: &str, body: &str) -> Self {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
            chunked: false,
        }
    }

    /// An empty answer with this status.
    pub fn status(status: u16) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            chunked: false,
        }
    }

    /// `302 Found` to `location`.
    pub fn redirect(location: &str) -> Self {
        Reply::status(302).with_header("Location", location)
    }

    /// The same with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Send the body chunked (no `Content-Length`).
    pub fn chunked(mut self) -> Self {
        self.chunked = true;
        self
    }
}

/// A server running on its own thread until the test process ends.
pub struct TestServer {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Request>>>,
}

impl TestServer {
    /// Listen on a free port of 127.0.0.1 and answer with `handler`.
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let log = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                serve(stream, &handler, &seen);
            }
        });
        TestServer { addr, log }
    }

    /// The absolute URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().expect("log").clone()
    }
}

fn serve(stream: TcpStream, handler: &impl Fn(&Request) -> Reply, log: &Mutex<Vec<Request>>) {
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let request = {
        let mut log = log.lock().expect("log");
        let request = Request {
            index: log.len(),
            path,
            headers,
            at: Instant::now(),
        };
        log.push(request.clone());
        request
    };
    let reply = handler(&request);
    let mut out = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", reply.status);
    for (n, v) in &reply.headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    let mut writer = &stream;
    if reply.chunked {
        out.push_str("Transfer-Encoding: chunked\r\n\r\n");
        let _ = writer.write_all(out.as_bytes());
        for chunk in reply.body.chunks(1000) {
            let _ = write!(writer, "{:x}\r\n", chunk.len());
            let _ = writer.write_all(chunk);
            let _ = writer.write_all(b"\r\n");
        }
        let _ = writer.write_all(b"0\r\n\r\n");
    } else {
        out.push_str(&format!("Content-Length: {}\r\n\r\n", reply.body.len()));
        let _ = writer.write_all(out.as_bytes());
        let _ = writer.write_all(&reply.body);
    }
    let _ = writer.flush();
}
