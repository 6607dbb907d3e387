/**
 * Table I of LeCun et al. 1998: the S2 feature maps (0-5) that each C3 feature map (0-15) reads.
 * The first six read 3 contiguous maps, the next six 4 contiguous, the next three 4 discontinuous,
 * the last all six: 60 map-to-map connections, so 60 x 25 weights + 16 biases = 1,516 parameters.
 */
export const C3_TABLE: readonly (readonly number[])[] = [
  [0, 1, 2],
  [1, 2, 3],
  [2, 3, 4],
  [3, 4, 5],
  [0, 4, 5],
  [0, 1, 5],
  [0, 1, 2, 3],
  [1, 2, 3, 4],
  [2, 3, 4, 5],
  [0, 3, 4, 5],
  [0, 1, 4, 5],
  [0, 1, 2, 5],
  [0, 1, 3, 4],
  [1, 2, 4, 5],
  [0, 2, 3, 5],
  [0, 1, 2, 3, 4, 5],
];
