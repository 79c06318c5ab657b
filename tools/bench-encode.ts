/**
 * How the page writer turns a page into bytes: the figures behind FileWriterThread.encode
 * (src/output/file-writer.ts). Reads up to `--sample` HTML pages of a built site, then writes them
 * all through a writer thread into a folder of its own (removed after), three rounds of each way:
 * a buffer of its own per page (TextEncoder.encode), and `encode` into the buffers moved with each
 * batch and handed back. Prints the time this thread spent encoding, and the whole write's.
 *
 *   npx tsx tools/bench-encode.ts --site _site [--sample 20000]
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { FileWriterThread } from "../src/output/file-writer.ts";
import { sampleFiles } from "./lib/sample-files.ts";

const { values } = parseArgs({ options: { site: { type: "string" }, sample: { type: "string", default: "20000" } } });
if (!values.site) throw new Error("usage: bench-encode.ts --site <built site> [--sample N]");
const root = values.site;
const sample = Number(values.sample);

const pages = sampleFiles(root, /\.html$/, sample).map((file) => readFileSync(file, "utf8"));
const bytes = pages.reduce((n, text) => n + Buffer.byteLength(text), 0);
console.log(`${pages.length} pages, ${(bytes / 1e6).toFixed(0)} MB`);

const utf8 = new TextEncoder();
const ways: Record<string, (files: FileWriterThread, text: string) => Uint8Array> = {
  "a buffer per page (TextEncoder.encode)": (_, text) => utf8.encode(text),
  "moved buffers (FileWriterThread.encode)": (files, text) => files.encode(text),
};
for (let round = 1; round <= 3; round++) {
  for (const [name, encode] of Object.entries(ways)) {
    const dir = await mkdtemp(path.join(tmpdir(), "bench-encode-"));
    const files = new FileWriterThread();
    let encoding = 0;
    const start = performance.now();
    try {
      for (const [i, text] of pages.entries()) {
        const before = performance.now();
        const encoded = encode(files, text);
        encoding += performance.now() - before;
        // A hundred folders, as the article pages spread over days.
        await files.write(path.join(dir, String(i % 100), `${i}.html`), encoded);
      }
      await files.drain();
    } finally {
      await files.close();
      await rm(dir, { recursive: true, force: true });
    }
    console.log(`round ${round}  ${name.padEnd(40)} encoding ${encoding.toFixed(0).padStart(5)} ms  whole write ${(performance.now() - start).toFixed(0).padStart(6)} ms`);
  }
}
