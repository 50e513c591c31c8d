// Child process of crash.test.ts: appends workflow steps in a tight loop and prints
// "committed <step> <version>" after each step's transaction has committed. It never
// stops on its own: the test kills it with SIGKILL.
// Arguments: <dist file URL> <database path> <workflow execution ID> <locked version>
const [distUrl, dbPath, executionId, versionArg] = process.argv.slice(2);
const { openLibsqlStore } = await import(`${distUrl}/engine/storage/libsql/index.js`);
const { ExecutionId, Ffqn, JoinSetId } = await import(`${distUrl}/engine/concepts/index.js`);

const store = await openLibsqlStore({ path: dbPath });
const ffqn = Ffqn.parse('testing:fibo/fibo.fibo');
const digest = `sha256:${'c3'.repeat(32)}`;
let version = Number(versionArg);

for (let step = 1; ; step++) {
  const joinSetId = JoinSetId.generated(step);
  const result = await store.appendWorkflowStep({
    executionId,
    expectedVersion: version,
    events: [
      { type: 'persist', what: 'random', value: `${step}` },
      { type: 'join-set-create', joinSetId },
      {
        type: 'join-set-request',
        joinSetId,
        request: {
          type: 'child-execution',
          childExecutionId: ExecutionId.derive(executionId, joinSetId, 1),
          ffqn,
          params: [step],
          componentDigest: digest,
        },
      },
      { type: 'join-next', joinSetId, closing: false },
    ],
    now: 1_000 + step,
  });
  version = result.version;
  process.stdout.write(`committed ${step} ${version}\n`);
}
