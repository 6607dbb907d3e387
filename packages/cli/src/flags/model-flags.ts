import { BACKEND_NAMES, type BackendName } from '@lenet/core';
import { NORMALIZATION_PRESETS, type NormalizationPreset } from '@lenet/data';
import { locateModel } from '../run-dir';
import type { ModelLocation } from '../run-dir';
import { UsageError } from '../usage-error';
import { DEFAULT_TRAIN_OPTIONS } from '@lenet/train';
import { choiceFlag } from './flag-values';
import type { FlagSpecs, ParsedFlags } from './parse-flags';

/** The flags of every command that uses a trained model (`eval`, `predict`). */
export const MODEL_FLAGS: FlagSpecs = {
  model: { type: 'string', value: 'DIR', description: 'run folder (or its model/ folder) of a trained model (required)' },
  backend: { type: 'string', value: 'B', description: `TF.js backend: ${BACKEND_NAMES.join(' | ')} (default ${DEFAULT_TRAIN_OPTIONS.backend})` },
  normalization: { type: 'string', value: 'P', description: `override the pixel scaling recorded in the run: ${NORMALIZATION_PRESETS.join(' | ')}` },
};

/** {@link MODEL_FLAGS} checked: where the model is, and the backend and normalisation overrides. */
export interface ModelFlagValues {
  location: ModelLocation;
  backend: BackendName | undefined;
  normalization: NormalizationPreset | undefined;
}

/** Checks {@link MODEL_FLAGS} for `command`; `--model` is required and must be a folder. */
export function modelFlagValues(command: string, values: ParsedFlags['values'], cwd: string): ModelFlagValues {
  if (typeof values.model !== 'string') throw new UsageError(`${command}: --model DIR is required (a run folder of a trained model)`);
  return {
    location: locateModel(values.model, cwd),
    normalization: choiceFlag('normalization', values.normalization, NORMALIZATION_PRESETS),
    backend: choiceFlag('backend', values.backend, BACKEND_NAMES),
  };
}
