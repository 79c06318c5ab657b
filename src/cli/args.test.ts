import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCommand, parseOptions, UsageError, wholeNumber } from "./args.ts";

const OPTIONS = { out: { type: "string", short: "o" }, count: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

describe("the one command-line parser", () => {
  it("reads options, short ones too, and takes a negative number as a value for the number check to name", () => {
    assert.deepEqual({ ...parseOptions(["-o", "dir", "--count", "-1"], OPTIONS) }, { out: "dir", count: "-1" });
    assert.throws(() => wholeNumber("count", "-1", 1), /^UsageError: --count must be at least 1, got "-1"$/);
  });

  it("keeps the other arguments in order for commands that take files, and `--` ends the options", () => {
    const { values, positionals } = parseCommand(["a.txt", "--out", "x", "-", "--", "--b.txt"], OPTIONS);
    assert.equal(values.out, "x");
    assert.deepEqual(positionals, ["a.txt", "-", "--b.txt"]);
  });

  it("says what is wrong in one short line, the same for every command", () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        assert.ok(error instanceof UsageError);
        return error.message;
      }
      assert.fail("not refused");
    };
    assert.equal(refusal(() => parseOptions(["--force"], OPTIONS)), "unknown option --force");
    assert.equal(refusal(() => parseOptions(["--out"], OPTIONS)), "--out needs a value");
    assert.equal(refusal(() => parseOptions(["--help=yes"], OPTIONS)), "--help takes no value");
    assert.equal(refusal(() => parseOptions(["file.txt"], OPTIONS)), 'unexpected argument "file.txt"');
  });
});
