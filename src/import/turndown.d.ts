/**
 * The part of turndown's API the importer uses. turndown ships no types, and a @types package
 * would be one more dependency for five lines.
 */
declare module "turndown" {
  type Filter = string | readonly string[] | ((node: HTMLElement) => boolean);
  interface Rule {
    filter: Filter;
    replacement: (content: string, node: HTMLElement) => string;
  }
  interface Options {
    headingStyle?: "setext" | "atx";
    hr?: string;
    bulletListMarker?: "-" | "+" | "*";
    codeBlockStyle?: "indented" | "fenced";
    emDelimiter?: "_" | "*";
    strongDelimiter?: "**" | "__";
  }
  export default class TurndownService {
    constructor(options?: Options);
    turndown(html: string): string;
    addRule(key: string, rule: Rule): this;
    remove(filter: Filter): this;
  }
}
