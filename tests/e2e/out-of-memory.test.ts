import assert from "node:assert/strict";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { generateCorpus } from "../../tools/generate-corpus.ts";
import { runScript, tempDir } from "../support/project.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";

describe("a build that runs out of memory", { timeout: TEST_TIMEOUT_MS }, () => {
  const project = async () => {
    const dir = await tempDir("archive-oom-");
    await generateCorpus({ count: 600, outDir: dir, seed: 3, tags: 20, authors: 40 });
    return dir;
  };

  it("says so in one line naming its stage and the setting that helps, exits non-zero and publishes nothing", async () => {
    const dir = await project();
    await mkdir(path.join(dir, "_site"));
    await writeFile(path.join(dir, "_site", "index.html"), "previous site");

    // Room to start Node, tsx and Eleventy, not to build 600 articles.
    const result = await runScript("build", dir, { NODE_OPTIONS: "--max-old-space-size=48" });

    assert.equal(result.status, 1, result.stderr);
    const lines = result.stderr.trimEnd().split("\n");
    const last = lines.at(-1) ?? "";
    assert.match(
      last,
      /^build ran out of memory while (loading and validating the articles|building the site model \(indexes, related articles\)|writing the [^(]+|building the search index) \(Node's heap limit here is \d+ MB\): give Node more with NODE_OPTIONS=--max-old-space-size=\d+; _site\/ was not changed$/,
      result.stderr,
    );
    // One line: none of V8's report (its GC traces, its native stack) reaches the reader.
    assert.doesNotMatch(result.stderr, /Last few GCs|FATAL ERROR|Native stack trace/, result.stderr);
    // Nothing published, nothing half-written left beside it.
    assert.equal(await readFile(path.join(dir, "_site", "index.html"), "utf8"), "previous site");
    assert.deepEqual(await readdir(path.join(dir, "_site")), ["index.html"]);
    assert.deepEqual((await readdir(dir)).filter((name) => name.startsWith("_site")), ["_site"]);
  });

  it("builds the same articles when Node is given the room the line asks for", async () => {
    const dir = await project();
    const result = await runScript("build", dir, { NODE_OPTIONS: "--max-old-space-size=4096", SKIP_SEARCH: "1" });
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /out of memory/);
    assert.match(result.stdout, /built 600 articles/);
  });
});
