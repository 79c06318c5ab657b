import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Metrics } from "./metrics.ts";

describe("a build's metrics", () => {
  it("add up each stage's time over its runs, in the order the stages first ran, and keep the last count", async () => {
    const metrics = new Metrics();
    const value = await metrics.timed("pages", () => 42);
    await metrics.timed("search", async () => undefined);
    await metrics.timed("pages", () => new Promise((resolve) => setTimeout(resolve, 20)));
    metrics.record("pages", 10);
    metrics.record("pages", 12);
    assert.equal(value, 42);
    assert.deepEqual(Object.keys(metrics.stageSeconds()), ["pages", "search"]);
    assert.ok((metrics.stageSeconds()["pages"] ?? 0) >= 0.015, "the second run's time is added");
    assert.deepEqual(metrics.figures(), { pages: 12 });
  });

  it("are one per build: two builds in one process do not share them", async () => {
    const first = new Metrics();
    await first.timed("load", () => undefined);
    assert.deepEqual(new Metrics().stageSeconds(), {});
  });

  it("time a stage that fails, and pass its error on", async () => {
    const metrics = new Metrics();
    await assert.rejects(metrics.timed("checks", () => Promise.reject(new Error("broken link"))), /broken link/);
    assert.deepEqual(Object.keys(metrics.stageSeconds()), ["checks"]);
  });
});
