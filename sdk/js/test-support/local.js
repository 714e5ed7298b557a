// Tiny local HTTP servers for transport tests: one that records requests, one that never answers.
import { createServer } from "node:http";

/** Answers every request with `handler(req, body)` → { status, headers, body } and records the requests. */
export async function recordingServer(handler = () => ({ status: 200, body: { success: true } })) {
  const requests = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const request = { method: req.method, url: req.url, headers: req.headers, body };
      requests.push(request);
      const answer = handler(request);
      const payload = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { "Content-Type": "application/json", ...answer.headers });
      res.end(payload);
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => closeServer(server),
  };
}

/** Accepts connections and requests but never answers them. */
export async function silentServer() {
  const server = createServer(() => {});
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => closeServer(server) };
}

function closeServer(server) {
  server.closeAllConnections?.();
  return new Promise((r) => server.close(() => r()));
}
