import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { calendarDate } from "../core/dates.ts";
import type { Article } from "./article.ts";
import { articleFingerprint } from "./fingerprint.ts";
import { loadArchive, loadArchiveOrThrow, type LoadOptions } from "./load.ts";
import { ContentError } from "./problems.ts";
import { articleText, fixtureProject, repoDir, validFields } from "../../tests/support/project.ts";
import { hasFastProperties, haveSameShape } from "../../tests/support/shapes.ts";

const today = calendarDate(2022, 6, 1);
const PARAGRAPH = "乐陵市坚持以实干论英雄、以实干促发展，持续完善崇尚实干、加油鼓劲的正向激励体系。";

/** Every record as plain data (places and newspapers by name), each body read through its getter. */
const plainArticles = (articles: readonly Article[]) => articles.map((a) => ({ ...a, places: a.places.map((p) => p.name), source: a.source.name }));

describe("article bodies past the memory budget", () => {
  it("leave every record in one shape with fast properties, held or read again, its body the last field", async () => {
    for (const heldBodyBytes of [undefined, 0]) {
      const articles = (await loadArchiveOrThrow({ rootDir: repoDir, today, heldBodyBytes })).articles;
      const [first] = articles as [Article];
      for (const article of articles) {
        assert.ok(hasFastProperties(article), `${article.file}: fast properties`);
        assert.ok(haveSameShape(article, first), `${article.file}: the first record's shape`);
        assert.equal(Object.keys(article).at(-1), "body");
      }
    }
  });

  it("read again from their files give records equal to held ones, fingerprints included", async () => {
    const options: LoadOptions = { rootDir: repoDir, today };
    const held = await loadArchiveOrThrow(options);
    const fingerprints = held.articles.map(articleFingerprint);
    const released = await loadArchiveOrThrow({ ...options, heldBodyBytes: 0 });
    assert.equal(released.articles.length, held.articles.length);
    assert.deepStrictEqual(plainArticles(released.articles), plainArticles(held.articles));
    assert.deepEqual(released.articles.map(articleFingerprint), fingerprints);
  });

  it("are all kept when they all fit in the budget, and all let go when they do not", async () => {
    const bodies = [`${PARAGRAPH}\n`, `${PARAGRAPH}${PARAGRAPH}\n`] as const;
    const files = {
      "2021/a.md": articleText(validFields({ title: "甲", date: "2021-10-22" }), bodies[0]),
      "2021/b.md": articleText(validFields({ title: "乙", date: "2021-10-21" }), bodies[1]),
    };
    const both = (bodies[0].length + bodies[1].length) * 2;
    const kept = await fixtureProject(files);
    const archive = await loadArchiveOrThrow({ rootDir: kept, today, heldBodyBytes: both });
    await rm(path.join(kept, "content/2021/a.md"));
    await rm(path.join(kept, "content/2021/b.md"));
    assert.deepEqual(archive.articles.map((a) => a.body), bodies, "both held: their files are not read again");
    // The newer body alone would fit: held, it would only save a read at the price of its memory.
    const letGo = await fixtureProject(files);
    const over = await loadArchiveOrThrow({ rootDir: letGo, today, heldBodyBytes: both - 2 });
    await rm(path.join(letGo, "content/2021/a.md"));
    await rm(path.join(letGo, "content/2021/b.md"));
    assert.throws(() => over.articles[0]?.body, ContentError);
    assert.throws(() => over.articles[1]?.body, ContentError);
  });

  it("keep CRLF line breaks made \\n, as the gate read them", async () => {
    const dir = await fixtureProject({ "2021/a.md": articleText(validFields(), `${PARAGRAPH}\n\n第二段。\n`).replace(/\n/g, "\r\n") });
    const { archive } = await loadArchive({ rootDir: dir, today, heldBodyBytes: 0 });
    assert.equal(archive?.articles[0]?.body, `${PARAGRAPH}\n\n第二段。\n`);
  });

  it("fail the build, naming the file, when the file changed since it was read", async () => {
    const dir = await fixtureProject({ "2021/a.md": articleText(validFields(), `${PARAGRAPH}\n`) });
    const archive = await loadArchiveOrThrow({ rootDir: dir, today, heldBodyBytes: 0 });
    await writeFile(path.join(dir, "content/2021/a.md"), articleText(validFields(), `${PARAGRAPH}改。\n`));
    assert.throws(
      () => archive.articles[0]?.body,
      (error: Error) => error instanceof ContentError && /content\/2021\/a\.md\b.*changed while the site was being built — build again/.test(error.message),
    );
  });

  it("are read again only once for several uses in a row", async () => {
    const dir = await fixtureProject({ "2021/a.md": articleText(validFields(), `${PARAGRAPH}\n`) });
    const archive = await loadArchiveOrThrow({ rootDir: dir, today, heldBodyBytes: 0 });
    const article = archive.articles[0];
    assert.equal(article?.body, `${PARAGRAPH}\n`);
    await rm(path.join(dir, "content/2021/a.md"));
    assert.equal(article?.body, `${PARAGRAPH}\n`, "the body just read is kept for the next use");
  });
});
