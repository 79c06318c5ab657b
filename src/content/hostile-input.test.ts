import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { articleText, fixtureProject, validFields } from "../../tests/support/project.ts";
import { loadArchive } from "./load.ts";
import { formatProblem } from "./problems.ts";

/** Loads a fixture archive: its problems as the editor sees them, and the articles when it loads. */
async function load(articles: Record<string, string | Uint8Array>) {
  const { archive, problems } = await loadArchive({ rootDir: await fixtureProject(articles) });
  const lines = (severity: string) => problems.filter((p) => p.severity === severity).map(formatProblem);
  return { archive, errors: lines("error"), warnings: lines("warning") };
}

const article = (overrides: Record<string, string | undefined>, body?: string) => articleText(validFields(overrides), body);

describe("hostile input to the content gate", () => {
  it("reads a file with Windows line breaks like any other, whatever its last field", async () => {
    const crlf = (text: string) => text.replaceAll("\n", "\r\n");
    const flowLast = crlf(article({ authors: undefined }).replace("---\n正文", "authors: [马志勇]\n---\n正文"));
    const plainLast = crlf(article({}));
    const { archive, errors, warnings } = await load({ "a.md": flowLast, "b.md": plainLast.replace("作风一变事业兴", "另一篇") });
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings.filter((w) => !/characters long/.test(w)), []);
    assert.deepEqual(archive?.articles.map((a) => [a.authors, a.body]), [[["马志勇"], "正文。\n"], [["马志勇"], "正文。\n"]]);
  });
});
