import assert from "node:assert/strict";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, it } from "node:test";
import { cruise, type ICruiseResult, type IConfiguration } from "dependency-cruiser";
import { run } from "../support/process.ts";
import { repoDir, tempDir } from "../support/project.ts";

const rules = createRequire(import.meta.url)(path.join(repoDir, ".dependency-cruiser.cjs")) as IConfiguration;

/** The rule violations dependency-cruiser finds in `paths` under `cwd`, as "rule: from → to". */
/** Writes `files` (path → text) under `dir`. */
async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
}

async function violations(cwd: string, paths: string[]): Promise<string[]> {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const result = (await cruise(paths, { ...rules.options, ruleSet: { forbidden: rules.forbidden }, validate: true, tsConfig: undefined }, { extensions: [".ts", ".js"] })).output as ICruiseResult;
    return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
  } finally {
    process.chdir(before);
  }
}

describe("the import graph", () => {
  it("has no cycle and no import against the layers' order in src/, tools/ and tests/", { timeout: 120_000 }, async () => {
    assert.deepEqual(await violations(repoDir, ["src", "tools", "tests", "eleventy.config.ts"]), []);
  });

  it("names an upward import and a cycle when a tree has them", { timeout: 60_000 }, async () => {
    const dir = await tempDir("archive-layers-");
    const files: Record<string, string> = {
      "src/core/dates.ts": 'export const zone = "Asia/Shanghai";\n',
      "src/content/load.ts": 'import { page } from "../render/pages.ts";\nexport const load = () => page;\n',
      "src/render/pages.ts": 'import { zone } from "../core/dates.ts";\nimport { b } from "./b.ts";\nexport const page = zone + b;\nexport const a = 1;\n',
      "src/render/b.ts": 'import { a } from "./pages.ts";\nexport const b = String(a);\n',
    };
    await writeTree(dir, files);
    const found = await violations(dir, ["src"]);
    assert.ok(found.includes("layer-content: src/content/load.ts → src/render/pages.ts"), found.join("\n"));
    assert.ok(found.some((v) => v.startsWith("no-circular: src/render/")), found.join("\n"));
  });

  it("fails the lint on a file nothing imports, an export nothing uses and an unused dependency (knip)", { timeout: 120_000 }, async () => {
    const dir = await tempDir("archive-knip-");
    await copyFile(path.join(repoDir, "knip.json"), path.join(dir, "knip.json"));
    await writeTree(dir, {
      "package.json": JSON.stringify({ name: "probe", private: true, type: "module", dependencies: { "left-pad": "1.3.0" } }),
      "src/cli/build.ts": 'import { zone } from "../core/dates.ts";\nconsole.log(zone);\n',
      "src/core/dates.ts": 'export const zone = "Asia/Shanghai";\nexport const unusedZone = "UTC";\n',
      "src/core/orphan.ts": "export const nobody = 1;\n",
    });
    const knip = await run(process.execPath, [path.join(repoDir, "node_modules", "knip", "bin", "knip.js"), "--no-progress", "--no-config-hints"], { cwd: dir, timeoutMs: 100_000 });
    const said = knip.stdout + knip.stderr;
    assert.equal(knip.status, 1, said);
    assert.match(said, /src\/core\/orphan\.ts/);
    assert.match(said, /unusedZone\s+src\/core\/dates\.ts/);
    assert.match(said, /left-pad/);
    assert.doesNotMatch(said, /\bzone\s+src\/core/);
  });
});
