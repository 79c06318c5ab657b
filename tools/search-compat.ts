/**
 * Can the search index writer (src/search/pagefind/writer.ts) be used with another Pagefind
 * version? Installs that version in a scratch folder, runs the writer's checks against it in a
 * scratch copy of this project (tests/e2e/pagefind-writer.test.ts with SEARCH_COMPAT=1: the
 * structural comparison with Pagefind's own index of the same words, and the differential and
 * search tests through its runtime in Chromium), and answers yes or no. On yes it prints the
 * VERIFIED_RUNTIMES entry (src/search/pagefind/runtime.ts) to add with the upgrade.
 *
 *   npm run search:compat -- --pagefind 1.6.0 [--keep]
 */
import { spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const repo = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({ options: { pagefind: { type: "string" }, keep: { type: "boolean", default: false } } });
const version = values.pagefind ?? "";
if (!/^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(version)) {
  console.error("usage: npm run search:compat -- --pagefind <version, e.g. 1.6.0>");
  process.exit(2);
}

const scratch = await mkdtemp(path.join(tmpdir(), `search-compat-${version}-`));
const say = (line: string) => console.log(line);
let verdict = 1;
try {
  // 1. Pagefind <version> on its own, as npm installs it.
  const pkgDir = path.join(scratch, "pagefind");
  await mkdir(pkgDir);
  await writeFile(path.join(pkgDir, "package.json"), JSON.stringify({ private: true }));
  say(`installing pagefind@${version} in ${pkgDir} …`);
  const install = spawnSync("npm", ["install", `pagefind@${version}`, "--no-audit", "--no-fund"], { cwd: pkgDir, encoding: "utf8", timeout: 300_000 });
  if (install.status !== 0) throw new Error(`npm install pagefind@${version} failed:\n${install.stderr}`);

  // 2. A copy of the project's files whose node_modules are this project's, but Pagefind's.
  const copy = path.join(scratch, "project");
  const listed = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: repo, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    await mkdir(path.dirname(path.join(copy, file)), { recursive: true });
    await cp(path.join(repo, file), path.join(copy, file)).catch(() => undefined); // deleted but still listed
  }
  const modules = path.join(copy, "node_modules");
  await mkdir(modules, { recursive: true });
  for (const entry of await readdir(path.join(repo, "node_modules"))) {
    const own = entry === "pagefind" || entry === "@pagefind";
    await symlink(path.join(own ? path.join(pkgDir, "node_modules") : path.join(repo, "node_modules"), entry), path.join(modules, entry));
  }

  // 3. The writer's checks, against that Pagefind.
  say(`running the writer's checks against Pagefind ${version} in ${copy} …`);
  const run = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", "tests/e2e/pagefind-writer.test.ts"], {
    cwd: copy,
    encoding: "utf8",
    env: { ...process.env, SEARCH_COMPAT: "1" },
    timeout: 900_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  const passed = Number(/ℹ pass (\d+)/.exec(output)?.[1] ?? 0);
  const failed = Number(/ℹ fail (\d+)/.exec(output)?.[1] ?? 0);

  // 4. The digests of its runtime files, for VERIFIED_RUNTIMES.
  const digests = spawnSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", `const { officialPagefindRuntime } = await import("./src/search/pagefind/runtime.ts"); const { createHash } = await import("node:crypto"); const r = await officialPagefindRuntime(); console.log(JSON.stringify(Object.fromEntries([...r.files].map(([n, c]) => [n, createHash("sha256").update(c).digest("hex")])), null, 2));`],
    { cwd: copy, encoding: "utf8", timeout: 120_000 },
  );

  if (run.status === 0 && failed === 0 && passed > 0) {
    verdict = 0;
    say(`\nyes: Pagefind ${version} passes all ${passed} checks of the search index writer.`);
    say(`To upgrade: pin "pagefind": "${version}" in package.json and add to VERIFIED_RUNTIMES in src/search/pagefind/runtime.ts:`);
    say(`  "${version}": ${digests.stdout.trim().replace(/\n/g, "\n  ")},`);
  } else {
    // The failing checks, each with the first lines of its message.
    const failures = output
      .split("\n")
      .filter((line) => /✖|Expected|actual|expected|\+ |- |Error/.test(line))
      .slice(0, 40)
      .join("\n");
    say(`\nno: Pagefind ${version} fails ${failed || "some"} of the writer's checks (${passed} pass). Keep Pagefind as pinned; the writer needs changing first.`);
    say(failures);
    if (values.keep) say(`\nfull output: ${path.join(scratch, "checks.log")}`);
    await writeFile(path.join(scratch, "checks.log"), output);
  }
} catch (error) {
  console.error(`no: could not check Pagefind ${version}: ${(error as Error).message}`);
  verdict = 2;
} finally {
  if (!values.keep) await rm(scratch, { recursive: true, force: true });
  else say(`scratch copy kept in ${scratch}`);
}
process.exit(verdict);
