import { describe, expect, test } from 'vitest';
import { defaultPackage, defaultProjectName, packageProblem, projectNameProblem } from '../../../src/scaffold/names.js';

describe('project names', () => {
  test('defaults come from the folder', () => {
    expect(defaultProjectName('/home/u/src/My App')).toBe('my-app');
    expect(defaultProjectName('/tmp/demo')).toBe('demo');
    expect(defaultProjectName('/tmp/!!!')).toBe('my-project');
    expect(defaultPackage('demo')).toBe('app:demo');
    expect(defaultPackage('my_app2')).toBe('app:my-app2');
    expect(defaultPackage('2fast')).toBe('app:p2fast');
  });

  test('every default is valid', () => {
    for (const dir of ['/x/My App', '/x/a_b', '/x/9lives', '/x/---']) {
      const name = defaultProjectName(dir);
      expect(projectNameProblem(name)).toBeNull();
      expect(packageProblem(defaultPackage(name))).toBeNull();
    }
  });

  test('WIT packages are namespace:name of kebab-case identifiers', () => {
    expect(packageProblem('acme:greeter')).toBeNull();
    expect(packageProblem('acme:my-app2')).toBeNull();
    expect(packageProblem('acme')).toContain('expected namespace:name');
    expect(packageProblem('a:b:c')).toContain('expected namespace:name');
    expect(packageProblem('Acme:x')).toContain('"Acme" in "Acme:x" is not a WIT identifier');
    expect(packageProblem('acme:2x')).toContain('not a WIT identifier');
    expect(packageProblem('acme:my--app')).toContain('not a WIT identifier');
    expect(projectNameProblem('Demo')).toContain('is not a project name');
  });
});
