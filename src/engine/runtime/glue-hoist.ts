/**
 * Defining the glue's runtime once per thread instead of once per instance.
 *
 * jco emits every helper of a component's glue (about a dozen classes such as the task and
 * subtask machinery, lifting and lowering functions, trap normalisation) inside `instantiate`.
 * Every instance therefore creates new classes: their objects share no hidden classes with the
 * previous instance's, the code that touches them goes megamorphic, and an activity attempt
 * spends most of its own time building and warming a runtime it uses once.
 *
 * This transform moves those declarations to the module, where they are evaluated once per
 * thread, without sharing any state between instances:
 *
 * - A declaration is moved ("hoisted") when it is a function, a class or a constant that is a
 *   primitive or a global's property. Everything else stays in `instantiate`: it is the
 *   instance's state (maps, counters, memories, the core instances, trampolines).
 * - Each instance gets a state object (`__o$s`). A hoisted declaration reaches the instance's
 *   state only through it: a hoisted function that needs it takes it as its first argument,
 *   every call passes it on; a hoisted class takes it as its constructor's first argument and
 *   keeps it on the object, and its methods read it from there. Closures created inside hoisted
 *   code capture the state object of the call that created them, so late callbacks (timers,
 *   promise reactions) still see their own instance.
 * - State a hoisted declaration reads is put on the state object: bindings that are assigned
 *   after their declaration (`let`, `var`) live only there (every reference is rewritten);
 *   the others (`const`, functions, classes, parameters) are copied there once declared.
 *
 * Names are resolved with TypeScript's checker, so shadowing is respected. When a declaration
 * cannot be rewritten safely (it is used as a value, reads `arguments`, a class keeps state in a
 * field initialiser or a static member, ...) it stays in `instantiate` and counts as state; when
 * the glue as a whole does not have the expected shape, the transform gives up and the caller
 * keeps the glue as it was.
 */
import type * as TS from 'typescript';

/** The identifier of the state object, as a local of `instantiate` and as a property of objects. */
const STATE = '__o$s';

export type HoistResult =
  | {
      readonly applied: true;
      readonly source: string;
      /** How many declarations moved out of `instantiate`. */
      readonly hoisted: number;
      /** Functions and classes that stayed, with the reason. */
      readonly kept: Readonly<Record<string, string>>;
    }
  | { readonly applied: false; readonly reason: string };

type Kind = 'function' | 'class' | 'value' | 'const' | 'let' | 'var' | 'param';

type Code = TS.FunctionLikeDeclaration | TS.ClassLikeDeclaration;

interface Binding {
  readonly name: string;
  readonly kind: Kind;
  /** The top-level statement of `instantiate` that declares it (undefined for parameters). */
  readonly statement: TS.Statement | undefined;
  /** The function or class node of a hoisting candidate. */
  readonly code: Code | undefined;
  readonly nameNode: TS.Identifier;
}

interface Reference {
  readonly id: TS.Identifier;
  readonly binding: Binding;
  /** The binding whose top-level statement contains the reference (undefined: other instance code). */
  readonly owner: Binding | undefined;
  readonly shorthand: boolean;
}

interface Edit {
  readonly pos: number;
  readonly end: number;
  readonly text: string;
}

class Bail extends Error {}

/** Rewrites the glue `source` (see the module doc); never throws. */
export function hoistGlueRuntime(ts: typeof TS, source: string): HoistResult {
  try {
    return new GlueHoist(ts, source).run();
  } catch (error) {
    if (error instanceof Bail) {
      return { applied: false, reason: error.message };
    }
    return { applied: false, reason: `unexpected: ${String(error)}` };
  }
}

class GlueHoist {
  private readonly file: TS.SourceFile;
  private readonly checker: TS.TypeChecker;
  private readonly instantiate: TS.FunctionDeclaration;
  private readonly body: TS.Block;
  private readonly bindings = new Map<TS.Symbol, Binding>();
  private readonly references: Reference[] = [];
  /** Candidates that must stay whatever else moves, with the reason. */
  private readonly unhoistable = new Map<Binding, string>();
  /** Static fields of candidate classes that are written after the class is defined. */
  private readonly mutableStatics = new Map<Binding, Map<string, TS.PropertyDeclaration>>();
  private readonly edits: Edit[] = [];
  private readonly keptReasons: Record<string, string> = {};

