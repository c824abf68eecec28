import Foundation
#if canImport(Glibc)
import Glibc
private let streamSocket = Int32(SOCK_STREAM.rawValue)
private let sendFlags = Int32(MSG_NOSIGNAL)
#else
import Darwin
private let streamSocket = SOCK_STREAM
private let sendFlags: Int32 = 0
#endif

private func closeFd(_ fd: Int32) { _ = close(fd) }

/// A tiny plain-HTTP/1.1 server on 127.0.0.1 (ephemeral port) for the URL binding tests:
/// Foundation on Linux has no HTTP server. It answers GET with fixed files by path (404
/// otherwise, 400 for anything that is not an HTTP request, e.g. a TLS handshake), one
/// connection at a time, and closes every connection after one response.
///
/// The socket is bound and listening when `init` returns, so the first request needs no wait.
/// Reads and writes time out after 10 s; `stop()` shuts the listening socket down (which wakes
/// the blocked `accept`), waits for the serving thread and closes the socket.
final class LoopbackServer {
    let port: UInt16
    private let listener: Int32
    private let files: [String: URL]
    private let lock = NSLock()
    private var recorded: [String] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    /// The path of every GET that reached the server, in order.
    var gets: [String] {
        lock.lock(); defer { lock.unlock() }
        return recorded
    }

    init(files: [String: URL]) throws {
        self.files = files
        let fd = socket(AF_INET, streamSocket, 0)
        guard fd >= 0 else { throw ServerError.system("socket", errno) }
        var addr = sockaddr_in()
        #if canImport(Darwin)
        addr.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0  // ephemeral
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let e = errno
            closeFd(fd)
            throw ServerError.system("bind/listen", e)
        }
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else {
            let e = errno
            closeFd(fd)
            throw ServerError.system("getsockname", e)
        }
        listener = fd
        port = UInt16(bigEndian: addr.sin_port)
        let thread = Thread { [self] in
            self.serve()
            self.finished.signal()
        }
        thread.name = "loopback-http"
        thread.start()
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Stops the server; returns false when the serving thread did not end within 10 s.
    @discardableResult
    func stop() -> Bool {
        lock.lock()
        let already = stopping
        stopping = true
        lock.unlock()
        if already { return true }
        _ = shutdown(listener, Int32(SHUT_RDWR))
        let ended = finished.wait(timeout: .now() + 10) == .success
        closeFd(listener)
        return ended
    }

    enum ServerError: Error { case system(String, Int32) }

    private var isStopping: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopping
    }

    private func serve() {
        while true {
            let conn = accept(listener, nil, nil)
            if conn < 0 {
                if errno == EINTR && !isStopping { continue }
                return  // shut down (EINVAL) or a real error: stop serving
            }
            if isStopping {
                closeFd(conn)
                return
            }
            handle(conn)
            closeFd(conn)
        }
    }

    private func handle(_ conn: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        _ = setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(conn, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // Read the request head (up to the blank line), at most 64 KiB. Stop early on bytes
        // that cannot start an HTTP request line (a TLS ClientHello starts with 0x16).
        var request = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while request.count < 65_536 {
            let n = recv(conn, &buffer, buffer.count, 0)
            if n <= 0 { break }
            request.append(contentsOf: buffer[0..<n])
            if let first = request.first, !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) { break }
            if request.count >= end.count, containsSubsequence(request, end) { break }
        }
        let line = String(decoding: request.prefix { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "GET", parts[2].hasPrefix("HTTP/1."), containsSubsequence(request, end) else {
            respond(conn, status: "400 Bad Request", body: Data())
            return
        }
        let path = String(parts[1])
        lock.lock()
        recorded.append(path)
        lock.unlock()
        if let file = files[path], let body = try? Data(contentsOf: file) {
            respond(conn, status: "200 OK", body: body)
        } else {
            respond(conn, status: "404 Not Found", body: Data())
        }
    }

    private func respond(_ conn: Int32, status: String, body: Data) {
        var out = Data("HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
        out.append(body)
        out.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var sent = 0
            while sent < raw.count {
                let n = send(conn, raw.baseAddress! + sent, raw.count - sent, sendFlags)
                if n <= 0 { return }
                sent += n
            }
        }
    }
}

private func containsSubsequence(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard haystack.count >= needle.count else { return false }
    for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
        return true
    }
    return false
}
