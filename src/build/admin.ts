import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";
import { cmsConfig, type CmsBackend } from "../content/cms-config.ts";
import type { Archive } from "../content/load.ts";
import { REGISTRY_FILES, type RegistryFiles } from "../content/registry.ts";
import type { Links } from "../core/urls.ts";
import { adminPage, ADMIN, type AdminPageData } from "../render/admin.ts";
import type { PageWriter } from "../output/page-writer.ts";
import { browserBundle } from "../search/bundle/site-search.ts";

/**
 * /admin/, the browser CMS: Decap CMS from npm (pinned in package.json, served from the site's own
 * folder, never a CDN), our script (src/browser/cms.ts, bundled here) and the page with the
 * configuration made from the content gate.
 */

const require = createRequire(import.meta.url);
/** Decap's browser build: decap-cms.js and the chunks it loads from its own folder (no source maps, not the cms.js twin). */
const DECAP_DIST = path.dirname(require.resolve("decap-cms/dist/decap-cms.js"));
const DECAP_FILE = /^(?:\d+\.)?decap-cms\.js$/;
const CLIENT = fileURLToPath(new URL("../browser/cms.ts", import.meta.url));
const SHIMS = fileURLToPath(new URL("../browser/node-shims.ts", import.meta.url));

/**
 * The deployment's CMS backend from the environment (README, "Editing in the browser"):
 * CMS_BACKEND=github|gitlab|gitea turns /admin/ on, with CMS_REPO (owner/name; default GitHub
 * Actions' GITHUB_REPOSITORY), CMS_BRANCH (default main), CMS_BASE_URL (the OAuth proxy),
 * CMS_API_ROOT (a self-hosted GitLab or Gitea) and CMS_APP_ID (an OAuth app with PKCE).
 * Undefined without CMS_BACKEND: a site whose editors cannot log in gets no /admin/.
 */
export function cmsBackendFromEnv(env: NodeJS.ProcessEnv): CmsBackend | undefined {
  const name = env["CMS_BACKEND"] ?? "";
  if (name === "" || name === "none") return undefined;
  if (name !== "github" && name !== "gitlab" && name !== "gitea") throw new Error(`CMS_BACKEND must be github, gitlab, gitea or none, got ${JSON.stringify(name)}`);
  const repo = env["CMS_REPO"] || env["GITHUB_REPOSITORY"] || "";
  if (!/^[^/\s]+(\/[^/\s]+)+$/.test(repo)) throw new Error(`CMS_REPO must name the repository as owner/name, got ${JSON.stringify(repo)}`);
  const appId = env["CMS_APP_ID"] || undefined;
  const backend: CmsBackend = {
    name,
    repo,
    branch: env["CMS_BRANCH"] || "main",
    base_url: env["CMS_BASE_URL"] || undefined,
    api_root: env["CMS_API_ROOT"] || undefined,
    app_id: appId,
    auth_type: appId ? "pkce" : undefined,
  };
  // Decap's configuration check refuses keys set to undefined.
  return Object.fromEntries(Object.entries(backend).filter(([, v]) => v !== undefined)) as CmsBackend;
}

/** The local backend of `npm start` (decap-server, started by src/cli/cms-server.ts). */
export function localCmsBackend(env: NodeJS.ProcessEnv): CmsBackend {
  return { name: "proxy", proxy_url: env["ARCHIVE_CMS_PROXY"] || "http://127.0.0.1:8081/api/v1" };
}

// The Node built-ins the gate imports, for the browser: only on paths the editor never takes
// (reading files, zod loaded lazily) or trivially (file names joined with "/").
const nodeShims: Plugin = {
  name: "node-shims",
  setup(b) {
    b.onResolve({ filter: /^node:(module|buffer|path|fs\/promises|fs|crypto)$/ }, () => ({ path: SHIMS }));
  },
};

let client: Promise<Uint8Array> | undefined;

/** src/browser/cms.ts with the gate and the article template, bundled once per process (it does not depend on content). */
export function clientBundle(): Promise<Uint8Array> {
  client ??= browserBundle(CLIENT, { plugins: [nodeShims], inject: [SHIMS] });
  return client;
}

const written = new Set<string>();

/**
 * Decap's browser build and our script, into the output once per output folder and process (the
 * preview rebuilds on every edit; neither depends on content).
 */
async function writeStatic(outDir: string): Promise<string[]> {
  const target = path.join(outDir, ADMIN.decapFolder);
  const script = path.join(outDir, ADMIN.folder, ADMIN.script);
  const decap = (await readdir(DECAP_DIST)).filter((f) => DECAP_FILE.test(f));
  const files = [...decap.map((f) => path.join(target, f)), script].map((f) => path.relative(outDir, f).split(path.sep).join("/"));
  // Unless the folder was emptied since (a build into the same folder again).
  if (written.has(target) && existsSync(script)) return files;
  await mkdir(target, { recursive: true });
  for (const file of decap) await copyFile(path.join(DECAP_DIST, file), path.join(target, file));
  await writeFile(script, await clientBundle());
  written.add(target);
  return files;
}

export interface AdminOptions {
  readonly archive: Archive;
  readonly links: Links;
  readonly backend: CmsBackend;
  /** The content project's registries folder (content/_data). */
  readonly dataDir: string;
  readonly siteUrl?: string | undefined;
}

/**
 * Writes /admin/ into `outDir`, its page through `writer` (it carries the tags and registries:
 * written when they changed). Returns the files written besides the page, relative to `outDir`.
 */
export async function writeAdmin(outDir: string, writer: PageWriter, options: AdminOptions): Promise<string[]> {
  const { archive, links } = options;
  const uses = new Map<string, number>();
  for (const article of archive.articles) for (const tag of article.tags) uses.set(tag, (uses.get(tag) ?? 0) + 1);
  const tags = [...uses].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([tag]) => tag);
  const stylesheet = links.asset("site.css");
  const registries = Object.fromEntries(
    await Promise.all(Object.entries(REGISTRY_FILES).map(async ([key, file]) => [key, await readFile(path.join(options.dataDir, file), "utf8")])),
  ) as Record<keyof RegistryFiles, string>;
  const data: AdminPageData = {
    config: cmsConfig({ registries: archive, tags, backend: options.backend, siteUrl: options.siteUrl, stylesheet }),
    registries,
    stylesheet,
    pathPrefix: links.home(),
  };
  const files = await writeStatic(outDir);
  await writer.writeFiles([{ path: `${ADMIN.folder}/index.html`, content: adminPage(archive.site.name, data) }], outDir);
  return files;
}
