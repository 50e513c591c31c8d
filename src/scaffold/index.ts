/**
 * Scaffolding: the project templates (`obelisk new`), the generated WIT of a project
 * (`obelisk generate wit`) and building its JavaScript and TypeScript components (`obelisk build`).
 */
export { DEFAULT_TEMPLATE, findTemplate, listTemplates, TEMPLATES_DIR, type TemplateInfo } from './catalogue.js';
export { buildProject, type BuildEvent, type BuildOptions, type BuildOutcome } from './build/index.js';
export { generateWit, type GenerateWitOptions, type WitChange } from './generate-wit.js';
export {
  defaultPackage,
  defaultProjectName,
  packageProblem,
  projectNameProblem,
  splitPackage,
  type ProjectNames,
} from './names.js';
export { loadProject, type Project } from './project.js';
export { buildableComponents, type BuildableComponent } from './wit-deps.js';
export { addOciCallee, ociCalleeName, writeOciCalleeWit, type OciCallee, type OciCalleeOptions } from './oci-callee.js';
