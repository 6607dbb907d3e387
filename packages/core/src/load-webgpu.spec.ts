/**
 * selectBackend('webgpu') in Node, through Dawn (the optional package `webgpu`), in a child process: jest's
 * CommonJS loader cannot import that ES module. Where there is no adapter it refuses with one clear line; on
 * Chromium's SwiftShader (a software Vulkan, Debian's chromium package) it runs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import './index';

const PACKAGE_ROOT = path.resolve(__dirname, '..');
const CHILD = path.join(__dirname, 'select-webgpu-child.test-util.ts');
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** selectBackend('webgpu') in a child with Vulkan's driver list set to `icd`: its JSON line. */
function selectIn(icd: string): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--conditions=@lenet/source', '-r', 'ts-node/register/transpile-only', CHILD], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, TS_NODE_SWC: 'true', VK_ICD_FILENAMES: icd },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status).toBe(0);
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  return JSON.parse(line ?? 'null') as Record<string, unknown>;
}

describe("selectBackend('webgpu')", () => {
  it('is not loaded by importing the package (its import-time effect registers wasm kernels only)', () => {
    expect(tf.findBackendFactory('webgpu')).toBeNull();
    expect('gpu' in ((globalThis as { navigator?: object }).navigator ?? {})).toBe(false);
  });

  // Dawn's only Linux backend here is Vulkan: with no driver listed it has no adapter. Elsewhere (Metal, D3D) it may.
  const onLinux = process.platform === 'linux' ? it : it.skip;
  onLinux(
    `refuses with a BackendUnavailableError when Dawn finds no adapter${process.platform === 'linux' ? '' : ' (skipped: not Linux)'}`,
    () => {
      const out = selectIn(path.join(PACKAGE_ROOT, 'no-such-icd.json'));
      expect(out).toMatchObject({ error: 'BackendUnavailableError', backend: 'webgpu' });
      expect(out.message).toMatch(/^backend 'webgpu': no WebGPU adapter found \(.*VK_ICD_FILENAMES=.*\), or use --backend wasm$/);
      expect(out.message).not.toContain('\n');
    },
    120_000,
  );

  const onSwiftShader = fs.existsSync(SWIFTSHADER_ICD) ? it : it.skip;
  onSwiftShader(
    `runs on Chromium's SwiftShader, and says so${fs.existsSync(SWIFTSHADER_ICD) ? '' : ` (skipped: no ${SWIFTSHADER_ICD})`}`,
    () => {
      // d/dw of sum(conv(ones 3x3, w 2x2)): each tap sees 4 ones.
      expect(selectIn(SWIFTSHADER_ICD)).toEqual({ backend: 'webgpu', described: 'webgpu (google swiftshader)', sum: 16 });
    },
    120_000,
  );
});
