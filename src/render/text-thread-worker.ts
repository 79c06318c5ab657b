/**
 * The thread that makes bodies' plain text (text-thread.ts): for each batch, the texts in the same
 * order, or the error of the first body that fails.
 */
import { parentPort } from "node:worker_threads";
import { bodyFrom, type PortableBody } from "../content/body.ts";
import { markdownToText } from "./markdown.ts";
import { postedError, type TextMessage } from "./text-thread.ts";

const port = parentPort;
if (!port) throw new Error("text-thread-worker.ts runs as a worker thread (text-thread.ts)");
port.on("message", ({ id, bodies }: { id: number; bodies: readonly PortableBody[] }) => {
  let message: TextMessage;
  try {
    message = { id, texts: bodies.map((body) => markdownToText(bodyFrom(body))) };
  } catch (error) {
    message = { id, error: postedError(error) };
  }
  port.postMessage(message);
});
