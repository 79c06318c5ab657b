import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { tempDir } from "../../tests/support/project.ts";
import { outOfMemoryLine, superviseBuild } from "./build-supervisor.ts";

const GB = 1024 ** 3;

describe("the out-of-memory line", () => {
  it("names the stage, the heap limit it ran into and twice that as the setting to try, in one line", () => {
    const line = outOfMemoryLine("search", 4144 * 1024 ** 2, "_site", 32 * GB);
    assert.equal(line, "build ran out of memory while building the search index (Node's heap limit here is 4,144 MB): give Node more with NODE_OPTIONS=--max-old-space-size=9216; _site/ was not changed");
    assert.ok(!line.includes("\n"));
  });

  it("says when the setting asks for more than the machine has, and names a stage it has no words for as it is", () => {
    assert.match(outOfMemoryLine("polish", 8 * GB, "dist/site", 16 * GB), /^build ran out of memory while polish \(Node's heap limit here is 8,192 MB\): give Node more with NODE_OPTIONS=--max-old-space-size=16384, on a machine with more than this one's 16 GB; dist\/site\/ was not changed$/);
  });

  it("says so when the build had not reached its first stage", () => {
    assert.match(outOfMemoryLine(undefined, undefined, "_site", 32 * GB), /^build ran out of memory before its first stage: give Node more with NODE_OPTIONS=--max-old-space-size=4096; _site\/ was not changed$/);
  });
});

describe("a thread of the build that runs out of memory", () => {
  it("ends the build as V8 would, and the parent says so in its one line, naming the stage", async () => {
    const entry = path.join(await tempDir("thread-oom-"), "build.mts");
    const supervisor = new URL("./build-supervisor.ts", import.meta.url).href;
    await writeFile(entry, `import { endOutOfMemory, reportStart } from ${JSON.stringify(supervisor)};\nreportStart("_site");\nawait endOutOfMemory("search");\n`);
    const shown: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => shown.push(String(chunk)) > 0) as typeof process.stderr.write;
    let status: number;
    try {
      status = await superviseBuild(entry, []);
    } finally {
      process.stderr.write = write;
    }
    assert.equal(status, 1, shown.join(""));
    assert.match(shown.join(""), /^build ran out of memory while building the search index \(Node's heap limit here is [\d,]+ MB\): give Node more with NODE_OPTIONS=--max-old-space-size=\d+; _site\/ was not changed\n$/);
  });
});
