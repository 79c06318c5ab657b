import { readdirSync } from "node:fs";
import path from "node:path";

/** Up to `most` files under `root` whose path matches `kind`, in directory order, folder by folder. */
export function sampleFiles(root: string, kind: RegExp, most: number): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (found.length >= most) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (kind.test(full)) found.push(full);
    }
  };
  walk(root);
  return found;
}
