import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clientBundle, cmsBackendFromEnv, localCmsBackend } from "./admin.ts";

describe("the CMS backend of a deployment", () => {
  it("is off unless CMS_BACKEND names a Git host", () => {
    assert.equal(cmsBackendFromEnv({}), undefined);
    assert.equal(cmsBackendFromEnv({ GITHUB_REPOSITORY: "newsroom/archive" }), undefined);
    assert.equal(cmsBackendFromEnv({ CMS_BACKEND: "none" }), undefined);
  });

  it("takes the repository from GitHub Actions unless CMS_REPO names one, and only the settings given", () => {
    assert.deepEqual(cmsBackendFromEnv({ CMS_BACKEND: "github", GITHUB_REPOSITORY: "newsroom/archive", CMS_BASE_URL: "https://auth.example.org" }), {
      name: "github",
      repo: "newsroom/archive",
      branch: "main",
      base_url: "https://auth.example.org",
    });
    assert.deepEqual(cmsBackendFromEnv({ CMS_BACKEND: "gitlab", CMS_REPO: "county/paper/archive", CMS_APP_ID: "abc", CMS_BRANCH: "master" }), {
      name: "gitlab",
      repo: "county/paper/archive",
      branch: "master",
      app_id: "abc",
      auth_type: "pkce",
    });
  });

  it("refuses an unknown backend or a repository that is not owner/name, saying which", () => {
    assert.throws(() => cmsBackendFromEnv({ CMS_BACKEND: "netlify" }), /CMS_BACKEND must be github, gitlab, gitea or none, got "netlify"/);
    assert.throws(() => cmsBackendFromEnv({ CMS_BACKEND: "gitea" }), /CMS_REPO must name the repository as owner\/name, got ""/);
  });

  it("is decap-server on this machine in the preview", () => {
    assert.deepEqual(localCmsBackend({ ARCHIVE_CMS_PROXY: "http://127.0.0.1:9001/api/v1" }), { name: "proxy", proxy_url: "http://127.0.0.1:9001/api/v1" });
  });
});

describe("the CMS script for the browser", () => {
  it("is bundled with the gate and the templates without a warning from esbuild", async () => {
    const script = new TextDecoder().decode(await clientBundle());
    assert.ok(script.length > 10_000, `${script.length} bytes`);
  });
});
