import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadArchive } from "../content/load.ts";
import { links, routes } from "../core/urls.ts";
import { dataFiles, DATA_FILES } from "./data.ts";
import { siteContext, sitePages, type SitePage } from "./pages.ts";

const root = new URL("../..", import.meta.url).pathname;

/** A page's text as the page writer writes it: in its pieces when it has them. */
async function written(page: SitePage): Promise<string> {
  let text = "";
  for await (const piece of page.chunks?.() ?? [page.render()]) text += typeof piece === "string" ? piece : new TextDecoder().decode(piece);
  return text;
}

describe("the page walk", () => {
  it("comes to the open data's records right after the pages of their articles, which hand them their texts", async () => {
    const { archive } = await loadArchive({ rootDir: root });
    assert.ok(archive);
    const site = links("/", "https://archive.example.org");
    const walked: { route: string; text: string }[] = [];
    // Rendered in order, as the page writer renders them.
    for (const page of sitePages(siteContext(archive, site), { preview: false })) walked.push({ route: page.route, text: await written(page) });
    const at = (route: string) => walked.findIndex((p) => p.route === route);
    const articlePages = archive.articles.map((a) => at(routes.article(a)));
    assert.ok(articlePages.every((i) => i >= 0), "every article's page");
    assert.ok(at(DATA_FILES.json) > Math.max(...articlePages), "after the last article's page");
    assert.ok(at(DATA_FILES.csv) < Math.min(...articlePages), "the CSV, which shows no texts, before them");
    // The same bytes as the file made alone, every text made from its Markdown.
    const alone = dataFiles(archive, site, false, undefined, false).find((f) => f.route === DATA_FILES.json);
    assert.ok(alone?.chunks);
    assert.equal(walked[at(DATA_FILES.json)]?.text, await written({ ...alone, kind: "data" }));
  });
});
