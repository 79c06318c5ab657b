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

  it("tell who listens which stage runs, back to the outer stage when an inner one ends, even by failing", async () => {
    const heard: string[] = [];
    const metrics = new Metrics({ onStage: (stage) => heard.push(stage) });
    await metrics.timed("pages", async () => {
      await metrics.timed("articles", () => undefined);
      await assert.rejects(metrics.timed("feeds", () => Promise.reject(new Error("disk full"))));
    });
    await metrics.timed("search", () => undefined);
    metrics.beside("search thread", 1.5);
    assert.deepEqual(heard, ["pages", "articles", "pages", "feeds", "pages", "search"], "a stage beside the others is never the one running");
    assert.equal(metrics.stageSeconds()["search thread"], 1.5);
  });

  it("note the process's peak memory as each stage ends, never lower than an earlier stage's", async () => {
    const metrics = new Metrics();
    await metrics.timed("load", () => undefined);
    const held = await metrics.timed("render", () => Buffer.alloc(64 * 2 ** 20, 1));
    const peaks = metrics.stagePeakMegabytes();
    assert.deepEqual(Object.keys(peaks), ["load", "render"]);
    assert.ok((peaks["render"] ?? 0) >= (peaks["load"] ?? 0) + 32, `64 MB touched while rendering: ${JSON.stringify(peaks)}`);
    assert.equal(held.length, 64 * 2 ** 20);
  });
});
