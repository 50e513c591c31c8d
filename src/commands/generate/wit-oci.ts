/** `obelisk generate wit --oci REF [--name NAME] [--add]`: the WIT of a component in an OCI registry, for a project's workflows. */
import type { CliIo } from '../../cli/context.js';
import { ErrorCode, UserError } from '../../cli/errors.js';
import type { WitChange } from '../../scaffold/index.js';
import { pullTarget } from '../component/oci.js';

export interface OciFlags {
  readonly config?: string | undefined;
  readonly component?: string | undefined;
  readonly oci: string;
  readonly name?: string | undefined;
  readonly add?: boolean | undefined;
}

export interface OciOutcome {
  readonly name: string;
  /** Whether `obelisk.toml` got the component (`--add`). */
  readonly added: boolean;
  readonly reference: string;
  readonly manifestDigest: string;
  readonly contentDigest: string;
  readonly changes: WitChange[];
}

/** Pulls the component, then writes its WIT (and with `--add` adds it to `obelisk.toml`). */
export async function generateOciWit(io: CliIo, flags: OciFlags): Promise<OciOutcome> {
  const [scaffold, { decodeComponent }, { describeWorld }] = await Promise.all([
    import('../../scaffold/index.js'),
    import('../../wit/decoder/index.js'),
    import('../component/world.js'),
  ]);
  const project = scaffold.loadProject(flags.config, io.cwd, io.env);
  const pulled = await pullTarget(io, flags.oci);
  const kind = describeWorld(decodeComponent(pulled.bytes)).kind;
  if (kind === 'webhook_endpoint') {
    throw new UserError(ErrorCode.invalidInput, `${flags.oci} is a webhook endpoint: workflows cannot call it`, {
      hint: 'pass the reference of an activity or a workflow',
    });
  }
  const reference = flags.oci.startsWith('oci://') ? flags.oci.slice('oci://'.length) : flags.oci;
  const callee = { reference, repository: pulled.ref.repository, bytes: pulled.bytes, type: kind };
  const digests = { reference, manifestDigest: pulled.manifestDigest, contentDigest: pulled.contentDigest };
  if (flags.add === true) {
    const added = await scaffold.addOciCallee(project.config, callee, {
      name: flags.name,
      component: flags.component,
      configFile: project.file,
      cwd: io.cwd,
      env: io.env,
    });
    return { ...added, ...digests };
  }
  const changes = scaffold.writeOciCalleeWit(project.config, callee, { name: flags.name, component: flags.component });
  return { name: scaffold.ociCalleeName(callee, flags.name), added: false, ...digests, changes };
}
