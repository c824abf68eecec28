//! The default HTTP fetcher against a real server on loopback (plain HTTP, which it allows
//! only for loopback and only when asked): policy, status codes, size cap, redirects,
//! timeouts, and did:web resolution end to end through `Verifier`.
#![cfg(feature = "http")]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use akashi_core::resolve::{FetchError, Fetcher, HttpConfig, HttpFetcher};

/// Serves `routes` (path -> (status, extra headers, body)) on an ephemeral loopback port.
fn serve(routes: Vec<(&'static str, u16, &'static str, Vec<u8>)>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let routes = Arc::new(routes);
    thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut s) = stream else { continue };
            let routes = Arc::clone(&routes);
            thread::spawn(move || {
                let mut line = String::new();
                let mut r = BufReader::new(s.try_clone().expect("clone"));
                if r.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut h = String::new();
                    if r.read_line(&mut h).map(|n| n == 0).unwrap_or(true) || h == "\r\n" {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                if path == "/slow" {
                    thread::sleep(Duration::from_secs(5));
                }
                let (status, headers, body) = routes.iter().find(|(p, ..)| *p == path).map(|(_, s, h, b)| (*s, *h, b.clone())).unwrap_or((
                    404,
                    "",
                    b"not found".to_vec(),
                ));
                let _ = write!(s, "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n", body.len());
                let _ = s.write_all(&body);
            });
        }
    });
    port
}

fn fetcher(allow: bool) -> HttpFetcher {
    HttpFetcher::new(HttpConfig {
        allow_http_loopback: allow,
        timeout: Duration::from_secs(2),
        max_bytes: 1000,
        extra_ca_pem: None,
        ..Default::default()
    })
    .expect("fetcher")
}

#[test]
fn loopback_http_only_when_allowed() {
    let port = serve(vec![("/ok", 200, "", b"{}".to_vec())]);
    let url = format!("http://127.0.0.1:{port}/ok");
    assert!(matches!(fetcher(false).fetch(&url), Err(FetchError::NotAllowed(_))));
    assert_eq!(fetcher(true).fetch(&url).expect("fetch").body, b"{}");
    assert!(matches!(fetcher(true).fetch("http://example.com/x"), Err(FetchError::NotAllowed(_))));
}

#[test]
fn statuses_size_redirects_and_timeouts() {
    let big = vec![b'x'; 5000];
    let port = serve(vec![
        ("/gone", 410, "", b"gone".to_vec()),
        ("/big", 200, "", big),
        ("/to-ok", 302, "Location: /ok\r\n", Vec::new()),
        ("/ok", 200, "", b"fine".to_vec()),
        ("/to-remote", 302, "Location: http://example.com/\r\n", Vec::new()),
    ]);
    let f = fetcher(true);
    let u = |p: &str| format!("http://127.0.0.1:{port}{p}");
    assert_eq!(f.fetch(&u("/gone")), Err(FetchError::Status(410)));
    assert_eq!(f.fetch(&u("/missing")), Err(FetchError::Status(404)));
    assert_eq!(f.fetch(&u("/big")), Err(FetchError::TooLarge(1000)));
    assert_eq!(f.fetch(&u("/to-ok")).expect("redirect").body, b"fine");
    assert!(matches!(f.fetch(&u("/to-remote")), Err(FetchError::Network(_))), "redirect off loopback is refused");
    assert!(matches!(f.fetch(&u("/slow")), Err(FetchError::Network(_))), "timeout");
}

#[test]
fn bad_ca_file_is_an_options_error() {
    let r = HttpFetcher::new(HttpConfig { extra_ca_pem: Some(b"not a pem".to_vec()), ..Default::default() });
    assert!(r.is_err());
}
