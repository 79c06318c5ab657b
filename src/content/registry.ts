import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { decodeUtf8, notUtf8Problem } from "./decode.ts";
import { paragraph, slug, text, webAddress } from "./fields.ts";
import { describeValue, isEmptyValue, quote, type ContentProblem } from "./problems.ts";
import { parseYaml } from "./yaml.ts";

/** A place in the registry: 山东省 › 德州市 › 乐陵市. */
export interface Place {
  readonly name: string;
  readonly slug: string;
  readonly parent: Place | undefined;
  readonly children: readonly Place[];
  /** From the root down, excluding this place. */
  readonly ancestors: readonly Place[];
}

export interface Registries {
  readonly site: SiteInfo;
  /** By name, in registry order: each place before its children (山东省, 德州市, 乐陵市 …, 淄博市 …). */
  readonly places: ReadonlyMap<string, Place>;
  readonly rootPlaces: readonly Place[];
  readonly sources: ReadonlyMap<string, Source>;
}

interface PlaceEntry {
  name: string;
  slug: string;
  children?: PlaceEntry[] | undefined;
}

/** The registries' schemas. */
const placeEntry: z.ZodType<PlaceEntry> = z.lazy(() => z.strictObject({ name: text, slug, children: z.array(placeEntry).optional() }));
/**
 * The kinds of source (sources.yaml `kind`), and whether each is printed: a printed paper has
 * issues and pages (site/indexes.ts) and is cited as [N] (render/citation.ts), the others as [EB/OL].
 */
const SOURCE_KINDS = { 报纸: "printed", 网站: "online", 网络媒体: "online", 客户端: "online" } as const;
const kind = text.superRefine((value, ctx) => {
  if (!Object.hasOwn(SOURCE_KINDS, value)) ctx.addIssue({ code: "custom", message: `must be one of ${Object.keys(SOURCE_KINDS).join(", ")}; got ${quote(value)}` });
});
const sourceEntry = z.strictObject({ name: text, slug, kind, description: paragraph.optional(), url: webAddress.optional() });
// licence: of what the site publishes as its own (metadata, open data), shown on /data/.
const siteEntry = z.strictObject({ name: text, description: paragraph, licence: z.strictObject({ name: text, url: webAddress.optional() }).optional() });
const registrySchemas = { places: z.array(placeEntry), sources: z.array(sourceEntry), site: siteEntry };

/** A newspaper or news site. */
export type Source = Readonly<z.infer<typeof sourceEntry>>;

/** Whether a source is printed (a newspaper, with issues and pages) rather than published online only. */
export function isPrinted(source: Source): boolean {
  return SOURCE_KINDS[source.kind as keyof typeof SOURCE_KINDS] === "printed";
}
type SiteInfo = Readonly<z.infer<typeof siteEntry>>;

export const REGISTRY_FILES = { site: "site.yaml", places: "places.yaml", sources: "sources.yaml" } as const;

/** The registry files' bytes as read (undefined: missing), by name; a reload compares them to see whether anything changed. */
export type RegistryFiles = Readonly<Record<keyof typeof REGISTRY_FILES, Buffer | undefined>>;

export async function readRegistryFiles(dataDir: string): Promise<RegistryFiles> {
  const read = async ([key, name]: [string, string]) => [key, await readFile(path.join(dataDir, name)).catch(() => undefined)];
  return Object.fromEntries(await Promise.all(Object.entries(REGISTRY_FILES).map(read))) as RegistryFiles;
}

export function sameRegistryFiles(a: RegistryFiles, b: RegistryFiles): boolean {
  const same = (x: Buffer | undefined, y: Buffer | undefined) => (x === undefined || y === undefined ? x === y : x.equals(y as unknown as Uint8Array));
  return (Object.keys(REGISTRY_FILES) as (keyof RegistryFiles)[]).every((key) => same(a[key], b[key]));
}

