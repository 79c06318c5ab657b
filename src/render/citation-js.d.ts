// citation-js ships no types; the little of its API the archive uses.
declare module "@citation-js/core" {
  export class Cite {
    constructor(data: unknown);
    readonly data: Record<string, unknown>[];
    format(format: "ris" | "bibtex" | "data", options?: Record<string, unknown>): string;
  }
  export const plugins: { config: { get(name: string): Record<string, Record<string, unknown>> } };
}
declare module "@citation-js/plugin-bibtex";
declare module "@citation-js/plugin-ris";
declare module "@citation-js/plugin-ris/lib/spec/index.js" {
  export const SPECS: Record<string, Record<string, unknown>[]>;
}