  constructor(
    private readonly ts: typeof TS,
    private readonly text: string,
  ) {
    if (text.includes(STATE)) {
      throw new Bail(`the glue already uses the name ${STATE}`);
    }
    const program = singleFileProgram(ts, text);
    this.file = program.file;
    this.checker = program.program.getTypeChecker();
    const found = this.file.statements.filter(
      (statement): statement is TS.FunctionDeclaration =>
        ts.isFunctionDeclaration(statement) &&
        statement.name?.text === 'instantiate' &&
        (ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Export) !== 0,
    );
    const instantiate = found[0];
    if (found.length !== 1 || instantiate?.body === undefined) {
      throw new Bail('the glue has no single exported `instantiate` function');
    }
    this.instantiate = instantiate;
    this.body = instantiate.body;
  }

  run(): HoistResult {
    this.collectBindings();
    this.collectReferences();
    this.collectMutableStatics();
    const hoisted = this.chooseHoisted();
    const needy = this.needingState(hoisted);
    this.rewrite(hoisted, needy);
    const source = this.assemble(hoisted);
    const { program, file } = singleFileProgram(this.ts, source);
    const errors = program.getSyntacticDiagnostics(file);
    if (errors.length > 0) {
      const first = errors[0];
      const message = first === undefined ? '' : this.ts.flattenDiagnosticMessageText(first.messageText, ' ');
      throw new Bail(`the rewritten glue does not parse (${errors.length} errors, the first: ${message})`);
    }
    return { applied: true, source, hoisted: hoisted.size, kept: this.keptReasons };
  }

  // --- what is declared where -------------------------------------------------------------

  private addBinding(nameNode: TS.Identifier, kind: Kind, statement: TS.Statement | undefined, code?: Code): void {
    const symbol = this.checker.getSymbolAtLocation(nameNode);
    if (symbol === undefined) {
      throw new Bail(`cannot resolve the declaration of ${nameNode.text}`);
    }
    if (this.bindings.has(symbol)) {
      throw new Bail(`${nameNode.text} is declared more than once`);
    }
    this.bindings.set(symbol, { name: nameNode.text, kind, statement, code, nameNode });
  }

