import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { loadArchive } from "./load.ts";
import { formatProblem } from "./problems.ts";
import { articleText, fixtureProject, validFields } from "../../tests/support/project.ts";

/** Loads the real registries and one article with site.yaml replaced by `site`. */
async function withSite(site: string) {
  const dir = await fixtureProject({ "a.md": articleText(validFields()) });
  await writeFile(path.join(dir, "content", "_data", "site.yaml"), site);
  return loadArchive({ rootDir: dir });
}

const SITE = "name: 档案\ndescription: 说明\n";

describe("the site's licence (site.yaml)", () => {
  it("is optional, and read with its name and address when given", async () => {
    assert.equal((await withSite(SITE)).archive?.site.licence, undefined);
    const { archive } = await withSite(`${SITE}licence:\n  name: CC BY 4.0\n  url: https://creativecommons.org/licenses/by/4.0/\n`);
    assert.deepEqual(archive?.site.licence, { name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/" });
  });

  it("is checked like the rest of the registry: the file, the field and the value", async () => {
    const errors = async (site: string) => (await withSite(site)).problems.filter((p) => p.severity === "error").map(formatProblem);
    assert.deepEqual(await errors(`${SITE}licence:\n  name: CC BY 4.0\n  url: ftp://example.org/\n`), ['content/_data/site.yaml:5 licence.url: Invalid URL; got "ftp://example.org/"']);
    assert.deepEqual(await errors(`${SITE}licence:\n  url: https://example.org/\n`), ["content/_data/site.yaml:3 licence.name: missing"]);
    assert.deepEqual(await errors(`${SITE}licence:\n  name: x\n  link: https://example.org/\n`), ["content/_data/site.yaml:5 licence.link: unknown key"]);
  });
});
