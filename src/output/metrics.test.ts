import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Metrics } from "./metrics.ts";

describe("a build's metrics", () => {
  it("add up each stage's time over its runs, failed ones too, in the order the stages first ran, and keep the last count", async () => {
    const metrics = new Metrics();
    assert.equal(await metrics.timed("pages", () => 42), 42);
    await assert.rejects(metrics.timed("checks", () => Promise.reject(new Error("broken link"))), /broken link/);
    await metrics.timed("pages", () => new Promise((resolve) => setTimeout(resolve, 20)));
    metrics.record("pages", 10);
    metrics.record("pages", 12);
    assert.deepEqual(Object.keys(metrics.stageSeconds()), ["pages", "checks"]);
    assert.ok((metrics.stageSeconds()["pages"] ?? 0) >= 0.015, "the second run's time is added");
    assert.deepEqual(metrics.figures(), { pages: 12 });
    assert.deepEqual(new Metrics().stageSeconds(), {}, "one per build: another build starts empty");
  });
});
