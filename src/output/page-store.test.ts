import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { link, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { outputPathFor } from "../core/urls.ts";
import { PAGE_LIST, PageStore } from "./page-store.ts";

describe("the page store", () => {
  it("keys a page by the SHA-1 of its salt and inputs, whichever digest Node offers", () => {
    const store = PageStore.empty(tmpdir(), "salt");
    const inputs = "/articles/2021/10/22/leling/\u0000site\u0000乐陵市作风建设";
    assert.equal(store.keyOf(inputs), createHash("sha1").update("salt").update("\u0000").update(inputs).digest("base64url"));
  });

  it("tells once, when the build has made a number of files rather than kept them", () => {
    const store = PageStore.empty(tmpdir(), "salt");
    const put = (i: number) => store.keep(`/p/${i}/`, "", PageStore.hashOf(`page ${i}`), 6, []);
    put(0);
    let told = 0;
    store.whenMade(3, () => told++);
    put(1);
    put(2);
    assert.equal(told, 0);
    put(3);
    put(4);
    assert.equal(told, 1);
  });

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
        store.keep(route, i % 2 ? store.keyOf(route) : "", hash, content.length, Int32Array.from(i % 3 ? [routes[(i + 1) % routes.length] as string, "/assets/a.css"] : [], (t) => store.paths.id(t)));
      }
      await store.save();
      const list = await readFile(path.join(dir, PAGE_LIST));

      // Files the list names, on disk as the writer links them there: the next build may reuse them.
      const onDisk = [1, 5, 8, ...Array.from({ length: 90 }, (_, i) => 100 * i + 7)];
      for (const i of onDisk) {
        const hash = PageStore.hashOf(`page ${i % 9_000}`);
        await mkdir(path.join(dir, "files", hash.slice(0, 2)), { recursive: true });
        await writeFile(path.join(dir, "files", hash.slice(0, 2), hash.slice(2)), `page ${i % 9_000}`);
      }
      const next = PageStore.read(dir, "salt", list);
      // A key that differs in one character, the first, ones inside or the last, is another key.
      const seventh = store.keyOf("/p/7/");
      for (const at of [0, 13, 15, 26]) {
        const other = seventh.slice(0, at) + (seventh[at] === "A" ? "Q" : "A") + seventh.slice(at + 1);
        assert.equal(next.reuse("/p/7/", other), undefined, other);
      }
      // Each route as it was kept (odd ones have a key): its file, its links.
      for (const i of onDisk.slice(3)) {
        const route = routes[i] as string;
        const reused = next.reuse(route, store.keyOf(route));
        const targets = i % 3 ? [routes[(i + 1) % routes.length], "/assets/a.css"] : [];
        const hash = PageStore.hashOf(`page ${i % 9_000}`);
        assert.deepEqual(reused && { ...reused, targets: Array.from(reused.targets, (id) => next.paths.list[id]) }, { link: path.join(dir, "files", hash.slice(0, 2), hash.slice(2)), targets }, route);
      }
      assert.equal(next.reuse("/p/1/", "another key"), undefined);
      assert.equal(next.reuse("/p/8/", ""), undefined, "a page without a key is made every time");
      // A stored file cut short is made again, and counted once.
      const damaged = PageStore.hashOf("page 5");
      await writeFile(path.join(dir, "files", damaged.slice(0, 2), damaged.slice(2)), "page");
      assert.equal(next.reuse("/p/5/", store.keyOf("/p/5/")), undefined);
      assert.equal(next.holds("/p/5/", damaged, 6), false);
      assert.equal(next.damaged, 1);
      // A list cut off, or naming a route that is not among its paths, is refused.
      assert.throws(() => PageStore.read(dir, "salt", list.subarray(0, list.length - 1)), /pages\.bin is cut off/);
      const wrongRoute = new Uint8Array(list);
      const header = JSON.parse(list.toString("utf8", 0, list.indexOf(10))) as { paths: number };
      new DataView(wrongRoute.buffer).setInt32(list.indexOf(10) + 1 + header.paths, header.paths + 10, true);
      assert.throws(() => PageStore.read(dir, "salt", wrongRoute), /pages\.bin: row 0 is not a stored page/);
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

      const list = await readFile(path.join(cache, PAGE_LIST));
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
