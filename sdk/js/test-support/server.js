// Starts a real Mudbase server process for the tests: a fresh data directory, a free loopback port.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");

/** The server assembly: MUDBASE_SERVER_DLL, or the solution's Debug build. */
export const serverDll =
  process.env.MUDBASE_SERVER_DLL ?? join(repo, "src/Mudbase.Server/bin/Debug/net10.0/Mudbase.Server.dll");

/**
 * The settings every test server starts with (tests/test-server-settings.json, shared with the C# test hosts), as
 * environment variables: detection rules, for one, are off; tests about rules turn them on with `env`.
 */
export const defaultServerEnvironment = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(repo, "tests/test-server-settings.json"), "utf8")).settings).map(([key, value]) => [
    key.replaceAll(":", "__"),
    value,
  ]),
);

/** A loopback port nothing listens on right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts the server (`env` adds or overrides its environment) and waits until GET /alive answers. Returns { url, stop, output }.
 * Throws with the server's output when it exits or does not come up in time.
 */
export async function startServer({ timeoutMs = 60_000, env = {} } = {}) {
  if (!existsSync(serverDll)) {
    throw new Error(`${serverDll} not found: build the server first (dotnet build src/Mudbase.Server)`);
  }
  const dataDirectory = mkdtempSync(join(tmpdir(), "mudbase-js-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn("dotnet", [serverDll, "--urls", url], {
    cwd: dirname(serverDll),
    env: {
      ...process.env,
      Mudbase__DataDirectory: dataDirectory,
      ASPNETCORE_ENVIRONMENT: "Production",
      Logging__LogLevel__Default: "Warning",
      DOTNET_NOLOGO: "1",
      ...defaultServerEnvironment,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  let exited = null;
  const exit = new Promise((resolveExit) => child.on("exit", (code, signal) => resolveExit((exited = { code, signal }))));

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
      const response = await fetch(`${url}/alive`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /alive within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop, output: () => output };
}

let counter = 0;

/** A fresh registration body with a unique e-mail address. */
export function newAccount(overrides = {}) {
  counter += 1;
  const unique = `${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
  return {
    email: `sdk-${unique}@example.test`,
    password: "correct horse battery staple",
    firstName: "Ada",
    lastName: "Lovelace",
    orgName: `SDK test org ${unique}`,
    ...overrides,
  };
}

/** Registers a new account and organisation over plain HTTP; returns the server's answer. */
export async function register(url, account = newAccount()) {
  const response = await fetch(`${url}/api/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(account),
  });
  const body = await response.json();
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${JSON.stringify(body)}`);
  return { ...body, account };
}
