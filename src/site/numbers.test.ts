import assert from "node:assert/strict";
import { describe, it, before } from "node:test";
import { createHash } from "node:crypto";
import type { Article } from "../content/article.ts";
import { articleFingerprint, FingerprintTable } from "../content/fingerprint.ts";
import { loadArchive, type Archive } from "../content/load.ts";
import { siteContext } from "../render/pages.ts";
import { links } from "../core/urls.ts";
import { repoDir } from "../../tests/support/project.ts";

describe("the articles' numbers and fingerprints a page's key is made from", () => {
  let archive: Archive;
  before(async () => {
    const loaded = await loadArchive({ rootDir: repoDir, includeDrafts: false });
    assert.ok(loaded.archive);
    archive = loaded.archive;
  });

  it("numbers every listing of the site model by its articles' places in the archive's list", () => {
    const { indexes } = siteContext(archive, links());
    const place = (list: readonly Article[]) => Int32Array.from(list, (a) => archive.articles.indexOf(a));
    const listings = [
      archive.articles,
      ...[...indexes.tags, ...indexes.authors, ...indexes.places, ...indexes.years, ...indexes.months, ...indexes.days].map((l) => l.articles),
      ...indexes.sources.flatMap((s) => [s.articles, ...s.issues.map((i) => i.articles)]),
    ];
    assert.ok(listings.length > 40, `${listings.length} listings`);
    for (const list of listings) assert.deepEqual(indexes.numbers.of(list), place(list));
    // A list the site model did not make is numbered all the same.
    const other = archive.articles.slice(3, 6).reverse();
    assert.deepEqual(indexes.numbers.of(other), Int32Array.from([5, 4, 3]));
  });

  it("reads the fingerprints and days of numbered articles as the records give them, and none for a number that is no article's", () => {
    const table = FingerprintTable.of(archive.articles);
    assert.equal(FingerprintTable.of(archive.articles), table, "one table per list");
    // Each fingerprint's 12 bytes one after the other, zeros for a number that is no article's.
    const fingerprints = (numbers: number[]) => {
      const bytes = Buffer.alloc(numbers.length * 12);
      numbers.forEach((n, k) => archive.articles[n] && bytes.write(articleFingerprint(archive.articles[n]), k * 12, 12, "base64url"));
      return bytes.toString("base64url");
    };
    for (const numbers of [[0], [11, 3, 7], [5, -1, 12], [], Array.from({ length: 70 }, (_, i) => i % 12)]) assert.equal(table.list(numbers), fingerprints(numbers), String(numbers));
    const days = Int32Array.from([2, 9], (n) => {
      const { year, month, day } = (archive.articles[n] as Article).date;
      return year * 10_000 + month * 100 + day;
    });
    assert.equal(table.days([2, 9]), createHash("sha1").update(days).digest("base64url"));
    assert.notEqual(table.days([2, 9]), table.days([9, 2]));
  });
});
