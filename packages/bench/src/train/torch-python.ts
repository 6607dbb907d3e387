import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** A PyTorch script of this folder, read from src/ (tsc copies no .py into dist/, where the benches run). */
export function pytorchScript(name: string): string {
  return join(__dirname, '..', '..', 'src', 'train', name);
}

/** A python3 that imports torch and torchvision; installs Debian's python3-torch/-torchvision when none does. */
export function torchPython(): string {
  const candidates = ['/usr/bin/python3', 'python3'];
  const works = (py: string) => spawnSync(py, ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0;
  for (const py of candidates) if (works(py)) return py;
  console.log('PyTorch missing: apt-get install python3-torch python3-torchvision ...');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'python3-torch', 'python3-torchvision'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!works('/usr/bin/python3')) throw new Error('bench: /usr/bin/python3 still cannot import torch after apt-get install');
  return '/usr/bin/python3';
}
