/** A single-channel 8-bit image, row-major. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Pixel box, inclusive-exclusive: columns [left, right), rows [top, bottom). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A float image, row-major (intermediate results keep their precision). */
export interface FloatImage {
  width: number;
  height: number;
  data: Float32Array;
}
