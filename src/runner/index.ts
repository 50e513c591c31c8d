/** Running obelisk as a service: `obelisk server run` and `obelisk dev`. */
export { describeDatabase, startHost, readComponentFile, type Host, type HostOptions } from './host.js';
export { configSource, exampleSource, type ComponentSource } from './components.js';
export { exampleNames, loadExample, type Example } from './example.js';
export { startLiveLog } from './live-log.js';
export { createServiceLogger, type ServiceLogLevel } from './logger.js';
export { sampleParams } from './sample.js';
export { waitForShutdown } from './signals.js';
export { watchFiles } from './watch.js';
export { projectBuilder, type ProjectBuilder } from './builder.js';
export type { WebhookUrl } from './webhook-servers.js';
