// A loopback reverse proxy that adds `Authorization: Bearer <token>` to every request, for clients that cannot
// send headers (the conformance suite). Host and Origin pass through unchanged, so DNS-rebinding checks still
// see what the client sent. Usage: node bearer-proxy.mjs <listen-port> <target-base-url> <token>
import http from 'node:http';

const [port, target, token] = process.argv.slice(2);
const upstream = new URL(target);

http.createServer((req, res) => {
  const headers = { ...req.headers, authorization: `Bearer ${token}` };
  const forward = http.request({
    hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers,
  }, (reply) => {
    res.writeHead(reply.statusCode, reply.headers);
    reply.pipe(res);
  });
  forward.on('error', (err) => { res.writeHead(502); res.end(String(err)); });
  req.pipe(forward);
}).listen(Number(port), '127.0.0.1', () => console.error(`bearer proxy on 127.0.0.1:${port} -> ${target}`));
