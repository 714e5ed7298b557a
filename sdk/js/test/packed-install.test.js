// The package as npm publishes it: `npm pack` makes the tarball, a fresh project installs it, and the README's
// "Log a security event" snippet runs there, verbatim but for the token, against a real server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { register, startServer } from "../test-support/server.js";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8"));
let server;
let token;
let work;

before(async () => {
  server = await startServer();
  token = (await register(server.url)).token;
  work = mkdtempSync(join(tmpdir(), "mudbase-pack-"));
});

after(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(command, args, cwd, env = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 120_000 });
  assert.equal(result.status, 0, `${command} ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

function readmeSnippet() {
  const readme = readFileSync(join(packageRoot, "README.md"), "utf8");
  const section = readme.split("## Log a security event")[1];
  return section.split("```js\n")[1].split("```")[0];
}

test("npm pack makes mudbase-<version>.tgz that a fresh project installs and runs the README snippet with", () => {
  // The tests run on the compiled dist/ already, so the tarball is packed from it without re-running the build.
  run("npm", ["pack", "--ignore-scripts", "--pack-destination", work], packageRoot);
  const tarball = join(work, `mudbase-${manifest.version}.tgz`);
  assert.ok(existsSync(tarball), `${tarball} was not produced`);

  const app = join(work, "app");
  run("mkdir", ["-p", app], work);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "fresh-app", private: true, type: "module" }));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball], app);
  const installed = JSON.parse(readFileSync(join(app, "node_modules", "mudbase", "package.json"), "utf8"));
  assert.equal(installed.version, manifest.version);
  assert.ok(existsSync(join(app, "node_modules", "mudbase", "dist", "index.d.ts")), "the typings are in the package");

  const snippet = readmeSnippet().replace(/client\.setJWT\("[^"]*"\);/, `client.setJWT(${JSON.stringify(token)});`);
  assert.notEqual(snippet, readmeSnippet(), "the snippet sets a JWT to replace");
  writeFileSync(join(app, "index.js"), snippet + "\nconsole.log(JSON.stringify(result));\n");
  const output = run(process.execPath, ["index.js"], app, { ...process.env, MUDBASE_URL: server.url });
  const result = JSON.parse(output);
  assert.equal(result.success, true);
  assert.equal(result.message, "Security event recorded");
  assert.match(result.eventId, /^evt_/);
});