  private collectBindings(): void {
    const { ts } = this;
    for (const parameter of this.instantiate.parameters) {
      if (!ts.isIdentifier(parameter.name)) {
        throw new Bail('a parameter of `instantiate` is a pattern');
      }
      this.addBinding(parameter.name, 'param', undefined);
    }
    for (const statement of this.body.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name !== undefined) {
        this.addBinding(statement.name, 'function', statement, statement);
      } else if (ts.isClassDeclaration(statement) && statement.name !== undefined) {
        this.addBinding(statement.name, 'class', statement, statement);
      } else if (ts.isVariableStatement(statement)) {
        this.collectVariables(statement);
      }
    }
  }

  private collectVariables(statement: TS.VariableStatement): void {
    const { ts } = this;
    const flags = statement.declarationList.flags;
    const keyword: Kind = flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
    const single = statement.declarationList.declarations.length === 1;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) {
        for (const element of bindingIdentifiers(ts, declaration.name)) {
          this.addBinding(element, keyword, statement);
        }
        continue;
      }
      const init = declaration.initializer === undefined ? undefined : skipParentheses(ts, declaration.initializer);
      if (keyword !== 'const' || !single || init === undefined) {
        this.addBinding(declaration.name, keyword, statement);
      } else if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) {
        this.addBinding(declaration.name, 'function', statement, init);
      } else if (ts.isClassExpression(init)) {
        this.addBinding(declaration.name, 'class', statement, init);
      } else if (this.isConstantValue(init)) {
        this.addBinding(declaration.name, 'value', statement);
      } else {
        this.addBinding(declaration.name, keyword, statement);
      }
    }
  }

  /** A primitive, or a property of a global, computed from nothing of the instance. */
  private isConstantValue(node: TS.Expression): boolean {
    const { ts } = this;
    const { SyntaxKind } = ts;
    if (
      ts.isStringLiteral(node) ||
      ts.isNumericLiteral(node) ||
      ts.isBigIntLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      [SyntaxKind.TrueKeyword, SyntaxKind.FalseKeyword, SyntaxKind.NullKeyword].includes(node.kind)
    ) {
      return true;
    }
    if (ts.isParenthesizedExpression(node)) {
      return this.isConstantValue(node.expression);
    }
    if (ts.isTypeOfExpression(node)) {
      return this.isGlobalPath(node.expression);
    }
    if (ts.isPrefixUnaryExpression(node)) {
      return this.isConstantValue(node.operand);
    }
    if (ts.isBinaryExpression(node)) {
      const operators = [
        SyntaxKind.AmpersandAmpersandToken,
        SyntaxKind.BarBarToken,
        SyntaxKind.EqualsEqualsEqualsToken,
        SyntaxKind.ExclamationEqualsEqualsToken,
        SyntaxKind.LessThanLessThanToken,
        SyntaxKind.PlusToken,
        SyntaxKind.MinusToken,
        SyntaxKind.AsteriskToken,
        SyntaxKind.BarToken,
      ];
      return (
        operators.includes(node.operatorToken.kind) &&
        this.isConstantValue(node.left) &&
        this.isConstantValue(node.right)
      );
    }
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'Boolean' &&
      this.isGlobalName(node.expression) &&
      node.arguments.every((argument) => this.isGlobalPath(argument))
    ) {
      return true;
    }
    return this.isGlobalPath(node);
  }

  /** `a.b?.c`, rooted at a name this file does not declare. */
  private isGlobalPath(node: TS.Expression): boolean {
    const { ts } = this;
    if (ts.isIdentifier(node)) {
      return this.isGlobalName(node);
    }
    return ts.isPropertyAccessExpression(node) && this.isGlobalPath(node.expression);
  }

  private isGlobalName(id: TS.Identifier): boolean {
    const symbol = this.checker.getSymbolAtLocation(id);
    return symbol === undefined || (symbol.declarations ?? []).length === 0;
  }

  private symbolOf(id: TS.Identifier): TS.Symbol | undefined {
    const { ts } = this;
    if (ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id) {
      return this.checker.getShorthandAssignmentValueSymbol(id.parent);
    }
    return this.checker.getSymbolAtLocation(id);
  }

  /** Every identifier inside `instantiate` that names one of its top-level bindings. */
  private collectReferences(): void {
    const { ts } = this;
    const owners = new Map<TS.Statement, Binding>();
    for (const binding of this.bindings.values()) {
      if (binding.statement !== undefined && (binding.code !== undefined || binding.kind === 'value')) {
        owners.set(binding.statement, binding);
      }
    }
    for (const statement of this.body.statements) {
      const owner = owners.get(statement);
      const visit = (node: TS.Node): void => {
        if (ts.isIdentifier(node)) {
          this.noteIdentifier(node, owner);
        }
        ts.forEachChild(node, visit);
      };
      visit(statement);
    }
    // Names the rest of the module reads from the global scope must not start naming a hoisted one.
    const outside = new Set<string>();
    const visitOutside = (node: TS.Node): void => {
      if (node === this.instantiate) {
        return;
      }
      if (ts.isIdentifier(node)) {
        outside.add(node.text);
      }
      ts.forEachChild(node, visitOutside);
    };
    visitOutside(this.file);
    for (const binding of this.bindings.values()) {
      if (outside.has(binding.name)) {
        this.unhoistable.set(binding, 'the rest of the module reads a global of the same name');
      }
    }
  }

  private noteIdentifier(id: TS.Identifier, owner: Binding | undefined): void {
    const { ts } = this;
    if (id.text === 'arguments' && owner !== undefined && this.isArgumentsOfInstantiate(id)) {
      this.unhoistable.set(owner, 'it reads the arguments of `instantiate`');
      return;
    }
    if (isMemberName(ts, id)) {
      return; // Names a property, not a variable (and resolving it would type-check its object).
    }
    const symbol = this.symbolOf(id);
    if (symbol === undefined) {
      return;
    }
    const binding = this.bindings.get(symbol);
    if (binding === undefined) {
      const variable = ts.SymbolFlags.Variable | ts.SymbolFlags.Function | ts.SymbolFlags.Class;
      if (owner !== undefined && (symbol.flags & variable) !== 0 && this.declaredInInstantiateOutside(symbol, owner)) {
        this.unhoistable.set(owner, `it reads ${id.text}, declared in a nested scope of \`instantiate\``);
      }
      return;
    }
    if (binding.nameNode !== id) {
      const shorthand = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id;
      this.references.push({ id, binding, owner, shorthand });
    }
  }

  private declaredInInstantiateOutside(symbol: TS.Symbol, owner: Binding): boolean {
    const statement = owner.statement;
    return (symbol.declarations ?? []).some(
      (declaration) =>
        within(declaration, this.instantiate) && (statement === undefined || !within(declaration, statement)),
    );
  }

  /** `arguments` inside arrow functions only, up to `instantiate`: the arguments of `instantiate`. */
  private isArgumentsOfInstantiate(id: TS.Identifier): boolean {
    const { ts } = this;
    for (let node: TS.Node = id.parent; node !== this.instantiate; node = node.parent) {
      if (ts.isFunctionLike(node) && !ts.isArrowFunction(node)) {
        return false;
      }
    }
    return true;
  }

  /** `static x = <constant>` of a candidate class, when some `Class.x` is written. */
  private collectMutableStatics(): void {
    const { ts } = this;
    for (const binding of this.bindings.values()) {
      const code = binding.code;
      if (binding.kind !== 'class' || code === undefined || !ts.isClassLike(code)) {
        continue;
      }
      const statics = new Map<string, TS.PropertyDeclaration>();
      for (const member of code.members) {
        if (ts.isPropertyDeclaration(member) && isStatic(ts, member) && ts.isIdentifier(member.name)) {
          statics.set(member.name.text, member);
        }
      }
      const written = new Map<string, TS.PropertyDeclaration>();
      for (const reference of this.references) {
        const access = reference.id.parent;
        if (
          reference.binding !== binding ||
          !ts.isPropertyAccessExpression(access) ||
          access.expression !== reference.id
        ) {
          continue;
        }
        const declaration = statics.get(access.name.text);
        if (declaration !== undefined && isWritten(ts, access)) {
          written.set(access.name.text, declaration);
        }
      }
      if (written.size > 0) {
        this.mutableStatics.set(binding, written);
      }
    }
  }

  // --- what moves ----------------------------------------------------------------------------

  /** The candidates that can move out, after dropping those that cannot (to a fixed point). */
  private chooseHoisted(): Set<Binding> {
    const hoisted = new Set(
      [...this.bindings.values()].filter(
        (binding) => binding.kind === 'function' || binding.kind === 'class' || binding.kind === 'value',
      ),
    );
    for (let changed = true; changed;) {
      changed = false;
      const needy = this.needingState(hoisted);
      for (const binding of [...hoisted]) {
        const problem = this.unhoistable.get(binding) ?? this.problemWith(binding, hoisted, needy);
        if (problem !== undefined) {
          this.keptReasons[binding.name] = problem;
          hoisted.delete(binding);
          changed = true;
        }
      }
    }
    return hoisted;
  }

  /** Hoisted declarations that reach the instance's state, directly or through other hoisted ones. */
  private needingState(hoisted: ReadonlySet<Binding>): Set<Binding> {
    const needy = new Set<Binding>(this.mutableStatics.keys());
    for (let changed = true; changed;) {
      changed = false;
      for (const reference of this.references) {
        const owner = reference.owner;
        if (
          owner !== undefined &&
          hoisted.has(owner) &&
          !needy.has(owner) &&
          this.needsState(reference, hoisted, needy)
        ) {
          needy.add(owner);
          changed = true;
        }
      }
      for (const binding of hoisted) {
        const base = this.baseOf(binding);
        if (base !== undefined && needy.has(base) && !needy.has(binding)) {
          needy.add(binding);
          changed = true;
        }
      }
    }
    return needy;
  }

  /** Whether a reference inside hoisted code needs the state object where it is. */
  private needsState(reference: Reference, hoisted: ReadonlySet<Binding>, needy: ReadonlySet<Binding>): boolean {
    const target = reference.binding;
    if (!hoisted.has(target)) {
      return true;
    }
    return needy.has(target) && (this.isCallOrNew(reference) || this.mutableStaticAccess(reference) !== undefined);
  }

  private isCallOrNew(reference: Reference): boolean {
    const { ts } = this;
    const parent = reference.id.parent;
    return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === reference.id;
  }

  /** `Class.x` where `x` is a mutable static of the class: the access node. */
  private mutableStaticAccess(reference: Reference): TS.PropertyAccessExpression | undefined {
    const { ts } = this;
    const access = reference.id.parent;
    const statics = this.mutableStatics.get(reference.binding);
    if (statics === undefined || !ts.isPropertyAccessExpression(access) || access.expression !== reference.id) {
      return undefined;
    }
    return statics.has(access.name.text) ? access : undefined;
  }

  private baseOf(binding: Binding): Binding | undefined {
    const base = this.extendsExpression(binding.code);
    if (base === undefined || !this.ts.isIdentifier(base)) {
      return undefined;
    }
    const symbol = this.checker.getSymbolAtLocation(base);
    return symbol === undefined ? undefined : this.bindings.get(symbol);
  }

  private extendsExpression(code: Code | undefined): TS.Expression | undefined {
    const { ts } = this;
    if (code === undefined || !ts.isClassLike(code)) {
      return undefined;
    }
    const clause = code.heritageClauses?.find((heritage) => heritage.token === ts.SyntaxKind.ExtendsKeyword);
    return clause?.types[0]?.expression;
  }

  /** Why `binding` cannot move out, given the current choice; undefined when it can. */
  private problemWith(
    binding: Binding,
    hoisted: ReadonlySet<Binding>,
    needy: ReadonlySet<Binding>,
  ): string | undefined {
    const { ts } = this;
    if (binding.kind === 'value') {
      return undefined; // Its initialiser reads no binding at all.
    }
    const code = binding.code;
    if (code === undefined) {
      return 'no code';
    }
    const ownReferences = this.references.filter((reference) => reference.binding === binding);
    for (const reference of ownReferences) {
      if (this.mutableStaticAccess(reference) !== undefined) {
        if (reference.owner !== binding || this.inStaticMember(reference, code)) {
          return `a mutable static of ${binding.name} is used outside its instance members`;
        }
      } else if (isWriteThrough(ts, reference.id)) {
        return `${binding.name} is written to`;
      }
    }
    if (ts.isClassLike(code) && code.members.some((member) => isStaticWithWrites(ts, member))) {
      return `a static member of ${binding.name} writes to the class`;
    }
    const base = this.extendsExpression(code);
    if (base !== undefined) {
      const baseBinding = this.baseOf(binding);
      if (!ts.isIdentifier(base) || (baseBinding !== undefined && !hoisted.has(baseBinding))) {
        return `${binding.name} extends instance state`;
      }
    }
    if (!needy.has(binding)) {
      return undefined;
    }
    const isClass = ts.isClassLike(code);
    for (const reference of ownReferences) {
      if (!this.passesState(reference, isClass)) {
        return `${binding.name} is used as a value`;
      }
    }
    if (isClass) {
      return this.classProblem(binding, code, hoisted, needy);
    }
    return readsOwnArguments(ts, code) ? `${binding.name} reads its arguments` : undefined;
  }

  private inStaticMember(reference: Reference, code: TS.ClassLikeDeclaration | TS.FunctionLikeDeclaration): boolean {
    const { ts } = this;
    if (!ts.isClassLike(code)) {
      return true;
    }
    const member = code.members.find((candidate) => within(reference.id, candidate));
    return member === undefined || isStatic(ts, member) || ts.isClassStaticBlockDeclaration(member);
  }

  /**
   * A reference that can pass the state on: a call of a function; `new`, `instanceof`, `extends`
   * or a static member of a class (static members that need the state keep the class inside).
   */
  private passesState(reference: Reference, isClass: boolean): boolean {
    const { ts } = this;
    const { id } = reference;
    const parent = id.parent;
    if (!isClass) {
      return ts.isCallExpression(parent) && parent.expression === id && parent.questionDotToken === undefined;
    }
    if (ts.isNewExpression(parent) && parent.expression === id) {
      return true;
    }
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === id &&
      parent.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword
    ) {
      return true;
    }
    if (ts.isExpressionWithTypeArguments(parent) && ts.isHeritageClause(parent.parent)) {
      return true;
    }
    return ts.isPropertyAccessExpression(parent) && parent.expression === id;
  }

  /** Members that would need the state where an object cannot carry it yet. */
  private classProblem(
    binding: Binding,
    code: TS.ClassLikeDeclaration,
    hoisted: ReadonlySet<Binding>,
    needy: ReadonlySet<Binding>,
  ): string | undefined {
    const { ts } = this;
    for (const member of code.members) {
      if (!this.memberNeedsState(member, hoisted, needy)) {
        continue;
      }
      if (isStatic(ts, member) || ts.isClassStaticBlockDeclaration(member)) {
        return `a static member of ${binding.name} reads instance state`;
      }
      if (ts.isConstructorDeclaration(member)) {
        continue; // It receives the state as its first parameter.
      }
      if (
        !ts.isMethodDeclaration(member) &&
        !ts.isGetAccessorDeclaration(member) &&
        !ts.isSetAccessorDeclaration(member)
      ) {
        return `a field initialiser of ${binding.name} reads instance state`;
      }
      // A method reads the state from \`this\` in its body; its name and defaults are evaluated before.
      const early = [member.name, ...member.parameters];
      if (early.some((node) => this.memberNeedsState(node, hoisted, needy))) {
        return `a method name or parameter default of ${binding.name} reads instance state`;
      }
    }
    for (const [name, declaration] of this.mutableStatics.get(binding) ?? []) {
      if (declaration.initializer !== undefined && !this.isConstantValue(declaration.initializer)) {
        return `the static ${binding.name}.${name} is not a constant`;
      }
    }
    const constructor = code.members.find(ts.isConstructorDeclaration);
    if (constructor !== undefined) {
      if (this.extendsExpression(code) !== undefined && this.superStatement(constructor) === undefined) {
        return `the constructor of ${binding.name} calls super() in a nested position`;
      }
      if (constructor.body === undefined) {
        return `the constructor of ${binding.name} has no body`;
      }
    }
    return undefined;
  }

  private memberNeedsState(member: TS.Node, hoisted: ReadonlySet<Binding>, needy: ReadonlySet<Binding>): boolean {
    return this.references.some(
      (reference) => within(reference.id, member) && this.needsState(reference, hoisted, needy),
    );
  }

  private superStatement(constructor: TS.ConstructorDeclaration): TS.ExpressionStatement | undefined {
    const { ts } = this;
    return constructor.body?.statements.find(
      (statement): statement is TS.ExpressionStatement =>
        ts.isExpressionStatement(statement) &&
        ts.isCallExpression(statement.expression) &&
        statement.expression.expression.kind === ts.SyntaxKind.SuperKeyword,
    );
  }

  // --- the rewrite ---------------------------------------------------------------------------

  private rewrite(hoisted: ReadonlySet<Binding>, needy: ReadonlySet<Binding>): void {
    const { ts } = this;
    // The instance's state that hoisted code reads: it has to be on the state object.
    const shared = new Set<Binding>();
    for (const reference of this.references) {
      if (reference.owner !== undefined && hoisted.has(reference.owner) && !hoisted.has(reference.binding)) {
        shared.add(reference.binding);
      }
    }
    const live = new Set([...shared].filter((binding) => binding.kind === 'let' || binding.kind === 'var'));
    for (const binding of live) {
      const statement = binding.statement;
      if (
        statement === undefined ||
        !ts.isVariableStatement(statement) ||
        statement.declarationList.declarations.some((declaration) => !ts.isIdentifier(declaration.name))
      ) {
        throw new Bail(`${binding.name} is assigned after its declaration, which is not a plain variable statement`);
      }
    }
    for (const reference of this.references) {
      const inHoisted = reference.owner !== undefined && hoisted.has(reference.owner);
      const target = reference.binding;
      const access = this.mutableStaticAccess(reference);
      if ((inHoisted && !hoisted.has(target)) || live.has(target)) {
        this.replace(
          reference.id,
          reference.shorthand ? `${target.name}: ${STATE}.${target.name}` : `${STATE}.${target.name}`,
        );
      } else if (access !== undefined && hoisted.has(target)) {
        this.replace(access, `${STATE}.${staticKey(target.name, access.name.text)}`);
      } else if (hoisted.has(target) && needy.has(target) && this.isCallOrNew(reference)) {
        this.passState(reference.id.parent as TS.CallExpression | TS.NewExpression);
      }
    }
    this.rewriteDeclarations(live);
    this.copies = [...shared].filter((binding) => !live.has(binding));
    this.stateKeys.push(...[...shared].map((binding) => binding.name));
    for (const binding of needy) {
      if (hoisted.has(binding)) {
        this.receiveState(binding, hoisted, needy);
      }
    }
    for (const [binding, statics] of this.mutableStatics) {
      if (hoisted.has(binding)) {
        for (const [name, declaration] of statics) {
          this.replace(declaration, '');
          const init = declaration.initializer === undefined ? 'undefined' : declaration.initializer.getText(this.file);
          this.statics.push(`${STATE}.${staticKey(binding.name, name)} = ${init};`);
          this.stateKeys.push(staticKey(binding.name, name));
        }
      }
    }
  }

  private copies: Binding[] = [];
  /** The properties of the state object. */
  private readonly stateKeys: string[] = [];
  private readonly statics: string[] = [];

  private replace(node: TS.Node, text: string): void {
    this.edits.push({ pos: node.getStart(this.file), end: node.end, text });
  }

  private insert(pos: number, text: string): void {
    this.edits.push({ pos, end: pos, text });
  }

  /** A call or `new` of a hoisted declaration that needs the state: pass it first. */
  private passState(call: TS.CallExpression | TS.NewExpression): void {
    const args = call.arguments;
    if (args === undefined) {
      this.insert(call.end, `(${STATE})`);
    } else {
      this.insert(args.pos, args.length > 0 ? `${STATE}, ` : STATE);
    }
  }

  /** `let a = 1, b;` -> `__o$s.a = 1; __o$s.b = undefined;` for the bindings that live on the state object. */
  private rewriteDeclarations(live: ReadonlySet<Binding>): void {
    const { ts } = this;
    const liveNames = new Set([...live].map((binding) => binding.nameNode));
    const statements = new Set([...live].map((binding) => binding.statement as TS.VariableStatement));
    for (const statement of statements) {
      const flags = statement.declarationList.flags;
      const keyword = flags & ts.NodeFlags.Let ? 'let' : flags & ts.NodeFlags.Const ? 'const' : 'var';
      const parts = statement.declarationList.declarations.map((declaration) => {
        const name = (declaration.name as TS.Identifier).text;
        const init =
          declaration.initializer === undefined
            ? 'undefined'
            : this.render(declaration.initializer.getStart(this.file), declaration.initializer.end);
        return liveNames.has(declaration.name as TS.Identifier)
          ? `${STATE}.${name} = ${init};`
          : `${keyword} ${name} = ${init};`;
      });
      const start = statement.getStart(this.file);
      this.dropEditsWithin(start, statement.end);
      this.edits.push({ pos: start, end: statement.end, text: parts.join(' ') });
    }
  }

  private dropEditsWithin(pos: number, end: number): void {
    for (let index = this.edits.length - 1; index >= 0; index -= 1) {
      const edit = this.edits[index];
      if (edit !== undefined && edit.pos >= pos && edit.end <= end) {
        this.edits.splice(index, 1);
      }
    }
  }

  /** Gives a hoisted function or class that needs the state a way to receive it. */
  private receiveState(binding: Binding, hoisted: ReadonlySet<Binding>, needy: ReadonlySet<Binding>): void {
    const { ts } = this;
    const code = binding.code;
    if (code === undefined) {
      return;
    }
    if (!ts.isClassLike(code)) {
      this.prependParameter(code);
      return;
    }
    const base = this.baseOf(binding);
    const passToBase = base !== undefined && needy.has(base);
    const derived = this.extendsExpression(code) !== undefined;
    const constructor = code.members.find(ts.isConstructorDeclaration);
    const keep = `this.${STATE} = ${STATE};`;
    if (constructor === undefined) {
      const body = derived
        ? `constructor(${STATE}, ...args) { super(${passToBase ? `${STATE}, ` : ''}...args); ${keep} }`
        : `constructor(${STATE}) { ${keep} }`;
      this.insert(this.openBrace(code), `\n${body}\n`);
    } else {
      this.prependParameter(constructor);
      const superCall = derived ? this.superStatement(constructor) : undefined;
      if (superCall !== undefined) {
        if (passToBase) {
          this.passState(superCall.expression as TS.CallExpression);
        }
        this.insert(superCall.end, ` ${keep}`);
      } else if (constructor.body !== undefined) {
        this.insert(constructor.body.getStart(this.file) + 1, ` ${keep}`);
      }
    }
    for (const member of code.members) {
      const body =
        ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)
          ? member.body
          : undefined;
      if (body !== undefined && !isStatic(ts, member) && this.memberNeedsState(member, hoisted, needy)) {
        this.insert(body.getStart(this.file) + 1, ` const ${STATE} = this.${STATE};`);
      }
    }
  }

  private prependParameter(code: TS.FunctionLikeDeclaration): void {
    const { ts } = this;
    const parameters = code.parameters;
    const first = parameters[0];
    const parenthesised = code.getChildren(this.file).some((child) => child.kind === ts.SyntaxKind.OpenParenToken);
    if (first !== undefined && !parenthesised) {
      this.replace(first, `(${STATE}, ${first.getText(this.file)})`);
      return;
    }
    this.insert(parameters.pos, parameters.length > 0 ? `${STATE}, ` : STATE);
  }

  private openBrace(code: TS.ClassLikeDeclaration): number {
    const token = code.getChildren(this.file).find((child) => child.kind === this.ts.SyntaxKind.OpenBraceToken);
    if (token === undefined) {
      throw new Bail('a class without a body');
    }
    return token.end;
  }

  /**
   * `text[pos, end)` with the edits inside it applied. An insertion at a boundary belongs to the
   * range it ends (no insertion is made at the start of a statement).
   */
  private render(pos: number, end: number): string {
    const inside = this.edits
      .filter((edit) =>
        edit.pos === edit.end ? edit.pos > pos && edit.pos <= end : edit.pos >= pos && edit.end <= end,
      )
      .sort((a, b) => a.pos - b.pos || a.end - b.end);
    let out = '';
    let at = pos;
    for (const edit of inside) {
      if (edit.pos < at) {
        throw new Bail('overlapping rewrites');
      }
      out += this.text.slice(at, edit.pos) + edit.text;
      at = edit.end;
    }
    return out + this.text.slice(at, end);
  }

  private assemble(hoisted: ReadonlySet<Binding>): string {
    const { ts } = this;
    const moved = new Set([...hoisted].map((binding) => binding.statement));
    const start = this.instantiate.getStart(this.file);
    const open = this.body.getStart(this.file) + 1;
    const early = this.copies.filter(
      (binding) =>
        binding.kind === 'param' || (binding.statement !== undefined && ts.isFunctionDeclaration(binding.statement)),
    );
    const header = [
      // Every key up front: one object shape for all instances, fast properties however many.
      `const ${STATE} = { ${this.stateKeys.map((key) => `${key}: undefined`).join(', ')} };`,
      ...early.map((binding) => `${STATE}.${binding.name} = ${binding.name};`),
      ...this.statics,
    ].join(' ');
    let out = this.text.slice(0, start);
    for (const statement of this.body.statements) {
      if (moved.has(statement)) {
        out += `${this.render(statement.getFullStart(), statement.end)}\n`;
      }
    }
    out += `${this.render(start, open)}\n${header}`;
    for (const statement of this.body.statements) {
      if (moved.has(statement)) {
        continue;
      }
      out += this.render(statement.getFullStart(), statement.end);
      const late = this.copies.filter((binding) => binding.statement === statement && !early.includes(binding));
      if (late.length > 0) {
        out += ` ${late.map((binding) => `${STATE}.${binding.name} = ${binding.name};`).join(' ')}`;
      }
    }
    return out + this.render(this.body.statements.end, this.text.length);
  }
}

