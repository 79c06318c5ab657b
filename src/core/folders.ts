import path from "node:path";

/**
 * Whether `child` is a path inside the folder `parent`, not the folder itself: what every check
 * that a file or folder stays where it belongs asks (the output, the project, the content).
 */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative !== "" && relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
