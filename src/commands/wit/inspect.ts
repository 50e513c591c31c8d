/** `obelisk wit inspect <path>`: what a WIT file or directory, or a component `.wasm`, defines, as a summary or as JSON. */
import { Command, Option } from 'commander';
import { withContext, type CliIo } from '../../cli/context.js';
import { createStyle, type Style } from '../../cli/style.js';
import { inspectResolve, type InspectJson, type InspectType } from '../../wit/inspect.js';
import { loadUserWitOrComponent, withFeatureOptions, WIT_OR_COMPONENT_PATH, type FeatureFlags } from './load.js';

/** Builds `obelisk wit inspect`. */
export function createWitInspectCommand(io: CliIo): Command {
  const command = new Command('inspect')
    .description(
      'List the packages, interfaces (types and functions) and worlds of a .wit file, a WIT directory or a component .wasm, dependencies included.',
    )
    .argument('<path>', WIT_OR_COMPONENT_PATH)
    .addOption(new Option('--json', 'print the JSON document described in docs/wit-inspect-json.md'));
  return withFeatureOptions(command)
    .addHelpText(
      'after',
      [
        '',
        'With --json the output is {"packages":[{"name","interfaces":[..],"worlds":[..]}]},',
        'described in docs/wit-inspect-json.md.',
        '',
        'Examples:',
        '  $ obelisk wit inspect wit/',
        '  $ obelisk wit inspect wit/ --json --features clocks-timezone',
        '  $ obelisk wit inspect activity.wasm      what a built component imports and exports',
      ].join('\n'),
    )
    .action(
      withContext(io, async (ctx, path: string, flags: FeatureFlags) => {
        const json = inspectResolve(await loadUserWitOrComponent(io.cwd, path, flags));
        if (ctx.json) {
          ctx.outJson(json);
        } else {
          io.stdout.write(renderInspect(json, createStyle(ctx.color)));
        }
      }),
    );
}

/** The human summary of an inspect document. */
export function renderInspect(json: InspectJson, style: Style): string {
  const lines: string[] = [];
  for (const pkg of json.packages) {
    lines.push(`${style.bold('package')} ${style.cyan(pkg.name)}`);
    for (const iface of pkg.interfaces) {
      lines.push(`  ${style.bold('interface')} ${iface.name}`);
      for (const type of iface.types) {
        lines.push(`    ${style.dim(type.kind)} ${typeSummary(type)}`);
      }
      for (const func of iface.functions) {
        const params = func.params.map((p) => `${p.name}: ${p.type}`).join(', ');
        lines.push(
          `    ${style.dim('func')} ${func.name}: ${func.async ? 'async ' : ''}func(${params})${func.result === null ? '' : ` -> ${func.result}`}`,
        );
      }
    }
    for (const world of pkg.worlds) {
      lines.push(`  ${style.bold('world')} ${world.name}`);
      lines.push(...world.imports.map((item) => `    ${style.dim('import')} ${item}`));
      lines.push(...world.exports.map((item) => `    ${style.dim('export')} ${item}`));
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function typeSummary(type: InspectType): string {
  switch (type.kind) {
    case 'record':
      return `${type.name} { ${type.fields.map((f) => `${f.name}: ${f.type}`).join(', ')} }`;
    case 'variant':
      return `${type.name} { ${type.cases.map((c) => (c.type === null ? c.name : `${c.name}(${c.type})`)).join(', ')} }`;
    case 'enum':
      return `${type.name} { ${type.cases.join(', ')} }`;
    case 'flags':
      return `${type.name} { ${type.flags.join(', ')} }`;
    case 'resource':
      return type.name;
    case 'alias':
      return `${type.name} = ${type.target}`;
  }
}
