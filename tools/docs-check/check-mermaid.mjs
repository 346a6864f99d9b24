// Parses every ```mermaid block of the given Markdown files with Mermaid's own parser.
// Prints one line per broken block and a summary; exits 1 when any block is broken.
import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";

const dom = new JSDOM("<!DOCTYPE html><body></body>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let failed = 0;
let total = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  for (const block of text.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
    total++;
    try {
      await mermaid.parse(block[1]);
    } catch (error) {
      failed++;
      console.log(`${file}: ${String(error.message ?? error).split("\n").slice(0, 4).join(" | ")}`);
    }
  }
}
console.log(`${total} mermaid blocks, ${failed} broken`);
process.exit(failed ? 1 : 0);
