import { MODEL_NAMES, ModelOptionError, resolveModelOptions } from './model-options';

describe('resolveModelOptions', () => {
  it('knows the four models', () => {
    expect(MODEL_NAMES).toEqual(['lenet5', 'lenet5-1998', 'lenet1', 'lenet4']);
  });

  it('lenet1 and lenet4 fix the options their layout depends on', () => {
    expect(resolveModelOptions('lenet4', { activation: 'relu', init: 'lecun98-sqrt' })).toMatchObject({
      activation: 'relu',
      head: 'softmax',
      input: 32,
      init: 'lecun98-sqrt',
    });
    expect(() => resolveModelOptions('lenet1', { head: 'rbf' })).toThrow("model option 'head': lenet1 is built for softmax or tanh only, found 'rbf'");
    expect(() => resolveModelOptions('lenet4', { input: 28 })).toThrow("model option 'input': lenet4 is built for 32 only, found '28'");
    expect(() => resolveModelOptions('lenet4', { subsampling: 'max' })).toThrow("model option 'subsampling': lenet4 is built for trainable only");
  });

  it('lenet5 is the seed notebook: relu / avg / full / softmax / 28', () => {
    expect(resolveModelOptions('lenet5')).toEqual({
      activation: 'relu',
      subsampling: 'avg',
      c3: 'full',
      head: 'softmax',
      input: 28,
      init: 'default',
      seed: 0,
    });
  });

  it('lenet5-1998 is the paper: scaled-tanh / trainable / table / rbf / 32, with the Glorot (default) init', () => {
    expect(resolveModelOptions('lenet5-1998')).toEqual({
      activation: 'scaled-tanh',
      subsampling: 'trainable',
      c3: 'table',
      head: 'rbf',
      input: 32,
      init: 'default',
      seed: 0,
    });
  });

  it('overrides single options and ignores undefined ones', () => {
    expect(resolveModelOptions('lenet5-1998', { head: 'softmax', seed: 3, c3: undefined })).toMatchObject({
      head: 'softmax',
      seed: 3,
      c3: 'table',
    });
  });

  it('rejects unknown names and values with what was expected', () => {
    expect(() => resolveModelOptions('lenet6' as never)).toThrow(ModelOptionError);
    expect(() => resolveModelOptions('lenet6' as never)).toThrow("model: expected one of lenet5, lenet5-1998, lenet1, lenet4, found 'lenet6'");
    expect(() => resolveModelOptions('lenet5', { activation: 'gelu' as never })).toThrow(
      "model option 'activation': expected one of scaled-tanh, tanh, relu, sigmoid, found 'gelu'",
    );
    expect(() => resolveModelOptions('lenet5', { input: 30 as never })).toThrow("model option 'input': expected one of 28, 32, found '30'");
    expect(() => resolveModelOptions('lenet5', { seed: 1.5 })).toThrow("model option 'seed': expected an integer, found '1.5'");
  });
});
