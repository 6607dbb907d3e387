import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Every module the browser entry reaches through relative imports, with its source. */
function importGraph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const source = readFileSync(file, 'utf8');
    seen.set(file, source);
    for (const m of source.matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gms)) visit(path.resolve(path.dirname(file), `${m[1]}.ts`));
  };
  visit(entry);
  return seen;
}

describe('the browser entry', () => {
  const graph = importGraph(path.join(__dirname, 'index.browser.ts'));

  it('reaches no Node API (node: modules, require, __dirname, process, Buffer)', () => {
    expect(graph.size).toBeGreaterThan(10);
    for (const [file, source] of graph) {
      const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect({ file, hits: code.match(/from '(node:|fs|path|zlib|crypto)[^']*'|\brequire\(|__dirname|\bprocess\.|\bBuffer\b/g) }).toEqual({ file, hits: null });
    }
  });

  it('is what package.json maps the browser condition to', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
    expect(pkg.exports['.']['@lenet/source'].browser).toBe('./src/index.browser.ts');
    expect(pkg.exports['.'].browser).toBe('./dist/index.browser.js');
  });
});
