import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a vega-lite spec to an SVG string in Node: no browser, no canvas (text is measured by vega's
 * estimate, so the output depends only on the spec). The same spec gives byte-identical SVG.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return canonicalIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Vega numbers gradient and clip-path ids with counters that live across renders in one process, so the
 * same figure drawn twice would differ in its ids. They are renumbered here in order of first appearance.
 */
export function canonicalIds(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/(id="|url\(#)((?:p_)?gradient_\d+|clip\d+)/g, (_, prefix: string, id: string) => {
    let canonical = ids.get(id);
    if (canonical === undefined) {
      const kind = id.replace(/\d+$/, '');
      canonical = `${kind}${[...ids.keys()].filter((k) => k.replace(/\d+$/, '') === kind).length + 1}`;
      ids.set(id, canonical);
    }
    return prefix + canonical;
  });
}
