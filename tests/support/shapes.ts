import { setFlagsFromString } from "node:v8";

// V8's own tests of an object's layout: the flag lets the Functions below use them.
setFlagsFromString("--allow-natives-syntax");

/** Whether V8 keeps `o` with fast properties (in a shape it shares), not as a dictionary. */
export const hasFastProperties = new Function("o", "return %HasFastProperties(o)") as (o: object) => boolean;

/** Whether V8 gives `a` and `b` the same shape (hidden class). */
export const haveSameShape = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;