function parseRegistry<T>(file: string, bytes: Buffer | undefined, schema: z.ZodType<T>, problems: ContentProblem[]): T | undefined {
  if (!bytes) {
    problems.push({ severity: "error", file, message: "registry file is missing" });
    return undefined;
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    problems.push({ severity: "error", file, ...notUtf8Problem(bytes, decoded, "registry") });
    return undefined;
  }
  const yaml = parseYaml(decoded.text);
  for (const e of yaml.errors) problems.push({ severity: "error", file, line: e.line, field: e.field, message: `YAML: ${e.message}` });
  if (yaml.errors.length) return undefined;
  const parsed = schema.safeParse(yaml.data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.filter((p): p is string | number => typeof p !== "symbol");
      const value = key.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], yaml.data);
      if (issue.code === "unrecognized_keys") {
        for (const name of issue.keys) problems.push({ severity: "error", file, line: yaml.lineOf([...key, name]), field: [...key, name].join("."), message: "unknown key" });
        continue;
      }
      // As an article's fields are told (article.ts): a check's own message says what it got.
      const message = issue.code === "custom" ? issue.message : value === undefined ? "missing" : isEmptyValue(value) ? "empty" : `${issue.message}; got ${describeValue(value)}`;
      problems.push({ severity: "error", file, line: yaml.lineOf(key), field: key.join("."), message });
    }
    return undefined;
  }
  return parsed.data;
}

function buildPlaces(entries: readonly PlaceEntry[], file: string, problems: ContentProblem[]) {
  const places = new Map<string, Place>();
  const slugs = new Map<string, string>();
  const build = (entry: PlaceEntry, parent: Place | undefined): Place => {
    const place: { -readonly [K in keyof Place]: Place[K] } = {
      name: entry.name,
      slug: entry.slug,
      parent,
      children: [],
      ancestors: parent ? [...parent.ancestors, parent] : [],
    };
    if (places.has(entry.name)) problems.push({ severity: "error", file, field: "name", message: `place "${entry.name}" is listed twice` });
    const other = slugs.get(entry.slug);
    if (other) problems.push({ severity: "error", file, field: "slug", message: `places "${other}" and "${entry.name}" share the slug "${entry.slug}"` });
    places.set(entry.name, place);
    slugs.set(entry.slug, entry.name);
    place.children = (entry.children ?? []).map((child) => build(child, place));
    return Object.freeze(place);
  };
  const roots = entries.map((entry) => build(entry, undefined));
  return { places, roots };
}

export async function loadRegistries(dataDir: string, rootDir: string, problems: ContentProblem[]): Promise<Registries | undefined> {
  return registriesFrom(await readRegistryFiles(dataDir), dataDir, rootDir, problems);
}

/** The registries from their files' bytes (see readRegistryFiles); problems are added to `problems`. */
export function registriesFrom(files: RegistryFiles, dataDir: string, rootDir: string, problems: ContentProblem[]): Registries | undefined {
  const rel = (f: string) => path.relative(rootDir, path.join(dataDir, f)).split(path.sep).join("/");
  const site = parseRegistry(rel(REGISTRY_FILES.site), files.site, registrySchemas.site, problems);
  const placeEntries = parseRegistry(rel(REGISTRY_FILES.places), files.places, registrySchemas.places, problems);
  const sourceEntries = parseRegistry(rel(REGISTRY_FILES.sources), files.sources, registrySchemas.sources, problems);
  if (!site || !placeEntries || !sourceEntries) return undefined;
  const { places, roots } = buildPlaces(placeEntries, rel(REGISTRY_FILES.places), problems);
  const sources = new Map<string, Source>();
  // Each slug's newspaper, as places are checked (buildPlaces).
  const sourceSlugs = new Map<string, string>();
  const file = rel(REGISTRY_FILES.sources);
  for (const s of sourceEntries) {
    if (sources.has(s.name)) problems.push({ severity: "error", file, field: "name", message: `newspaper "${s.name}" is listed twice` });
    const other = sourceSlugs.get(s.slug);
    if (other !== undefined && other !== s.name) problems.push({ severity: "error", file, field: "slug", message: `newspapers "${other}" and "${s.name}" share the slug "${s.slug}"` });
    sourceSlugs.set(s.slug, s.name);
    sources.set(s.name, Object.freeze({ name: s.name, slug: s.slug, kind: s.kind, description: s.description, url: s.url }));
  }
  return Object.freeze({ site: Object.freeze(site), places, rootPlaces: roots, sources });
}