/** A program of one JavaScript file and nothing else (no lib, no imports resolved). */
export function singleFileProgram(ts: typeof TS, text: string): { program: TS.Program; file: TS.SourceFile } {
  const name = 'component.js';
  const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const host: TS.CompilerHost = {
    getSourceFile: (fileName) => (fileName === name ? file : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => fileName === name,
    readFile: () => undefined,
  };
  const options: TS.CompilerOptions = { allowJs: true, noLib: true, noResolve: true, types: [] };
  return { program: ts.createProgram([name], options, host), file };
}

/** `o.name`, `{ name: v }`, `class { name() {} }`, `{ name: v } = o`: a property name. */
function isMemberName(ts: typeof TS, id: TS.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent)) {
    return parent.name === id;
  }
  if (
    ts.isPropertyAssignment(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isPropertyDeclaration(parent) ||
    ts.isGetAccessorDeclaration(parent) ||
    ts.isSetAccessorDeclaration(parent)
  ) {
    return parent.name === id;
  }
  return ts.isBindingElement(parent) && parent.propertyName === id;
}

function staticKey(className: string, field: string): string {
  return `${className}$$${field}`;
}

function within(node: TS.Node, container: TS.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end;
}

function isStatic(ts: typeof TS, member: TS.Node): boolean {
  return (
    ts.canHaveModifiers(member) &&
    (ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false)
  );
}

