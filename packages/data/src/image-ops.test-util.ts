import type { GrayImage } from './gray-image';

/** Bilinear resize (test helper: makes "photos" of MNIST digits at other sizes). */
export function resizeBilinear(img: GrayImage, width: number, height: number): GrayImage {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(img.height - 1, Math.max(0, ((y + 0.5) * img.height) / height - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(img.height - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(img.width - 1, Math.max(0, ((x + 0.5) * img.width) / width - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(img.width - 1, x0 + 1);
      const tx = fx - x0;
      const p = (xx: number, yy: number): number => img.data[yy * img.width + xx];
      const v = (1 - ty) * ((1 - tx) * p(x0, y0) + tx * p(x1, y0)) + ty * ((1 - tx) * p(x0, y1) + tx * p(x1, y1));
      out[y * width + x] = Math.round(v);
    }
  }
  return { width, height, data: out };
}

/** 255 - v for every pixel (black-on-white from MNIST's white-on-black). */
export function invert(img: GrayImage): GrayImage {
  return { ...img, data: img.data.map((v) => 255 - v) };
}

/** Pearson correlation of two equally long arrays. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
