// Webhook receiver for bench/webhooks.sh: answers 204 at once and keeps, per message, the subscription (the path),
// the event's phase detail and the delay from the event's recordedAt to its arrival here.
// GET /stats?phase=paced answers {count, p50, p99, max} in milliseconds.
import http from 'node:http';

const delays = [];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'GET') {
      const phase = new URL(req.url, 'http://x').searchParams.get('phase');
      const mine = delays.filter(d => d.phase === phase).map(d => d.ms).sort((a, b) => a - b);
      const at = q => mine.length ? mine[Math.min(mine.length - 1, Math.ceil(q * mine.length) - 1)] : null;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ count: mine.length, p50: at(0.5), p99: at(0.99), max: at(1), total: delays.length }));
      return;
    }
    const now = Date.now();
    try {
      const event = JSON.parse(Buffer.concat(chunks)).data.event;
      delays.push({ phase: event.details?.phase ?? 'load', ms: now - Date.parse(event.recordedAt) });
    } catch { /* a test message */ }
    res.writeHead(204).end();
  });
});
server.listen(Number(process.argv[2]), '127.0.0.1');
