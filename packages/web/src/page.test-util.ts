import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The built app (`nx run web:build`), which the tests serve as a user's browser would get it. */
export const DIST = path.join(__dirname, '..', 'dist');

/** Debian's Chromium (`apt-get install chromium`); never a downloaded browser. */
export const CHROMIUM = process.env.LENET_CHROMIUM ?? '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.gz': 'application/gzip', // served as stored: the page inflates it with DecompressionStream
};

/** A static file server for dist/ on 127.0.0.1 (a free port). */
export async function serveDist(): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html is missing: build the app first (npx nx run web:build)`);
  const server: Server = createServer((req, res) => {
    const rel = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const file = path.join(DIST, rel.endsWith('/') ? `${rel}index.html` : rel);
    if (!file.startsWith(DIST) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Headless Debian Chromium, no network services, a fresh profile (Playwright's temporary user data dir), as
 * root without the sandbox; WebGL and WebGPU through SwiftShader (the software renderer) instead of --disable-gpu.
 */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) or set LENET_CHROMIUM`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--no-sandbox',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      // WebGPU on SwiftShader's Vulkan (software): Chromium offers no adapter on Linux without these.
      '--enable-unsafe-webgpu',
      '--enable-features=Vulkan',
    ],
  });
}

/**
 * Strokes that follow a 28x28 digit's ink: one horizontal stroke along each run of ink pixels (>= `threshold`)
 * of each row, in MNIST pixel coordinates (centres).
 */
export function inkStrokes(digit: Uint8Array, threshold = 128): Array<[number, number, number]> {
  const strokes: Array<[number, number, number]> = [];
  for (let y = 0; y < 28; y++) {
    let start = -1;
    for (let x = 0; x <= 28; x++) {
      const ink = x < 28 && digit[y * 28 + x]! >= threshold;
      if (ink && start < 0) start = x;
      if (!ink && start >= 0) {
        strokes.push([y, start, x - 1]);
        start = -1;
      }
    }
  }
  return strokes;
}

/**
 * Clears the pad and draws a digit with pointer events (pointerdown, pointermoves along each stroke, pointerup)
 * dispatched on the canvas at `scale` canvas pixels per MNIST pixel, then waits for the page's classification of
 * the finished drawing; returns the predicted digit. The events are dispatched in the page in one call: sent one
 * by one over CDP (page.mouse) they took ~10 s per digit on the loaded 2-core machine.
 */
export async function drawDigit(page: Page, digit: Uint8Array, scale: number): Promise<number> {
  await page.getByTestId('clear').click();
  await page.getByTestId('draw-canvas').evaluate(
    (canvas, { strokes, scale }) => {
      const r = canvas.getBoundingClientRect();
      const offset = (r.width - 28 * scale) / 2;
      const at = (v: number): number => offset + (v + 0.5) * scale;
      const fire = (type: string, x: number, y: number): void => {
        const init = {
          bubbles: true,
          pointerId: 1,
          pointerType: 'mouse',
          isPrimary: true,
          clientX: r.left + x,
          clientY: r.top + y,
          buttons: type === 'pointerup' ? 0 : 1,
        };
        canvas.dispatchEvent(new PointerEvent(type, init));
      };
      for (const [y, x0, x1] of strokes) {
        fire('pointerdown', at(x0), at(y));
        for (let x = x0 + 1; x <= x1; x++) fire('pointermove', at(x), at(y));
        fire('pointerup', at(x1), at(y));
      }
    },
    { strokes: inkStrokes(digit), scale },
  );
  await page.waitForFunction(() => {
    const p = document.querySelector<HTMLElement>('[data-testid="prediction"]')!;
    const c = document.querySelector<HTMLElement>('[data-testid="draw-canvas"]')!;
    return c.dataset.strokes !== '0' && p.dataset.strokes === c.dataset.strokes && p.textContent !== '-';
  });
  return Number(await page.getByTestId('prediction').textContent());
}
