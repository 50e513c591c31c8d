/** The commands `obelisk new` suggests after creating a project. */
import { relative } from 'node:path';
import type { TemplateInfo } from './catalogue.js';

/** `cd DIR`, `obelisk dev` and the template's example call or HTTP request (run in another terminal). */
export function nextCommands(dir: string, cwd: string, template: TemplateInfo): string[] {
  const rel = relative(cwd, dir) || '.';
  const params = JSON.stringify(template.example.params).replace(/,/g, ', ');
  const { request } = template;
  return [
    ...(rel === '.' ? [] : [`cd ${shellQuote(rel)}`]),
    'obelisk dev',
    request === undefined
      ? `obelisk execution submit --follow ${template.example.ffqn} ${shellQuote(params)}`
      : `curl -X ${request.method} ${shellQuote(request.url)}`,
  ];
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:@-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
