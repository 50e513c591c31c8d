/**
 * The JavaScript step of a build: a TypeScript entry module is type-checked (against its generated
 * WIT declarations) and compiled to one ES module; a JavaScript one is checked for syntax errors.
 * Problems are reported as `file:line:col: message`, before ComponentizeJS runs.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type * as TS from 'typescript';
import { ErrorCode, UserError } from '../../cli/errors.js';
import { typesDir } from '../guest-types.js';
import type { BuildableComponent } from '../wit-deps.js';

/** Options every TypeScript component is checked with (the templates' tsconfig.json has the same). */
function compilerOptions(ts: typeof TS): TS.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  };
}

let typescript: Promise<typeof TS> | undefined;

function loadTypescript(): Promise<typeof TS> {
  typescript ??= import('typescript').then((module) => ('default' in module ? module.default : module) as typeof TS);
  return typescript;
}

/**
 * The ES module to componentize: the source itself for JavaScript, the compiled output (written
 * under `outDir`) for TypeScript.
 */
export async function compileSource(component: BuildableComponent, outDir: string, cwd: string): Promise<string> {
  const ts = await loadTypescript();
  const { source } = component.build;
  if (!existsSync(source)) {
    throw new UserError(ErrorCode.notFound, `${component.name}: the source ${relative(cwd, source)} does not exist`, {
      hint: 'fix the js / ts path of its build table in obelisk.toml',
    });
  }
  const text = readFileSync(source, 'utf8');
  if (component.build.language === 'js') {
    const { diagnostics = [] } = ts.transpileModule(text, { fileName: source, reportDiagnostics: true });
    failOn(ts, component, diagnostics, cwd);
    return source;
  }
  const program = ts.createProgram({
    rootNames: [source, ...declarations(typesDir(component))],
    options: compilerOptions(ts),
  });
  // Syntax errors first, alone: the type errors they cause would only bury them.
  const syntax = program.getSyntacticDiagnostics();
  failOn(ts, component, syntax.length > 0 ? syntax : ts.getPreEmitDiagnostics(program), cwd);
  const output = ts.transpileModule(text, {
    fileName: source,
    compilerOptions: { ...compilerOptions(ts), noEmit: false },
  });
  const target = join(outDir, `${component.name}.js`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, output.outputText);
  return target;
}

function declarations(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.d.ts'))
    .sort()
    .map((file) => join(dir, file));
}

function failOn(
  ts: typeof TS,
  component: BuildableComponent,
  diagnostics: readonly TS.Diagnostic[],
  cwd: string,
): void {
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length === 0) {
    return;
  }
  const lines = errors.slice(0, 20).map((d) => formatDiagnostic(ts, d, cwd));
  if (errors.length > lines.length) {
    lines.push(`... and ${errors.length - lines.length} more`);
  }
  const missingTypes = errors.some((d) => d.code === 2307);
  throw new UserError(
    ErrorCode.invalidInput,
    `${component.name}: ${errors.length} error${errors.length === 1 ? '' : 's'} in ${relative(cwd, component.build.source)}\n${lines.join('\n')}`,
    missingTypes
      ? { hint: 'a WIT module without types: run `obelisk generate wit` to write wit/deps and the types' }
      : {},
  );
}

function formatDiagnostic(ts: typeof TS, diagnostic: TS.Diagnostic, cwd: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
  if (diagnostic.file === undefined || diagnostic.start === undefined) {
    return `  error TS${diagnostic.code}: ${message}`;
  }
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `  ${relative(cwd, diagnostic.file.fileName)}:${line + 1}:${character + 1}: error TS${diagnostic.code}: ${message}`;
}