/** Methods of arrays, strings, maps and sets that change nothing and return a primitive. */
const READ_ONLY_METHODS = new Set(['includes', 'indexOf', 'lastIndexOf', 'has', 'some', 'every', 'join', 'toString']);

/** The target of an assignment, an update or `delete`, directly or as the object of one or of a method call. */
function isWritten(ts: typeof TS, node: TS.Expression): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) {
    return (
      parent.left === node &&
      parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    );
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    const operator = parent.operator;
    return operator === ts.SyntaxKind.PlusPlusToken || operator === ts.SyntaxKind.MinusMinusToken;
  }
  if (ts.isDeleteExpression(parent)) {
    return true;
  }
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) {
    // `X.a.b = 1`, or `X.a.push(1)`: a method called on a property may change it too (not `X.f()`),
    // unless it is one that only reads and returns a primitive (`X.a.includes(1)`).
    const called = ts.isCallExpression(parent.parent) && parent.parent.expression === parent;
    const reads = ts.isPropertyAccessExpression(parent) && READ_ONLY_METHODS.has(parent.name.text);
    return isWritten(ts, parent) || (called && !reads && !ts.isIdentifier(node));
  }
  return false;
}

/** `X.a = ...`, `X[a]++`, `delete X.a`: state written through the binding `X`. */
function isWriteThrough(ts: typeof TS, id: TS.Identifier): boolean {
  const parent = id.parent;
  return (
    (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) &&
    parent.expression === id &&
    isWritten(ts, parent)
  );
}

