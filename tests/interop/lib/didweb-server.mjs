// HTTPS server for did:web documents on loopback (127.0.0.1 and, if available, ::1, same port).
import https from 'node:https';
import fs from 'node:fs';

export async function startDidWebServer({ certFile, keyFile }) {
  const documents = new Map(); // URL path -> JSON document
  const requests = []; // every request seen: {method, path, host}
  const handler = (req, res) => {
    const urlPath = new URL(req.url, 'https://localhost').pathname;
    requests.push({ method: req.method, path: urlPath, host: req.headers.host });
    const doc = documents.get(urlPath);
    if (req.method !== 'GET' || !doc) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/did+json' });
    res.end(JSON.stringify(doc));
  };
  const tls = { cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) };
  const listen = (server, port, host) => new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const v4 = https.createServer(tls, handler);
  await listen(v4, 0, '127.0.0.1');
  const { port } = v4.address();
  const servers = [v4];
  const v6 = https.createServer(tls, handler);
  try {
    await listen(v6, port, '::1');
    servers.push(v6);
  } catch { /* no IPv6 loopback here: 127.0.0.1 only */ }
  return {
    port,
    host: `localhost:${port}`,
    didWebHost: `localhost%3A${port}`,
    documents,
    requests,
    close: () => Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections?.(); s.close(() => r()); }))),
  };
}
