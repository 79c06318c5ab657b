import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { blobId, committedFiles } from "./git-files.ts";

describe("files git knows unchanged", () => {
  let dir = "";
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.org", ...args], { cwd: dir, encoding: "utf8", timeout: 30_000 });
  const write = (file: string, text: string) => writeFileSync(path.join(dir, file), text);

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "archive-git-files-"));
    mkdirSync(path.join(dir, "content", "2021"), { recursive: true });
    write("content/2021/kept.md", "---\ntitle: 一\n---\n正文\n");
    write("content/2021/edited.md", "---\ntitle: 二\n---\n");
    write("content/2021/hidden.md", "---\ntitle: 三\n---\n");
    write("outside.md", "not under content/\n");
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "x");
    write("content/2021/edited.md", "---\ntitle: 二（改）\n---\n");
    git("update-index", "--assume-unchanged", "content/2021/hidden.md");
    write("content/2021/hidden.md", "---\ntitle: 三（改）\n---\n");
    write("content/2021/new.md", "---\ntitle: 四\n---\n");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("names a file's bytes as git does", () => {
    const file = path.join(dir, "content/2021/kept.md");
    assert.equal(blobId(readFileSync(file)), git("hash-object", file).trim());
  });

  it("lists the committed files under the folder that the working tree has not changed, by absolute path", () => {
    const content = path.join(dir, "content");
    const known = committedFiles(content);
    assert.deepEqual([...(known?.keys() ?? [])], [path.join(content, "2021/kept.md")]);
    assert.equal(known?.get(path.join(content, "2021/kept.md")), git("rev-parse", "HEAD:content/2021/kept.md").trim());
  });

  it("knows nothing outside a git work tree", () => {
    const bare = mkdtempSync(path.join(tmpdir(), "archive-no-git-"));
    try {
      assert.equal(committedFiles(bare), undefined);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
