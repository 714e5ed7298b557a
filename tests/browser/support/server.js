// Starts a real Mudbase server process: its Debug build, a fresh data directory, a free loopback port.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const serverDll = process.env.MUDBASE_SERVER_DLL ?? join(repo, "src/Mudbase.Server/bin/Debug/net10.0/Mudbase.Server.dll");

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** Resolves { url, stop, output() } once GET /alive answers; rejects with the server's output otherwise. */
export async function startServer({ timeoutMs = 90_000 } = {}) {
  if (!existsSync(serverDll)) throw new Error(`${serverDll} not found: build the solution first (dotnet build Mudbase.slnx)`);
  const dataDirectory = mkdtempSync(join(tmpdir(), "mudbase-browser-"));
  const url = `http://127.0.0.1:${await freePort()}`;
  const child = spawn("dotnet", [serverDll, "--urls", url], {
    cwd: dirname(serverDll),
    env: {
      ...process.env,
      Mudbase__DataDirectory: dataDirectory,
      ASPNETCORE_ENVIRONMENT: "Production",
      Logging__LogLevel__Default: "Warning",
      DOTNET_NOLOGO: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  let exited = null;
  const exit = new Promise((done) => child.on("exit", (code, signal) => done((exited = { code, signal }))));

  const stop = async () => {
    if (exited === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(dataDirectory, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`the server exited (${JSON.stringify(exited)}) before answering /alive:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/alive`, { signal: AbortSignal.timeout(2_000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /alive within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop, output: () => output };
}

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