/** A static method, accessor or block that assigns to a property of `this` (the class). */
function isStaticWithWrites(ts: typeof TS, member: TS.ClassElement): boolean {
  if (!isStatic(ts, member) && !ts.isClassStaticBlockDeclaration(member)) {
    return false;
  }
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found) {
      return;
    }
    if (
      ts.isPropertyAccessExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ThisKeyword &&
      isWritten(ts, node)
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(member);
  return found;
}

function readsOwnArguments(ts: typeof TS, code: TS.FunctionLikeDeclaration): boolean {
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found) {
      return;
    }
    if (ts.isIdentifier(node) && node.text === 'arguments') {
      found = true;
      return;
    }
    if (node !== code && ts.isFunctionLike(node) && !ts.isArrowFunction(node)) {
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(code);
  return found;
}

function skipParentheses(ts: typeof TS, node: TS.Expression): TS.Expression {
  return ts.isParenthesizedExpression(node) ? skipParentheses(ts, node.expression) : node;
}

function bindingIdentifiers(ts: typeof TS, pattern: TS.BindingName): TS.Identifier[] {
  if (ts.isIdentifier(pattern)) {
    return [pattern];
  }
  const out: TS.Identifier[] = [];
  for (const element of pattern.elements) {
    if (ts.isBindingElement(element)) {
      out.push(...bindingIdentifiers(ts, element.name));
    }
  }
  return out;
}
