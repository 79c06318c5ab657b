import assert from "node:assert/strict";
import { link, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { outputPathFor } from "../core/urls.ts";
import { PAGE_LIST, PageStore } from "./page-store.ts";

describe("the page store", () => {
  it("lists what it kept, with keys, hashes, sizes and links, and reads it back for the next build", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "page-store-"));
    try {
      const store = PageStore.empty(dir, "salt");
      // Past one block of rows and the hash index's first sizes: 10,000 routes.
      const routes = Array.from({ length: 10_000 }, (_, i) => `/p/${i}/`);
      for (const [i, route] of routes.entries()) {
        const content = `page ${i % 9_000}`;
        const hash = PageStore.hashOf(content);
        const held = store.holds(route, hash, content.length);
        // Routes 9,000 and on repeat earlier bytes: the store already holds them.
        assert.equal(held, i >= 9_000, route);
        store.keep(route, i % 2 ? store.keyOf(route) : "", hash, content.length, store.targetIds(i % 3 ? [routes[(i + 1) % routes.length] as string, "/assets/a.css"] : []));
      }
      await store.save();
      const list = await readFile(path.join(dir, PAGE_LIST), "utf8");
      const lines = list.split("\n");
      // Targets numbered in the order the list first names them.
      const named = new Set<string>();
      for (const [i] of routes.entries()) if (i % 3) named.add(routes[(i + 1) % routes.length] as string).add("/assets/a.css");
      assert.deepEqual(JSON.parse(lines[0] as string), [...named]);
      assert.deepEqual(JSON.parse(lines[2] as string), ["/p/1/", store.keyOf("/p/1/"), PageStore.hashOf("page 1"), 6, [0, 1]]);

      // Files the list names, on disk as the writer links them there: the next build may reuse them.
      for (const i of [1, 5]) {
        const hash = PageStore.hashOf(`page ${i}`);
        await mkdir(path.join(dir, "files", hash.slice(0, 2)), { recursive: true });
        await writeFile(path.join(dir, "files", hash.slice(0, 2), hash.slice(2)), `page ${i}`);
      }
      const next = PageStore.read(dir, "salt", list);
      const reused = next.reusable("/p/1/", store.keyOf("/p/1/"));
      assert.deepEqual(reused && { ...reused, targets: next.targetsOf(reused.targets) }, { key: store.keyOf("/p/1/"), hash: PageStore.hashOf("page 1"), size: 6, targets: ["/p/2/", "/assets/a.css"] });
      assert.equal(next.reusable("/p/1/", "another key"), undefined);
      // A stored file cut short is made again, and counted once.
      const damaged = PageStore.hashOf("page 5");
      await writeFile(path.join(dir, "files", damaged.slice(0, 2), damaged.slice(2)), "page");
      assert.equal(next.reusable("/p/5/", store.keyOf("/p/5/")), undefined);
      assert.equal(next.holds("/p/5/", damaged, 6), false);
      assert.equal(next.damaged, 1);
      assert.throws(() => PageStore.read(dir, "salt", list.replace(store.keyOf("/p/1/"), "not-a-key")), /line 3 is not a stored page/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("answers the same whether it looks at the last build's files on a thread or asks for each", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "page-store-"));
    try {
      const cache = path.join(dir, "cache");
      const site = path.join(dir, "site");
      const first = PageStore.empty(cache, "salt");
      // 1,000 routes over 700 contents (some bytes at two routes), each stored and linked into site/.
      const routes = Array.from({ length: 1_000 }, (_, i) => `/p/${i}/`);
      const contentOf = (i: number) => `page ${i % 700}`;
      for (const [i, route] of routes.entries()) {
        const content = contentOf(i);
        const hash = PageStore.hashOf(content);
        const stored = first.keep(route, first.keyOf(route), hash, content.length, []) as string;
        if (!first.holds(route, hash, content.length) || i < 700) {
          await mkdir(path.dirname(stored), { recursive: true });
          await writeFile(stored, content);
        }
        const published = path.join(site, outputPathFor(route));
        await mkdir(path.dirname(published), { recursive: true });
        await link(stored, published);
      }
      await first.save();
      // What a reader or a disk did since: stored files removed or cut short, published ones removed or replaced.
      const storedFile = (i: number) => {
        const hash = PageStore.hashOf(contentOf(i));
        return path.join(cache, "files", hash.slice(0, 2), hash.slice(2));
      };
      for (const i of [3, 10, 20]) await rm(storedFile(i));
      for (const i of [30, 40]) await writeFile(`${storedFile(i)}`, "cut");
      for (const i of [50, 750, 760]) await rm(path.join(site, outputPathFor(routes[i] as string)));
      for (const i of [60, 770]) {
        const file = path.join(site, outputPathFor(routes[i] as string));
        await rm(file);
        await writeFile(file, contentOf(i));
      }

      const list = await readFile(path.join(cache, PAGE_LIST), "utf8");
      const answers = (scan: boolean) => {
        const store = PageStore.read(cache, "salt", list);
        store.update(site);
        if (scan) store.checkFiles();
        const seen = routes.map((route, i) => {
          const content = contentOf(i);
          const hash = PageStore.hashOf(content);
          const held = store.holds(route, hash, content.length);
          return [held, held && store.published(route, hash, content.length)];
        });
        return { seen, damaged: store.damaged, store };
      };
      const asked = answers(false);
      const scanned = answers(true);
      await scanned.store.stopChecking();
      assert.deepEqual(scanned.seen, asked.seen);
      assert.equal(scanned.damaged, asked.damaged);
      // And the answers are right: 5 stored files damaged, the routes of their bytes neither held nor published.
      assert.equal(asked.damaged, 5);
      const damaged = new Set([3, 10, 20, 30, 40]);
      for (const [i, [held, published]] of asked.seen.entries()) {
        assert.equal(held, !damaged.has(i % 700), `held ${routes[i]}`);
        assert.equal(published, !damaged.has(i % 700) && ![50, 750, 760, 60, 770].includes(i), `published ${routes[i]}`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
