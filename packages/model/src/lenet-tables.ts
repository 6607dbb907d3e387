/**
 * Connection tables of LeNet-1 and LeNet-4 (LeCun et al. 1998, p. 13). The paper gives their maps but not
 * their tables; these are our choices, made to match the parameter and connection counts the papers print
 * (see the package README for the arithmetic that pins the number of connections).
 */

/** Rows: the output maps; each row lists the input maps it reads. */
export type ConnectionTable = readonly (readonly number[])[];

/**
 * LeNet-1's H3 (12 maps 8x8) over H2 (4 maps): Le Cun et al. 1990 give each H3 unit "one or two 5 by 5
 * neighborhoods" of H2 and 2,578 free parameters / 98,442 connections in all, which leaves exactly 20
 * map-to-map connections: 4 maps read one H2 map, 8 read two. Ours: the singles, the 6 distinct pairs,
 * and the 2 diagonal pairs once more, so each H2 map feeds 5 H3 maps.
 */
export const LENET1_C3_TABLE: ConnectionTable = [[0], [1], [2], [3], [0, 1], [1, 2], [2, 3], [3, 0], [0, 2], [1, 3], [0, 2], [1, 3]];

/** `count` rows of `width` cyclically contiguous maps of `maps`, the first starting at `start`, then every `stride`. */
function contiguous(count: number, width: number, maps: number, start: number, stride: number): number[][] {
  return Array.from({ length: count }, (_, r) => Array.from({ length: width }, (_, i) => (start + r * stride + i) % maps));
}

/**
 * LeNet-4's C3 (16 maps 10x10) over S2 (8 maps): 60 map-to-map connections (1,516 parameters, as
 * LeNet-5's C3) in the spirit of Table I: 8 maps read 3 contiguous S2 maps, 4 read 4, 4 read 5.
 */
export const LENET4_C3_TABLE: ConnectionTable = [...contiguous(8, 3, 8, 0, 1), ...contiguous(4, 4, 8, 0, 2), ...contiguous(4, 5, 8, 1, 2)];

/**
 * LeNet-4's 120-unit layer over S4 (16 maps 5x5): 560 map connections of 25 weights (80 units read 5
 * contiguous S4 maps, 40 read 4), 14,120 parameters; the only reading of "about 17,000 free parameters,
 * about 260,000 connections" with 5x5 kernels (a full layer alone would have 48,120).
 */
export const LENET4_F5_TABLE: ConnectionTable = [...contiguous(80, 5, 16, 0, 1), ...contiguous(40, 4, 16, 0, 1)];
