// The published declarations type-check what a TypeScript user writes, and reject the invalid example.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

test("the TypeScript declarations accept the documented usage and reject invalid events", () => {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", join(root, "test-support/types/tsconfig.json")], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
