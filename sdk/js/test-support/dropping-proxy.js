// A TCP proxy in front of a real server that kills connections at the worst moment: after the server has answered
// an event write, before the answer reaches the client.
import { connect, createServer } from "node:net";

/**
 * Forwards every connection to `target` (http://host:port). The first `drops` answers to POSTs on an event-write path
 * are never delivered: the client's socket is destroyed instead. `keys` lists the Idempotency-Key of every write seen,
 * `heads` every request's head; `cut()` drops every open connection.
 */
export async function droppingProxy(target, { drops }) {
  const { hostname, port } = new URL(target);
  const keys = [];
  const heads = [];
  let remaining = drops;
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    let writing = false;
    client.on("data", (chunk) => {
      const head = chunk.toString("latin1");
      if (/^[A-Z]+ /.test(head)) {
        heads.push(head);
        writing = /^POST \/api\/compliance\/security-events?(\/batch)? /.test(head);
        if (writing) keys.push(/\r\nidempotency-key: ([^\r]*)/i.exec(head)?.[1] ?? null);
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (writing && remaining > 0) {
        remaining -= 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on("error", () => {});
      socket.on("close", () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    keys,
    /** The head of every request seen, in order. */
    heads,
    /** Destroys every open connection, as a network failure would. */
    cut: () => sockets.forEach((socket) => socket.destroy()),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
