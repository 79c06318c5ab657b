/**
 * The site's icon, a front page in the archive's red: drawn once as rectangles, written as SVG
 * (assets/favicon.svg, for browsers that take it) and as a 32×32 ICO (/favicon.ico, which browsers
 * and feed readers request whatever the page says). Both come from the same shapes, so they agree.
 */
const SIZE = 32;
const PAPER = [0xfb, 0xfa, 0xf6] as const;
const RED = [0x9e, 0x1b, 0x1b] as const;

/** [x, y, width, height]: masthead, photo, three lines of text. */
const SHAPES: readonly (readonly [number, number, number, number])[] = [
  [6, 6, 20, 4],
  [6, 13, 9, 13],
  [17, 13, 9, 3],
  [17, 18, 9, 3],
  [17, 23, 9, 3],
];
const hex = (c: readonly number[]) => `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;

export const faviconSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}"><rect width="${SIZE}" height="${SIZE}" rx="4" fill="${hex(RED)}"/>${SHAPES.map(([x, y, w, h]) => `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${hex(PAPER)}"/>`).join("")}</svg>\n`;

/** The same icon as an ICO holding one 32-bit bitmap (BITMAPINFOHEADER, rows bottom-up, BGRA, then an empty AND mask). */
export function faviconIco(): Uint8Array {
  const pixels = SIZE * SIZE * 4;
  const mask = SIZE * 4; // 1 bit per pixel, rows padded to 4 bytes: 32 px → 4 bytes a row
  const image = 40 + pixels + mask;
  const out = new Uint8Array(6 + 16 + image);
  const view = new DataView(out.buffer);
  view.setUint16(2, 1, true); // type: icon
  view.setUint16(4, 1, true); // one image
  view.setUint8(6, SIZE);
  view.setUint8(7, SIZE);
  view.setUint16(10, 1, true); // planes
  view.setUint16(12, 32, true); // bits per pixel
  view.setUint32(14, image, true);
  view.setUint32(18, 22, true);
  const header = 22;
  view.setUint32(header, 40, true);
  view.setInt32(header + 4, SIZE, true);
  view.setInt32(header + 8, SIZE * 2, true); // colour bitmap + mask
  view.setUint16(header + 12, 1, true);
  view.setUint16(header + 14, 32, true);
  view.setUint32(header + 20, pixels + mask, true);
  const inside = (x: number, y: number) => SHAPES.some(([sx, sy, w, h]) => x >= sx && x < sx + w && y >= sy && y < sy + h);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const [r, g, b] = inside(x, y) ? PAPER : RED;
      const at = header + 40 + ((SIZE - 1 - y) * SIZE + x) * 4;
      out.set([b, g, r, 0xff], at);
    }
  }
  return out;
}
