/**
 * HTML → Markdown for web posts, with turndown. The archive renders Markdown only (raw HTML
 * would be shown as text), so every tag must become Markdown or go. Images are dropped — the
 * archive keeps no photos, and hot-linking a long-dead site's images breaks pages — and counted,
 * so the editor can add `::: photo` captions.
 */
import TurndownService from "turndown";

export function htmlToMarkdown(html: string) {
  let images = 0;
  const service = new TurndownService({ headingStyle: "atx", bulletListMarker: "-", emDelimiter: "*", strongDelimiter: "**", hr: "---" });
  service.remove(["script", "style", "iframe", "noscript", "form", "button"]);
  // Reposts use <br><br> between paragraphs; a line break inside Chinese text is one, too.
  service.addRule("lineBreak", { filter: "br", replacement: () => "\n\n" });
  service.addRule("image", {
    filter: "img",
    replacement: () => {
      images++;
      return "";
    },
  });
  // Chinese posts indent paragraphs with ideographic or non-breaking spaces; Markdown needs none.
  const markdown = service
    .turndown(html)
    .split("\n")
    .map((line) => line.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { markdown, images };
}
