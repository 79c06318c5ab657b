/**
 * The preview's search index, built in a process of its own: indexing 10,000 articles takes
 * seconds of CPU, which must not hold up the preview's rebuild after an editor saves a file. The
 * preview's pages are served as soon as they are written; the index follows when ready, written
 * beside the old one and swapped in, so the search page never reads half an index.
 *
 *   node --import tsx src/search/index-process.ts <rootDir> <contentDir> <outDir> [pathPrefix] [siteUrl]
 */
import { spawn } from "node:child_process";
import { rename } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadArchive } from "../../content/load.ts";
import { links } from "../../core/urls.ts";
import { removeTree } from "../../output/file-writer.ts";
import { writeSiteSearch } from "./site-search.ts";

const SELF = fileURLToPath(import.meta.url);

/** Keeps one indexing process at a time; a request while one runs starts another when it ends. */
export class BackgroundIndexer {
  #running = false;
  #again = false;
  readonly #args: string[];

  constructor(args: { rootDir: string; contentDir: string; outDir: string; pathPrefix?: string | undefined; siteUrl?: string | undefined }) {
    this.#args = [args.rootDir, args.contentDir, args.outDir, args.pathPrefix ?? "/", args.siteUrl ?? ""];
  }

  request(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    const tsx = fileURLToPath(import.meta.resolve("tsx"));
    const child = spawn(process.execPath, ["--import", tsx, SELF, ...this.#args], { stdio: ["ignore", "ignore", "inherit"] });
    child.on("exit", () => {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.request();
      }
    });
  }
}

if (process.argv[1] === SELF) {
  const [rootDir = ".", contentDir = "content", bundle = "", pathPrefix, siteUrl] = process.argv.slice(2);
  const outDir = path.resolve(bundle);
  const { archive } = await loadArchive({ rootDir, contentDir, includeDrafts: true, lenient: true });
  if (archive) {
    const tmp = `${outDir}.tmp-${process.pid}`;
    const old = `${outDir}.old-${process.pid}`;
    await writeSiteSearch(archive, links(pathPrefix, siteUrl || undefined), tmp);
    await rename(outDir, old).catch(() => undefined);
    await rename(tmp, outDir);
    removeTree(old);
  }
}
