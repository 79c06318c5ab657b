import type { Registries } from "./registry.ts";
import { fieldDocs } from "./schema.ts";

/**
 * The generated parts of the editors' guide (docs/editing.md): the front-matter fields from the
 * schema and the registries of places and newspapers, so the guide never disagrees with them.
 */
function fieldTable(): string {
  const formerly = (name?: string) => (name ? `旧名 \`${name}\` 仍可读，检查时提示改名。` : "");
  const rows = fieldDocs().map((f) => `| \`${f.name}\` | ${f.label} | ${f.required ? "必填" : "可选"} | ${f.help}${formerly(f.formerly)} | \`${f.example}\` |`);
  return ["| 字段 | 名称 | | 说明 | 示例 |", "|---|---|---|---|---|", ...rows].join("\n");
}

function placeList(registries: Registries): string {
  return [...registries.places.values()].map((p) => `${"  ".repeat(p.ancestors.length)}- ${p.name}（\`${p.slug}\`）`).join("\n");
}

function sourceList(registries: Registries): string {
  return [...registries.sources.values()].map((s) => `- ${s.name}（\`${s.slug}\`，${s.kind}${s.description ? `：${s.description}` : ""}）`).join("\n");
}

const SECTIONS = { fields: fieldTable, places: placeList, sources: sourceList } as const;

/** Replaces each `<!-- generated:NAME -->…<!-- /generated:NAME -->` block with its current content. */
export function regenerateGuide(text: string, registries: Registries): string {
  let out = text;
  for (const [name, make] of Object.entries(SECTIONS)) {
    const pattern = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!pattern.test(out)) throw new Error(`docs/editing.md has no <!-- generated:${name} --> block`);
    out = out.replace(pattern, (_m, open: string, close: string) => `${open}\n${make(registries)}\n${close}`);
  }
  return out;
}
