// Posts one event at a time at a steady rate: node pacer.mjs BASE_URL TOKEN RATE_PER_S SECONDS
const [base, token, rate, seconds] = process.argv.slice(2);
const interval = 1000 / Number(rate), end = Date.now() + Number(seconds) * 1000;
let sent = 0, failed = 0, next = Date.now();
while (Date.now() < end) {
  const res = await fetch(`${base}/api/compliance/security-event`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ eventType: 'unauthorized_access_attempt', severity: 'high', details: { phase: 'paced', n: sent } }),
  });
  res.ok ? sent++ : failed++;
  next += interval;
  await new Promise(r => setTimeout(r, Math.max(0, next - Date.now())));
}
console.log(JSON.stringify({ sent, failed }));
