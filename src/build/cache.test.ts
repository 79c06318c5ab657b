import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { repoDir } from "../../tests/support/project.ts";
import { hasFastProperties, haveSameShape } from "../../tests/support/shapes.ts";
import { loadArchive } from "../content/load.ts";
import { articleFingerprint } from "../content/fingerprint.ts";
import { BuildCache } from "./cache.ts";

describe("records kept in the build cache", () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("come back equal to the validated ones: same fields, same registry objects, frozen, of the same shape, same fingerprints and problems", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "archive-cache-unit-"));
    dirs.push(dir);
    const warnings: string[] = [];
    const open = () => BuildCache.open({ dir, rootDir: repoDir, contentDir: "content", warn: (line) => warnings.push(line) });
    const first = (await open()) as BuildCache;
    const fresh = await loadArchive({ rootDir: repoDir, cache: first });
    for (const article of fresh.archive?.articles ?? []) articleFingerprint(article);
    await first.save();

    const second = (await open()) as BuildCache;
    const kept = await loadArchive({ rootDir: repoDir, cache: second });
    assert.deepEqual(warnings, []);
    const [a, b] = [fresh.archive?.articles ?? [], kept.archive?.articles ?? []];
    assert.ok(a.length > 0);
    assert.equal(b.length, a.length);
    a.forEach((article, i) => {
      const back = b[i];
      assert.ok(back && back !== article, "a new record");
      assert.deepEqual(Object.keys(back), Object.keys(article), `${article.file}: the same fields, in order`);
      assert.deepEqual(back, article, article.file);
      assert.ok(Object.isFrozen(back) && Object.isFrozen(back.tags) && Object.isFrozen(back.date));
      assert.ok(hasFastProperties(back) && haveSameShape(back, article), `${article.file}: the shape of a validated record`);
      back.places.forEach((place, k) => assert.equal(place, kept.archive?.places.get(article.places[k]?.name ?? ""), "the registry's own place"));
      assert.equal(back.source, kept.archive?.sources.get(article.source.name));
      assert.equal(articleFingerprint(back), articleFingerprint(article));
    });
    assert.deepEqual(kept.problems, fresh.problems);
  });
});
