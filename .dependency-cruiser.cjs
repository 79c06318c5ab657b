/**
 * The import graph's rules (checked by `npm run lint` and tests/e2e/architecture.test.ts).
 * src/ is layered along the data flow; a folder may import only from folders before it in LAYERS
 * (and from itself). docs/architecture.md explains each layer.
 */
const LAYERS = ["core", "content", "import", "site", "render", "output", "search", "build", "cli"];

const layerRules = LAYERS.map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `src/${layer}/ may import only from ${["itself", ...LAYERS.slice(0, i)].join(", ")}`,
  severity: "error",
  from: { path: `^src/${layer}/`, pathNot: "\\.test\\.ts$" },
  to: { path: `^src/(${LAYERS.filter((_, j) => j > i).join("|") || "\\0"}|browser)/` },
}));

module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "no import cycles between files", from: {}, to: { circular: true } },
    ...layerRules,
    {
      name: "browser-island",
      comment: "the browser's script may import only the search analyzer and the search index's layout (it runs in the page, with DOM types)",
      severity: "error",
      from: { path: "^src/browser/", pathNot: "^src/browser/(cms|node-shims)\\.ts$" },
      to: { path: "^src/", pathNot: "^src/(browser/|search/analyzer/|search/pagefind/layout\\.ts$)" },
    },
    {
      name: "browser-cms",
      comment: "/admin/'s script runs the gate and the article template in the browser (bundled by src/build/admin.ts): it may import core, content and render, nothing that writes files",
      severity: "error",
      from: { path: "^src/browser/(cms|node-shims)\\.ts$" },
      to: { path: "^src/", pathNot: "^src/(browser|core|content|render)/" },
    },
    {
      name: "src-not-tooling",
      comment: "the generator never imports tests or benchmark tooling",
      severity: "error",
      from: { path: "^src/", pathNot: "\\.test\\.ts$" },
      to: { path: "^(tests|tools)/" },
    },
    {
      name: "tools-not-tests",
      comment: "benchmarks and the corpus generator do not depend on the tests",
      severity: "error",
      from: { path: "^tools/" },
      to: { path: "^tests/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
