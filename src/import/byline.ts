/**
 * Bylines as the papers print them:
 *
 *   □记者 张双双 通讯员 倪国帅 张晓航 报道            (大众日报; often split over two lines)
 *   □ 本报记者 张海峰 本报通讯员 任立松 赵帅 张宇      (大众日报)
 *   齐鲁晚报·齐鲁壹点记者 马志勇 / 通讯员 贾鹏 于东钧   (齐鲁晚报; the paper's name before 记者)
 *   大众日报淄博融媒体中心记者 马景阳 通讯员 冯萍        (an organisation before 记者)
 *   □张大伟曹伟                                        (no label: the writers)
 *   □贺莹莹 赵庆川 于春芝 报道 / □记者 王某 摄          (photo credits, not the article's byline)
 *
 * A line without □ is taken as a byline only when all of it reads as one — a label, then names —
 * so prose that mentions 记者 ("王娟告诉记者,…") is never mistaken for one.
 */
import { splitNames, type NameSplit } from "./names.ts";

export type Names = NameSplit & { readonly printed: string };

export interface Byline {
  /** A photo credit: kept in the body as printed, never used for authors. */
  readonly photo: boolean;
  /** Reporters (记者), or the names of an unlabelled □ byline. */
  readonly authors: Names | undefined;
  /** 通讯员 */
  readonly correspondents: Names | undefined;
  /** Other roles (实习生), which the front matter has no field for. */
  readonly others: readonly string[];
  /** What is printed before 记者: "齐鲁晚报·齐鲁壹点", "大众日报淄博融媒体中心". */
  readonly organisation: string | undefined;
  /** The byline ended with 报道 (or the article text follows it), so no further line continues it. */
  readonly complete: boolean;
  /** Text after 报道 on the same line: the dateline and the start of the article. */
  readonly rest: string | undefined;
  /** The byline as printed. */
  readonly printed: string;
}

const BOX = /^[□■]\s*/;
/** Labels that name a role; the names follow them. */
const ROLE = /(?:本报|特约|见习)?(?:记者|通讯员)|实习生|摄影/;
const LABEL = new RegExp(`${ROLE.source}|报道`, "g");
const DATELINE = /本报[^\s，。,]{1,8}?讯(?!员)/;
const PROSE = /[\s，。,；;：:!！?？“”"]/;

type Role = "authors" | "correspondents" | "others" | "photo" | "unlabelled";

function roleOf(label: string): Role {
  if (label.endsWith("记者")) return "authors";
  if (label.endsWith("通讯员")) return "correspondents";
  if (label === "摄影") return "photo";
  return "others";
}

/**
 * Reads one line as a byline. `continuation` is set for the line after an unfinished byline
 * ("□记者 张双双" / "通讯员 倪国帅 张晓航 报道"), which must start with its label.
 */
export function parseByline(line: string, continuation = false): Byline | undefined {
  const shown = line.trim().replace(/^>\s*/, "");
  let text = shown;
  const boxed = BOX.test(text);
  text = text.replace(BOX, "");
  if (!text || text.length > 200) return undefined;

  // Split off what follows the byline: after 报道, or from a 本报X讯 dateline.
  let head = text;
  let rest: string | undefined;
  const dateline = DATELINE.exec(text);
  const reported = text.indexOf("报道");
  const end = [reported === -1 ? Infinity : reported + 2, dateline ? dateline.index : Infinity].reduce((a, b) => Math.min(a, b));
  if (end !== Infinity) {
    head = text.slice(0, end).trim();
    rest = text.slice(end).trim() || undefined;
  }

  // A byline is short; a long line is prose even if it starts with □.
  if (head.length > 80) return undefined;
  const firstLabel = ROLE.exec(head);
  const organisation = firstLabel ? head.slice(0, firstLabel.index).trim() : "";
  if (firstLabel && organisation && (continuation || organisation.length > 24 || PROSE.test(organisation))) return undefined;
  if (!boxed) {
    // Unmarked lines: a label first (or an organisation's name glued to 记者), and nothing like prose.
    if (!firstLabel) return undefined;
    if (!continuation && !firstLabel[0].endsWith("记者")) return undefined;
  }

  const spaced = head.slice(firstLabel && organisation ? firstLabel.index : 0).replace(LABEL, " $& ").replace(/(?:^|\s)摄(?=\s|$)/g, " 摄影 ");
  const tokens = spaced.split(/[\s/／、，,|｜]+/).filter(Boolean);
  const groups = new Map<Role, string[]>();
  let role: Role = "unlabelled";
  let photo = false;
  let reportedLabel = false;
  for (const token of tokens) {
    if (token === "报道") {
      reportedLabel = true;
      continue;
    }
    if (new RegExp(`^(?:${ROLE.source})$`).test(token)) {
      role = roleOf(token);
      if (role === "photo") photo = true;
      continue;
    }
    groups.set(role, [...(groups.get(role) ?? []), token]);
  }
  const labelled = firstLabel !== null && [...groups.keys()].some((r) => r !== "unlabelled");
  // An unlabelled □ line that ends in 报道 credits a photo (大众日报 prints "□记者 X 报道" for text).
  if (boxed && !labelled && reportedLabel) photo = true;

  const names = (r: Role): Names | undefined => {
    const list = groups.get(r);
    if (!list) return undefined;
    return { ...splitNames(list), printed: list.join(" ") };
  };
  const authors = labelled ? names("authors") : names("unlabelled");
  const correspondents = names("correspondents");
  if (!authors && !correspondents && !groups.get("others")) return undefined;
  if (!boxed) {
    // Without the □ mark, every name must read cleanly, or this is prose after all.
    if ([authors, correspondents].some((n) => n && !n.ok)) return undefined;
    if (labelled && groups.has("unlabelled")) return undefined;
  }
  return {
    photo,
    authors: photo ? undefined : authors,
    correspondents: photo ? undefined : correspondents,
    others: groups.get("others") ?? [],
    organisation: organisation || undefined,
    complete: reportedLabel || rest !== undefined,
    rest,
    printed: rest ? shown.slice(0, shown.lastIndexOf(rest)).trim() : shown,
  };
}

/** A byline printed over two lines ("□记者 张双双" + "通讯员 倪国帅 张晓航 报道") read as one. */
export function joinBylines(first: Byline, second: Byline): Byline {
  const both = (a: Names | undefined, b: Names | undefined): Names | undefined => {
    if (!a || !b) return a ?? b;
    if (!a.ok) return a;
    if (!b.ok) return b;
    return { ok: true, names: [...a.names, ...b.names], printed: `${a.printed} ${b.printed}` };
  };
  return {
    photo: first.photo,
    authors: both(first.authors, second.authors),
    correspondents: both(first.correspondents, second.correspondents),
    others: [...first.others, ...second.others],
    organisation: first.organisation,
    complete: second.complete,
    rest: second.rest,
    printed: `${first.printed} ${second.printed}`,
  };
}
