export type { Activation, Head, Init, ModelName, ModelOptions, Subsampling } from './model-options';
export {
  ACTIVATION_NAMES,
  C3_NAMES,
  HEAD_NAMES,
  INIT_NAMES,
  INPUT_SIZES,
  MODEL_NAMES,
  ModelOptionError,
  SUBSAMPLING_NAMES,
  resolveModelOptions,
} from './model-options';
export { createModel } from './create-model';
export type { Criterion, LossOptions } from './create-loss';
export { CRITERIA_BY_HEAD, CRITERION_NAMES, CROSS_ENTROPY_EPSILON, TANH_TARGETS, DEFAULT_MAP_J, LossOptionError, createLoss } from './create-loss';
export { predictClasses } from './predict-classes';
export { classProbabilities } from './class-probabilities';
export { headOf } from './head-of';
export type { LayerDescription } from './describe';
export { describe } from './describe';
export { C3_TABLE } from './c3-table';
export type { ConnectionTable } from './lenet-tables';
export { LENET1_C3_TABLE, LENET4_C3_TABLE, LENET4_F5_TABLE } from './lenet-tables';
export { RBF_CODES_FILE, RbfCodesFormatError, parseRbfCodes, provideRbfCodesText, rbfCodes } from './rbf-codes';
export { FastTanhActivation, SCALED_TANH_A, SCALED_TANH_S, ScaledTanhActivation, scaledTanh } from './layers/scaled-tanh';
export type { SubsamplingArgs } from './layers/subsampling';
export { TrainableSubsampling } from './layers/subsampling';
export type { TableConv2DArgs } from './layers/table-conv2d';
export { TableConv2D } from './layers/table-conv2d';
export { RbfOutput } from './layers/rbf-output';
export type { CenteredResizeArgs } from './layers/centered-resize';
export { CenteredResize } from './layers/centered-resize';
export type { ImageConv2DArgs } from './layers/image-conv2d';
export { ImageConv2D } from './layers/image-conv2d';
// For alternative layer implementations (the model bench's variants): the activation a layer applies by name.
export { applyActivation } from './layers/scaled-tanh';
