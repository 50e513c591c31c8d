// @ts-check
/**
 * Lint rules, including the layer rules of the architecture: dependencies
 * point one way and `import/no-restricted-paths` enforces it (see DEVELOPMENT.md).
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';

/** Top-level folders of `src/` outside the engine. */
const OUTER = ['commands', 'runner', 'server', 'client', 'tui', 'config', 'scaffold', 'oci', 'cli', 'wire'];
const outer = (/** @type {string[]} */ names) => names.map((n) => `./src/${n}`);

/** @type {import('eslint-plugin-import').RuleOptions['import/no-restricted-paths'][0]['zones']} */
const zones = [
  // The engine's innermost layer imports nothing else from src/.
  {
    target: './src/engine/concepts',
    from: './src',
    except: ['./engine/concepts'],
    message: 'engine/concepts imports nothing else (docs/architecture.md, Layers).',
  },
  {
    target: './src/engine/storage',
    from: './src',
    except: ['./engine/concepts', './engine/storage'],
    message: 'engine/storage may import only engine/concepts.',
  },
  {
    target: './src/engine/executor',
    from: './src',
    except: ['./engine/concepts', './engine/storage', './engine/executor', './wit'],
    message:
      'engine/executor may import concepts, storage and wit; it knows workers only through its Worker interface.',
  },
  {
    target: './src/engine/components',
    from: './src',
    except: ['./engine/concepts', './engine/components', './wit'],
    message: 'engine/components may import concepts and wit.',
  },
  {
    target: './src/engine/runtime',
    from: './src',
    except: [
      './engine/concepts',
      './engine/storage',
      './engine/executor',
      './engine/components',
      './engine/runtime',
      './wit',
    ],
    message: 'engine/runtime may import concepts, storage, executor, components and wit.',
  },
  {
    target: './src/engine',
    from: [...outer(OUTER), './src/main.ts', './src/program.ts'],
    message: 'The engine does not import the layers above it.',
  },
  // The WIT library is pure.
  {
    target: './src/wit',
    from: './src',
    except: ['./wit'],
    message: 'src/wit is a pure library: no imports from the rest of src/.',
  },
  // Above the engine, only its public API is visible.
  {
    target: [...outer(OUTER), './src/main.ts', './src/program.ts'],
    from: './src/engine',
    except: ['./index.ts', './concepts/index.ts', './concepts/coded-error.ts'],
    message:
      'Import the engine only through src/engine/index.ts (or its pure vocabulary, src/engine/concepts/index.ts, where loading the whole engine would slow a light command down; or the coded error base, src/engine/concepts/coded-error.ts).',
  },
  {
    target: './src/wire',
    from: './src',
    except: ['./wire', './cli'],
    message:
      "src/wire holds the API's JSON shapes (zod schemas shared by the server and the client); it imports only src/cli.",
  },
  {
    target: './src/cli',
    from: './src',
    except: ['./cli', './engine/concepts/coded-error.ts'],
    message: 'src/cli holds leaf helpers; it imports nothing else from src/ but the coded error base.',
  },
  {
    target: './src/client',
    from: outer(['server', 'commands', 'tui', 'config', 'scaffold']),
    message: 'The API client talks HTTP; it does not import the server or the commands.',
  },
  {
    target: './src/tui',
    from: outer(['server', 'commands']).concat('./src/engine'),
    message: 'The TUI talks to the API client only.',
  },
  {
    target: './src/server',
    from: outer(['commands', 'runner', 'tui']),
    message: 'The server does not import commands, the runner or the TUI.',
  },
  {
    target: './src/runner',
    from: outer(['commands', 'tui', 'client']),
    message: 'The runner (dev / server run) is below the commands and does not use the API client.',
  },
  {
    target: './src/config',
    from: outer(['commands', 'runner', 'server', 'client', 'tui']),
    message: 'Config is below the server and the commands.',
  },
  {
    target: './src/oci',
    from: outer(['commands', 'server', 'client', 'tui', 'config']).concat('./src/engine'),
    message: 'The OCI client is a library below the commands.',
  },
  {
    target: './src/scaffold',
    from: outer(['commands', 'server', 'client', 'tui']).concat('./src/engine'),
    message: 'Scaffolding is a library below the commands.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'bin/**',
      'examples/**/*.js',
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '**/generated/**',
      'test/fixtures/**/*.js',
      'templates/**',
      '.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  importPlugin.flatConfigs.recommended,
  importPlugin.flatConfigs.typescript,
  comments.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'bench/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' }, node: true },
      'import/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      'import/no-restricted-paths': ['error', { zones }],
      'import/no-cycle': ['error', { ignoreExternal: true }],
      'import/no-unresolved': 'error',
      'import/named': 'off', // TypeScript checks named imports.
      'import/namespace': 'off', // TypeScript checks namespace members.
      'import/default': 'off', // TypeScript checks default imports.
      'import/no-named-as-default-member': 'off', // False positives on CommonJS packages typed by TypeScript.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@eslint-community/eslint-comments/require-description': 'error',
      '@eslint-community/eslint-comments/disable-enable-pair': ['error', { allowWholeFile: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "AssignmentExpression[left.object.name='process'][left.property.name='exitCode']",
          message: 'Only src/main.ts sets process.exitCode: throw an error instead.',
        },
        {
          selector: "CallExpression[callee.object.name='process'][callee.property.name='exit']",
          message: 'Do not call process.exit: throw, and let src/main.ts set the exit code.',
        },
        {
          selector: 'TSEnumDeclaration',
          message: 'No TypeScript enums: use an `as const` object and a derived union type.',
        },
      ],
    },
  },
  {
    files: ['src/main.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'No TypeScript enums.' }],
      '@typescript-eslint/no-unsafe-assignment': 'off', // Tests inspect untyped JSON output.
      '@typescript-eslint/no-unsafe-member-access': 'off', // Tests inspect untyped JSON output.
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
