//! A real HTTPS server on loopback for tests (std `TcpListener` + rustls, with an rcgen CA
//! and a certificate for the host names the test needs). Routes are `host` + `path` →
//! (status, body) and can be changed while it runs; every request is recorded. Verifiers reach
//! it through `VerifyOptions::resolve` (host name → this socket) and `extra_ca_pem`.
//!
//! Self-contained (no other `common` item) so that the CLI tests can include it with `#[path]`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// What the server answers at one address.
#[derive(Clone, Debug)]
pub struct Route {
    pub status: u16,
    pub body: Vec<u8>,
    /// Extra response headers. Without a `Cache-Control` of its own a route says
    /// `no-cache`: test content changes while the server runs, and a server whose content
    /// changes says so.
    pub headers: Vec<(String, String)>,
    /// Wait this long before answering (a slow server).
    pub delay: Option<Duration>,
}

type Routes = Arc<Mutex<HashMap<String, Route>>>;

/// A running test server.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The CA certificate (PEM) that signed its certificate.
    pub ca_pem: Vec<u8>,
    hosts: Vec<String>,
    routes: Routes,
    /// `host/path` of every request, in order.
    pub hits: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts a server with a certificate for `hosts`.
    pub fn start(hosts: &[&str]) -> Server {
        let ca_key = rcgen::KeyPair::generate().expect("ca key");
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("ca params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(rcgen::DnType::CommonName, "Akashi test CA");
        ca_params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::DigitalSignature];
        let ca = ca_params.self_signed(&ca_key).expect("ca cert");
        let leaf_key = rcgen::KeyPair::generate().expect("leaf key");
        let leaf_params = rcgen::CertificateParams::new(hosts.iter().map(|h| h.to_string()).collect::<Vec<_>>()).expect("leaf params");
        let leaf = leaf_params.signed_by(&leaf_key, &ca, &ca_key).expect("leaf cert");

        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(vec![leaf.der().clone()], rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into()))
            .expect("server config");
        let config = Arc::new(config);

        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let routes: Routes = Arc::new(Mutex::new(HashMap::new()));
        let hits = Arc::new(Mutex::new(Vec::new()));
        let (r2, h2) = (Arc::clone(&routes), Arc::clone(&hits));
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(tcp) = stream else { continue };
                let (config, routes, hits) = (Arc::clone(&config), Arc::clone(&r2), Arc::clone(&h2));
                thread::spawn(move || serve_one(tcp, config, routes, hits));
            }
        });
        Server { addr, ca_pem: ca.pem().into_bytes(), hosts: hosts.iter().map(|h| h.to_string()).collect(), routes, hits }
    }

    /// Serves `body` with `status` at `https://host/path`.
    pub fn set(&self, host: &str, path: &str, status: u16, body: impl Into<Vec<u8>>) {
        self.set_route(host, path, Route { status, body: body.into(), headers: Vec::new(), delay: None });
    }

    /// Serves `route` at `https://host/path`.
    pub fn set_route(&self, host: &str, path: &str, route: Route) {
        self.routes.lock().expect("routes").insert(format!("{host}{path}"), route);
    }

    /// Serves `route` at the URL (scheme ignored: the server is HTTPS).
    pub fn set_url_route(&self, url: &str, route: Route) {
        let u = url::Url::parse(url).expect("url");
        self.set_route(u.host_str().expect("host"), u.path(), route);
    }

    /// Serves `body` with status 200 at the URL (its host and path).
    pub fn set_url(&self, url: &str, body: impl Into<Vec<u8>>) {
        self.set_url_status(url, 200, body);
    }

    /// Serves `body` with `status` at the URL (scheme ignored: the server is HTTPS).
    pub fn set_url_status(&self, url: &str, status: u16, body: impl Into<Vec<u8>>) {
        let u = url::Url::parse(url).expect("url");
        self.set(u.host_str().expect("host"), u.path(), status, body);
    }

    /// Stops serving the URL (404 from then on).
    pub fn remove_url(&self, url: &str) {
        let u = url::Url::parse(url).expect("url");
        self.routes.lock().expect("routes").remove(&format!("{}{}", u.host_str().expect("host"), u.path()));
    }

    /// The host-name overrides that point every host at this server.
    pub fn resolve(&self) -> Vec<(String, SocketAddr)> {
        self.hosts.iter().map(|h| (h.clone(), self.addr)).collect()
    }

    /// Requests so far (and clears the record).
    pub fn take_hits(&self) -> Vec<String> {
        std::mem::take(&mut *self.hits.lock().expect("hits"))
    }
}

fn serve_one(tcp: std::net::TcpStream, config: Arc<rustls::ServerConfig>, routes: Routes, hits: Arc<Mutex<Vec<String>>>) {
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
    let Ok(conn) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match tls.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if buf.len() > 64 * 1024 {
            return;
        }
    }
    let head = String::from_utf8_lossy(&buf).to_string();
    let path = head.lines().next().and_then(|l| l.split_whitespace().nth(1)).unwrap_or("/").to_owned();
    let host = head
        .lines()
        .find_map(|l| l.strip_prefix("host: ").or_else(|| l.strip_prefix("Host: ")))
        .map(|h| h.trim().split(':').next().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let key = format!("{host}{path}");
    hits.lock().expect("hits").push(key.clone());
    let route = routes.lock().expect("routes").get(&key).cloned().unwrap_or(Route {
        status: 404,
        body: b"not found".to_vec(),
        headers: Vec::new(),
        delay: None,
    });
    if let Some(d) = route.delay {
        thread::sleep(d);
    }
    let mut extra = String::new();
    let has = |name: &str| route.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
    if !has("cache-control") {
        extra.push_str("Cache-Control: no-cache\r\n");
    }
    if !has("content-type") {
        extra.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in &route.headers {
        extra.push_str(&format!("{k}: {v}\r\n"));
    }
    let _ = write!(tls, "HTTP/1.1 {} X\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n", route.status, route.body.len());
    let _ = tls.write_all(&route.body);
    let _ = tls.flush();
    tls.conn.send_close_notify();
    let _ = tls.conn.complete_io(&mut tls.sock);
}
