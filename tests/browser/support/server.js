// Starts a real Mudbase server process (its Debug build, a fresh data directory, a free loopback port) with the
// JavaScript SDK's test support, and seeds it for the dashboard tests.
import { startServer as startSdkTestServer } from "../../../sdk/js/test-support/server.js";

/** Resolves { url, stop, output() } once GET /alive answers; a browser run allows a slower start. */
export const startServer = ({ timeoutMs = 90_000, env } = {}) => startSdkTestServer({ timeoutMs, env });

/** Registers an owner and returns { email, password, token }. */
export async function registerOwner(url) {
  const account = { email: `morgan.chen+${Date.now()}@northwind.dev`, password: "correct horse battery", firstName: "Morgan", lastName: "Chen", orgName: "Northwind" };
  const response = await fetch(`${url}/api/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(account),
  });
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${await response.text()}`);
  return { email: account.email, password: account.password, token: (await response.json()).token };
}

/** Logs the events in one batch and returns their ids, in order. */
export async function seedEvents(url, token, events) {
  const response = await fetch(`${url}/api/compliance/security-events/batch`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ events }),
  });
  if (!response.ok) throw new Error(`batch answered ${response.status}: ${await response.text()}`);
  return (await response.json()).eventIds;
}
